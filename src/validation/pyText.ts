// Python string semantics Kadi's filters rely on (str.strip, " ".join(s.split()), repr(float)),
// so that what we call valid is what the server stores.

// Python's str.isspace() set: unlike JS \s it includes \x1c-\x1f and \x85 and excludes \ufeff.
const WS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const EDGES = new RegExp(`^[${WS}]+|[${WS}]+$`, 'g');
const RUNS = new RegExp(`[${WS}]+`, 'g');
const ANY_WS = new RegExp(`[${WS}]`);

/** A UTF-16 unit that is surely not Python whitespace (the common case, checked without a regexp). */
const plain = (c: number): boolean => (c > 32 && c < 0x85) || (c > 0xa0 && c < 0x1680);

/** Python `str.strip()`. */
export function pyStrip(s: string): string {
  const n = s.length;
  if (n > 0 && plain(s.charCodeAt(0)) && plain(s.charCodeAt(n - 1))) return s;
  return ANY_WS.test(s) ? s.replace(EDGES, '') : s;
}

/** Kadi's `normalize`: `" ".join(s.split())`. */
export function pyNormalize(s: string): string {
  const n = s.length;
  if (n > 0 && n <= 64) {
    // Unchanged when every whitespace is a single space between other characters.
    let space = true;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 32 && !space) space = true;
      else if (plain(c)) space = false;
      else break;
    }
    if (i === n && !space) return s;
  }
  return ANY_WS.test(s) ? pyStrip(s.replace(RUNS, ' ')) : s;
}

/** Python `repr(float)`: how Kadi prints float bounds and options in messages ("0.0", "1e-05"). */
export function pyFloatRepr(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e16) {
    const s = String(x); // JS shortest round-trip digits; plain notation in this range
    return s.includes('.') || s.includes('e') ? s : `${s}.0`;
  }
  const [mant, exp] = x.toExponential().split('e');
  const e = Number(exp);
  return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** Kadi's IRI check: only these characters are refused. */
export const IRI_PATTERN = '^[^<>" {}|\\\\^`]*$';
const IRI_RE = new RegExp(IRI_PATTERN);
export const isValidIri = (s: string): boolean => IRI_RE.test(s);

// marshmallow's fields.Boolean: these strings and 1/0 (also 1.0/0.0, equal in a Python set).
const TRUTHY = new Set(['t', 'T', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'y', 'Y', 'yes', 'Yes', 'YES', '1']);
const FALSY = new Set(['f', 'F', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', 'n', 'N', 'no', 'No', 'NO', '0']);

/** What marshmallow's Boolean makes of `v` (undefined: "Not a valid boolean."). */
export function pyBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 1 || (typeof v === 'string' && TRUTHY.has(v))) return true;
  if (v === 0 || (typeof v === 'string' && FALSY.has(v))) return false;
  return undefined;
}

/** What marshmallow's (non-strict) Integer makes of `v`, i.e. Python's int(): floats truncated, "3" and " 3 " read (undefined: not an integer). */
export function pyInteger(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) || 0 : undefined;
  if (typeof v !== 'string') return undefined;
  const s = pyStrip(v);
  return /^[+-]?\d+(?:_\d+)*$/.test(s) ? Number(s.replace(/_/g, '')) : undefined;
}
