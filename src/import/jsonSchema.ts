// JSON Schema → extras, by the rules of Kadi4Mat's importer
// (kadi/modules/templates/imports.py `_json_schema_to_extras`): the root's `properties` in
// `propertiesOrder` order, `type` → extra type (`format: date-time` → date, missing → str),
// `default` → value, `unit.default` → unit, `required` → required, `enum` → options,
// `minimum`/`maximum` → range, objects → dict, arrays → list (`items` or `prefixItems`).
// Where Kadi would fail on the whole file (tuple `items` of older drafts, a string `unit`,
// a boolean subschema, a recursive `$ref`) we go on and note it; README.md lists each case.
// No `vscode` import.
import type { DraftExtra, ImportNote, ImportOutcome } from './model';
import { ImportError } from './model';
import { MAX_DEPTH, isObject, parseJson, pointer } from './source';
import * as l10n from '../ui/l10n';

type Schema = Record<string, unknown>;
type Path = (string | number)[];

const TYPE_MAP: Record<string, string> = { string: 'str', integer: 'int', number: 'float', boolean: 'bool' };

/** Keywords that only organise the schema; their absence in the template loses nothing. */
const STRUCTURAL = new Set(['$schema', '$id', 'id', '$defs', 'definitions', '$comment', '$anchor', '$vocabulary', 'propertiesOrder']);
/** Keywords the mapping uses (others are noted as not carried over). */
const USED = new Set(['type', 'description', 'default', 'format', 'unit', 'enum', 'minimum', 'maximum', 'properties', 'required', 'items', 'prefixItems', '$ref']);

export function importJsonSchema(text: string, name = l10n.t('the schema')): ImportOutcome {
  const root = parseJson(text, name);
  if (!isObject(root)) throw new ImportError(l10n.t('{0} is not a JSON Schema: the top level must be an object.', name));
  const ctx = new Context(root);
  const resolved = ctx.deref(root, [], []);
  if (!resolved || !isObject(resolved.schema)) throw new ImportError(l10n.t('{0}: the top-level $ref does not lead to a schema object.', name));
  const top = resolved.schema;
  if (!('properties' in top) && !('$schema' in root) && top.type !== 'object') {
    throw new ImportError(l10n.t('{0} is not a JSON Schema of an object: it has no "properties".', name));
  }
  for (const k of ['allOf', 'anyOf', 'oneOf', 'if', 'patternProperties', 'additionalProperties', 'dependentSchemas', 'dependentRequired']) {
    if (k in top) ctx.note(resolved.path, l10n.t('"{0}" at the top level is not carried over', k));
  }
  const extras = ctx.objectExtras(top, resolved.path, resolved.refs, 0);
  const outcome: ImportOutcome = { extras, notes: ctx.notes };
  if (typeof top.title === 'string' && top.title.trim()) outcome.title = top.title.trim();
  else if (typeof root.title === 'string' && root.title.trim()) outcome.title = root.title.trim();
  if (typeof top.description === 'string' && top.description.trim()) outcome.description = top.description.trim();
  return outcome;
}

class Context {
  readonly notes: ImportNote[] = [];
  constructor(private readonly root: Schema) {}

  note(path: Path, message: string): void {
    this.notes.push({ at: pointer(path), message });
  }

