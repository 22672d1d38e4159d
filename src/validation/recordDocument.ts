// Record metadata (a JSON object of extras' values) checked against a template's JSON-Schema
// export, with the same diagnostics as template documents; and the skeleton of a new one.
import { createAjv } from './ajv';
import type Ajv2020 from 'ajv/dist/2020';
import { compileSplit, type Check } from './shardedValidator';
import { problemsFromAjv } from './messages';
import { capProblems, resolveProblems } from './resolve';
import { intsWrittenAsFloats, isKadiExport, kadiValues, rewriteKadiExport } from './kadiRecords';
import { syntaxDiagnostics } from './syntax';
import type { Diagnostic } from './types';
import type { Problem } from './problems';
import { compileKadiCheck, kadiRecordProblems, type KadiRecordCheck } from './kadiRecordCheck';
import type { JsonSchemaObject } from './recordSchema';

export interface RecordValidationOptions {
  /** Identifies the schema across calls, e.g. `${instance}/${templateId}@${lastModified}`:
   *  the compiled validator is reused while the key is the same. Without it, the schema
   *  object itself is the key. */
  cacheKey?: string;
  maxProblems?: number;
}

const MAX_CACHED = 32;
let ajv: Ajv2020 | undefined;
/**
 * A compiled record schema. A Kadi export the direct checker understands (`kadiRecordCheck.ts`)
 * is checked by it; the general path (the export rewritten as the server checks records,
 * `kadiRecords.ts`, split, fast checks, ajv) is built only when asked for (`recordValidator`,
 * `validateRecordTextWithAjv`) or when the direct checker does not understand the export.
 */
interface RecordCheck {
  direct: KadiRecordCheck | undefined;
  /** The general path, built on first use. */
  general(): GeneralCheck;
}

interface GeneralCheck {
  validate: Check;
  kadi?: { schema: JsonSchemaObject; integers: boolean };
}

const byKey = new Map<string, RecordCheck>();
const bySchema = new WeakMap<object, RecordCheck>();

// One ajv instance per batch of compiled schemas, dropped with it: ajv keeps every schema it
// compiled, and a cache eviction must free them.
let compiledInInstance = 0;

/**
 * Kadi exports an empty `list` extra as `prefixItems: []`, which JSON Schema 2020-12 (and so
 * ajv) refuses; without the keyword the schema means the same (no item constrained). Only
 * schema positions of Kadi's exports are walked (`properties`, `prefixItems`), never values.
 */
function withoutEmptyPrefixItems(schema: JsonSchemaObject): JsonSchemaObject {
  let out = schema;
  const copy = (): JsonSchemaObject => (out === schema ? (out = { ...schema }) : out);
  if (Array.isArray(schema.prefixItems)) {
    if (schema.prefixItems.length === 0) delete copy().prefixItems;
    else {
      const items = schema.prefixItems.map((s) => (isSchema(s) ? withoutEmptyPrefixItems(s) : s));
      if (items.some((s, i) => s !== (schema.prefixItems as unknown[])[i])) copy().prefixItems = items;
    }
  }
  if (isSchema(schema.properties)) {
    const props = schema.properties as Record<string, unknown>;
    let changed = false;
    const next: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) {
      next[k] = isSchema(v) ? withoutEmptyPrefixItems(v) : v;
      if (next[k] !== v) changed = true;
    }
    if (changed) copy().properties = next;
  }
  return out;
}

