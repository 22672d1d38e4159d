// Is a schema valid against ajv's draft 2020-12 meta-schema? `ajv.validateSchema` answers that,
// but for a large record schema it is most of the first validation (the meta-schema is compiled
// first, about 30 ms, then run over every node: 1 MB of schema at 10,000 extras, another
// 20 ms). This walk answers "yes" by hand for the keywords Kadi's exports use, checked as the
// meta-schema checks them; for anything else (references, combinators, another $schema, a value
// it does not expect) it answers "don't know" and the caller asks ajv as before. So it may only
// say "yes" where ajv says valid: `test/unit/validation-metacheck.test.ts` compares them.
import type Ajv2020 from 'ajv/dist/2020';
import { ANNOTATION_KEYWORDS } from './ajv';
import { JSON_SCHEMA_DIALECT } from './recordSchema';

type Obj = Record<string, unknown>;

const SIMPLE_TYPES = new Set(['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): boolean => typeof v === 'string';
const isBoolean = (v: unknown): boolean => typeof v === 'boolean';
const any = (): boolean => true;

function isTypeKeyword(v: unknown): boolean {
  if (typeof v === 'string') return SIMPLE_TYPES.has(v);
  return Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === 'string' && SIMPLE_TYPES.has(t)) && new Set(v).size === v.length;
}

const isUniqueStrings = (v: unknown): boolean => Array.isArray(v) && v.every(isString) && new Set(v).size === v.length;

/** The meta-schema's rule for each keyword this walk knows, but for the subschema keywords. */
const RULES: Record<string, (v: unknown) => boolean> = {
  type: isTypeKeyword,
  enum: Array.isArray,
  const: any,
  minLength: isCount,
  maxLength: isCount,
  minItems: isCount,
  maxItems: isCount,
  minimum: isNumber,
  maximum: isNumber,
  exclusiveMinimum: isNumber,
  exclusiveMaximum: isNumber,
  format: isString,
  required: isUniqueStrings,
  title: isString,
  description: isString,
  $comment: isString,
  default: any,
  examples: Array.isArray,
  deprecated: isBoolean,
  readOnly: isBoolean,
  writeOnly: isBoolean,
  // Registered in ajv.ts without a meta-schema of their own: any value passes meta-validation.
  ...Object.fromEntries(ANNOTATION_KEYWORDS.map((k) => [k, any])),
};

class MetaCheck {
  constructor(private readonly isRegex: (s: string) => boolean) {}

  schema(s: unknown, root: boolean): boolean {
    if (typeof s === 'boolean') return true;
    if (!isObj(s)) return false;
    for (const k of Object.keys(s)) {
      const v = s[k];
      const rule = RULES[k];
      if (rule !== undefined) {
        if (!rule(v)) return false;
      } else if (k === 'properties') {
        if (!isObj(v)) return false;
        for (const p of Object.keys(v)) if (!this.schema(v[p], false)) return false;
      } else if (k === 'prefixItems') {
        if (!Array.isArray(v) || v.length === 0 || !v.every((x) => this.schema(x, false))) return false;
      } else if (k === 'items') {
        if (!this.schema(v, false)) return false;
      } else if (k === 'pattern') {
        if (typeof v !== 'string' || !this.isRegex(v)) return false;
      } else if (!(root && k === '$schema' && v === JSON_SCHEMA_DIALECT)) {
        return false; // not known here: ask ajv
      }
    }
    return true;
  }
}

/** ajv's `regex` format (the meta-schema checks `pattern` with it), or undefined if unknown. */
function regexFormat(ajv: Ajv2020): ((s: string) => boolean) | undefined {
  const f = (ajv.formats as Record<string, unknown>).regex;
  if (typeof f === 'function') return f as (s: string) => boolean;
  if (isObj(f) && typeof f.validate === 'function') return f.validate as (s: string) => boolean;
  if (f instanceof RegExp) return (s) => f.test(s);
  return undefined;
}

/** ajv checks a schema without `$schema` (and one with ours) against the 2020-12 meta-schema. */
function checksAgainstDialect(ajv: Ajv2020): boolean {
  const meta = ajv.opts.defaultMeta;
  return (meta === undefined || meta === JSON_SCHEMA_DIALECT) && ajv.schemas[JSON_SCHEMA_DIALECT] !== undefined;
}

/**
 * True when `ajv.validateSchema(schema)` would be true: an object schema of the 2020-12 dialect
 * using only the keywords above, each well formed. False means "ask ajv" (it may be valid).
 */
export function provablyValidSchema(ajv: Ajv2020, schema: unknown): boolean {
  if (!isObj(schema) || !checksAgainstDialect(ajv)) return false;
  const isRegex = regexFormat(ajv);
  return isRegex !== undefined && new MetaCheck(isRegex).schema(schema, true);
}
