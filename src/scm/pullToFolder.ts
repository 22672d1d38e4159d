// "Pull Templates to Folder…": an instance's templates (under the tree's filter when started
// from there) into a folder, with progress and cancel. The folder then gets the Source Control
// provider (register.ts watches for its manifest).
import * as vscode from 'vscode';
import type { ClientSource } from '../instances/registry';
import type { TemplateFilter } from '../explorer/filter';
import { readFolder } from '../templatesAsCode/folder';
import { emptyManifest, type PullFilter } from '../templatesAsCode/manifest';
import { applyPull, type PullReport } from '../templatesAsCode/pull';
import { statusOf } from '../templatesAsCode/session';
import { normalizeBaseUrl } from '../kadi/client';
import type { Prompts } from '../ui/prompts';

export interface PullToFolderArgs {
  instanceId?: string;
  folder?: vscode.Uri;
  filter?: PullFilter;
}

export function pullFilterOf(f: TemplateFilter | undefined): PullFilter {
  return { query: f?.query || undefined, type: f?.type, mine: f?.createdByMe || undefined };
}

async function pickInstance(clients: ClientSource, prompts: Prompts): Promise<string | undefined> {
  const list = clients.list();
  if (list.length <= 1) return list[0]?.id;
  const picked = await prompts.pick(list.map((i) => ({ label: i.label, description: i.baseUrl, value: i.id })), { title: vscode.l10n.t('Pull templates from which instance?') });
  return picked?.value;
}

export async function pullToFolder(clients: ClientSource, prompts: Prompts, args: PullToFolderArgs, filterOfTree: () => PullFilter): Promise<PullReport[] | undefined> {
  const instanceId = args.instanceId ?? (await pickInstance(clients, prompts));
  if (!instanceId) {
    if (!clients.list().length) await prompts.info(vscode.l10n.t('Add a Kadi4Mat instance first.'));
    return undefined;
  }
  const info = clients.get(instanceId);
  if (!info) throw new Error(vscode.l10n.t('Unknown instance {0}.', instanceId));
  let folder = args.folder;
  if (!folder) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      openLabel: vscode.l10n.t('Pull Here'),
      title: vscode.l10n.t('Folder for the templates of {0}', info.label),
    });
    folder = picked?.[0];
  }
  if (!folder) return undefined;
  const address = normalizeBaseUrl(info.baseUrl, { allowInsecureHttp: true }).webRoot;
  const local = await readFolder(folder.fsPath);
  if (local.manifest && local.manifest.instance !== address) {
    throw new Error(vscode.l10n.t('{0} already mirrors {1}; choose another folder.', folder.fsPath, local.manifest.instance));
  }
  const filter = args.filter ?? filterOfTree();
  const manifest = local.manifest ?? emptyManifest(address, filter);
  const reports = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pulling templates from {0}', info.label), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return clients.call(instanceId, async (client) => {
        const st = await statusOf(local, manifest, client, {
          signal: abort.signal,
          onProgress: (done, total) => progress.report({ message: vscode.l10n.t('{0} of {1} listed', done, total) }),
        });
        // Cancelled after the listing: nothing has been written yet, so stop here.
        if (abort.signal.aborted) return [];
        return applyPull(folder.fsPath, manifest, st.entries);
      });
    },
  );
  const written = reports.filter((r) => r.outcome === 'written' || r.outcome === 'removed').length;
  const kept = reports.filter((r) => r.outcome === 'kept' || r.outcome === 'conflict');
  const summary = vscode.l10n.t('Pulled {0} templates into {1}.', written, folder.fsPath);
  const inWorkspace = vscode.workspace.getWorkspaceFolder(folder) !== undefined;
  const openButton = vscode.l10n.t('Open Folder');
  const message = kept.length ? `${summary} ${vscode.l10n.t('Kept your changes to {0}.', kept.map((r) => r.file).join(', '))}` : summary;
  void prompts.info(message, ...(inWorkspace ? [] : [openButton])).then((b) => {
    if (b === openButton) void vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: true });
  });
  return reports;
}
