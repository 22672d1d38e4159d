// Push: send local changes to the server, file by file, never overwriting silently.
// No `vscode` import.
//
// planPush() decides from the status alone (no I/O, unit-tested); runPush() then, per file,
// re-reads the template right before writing — Kadi has no ETag, so this is the only guard —
// and refuses when its content changed since the recorded pull/push, unless `overwrite`.
// Only the fields that differ from the server are PATCHed (src/kadi/conflict.ts
// overwritePatch), so a push makes at most one revision per template.
import { declaredType, parseDocument, renderTemplate, type EditableValues } from '../kadi/document';
import { overwritePatch } from '../kadi/conflict';
import { flattenErrors, isKadiError, type KadiClient } from '../kadi/client';
import type { Template, TemplateType } from '../kadi/types';
import * as l10n from '../ui/l10n';
import type { Diagnostic } from '../validation';
import { loadValidation, type ValidationEngine } from '../validation/lazy';
import { readIfExists, writeFileAtomic, writeManifest } from './folder';
import { contentHash, type Manifest } from './manifest';
import { entryFor } from './pull';
import type { StatusEntry } from './status';
import * as path from 'node:path';

export type PushStep =
  | { file: string; kind: 'create'; values: EditableValues; type: TemplateType }
  | { file: string; kind: 'update'; id: number; values: EditableValues; overwrite: boolean }
  | { file: string; kind: 'skip'; reason: string }
  /** Not sent: blocking problems (validation errors, unreadable document, a conflict). */
  | { file: string; kind: 'refuse'; reason: string; problems?: Diagnostic[] };

export interface PushOptions {
  overwrite?: boolean;
  /** Only these files (default: all that differ). */
  only?: ReadonlySet<string>;
  dryRun?: boolean;
}


/** Parses and validates a file for sending; a refusal names the first problems. */
function prepare(engine: ValidationEngine, file: string, text: string, type: TemplateType | undefined): { values: EditableValues; type: TemplateType } | PushStep {
  const t = type ?? declaredType(text);
  if (!t) return { file, kind: 'refuse', reason: l10n.t('the document needs "type": "record" or "extras"') };
  const parsed = parseDocument(text, t);
  if (!parsed.ok) return { file, kind: 'refuse', reason: parsed.message };
  const errors = engine.validateTemplateText(text, { type: t }).filter((d) => d.severity === 'error');
  if (errors.length) {
    const first = errors.slice(0, 3).map((d) => d.message).join('; ');
    const reason = errors.length === 1 ? l10n.t('1 validation error: {0}', first) : l10n.t('{0} validation errors: {1}', errors.length, first);
    return { file, kind: 'refuse', reason, problems: errors };
  }
  return { values: parsed.values, type: t };
}

/** The steps of a push. Async only because the validation engine loads on first use (src/validation/lazy.ts). */
export async function planPush(entries: readonly StatusEntry[], opts: PushOptions = {}): Promise<PushStep[]> {
  const engine = await loadValidation();
  const steps: PushStep[] = [];
  for (const e of entries) {
    if (opts.only && !opts.only.has(e.file)) continue;
    const named = opts.only !== undefined;
    switch (e.state) {
      case 'unchanged':
        if (named) steps.push({ file: e.file, kind: 'skip', reason: l10n.t('no changes to push') });
        continue;
      case 'server-changed':
      case 'server-new':
        if (named) steps.push({ file: e.file, kind: 'skip', reason: l10n.t('changed on the server only: pull it') });
        continue;
      case 'server-deleted':
        if (named) steps.push({ file: e.file, kind: 'skip', reason: l10n.t('deleted on the server: pull removes it') });
        continue;
      case 'deleted-locally':
        steps.push({
          file: e.file,
          kind: 'skip',
          reason: l10n.t('deleted here: push never deletes templates (delete it in Kadi4Mat, or pull to restore the file)'),
        });
        continue;
      case 'conflict':
        if (!e.server) {
          steps.push({
            file: e.file,
            kind: 'refuse',
            reason: l10n.t('conflict: {0}; restore it from the trash in Kadi4Mat, or remove its entry from the manifest to create it anew', String(e.reason)),
          });
          continue;
        }
        if (!opts.overwrite) {
          steps.push({
            file: e.file,
            kind: 'refuse',
            reason: l10n.t("conflict: {0}; pull --discard-local to take the server's version, or push --overwrite to replace it", String(e.reason)),
          });
          continue;
        }
        break;
      case 'added':
      case 'modified':
        break;
    }
    const ready = prepare(engine, e.file, e.local!, e.server?.type);
    if ('kind' in ready) {
      steps.push(ready);
      continue;
    }
    if (e.state === 'added') steps.push({ file: e.file, kind: 'create', values: ready.values, type: ready.type });
    else steps.push({ file: e.file, kind: 'update', id: e.id!, values: ready.values, overwrite: e.state === 'conflict' });
  }
  return steps;
}

