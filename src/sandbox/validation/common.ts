// Building blocks shared by the sandbox's validation rules: Python string semantics, Python
// number formatting and marshmallow-style field loaders. Messages are marshmallow's/Kadi's
// texts verbatim (kadi-api.md §2), because the sandbox must answer exactly like the server.
import type { ErrorTree } from '../../kadi/types';
import { pyInteger } from '../../validation/pyText';

export const MSG = {
  missing: 'Missing data for required field.',
  nullValue: 'Field may not be null.',
  notString: 'Not a valid string.',
  empty: 'String must not be empty.',
  invalidInput: 'Invalid input type.',
  notInteger: 'Not a valid integer.',
  notFloat: 'Not a valid float.',
  notBoolean: 'Not a valid boolean.',
  notDate: 'Not a valid date.',
  notList: 'Not a valid list.',
  invalidType: 'Invalid type.',
  notMapping: 'Not a valid mapping type.',
  notIri: 'Not a valid IRI.',
  identifier: 'Not a valid identifier. Valid are lower case alphanumeric characters, hyphens and underscores.',
} as const;

export const maxLengthMsg = (max: number): string => `Longer than maximum length ${max}.`;
export const oneOfMsg = (choices: readonly string[]): string => `Must be one of: ${choices.join(', ')}.`;

/** Result of loading one field: the normalised value or its error (a message list or a subtree). */
export type Loaded<T> = { ok: true; value: T } | { ok: false; errors: string[] | ErrorTree };

export const ok = <T>(value: T): Loaded<T> => ({ ok: true, value });
export const fail = <T = never>(errors: string[] | ErrorTree): Loaded<T> => ({ ok: false, errors });

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function has(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

// Python's str.isspace() set (used by str.strip()/str.split()); differs from JS \s by
// including \x1c-\x1f and \x85 and excluding \ufeff.
const PY_WS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WS_EDGES = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'g');
const WS_RUNS = new RegExp(`[${PY_WS}]+`, 'g');

/** Python `str.strip()`. */
export const strip = (s: string): string => s.replace(WS_EDGES, '');
/** Kadi's `normalize`: `" ".join(s.split())`. */
export const normalize = (s: string): string => strip(s.replace(WS_RUNS, ' '));
export const lower = (s: string): string => s.toLowerCase();

/** Length in code points, as Python's `len()` counts. */
export const pyLen = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Compare by code point (Python string ordering), not by UTF-16 unit. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** Python `repr(float)`: shortest round-trip digits, exponent form outside 1e-4 ≤ |x| < 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = x.toExponential().split('e');
  const exp = Number(expStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let body: string;
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      body = `${intPart}.${digits.slice(exp + 1) || '0'}`;
    } else {
      body = `0.${'0'.repeat(-exp - 1)}${digits}`;
    }
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return neg ? `-${body}` : body;
}

/** IRI check of Kadi's validator: only a set of characters is forbidden. */
export const isValidIri = (s: string): boolean => !/[<>" {}|\\^`]/.test(s);

export interface StringRules {
  /** Applied in order before any check (Kadi's `filters`). */
  filters?: ((s: string) => string)[];
  /** `""` after filtering → "String must not be empty." (no validators run then). */
  nonEmpty?: boolean;
  allowNull?: boolean;
  maxLength?: number;
  /** Further validators; like marshmallow, every failing one contributes its message. */
  validators?: ((s: string) => string | null)[];
}

/** A marshmallow `String` field with Kadi's filters, given a value that is present. */
export function loadString(v: unknown, rules: StringRules): Loaded<string | null> {
  if (v === null) return rules.allowNull ? ok(null) : fail([MSG.nullValue]);
  if (typeof v !== 'string') return fail([MSG.notString]);
  let s = v;
  for (const f of rules.filters ?? []) s = f(s);
  if (rules.nonEmpty && s === '') return fail([MSG.empty]);
  const msgs: string[] = [];
  if (rules.maxLength !== undefined && pyLen(s) > rules.maxLength) msgs.push(maxLengthMsg(rules.maxLength));
  for (const validate of rules.validators ?? []) {
    const m = validate(s);
    if (m !== null) msgs.push(m);
  }
  return msgs.length ? fail(msgs) : ok(s);
}

/**
 * marshmallow's non-strict `Integer`, i.e. Python's int(): 1.5 is read as 1, "3" and " 3 " as 3
 * (checked against the real server); booleans and other strings are refused.
 */
export function loadInteger(v: unknown, opts: { allowNull?: boolean; min?: number } = {}): Loaded<number | null> {
  if (v === null) return opts.allowNull ? ok(null) : fail([MSG.nullValue]);
  const n = pyInteger(v);
  if (n === undefined) return fail([MSG.notInteger]);
  if (opts.min !== undefined && n < opts.min) return fail([`Must be greater than or equal to ${opts.min}.`]);
  return ok(n);
}

/** A schema of named fields: collects each field's errors into one tree, like marshmallow. */
export class ErrorCollector {
  readonly tree: ErrorTree = {};

  get empty(): boolean {
    return Object.keys(this.tree).length === 0;
  }

  add(field: string, errors: string[] | ErrorTree): void {
    const prev = this.tree[field];
    if (prev === undefined) {
      this.tree[field] = Array.isArray(errors) ? [...errors] : errors;
    } else if (Array.isArray(prev) && Array.isArray(errors)) {
      prev.push(...errors);
    } else if (!Array.isArray(prev) && !Array.isArray(errors)) {
      Object.assign(prev, errors);
    } else {
      // Mixed shapes cannot occur with the rules here; keep the list under `_schema` of the tree.
      const treeErr = (Array.isArray(prev) ? errors : prev) as ErrorTree;
      const listErr = (Array.isArray(prev) ? prev : errors) as string[];
      treeErr._schema = [...((treeErr._schema as string[] | undefined) ?? []), ...listErr];
      this.tree[field] = treeErr;
    }
  }

  /** Store the field's value in `out` or record its errors. */
  take<T>(field: string, res: Loaded<T>, out: Record<string, unknown>): res is { ok: true; value: T } {
    if (res.ok) {
      out[field] = res.value;
      return true;
    }
    this.add(field, res.errors);
    return false;
  }
}

/** Keys in PostgreSQL JSONB order (shorter keys first, then bytewise): how `data` is stored. */
export function jsonbOrder<T extends Record<string, unknown>>(obj: T): T {
  const keys = Object.keys(obj).sort((a, b) => {
    const ba = Buffer.from(a, 'utf8');
    const bb = Buffer.from(b, 'utf8');
    return ba.length - bb.length || Buffer.compare(ba, bb);
  });
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = obj[k];
  return out as T;
}
