// A yes/no check of a value against a JSON Schema, for the subset Kadi's json-schema export
// uses (type, enum/const of primitives, string lengths, pattern, format, number bounds,
// properties, required, prefixItems/items, item counts; annotations ignored), with the
// semantics of our ajv instances (strictNumbers, unicode lengths, ajv's formats). No error
// objects, no paths: when it says valid, ajv would report nothing, so ajv (and its error
// objects) runs only on what it says is invalid (`shardedValidator.ts`). A schema outside the
// subset gets no check and goes to ajv as before.
//
// Data-driven on purpose: one small interpreter walks every value, so it is optimised by V8
// within the first document it checks. Code generated per schema (as ajv does) runs each
// function once per document and stays in the interpreter for the first several keystrokes.
import type Ajv2020 from 'ajv/dist/2020';
import ucs2length from 'ajv/dist/runtime/ucs2length';
import { fullFormats } from 'ajv-formats/dist/formats';
import { ANNOTATION_KEYWORDS } from './ajv';
import { ARRAY, FRACTION, INT, kind, OBJECT, STRING, TYPE_BITS } from './kinds';

type Obj = Record<string, unknown>;

/** Keywords that never change the outcome (metadata, and the annotations registered in ajv.ts). */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
  ...ANNOTATION_KEYWORDS,
]);

const KEYWORDS = new Set([
  'type',
  'enum',
  'const',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'properties',
  'required',
  'prefixItems',
  'items',
  'minItems',
  'maxItems',
]);

type Test = (s: string) => boolean;
type NumTest = (n: number) => boolean;

/** One schema, compiled. Every field set in the constructor: all nodes share one hidden class. */
export class CheckNode {
  /** Allowed kinds; 0: any. */
  types = 0;
  /** enum / const: the value must be one of these (primitives, compared with ===). */
  oneOf: unknown[] | undefined = undefined;
  minLength = 0;
  maxLength = -1;
  /** ajv-formats' date-time (the common format: checked without a call through a closure). */
  dateTime = false;
  /** Patterns and other string formats. */
  strTests: Test[] | undefined = undefined;
  numTests: NumTest[] | undefined = undefined;
  minimum = -Infinity;
  maximum = Infinity;
  exclusiveMinimum = -Infinity;
  exclusiveMaximum = Infinity;
  hasNumberBounds = false;
  required: string[] | undefined = undefined;
  propKeys: string[] | undefined = undefined;
  propNodes: CheckNode[] | undefined = undefined;
  prefix: CheckNode[] | undefined = undefined;
  /** Items after the prefix; undefined: any. */
  items: CheckNode | undefined = undefined;
  /** `items: false`: no items after the prefix. */
  noMoreItems = false;
  minItems = 0;
  maxItems = -1;
  /** `false` as a schema. */
  never = false;
}

const ALWAYS = new CheckNode();

/** True when ajv would find nothing wrong with `v` against the schema `n` was compiled from. */
export function check(n: CheckNode, v: unknown): boolean {
  if (n.never) return false;
  const k = kind(v);
  if (n.types !== 0 && (n.types & k) === 0) return false;
  if (n.oneOf !== undefined && !isOneOf(n.oneOf, v)) return false;
  // One small function per kind: each optimised on its own, with stable type feedback.
  switch (k) {
    case STRING:
      return checkString(n, v as string);
    case INT:
    case FRACTION:
      return checkNumber(n, v as number);
    case OBJECT:
      return checkObject(n, v as Obj);
    case ARRAY:
      return checkArray(n, v as unknown[]);
    default:
      return true;
  }
}

function isOneOf(allowed: unknown[], v: unknown): boolean {
  for (let i = 0; i < allowed.length; i++) if (allowed[i] === v) return true;
  return false;
}

function checkString(n: CheckNode, s: string): boolean {
  if (n.minLength > 0 && (s.length < n.minLength || (n.minLength > 1 && ucs2length(s) < n.minLength))) return false;
  if (n.maxLength >= 0 && s.length > n.maxLength && ucs2length(s) > n.maxLength) return false;
  if (n.dateTime && !quickDateTime(s) && !fullDateTimeTest(s)) return false;
  const tests = n.strTests;
  if (tests !== undefined) for (let i = 0; i < tests.length; i++) if (!tests[i](s)) return false;
  return true;
}

function checkNumber(n: CheckNode, x: number): boolean {
  if (n.hasNumberBounds && !(x >= n.minimum && x <= n.maximum && x > n.exclusiveMinimum && x < n.exclusiveMaximum)) return false;
  const tests = n.numTests;
  if (tests !== undefined) for (let i = 0; i < tests.length; i++) if (!tests[i](x)) return false;
  return true;
}

