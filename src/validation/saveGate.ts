// What must refuse a save: every error the engine found locally (the server would refuse the
// document too). Diagnostics from an earlier server answer ("server") do not block: the
// server judges the new text itself.
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
  const first = blocking.slice(0, named).map((d) => (d.code === 'syntax' ? `invalid JSON (${d.message.replace(/\.$/, '')})` : `${formatPath(d.path)}: ${d.message.replace(/\.$/, '')}`));
  const more = blocking.length > named ? `; and ${blocking.length - named} more` : '';
  const n = blocking.length === 1 ? '1 error' : `${blocking.length} errors`;
  return { blocking, summary: `The template has ${n}: ${first.join('; ')}${more}.` };
}
