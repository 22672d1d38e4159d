// Form actions → one minimal text edit on the template document. The text stays the single
// source of truth: each action is applied with jsonc-parser's `modify` (which formats only
// what it inserts, in the document's own indentation and line ends) and the result is reduced
// to the one span that changed, so everything else — comments aside, number spellings like
// `5.0`, the order of keys, blank lines — is left exactly as it was, and one form action is one
// undo step. No `vscode` import.
import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions, type Node } from 'jsonc-parser';
import type { JsonPath, TextEdit } from '../validation';
import { isNestedType, isNumericType, isPlainObject } from '../validation/kadiRules';
import { Locator } from '../validation/locate';
import { valueAt } from '../validation/pointer';
import { inPlace, refused, samePath } from './paths';

export type FormAction =
  /** Set a value; `undefined` removes the property. Emptied `validation`/`range` objects go too. */
  | { kind: 'set'; path: JsonPath; value: unknown }
  /** Insert a new entry into the extras array at `parent` (at `index`, default: the end). */
  | { kind: 'add'; parent: JsonPath; index?: number; type?: string }
  | { kind: 'remove'; path: JsonPath }
  /** A copy right after the entry, its key made unique among its siblings. */
  | { kind: 'duplicate'; path: JsonPath }
  /** Swap the entry with its previous (-1) or next (+1) sibling. */
  | { kind: 'move'; path: JsonPath; by: -1 | 1 }
  /** Change an entry's type, converting its value and dropping what the new type cannot have. */
  | { kind: 'setType'; path: JsonPath; type: string }
  /**
   * Move the entry into the extras array `to` (the top level or a dict's/list's `value`), before
   * its element `index` (counted as before the move). Into a list its key goes; into a dict or the
   * top level it gets one (its own when free, else made unique; `item` for a list item).
   */
  | { kind: 'relocate'; path: JsonPath; to: JsonPath; index: number };

/** Indentation and line ends of `text` (2 spaces and "\n" when nothing is indented yet). */
export function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(text);
  if (m && m[1][0] === '\t') return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: m ? m[1].length : 2, eol };
}

/** `text` with non-overlapping `edits` applied. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

/** The one span where `before` and `after` differ, or undefined when they are equal. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { offset: start, length: before.length - start - end, newText: after.slice(start, after.length - end) };
}

function set(text: string, path: JsonPath, value: unknown, options: FormattingOptions, insert = false): string {
  return applyEdits(text, modify(text, path, value, { formattingOptions: options, isArrayInsertion: insert }));
}

function nodeAt(text: string, path: JsonPath): Node | undefined {
  const root = parseTree(text);
  return root && findNodeAtLocation(root, path);
}

function parsed(text: string): unknown {
  return JSON.parse(text);
}

/** `base`, or `base_2`, `base_3`… — the first not among `taken` (as the duplicate-key fix names them). */
export function uniqueKey(base: string, taken: Iterable<unknown>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

function siblingKeys(list: unknown): unknown[] {
  return Array.isArray(list) ? list.map((e) => (isPlainObject(e) ? e.key : undefined)) : [];
}

/** The entry a new extra starts as. Entries directly inside a list have no key. */
export function newEntry(type: string, inList: boolean, taken: unknown[]): Record<string, unknown> {
  const e: Record<string, unknown> = {};
  if (!inList) e.key = uniqueKey('new_field', taken);
  e.type = type;
  e.value = isNestedType(type) ? [] : null;
  if (isNumericType(type)) e.unit = null;
  return e;
}

/** The value of an entry after its type changed: kept where it still fits, else empty. */
export function convertValue(value: unknown, type: string): unknown {
  if (isNestedType(type)) return Array.isArray(value) ? value : [];
  if (value === null || value === undefined || Array.isArray(value) || isPlainObject(value)) return null;
  switch (type) {
    case 'str':
      return String(value);
    case 'int': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isInteger(n) ? n : null;
    }
    case 'float': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) ? n : null;
    }
    case 'bool':
      return typeof value === 'boolean' ? value : null;
    default:
      return typeof value === 'string' ? value : null;
  }
}

/** After removing or clearing inside `validation`, drop a range with no bounds and an empty `validation`. */
function prune(text: string, path: JsonPath, options: FormattingOptions): string {
  const at = path.indexOf('validation');
  if (at < 0) return text;
  const entryPath = path.slice(0, at);
  const v = valueAt(parsed(text), [...entryPath, 'validation']);
  if (!isPlainObject(v)) return text;
  if (path[at + 1] === 'range' && isPlainObject(v.range) && v.range.min == null && v.range.max == null) {
    text = set(text, [...entryPath, 'validation', 'range'], undefined, options);
    delete v.range;
  }
  return Object.keys(v).length === 0 ? set(text, [...entryPath, 'validation'], undefined, options) : text;
}

