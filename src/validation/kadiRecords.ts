// Record metadata as Kadi4Mat 1.13 checks it, not as its json-schema export literally says
// (checked against the real server: test/real-kadi/records.test.ts). A Kadi export (it has
// `propertiesOrder`) is rewritten once per schema, and a document's values are read the way
// the server reads extras before it checks them:
//  * every string value is stripped, and a blank one is null (ExtraSchema: `strip() or None`);
//  * null is Kadi's "no value": accepted unless the extra is required (the export says
//    `type: "number"`, but a record keeps null for any extra left empty);
//  * a date is what marshmallow's from_iso_datetime parses (`dates.ts`), not RFC 3339:
//    "2024-01-02 10:00" is fine, "2024-01-02t10:00:00Z" is not;
//  * an integer must be written as one (5.0 and 1e3 are floats to Python's json) and lie
//    within ±(2⁵³−1).
import { visit, type JSONPath } from 'jsonc-parser';
import * as l10n from '../ui/l10n';
import { enumMessage } from './messages';
import type { Problem } from './problems';
import type { JsonSchemaObject } from './recordSchema';

type Obj = Record<string, unknown>;

export const MAX_INT = 2 ** 53 - 1;
// l10n: not user-facing (schema data in English, like the template schema's: messages.ts fixedMessage() shows it)
export const INT_RANGE = `Integer values must be between ${-MAX_INT} and ${MAX_INT}.`;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for a template's json-schema export (Kadi's, or `deriveRecordSchema`'s). */
export const isKadiExport = (schema: JsonSchemaObject): boolean => Array.isArray(schema.propertiesOrder);

/** The export rewritten to say what the server accepts (see the top of this file). */
export function kadiRecordSchema(schema: JsonSchemaObject): JsonSchemaObject {
  return rewriteKadiExport(schema).schema;
}

/**
 * `kadiRecordSchema`, and whether some property or list item is an integer (then the text is
 * scanned for integers written as floats). An empty `prefixItems` (Kadi's export of an empty
 * list, which ajv refuses) is left out: without it the schema means the same. One walk.
 */
export function rewriteKadiExport(schema: JsonSchemaObject): { schema: JsonSchemaObject; integers: boolean } {
  const walk = new Rewrite();
  return { schema: walk.schema(schema, true) as JsonSchemaObject, integers: walk.integers };
}

class Rewrite {
  integers = false;

  schema(s: unknown, required: boolean): unknown {
    if (!isObj(s)) return s;
    const out: Obj = { ...s };
    if (isObj(s.properties)) {
      const req = Array.isArray(s.required) && s.required.length > 0 ? new Set(s.required) : undefined;
      const props: Obj = {};
      for (const k of Object.keys(s.properties)) setOwn(props, k, this.schema(s.properties[k], req !== undefined && req.has(k)));
      out.properties = props;
    }
    // The export drops `required` of list items (it only survives on properties): they may be null here.
    if (Array.isArray(s.prefixItems)) {
      if (s.prefixItems.length === 0) delete out.prefixItems;
      else out.prefixItems = s.prefixItems.map((v) => this.schema(v, false));
    }
    if (s.type === 'integer' || (Array.isArray(s.type) && s.type.includes('integer'))) this.integers = true;
    if (s.format === 'date-time') out.format = 'kadi-date';
    if (s.type === 'integer') {
      const messages: Obj = {};
      if (typeof s.minimum !== 'number') (out.minimum = -MAX_INT), (messages.minimum = INT_RANGE);
      if (typeof s.maximum !== 'number') (out.maximum = MAX_INT), (messages.maximum = INT_RANGE);
      if (Object.keys(messages).length) out.kadiMessages = messages;
    }
    if (required) {
      // l10n: not user-facing (schema data in English: messages.ts reads it for the code and shows it through fixedMessage())
      if (typeof s.type === 'string' && s.type !== 'object' && s.type !== 'array') out.kadiMessages = { ...(out.kadiMessages as Obj), null: 'Value is required.' };
    } else if (typeof s.type === 'string') {
      out.type = [s.type, 'null'];
      if (Array.isArray(s.enum)) {
        out.enum = [...s.enum, null];
        out.kadiMessages = { ...(out.kadiMessages as Obj), enum: enumMessage(s.enum) };
      }
    }
    return out;
  }
}

/** `o[k] = v`, also for a property named `__proto__` (an own property, as JSON.parse makes it). */
function setOwn(o: Obj, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** The document's values as the server reads them: strings stripped, blank ones null. In place. */
export function kadiValues(v: unknown): unknown {
  if (typeof v === 'string') return strip(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'object' && x !== null) kadiValues(x);
      else if (typeof x === 'string') v[i] = strip(x);
    }
  } else if (isObj(v)) {
    // Written back only when changed: writes to a large object are far slower than reads.
    for (const k in v) {
      const x = v[k];
      if (typeof x === 'object' && x !== null) kadiValues(x);
      else if (typeof x === 'string') {
        const y = strip(x);
        if (y !== x) v[k] = y;
      }
    }
  }
  return v;
}

/** Python's str.strip() or None, for the usual case without a copy. */
export function strip(s: string): string | null {
  const n = s.length;
  if (n > 0 && s.charCodeAt(0) > 32 && s.charCodeAt(n - 1) > 32) return s;
  return s.trim() || null;
}

function schemaAt(s: unknown, path: JSONPath): Obj | undefined {
  let cur = s;
  for (const seg of path) {
    if (!isObj(cur)) return undefined;
    cur = typeof seg === 'number' ? (Array.isArray(cur.prefixItems) ? cur.prefixItems[seg] : undefined) : isObj(cur.properties) ? cur.properties[seg] : undefined;
  }
  return isObj(cur) ? cur : undefined;
}

/** A digit, then a fraction of zeros or an exponent: 5.0, 10.00, 1e3, 1.5e1 (and some that are not whole). */
const WHOLE_AS_FLOAT = /\d\.0*(?![0-9])|\d[eE][+-]?\d/;

const isIntegerSchema = (s: Obj | undefined): boolean => !!s && (s.type === 'integer' || (Array.isArray(s.type) && s.type.includes('integer') && !s.type.includes('number')));

/**
 * Whole numbers written with a fraction or an exponent (5.0, 1e3) where an integer belongs:
 * JSON.parse cannot tell them from 5, Python's json reads a float and Kadi refuses it.
 */
export function intsWrittenAsFloats(text: string, schema: JsonSchemaObject): Problem[] {
  // The scan costs about a JSON.parse: only when some number may be whole (5.0, 1.5e1).
  if (!WHOLE_AS_FLOAT.test(text)) return [];
  const out: Problem[] = [];
  visit(text, {
    onLiteralValue(value: unknown, offset, length, _line, _char, pathSupplier) {
      if (typeof value !== 'number' || !Number.isInteger(value) || !/[.eE]/.test(text.substr(offset, length))) return;
      const path = pathSupplier();
      if (!isIntegerSchema(schemaAt(schema, path))) return;
      const problem: Problem = { path: [...path], message: l10n.t('Not a valid integer.'), severity: 'error', code: 'type', anchor: 'value' };
      if (Math.abs(value) <= MAX_INT) problem.fix = { title: l10n.t('Write it as {0}', value), ops: [{ op: 'replace', path: [...path], text: String(value) }] };
      out.push(problem);
    },
  });
  return out;
}
