// Template exports of the Kadi4Mat sandbox (kadi-api.md §7): json, json-schema and SHACL,
// after the `filter` query parameter's exclusion mask. Pure functions; the server sends them.
import type { Extra, ExportFilter, ExtrasMask, RecordTemplateData, Template } from '../kadi/types';
import { isPlainObject, pyFloatRepr } from './validation/common';

const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Parse the `filter` query parameter (URL-decoded string); invalid JSON or non-object → {}. */
export function parseExportFilter(raw: string | null | undefined): ExportFilter {
  if (!raw) return {};
  try {
    const v: unknown = JSON.parse(raw);
    return isPlainObject(v) ? (v as ExportFilter) : {};
  } catch {
    return {};
  }
}

const clone = <T>(v: T): T => structuredClone(v);

/** Python truthiness of a JSON value (`user` is read as `filter.get("user", False)`). */
function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  return Boolean(v);
}

const isNested = (e: Extra): boolean => (e.type === 'dict' || e.type === 'list') && Array.isArray(e.value);

/**
 * Apply the `extras` exclusion mask. An entry is addressed by its key (list children by their
 * index string); a non-empty object recurses into a dict/list value, anything else named in the
 * mask removes the entry.
 */
export function filterExtras(extras: readonly Extra[], mask: unknown): Extra[] {
  if (!isPlainObject(mask)) return clone([...extras]);
  const out: Extra[] = [];
  extras.forEach((extra, i) => {
    const name = extra.key ?? String(i);
    if (!Object.prototype.hasOwnProperty.call(mask, name)) {
      out.push(clone(extra));
      return;
    }
    const sub = mask[name];
    if (isPlainObject(sub) && Object.keys(sub).length && isNested(extra)) {
      out.push({ ...clone(extra), value: filterExtras(extra.value as Extra[], sub as ExtrasMask) });
    }
  });
  return out;
}

/** The extras a template exports: `data` of an extras template, `data.extras` of a record template. */
function sourceExtras(template: Template, filter: ExportFilter): Extra[] {
  const extras = template.type === 'record' ? (template.data as RecordTemplateData).extras : (template.data as Extra[]);
  return filterExtras(extras ?? [], filter.extras);
}

const wantsUser = (template: Template, filter: ExportFilter, includeUser: boolean): boolean =>
  includeUser && !truthy(filter.user) && template.creator !== undefined;