function duplicate(text: string, path: JsonPath, options: FormattingOptions): string {
  const node = nodeAt(text, path);
  if (!node) return text;
  const index = path[path.length - 1] as number;
  const listPath = path.slice(0, -1);
  // A copy of the element's own text keeps its spelling (`5.0` stays `5.0`).
  const raw = text.slice(node.offset, node.offset + node.length);
  const lineStart = text.lastIndexOf('\n', node.offset) + 1;
  const indent = text.slice(lineStart, node.offset);
  const sep = /^[ \t]*$/.test(indent) ? `,${options.eol}${indent}` : ', ';
  const end = node.offset + node.length;
  let out = text.slice(0, end) + sep + raw + text.slice(end);
  const list = valueAt(parsed(out), listPath);
  const copy = Array.isArray(list) ? list[index + 1] : undefined;
  if (isPlainObject(copy) && typeof copy.key === 'string') {
    const taken = siblingKeys(list).filter((_, i) => i !== index + 1);
    out = set(out, [...path.slice(0, -1), index + 1, 'key'], uniqueKey(copy.key, taken), options);
  }
  return out;
}

function move(text: string, path: JsonPath, by: -1 | 1): string {
  const index = path[path.length - 1] as number;
  const other = index + by;
  if (other < 0) return text;
  const a = nodeAt(text, [...path.slice(0, -1), Math.min(index, other)]);
  const b = nodeAt(text, [...path.slice(0, -1), Math.max(index, other)]);
  if (!a || !b) return text;
  // Siblings sit at the same depth, so swapping their texts keeps the indentation right.
  const aText = text.slice(a.offset, a.offset + a.length);
  const bText = text.slice(b.offset, b.offset + b.length);
  const between = text.slice(a.offset + a.length, b.offset);
  return text.slice(0, a.offset) + bText + between + aText + text.slice(b.offset + b.length);
}

function setType(text: string, path: JsonPath, type: string, options: FormattingOptions): string {
  const entry = valueAt(parsed(text), path);
  if (!isPlainObject(entry)) return set(text, [...path, 'type'], type, options);
  let out = set(text, [...path, 'type'], type, options);
  const value = convertValue(entry.value, type);
  if (JSON.stringify(value) !== JSON.stringify(entry.value)) out = set(out, [...path, 'value'], value, options);
  // Kadi stores `unit` exactly for numbers; options, range and iri only where the type takes them.
  if (isNumericType(type) && !('unit' in entry)) out = set(out, [...path, 'unit'], null, options);
  if (!isNumericType(type) && 'unit' in entry) out = set(out, [...path, 'unit'], undefined, options);
  const v = entry.validation;
  if (isPlainObject(v)) {
    const drop: string[] = [];
    if ('options' in v && !['str', 'int', 'float'].includes(type)) drop.push('options');
    if ('range' in v && !isNumericType(type)) drop.push('range');
    if ('iri' in v && type !== 'str') drop.push('iri');
    for (const f of drop) out = set(out, [...path, 'validation', f], undefined, options);
    if (drop.length) out = prune(out, [...path, 'validation', drop[0]], options);
  }
  return out;
}

/**
 * The text after `action`, computed on the whole text: the reference that `editFor`'s scoped
 * fast path is tested against. Throws when the text is not JSON (the form is not shown then).
 */
export function applyAction(text: string, action: FormAction, options = formattingOf(text)): string {
  switch (action.kind) {
    case 'set': {
      const out = set(text, action.path, action.value, options);
      return action.value === undefined || action.value === null ? prune(out, action.path, options) : out;
    }
    case 'relocate':
      return applyTextEdits(text, relocateEdits(text, action, options));
    case 'add': {
      const list = valueAt(parsed(text), action.parent);
      const length = Array.isArray(list) ? list.length : 0;
      const inList = isListValue(text, action.parent);
      const entry = newEntry(action.type ?? 'str', inList, siblingKeys(list));
      if (!Array.isArray(list)) return set(text, action.parent, [entry], options);
      return set(text, [...action.parent, action.index ?? length], entry, options, true);
    }
    case 'remove':
      return set(text, action.path, undefined, options);
    case 'duplicate':
      return duplicate(text, action.path, options);
    case 'move':
      return move(text, action.path, action.by);
    case 'setType':
      return setType(text, action.path, action.type, options);
  }
}

