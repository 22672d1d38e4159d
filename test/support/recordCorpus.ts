// Record-metadata documents for a template (valid, each rule broken, deterministic mutations),
// and the same metadata as the Kadi extras a record would be created with. Numbers can be
// written as in the text (`Raw`, e.g. 5.0): JSON.parse cannot tell 5.0 from 5, Kadi can.
import type { Rng } from './rng';

/** A number written exactly so (5.0, 1e3), in the document text and in the body sent to Kadi. */
export class Raw {
  constructor(readonly text: string) {}
}

export type Value = null | boolean | number | string | Raw | Value[] | { [key: string]: Value };
type Obj = { [key: string]: Value };

/** A template extra as GET /api/templates/<id> returns it. */
export interface TemplateExtra {
  key?: string;
  type: string;
  unit?: string | null;
  value: unknown;
  validation?: { required?: boolean; options?: unknown[]; range?: { min: number | null; max: number | null }; iri?: boolean };
}

export interface RecordDoc {
  name: string;
  value: Obj;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Raw);

/** JSON text with `Raw` numbers as written. */
export function toText(v: Value | unknown[] | Record<string, unknown>, indent = ''): string {
  if (v instanceof Raw) return v.text;
  const inner = indent + '  ';
  if (Array.isArray(v)) return v.length ? `[\n${v.map((x) => inner + toText(x as Value, inner)).join(',\n')}\n${indent}]` : '[]';
  if (isObj(v)) {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    return entries.length ? `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${toText(x, inner)}`).join(',\n')}\n${indent}}` : '{}';
  }
  return JSON.stringify(v);
}

// ------------------------------------------------------------ the metadata as Kadi extras

/** The Kadi type of a value no template extra describes. */
function inferredType(v: Value): string {
  if (v instanceof Raw) return /[.eE]/.test(v.text) ? 'float' : 'int';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  if (isObj(v)) return 'dict';
  return 'str';
}

function extra(template: TemplateExtra | undefined, key: string | undefined, v: Value | undefined): Record<string, unknown> {
  const type = template?.type ?? inferredType(v ?? null);
  const out: Record<string, unknown> = key === undefined ? { type } : { key, type };
  if (template && 'unit' in template) out.unit = template.unit;
  if (template?.validation) out.validation = template.validation;
  const children = (template?.value ?? []) as TemplateExtra[];
  if (type === 'dict' && isObj(v)) out.value = toExtras(v, children);
  else if (type === 'list' && Array.isArray(v)) out.value = v.map((x, i) => extra(children[i], undefined, x));
  else out.value = v === undefined ? null : v; // a wrong type goes as it is: Kadi judges it
  return out;
}

/**
 * The extras of a new record holding `doc`: one per template extra (a missing key: value null),
 * in the template's order, with its type, unit and validation; list items by position (fewer
 * items than the template: fewer extras); keys and items the template does not know with the
 * type of their value. `$schema` is not metadata.
 */
export function toExtras(doc: Obj, template: TemplateExtra[]): Record<string, unknown>[] {
  const out = template.map((t) => extra(t, t.key, doc[t.key!]));
  const known = new Set(template.map((t) => t.key));
  for (const [k, v] of Object.entries(doc)) if (!known.has(k) && k !== '$schema') out.push(extra(undefined, k, v));
  return out;
}

// ------------------------------------------------------------------------ the documents

const DATE = '2024-05-06T07:08:09+00:00';

/** A value Kadi and the export both accept for a scalar extra. */
function validValue(t: TemplateExtra): Value {
  const v = t.validation ?? {};
  if (v.options?.length) return v.options[0] as Value;
  switch (t.type) {
    case 'str':
      return v.iri ? 'https://example.org/ok' : 'some text';
    case 'int':
    case 'float': {
      const { min = null, max = null } = v.range ?? {};
      if (min !== null) return min;
      if (max !== null) return max;
      return t.type === 'int' ? 3 : 2.5;
    }
    case 'bool':
      return true;
    case 'date':
      return DATE;
  }
  throw new Error(`no valid value for ${t.type}`);
}

/** A filled-in record: every extra with a valid value. */
export function validRecord(template: TemplateExtra[]): Obj {
  const out: Obj = {};
  for (const t of template) out[t.key!] = validNested(t);
  return out;
}

function validNested(t: TemplateExtra): Value {
  const children = (t.value ?? []) as TemplateExtra[];
  if (t.type === 'dict') return validRecord(children);
  if (t.type === 'list') return children.map(validNested);
  return validValue(t);
}

/** Values of the wrong type, edge cases and doubtful forms for a scalar type. */
const BY_TYPE: Record<string, Value[]> = {
  str: [5, true, ['x'], { a: 'x' }, ' padded ', '\tx\n', 'ünïcødé ✓'],
  int: ['5', 1.5, true, new Raw('5.0'), new Raw('1e3'), new Raw('-0.0'), 0, -7, 9007199254740991, new Raw('9007199254740992'), new Raw('1e20'), [1], { a: 1 }],
  float: ['1.5', true, new Raw('2.0'), 7, new Raw('1e-3'), new Raw('1E+2'), -0.5, [1.5], new Raw('1e400')],
  bool: ['true', 1, 0, 'yes', [true], null],
  date: [
    5,
    '2024-01-02',
    '2024-01-02T10:00',
    '2024-01-02 10:00:00',
    '2024-01-02t10:00:00Z',
    '2024-01-02T10:00:00Z',
    '2024-01-02T10:00:00.123456789+01:00',
    '2024-01-02T10:00:00+0100',
    '2024-01-02T10:00:00+01',
    '2024-01-02T10:00:00-23:59',
    '2024-1-2T3:4:5',
    '2024-13-01T10:00:00Z',
    '2024-02-30T10:00:00Z',
    '2024-02-29T23:59:59Z',
    '20240102T100000Z',
    '2024-01-02T24:00:00Z',
    'yesterday',
    ' 2024-01-02T10:00:00Z ',
  ],
};

const BLANKS: Value[] = [null, '', '   '];

/** Values breaking (or testing the edge of) one extra; undefined: the key left out. */
function variantsOf(t: TemplateExtra): { what: string; value: Value | undefined }[] {
  const out: { what: string; value: Value | undefined }[] = [{ what: 'missing', value: undefined }];
  for (const b of BLANKS) out.push({ what: JSON.stringify(b), value: b });
  if (t.type === 'dict') {
    out.push({ what: '"x"', value: 'x' }, { what: '5', value: 5 }, { what: '[1]', value: [1] }, { what: '{}', value: {} });
    return out;
  }
  if (t.type === 'list') {
    const valid = validNested(t) as Value[];
    out.push({ what: '{}', value: {} }, { what: '"x"', value: 'x' }, { what: '[]', value: [] }, { what: 'longer', value: [...valid, 'more', 1] });
    return out;
  }
  for (const v of BY_TYPE[t.type] ?? []) out.push({ what: v instanceof Raw ? v.text : JSON.stringify(v), value: v });
  const val = t.validation ?? {};
  if (val.range) {
    const { min, max } = val.range;
    const step = t.type === 'int' ? 1 : 0.001;
    if (min !== null) out.push({ what: `min - ${step}`, value: min - step }, { what: 'min', value: min });
    if (max !== null) out.push({ what: `max + ${step}`, value: max + step }, { what: 'max', value: max });
  }
  if (val.options?.length) {
    const first = val.options[0];
    if (typeof first === 'string') out.push({ what: 'not an option', value: `${first}-other` }, { what: 'option upper-cased', value: first.toUpperCase() }, { what: 'option padded', value: ` ${first} ` });
    else if (typeof first === 'number') out.push({ what: 'not an option', value: first + 1 }, { what: 'option as float', value: new Raw(`${first}.0`) });
    for (const o of val.options.slice(1)) out.push({ what: `option ${JSON.stringify(o)}`, value: o as Value });
  }
  if (val.iri) {
    for (const bad of ['with space', 'a<b', 'x"y', 'a{b}', 'back\\slash', 'caret^', 'tick`']) out.push({ what: `IRI ${JSON.stringify(bad)}`, value: bad });
    out.push({ what: 'IRI relative', value: 'relative/path' });
  }
  return out;
}

