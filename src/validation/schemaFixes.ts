// Quick fixes for schema errors whose repair is obvious.
import * as l10n from '../ui/l10n';
import { isNumericType, isPlainObject } from './kadiRules';
import { valueAt } from './pointer';
import type { FixPlan, Problem } from './problems';

const INT_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** "5" for an int extra → 5, "1.5" for a float extra → 1.5 (also options and range bounds). */
function numberFromString(p: Problem, root: unknown): FixPlan | undefined {
  const raw = valueAt(root, p.path);
  if (typeof raw !== 'string') return undefined;
  // The entry is the nearest object with a type above value / validation.options.i / validation.range.min|max.
  const last = p.path[p.path.length - 1];
  const depth = last === 'value' ? 1 : p.path[p.path.length - 2] === 'options' ? 3 : p.path[p.path.length - 2] === 'range' ? 3 : -1;
  if (depth < 0) return undefined;
  const entry = valueAt(root, p.path.slice(0, p.path.length - depth));
  if (!isPlainObject(entry) || !isNumericType(entry.type)) return undefined;
  const ok = entry.type === 'int' ? INT_TEXT.test(raw) : FLOAT_TEXT.test(raw);
  const n = Number(raw);
  if (!ok || !Number.isFinite(n) || (entry.type === 'int' && !Number.isSafeInteger(n))) return undefined;
  const text = String(n);
  return { title: l10n.t('Convert to the number {0}', text), ops: [{ op: 'replace', path: p.path, text }] };
}

export function addSchemaFix(p: Problem, root: unknown): Problem {
  const name = p.path[p.path.length - 1];
  if ((p.code === 'not-allowed' || p.code === 'server-managed' || p.code === 'unknown-field') && typeof name === 'string') {
    return { ...p, fix: { title: l10n.t('Remove "{0}"', name), ops: [{ op: 'remove', path: p.path }] } };
  }
  if (p.code === 'type') {
    const fix = numberFromString(p, root);
    if (fix) return { ...p, fix };
  }
  return p;
}
