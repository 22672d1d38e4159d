// A direct checker for Kadi's json-schema exports: record metadata → problems without ajv.
//
// The general path (recordDocument.ts) rewrites the export (kadiRecords.ts), proves it valid
// (metaCheck.ts), builds fast checks and then compiles ajv for every part a value breaks: at
// 10,000 extras most of the first diagnostics' time, and every failing `str` extra with its
// own options is an ajv validator of its own. An export uses a handful of keywords, so here
// ONE walk over the raw export builds a compact tree with Kadi's reading already applied (what
// the rewrite says: null is "no value" unless required, kadi-date, integers within ±(2⁵³−1),
// options + null), and ONE walk over the document yields the problems ajv's path would: the
// same messages, codes, paths and order (ajv 2020-12: a type error first, unless the type has
// keywords of its own, then it comes after `enum`; `maximum` before `minimum`; an object's
// `required` before its properties, in schema order). Any node of the export this walk does
// not fully understand returns undefined, and the whole schema goes the general way, so an
// unusual export behaves exactly as before. `test/unit/validation-kadi-check.test.ts` compares
// the two paths on corpora and random documents.
import ucs2length from 'ajv/dist/runtime/ucs2length';
import * as l10n from '../ui/l10n';
import { isKadiDate } from './dates';
import { INT_RANGE, MAX_INT, strip } from './kadiRecords';
import { boundMessage, enumMessage, fixedMessage, requiredMessage, typeMessage } from './messages';
import type { Problem } from './problems';
import { JSON_SCHEMA_DIALECT, type JsonSchemaObject } from './recordSchema';
import type { JsonPath } from './types';
import { ARRAY, FRACTION, INT, kind, NULL, OBJECT, STRING, TYPE_BITS } from './kinds';

type Obj = Record<string, unknown>;

/** One node of the export, Kadi's reading applied. Every field set here: one hidden class. */
class Node {
  /** Allowed kinds (NULL included when the value may be empty); 0: anything. */
  types = 0;
  /** The JSON type the export names (for the message), '' for none. */
  type = '';
  /** A required extra: null is "Value is required." (scalars) or "Field may not be null.". */
  required = false;
  /** ajv reports the type error after `enum` when the (single) type has keywords of its own
   *  (objects and lists have no `enum`: for them the order makes no difference). */
  typeLate = false;
  /** The options as exported (null is added when the extra may be empty). */
  options: unknown[] | undefined = undefined;
  minLength = 0;
  date = false;
  minimum: number | undefined = undefined;
  maximum: number | undefined = undefined;
  /** The bound is Kadi's integer range (not in the export): its own message. */
  intMin = false;
  intMax = false;
  requiredKeys: string[] | undefined = undefined;
  keys: string[] | undefined = undefined;
  children: Node[] | undefined = undefined;
  prefix: Node[] | undefined = undefined;
}

const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPrimitive = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'boolean' || isFiniteNumber(v);
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const OBJECT_PROTOTYPE: unknown = Object.prototype;

export interface KadiRecordCheck {
  root: Node;
  /** Some value is an integer: the text is scanned for integers written as floats. */
  integers: boolean;
}

class Compiler {
  integers = false;