/** Whether the array at `parent` (…, "value") is the value of a `list` entry. */
function isListValue(text: string, parent: JsonPath): boolean {
  if (parent[parent.length - 1] !== 'value') return false;
  const owner = valueAt(parsed(text), parent.slice(0, -1));
  return isPlainObject(owner) && owner.type === 'list';
}

/** The one minimal edit that performs `action` on `text`, or undefined when it changes nothing. */
export function editFor(text: string, action: FormAction): TextEdit | undefined {
  JSON.parse(text); // the fast paths below assume valid JSON (and the Locator needs it)
  if (action.kind === 'relocate') return minimalEdit(text, applyAction(text, action));
  const fast = scopedEdit(text, action);
  return fast !== undefined ? fast || undefined : minimalEdit(text, applyAction(text, action));
}

/**
 * The edits that perform `action` (none when it changes nothing), to be applied together as one
 * WorkspaceEdit (one undo step). A relocation is two: the entry's text goes from one place and
 * comes in at the other, and the lines between them are left alone.
 */
export function editsFor(text: string, action: FormAction): TextEdit[] {
  if (action.kind !== 'relocate') {
    const e = editFor(text, action);
    return e ? [e] : [];
  }
  JSON.parse(text);
  return relocateEdits(text, action, formattingOf(text));
}

// ------------------------------------------------------------------------ the fast paths
// jsonc-parser's `modify` builds a tree of the whole document on every call: 9–50 ms per action
// at 1,000 extras, over a second at 10,000. An action touches one extras entry, so the fast
// paths find that entry with the validation engine's Locator (one forward scan that skips
// everything else) and run the same `applyAction` on the entry's text alone (taken from the
// start of its line, so `modify` sees the right indentation), or move/copy element texts.
// The unit tests check that they give exactly what `applyAction` gives on the whole text.

/** The top-level extras entry a path is in: ["data", 3, "value", 0, "key"] → ["data", 3]. */
function entryOf(path: JsonPath): JsonPath | undefined {
  const i = path.findIndex((seg) => typeof seg === 'number');
  return i > 0 ? path.slice(0, i + 1) : undefined;
}

function locate(text: string, paths: JsonPath[]): Locator {
  const loc = new Locator(text);
  for (const p of paths) loc.want(p);
  return loc.run();
}

/** The text of the entry at `entry` from the start of its line, and where it sits. */
function entryText(text: string, entry: JsonPath): { start: number; end: number; snippet: string } | undefined {
  const { node, missing } = locate(text, [entry]).get(entry);
  if (missing) return undefined;
  const lineStart = text.lastIndexOf('\n', node.value.offset - 1) + 1;
  const start = /^[ \t]*$/.test(text.slice(lineStart, node.value.offset)) ? lineStart : node.value.offset;
  const end = node.value.offset + node.value.length;
  return { start, end, snippet: text.slice(start, end) };
}

/** The edit, '' when the action changes nothing, undefined when no fast path applies. */
function scopedEdit(text: string, action: FormAction): TextEdit | '' | undefined {
  const options = formattingOf(text);
  if (action.kind === 'move') {
    const index = action.path[action.path.length - 1];
    if (typeof index !== 'number') return undefined;
    const other = index + action.by;
    if (other < 0) return '';
    const list = action.path.slice(0, -1);
    const [a, b] = [Math.min(index, other), Math.max(index, other)].map((i) => [...list, i]);
    const loc = locate(text, [a, b]);
    const ga = loc.get(a);
    const gb = loc.get(b);
    if (ga.missing || gb.missing) return '';
    const A = ga.node.value;
    const B = gb.node.value;
    const swapped = text.slice(B.offset, B.offset + B.length) + text.slice(A.offset + A.length, B.offset) + text.slice(A.offset, A.offset + A.length);
    return shrink(text, A.offset, B.offset + B.length, swapped);
  }
  const entry = entryOf(action.kind === 'add' ? [...action.parent, 0] : action.path);
  if (!entry) return undefined;
  const inside = action.kind === 'add' ? action.parent.length >= entry.length : action.path.length > entry.length;
  if (!inside) {
    if (action.kind === 'remove') return removeElement(text, action.path);
    if (action.kind === 'duplicate') return duplicateElement(text, action.path, options);
    if (action.kind === 'add') return appendEntry(text, action, options);
    return undefined;
  }
  const at = entryText(text, entry);
  if (!at) return undefined;
  const shift = (p: JsonPath) => p.slice(entry.length);
  const local: FormAction = action.kind === 'add' ? { ...action, parent: shift(action.parent) } : { ...action, path: shift(action.path) };
  // A list's children have no key: `add` asks the entry text, which knows its own type.
  return shrink(text, at.start, at.end, applyAction(at.snippet, local, options));
}

