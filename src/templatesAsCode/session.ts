// One status pass over a folder: read it, ask the server, compare. Shared by the CLI commands
// and the Source Control view. No `vscode` import.
import type { KadiClient } from '../kadi/client';
import { fetchServerView, readFolder, type LocalFolder, type ViewOptions } from './folder';
import { MANIFEST_FILE, type Manifest } from './manifest';
import { computeStatus, type StatusEntry } from './status';

export interface FolderStatus {
  folder: LocalFolder;
  manifest: Manifest;
  entries: StatusEntry[];
  /** Set when the listing hit Kadi's 10,000-result cap. */
  limitReached?: string;
}

export class NoManifestError extends Error {
  constructor(dir: string) {
    super(`${dir} has no ${MANIFEST_FILE}: run "kadi-templates pull" there first.`); // l10n: not user-facing (only the kadi-templates CLI throws and prints it)
  }
}

export async function folderStatus(dir: string, client: KadiClient, opts: ViewOptions = {}): Promise<FolderStatus> {
  const folder = await readFolder(dir);
  if (!folder.manifest) throw new NoManifestError(dir);
  return statusOf(folder, folder.manifest, client, opts);
}

export async function statusOf(folder: LocalFolder, manifest: Manifest, client: KadiClient, opts: ViewOptions = {}): Promise<FolderStatus> {
  const view = await fetchServerView(client, manifest, opts);
  return { folder, manifest, entries: computeStatus(manifest, folder.files, view), limitReached: view.limitReached };
}
