// ISO-8601 parsing for `date` extras, modelled on dateutil's `isoparse` (what Kadi's
// parse_datetime_string uses), with the result normalised the way the server stores it:
// UTC, Python `isoformat()` (microseconds only when non-zero), e.g. "2024-01-02T03:04:05+00:00".

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|(\d{2})(\d{2}))?/;
const TIME_RE = /^(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?/;
const TZ_RE = /^(?:([zZ])|([+-])(\d{2})(?::?(\d{2}))?)$/;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function daysInMonth(y: number, m: number): number {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Parse an ISO-8601 date or date-time; naive values count as UTC. `null` if unparsable. */
export function parseIsoDateTime(input: string): string | null {
  const dm = DATE_RE.exec(input);
  if (!dm) return null;
  const year = Number(dm[1]);
  const month = Number(dm[2] ?? dm[4] ?? 1);
  const day = Number(dm[3] ?? dm[5] ?? 1);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;

  let rest = input.slice(dm[0].length);
  let hour = 0;
  let minute = 0;
  let second = 0;
  let micro = 0;
  let offsetMin = 0;
  if (rest !== '') {
    // dateutil accepts one separator character between date and time; only a full date may
    // carry a time.
    if (!(dm[3] ?? dm[5]) || !/^[Tt ]/.test(rest)) return null;
    rest = rest.slice(1);
    const tm = TIME_RE.exec(rest);
    if (!tm) return null;
    hour = Number(tm[1]);
    minute = Number(tm[2] ?? 0);
    second = Number(tm[3] ?? 0);
    if (tm[4] !== undefined) micro = Number(tm[4].slice(0, 6).padEnd(6, '0'));
    if (hour > 23 || minute > 59 || second > 59) return null;
    rest = rest.slice(tm[0].length);
    if (rest !== '') {
      const zm = TZ_RE.exec(rest);
      if (!zm) return null;
      if (!zm[1]) {
        const h = Number(zm[3]);
        const m = Number(zm[4] ?? 0);
        if (h > 23 || m > 59) return null;
        offsetMin = (zm[2] === '-' ? -1 : 1) * (h * 60 + m);
      }
    }
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