/** The minimal edit replacing text[start, end) by `replacement`. */
function shrink(text: string, start: number, end: number, replacement: string): TextEdit | '' {
  const e = minimalEdit(text.slice(start, end), replacement);
  return e ? { offset: start + e.offset, length: e.length, newText: e.newText } : '';
}

/** Removes an element with one separating comma and the line break before it. */
function removeElement(text: string, path: JsonPath): TextEdit | '' | undefined {
  const index = path[path.length - 1];
  if (typeof index !== 'number') return undefined;
  const list = path.slice(0, -1);
  const loc = locate(text, index > 0 ? [path, [...list, index - 1]] : [path, [...list, index + 1]]);
  const self = loc.get(path);
  if (self.missing) return '';
  const v = self.node.value;
  if (index > 0) {
    // From the end of the previous element: its comma, the line break and the element go.
    const prev = loc.get([...list, index - 1]).node.value;
    return shrink(text, prev.offset + prev.length, v.offset + v.length, '');
  }
  const next = loc.get([...list, 1]);
  // The only element: the whole-text path formats the empty array as jsonc-parser does.
  if (next.missing) return undefined;
  return shrink(text, v.offset, next.node.value.offset, '');
}

/** The entry's text copied right after it, its key made unique among its siblings. */
function duplicateElement(text: string, path: JsonPath, options: FormattingOptions): TextEdit | '' | undefined {
  const index = path[path.length - 1];
  if (typeof index !== 'number') return undefined;
  const { node, missing } = locate(text, [path]).get(path);
  if (missing) return '';
  const v = node.value;
  const lineStart = text.lastIndexOf('\n', v.offset - 1) + 1;
  const indent = text.slice(lineStart, v.offset);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  let copy = text.slice(v.offset, v.offset + v.length);
  const list = valueAt(parsed(text), path.slice(0, -1));
  const entry = Array.isArray(list) ? list[index] : undefined;
  if (isPlainObject(entry) && typeof entry.key === 'string') {
    const renamed = set(indent + copy, ['key'], uniqueKey(entry.key, siblingKeys(list)), options);
    copy = renamed.slice(indent.length);
  }
  const end = v.offset + v.length;
  return { offset: end, length: 0, newText: `,${options.eol}${indent}${copy}` };
}

/** A new entry at the end of a non-empty array, written in the document's indentation. */
function appendEntry(text: string, action: Extract<FormAction, { kind: 'add' }>, options: FormattingOptions): TextEdit | '' | undefined {
  const list = valueAt(parsed(text), action.parent);
  if (!Array.isArray(list) || list.length === 0 || (action.index !== undefined && action.index !== list.length)) return undefined;
  const last = [...action.parent, list.length - 1];
  const { node, missing } = locate(text, [last]).get(last);
  if (missing) return undefined;
  const v = node.value;
  const lineStart = text.lastIndexOf('\n', v.offset - 1) + 1;
  const indent = text.slice(lineStart, v.offset);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  const entry = newEntry(action.type ?? 'str', isListValue(text, action.parent), siblingKeys(list));
  const unit = options.insertSpaces ? ' '.repeat(options.tabSize ?? 2) : '\t';
  const body = JSON.stringify(entry, null, unit).split('\n').join(options.eol + indent);
  return { offset: v.offset + v.length, length: 0, newText: `,${options.eol}${indent}${body}` };
}

// ------------------------------------------------------------------------ relocation

/** Whether the array at `to` holds extras: the top level (`data`, `data.extras`) or a dict's/list's `value`. */
function holdsExtras(doc: unknown, to: JsonPath): boolean {
  if (!Array.isArray(valueAt(doc, to))) return false;
  if (to[to.length - 1] === 'value' && typeof to[to.length - 2] === 'number') {
    const owner = valueAt(doc, to.slice(0, -1));
    return isPlainObject(owner) && isNestedType(owner.type);
  }
  return samePath(to, ['data']) || samePath(to, ['data', 'extras']);
}

/** The whitespace before `offset` on its line, or undefined when something else is there. */
function indentBefore(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(indent) ? indent : undefined;
}

/** The leading whitespace of the line `offset` is on. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/**
 * The key the moved entry has at its new place: none inside a list; in a dict or at the top
 * level its own key when no sibling there has it, else a unique one (`force_2`), and `item`,
 * `item_2`… for a list item that had none. `undefined`: remove the key; `null`: leave it.
 */
