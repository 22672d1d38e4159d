// VS Code glue of template editing: registers the `kadi:` file system and wires it to the
// editor lifecycle (save reasons, saves taken, closes), to the other parts of the extension
// (KadiEvents, instance changes) and to the status bar and draft marks. Saves and failed saves
// are announced (onDidWrite / onDidFailWrite) for the diagnostics (src/diagnostics).
import * as vscode from 'vscode';
import type { ClientSource } from '../instances/registry';
import type { TemplateAccessService } from '../permissions/accessService';
import type { KadiEvents, TemplateChangeKind } from '../ui/events';
import { describeError, runCommand } from '../ui/errors';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import { normalizeAutoSave, uploadOrDraft, uploadsOnBlur, type SaveReason } from './autoSavePolicy';
import { DraftDecorations } from './draftDecorations';
import { isFsFailure, type FsFailure } from './failure';
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

export interface Editing {
  provider: KadiFileSystemProvider;
  files: TemplateFiles;
  status: EditorStatus;
  /** A save or draft of a `kadi:` document went through. */
  onDidWrite: vscode.Event<{ uri: vscode.Uri; outcome: WriteOutcome }>;
  /** A save was refused (by the save gate, a conflict, the server, …); the editor stays dirty. */
  onDidFailWrite: vscode.Event<{ uri: vscode.Uri; failure: FsFailure }>;
  drafts: DraftStore;
  /** The template changed on the server: editors without unsaved changes reload it. */
  refreshTemplate(instanceId: string, templateId: number, kind?: TemplateChangeKind): void;
}

/** An editor whose template was not checked against the server for this long is checked when it gets focus. */
const FRESHNESS_MS = 30_000;

