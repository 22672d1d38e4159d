// Rules a JSON Schema cannot state, checked on the normalised document after the schema:
// unique keys per array, range min ≤ max, the default value against its own range and
// options, and (when the caller knows the instance's licenses) the license name. Parts that
// already failed the schema are skipped, as Kadi only applies a validation that loaded.
import { has, isExtraType, isNumericType, isPlainObject } from './kadiRules';
import type { Problem } from './problems';
import { pyFloatRepr } from './pyText';
import type { JsonPath } from './types';

export interface SemanticOptions {
  /** License names of the instance; unknown names are errors when given. */
  licenses?: readonly string[];
}

const keyOf = (path: JsonPath): string => path.join('\u0000');

/** Which paths (and their ancestors) the schema already complained about. */
export class ErrorIndex {
  private readonly under = new Set<string>();

  constructor(paths: Iterable<JsonPath>) {
    for (const p of paths) for (let i = 0; i <= p.length; i++) this.under.add(keyOf(p.slice(0, i)));
  }

  /** True when an error sits at `path` or below it. */
  has(path: JsonPath): boolean {
    return this.under.has(keyOf(path));
  }
}

const fmt = (type: unknown, v: unknown): string => (type === 'float' && typeof v === 'number' ? pyFloatRepr(v) : String(v));

class Checker {
  constructor(
    readonly errors: ErrorIndex,
    readonly out: Problem[],
  ) {}

  extras(list: unknown, path: JsonPath, inList: boolean): void {
    if (!Array.isArray(list)) return;
    const keys = inList ? [] : list.map((e) => (isPlainObject(e) && typeof e.key === 'string' ? e.key : undefined));
    const seen = new Set<string>();
    const taken = new Set(keys.filter((k): k is string => k !== undefined));
    list.forEach((e, i) => {
      if (!isPlainObject(e)) return;
      const p = [...path, i];
      const key = keys[i];
      if (key !== undefined && key !== '') {
        if (seen.has(key)) this.duplicate(key, [...p, 'key'], taken);
        seen.add(key);
      }
      if (!isExtraType(e.type) || this.errors.has([...p, 'type'])) return;
      if (e.type === 'dict' || e.type === 'list') this.extras(e.value, [...p, 'value'], e.type === 'list');
      else this.entry(e, p);
    });
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
      message: 'Duplicate value.',
      fix: { title: `Rename to "${fresh}"`, ops: [{ op: 'replace', path, text: JSON.stringify(fresh) }] },
    });
  }

  entry(e: Record<string, unknown>, p: JsonPath): void {
    const v = e.validation;
    if (!isPlainObject(v) || this.errors.has([...p, 'validation'])) return;
    const range = isNumericType(e.type) && isPlainObject(v.range) ? v.range : undefined;
    const min = typeof range?.min === 'number' ? range.min : null;
    const max = typeof range?.max === 'number' ? range.max : null;
    if (min !== null && max !== null && min > max) {
      const rp = [...p, 'validation', 'range'];
      this.out.push({
        path: rp,
        severity: 'error',
        code: 'range-order',
        anchor: 'key',
        message: 'Range: Minimum value cannot be greater than maximum value.',
        fix: {
          title: 'Swap minimum and maximum',
          ops: [
            { op: 'copy', from: [...rp, 'min'], to: [...rp, 'max'] },
            { op: 'copy', from: [...rp, 'max'], to: [...rp, 'min'] },
          ],
        },
      });
      return;
    }
    const value = e.value;
    if (value === null || value === undefined || !has(e, 'value') || this.errors.has([...p, 'value'])) return;
    const vp = [...p, 'value'];
    const push = (code: string, message: string) => this.out.push({ path: vp, severity: 'error', code, anchor: 'value', message });
    if (typeof value === 'number') {
      if (min !== null && value < min) push('value-range', `Must be equal to or greater than ${fmt(e.type, min)}.`);
      if (max !== null && value > max) push('value-range', `Must be equal to or smaller than ${fmt(e.type, max)}.`);
    }
    if (Array.isArray(v.options) && v.options.length && !v.options.includes(value)) {
      const shown = [...new Set(v.options)].map((o) => fmt(e.type, o));
      push('value-options', `Must be one of: ${shown.join(', ')}.`);
    }
  }
}

/** Semantic problems of a normalised template document whose schema errors are in `errors`. */
export function semanticProblems(doc: unknown, errors: ErrorIndex, options: SemanticOptions): Problem[] {
  const out: Problem[] = [];
  if (!isPlainObject(doc) || errors.has(['data']) && !isPlainObject(doc.data) && !Array.isArray(doc.data)) return out;
  const c = new Checker(errors, out);
  if (doc.type === 'extras') c.extras(doc.data, ['data'], false);
  else if (doc.type === 'record' && isPlainObject(doc.data)) {
    c.extras(doc.data.extras, ['data', 'extras'], false);
    const license = doc.data.license;
    if (options.licenses && typeof license === 'string' && !errors.has(['data', 'license']) && !options.licenses.includes(license)) {
      out.push({ path: ['data', 'license'], severity: 'error', code: 'license', anchor: 'value', message: 'No license with this name exists.' });
    }
  }
  return out;
}