function checkObject(n: CheckNode, o: Obj): boolean {
  const required = n.required;
  if (required !== undefined) for (let i = 0; i < required.length; i++) if (o[required[i]] === undefined) return false;
  const keys = n.propKeys;
  if (keys !== undefined) {
    const nodes = n.propNodes!;
    for (let i = 0; i < keys.length; i++) {
      const x = o[keys[i]];
      if (x !== undefined && !check(nodes[i], x)) return false;
    }
  }
  return true;
}

function checkArray(n: CheckNode, a: unknown[]): boolean {
  if (a.length < n.minItems || (n.maxItems >= 0 && a.length > n.maxItems)) return false;
  const prefix = n.prefix;
  let from = 0;
  if (prefix !== undefined) {
    from = prefix.length;
    for (let i = 0; i < prefix.length && i < a.length; i++) if (!check(prefix[i], a[i])) return false;
  }
  if (n.noMoreItems && a.length > from) return false;
  const items = n.items;
  if (items !== undefined) for (let i = from; i < a.length; i++) if (!check(items, a[i])) return false;
  return true;
}

function copy(n: CheckNode): CheckNode {
  return Object.assign(new CheckNode(), n);
}

/** `own` (an object's keywords but its properties) with the properties' checks added. */
export function withProperties(own: CheckNode, props: readonly (readonly [string, CheckNode])[]): CheckNode {
  const n = copy(own);
  const kept = props.filter(([, c]) => c !== ALWAYS);
  if (kept.length) {
    n.propKeys = kept.map(([k]) => k);
    n.propNodes = kept.map(([, c]) => c);
  }
  return n;
}

/** `own` (an array's keywords but its prefix items) with the prefix items' checks added. */
export function withItems(own: CheckNode, prefix: CheckNode[]): CheckNode {
  const n = copy(own);
  n.prefix = prefix;
  return n;
}

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The digits at s[i], s[i+1] as a number, or -1. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * True for "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)" with a valid date and time, the form
 * record metadata holds: ajv-formats' `date-time` accepts all of these. False means "ask it"
 * (it splits, runs two regexps and allocates: about ten times slower).
 */
export function quickDateTime(s: string): boolean {
  const n = s.length;
  if (n < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return false; // T t space
  const hi = two(s, 0);
  const lo = two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1) return false;
  const year = hi * 100 + lo;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS[month])) return false;
  const h = two(s, 11);
  const m = two(s, 14);
  const sec = two(s, 17);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) return false;
  let i = 19;
  if (s.charCodeAt(i) === 46) {
    const from = ++i;
    for (let c = s.charCodeAt(i); c >= 48 && c <= 57; c = s.charCodeAt(++i));
    if (i === from) return false;
  }
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) return i === n - 1; // Z z
  if ((z !== 43 && z !== 45) || i + 6 !== n || s.charCodeAt(i + 3) !== 58) return false;
  const th = two(s, i + 1);
  const tm = two(s, i + 4);
  return th >= 0 && th <= 23 && tm >= 0 && tm <= 59;
}

const fullDateTime: unknown = fullFormats['date-time'];
const fullDateTimeTest = (fullFormats['date-time'] as { validate: Test }).validate;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPrimitive = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

const DATE_TIME = { type: 'string' };

/** Compiles schemas for `check`; nodes of equal subschemas are not shared (they are small). */
export class FastCheckCompiler {
  private readonly patterns = new Map<string, Test>();

  constructor(private readonly ajv: Ajv2020) {}

