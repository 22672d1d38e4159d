// Rules a JSON Schema cannot state, checked on the normalised document after the schema:
// unique keys per array, range min ≤ max, the default value against its own range and
// options, and (when the caller knows the instance's licenses) the license name. Parts that
// already failed the schema are skipped, as Kadi only applies a validation that loaded.
import * as l10n from '../ui/l10n';
import { isExtraType, isNumericType, isPlainObject } from './kadiRules';
import type { Problem } from './problems';
import { pyFloatRepr } from './pyText';
import type { JsonPath } from './types';

export interface SemanticOptions {
  /** License names of the instance; unknown names are errors when given. */
  licenses?: readonly string[];
}

interface ErrorNode {
  children: Map<string | number, ErrorNode>;
}

/** Which paths (and their ancestors) the schema already complained about: a trie walked along with the document. */
export class ErrorIndex {
  readonly root: ErrorNode = { children: new Map() };

  constructor(paths: Iterable<JsonPath>) {
    for (const p of paths) {
      let n = this.root;
      for (const seg of p) {
        let next = n.children.get(seg);
        if (!next) n.children.set(seg, (next = { children: new Map() }));
        n = next;
      }
    }
  }

  /** True when an error sits at `path` or below it. */
  has(path: JsonPath): boolean {
    let n: ErrorNode | undefined = this.root;
    for (const seg of path) if (!(n = n.children.get(seg))) return false;
    return true;
  }
}

const child = (n: ErrorNode | undefined, seg: string | number): ErrorNode | undefined => n?.children.get(seg);

/**
 * Whether two entries share a key. Keys are rarely repeated: a sorted copy answers that several
 * times faster than a Set of every key (most lists then need no Set at all).
 */
function hasDuplicateKeys(list: unknown[]): boolean {
  const keys: string[] = [];
  for (const e of list) if (isPlainObject(e) && typeof e.key === 'string' && e.key !== '') keys.push(e.key);
  if (keys.length < 2) return false;
  if (keys.length <= 16) {
    // A dict's few entries: comparing pairs is cheaper than sorting.
    for (let i = 1; i < keys.length; i++) for (let j = 0; j < i; j++) if (keys[i] === keys[j]) return true;
    return false;
  }
  keys.sort();
  for (let i = 1; i < keys.length; i++) if (keys[i] === keys[i - 1]) return true;
  return false;
}

const fmt = (type: unknown, v: unknown): string => (type === 'float' && typeof v === 'number' ? pyFloatRepr(v) : String(v));

class Checker {
  constructor(readonly out: Problem[]) {}

  /** `errs`: the schema's errors below `path` (undefined: none, the common case). */
  extras(list: unknown, path: JsonPath, errs: ErrorNode | undefined, inList: boolean): void {
    if (!Array.isArray(list)) return;
    const seen = !inList && hasDuplicateKeys(list) ? new Set<string>() : undefined;
    let taken: Set<string> | undefined;
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      if (!isPlainObject(e)) continue;
      const key = e.key;
      if (seen && typeof key === 'string' && key !== '') {
        if (seen.has(key)) {
          taken ??= new Set(list.map((x) => (isPlainObject(x) && typeof x.key === 'string' ? x.key : '')));
          this.duplicate(key, [...path, i, 'key'], taken);
        }
        seen.add(key);
      }
      const entryErrs = child(errs, i);
      if (!isExtraType(e.type) || child(entryErrs, 'type')) continue;
      if (e.type === 'dict' || e.type === 'list') {
        // `path` is extended in place for the visit (copied only into problems).
        path.push(i, 'value');
        this.extras(e.value, path, child(entryErrs, 'value'), e.type === 'list');
        path.length -= 2;
      } else if (e.validation !== undefined) this.entry(e, path, i, entryErrs);
    }
  }

  duplicate(key: string, path: JsonPath, taken: Set<string>): void {
    let n = 2;
    while (taken.has(`${key}_${n}`)) n++;
    const fresh = `${key}_${n}`;
    taken.add(fresh);
    this.out.push({
      path,
      severity: 'error',
      code: 'duplicate-key',
      anchor: 'value',
      message: l10n.t('Duplicate value.'),
      fix: { title: l10n.t('Rename to "{0}"', fresh), ops: [{ op: 'replace', path, text: JSON.stringify(fresh) }] },
    });
  }

  entry(e: Record<string, unknown>, parent: JsonPath, i: number, errs: ErrorNode | undefined): void {
    const v = e.validation;
    if (!isPlainObject(v) || child(errs, 'validation')) return;
    const range = isNumericType(e.type) && isPlainObject(v.range) ? v.range : undefined;
    const min = typeof range?.min === 'number' ? range.min : null;
    const max = typeof range?.max === 'number' ? range.max : null;
    if (min !== null && max !== null && min > max) {
      const rp = [...parent, i, 'validation', 'range'];
      this.out.push({
        path: rp,
        severity: 'error',
        code: 'range-order',
        anchor: 'key',
        message: l10n.t('Range: Minimum value cannot be greater than maximum value.'),
        fix: {
          title: l10n.t('Swap minimum and maximum'),
          ops: [
            { op: 'copy', from: [...rp, 'min'], to: [...rp, 'max'] },
            { op: 'copy', from: [...rp, 'max'], to: [...rp, 'min'] },
          ],
        },
      });
      return;
    }
    const value = e.value;
    if (value === null || value === undefined || child(errs, 'value')) return;
    if (typeof value === 'number') {
      if (min !== null && value < min) this.valueProblem(parent, i, 'value-range', l10n.t('Must be equal to or greater than {0}.', fmt(e.type, min)));
      if (max !== null && value > max) this.valueProblem(parent, i, 'value-range', l10n.t('Must be equal to or smaller than {0}.', fmt(e.type, max)));
    }
    if (Array.isArray(v.options) && v.options.length && !v.options.includes(value)) {
      const shown = [...new Set(v.options)].map((o) => fmt(e.type, o));
      this.valueProblem(parent, i, 'value-options', l10n.t('Must be one of: {0}.', shown.join(', ')));
    }
  }

  valueProblem(parent: JsonPath, i: number, code: string, message: string): void {
    this.out.push({ path: [...parent, i, 'value'], severity: 'error', code, anchor: 'value', message });
  }
}

/** Semantic problems of a normalised template document whose schema errors are in `errors`. */
export function semanticProblems(doc: unknown, errors: ErrorIndex, options: SemanticOptions): Problem[] {
  const out: Problem[] = [];
  if (!isPlainObject(doc) || errors.has(['data']) && !isPlainObject(doc.data) && !Array.isArray(doc.data)) return out;
  const c = new Checker(out);
  const dataErrs = child(errors.root, 'data');
  if (doc.type === 'extras') c.extras(doc.data, ['data'], dataErrs, false);
  else if (doc.type === 'record' && isPlainObject(doc.data)) {
    c.extras(doc.data.extras, ['data', 'extras'], child(dataErrs, 'extras'), false);
    const license = doc.data.license;
    if (options.licenses && typeof license === 'string' && !errors.has(['data', 'license']) && !options.licenses.includes(license)) {
      out.push({ path: ['data', 'license'], severity: 'error', code: 'license', anchor: 'value', message: l10n.t('No license with this name exists.') });
    }
  }
  return out;
}
