// One "Kadi4Mat" Source Control provider per template folder (a folder with kadi-templates.json):
// the four groups, click → diff server ↔ local, quick diff in the gutter, and the Push / Pull /
// Discard actions. The work itself is src/templatesAsCode; this is glue.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderTemplate } from '../kadi/document';
import { normalizeBaseUrl, type KadiClient } from '../kadi/client';
import type { ClientSource, InstanceInfo } from '../instances/registry';
import { readFolder } from '../templatesAsCode/folder';
import { TEMPLATE_SUFFIX, type Manifest } from '../templatesAsCode/manifest';
import { applyPull } from '../templatesAsCode/pull';
import { PUSH_FAILED, runPush, type PushReport } from '../templatesAsCode/push';
import { statusOf } from '../templatesAsCode/session';
import { GROUP_OF, type FileState, type StatusEntry, type StatusGroup } from '../templatesAsCode/status';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import type { KadiEvents } from '../ui/events';
import { serverUri, type ServerContent } from './serverContent';

export const SCM_ID = 'kadi4mat';

export interface FolderScmDeps {
  clients: ClientSource;
  log: Log;
  prompts: () => Prompts;
  events: KadiEvents;
  server: ServerContent;
}

const ICONS: Record<FileState, string> = {
  unchanged: 'check',
  modified: 'diff-modified',
  added: 'diff-added',
  'deleted-locally': 'diff-removed',
  'server-changed': 'cloud-download',
  'server-new': 'cloud-download',
  'server-deleted': 'trash',
  conflict: 'warning',
};

function stateText(s: FileState): string {
  switch (s) {
    case 'modified':
      return vscode.l10n.t('Changed locally');
    case 'added':
      return vscode.l10n.t('New locally: Push creates the template');
    case 'deleted-locally':
      return vscode.l10n.t('Deleted locally: Push never deletes templates; Pull restores the file');
    case 'server-changed':
      return vscode.l10n.t('Changed on the server');
    case 'server-new':
      return vscode.l10n.t('New on the server');
    case 'server-deleted':
      return vscode.l10n.t('Deleted on the server');
    case 'conflict':
      return vscode.l10n.t('Conflict: changed here and on the server');
    default:
      return vscode.l10n.t('Unchanged');
  }
}

/** The connected instance whose address is the manifest's. */
export function instanceFor(clients: ClientSource, address: string): InstanceInfo | undefined {
  return clients.list().find((i) => {
    try {
      return normalizeBaseUrl(i.baseUrl, { allowInsecureHttp: true }).webRoot === address;
    } catch {
      return false;
    }
  });
}

export class FolderScm implements vscode.Disposable {
  readonly sc: vscode.SourceControl;
  readonly groups: Record<StatusGroup, vscode.SourceControlResourceGroup>;
  entries: StatusEntry[] = [];
  manifest?: Manifest;
  instance?: InstanceInfo;
  /** The last refresh's failure, for tests and the status bar. */
  lastError?: string;
  private running?: Promise<void>;
  private again = false;
  private busy = 0;

  constructor(
    readonly folder: vscode.Uri,
    private readonly deps: FolderScmDeps,
  ) {
    this.sc = vscode.scm.createSourceControl(SCM_ID, vscode.l10n.t('Kadi4Mat'), folder);
    this.sc.inputBox.visible = false;
    this.sc.quickDiffProvider = { provideOriginalResource: (uri) => this.originalOf(uri) };
    this.groups = {
      conflict: this.sc.createResourceGroup('conflict', vscode.l10n.t('Conflicts')),
      local: this.sc.createResourceGroup('local', vscode.l10n.t('Changed locally')),
      new: this.sc.createResourceGroup('new', vscode.l10n.t('New locally')),
      server: this.sc.createResourceGroup('server', vscode.l10n.t('Changed on the server')),
    };
    for (const g of Object.values(this.groups)) g.hideWhenEmpty = true;
  }

  get dir(): string {
    return this.folder.fsPath;
  }

  entry(file: string): StatusEntry | undefined {
    return this.entries.find((e) => e.file === file);
  }

  /** Text of the server version of `file` as last seen. */
  serverText(file: string): string | undefined {
    const e = this.entry(file);
    return e?.server ? renderTemplate(e.server) : undefined;
  }