export function registerEditing(context: vscode.ExtensionContext, deps: EditingDeps): Editing {
  const { source, events, log, prompts } = deps;

  const drafts = new DraftStore(context.globalState);
  const readAt = new ReadAtStore(context.globalState);
  const isTemplateDoc = (uri: vscode.Uri) => uri.scheme === KADI_SCHEME && !uri.query && locate(uri)?.path.kind === 'template';
  const openDoc = (key: string) => vscode.workspace.textDocuments.find((d) => d.uri.scheme === KADI_SCHEME && !d.uri.query && documentKey(d.uri) === key);
  const isDirty = (key: string) => !!openDoc(key)?.isDirty;

  const files = new TemplateFiles({
    source,
    prompts,
    log,
    readAt,
    drafts,
    isDirty,
    describeError,
    showConflict: async (loc, server) => {
      const uri = vscode.Uri.parse(loc.key);
      await vscode.commands.executeCommand('vscode.diff', serverSnapshotUri(uri), uri, vscode.l10n.t('{0}: Kadi4Mat server ↔ yours', server.identifier), {
        preview: false,
      });
    },
    licenses: deps.licenses,
    access: deps.access,
  });
  const wrote = new vscode.EventEmitter<{ uri: vscode.Uri; outcome: WriteOutcome }>();
  const writeFailed = new vscode.EventEmitter<{ uri: vscode.Uri; failure: FsFailure }>();
  const status = new EditorStatus(files, source, drafts);
  /** Why the editor is saving (onWillSaveTextDocument), taken by the writeFile that follows. */
  const reasons = new Map<string, { reason: SaveReason; at: number }>();
  const autoSave = () => normalizeAutoSave(vscode.workspace.getConfiguration('kadi4mat').get('autoSave'));

  /** The template key of a change this module made itself (its own event is not news to it). */
  let ownChange: string | undefined;
  const announceSaved = (instanceId: string, templateId: number) => {
    ownChange = `${instanceId}#${templateId}`;
    try {
      events.fireTemplateChanged({ instanceId, templateId, kind: 'saved' });
    } finally {
      ownChange = undefined;
    }
  };

  const afterSave = (uri: vscode.Uri, outcome: WriteOutcome) => {
    const loc = locate(uri);
    if (!loc) return;
    wrote.fire({ uri, outcome });
    if (outcome.kind === 'saved') {
      announceSaved(loc.instanceId, loc.path.templateId);
      if (outcome.keptServerChanges.length) {
        const names = outcome.keptServerChanges.map((f) => `"${f}"`).join(', ');
        void prompts.info(
          vscode.l10n.t("Saved '{0}'. Someone changed {1} on the server meanwhile; those changes were kept and the editor now shows them.", outcome.template.identifier, names),
        );
      }
    }
    status.update();
  };

  const saveFailed = (uri: vscode.Uri, f: FsFailure) => {
    writeFailed.fire({ uri, failure: f });
    log.warn(`Save of ${uri.toString()} failed: ${f.message}`);
  };

  const provider = new KadiFileSystemProvider(files, source, {
    modeFor: (uri) => {
      const key = documentKey(uri);
      const r = reasons.get(key);
      reasons.delete(key);
      // A reason left over from a save that never reached writeFile must not decide a later write.
      return uploadOrDraft(r && Date.now() - r.at < 60_000 ? r.reason : undefined, autoSave());
    },
    afterWrite: (uri, _loc, outcome) => afterSave(uri, outcome),
    writeFailed: saveFailed,
    describeError,
  });

  const refreshTemplate = (instanceId: string, templateId: number, kind?: TemplateChangeKind) => {
    const keys = files.invalidate(instanceId, templateId, { roles: kind === 'roles' });
    const uris = keys.filter((k) => !isDirty(k)).map((k) => vscode.Uri.parse(k));
    provider.fireChanged(uris, kind === 'deleted' || kind === 'purged' ? vscode.FileChangeType.Deleted : vscode.FileChangeType.Changed);
    status.update();
  };

  /** Uploads a draft outside VS Code's save (command, focus change, after closing). */
  const uploadDraft = async (uri: vscode.Uri): Promise<void> => {
    const loc = locate(uri);
    if (!loc || !drafts.has(loc.key)) return;
    try {
      const outcome = await files.uploadDraft(loc);
      afterSave(uri, outcome);
      // The editor shows the draft as saved: make it load the stored version.
      provider.fireChanged([uri]);
    } catch (e) {
      if (isFsFailure(e)) {
        saveFailed(uri, e);
        void prompts.error(e.message);
      } else throw e;
    }
  };

  const maybeCheckRemote = async (uri: vscode.Uri) => {
    const loc = locate(uri);
    if (!loc || !isTemplateDoc(uri) || isDirty(loc.key) || drafts.has(loc.key)) return;
    try {
      if ((await files.checkRemote(loc, FRESHNESS_MS)) === 'changed' && !isDirty(loc.key)) {
        log.info(`Template ${loc.path.templateId} on ${loc.instanceId} changed on the server; reloading its editor.`);
        refreshTemplate(loc.instanceId, loc.path.templateId);
      }
    } catch (e) {
      log.trace(`Could not check ${uri.toString()} for changes: ${describeError(e)}`);
    }
  };

  let lastActive = vscode.window.activeTextEditor?.document.uri;
  const cmd = (id: string, name: string, fn: (uri?: vscode.Uri) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, runCommand(log, prompts, name, (arg?: unknown) => fn(arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri)));

  context.subscriptions.push(
    provider,
    wrote,
    writeFailed,
    status,
    { dispose: () => drafts.dispose() },
    vscode.workspace.registerFileSystemProvider(KADI_SCHEME, provider, { isCaseSensitive: true }),
    vscode.window.registerFileDecorationProvider(new DraftDecorations(drafts)),

    vscode.workspace.onWillSaveTextDocument((e) => {
      if (isTemplateDoc(e.document.uri)) reasons.set(documentKey(e.document.uri), { reason: e.reason as SaveReason, at: Date.now() });
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.uri.scheme !== KADI_SCHEME || doc.uri.query) return;
      // The editor took the save; if the server stored something else, it reloads now.
      if (files.settle(documentKey(doc.uri))) provider.fireChanged([doc.uri]);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (!isTemplateDoc(doc.uri)) return;
      const key = documentKey(doc.uri);
      files.forget(key);
      reasons.delete(key);
      if (drafts.has(key)) void askAboutClosedDraft(doc.uri);
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      const previous = lastActive;
      lastActive = editor?.document.uri;
      if (previous && isTemplateDoc(previous) && uploadsOnBlur(autoSave()) && drafts.has(documentKey(previous))) void uploadDraft(previous);
      if (editor) void maybeCheckRemote(editor.document.uri);
    }),
    vscode.window.onDidChangeWindowState((s) => {
      const uri = vscode.window.activeTextEditor?.document.uri;
      if (!uri || !isTemplateDoc(uri)) return;
      if (!s.focused && uploadsOnBlur(autoSave()) && drafts.has(documentKey(uri))) void uploadDraft(uri);
      if (s.focused) void maybeCheckRemote(uri);
    }),
    { dispose: events.onDidChangeTemplate((c) => {
      if (ownChange === `${c.instanceId}#${c.templateId}`) return;
      refreshTemplate(c.instanceId, c.templateId, c.kind);
    }).dispose },
    // A role worked out anew (tree refresh, role command, …): editors showing another
    // read-only state than it implies reload, so the tree and the editor never disagree.
    { dispose: deps.access.onDidChange(({ instanceId, templateId, access }) => {
      if (files.editabilityDiffers(instanceId, templateId, access)) refreshTemplate(instanceId, templateId);
    }).dispose },
    { dispose: source.onDidChange(() => {
      files.invalidateAll();
      status.update();
    }).dispose },

    cmd('kadi4mat.saveDraft', 'Save Draft to Kadi4Mat', async (uri) => {
      if (!uri || !isTemplateDoc(uri)) return;
      // Unsaved changes on top of the draft: an explicit save uploads all of it.
      const doc = openDoc(documentKey(uri));
      if (doc?.isDirty) await doc.save();
      else await uploadDraft(uri);
    }),
    cmd('kadi4mat.discardDraft', 'Discard Local Draft', async (uri) => {
      if (!uri || !isTemplateDoc(uri)) return;
      const key = documentKey(uri);
      if (!drafts.has(key)) return;
      const identifier = locate(uri)?.path.identifier;
      const discard = vscode.l10n.t('Discard');
      const answer = await prompts.warn(
        identifier ? vscode.l10n.t("Discard the local draft of '{0}'?", identifier) : vscode.l10n.t('Discard the local draft of this template?'),
        { modal: true, detail: vscode.l10n.t('The editor then shows the version on the Kadi4Mat server. The draft cannot be recovered.') },
        discard,
      );
      if (answer !== discard) return;
      await drafts.delete(key);
      const loc = locate(uri);
      if (loc) refreshTemplate(loc.instanceId, loc.path.templateId);
      provider.fireChanged([uri]);
    }),
  );

  async function askAboutClosedDraft(uri: vscode.Uri): Promise<void> {
    const name = locate(uri)?.path.identifier ?? uri.path;
    const save = vscode.l10n.t('Save to Kadi4Mat');
    const open = vscode.l10n.t('Open');
    const discard = vscode.l10n.t('Discard Draft');
    const answer = await prompts.warn(
      vscode.l10n.t("'{0}' was closed with a local draft that is not saved to Kadi4Mat.", name),
      { modal: false, detail: vscode.l10n.t('Auto-save kept your text locally instead of creating a revision for each change.') },
      save,
      open,
      discard,
    );
    if (answer === save) await uploadDraft(uri);
    else if (answer === open) await vscode.window.showTextDocument(uri, { preview: false });
    else if (answer === discard) await drafts.delete(documentKey(uri));
  }

  return {
    provider,
    files,
    status,
    onDidWrite: wrote.event,
    onDidFailWrite: writeFailed.event,
    drafts,
    refreshTemplate,
  };
}
