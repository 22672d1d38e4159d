// `date` extras: Kadi parses the string as an ISO-8601 date or date-time (dateutil's isoparse)
// and stores it in UTC as Python's isoformat(), e.g. "2024-01-02T03:04:05+00:00".
// Accepted here: YYYY, YYYY-MM, YYYY-MM-DD, YYYYMMDD; after a full date one of "T", "t" or " "
// and HH[[:]MM[[:]SS[(.|,)fraction]]]; then Z or ±HH[[:]MM]. Naive times count as UTC.
// Where dateutil is more lenient (24:00, any separator character) we are stricter: a date we
// accept must be one the server accepts.

const DATE = /^(\d{4})(?:-(\d\d)(?:-(\d\d))?|(\d\d)(\d\d))?/;
const TIME = /^(\d\d)(?::?(\d\d)(?::?(\d\d)(?:[.,](\d+))?)?)?/;
const ZONE = /^(?:[Zz]|([+-])(\d\d)(?::?(\d\d))?)$/;

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
  const d = DATE.exec(s);
  if (!d) return null;
  const year = +d[1];
  const month = +(d[2] ?? d[4] ?? 1);
  const day = +(d[3] ?? d[5] ?? 1);
  const fullDate = (d[3] ?? d[5]) !== undefined;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > monthDays(year, month)) return null;

  let rest = s.slice(d[0].length);
  let [h, m, sec, micro, offset] = [0, 0, 0, 0, 0];
  if (rest) {
    if (!fullDate || !'Tt '.includes(rest[0])) return null;
    const t = TIME.exec(rest.slice(1));
    if (!t) return null;
    [h, m, sec] = [+t[1], +(t[2] ?? 0), +(t[3] ?? 0)];
    if (t[4]) micro = +t[4].slice(0, 6).padEnd(6, '0');
    if (h > 23 || m > 59 || sec > 59) return null;
    rest = rest.slice(1 + t[0].length);
    if (rest) {
      const z = ZONE.exec(rest);
      if (!z) return null;
      if (z[1]) {
        const [oh, om] = [+z[2], +(z[3] ?? 0)];
        if (oh > 23 || om > 59) return null;
        offset = (z[1] === '-' ? -1 : 1) * (oh * 60 + om);
      }
    }
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
