// ISO-8601 parsing for `date` extras as Kadi 1.13 does it: marshmallow's `from_iso_datetime`
// (Kadi's parse_datetime_string; checked against the real server), with the result normalised
// the way the server stores it: UTC, Python `isoformat()` (microseconds only when non-zero),
// e.g. "2024-01-02T03:04:05+00:00". A date without a time is refused.

/** marshmallow.utils._iso8601_datetime_re */
const ISO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6})\d{0,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function daysInMonth(y: number, m: number): number {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Parse a date-time; naive values count as UTC (the server's zone). `null` if unparsable. */
export function parseIsoDateTime(input: string): string | null {
  const dm = ISO_RE.exec(input);
  if (!dm) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(dm[i] ?? 0));
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const micro = dm[7] !== undefined ? Number(dm[7].padEnd(6, '0')) : 0;
  let offsetMin = 0;
  const tz = dm[8];
  if (tz !== undefined && tz !== 'Z') {
    // marshmallow: hours from tz[1:3], minutes from the last two characters (not range-checked).
    offsetMin = (tz[0] === '-' ? -1 : 1) * (60 * Number(tz.slice(1, 3)) + (tz.length > 3 ? Number(tz.slice(-2)) : 0));
    if (Math.abs(offsetMin) >= 1440) return null; // datetime.timezone refuses a day or more
  }

  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute - offsetMin, second, 0);
  const y = d.getUTCFullYear();
  if (y < 1 || y > 9999) return null; // outside Python's datetime range
  const frac = micro ? `.${pad(micro, 6)}` : '';
  return (
    `${pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${frac}+00:00`
  );
}
