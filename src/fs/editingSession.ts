// The editing of `kadi:` template documents inside VS Code, as named steps: why the editor is
// saving (save reasons), what a finished or failed save announces (and muting the module's own
// change event), draft upload and discard, reloading editors whose template changed, and the
// freshness check when an editor gets focus. register.ts only wires VS Code's events to these.
import * as vscode from 'vscode';
import type { ClientSource } from '../instances/registry';
import type { Template } from '../kadi/types';
import type { TemplateAccessService } from '../permissions/accessService';
import type { KadiEvents, TemplateChangeKind } from '../ui/events';
import { describeError } from '../ui/errors';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import { normalizeAutoSave, uploadOrDraft, type AutoSaveSetting, type SaveReason } from './autoSavePolicy';
import { isFsFailure, saveFailureAction, type FsFailure } from './failure';
import { DraftStore, ReadAtStore } from './persisted';
import { KadiFileSystemProvider } from './provider';
import { EditorStatus } from './statusBar';
import { TemplateFiles, type WriteOutcome } from './templateFiles';
import { KADI_SCHEME, documentKey, locate, serverSnapshotUri } from './uris';

export interface EditingDeps {
  source: ClientSource;
  events: KadiEvents;
  prompts: Prompts;
  log: Log;
  /** Who may edit what: shared with the tree and the commands. */
  access: TemplateAccessService;
  /** License names of an instance for the save gate (undefined: unknown, left to the server). */
  licenses?(instanceId: string): Promise<readonly string[] | undefined>;
}

/** An editor whose template was not checked against the server for this long is checked when it gets focus. */
const FRESHNESS_MS = 30_000;
/** A save reason older than this belongs to a save that never reached writeFile. */
const REASON_MS = 60_000;

export class EditingSession implements vscode.Disposable {
  readonly drafts: DraftStore;
  readonly files: TemplateFiles;
  readonly provider: KadiFileSystemProvider;
  readonly status: EditorStatus;
  private readonly wrote = new vscode.EventEmitter<{ uri: vscode.Uri; outcome: WriteOutcome }>();
  private readonly writeFailed = new vscode.EventEmitter<{ uri: vscode.Uri; failure: FsFailure }>();
  /** A save or draft of a `kadi:` document went through. */
  readonly onDidWrite = this.wrote.event;
  /** A save was refused (by the save gate, a conflict, the server, …); the editor stays dirty. */
  readonly onDidFailWrite = this.writeFailed.event;
  /** Why the editor is saving (onWillSaveTextDocument), taken by the writeFile that follows. */
  private readonly reasons = new Map<string, { reason: SaveReason; at: number }>();
  /** Documents with unsaved changes (or a draft) whose template changed on the server meanwhile. */
  private readonly changedOnServer = new Set<string>();
  private readonly changedOnServerEmitter = new vscode.EventEmitter<string>();
  /** A document was marked (or unmarked) "changed on the server". */
  readonly onDidChangeServerMark = this.changedOnServerEmitter.event;
  /** Documents whose save is under way and whose stat() has not run the conflict check yet. */
  private readonly checkDue = new Set<string>();
  /** The template key of a change this module announces itself (its own event is not news to it). */
  private ownChange: string | undefined;

  constructor(globalState: vscode.Memento, private readonly deps: EditingDeps) {
    this.drafts = new DraftStore(globalState);
    this.files = new TemplateFiles({
      source: deps.source,
      prompts: deps.prompts,
      log: deps.log,
      readAt: new ReadAtStore(globalState),
      drafts: this.drafts,
      isDirty: (key) => this.isDirty(key),
      describeError,
      showConflict: (loc, server) => this.showConflict(loc.key, server.identifier),
      licenses: deps.licenses,
      access: deps.access,
    });
    this.status = new EditorStatus(this.files, deps.source, this.drafts, (key) => this.changedOnServer.has(key));
    this.provider = new KadiFileSystemProvider(this.files, deps.source, {
      modeFor: (uri) => uploadOrDraft(this.takeSaveReason(uri), this.autoSave()),
      afterWrite: (uri, _loc, outcome) => this.afterSave(uri, outcome),
      writeFailed: (uri, failure) => this.saveFailed(uri, failure),
      takeSavingText: (uri) => this.takeSavingText(uri),
      describeError,
    });
  }