/** Every extra of the template with its path of keys/indices. */
function leaves(template: TemplateExtra[], path: (string | number)[] = []): { path: (string | number)[]; t: TemplateExtra }[] {
  const out: { path: (string | number)[]; t: TemplateExtra }[] = [];
  template.forEach((t, i) => {
    const p = [...path, t.key ?? i];
    out.push({ path: p, t });
    if (t.type === 'dict' || t.type === 'list') out.push(...leaves((t.value ?? []) as TemplateExtra[], p));
  });
  return out;
}

/** `doc` with the value at `path` replaced (undefined: removed). */
function setAt(doc: Obj, path: (string | number)[], value: Value | undefined): Obj {
  const copy = structuredClone(doc) as Obj;
  restoreRaw(doc, copy);
  let parent: Value = copy;
  for (const seg of path.slice(0, -1)) parent = (parent as Obj)[seg as string];
  const last = path[path.length - 1];
  if (Array.isArray(parent) !== (typeof last === 'number') || !(Array.isArray(parent) || isObj(parent))) throw new Error('replaced above');
  if (Array.isArray(parent)) parent[last as number] = value as Value;
  else if (value === undefined) delete (parent as Obj)[last as string];
  else (parent as Obj)[last as string] = value;
  return copy;
}

/** structuredClone turns Raw into plain objects: put the originals back. */
function restoreRaw(from: Value, to: Value): void {
  if (Array.isArray(from)) from.forEach((x, i) => (x instanceof Raw ? ((to as Value[])[i] = x) : restoreRaw(x, (to as Value[])[i])));
  else if (isObj(from)) for (const [k, x] of Object.entries(from)) x instanceof Raw ? ((to as Obj)[k] = x) : restoreRaw(x, (to as Obj)[k]);
}

