// Where a template folder and the server differ, file by file: a pure function of the
// manifest, the folder's files and what the server listed. No `vscode` import, no I/O.
//
// "Changed" always means the *content* differs from the state recorded at the last
// pull/push (contentHash): a new `last_modified` alone (a role change bumps it) is not a
// change, and re-indenting a file is not one either.
import { renderTemplate } from '../kadi/document';
import type { Template } from '../kadi/types';
import * as l10n from '../ui/l10n';
import { contentHash, fileNameFor, type Manifest, type ManifestEntry } from './manifest';

export type FileState =
  /** Same content here, on the server and at the last pull/push. */
  | 'unchanged'
  /** Edited here; the server still has the recorded content. Push sends it. */
  | 'modified'
  /** A template file that is not in the manifest. Push creates the template. */
  | 'added'
  /** In the manifest, but the file is gone. Push never deletes on the server; pull restores it. */
  | 'deleted-locally'
  /** Changed on the server; the file still has the recorded content. Pull takes it. */
  | 'server-changed'
  /** Deleted on the server (or no longer readable); the file is unchanged. Pull removes it. */
  | 'server-deleted'
  /** On the server under the folder's filter, not here. Pull adds it. */
  | 'server-new'
  /** Changed on both sides differently (or changed here and deleted there). Needs a person. */
  | 'conflict';

export type StatusGroup = 'local' | 'new' | 'server' | 'conflict';

export const GROUP_OF: Record<FileState, StatusGroup | undefined> = {
  unchanged: undefined,
  modified: 'local',
  'deleted-locally': 'local',
  added: 'new',
  'server-changed': 'server',
  'server-deleted': 'server',
  'server-new': 'server',
  conflict: 'conflict',
};

export interface StatusEntry {
  /** File name in the folder. */
  file: string;
  state: FileState;
  /** Template id, when the template exists (or existed) on the server. */
  id?: number;
  /** The manifest entry the file is tracked by. */
  entry?: ManifestEntry;
  /** The file's text (undefined when deleted locally). */
  local?: string;
  /** The template as the server has it now (undefined when deleted there or not yet created). */
  server?: Template;
  /** The file was renamed from this name (matched by identifier or content). */
  movedFrom?: string;
  /** Why this is a conflict, for people. */
  reason?: string;
}

export interface ServerView {
  /** Every template the server listed under the filter, plus the manifest's unlisted ones fetched by id. */
  templates: Template[];
  /** Manifest ids the server answered 404 or 403 for. */
  missing: ReadonlySet<number>;
}

/** The identifier a template file declares, if it is readable JSON with one. */
export function declaredIdentifier(text: string): string | undefined {
  try {
    const v: unknown = JSON.parse(text);
    const id = (v as { identifier?: unknown })?.identifier;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

export function computeStatus(manifest: Manifest, files: ReadonlyMap<string, string>, view: ServerView): StatusEntry[] {
  const byId = new Map(view.templates.map((t) => [t.id, t]));
  const out: StatusEntry[] = [];
  const tracked = new Set(Object.keys(manifest.templates));
  const untracked = [...files.keys()].filter((f) => !tracked.has(f)).sort();
  const claimed = new Set<string>();

  for (const name of [...tracked].sort()) {
    const entry = manifest.templates[name];
    let file = name;
    let local = files.get(name);
    let movedFrom: string | undefined;
    if (local === undefined) {
      // A `git mv` keeps the identifier (or at least the content): follow the file.
      const moved = untracked.find((f) => !claimed.has(f) && (contentHash(files.get(f)!) === entry.hash || declaredIdentifier(files.get(f)!) === entry.identifier));
      if (moved) {
        claimed.add(moved);
        file = moved;
        local = files.get(moved);
        movedFrom = name;
      }
    }
    const server = byId.get(entry.id);
    byId.delete(entry.id);
    const gone = !server || view.missing.has(entry.id);
    const base = { file, id: entry.id, entry, local, server: gone ? undefined : server, movedFrom };

    if (local === undefined) {
      out.push({ ...base, state: gone ? 'server-deleted' : 'deleted-locally' });
      continue;
    }
    const localHash = contentHash(local);
    const localChanged = localHash !== entry.hash;
    if (gone) {
      out.push(localChanged ? { ...base, state: 'conflict', reason: l10n.t('deleted on the server, changed here') } : { ...base, state: 'server-deleted' });
      continue;
    }
    const serverHash = contentHash(renderTemplate(server));
    const serverChanged = server.last_modified !== entry.lastModified && serverHash !== entry.hash;
    if (localChanged && serverChanged) {
      out.push(localHash === serverHash ? { ...base, state: 'unchanged' } : { ...base, state: 'conflict', reason: l10n.t('changed on the server and here') });
    } else if (localChanged) out.push({ ...base, state: 'modified' });
    else if (serverChanged) out.push({ ...base, state: 'server-changed' });
    else out.push({ ...base, state: 'unchanged' });
  }

  // Server templates the manifest does not know, matched to untracked files by identifier.
  const serverNew = [...byId.values()];
  for (const file of untracked) {
    if (claimed.has(file)) continue;
    const local = files.get(file)!;
    const ident = declaredIdentifier(local) ?? file.slice(0, -'.kadi-template.json'.length);
    const i = serverNew.findIndex((t) => t.identifier === ident || fileNameFor(t.identifier) === file);
    if (i < 0) {
      out.push({ file, state: 'added', local });
      continue;
    }
    const [server] = serverNew.splice(i, 1);
    const same = contentHash(local) === contentHash(renderTemplate(server));
    out.push(
      same
        ? { file, state: 'unchanged', id: server.id, local, server }
        : { file, state: 'conflict', id: server.id, local, server, reason: l10n.t('the server already has a template "{0}" that this folder does not track', server.identifier) },
    );
  }
  const taken = new Set([...tracked, ...files.keys()]);
  for (const t of serverNew.sort((a, b) => a.identifier.localeCompare(b.identifier))) {
    let file = fileNameFor(t.identifier);
    // A server-side rename can free an identifier whose old file name is still tracked.
    if (taken.has(file)) file = fileNameFor(`${t.identifier}.${t.id}`);
    taken.add(file);
    out.push({ file, state: 'server-new', id: t.id, server: t });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

/** Entries that differ (not `unchanged`). */
export function differences(entries: readonly StatusEntry[]): StatusEntry[] {
  return entries.filter((e) => e.state !== 'unchanged');
}