export type PushOutcome = 'created' | 'updated' | 'unchanged' | 'skipped' | 'refused' | 'conflict' | 'failed';

export interface PushReport {
  file: string;
  outcome: PushOutcome;
  message: string;
  /** For dry runs and updates: the fields sent (or that would be). */
  fields?: string[];
  problems?: Diagnostic[];
}

export const PUSH_FAILED: ReadonlySet<PushOutcome> = new Set(['refused', 'conflict', 'failed']);

function errorText(e: unknown): string {
  if (isKadiError(e)) {
    const details = e.errors ? flattenErrors(e.errors).slice(0, 5).join('; ') : '';
    return details ? `${e.message} ${details}` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Runs the plan: re-checks each template, sends, writes back what the server stored. */
export async function runPush(
  dir: string,
  client: KadiClient,
  manifest: Manifest,
  entries: readonly StatusEntry[],
  opts: PushOptions = {},
  signal?: AbortSignal,
): Promise<PushReport[]> {
  const reports: PushReport[] = [];
  const byFile = new Map(entries.map((e) => [e.file, e]));
  for (const step of await planPush(entries, opts)) {
    const entry = byFile.get(step.file)!;
    if (step.kind === 'skip') {
      reports.push({ file: step.file, outcome: 'skipped', message: step.reason });
      continue;
    }
    if (step.kind === 'refuse') {
      reports.push({ file: step.file, outcome: 'refused', message: step.reason, problems: step.problems });
      continue;
    }
    try {
      let stored: Template | undefined;
      if (step.kind === 'create') {
        if (opts.dryRun) {
          reports.push({ file: step.file, outcome: 'created', message: l10n.t('would create "{0}"', String(step.values.identifier)) });
          continue;
        }
        const v = step.values;
        stored = await client.createTemplate(
          { identifier: v.identifier as string, title: v.title as string, description: v.description as string, visibility: v.visibility as Template['visibility'], type: step.type, data: v.data as Template['data'] },
          signal,
        );
        reports.push({ file: step.file, outcome: 'created', message: l10n.t('created as #{0}', stored.id) });
      } else {
        const current = await client.getTemplate(step.id, signal);
        const recorded = entry.entry;
        // Changed since the recorded state? (A new last_modified with equal content is a role change.)
        const changedThere = !recorded || (current.last_modified !== recorded.lastModified && contentHash(renderTemplate(current)) !== recorded.hash);
        if (changedThere && !opts.overwrite) {
          reports.push({
            file: step.file,
            outcome: 'conflict',
            message: l10n.t('changed on the server since the last pull: not pushed (pull --discard-local, or push --overwrite)'),
          });
          continue;
        }
        const { patch, fields } = overwritePatch(
          { identifier: current.identifier, title: current.title, description: current.description, visibility: current.visibility, data: current.data },
          step.values,
        );
        if (fields.length === 0) {
          stored = current;
          reports.push({ file: step.file, outcome: 'unchanged', message: l10n.t('the server already has this content') });
        } else if (opts.dryRun) {
          const message = changedThere
            ? l10n.t('would update {0} (overwriting changes on the server)', fields.join(', '))
            : l10n.t('would update {0}', fields.join(', '));
          reports.push({ file: step.file, outcome: 'updated', message, fields });
          continue;
        } else {
          stored = await client.updateTemplate(step.id, patch, signal);
          const message = changedThere ? l10n.t('updated {0} (overwrote changes on the server)', fields.join(', ')) : l10n.t('updated {0}', fields.join(', '));
          reports.push({ file: step.file, outcome: 'updated', message, fields });
        }
      }
      if (opts.dryRun) continue;
      // The file shows what Kadi4Mat stored (it may normalise), so the next status is clean —
      // unless it was edited during the push: then the edit stays and shows as a local change.
      const file = path.join(dir, step.file);
      if ((await readIfExists(file)) === entry.local) await writeFileAtomic(file, renderTemplate(stored));
      if (entry.movedFrom) delete manifest.templates[entry.movedFrom];
      manifest.templates[step.file] = entryFor(stored);
      await writeManifest(dir, manifest);
    } catch (e) {
      reports.push({ file: step.file, outcome: 'failed', message: errorText(e) });
    }
  }
  return reports;
}
