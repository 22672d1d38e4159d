// What must refuse a save: every error the engine found locally (the server would refuse the
// document too). Diagnostics from an earlier server answer ("server") do not block: the
// server judges the new text itself.
import * as l10n from '../ui/l10n';
import { formatPath } from './pointer';
import type { Diagnostic } from './types';

export interface SaveGate {
  blocking: Diagnostic[];
  /** One line naming the first problems, e.g. for the error a refused save throws; undefined when nothing blocks. */
  summary?: string;
}

export function blockingProblems(diagnostics: readonly Diagnostic[], named = 3): SaveGate {
  const blocking = diagnostics.filter((d) => d.severity === 'error' && d.code !== 'server');
  if (blocking.length === 0) return { blocking };
  const first = blocking
    .slice(0, named)
    .map((d) => (d.code === 'syntax' ? l10n.t('invalid JSON ({0})', d.message.replace(/\.$/, '')) : `${formatPath(d.path)}: ${d.message.replace(/\.$/, '')}`))
    .join('; ');
  const more = blocking.length - named;
  const summary =
    blocking.length === 1
      ? l10n.t('The template has 1 error: {0}.', first)
      : more > 0
        ? l10n.t('The template has {0} errors: {1}; and {2} more.', blocking.length, first, more)
        : l10n.t('The template has {0} errors: {1}.', blocking.length, first);
  return { blocking, summary };
}
