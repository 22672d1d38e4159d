// `date` extras: Kadi 1.13 parses the string with marshmallow's `from_iso_datetime` (checked
// against the real server, not dateutil as kadi-api.md says) and stores it in UTC as Python's
// isoformat(), e.g. "2024-01-02T03:04:05+00:00". Accepted: YYYY-M[M]-D[D], then "T" or " "
// (not "t"), H[H]:M[M][:S[S][.1–12 digits]] (only the first 6 digits count), then nothing
// (read as UTC, the server's zone), "Z" or ±HH[[:]MM] with an offset under 24 hours. A date
// alone, "2024-01", "20240102" or a lower-case "t" are refused.

/** marshmallow.utils._iso8601_datetime_re (Python's `$` also allows one trailing newline; Kadi strips values first). */
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6})\d{0,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const two = (n: number): string => String(n).padStart(2, '0');

function monthDays(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// The form Kadi stores and returns ("2024-01-02T03:04:05[.ffffff]+00:00"): checked without
// building a Date, as every date extra of a document is checked on each keystroke.
const STORED = /^(\d{4})-(\d\d)-(\d\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?\+00:00$/;

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};

/**
 * The stored form (STORED) read by character codes: true or false for a text of that form
 * (exactly what STORED and the day check say), undefined for any other text. No match array.
 */
function storedForm(s: string): boolean | undefined {
  const n = s.length;
  // "YYYY-MM-DDTHH:MM:SS" (19) [".ffffff" (2–7)] "+00:00" (6)
  if (n < 25 || n > 32 || n === 26) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  if (!s.endsWith('+00:00')) return undefined;
  if (n > 25) {
    if (s.charCodeAt(19) !== 46) return undefined;
    for (let i = 20; i < n - 6; i++) if (Number.isNaN(digit(s, i))) return undefined;
  }
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const month = digit(s, 5) * 10 + digit(s, 6);
  const day = digit(s, 8) * 10 + digit(s, 9);
  const hour = digit(s, 11) * 10 + digit(s, 12);
  const minute = digit(s, 14) * 10 + digit(s, 15);
  const second = digit(s, 17) * 10 + digit(s, 18);
  // A non-digit anywhere made one of these NaN: not the stored form.
  if (Number.isNaN(year + month + day + hour + minute + second) || hour > 23 || minute > 59 || second > 59) return undefined;
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= monthDays(year, month);
}

/** True when Kadi accepts `s` as a date. */
export function isKadiDate(s: string): boolean {
  const quick = storedForm(s);
  if (quick !== undefined) return quick;
  const m = STORED.exec(s);
  if (m) {
    const [year, month, day] = [+m[1], +m[2], +m[3]];
    return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= monthDays(year, month);
  }
  return parseKadiDate(s) !== null;
}

/** The stored (UTC) form of a date string, or null when Kadi would answer "Not a valid date.". */
export function parseKadiDate(s: string): string | null {
  const d = ISO.exec(s);
  if (!d) return null;
  const [year, month, day, h, m, sec] = [+d[1], +d[2], +d[3], +d[4], +d[5], +(d[6] ?? 0)];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > monthDays(year, month) || h > 23 || m > 59 || sec > 59) return null;
  const micro = d[7] ? +d[7].padEnd(6, '0') : 0;
  let offset = 0;
  const zone = d[8];
  if (zone && zone !== 'Z') {
    // As marshmallow reads it: hours from [1:3], minutes from the last two characters, unchecked.
    offset = (zone[0] === '-' ? -1 : 1) * (60 * +zone.slice(1, 3) + (zone.length > 3 ? +zone.slice(-2) : 0));
    if (Math.abs(offset) >= 24 * 60) return null; // Python's timezone() refuses a day or more
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(h, m - offset, sec);
  const y = utc.getUTCFullYear();
  if (y < 1 || y > 9999) return null; // Python's datetime range
  const frac = micro ? `.${String(micro).padStart(6, '0')}` : '';
  return (
    `${String(y).padStart(4, '0')}-${two(utc.getUTCMonth() + 1)}-${two(utc.getUTCDate())}` +
    `T${two(utc.getUTCHours())}:${two(utc.getUTCMinutes())}:${two(utc.getUTCSeconds())}${frac}+00:00`
  );
}
