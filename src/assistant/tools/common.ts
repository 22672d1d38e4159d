// What several tools share: picking the instance, reading a document argument, describing
// validation problems for a model. No `vscode` import.
import { flattenErrors, isKadiError } from '../../kadi/client';
import { positionAt } from '../../kadi/document';
import type { InstanceInfo } from '../../instances/registry';
import type { Diagnostic } from '../../validation';
import { formatPath } from '../../validation/pointer';
import { ToolError, type ToolContext } from './types';

/** The schema of the optional `instance` argument. */
export const INSTANCE_PROPERTY = {
  type: 'string',
  description: 'The Kadi4Mat instance (its id, e.g. "kadi.example.edu", or its address). Omit when only one instance is connected.',
} as const;

/** The connected instance named by `wanted`, or the only one. */
export function resolveInstance(ctx: ToolContext, wanted: unknown): InstanceInfo {
  const all = ctx.clients.list();
  if (all.length === 0) throw new ToolError(`No Kadi4Mat instance is connected. ${ctx.connectHint}`);
  if (typeof wanted === 'string' && wanted.trim()) {
    const w = wanted.trim().toLowerCase().replace(/\/+$/, '');
    const hit = all.find((i) => i.id === w || i.baseUrl.toLowerCase().replace(/\/+$/, '') === w || i.label.toLowerCase() === w);
    if (hit) return hit;
    throw new ToolError(`No connected instance "${wanted}". Connected: ${all.map((i) => i.id).join(', ')}.`);
  }
  if (all.length > 1) throw new ToolError(`Several instances are connected; name one in "instance": ${all.map((i) => i.id).join(', ')}.`);
  return all[0];
}

/** A `document` argument as JSON text: given as text, or as an object (then pretty-printed). */
export function documentText(value: unknown, name = 'document'): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return `${JSON.stringify(value, null, 2)}\n`;
  throw new ToolError(`"${name}" must be the JSON text or the JSON object.`);
}

export interface ProblemOut {
  severity: string;
  code: string;
  path: string;
  line: number;
  message: string;
}

/** Problems as the model reads them: where (path and line) and Kadi's own message. */
export function problemsOut(text: string, diags: readonly Diagnostic[]): ProblemOut[] {
  return diags.map((d) => ({ severity: d.severity, code: d.code, path: formatPath(d.path), line: positionAt(text, d.offset).line + 1, message: d.message }));
}

export function problemsText(text: string, diags: readonly Diagnostic[], what: string): string {
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  if (diags.length === 0) return `${what} is valid: no problems.`;
  const head = errors ? `${what} has ${errors} error(s) and ${warnings} warning(s); Kadi4Mat would refuse it.` : `${what} has no errors, ${warnings} warning(s) (Kadi4Mat would accept it, but changes or ignores what they name).`;
  return `${head}\n${JSON.stringify(problemsOut(text, diags), null, 1)}`;
}

/** A Kadi error as one line the model can act on (the client already keeps tokens out). */
export function describeFailure(e: unknown): string {
  if (e instanceof ToolError) return e.message;
  if (isKadiError(e)) {
    if (e.status === 404) return `Not found (404): ${e.message}`;
    // A 400 lists Kadi's own messages per field: the model can fix exactly those.
    return e.errors ? `${e.message}\n${flattenErrors(e.errors).join('\n')}` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}