  /**
   * Quick diff against the server version. Answered for every template file of the folder, also
   * before the first status pass (VS Code asks once per editor): the content provider serves ''
   * until the server text is known and then announces the change; a file not on the server
   * shows as added throughout.
   */
  private originalOf(uri: vscode.Uri): vscode.Uri | undefined {
    if (uri.scheme !== 'file' || path.dirname(uri.fsPath) !== this.dir || !uri.fsPath.endsWith(TEMPLATE_SUFFIX)) return undefined;
    return serverUri(this.folder, path.basename(uri.fsPath));
  }

  /** Runs with the client of the folder's instance; undefined (and a status bar hint) when not connected. */
  private async withClient<T>(fn: (client: KadiClient) => Promise<T>): Promise<T | undefined> {
    const folder = await readFolder(this.dir);
    this.manifest = folder.manifest;
    if (!this.manifest) return undefined;
    this.instance = instanceFor(this.deps.clients, this.manifest.instance);
    if (!this.instance) {
      this.sc.statusBarCommands = [
        { title: `$(plug) ${vscode.l10n.t('Kadi4Mat: connect {0}', this.manifest.instance)}`, command: 'kadi4mat.addInstance', tooltip: vscode.l10n.t('This folder mirrors {0}; add that instance to compare and push.', this.manifest.instance) },
      ];
      return undefined;
    }
    this.sc.statusBarCommands = [{ title: `$(cloud) ${this.instance.label}`, command: 'kadi4mat.scm.refresh', arguments: [this.sc], tooltip: vscode.l10n.t('Refresh') }];
    return this.deps.clients.call(this.instance.id, fn);
  }