/** §7.1 json export (object, serialised by the server). `includeUser` false → no creator. */
export function exportJson(template: Template, filter: ExportFilter, opts: { includeUser: boolean }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const dropped = new Set(['visibility', 'plain_description', 'state', '_links', '_actions', 'creator', 'data']);
  for (const [k, v] of Object.entries(template)) if (!dropped.has(k)) out[k] = clone(v);
  if (template.type === 'record') {
    out.data = { ...clone(template.data as RecordTemplateData), extras: sourceExtras(template, filter) };
  } else {
    out.data = sourceExtras(template, filter);
  }
  if (wantsUser(template, filter, opts.includeUser)) {
    const c = template.creator!;
    out.creator = { id: c.id, displayname: c.displayname, orcid: c.orcid };
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// JSON Schema (newest algorithm)

interface PropertySchema {
  schema: Record<string, unknown>;
  required: boolean;
}

function extraSchema(extra: Extra): PropertySchema {
  let schema: Record<string, unknown>;
  switch (extra.type) {
    case 'str':
      schema = { type: 'string', minLength: 1 };
      break;
    case 'int':
      schema = { type: 'integer' };
      break;
    case 'float':
      schema = { type: 'number' };
      break;
    case 'bool':
      schema = { type: 'boolean' };
      break;
    case 'date':
      schema = { type: 'string', format: 'date-time' };
      break;
    case 'dict':
      schema = { type: 'object', ...objectSchema((extra.value as Extra[] | null) ?? []) };
      break;
    case 'list':
      // Tuple semantics; the children's `required` flags have nowhere to go.
      schema = { type: 'array', prefixItems: ((extra.value as Extra[] | null) ?? []).map((c) => extraSchema(c).schema) };
      break;
  }
  const nested = extra.type === 'dict' || extra.type === 'list';
  if (!nested && extra.value !== null && extra.value !== undefined) schema.default = clone(extra.value);
  if ('unit' in extra) {
    const unit: Record<string, unknown> = { type: 'string', minLength: 1 };
    if (extra.unit) unit.default = extra.unit;
    schema.unit = unit;
  }
  const v = extra.validation ?? {};
  if (v.options) schema.enum = clone(v.options);
  if (v.range?.min !== null && v.range?.min !== undefined) schema.minimum = v.range.min;
  if (v.range?.max !== null && v.range?.max !== undefined) schema.maximum = v.range.max;
  if (extra.description !== undefined) schema.description = extra.description;
  return { schema, required: v.required === true };
}

/** properties / propertiesOrder / required of a list of keyed extras (list children: index). */
function objectSchema(extras: readonly Extra[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const order: string[] = [];
  const required: string[] = [];
  extras.forEach((extra, i) => {
    const name = extra.key ?? String(i);
    const p = extraSchema(extra);
    properties[name] = p.schema;
    order.push(name);
    if (p.required) required.push(name);
  });
  const out: Record<string, unknown> = { properties, propertiesOrder: order };
  if (required.length) out.required = required;
  return out;
}

/** §7.2 json-schema export (newest algorithm). */
export function exportJsonSchema(template: Template, filter: ExportFilter): Record<string, unknown> {
  const extras = sourceExtras(template, filter);
  const out: Record<string, unknown> = { $schema: JSON_SCHEMA_DIALECT };
  if (extras.length) Object.assign(out, { type: 'object', ...objectSchema(extras) });
  return out;
}

// ---------------------------------------------------------------------------------------
// SHACL (Turtle)

const PREFIXES: [string, string][] = [
  ['dcterms', 'http://purl.org/dc/terms/'],
  ['owl', 'http://www.w3.org/2002/07/owl#'],
  ['sh', 'http://www.w3.org/ns/shacl#'],
  ['xsd', 'http://www.w3.org/2001/XMLSchema#'],
];

/** Python's `urllib.parse.quote(s, safe)`: UTF-8 percent-encoding of all but [A-Za-z0-9_.~-] and `safe`. */
export function pyQuote(s: string, safe = '/'): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.~-]/.test(c) || (byte < 0x80 && safe.includes(c)) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `<iri>` with the characters Turtle forbids in IRIREF written as \u escapes. */
function iriRef(iri: string): string {
  return `<${iri.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}>`;
}

/** A string literal with Turtle escapes. */
function str(s: string): string {
  const esc: Record<string, string> = { '\t': '\\t', '\b': '\\b', '\n': '\\n', '\r': '\\r', '\f': '\\f', '"': '\\"', '\\': '\\\\' };
  return `"${s.replace(/[\u0000-\u001f"\\\u007f]/g, (c) => esc[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}"`;
}
const en = (s: string): string => `${str(s)}@en`;

// A prefixed name is used when the local part is a plain PN_LOCAL (percent escapes allowed).
const PN_LOCAL = /^(?:[A-Za-z0-9_:]|%[0-9A-Fa-f]{2})(?:(?:[A-Za-z0-9_:.-]|%[0-9A-Fa-f]{2})*(?:[A-Za-z0-9_:-]|%[0-9A-Fa-f]{2}))?$/;

interface ShaclContext {
  prefix: string; // e.g. "k4m7"
  ns: string; // e.g. "http://127.0.0.1:5000/templates/7#"
}

function nsTerm(ctx: ShaclContext, local: string): string {
  return PN_LOCAL.test(local) ? `${ctx.prefix}:${local}` : iriRef(ctx.ns + local);
}

/** A value as a typed literal matching the property's sh:datatype. */
function literal(extra: Extra, v: unknown): string {
  switch (extra.type) {
    case 'int':
      return String(v);
    case 'float':
      return `"${pyFloatRepr(v as number)}"^^xsd:float`;
    case 'bool':
      return v ? 'true' : 'false';
    case 'date':
      return `${str(String(v))}^^xsd:dateTime`;
    default:
      return extra.validation?.iri ? `${str(String(v))}^^xsd:anyURI` : str(String(v));
  }
}

/**
 * A range bound as rdflib writes an untyped `Literal(min_value)`: an int as xsd:integer, a
 * float as xsd:double in Turtle's short form, i.e. Python's "%e" with the zeros trimmed
 * ("1e+01", "1.5e-03"; only 7 significant digits survive, as in Kadi's export).
 */
function rangeLiteral(extra: Extra, v: number): string {
  if (extra.type === 'int') return String(v);
  const [mantissa, exp] = v.toExponential(6).split('e');
  const e = Number(exp);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`.replace(/\.?0*e/, 'e');
}

const DATATYPES: Partial<Record<Extra['type'], string>> = {
  str: 'xsd:string',
  int: 'xsd:integer',
  float: 'xsd:float',
  bool: 'xsd:boolean',
  date: 'xsd:dateTime',
};

type PredObj = [string, string];

function block(subject: string, pos: PredObj[]): string {
  return `${subject}\n${pos.map(([p, o], i) => `    ${p} ${o}${i === pos.length - 1 ? ' .' : ' ;'}`).join('\n')}\n`;
}

function propertyNode(pos: PredObj[]): string {
  return `[\n${pos.map(([p, o], i) => `        ${p} ${o}${i === pos.length - 1 ? '' : ' ;'}`).join('\n')}\n    ]`;
}

/** Adds one node shape (and, after it, its nested shapes) to `blocks`. */
function shapeBlocks(
  ctx: ShaclContext,
  subject: string,
  header: PredObj[],
  extras: readonly Extra[],
  keyPrefix: string,
  blocks: string[],
): void {
  const pos: PredObj[] = [['a', 'sh:NodeShape'], ...header];
  const props: PredObj[] = [];
  const nested: (() => void)[] = [];
  extras.forEach((extra, index) => {
    const key = extra.key ?? String(index);
    const path = `${keyPrefix}${key}`;
    const p: PredObj[] = [
      ['sh:name', en(key)],
      ['sh:order', String(index)],
      ['sh:path', extra.term !== undefined ? iriRef(extra.term) : nsTerm(ctx, pyQuote(path, ''))],
      ['sh:maxCount', '1'],
    ];
    if (extra.description !== undefined) p.push(['sh:description', en(extra.description)]);
    if (extra.type === 'dict' || extra.type === 'list') {
      // Kadi names the nested node shape like the property path (k4m7:sample), term or not.
      const shape = nsTerm(ctx, pyQuote(path, ''));
      pos.push(['owl:imports', shape]);
      p.push(['sh:qualifiedValueShape', shape]);
      const children = Array.isArray(extra.value) ? (extra.value as Extra[]) : [];
      nested.push(() => shapeBlocks(ctx, shape, [['dcterms:title', en(key)]], children, `${path}.`, blocks));
    } else {
      const v = extra.validation ?? {};
      p.push(['sh:datatype', extra.type === 'str' && v.iri ? 'xsd:anyURI' : DATATYPES[extra.type]!]);
      if (extra.value !== null && extra.value !== undefined) p.push(['sh:defaultValue', literal(extra, extra.value)]);
      if (v.required) p.push(['sh:minCount', '1']);
      if (v.options?.length) p.push(['sh:in', `( ${v.options.map((o) => literal(extra, o)).join(' ')} )`]);
      if (v.range?.min !== null && v.range?.min !== undefined) p.push(['sh:minInclusive', rangeLiteral(extra, v.range.min)]);
      if (v.range?.max !== null && v.range?.max !== undefined) p.push(['sh:maxInclusive', rangeLiteral(extra, v.range.max)]);
    }
    props.push(['sh:property', propertyNode(p)]);
  });
  blocks.push(block(subject, [...pos, ...props]));
  for (const n of nested) n();
}

/** §7.3 SHACL as Turtle text. `webBase` e.g. "http://127.0.0.1:5000" (web URLs are `${webBase}/templates/<id>`, users `${webBase}/users/<id>`). */
export function exportShacl(template: Template, filter: ExportFilter, opts: { includeUser: boolean; webBase: string }): string {
  const base = opts.webBase.replace(/\/+$/, '');
  const root = `${base}/templates/${template.id}`;
  const ctx: ShaclContext = { prefix: `k4m${template.id}`, ns: `${root}#` };

  const header: PredObj[] = [['dcterms:title', en(template.title)]];
  const created = /^\d{4}-\d{2}-\d{2}/.exec(template.created_at);
  if (created) header.push(['dcterms:created', `${str(created[0])}^^xsd:date`]);
  if (template.description) header.push(['dcterms:description', en(template.description)]);
  if (wantsUser(template, filter, opts.includeUser)) {
    const c = template.creator!;
    header.push(['dcterms:creator', iriRef(c.orcid ? `https://orcid.org/${c.orcid}` : `${base}/users/${c.id}`)]);
  }

  const blocks: string[] = [];
  shapeBlocks(ctx, iriRef(root), header, sourceExtras(template, filter), '', blocks);
  const prefixes = [[ctx.prefix, ctx.ns] as [string, string], ...PREFIXES]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([p, iri]) => `@prefix ${p}: ${iriRef(iri)} .`)
    .join('\n');
  return `${prefixes}\n\n${blocks.join('\n')}`;
}