  /** The compiled schema, or undefined when it leaves the subset (then only ajv can tell). */
  compile(schema: unknown, root = true): CheckNode | undefined {
    if (schema === true) return ALWAYS;
    if (schema === false) {
      const n = new CheckNode();
      n.never = true;
      return n;
    }
    if (!isObj(schema)) return undefined;
    for (const k in schema) {
      if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k) && !(root && k === '$schema')) return undefined;
    }
    const s = schema;
    const n = new CheckNode();

    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? s.type : [s.type];
      if (types.length === 0) return undefined;
      for (const t of types) {
        const bits = typeof t === 'string' ? TYPE_BITS[t] : undefined;
        if (bits === undefined) return undefined;
        n.types |= bits;
      }
    }
    if (s.enum !== undefined) {
      // ajv refuses an empty enum when compiling: so must we (it is compiled at once then).
      if (!Array.isArray(s.enum) || s.enum.length === 0 || !s.enum.every(isPrimitive)) return undefined;
      n.oneOf = [...s.enum];
    }
    if (s.const !== undefined) {
      if (!isPrimitive(s.const)) return undefined;
      n.oneOf = n.oneOf ? n.oneOf.filter((x) => x === s.const) : [s.const];
    }

    if (s.minLength !== undefined) {
      if (!isCount(s.minLength)) return undefined;
      n.minLength = s.minLength;
    }
    if (s.maxLength !== undefined) {
      if (!isCount(s.maxLength)) return undefined;
      n.maxLength = s.maxLength;
    }
    const strTests: Test[] = [];
    const numTests: NumTest[] = [];
    if (s.pattern !== undefined) {
      if (typeof s.pattern !== 'string') return undefined;
      const test = this.pattern(s.pattern);
      if (!test) return undefined;
      strTests.push(test);
    }
    for (const k of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
      const limit = s[k];
      if (limit === undefined) continue;
      if (typeof limit !== 'number' || !Number.isFinite(limit)) return undefined;
      n[k] = limit;
      n.hasNumberBounds = true;
    }
    if (s.format !== undefined) {
      const f = this.format(s.format);
      if (f === undefined) return undefined;
      if (f === DATE_TIME) n.dateTime = true;
      else if (f.test) (f.type === 'number' ? numTests : strTests).push(f.test as Test & NumTest);
    }
    if (strTests.length) n.strTests = strTests;
    if (numTests.length) n.numTests = numTests;

    if (s.required !== undefined) {
      if (!Array.isArray(s.required) || !s.required.every((r) => typeof r === 'string')) return undefined;
      if (s.required.length) n.required = [...new Set(s.required as string[])];
    }
    if (s.properties !== undefined) {
      if (!isObj(s.properties)) return undefined;
      const keys: string[] = [];
      const nodes: CheckNode[] = [];
      for (const [k, sub] of Object.entries(s.properties)) {
        const c = this.compile(sub, false);
        if (!c) return undefined;
        if (c === ALWAYS) continue;
        keys.push(k);
        nodes.push(c);
      }
      if (keys.length) {
        n.propKeys = keys;
        n.propNodes = nodes;
      }
    }

    if (s.minItems !== undefined) {
      if (!isCount(s.minItems)) return undefined;
      n.minItems = s.minItems;
    }
    if (s.maxItems !== undefined) {
      if (!isCount(s.maxItems)) return undefined;
      n.maxItems = s.maxItems;
    }
    if (s.prefixItems !== undefined) {
      if (!Array.isArray(s.prefixItems)) return undefined;
      const nodes: CheckNode[] = [];
      for (const sub of s.prefixItems) {
        const c = this.compile(sub, false);
        if (!c) return undefined;
        nodes.push(c);
      }
      n.prefix = nodes;
    }
    if (s.items !== undefined) {
      if (s.items === false) n.noMoreItems = true;
      else {
        const c = this.compile(s.items, false);
        if (!c) return undefined;
        if (c !== ALWAYS) n.items = c;
      }
    }
    return n;
  }

  /** ajv's `pattern`: a unicode RegExp. */
  private pattern(p: string): Test | undefined {
    let test = this.patterns.get(p);
    if (!test) {
      let re: RegExp;
      try {
        re = new RegExp(p, 'u');
      } catch {
        return undefined;
      }
      this.patterns.set(p, (test = (s) => re.test(s)));
    }
    return test;
  }

  /** ajv's `format` for a format it knows: the test and the data type it applies to. */
  private format(name: unknown): { test?: (x: never) => boolean; type: string } | undefined {
    if (typeof name !== 'string') return undefined;
    const def = (this.ajv.formats as Record<string, unknown>)[name];
    if (def === true) return { type: 'string' };
    if (def instanceof RegExp) return { test: (s: string) => def.test(s), type: 'string' };
    if (typeof def === 'function') return { test: def as Test, type: 'string' };
    if (!isObj(def) || def.async) return undefined; // unknown: left to ajv
    const type = typeof def.type === 'string' ? def.type : 'string';
    if (type !== 'string' && type !== 'number') return undefined;
    const validate = def.validate;
    if (def === fullDateTime && validate === fullDateTimeTest) return DATE_TIME;
    if (validate instanceof RegExp) return { test: (s: string) => validate.test(s), type };
    if (typeof validate === 'function') return { test: validate as Test, type };
    return undefined;
  }
}