const UNKNOWN: Obj[] = [{ notes: 'x' }, { count_extra: 5 }, { ratio: new Raw('2.0') }, { nested_extra: { a: 1, b: 'x' } }, { list_extra: [1, 'a', true] }, { blank_extra: '  ' }, { null_extra: null }];

/**
 * The corpus of one template: the valid record, each extra missing / blank / of each wrong type
 * / out of range / not an option / a bad IRI, unknown keys, and `mutations` documents with 2–4 of
 * those changes at once (picked by `r`).
 */
export function recordCorpus(name: string, template: TemplateExtra[], r: Rng, mutations: number): RecordDoc[] {
  const valid = validRecord(template);
  const out: RecordDoc[] = [{ name: `${name}: valid`, value: valid }];
  const singles: { name: string; path: (string | number)[]; value: Value | undefined }[] = [];
  for (const { path, t } of leaves(template)) {
    // A list item cannot be left out without moving the ones after it: it is null instead.
    const inList = typeof path[path.length - 1] === 'number';
    for (const v of variantsOf(t)) if (!(inList && v.value === undefined)) singles.push({ name: `${path.join('.')} ${v.what}`, path, value: v.value });
  }
  for (const s of singles) out.push({ name: `${name}: ${s.name}`, value: setAt(valid, s.path, s.value) });
  for (const u of UNKNOWN) out.push({ name: `${name}: unknown ${Object.keys(u)[0]}`, value: { ...valid, ...u } });
  for (let i = 0; i < mutations; i++) {
    let doc = valid;
    const names: string[] = [];
    for (let n = 2 + r.int(3); n > 0; n--) {
      const s = r.pick(singles);
      // A change inside a value an earlier change replaced has nowhere to go.
      try {
        doc = setAt(doc, s.path, s.value);
        names.push(s.name);
      } catch {
        // skipped
      }
    }
    out.push({ name: `${name}: mutation ${i} (${names.join(', ')})`, value: doc });
  }
  return out;
}
