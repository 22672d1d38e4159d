// Pull: make the folder match the server — except where that would throw away work.
// No `vscode` import.
//
// Decision: a pull never replaces a file with unpushed local changes (`modified`, `conflict`).
// It keeps the file, says so, and only replaces it when the caller names it in `discardLocal`
// (the CLI's `pull --discard-local FILE`, the Source Control view after a modal question).
// fs.promises is loaded on first use: importing node:fs/promises costs milliseconds of every start-up.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { renderTemplate } from '../kadi/document';
import type { Template } from '../kadi/types';
import { readIfExists, writeFileAtomic, writeManifest } from './folder';
import { contentHash, type Manifest, type ManifestEntry } from './manifest';
import type { StatusEntry } from './status';

export type PullOutcome = 'written' | 'removed' | 'tracked' | 'kept' | 'conflict' | 'up-to-date';

export interface PullReport {
  file: string;
  outcome: PullOutcome;
  message: string;
}

export interface PullOptions {
  /** Files whose local changes may be replaced by the server's version. */
  discardLocal?: ReadonlySet<string>;
  /** Only these files (default: all). */
  only?: ReadonlySet<string>;
  dryRun?: boolean;
}

export function entryFor(t: Template): ManifestEntry {
  return { id: t.id, identifier: t.identifier, lastModified: t.last_modified, hash: contentHash(renderTemplate(t)) };
}

/** What pull does with one status entry (pure). */
export function pullAction(e: StatusEntry, discard: boolean): PullOutcome {
  switch (e.state) {
    case 'server-changed':
    case 'server-new':
    case 'deleted-locally':
      return 'written';
    case 'server-deleted':
      return 'removed';
    case 'unchanged':
      // Content already equal: at most the manifest needs the server's current state.
      return e.server && (e.movedFrom || !e.entry || e.entry.lastModified !== e.server.last_modified) ? 'tracked' : 'up-to-date';
    case 'added':
      return 'up-to-date';
    case 'modified':
      return discard ? 'written' : 'kept';
    case 'conflict':
      if (!discard) return 'conflict';
      return e.server ? 'written' : 'removed';
  }
}

/** The report lines of a pull, read in the kadi-templates CLI's output (VS Code shows only the outcome). */
const MESSAGES: Record<PullOutcome, string> = {
  written: 'written from the server', // l10n: not user-facing (CLI output)
  removed: 'deleted on the server: removed here', // l10n: not user-facing (CLI output)
  tracked: 'recorded the server state (content already equal)', // l10n: not user-facing (CLI output)
  kept: 'kept: changed here and not pushed (push it, or pull --discard-local to replace it)', // l10n: not user-facing (CLI output)
  conflict: 'conflict: kept your file', // l10n: not user-facing (CLI output)
  'up-to-date': 'up to date', // l10n: not user-facing (CLI output)
};

export async function applyPull(dir: string, manifest: Manifest, entries: readonly StatusEntry[], opts: PullOptions = {}): Promise<PullReport[]> {
  const reports: PullReport[] = [];
  for (const e of entries) {
    if (opts.only && !opts.only.has(e.file) && !(e.movedFrom && opts.only.has(e.movedFrom))) continue;
    const discard = opts.discardLocal?.has(e.file) ?? false;
    const outcome = pullAction(e, discard);
    if (outcome === 'up-to-date' && e.state === 'added') continue;
    let message = MESSAGES[outcome];
    if (outcome === 'conflict') message += ` (${e.reason}); push --overwrite or pull --discard-local ${e.file}`; // l10n: not user-facing (CLI output)
    // l10n: not user-facing (CLI output)
    if (outcome === 'removed' && e.state === 'conflict') message = 'deleted on the server: your changed file stays, no longer tracked (push creates it anew)';
    const file = path.join(dir, e.file);
    // Saved while the pull ran (after the status read)? Then it is not ours to replace.
    if (!opts.dryRun && (outcome === 'written' || outcome === 'removed') && (await readIfExists(file)) !== e.local) {
      reports.push({ file: e.file, outcome: 'kept', message: 'kept: the file changed while pulling; pull again' }); // l10n: not user-facing (CLI output)
      continue;
    }
    reports.push({ file: e.file, outcome, message });
    if (opts.dryRun) continue;
    if (e.movedFrom) delete manifest.templates[e.movedFrom];
    if (outcome === 'written' || outcome === 'tracked') {
      const server = e.server!;
      if (outcome === 'written') await writeFileAtomic(file, renderTemplate(server));
      manifest.templates[e.file] = entryFor(server);
    } else if (outcome === 'removed') {
      // An unchanged file goes (its content is on record); a changed one stays as a new file.
      if (e.state === 'server-deleted') await fs.rm(file, { force: true });
      delete manifest.templates[e.file];
    } else if (outcome === 'kept' || outcome === 'conflict') {
      // Record a moved file under its new name so the next status still finds it.
      if (e.movedFrom && e.entry) manifest.templates[e.file] = e.entry;
    }
  }
  if (!opts.dryRun) await writeManifest(dir, manifest);
  return reports;
}