export function relocatedKey(entry: unknown, toList: boolean, siblings: unknown[]): string | undefined | null {
  if (!isPlainObject(entry)) return null;
  if (toList) return 'key' in entry ? undefined : null;
  const base = typeof entry.key === 'string' && entry.key !== '' ? entry.key : 'item';
  const key = uniqueKey(base, siblingKeys(siblings));
  return key === entry.key ? null : key;
}

/**
 * A relocation as two edits of the text: the entry's text (its spelling kept, re-indented to its
 * new depth, its key adjusted) is removed with one separating comma and inserted at the new place.
 * No edits when the move is refused (into itself or a descendant, a target that holds no extras)
 * or leaves the entry where it is.
 */
function relocateEdits(text: string, action: Extract<FormAction, { kind: 'relocate' }>, options: FormattingOptions): TextEdit[] {
  const { path: from, to } = action;
  const i = from[from.length - 1];
  if (typeof i !== 'number' || !Number.isInteger(action.index) || action.index < 0) return [];
  const r = { from, to, index: action.index };
  if (refused(r) || inPlace(r)) return [];
  const doc = parsed(text);
  const source = from.slice(0, -1);
  const sourceList = valueAt(doc, source);
  const target = valueAt(doc, to);
  if (!Array.isArray(sourceList) || i >= sourceList.length || !Array.isArray(target) || !holdsExtras(doc, to)) return [];
  const same = samePath(source, to);
  const k = Math.min(action.index, target.length);
  const entry = sourceList[i];

  // Where things are: the entry, a neighbour in its list, the target list and a neighbour there.
  const prev = [...source, i - 1];
  const next = [...source, i + 1];
  const anchor = k > 0 ? [...to, k - 1] : [...to, 0];
  const loc = locate(text, [from, ...(i > 0 ? [prev] : sourceList.length > 1 ? [next] : [source]), to, ...(target.length ? [anchor] : [])]);
  const span = (p: JsonPath) => {
    const g = loc.get(p);
    return g.missing ? undefined : g.node.value;
  };
  const self = span(from);
  const list = span(to);
  if (!self || !list) return [];
  const selfEnd = self.offset + self.length;

  // The text that goes: from the end of the previous element (its comma, the line break and the
  // entry), or up to the next element, or everything inside the brackets of a list left empty.
  let removal: TextEdit;
  if (i > 0) {
    const p = span(prev);
    if (!p) return [];
    removal = { offset: p.offset + p.length, length: selfEnd - p.offset - p.length, newText: '' };
  } else if (sourceList.length > 1) {
    const n = span(next);
    if (!n) return [];
    removal = { offset: self.offset, length: n.offset - self.offset, newText: '' };
  } else {
    const s = span(source);
    if (!s) return [];
    removal = { offset: s.offset + 1, length: s.length - 2, newText: '' };
  }

  // The entry's text re-indented from its old depth to the new one.
  const unit = options.insertSpaces ? ' '.repeat(options.tabSize ?? 2) : '\t';
  const eol = options.eol ?? '\n';
  const a = target.length ? span(anchor) : undefined;
  if (target.length && !a) return [];
  const indent = (a && indentBefore(text, a.offset)) ?? lineIndent(text, list.offset) + unit;
  const oldIndent = indentBefore(text, self.offset);
  let raw = text.slice(self.offset, selfEnd);
  if (oldIndent !== undefined) raw = raw.split('\n').map((line, n) => (n > 0 && line.startsWith(oldIndent) ? indent + line.slice(oldIndent.length) : line)).join('\n');
  const key = relocatedKey(entry, isListValue(text, to), same ? target.filter((_, j) => j !== i) : target);
  if (key !== null) {
    const keyed = applyEdits(indent + raw, modify(indent + raw, ['key'], key, { formattingOptions: options, getInsertionIndex: () => 0 }));
    raw = keyed.slice(indent.length);
  }

  let insertion: TextEdit;
  if (!a) insertion = { offset: list.offset + 1, length: list.length - 2, newText: `${eol}${indent}${raw}${eol}${lineIndent(text, list.offset)}` };
  else if (k > 0) insertion = { offset: a.offset + a.length, length: 0, newText: `,${eol}${indent}${raw}` };
  else insertion = { offset: a.offset, length: 0, newText: `${raw},${eol}${indent}` };
  return [removal, insertion].sort((x, y) => x.offset - y.offset);
}
