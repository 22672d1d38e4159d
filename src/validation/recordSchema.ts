// Kadi's json-schema export (kadi-api.md §7.2, newest algorithm), reimplemented so that the
// extension can test a template's record schema without a round trip, and so that the
// sandbox's export can be cross-checked against it. Input may be a server template or an
// edited document: the extras are first brought into the form Kadi stores (filters, int/float
// always with a unit, other types without, dates in UTC, options deduplicated, empty
// validation removed, list children without keys).
import type { ExtrasMask, TemplateType } from '../kadi/types';
import { parseKadiDate } from './dates';
import { has, isExtraType, isNestedType, isNumericType, isPlainObject } from './kadiRules';
import { normalizeExtras } from './normalize';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

type Obj = Record<string, unknown>;
export type JsonSchemaObject = Record<string, unknown>;

/** A stored-form copy of an extra, or undefined for an entry Kadi would refuse outright. */
function stored(raw: unknown, inList: boolean): Obj | undefined {
  if (!isPlainObject(raw) || !isExtraType(raw.type)) return undefined;
  const e: Obj = { type: raw.type };
  if (!inList && typeof raw.key === 'string') e.key = raw.key;
  if (isNestedType(raw.type)) {
    e.value = storedList(Array.isArray(raw.value) ? raw.value : [], raw.type === 'list');
  } else {
    let v = has(raw, 'value') ? raw.value : null;
    if (raw.type === 'date' && typeof v === 'string') v = parseKadiDate(v) ?? v;
    e.value = v;
  }
  if (isNumericType(raw.type)) e.unit = typeof raw.unit === 'string' ? raw.unit : null;
  if (typeof raw.description === 'string') e.description = raw.description;
  if (typeof raw.term === 'string') e.term = raw.term;
  if (isPlainObject(raw.validation) && !isNestedType(raw.type)) {
    const v = raw.validation;
    const out: Obj = {};
    if (v.required === true) out.required = true;
    if (Array.isArray(v.options)) {
      const options = [...new Set(v.options.filter((o) => o !== null))];
      if (options.length) out.options = options;
    }
    if (isPlainObject(v.range)) {
      const min = typeof v.range.min === 'number' ? v.range.min : null;
      const max = typeof v.range.max === 'number' ? v.range.max : null;
      if (min !== null || max !== null) out.range = { min, max };
    }
    if (v.iri === true) out.iri = true;
    if (Object.keys(out).length) e.validation = out;
  }
  return e;
}

function storedList(list: unknown[], inList: boolean): Obj[] {
  return list.map((x) => stored(x, inList)).filter((x): x is Obj => x !== undefined);
}

/** The `filter.extras` exclusion mask of the export (§7): `{}` drops an entry, an object recurses. */
function applyMask(extras: Obj[], mask: ExtrasMask | undefined): Obj[] {
  if (!isPlainObject(mask)) return extras;
  const out: Obj[] = [];
  extras.forEach((e, i) => {
    const name = typeof e.key === 'string' ? e.key : String(i);
    if (!has(mask, name)) return void out.push(e);
    const sub = mask[name];
    if (isPlainObject(sub) && Object.keys(sub).length && isNestedType(e.type)) out.push({ ...e, value: applyMask(e.value as Obj[], sub) });
  });
  return out;
}

const BASE: Record<string, () => JsonSchemaObject> = {
  str: () => ({ type: 'string', minLength: 1 }),
  int: () => ({ type: 'integer' }),
  float: () => ({ type: 'number' }),
  bool: () => ({ type: 'boolean' }),
  date: () => ({ type: 'string', format: 'date-time' }),
};

function propertySchema(e: Obj): { schema: JsonSchemaObject; required: boolean } {
  const children = (e.value ?? []) as Obj[];
  let schema: JsonSchemaObject;
  if (e.type === 'dict') schema = { type: 'object', ...objectParts(children) };
  // Tuple semantics; the children's `required` flags have nowhere to go.
  else if (e.type === 'list') schema = { type: 'array', prefixItems: children.map((c) => propertySchema(c).schema) };
  else {
    schema = BASE[e.type as string]();
    if (e.value !== null && e.value !== undefined) schema.default = structuredClone(e.value);
  }
  if (has(e, 'unit')) schema.unit = { type: 'string', minLength: 1, ...(e.unit ? { default: e.unit } : {}) };
  const v = (e.validation ?? {}) as { required?: boolean; options?: unknown[]; range?: { min: number | null; max: number | null } };
  if (v.options) schema.enum = structuredClone(v.options);
  if (v.range && v.range.min !== null) schema.minimum = v.range.min;
  if (v.range && v.range.max !== null) schema.maximum = v.range.max;
  if (typeof e.description === 'string') schema.description = e.description;
  return { schema, required: v.required === true };
}

function objectParts(extras: Obj[]): JsonSchemaObject {
  const properties: JsonSchemaObject = {};
  const order: string[] = [];
  const required: string[] = [];
  extras.forEach((e, i) => {
    const name = typeof e.key === 'string' ? e.key : String(i);
    const p = propertySchema(e);
    properties[name] = p.schema;
    order.push(name);
    if (p.required) required.push(name);
  });
  return { properties, propertiesOrder: order, ...(required.length ? { required } : {}) };
}

export interface TemplateLike {
  type: TemplateType | string;
  data: unknown;
}

/** The JSON Schema Kadi exports for a template (GET …/export/json-schema), optionally masked. */
export function deriveRecordSchema(template: TemplateLike, mask?: ExtrasMask): JsonSchemaObject {
  const source = template.type === 'record' ? (isPlainObject(template.data) ? template.data.extras : []) : template.data;
  const copy = Array.isArray(source) ? structuredClone(source) : [];
  normalizeExtras(copy);
  const extras = applyMask(storedList(copy, false), mask);
  const out: JsonSchemaObject = { $schema: JSON_SCHEMA_DIALECT };
  if (extras.length) Object.assign(out, { type: 'object', ...objectParts(extras) });
  return out;
}