  /** Follows `$ref`s (local JSON pointers, as jsonref resolves them), with their siblings ignored as jsonref does. */
  deref(schema: unknown, path: Path, refs: string[]): { schema: unknown; path: Path; refs: string[] } | undefined {
    let current = schema;
    let at = path;
    let seen = refs;
    while (isObject(current) && typeof current.$ref === 'string') {
      const ref = current.$ref;
      const siblings = Object.keys(current).filter((k) => k !== '$ref' && !STRUCTURAL.has(k));
      if (siblings.length) {
        const names = siblings.map((s) => `"${s}"`).join(', ');
        this.note(at, siblings.length === 1 ? l10n.t('next to "$ref", {0} is ignored (as Kadi4Mat does)', names) : l10n.t('next to "$ref", {0} are ignored (as Kadi4Mat does)', names));
      }
      if (!ref.startsWith('#')) {
        this.note(at, l10n.t('"$ref": "{0}" points outside this file; not followed, imported as text (str)', ref));
        return undefined;
      }
      if (seen.includes(ref)) {
        this.note(at, l10n.t('"$ref": "{0}" refers back to itself; the recursion is cut here', ref));
        return undefined;
      }
      const target = resolvePointer(this.root, ref.slice(1));
      if (target === undefined) {
        this.note(at, l10n.t('"$ref": "{0}" leads nowhere in this file; imported as text (str)', ref));
        return undefined;
      }
      seen = [...seen, ref];
      at = ref.slice(1) ? ref.slice(2).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) : [];
      current = target;
    }
    return { schema: current, path: at, refs: seen };
  }

  /** The extras of an object schema's `properties`, in Kadi's `propertiesOrder` order. */
  objectExtras(schema: Schema, path: Path, refs: string[], depth: number): DraftExtra[] {
    const props = schema.properties;
    if (props === undefined) return [];
    if (!isObject(props)) {
      this.note([...path, 'properties'], l10n.t('"properties" is not an object; left out'));
      return [];
    }
    const order = Array.isArray(schema.propertiesOrder) ? schema.propertiesOrder : [];
    const required = Array.isArray(schema.required) ? schema.required : [];
    for (const k of ['propertiesOrder', 'required'] as const) {
      if (schema[k] !== undefined && !Array.isArray(schema[k])) this.note([...path, k], l10n.t('"{0}" is not a list; left out', k));
    }
    // Python's sorted() is stable; keys missing from propertiesOrder sort as index 0 (Kadi's _order_func).
    const entries = Object.entries(props)
      .map((e, i) => ({ e, i, rank: Math.max(0, order.indexOf(e[0])) }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map((x) => x.e);
    return entries.map(([key, value]) => this.extra(key, value, [...path, 'properties', key], required.includes(key), refs, depth + 1));
  }

  private listExtras(items: unknown[], path: Path, refs: string[], depth: number): DraftExtra[] {
    return items.map((item, i) => this.extra(String(i), item, [...path, i], false, refs, depth + 1));
  }

  private extra(key: string, raw: unknown, path: Path, required: boolean, refs: string[], depth: number): DraftExtra {
    const extra: DraftExtra = { key, type: 'str', at: pointer(path) };
    if (depth > MAX_DEPTH) {
      this.note(path, l10n.t('nested deeper than {0} levels; cut here', MAX_DEPTH));
      return extra;
    }
    const r = this.deref(raw, path, refs);
    if (!r) return extra;
    const schema = r.schema;
    if (!isObject(schema)) {
      this.note(path, l10n.t('the schema {0} is not an object; imported as text (str)', JSON.stringify(schema)));
      return extra;
    }
    const at = r.path;
    if (schema.description !== undefined && schema.description !== null) extra.description = String(schema.description);
    let type = schema.type ?? inferType(schema);
    if (Array.isArray(type)) {
      // Every extra may be null, so ["number", "null"] loses nothing.
      if (type.filter((t) => t !== 'null').length > 1 || (type.length > 1 && type[0] === 'null')) {
        this.note([...at, 'type'], l10n.t('only the first of the types {0} is used', type.map((t) => JSON.stringify(t)).join(', ')));
      }
      type = type[0];
    }
    if (schema.type === undefined) {
      if (type === 'string') this.note(at, l10n.t('no "type"; imported as text (str)'));
      else this.note(at, l10n.t('no "type"; read as "{0}" from its keywords', String(type)));
    }
    const unused = Object.keys(schema).filter((k) => !USED.has(k) && !STRUCTURAL.has(k));
    if (type === 'object' || type === 'array') {
      extra.type = type === 'object' ? 'dict' : 'list';
      if (type === 'object') extra.value = this.objectExtras(schema, at, r.refs, depth);
      else if (schema.items !== undefined && schema.items !== true && schema.items !== false) {
        // Draft 4–2019-09 tuples are an `items` array: read as `prefixItems` (Kadi fails on them).
        extra.value = Array.isArray(schema.items)
          ? this.listExtras(schema.items, [...at, 'items'], r.refs, depth)
          : this.listExtras([schema.items], [...at, 'items'], r.refs, depth);
      } else extra.value = Array.isArray(schema.prefixItems) ? this.listExtras(schema.prefixItems, [...at, 'prefixItems'], r.refs, depth) : [];
      const left = unused.filter((k) => k !== 'title').concat(schema.default !== undefined ? ['default'] : []);
      if (left.length) this.note(at, l10n.t('not carried over: {0}', left.join(', ')));
      if (typeof schema.title === 'string' && schema.title !== key) this.note(at, l10n.t('title "{0}" not carried over', schema.title));
      return extra;
    }
    if (type === 'string') extra.type = schema.format === 'date-time' ? 'date' : 'str';
    else extra.type = TYPE_MAP[String(type)] ?? 'str';
    if (type !== 'string' && !TYPE_MAP[String(type)]) this.note([...at, 'type'], l10n.t('type {0} imported as text (str)', JSON.stringify(type)));
    if (schema.default !== undefined && schema.default !== null) extra.value = schema.default;
    if (schema.unit !== undefined) {
      const unit = schema.unit;
      // Kadi's export writes {"type": "string", "default": "K"}; a plain string is read as the unit too.
      extra.unit = isObject(unit) ? (unit.default ?? null) : typeof unit === 'string' ? unit : null;
      if (typeof unit === 'string') this.note([...at, 'unit'], l10n.t('"unit" is text, not {"default": …} as Kadi4Mat writes it; read as the unit "{0}"', unit));
    }
    const validation: NonNullable<DraftExtra['validation']> = {};
    if (required) validation.required = true;
    if (schema.enum !== undefined) {
      if (Array.isArray(schema.enum)) validation.options = schema.enum;
      else this.note([...at, 'enum'], l10n.t('"enum" is not an array; left out'));
    }
    const min = schema.minimum;
    const max = schema.maximum;
    if ((min !== undefined && min !== null) || (max !== undefined && max !== null)) validation.range = { min: min ?? null, max: max ?? null };
    if (Object.keys(validation).length) extra.validation = validation;
    const left = unused.filter((k) => k !== 'title' && !(k === 'minLength' && schema.minLength === 1 && type === 'string'));
    if (schema.format !== undefined && schema.format !== 'date-time') left.push('format');
    if (left.length) this.note(at, l10n.t('not carried over: {0}', left.map((k) => (k === 'format' ? `format "${String(schema.format)}"` : k)).join(', ')));
    if (typeof schema.title === 'string' && schema.title !== key) this.note(at, l10n.t('title "{0}" not carried over', schema.title));
    return extra;
  }
}

/** No `type`: "object" when it has properties, "array" with items, else Kadi's fallback "string". */
function inferType(schema: Schema): string {
  if (isObject(schema.properties)) return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  return 'string';
}

function resolvePointer(root: unknown, ptr: string): unknown {
  if (ptr === '') return root;
  if (!ptr.startsWith('/')) return undefined;
  let node: unknown = root;
  for (const raw of ptr.slice(1).split('/')) {
    let seg = raw;
    try {
      seg = decodeURIComponent(raw); // "#/$defs/a%20b" is a URI fragment
    } catch {
      /* a stray "%": taken as written */
    }
    seg = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(seg)];
    else if (isObject(node)) node = Object.prototype.hasOwnProperty.call(node, seg) ? node[seg] : undefined;
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}