function isSchema(v: unknown): v is JsonSchemaObject {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function compile(original: JsonSchemaObject): RecordCheck {
  const direct = isKadiExport(original) ? compileKadiCheck(original) : undefined;
  let general: GeneralCheck | undefined;
  // Not a schema the direct checker knows: compiled now (a schema ajv refuses throws here, as before).
  if (!direct) general = compileGeneral(original);
  return { direct, general: () => (general ??= compileGeneral(original)) };
}

function compileGeneral(original: JsonSchemaObject): GeneralCheck {
  const kadi = isKadiExport(original) ? rewriteKadiExport(original) : undefined;
  // The rewrite drops empty prefixItems itself.
  const schema = kadi?.schema ?? withoutEmptyPrefixItems(original);
  // Exports come from servers: unknown keywords and formats must not break validation.
  if (!ajv || compiledInInstance >= MAX_CACHED) {
    ajv = createAjv(false);
    compiledInInstance = 0;
  }
  compiledInInstance++;
  if (typeof schema.$id === 'string') ajv.removeSchema(schema.$id);
  return { validate: compileSplit(ajv, schema), kadi };
}

/** The compiled `schema`, cached by `cacheKey` (least recently used dropped). */
function recordCheck(schema: JsonSchemaObject, cacheKey?: string): RecordCheck {
  if (cacheKey === undefined) {
    let v = bySchema.get(schema);
    if (!v) bySchema.set(schema, (v = compile(schema)));
    return v;
  }
  const hit = byKey.get(cacheKey);
  if (hit) {
    byKey.delete(cacheKey);
    byKey.set(cacheKey, hit);
    return hit;
  }
  const entry = compile(schema);
  byKey.set(cacheKey, entry);
  if (byKey.size > MAX_CACHED) byKey.delete(byKey.keys().next().value!);
  return entry;
}

/**
 * The compiled validator of `schema` (errors or null) for a parsed document, cached by
 * `cacheKey`. For a Kadi export it checks what the server accepts, and expects the values as
 * the server reads them (`kadiValues`); integers written as floats need the text
 * (`validateRecordText`).
 */
export function recordValidator(schema: JsonSchemaObject, cacheKey?: string): Check {
  return recordCheck(schema, cacheKey).general().validate;
}

export function validateRecordText(text: string, schema: JsonSchemaObject, options: RecordValidationOptions = {}): Diagnostic[] {
  return validate(text, schema, options, false);
}

/**
 * `validateRecordText` by the general path (ajv) even for an export the direct checker
 * understands: the reference its tests compare the direct checker with.
 */
export function validateRecordTextWithAjv(text: string, schema: JsonSchemaObject, options: RecordValidationOptions = {}): Diagnostic[] {
  return validate(text, schema, options, true);
}

function validate(text: string, schema: JsonSchemaObject, options: RecordValidationOptions, forceAjv: boolean): Diagnostic[] {
  const max = options.maxProblems ?? 200;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return syntaxDiagnostics(text, max);
  }
  const check = recordCheck(schema, options.cacheKey);
  let problems: Problem[];
  if (check.direct && !forceAjv) {
    // Strings are read as the server reads them (kadiValues) where the checker looks at them.
    problems = kadiRecordProblems(check.direct, doc);
    // Paths into the export and the rewrite are the same: the integers are found in the export.
    if (check.direct.integers) problems.push(...intsWrittenAsFloats(text, schema));
  } else {
    const { validate, kadi } = check.general();
    if (kadi) doc = kadiValues(doc);
    problems = problemsFromAjv(validate(doc), doc);
    if (kadi?.integers) problems.push(...intsWrittenAsFloats(text, kadi.schema));
  }
  if (!problems.length) return [];
  return resolveProblems(text, capProblems(problems, max));
}

// ------------------------------------------------------------------------- skeleton

/**
 * A value not filled in: its default, else `null` ("not set": Kadi4Mat accepts it unless the
 * extra is required, and then says so) — never a made-up 0, false or "" that looks like data.
 * Dicts and lists get their members.
 */
function skeletonValue(s: unknown): unknown {
  if (typeof s !== 'object' || s === null) return null;
  const schema = s as JsonSchemaObject;
  if ('default' in schema) return structuredClone(schema.default);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || (type === undefined && schema.properties)) return skeletonObject(schema);
  if (type === 'array') return Array.isArray(schema.prefixItems) ? schema.prefixItems.map(skeletonValue) : [];
  return null;
}

/** Properties in order: required ones first, then `propertiesOrder`, then the rest. */
function skeletonObject(schema: JsonSchemaObject): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  const names = new Set<string>();
  for (const list of [schema.required, schema.propertiesOrder, Object.keys(props)]) {
    if (Array.isArray(list)) for (const n of list) if (typeof n === 'string' && n in props) names.add(n);
  }
  const out: Record<string, unknown> = {};
  for (const n of names) out[n] = skeletonValue(props[n]);
  return out;
}

/**
 * The text of a new record-metadata document for `schema`: every property with its default or
 * `null` (not set; dicts and lists with their members), required ones first; `$schema` first of
 * all when given (so JSON language features can find the schema).
 */
export function recordSkeleton(schema: JsonSchemaObject, schemaUri?: string): string {
  const body = skeletonObject(schema);
  const doc = schemaUri === undefined ? body : { $schema: schemaUri, ...body };
  return JSON.stringify(doc, null, 2) + '\n';
}