  /** The node of `s`, or undefined when the export says something this checker does not know. */
  node(s: unknown, required: boolean, root: boolean): Node | undefined {
    if (!isObj(s)) return undefined;
    const type = s.type;
    const n = new Node();
    n.required = required;
    if (type !== undefined) {
      if (typeof type !== 'string' || type === 'null' || !hasOwn(TYPE_BITS, type)) return undefined;
      n.type = type;
      n.types = TYPE_BITS[type] | (required ? 0 : NULL);
    }
    // One pass over the keywords (10,000 extras: this runs cold, once per schema).
    for (const k in s) {
      const v = s[k];
      switch (k) {
        case 'type':
        case 'default':
        case 'propertiesOrder':
          continue;
        case 'description':
        case 'title':
        case '$comment':
          if (typeof v !== 'string') return undefined;
          continue;
        case 'unit':
          if (typeof v !== 'string' && !isObj(v)) return undefined;
          continue;
        case '$schema':
          if (!root || v !== JSON_SCHEMA_DIALECT) return undefined;
          continue;
        case 'properties':
        case 'required':
          if (type !== 'object') return undefined;
          continue;
        case 'prefixItems':
          if (type !== 'array') return undefined;
          continue;
        case 'enum':
          // ajv refuses an empty enum; objects would be compared deeply: both left to it.
          if (!SCALARS.has(type as string) || !Array.isArray(v) || v.length === 0 || !v.every(isPrimitive)) return undefined;
          n.options = v;
          continue;
        case 'minLength':
          if (type !== 'string' || typeof v !== 'number' || !Number.isInteger(v) || v < 0) return undefined;
          n.minLength = v;
          continue;
        case 'format':
          if (type !== 'string' || v !== 'date-time') return undefined;
          n.date = true; // Kadi reads dates with marshmallow (dates.ts), not RFC 3339
          continue;
        case 'minimum':
        case 'maximum':
          if ((type !== 'integer' && type !== 'number') || !isFiniteNumber(v)) return undefined;
          n[k] = v;
          continue;
        default:
          return undefined;
      }
    }
    if (type === 'object') return this.object(n, s);
    if (type === 'array') return this.array(n, s);
    if (type !== undefined) this.scalar(n, s);
    return n;
  }

  private object(n: Node, s: Obj): Node | undefined {
    const r = s.required;
    let req: Set<string> | undefined;
    if (r !== undefined) {
      // Strings, each once (the meta-schema's rule). A flat export requires thousands: a Set.
      if (!Array.isArray(r) || !r.every((x) => typeof x === 'string')) return undefined;
      if (r.length) {
        req = new Set(r as string[]);
        if (req.size !== r.length) return undefined;
        n.requiredKeys = r as string[];
      }
    }
    const props = s.properties;
    if (props !== undefined) {
      if (!isObj(props)) return undefined;
      // Own keys only (for…in would also list a prototype's: `properties.__proto__ = …` sets one).
      const keys = Object.keys(props);
      const children: Node[] = [];
      for (const k of keys) {
        const c = this.node(props[k], req !== undefined && req.has(k), false);
        if (!c) return undefined;
        children.push(c);
      }
      n.keys = keys;
      n.children = children;
    }
    return n;
  }

  private array(n: Node, s: Obj): Node | undefined {
    if (s.prefixItems !== undefined) {
      if (!Array.isArray(s.prefixItems)) return undefined;
      // The export drops `required` of list items: they may be empty. An empty list constrains nothing.
      if (s.prefixItems.length) {
        const prefix: Node[] = [];
        for (const x of s.prefixItems) {
          const c = this.node(x, false, false);
          if (!c) return undefined;
          prefix.push(c);
        }
        n.prefix = prefix;
      }
    }
    return n;
  }

  private scalar(n: Node, s: Obj): void {
    const type = n.type;
    if (type === 'integer') {
      this.integers = true;
      if (n.minimum === undefined) (n.minimum = -MAX_INT), (n.intMin = true);
      if (n.maximum === undefined) (n.maximum = MAX_INT), (n.intMax = true);
    }
    // A single type (required) whose keywords group has some: ajv reports the type error there,
    // after `enum`. Integers and booleans are checked first in any case.
    if (n.required) n.typeLate = type === 'string' ? s.minLength !== undefined || n.date : type === 'number' && (n.minimum !== undefined || n.maximum !== undefined);
  }
}

/** The checker of a Kadi export, or undefined when the export leaves what it knows. */
export function compileKadiCheck(schema: JsonSchemaObject): KadiRecordCheck | undefined {
  const c = new Compiler();
  // The export as a whole is a required value (the rewrite's view): never null.
  const root = c.node(schema, true, true);
  return root && { root, integers: c.integers };
}

/**
 * The problems of `doc` (as parsed: strings are read as the server reads them, `kadiValues`,
 * where they are checked), in ajv's order.
 */
export function kadiRecordProblems(check: KadiRecordCheck, doc: unknown): Problem[] {
  const w = new Walk();
  w.value(check.root, doc);
  return w.out;
}

class Walk {
  readonly out: Problem[] = [];
  /** The path of the value being checked: copied only for a problem. */
  private readonly path: JsonPath = [];