  /** One status pass; concurrent calls share it, and a call during a pass runs one more after it. */
  refresh(): Promise<void> {
    if (this.busy) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await vscode.window.withProgress({ location: vscode.ProgressLocation.SourceControl }, () => this.pass());
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      const st = await this.withClient(async (client) => statusOf(await readFolder(this.dir), this.manifest!, client));
      this.entries = st?.entries ?? [];
      this.lastError = undefined;
    } catch (e) {
      this.lastError = e instanceof Error ? e.message : String(e);
      this.deps.log.warn(`Kadi4Mat source control (${this.dir}): ${this.lastError}`);
      this.sc.statusBarCommands = [{ title: `$(warning) ${vscode.l10n.t('Kadi4Mat: status failed')}`, command: 'kadi4mat.scm.refresh', arguments: [this.sc], tooltip: this.lastError }];
    }
    this.render();
  }

  private render(): void {
    const by: Record<StatusGroup, vscode.SourceControlResourceState[]> = { conflict: [], local: [], new: [], server: [] };
    for (const e of this.entries) {
      const g = GROUP_OF[e.state];
      if (g) by[g].push(this.resource(e));
    }
    for (const g of Object.keys(by) as StatusGroup[]) this.groups[g].resourceStates = by[g];
    this.sc.count = this.entries.filter((e) => GROUP_OF[e.state]).length;
    this.deps.server.fire(this.folder, this.entries.map((e) => e.file));
  }

  private resource(e: StatusEntry): vscode.SourceControlResourceState {
    const local = vscode.Uri.joinPath(this.folder, e.file);
    const server = serverUri(this.folder, e.file);
    let command: vscode.Command;
    if (e.local === undefined) command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [server] };
    else if (!e.server) command = { title: vscode.l10n.t('Open'), command: 'vscode.open', arguments: [local] };
    else command = { title: vscode.l10n.t('Compare'), command: 'vscode.diff', arguments: [server, local, vscode.l10n.t('{0} (Kadi4Mat ↔ local)', e.file)] };
    return {
      resourceUri: local,
      command,
      contextValue: e.state,
      decorations: {
        tooltip: e.reason ? `${stateText(e.state)} (${e.reason})` : stateText(e.state),
        iconPath: new vscode.ThemeIcon(ICONS[e.state]),
        strikeThrough: e.state === 'deleted-locally' || e.state === 'server-deleted',
        faded: e.state === 'server-new',
      },
    };
  }

  /** Files with unsaved editors cannot be pushed or pulled: what is on disk is not what the user sees. */
  private unsaved(files: readonly string[]): string[] {
    return files.filter((f) => vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.scheme === 'file' && d.uri.fsPath === path.join(this.dir, f)));
  }

  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.busy++;
    try {
      return await fn();
    } finally {
      this.busy--;
    }
  }

  async push(files: readonly string[]): Promise<PushReport[]> {
    const prompts = this.deps.prompts();
    const dirty = this.unsaved(files);
    if (dirty.length) {
      await prompts.warn(vscode.l10n.t('Save {0} first: Push sends what is on disk.', dirty.join(', ')), { modal: false });
      return [];
    }
    await this.refresh();
    const conflicts = files.filter((f) => this.entry(f)?.state === 'conflict');
    let overwrite = false;
    if (conflicts.length) {
      const overwriteButton = vscode.l10n.t('Overwrite');
      const answer = await prompts.warn(
        vscode.l10n.t('{0} changed on the server too. Replace the server version with yours?', conflicts.join(', ')),
        { modal: true, detail: vscode.l10n.t('Click the file in the Conflicts group to compare first.') },
        overwriteButton,
      );
      if (answer !== overwriteButton) files = files.filter((f) => !conflicts.includes(f));
      else overwrite = true;
    }
    if (!files.length) return [];
    const reports = await this.exclusive(async () => (await this.withClient((client) => runPush(this.dir, client, this.manifest!, this.entries, { only: new Set(files), overwrite }))) ?? []);
    for (const r of reports) {
      const id = this.manifest?.templates[r.file]?.id;
      if (this.instance && id && (r.outcome === 'updated' || r.outcome === 'created')) this.deps.events.fireTemplateChanged({ instanceId: this.instance.id, templateId: id, kind: r.outcome === 'created' ? 'created' : 'saved' });
    }
    const failed = reports.filter((r) => PUSH_FAILED.has(r.outcome));
    if (failed.length) void prompts.error(vscode.l10n.t('Not pushed: {0}', failed.map((r) => `${r.file}: ${r.message}`).join(' · ')));
    else if (reports.length) void prompts.info(vscode.l10n.t('Pushed to Kadi4Mat: {0}', reports.map((r) => `${r.file} (${r.message})`).join(', ')));
    await this.refresh();
    return reports;
  }

  /** Pull; files with local changes are replaced only after a modal question (`discard` asks as a Discard). */
  async pull(files: readonly string[] | undefined, mode: 'pull' | 'discard' = 'pull'): Promise<void> {
    const prompts = this.deps.prompts();
    await this.refresh();
    const wanted = files ?? this.entries.filter((e) => GROUP_OF[e.state] === 'server').map((e) => e.file);
    const dirty = this.unsaved(wanted);
    if (dirty.length) {
      await prompts.warn(vscode.l10n.t('{0} has unsaved changes in an editor; save or revert it first.', dirty.join(', ')), { modal: false });
      return;
    }
    const changedHere = wanted.filter((f) => ['modified', 'conflict', 'deleted-locally'].includes(this.entry(f)?.state ?? ''));
    const discard = new Set<string>();
    if (changedHere.length) {
      const button = mode === 'discard' ? vscode.l10n.t('Discard Changes') : vscode.l10n.t('Discard and Pull');
      const answer = await prompts.warn(
        vscode.l10n.t('Discard your local changes to {0} and take the server version?', changedHere.join(', ')),
        { modal: true, detail: vscode.l10n.t('Your changes are lost unless the folder is under version control.') },
        button,
      );
      if (answer !== button) return;
      for (const f of changedHere) discard.add(f);
    }
    await this.exclusive(() => this.withClient(() => applyPull(this.dir, this.manifest!, this.entries, { only: new Set(wanted), discardLocal: discard })));
    await this.refresh();
  }

  /** Discard: a changed file goes back to the server version; a new file goes to the trash. */
  async discard(files: readonly string[]): Promise<void> {
    const added = files.filter((f) => this.entry(f)?.state === 'added');
    const rest = files.filter((f) => !added.includes(f));
    if (added.length) {
      const button = vscode.l10n.t('Delete File');
      const answer = await this.deps.prompts().warn(vscode.l10n.t('Delete {0}? It is not on the server.', added.join(', ')), { modal: true }, button);
      if (answer === button) for (const f of added) await vscode.workspace.fs.delete(vscode.Uri.joinPath(this.folder, f), { useTrash: true });
    }
    if (rest.length) await this.pull(rest, 'discard');
    else await this.refresh();
  }

  dispose(): void {
    this.sc.dispose();
  }
}