  dispose(): void {
    this.provider.dispose();
    this.wrote.dispose();
    this.changedOnServerEmitter.dispose();
    this.writeFailed.dispose();
    this.status.dispose();
    this.drafts.dispose();
  }

  // ------------------------------------------------------------------ documents

  isTemplateDoc(uri: vscode.Uri): boolean {
    return uri.scheme === KADI_SCHEME && !uri.query && locate(uri)?.path.kind === 'template';
  }

  openDoc(key: string): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.scheme === KADI_SCHEME && !d.uri.query && documentKey(d.uri) === key);
  }

  isDirty(key: string): boolean {
    return !!this.openDoc(key)?.isDirty;
  }

  autoSave(): AutoSaveSetting {
    return normalizeAutoSave(vscode.workspace.getConfiguration('kadi4mat').get('autoSave'));
  }

  // ------------------------------------------------------------------ save reasons

  rememberSaveReason(uri: vscode.Uri, reason: SaveReason): void {
    const key = documentKey(uri);
    this.reasons.set(key, { reason, at: Date.now() });
    if (uploadOrDraft(reason, this.autoSave()) === 'upload') this.checkDue.add(key);
  }

  /** The text of a save under way, for the conflict check in the stat() VS Code runs first (once). */
  private takeSavingText(uri: vscode.Uri): string | undefined {
    const key = documentKey(uri);
    if (uri.query || !this.checkDue.delete(key)) return undefined;
    return this.openDoc(key)?.getText();
  }

  private takeSaveReason(uri: vscode.Uri): SaveReason | undefined {
    const key = documentKey(uri);
    const r = this.reasons.get(key);
    this.reasons.delete(key);
    return r && Date.now() - r.at < REASON_MS ? r.reason : undefined;
  }

  // ------------------------------------------------------------------ after a save

  private afterSave(uri: vscode.Uri, outcome: WriteOutcome): void {
    const loc = locate(uri);
    if (!loc) return;
    this.wrote.fire({ uri, outcome });
    if (outcome.kind === 'saved') {
      this.unmark(loc.key);
      void this.closeConflictDiffs(uri);
      this.announceOwnChange(loc.instanceId, loc.path.templateId, outcome.template);
      if (outcome.keptServerChanges.length) {
        const names = outcome.keptServerChanges.map((f) => `"${f}"`).join(', ');
        void this.deps.prompts.info(
          vscode.l10n.t("Saved '{0}'. Someone changed {1} on the server meanwhile; those changes were kept and the editor now shows them.", outcome.template.identifier, names),
        );
      }
    }
    this.status.update();
  }

  private saveFailed(uri: vscode.Uri, failure: FsFailure, ownSave = false): void {
    this.checkDue.delete(documentKey(uri));
    this.writeFailed.fire({ uri, failure });
    this.deps.log.warn(`Save of ${uri.toString()} failed: ${failure.message}`);
    void this.offerAction(uri, failure, ownSave);
  }

  /**
   * Our own notification for a failed save, only where it adds something to VS Code's (which has
   * Retry / Save As / Revert): the Problems view, a new token, the template in the browser.
   * `ownSave`: the save was ours (a draft upload), so nobody else reports it.
   */
  private async offerAction(uri: vscode.Uri, failure: FsFailure, ownSave: boolean): Promise<void> {
    const loc = locate(uri);
    if (!loc) return;
    const name = this.files.describe(loc.key)?.base.identifier ?? loc.path.identifier;
    const action = saveFailureAction(failure.reason);
    if (!action && !ownSave) return;
    if (failure.reason === 'serverChanged') return; // the user's own choice
    const buttons: Record<string, () => Thenable<unknown>> = {};
    if (action === 'showProblems') buttons[vscode.l10n.t('Show Problems')] = () => vscode.commands.executeCommand('workbench.actions.view.problems');
    if (action === 'replaceToken') buttons[vscode.l10n.t('Replace Token')] = () => vscode.commands.executeCommand('kadi4mat.replaceToken', { instanceId: loc.instanceId });
    if (action === 'openInBrowser') {
      buttons[vscode.l10n.t('Open in Browser')] = () =>
        vscode.commands.executeCommand('kadi4mat.openInBrowser', { instanceId: loc.instanceId, templateId: loc.path.templateId, identifier: name });
    }
    const chosen = await this.deps.prompts.error(vscode.l10n.t("'{0}' was not saved to Kadi4Mat: {1}", name, failure.message), ...Object.keys(buttons));
    if (chosen) await buttons[chosen]?.();
  }

  /**
   * A conflict diff is stale once the document is saved or reverted: ours ("server ↔ yours",
   * the `?server` side) and VS Code's own ("Resolve save conflict", the `conflictResolution` side).
   */
  private async closeConflictDiffs(uri: vscode.Uri): Promise<void> {
    const server = serverSnapshotUri(uri).toString();
    const mine = uri.toString();
    const stale = (t: vscode.Tab) =>
      t.input instanceof vscode.TabInputTextDiff &&
      (t.input.original.toString() === server || (t.input.original.scheme === 'conflictResolution' && t.input.modified.toString() === mine));
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter(stale);
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
  }

  /**
   * A document's unsaved changes are gone (reverted, undone): a conflict under way is over,
   * the server version it showed is the document's base, and the conflict diff closes.
   */
  async becameClean(uri: vscode.Uri): Promise<void> {
    const loc = locate(uri);
    if (!loc || this.isDirty(loc.key)) return;
    if (!this.drafts.has(loc.key)) this.unmark(loc.key);
    if (await this.files.conflictResolvedByRevert(loc)) this.status.update();
    await this.closeConflictDiffs(uri);
  }

  /** Tells the tree about a save, without this module reloading its own editor in response. */
  private announceOwnChange(instanceId: string, templateId: number, template?: Template): void {
    this.ownChange = `${instanceId}#${templateId}`;
    try {
      this.deps.events.fireTemplateChanged({ instanceId, templateId, kind: 'saved', template });
    } finally {
      this.ownChange = undefined;
    }
  }

  /** A change announced elsewhere (or by the server): editors without unsaved changes reload. */
  templateChanged(instanceId: string, templateId: number, kind: TemplateChangeKind): void {
    if (this.ownChange === `${instanceId}#${templateId}`) return;
    this.refreshTemplate(instanceId, templateId, kind);
  }

  /** The template changed on the server: editors without unsaved changes reload it. */
  refreshTemplate(instanceId: string, templateId: number, kind?: TemplateChangeKind): void {
    const keys = this.files.invalidate(instanceId, templateId, { roles: kind === 'roles' });
    const uris = keys.filter((k) => !this.isDirty(k)).map((k) => vscode.Uri.parse(k));
    this.provider.fireChanged(uris, kind === 'deleted' || kind === 'purged' ? vscode.FileChangeType.Deleted : vscode.FileChangeType.Changed);
    this.status.update();
  }

  /**
   * The server has another version of the template than open editors show (ServerWatch): clean
   * editors take it; editors with unsaved changes or a draft are marked "changed on the server"
   * (tab badge, status bar) so the user knows before saving — the save then merges or shows the
   * conflict as always.
   */
  serverChanged(instanceId: string, templateId: number, lastModified: string): void {
    const behind = this.files.behind(instanceId, templateId, lastModified);
    if (!behind.length) return;
    const keep = behind.filter((k) => this.isDirty(k) || this.drafts.has(k));
    for (const k of keep) {
      if (this.changedOnServer.has(k)) continue;
      this.changedOnServer.add(k);
      this.changedOnServerEmitter.fire(k);
    }
    this.deps.log.info(`Template ${templateId} on ${instanceId} changed on the server; ${keep.length ? 'marking editors with unsaved changes' : 'reloading its editors'}.`);
    if (keep.length < behind.length) this.refreshTemplate(instanceId, templateId);
    else this.status.update();
  }

  /** Whether a document is marked "changed on the server". */
  isChangedOnServer(key: string): boolean {
    return this.changedOnServer.has(key);
  }

  private unmark(key: string): void {
    if (this.changedOnServer.delete(key)) {
      this.changedOnServerEmitter.fire(key);
      this.status.update();
    }
  }

  /** The editor took the save; if the server stored something else, it reloads now. */
  saveTaken(uri: vscode.Uri): void {
    if (this.files.settle(documentKey(uri))) this.provider.fireChanged([uri]);
  }

  closed(uri: vscode.Uri): void {
    const key = documentKey(uri);
    this.files.forget(key);
    this.reasons.delete(key);
    this.checkDue.delete(key);
    this.changedOnServer.delete(key);
    if (this.drafts.has(key)) void this.askAboutClosedDraft(uri);
  }

  // ------------------------------------------------------------------ drafts

  /** Uploads a draft outside VS Code's save (command, focus change, after closing). */
  async uploadDraft(uri: vscode.Uri): Promise<void> {
    const loc = locate(uri);
    if (!loc || !this.drafts.has(loc.key)) return;
    try {
      const outcome = await this.files.uploadDraft(loc);
      this.afterSave(uri, outcome);
      // The editor shows the draft as saved: make it load the stored version.
      this.provider.fireChanged([uri]);
    } catch (e) {
      if (isFsFailure(e)) this.saveFailed(uri, e, true);
      else throw e;
    }
  }

  /** "Save Draft to Kadi4Mat": unsaved changes on top of the draft make it an explicit save of all. */
  async saveDraft(uri: vscode.Uri): Promise<void> {
    const doc = this.openDoc(documentKey(uri));
    if (doc?.isDirty) await doc.save();
    else await this.uploadDraft(uri);
  }

  async discardDraft(uri: vscode.Uri): Promise<void> {
    const key = documentKey(uri);
    if (!this.drafts.has(key)) return;
    const identifier = locate(uri)?.path.identifier;
    const discard = vscode.l10n.t('Discard');
    const answer = await this.deps.prompts.warn(
      identifier ? vscode.l10n.t("Discard the local draft of '{0}'?", identifier) : vscode.l10n.t('Discard the local draft of this template?'),
      { modal: true, detail: vscode.l10n.t('The editor then shows the version on the Kadi4Mat server. The draft cannot be recovered.') },
      discard,
    );
    if (answer !== discard) return;
    await this.drafts.delete(key);
    const loc = locate(uri);
    if (loc) this.refreshTemplate(loc.instanceId, loc.path.templateId);
    this.provider.fireChanged([uri]);
  }

  private async askAboutClosedDraft(uri: vscode.Uri): Promise<void> {
    const name = locate(uri)?.path.identifier ?? uri.path;
    const save = vscode.l10n.t('Save to Kadi4Mat');
    const open = vscode.l10n.t('Open');
    const discard = vscode.l10n.t('Discard Draft');
    const answer = await this.deps.prompts.warn(
      vscode.l10n.t("'{0}' was closed with a local draft that is not saved to Kadi4Mat.", name),
      { modal: false, detail: vscode.l10n.t('Auto-save kept your text locally instead of creating a revision for each change.') },
      save,
      open,
      discard,
    );
    if (answer === save) await this.uploadDraft(uri);
    else if (answer === open) await vscode.window.showTextDocument(uri, { preview: false });
    else if (answer === discard) await this.drafts.delete(documentKey(uri));
  }

  // ------------------------------------------------------------------ freshness

  /** A clean editor got focus: reload it when its template changed on the server (at most every 30 s). */
  async checkRemote(uri: vscode.Uri): Promise<void> {
    const loc = locate(uri);
    if (!loc || !this.isTemplateDoc(uri) || this.isDirty(loc.key) || this.drafts.has(loc.key)) return;
    try {
      if ((await this.files.checkRemote(loc, FRESHNESS_MS)) === 'changed' && !this.isDirty(loc.key)) {
        this.deps.log.info(`Template ${loc.path.templateId} on ${loc.instanceId} changed on the server; reloading its editor.`);
        this.refreshTemplate(loc.instanceId, loc.path.templateId);
      }
    } catch (e) {
      this.deps.log.trace(`Could not check ${uri.toString()} for changes: ${describeError(e)}`);
    }
  }

  private async showConflict(key: string, identifier: string): Promise<void> {
    const uri = vscode.Uri.parse(key);
    await vscode.commands.executeCommand('vscode.diff', serverSnapshotUri(uri), uri, vscode.l10n.t('{0}: Kadi4Mat server ↔ yours', identifier), { preview: false });
  }
}