  private problem(message: string, code: string, anchor: Problem['anchor'] = 'value'): void {
    this.out.push({ path: this.path.slice(), message, severity: 'error', code, anchor });
  }

  private typeError(n: Node, k: number): void {
    // l10n: not user-facing (the English of the rewritten schema, shown through fixedMessage())
    if (k === NULL) this.problem(fixedMessage(n.required && n.type !== 'object' && n.type !== 'array' ? 'Value is required.' : 'Field may not be null.'), 'null');
    else this.problem(typeMessage(n.type)!, 'type');
  }

  value(n: Node, raw: unknown): void {
    if (n.types === 0) return;
    // The value as the server reads it (kadiValues): a string stripped, a blank one null.
    const v = typeof raw === 'string' ? strip(raw) : raw;
    const k = kind(v);
    const typeOk = (n.types & k) !== 0;
    if (typeOk && n.options === undefined) {
      // The common case, without the keyword-by-keyword order below.
      if (k === STRING) {
        if ((n.minLength === 0 || (n.minLength === 1 ? (v as string).length > 0 : ucs2length(v as string) >= n.minLength)) && (!n.date || isKadiDate(v as string))) return;
      } else if (k === INT || k === FRACTION) {
        if ((n.minimum === undefined || (v as number) >= n.minimum) && (n.maximum === undefined || (v as number) <= n.maximum)) return;
      } else if (k === OBJECT) return this.object(n, v as Obj);
      else if (k === ARRAY) return this.array(n, v as unknown[]);
      else return;
    }
    if (!typeOk && !n.typeLate) this.typeError(n, k);
    if (n.options !== undefined && !this.isOption(n, v)) this.problem(this.enumMessage(n), 'enum');
    if (k === INT || k === FRACTION) {
      const x = v as number;
      if (n.maximum !== undefined && !(x <= n.maximum)) this.problem(n.intMax ? fixedMessage(INT_RANGE) : boundMessage('maximum', n.maximum), 'bounds');
      if (n.minimum !== undefined && !(x >= n.minimum)) this.problem(n.intMin ? fixedMessage(INT_RANGE) : boundMessage('minimum', n.minimum), 'bounds');
    } else if (k === STRING) {
      const s = v as string;
      if (n.minLength > 0 && ucs2length(s) < n.minLength) this.problem(n.minLength === 1 ? l10n.t('String must not be empty.') : l10n.t('Shorter than minimum length {0}.', n.minLength), n.minLength === 1 ? 'empty' : 'minLength');
      if (n.date && !isKadiDate(s)) this.problem(l10n.t('Not a valid date.'), 'format');
    }
    if (!typeOk && n.typeLate) this.typeError(n, k);
    if (typeOk && k === OBJECT) this.object(n, v as Obj);
    else if (typeOk && k === ARRAY) this.array(n, v as unknown[]);
  }

  private isOption(n: Node, v: unknown): boolean {
    const options = n.options!;
    for (let i = 0; i < options.length; i++) if (options[i] === v) return true;
    return v === null && !n.required;
  }

  /** As the rewrite writes it (an empty extra's options get their own message) or ajv's default. */
  private enumMessage(n: Node): string {
    return n.required ? enumMessage(n.options!) : fixedMessage(enumMessage(n.options!));
  }

  private object(n: Node, o: Obj): void {
    const req = n.requiredKeys;
    if (req !== undefined) for (let i = 0; i < req.length; i++) if (o[req[i]] === undefined) this.problem(requiredMessage(req[i]), 'required', 'key');
    const keys = n.keys;
    if (keys === undefined) return;
    const children = n.children!;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const x = o[key];
      // Only the object's own members: a parsed value is never a function nor Object.prototype,
      // which is what "constructor", "toString", "__proto__" … read when inherited.
      if (x === undefined || typeof x === 'function' || x === OBJECT_PROTOTYPE) continue;
      this.path.push(key);
      this.value(children[i], x);
      this.path.pop();
    }
  }

  private array(n: Node, a: unknown[]): void {
    const prefix = n.prefix;
    if (prefix === undefined) return;
    for (let i = 0; i < prefix.length && i < a.length; i++) {
      this.path.push(i);
      this.value(prefix[i], a[i]);
      this.path.pop();
    }
  }
}
