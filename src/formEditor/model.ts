// The form's view of a template document: the header fields and the extras as a tree, each
// node with its JSON path in the text. Built from the text on every change (JSON.parse only:
// about a millisecond at 1,000 extras, see scripts/bench-form-editor.ts). No `vscode` import.
import * as l10n from '../ui/l10n';
import type { JsonPath } from '../validation';
import { isNestedType, isPlainObject } from '../validation/kadiRules';

export interface ExtraNode {
  path: JsonPath;
  /** Absent for entries directly inside a list (Kadi drops their key). */
  key?: unknown;
  type: unknown;
  /** The default value of a scalar entry; dict/list entries have `children` instead. */
  value?: unknown;
  unit?: unknown;
  hasUnit: boolean;
  description?: unknown;
  term?: unknown;
  validation?: {
    required?: unknown;
    options?: unknown;
    range?: { min?: unknown; max?: unknown };
    iri?: unknown;
  };
  inList: boolean;
  children?: ExtraNode[];
}

export interface FormModel {
  kind: 'form';
  /** Record templates keep their extras in data.extras and name a license. */
  type: 'record' | 'extras';
  identifier: unknown;
  title: unknown;
  description: unknown;
  visibility: unknown;
  license?: unknown;
  /** Path of the extras array (`["data"]` or `["data", "extras"]`). */
  extrasPath: JsonPath;
  extras: ExtraNode[];
  /** How many extras in all, nested ones included. */
  count: number;
}

/** The text is not a template document the form can show; the text editor still can. */
export interface Unreadable {
  kind: 'unreadable';
  message: string;
}

function extraNodes(list: unknown[], base: JsonPath, inList: boolean, counter: { n: number }): ExtraNode[] {
  const out: ExtraNode[] = [];
  list.forEach((raw, i) => {
    const path = [...base, i];
    counter.n++;
    if (!isPlainObject(raw)) {
      out.push({ path, type: undefined, value: raw, hasUnit: false, inList });
      return;
    }
    const node: ExtraNode = { path, type: raw.type, hasUnit: 'unit' in raw, inList };
    if ('key' in raw) node.key = raw.key;
    if ('unit' in raw) node.unit = raw.unit;
    if ('description' in raw) node.description = raw.description;
    if ('term' in raw) node.term = raw.term;
    if (isPlainObject(raw.validation)) {
      const v = raw.validation;
      node.validation = { required: v.required, options: v.options, iri: v.iri };
      if (isPlainObject(v.range)) node.validation.range = { min: v.range.min, max: v.range.max };
    }
    if (isNestedType(raw.type) && Array.isArray(raw.value)) node.children = extraNodes(raw.value, [...path, 'value'], raw.type === 'list', counter);
    else node.value = raw.value;
    out.push(node);
  });
  return out;
}

/**
 * The form model of `text`. `knownType` is the type the server fixed (a `kadi:` document);
 * otherwise the document's own `type` decides.
 */
export function buildModel(text: string, knownType?: 'record' | 'extras'): FormModel | Unreadable {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { kind: 'unreadable', message: e instanceof Error ? e.message : String(e) };
  }
  if (!isPlainObject(doc)) return { kind: 'unreadable', message: l10n.t('not a JSON object') };
  const type = knownType ?? (doc.type === 'record' ? 'record' : doc.type === 'extras' ? 'extras' : undefined);
  if (!type) return { kind: 'unreadable', message: l10n.t('no "type" ("record" or "extras")') };
  const data = doc.data;
  const extrasPath: JsonPath = type === 'record' ? ['data', 'extras'] : ['data'];
  const list = type === 'record' ? (isPlainObject(data) ? data.extras : undefined) : data;
  if (list !== undefined && !Array.isArray(list)) return { kind: 'unreadable', message: l10n.t('{0} is not a list', type === 'record' ? 'data.extras' : 'data') };
  if (type === 'record' && data !== undefined && !isPlainObject(data)) return { kind: 'unreadable', message: l10n.t('data is not an object') };
  const counter = { n: 0 };
  const model: FormModel = {
    kind: 'form',
    type,
    identifier: doc.identifier,
    title: doc.title,
    description: doc.description,
    visibility: doc.visibility,
    extrasPath,
    extras: extraNodes(list ?? [], extrasPath, false, counter),
    count: counter.n,
  };
  if (type === 'record') model.license = isPlainObject(data) ? data.license : undefined;
  return model;
}
