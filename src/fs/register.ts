// VS Code glue of template editing: registers the `kadi:` file system and wires VS Code's
// editor lifecycle (save reasons, saves taken, closes, focus), KadiEvents, instance and role
// changes and the draft commands to the named steps of `EditingSession`. Saves and failed saves
// are announced (onDidWrite / onDidFailWrite) for the diagnostics (src/diagnostics).
import * as vscode from 'vscode';
import type { TemplateChangeKind } from '../ui/events';
import { runCommand } from '../ui/errors';
import { uploadsOnBlur, type SaveReason } from './autoSavePolicy';
import { DraftDecorations } from './draftDecorations';
import { EditingSession, type EditingDeps } from './editingSession';
import type { FsFailure } from './failure';
import type { DraftStore } from './persisted';
import type { KadiFileSystemProvider } from './provider';
import type { EditorStatus } from './statusBar';
import type { TemplateFiles, WriteOutcome } from './templateFiles';
import { KADI_SCHEME, documentKey } from './uris';

export type { EditingDeps } from './editingSession';

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
  /** The server has version `lastModified`: clean editors take it, others are marked "changed on the server". */
  serverChanged(instanceId: string, templateId: number, lastModified: string): void;
  isChangedOnServer(uri: vscode.Uri): boolean;
  /** The tab marks (draft, changed on the server). */
  decorations: DraftDecorations;
}

export function registerEditing(context: vscode.ExtensionContext, deps: EditingDeps): Editing {
  const session = new EditingSession(context.globalState, deps);
  const { files, drafts } = session;
  const decorations = new DraftDecorations(drafts, session);
  const blurUploads = () => uploadsOnBlur(session.autoSave());
  let lastActive = vscode.window.activeTextEditor?.document.uri;
  const cmd = (id: string, name: string, fn: (uri: vscode.Uri) => Promise<unknown>) =>
    vscode.commands.registerCommand(
      id,
      runCommand(deps.log, deps.prompts, name, async (arg?: unknown) => {
        const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
        if (uri && session.isTemplateDoc(uri)) await fn(uri);
      }),
    );

  context.subscriptions.push(
    session,
    vscode.workspace.registerFileSystemProvider(KADI_SCHEME, session.provider, { isCaseSensitive: true }),
    decorations,
    vscode.window.registerFileDecorationProvider(decorations),

    vscode.workspace.onWillSaveTextDocument((e) => {
      if (session.isTemplateDoc(e.document.uri)) session.rememberSaveReason(e.document.uri, e.reason as SaveReason);
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.uri.scheme === KADI_SCHEME && !doc.uri.query) session.saveTaken(doc.uri);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!e.document.isDirty && session.isTemplateDoc(e.document.uri)) void session.becameClean(e.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (session.isTemplateDoc(doc.uri)) session.closed(doc.uri);
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      const previous = lastActive;
      lastActive = editor?.document.uri;
      if (previous && session.isTemplateDoc(previous) && blurUploads() && drafts.has(documentKey(previous))) void session.uploadDraft(previous);
      if (editor) void session.checkRemote(editor.document.uri);
    }),
    vscode.window.onDidChangeWindowState((s) => {
      const uri = vscode.window.activeTextEditor?.document.uri;
      if (!uri || !session.isTemplateDoc(uri)) return;
      if (!s.focused && blurUploads() && drafts.has(documentKey(uri))) void session.uploadDraft(uri);
      if (s.focused) void session.checkRemote(uri);
    }),
    // Subscriptions are pushed as they are: an unbound `dispose` throws at deactivation.
    deps.events.onDidChangeTemplate((c) => session.templateChanged(c.instanceId, c.templateId, c.kind)),
    // A role worked out anew (tree refresh, role command, …): editors showing another
    // read-only state than it implies reload, so the tree and the editor never disagree.
    deps.access.onDidChange(({ instanceId, templateId, access }) => {
      if (files.editabilityDiffers(instanceId, templateId, access)) session.refreshTemplate(instanceId, templateId);
    }),
    deps.source.onDidChange(() => {
      files.invalidateAll();
      session.status.update();
    }),

    cmd('kadi4mat.saveDraft', 'Save to Kadi4Mat', (uri) => session.saveDraft(uri)),
    cmd('kadi4mat.discardDraft', 'Discard Local Draft', (uri) => session.discardDraft(uri)),
  );

  return {
    provider: session.provider,
    files,
    status: session.status,
    onDidWrite: session.onDidWrite,
    onDidFailWrite: session.onDidFailWrite,
    drafts,
    refreshTemplate: (instanceId, templateId, kind) => session.refreshTemplate(instanceId, templateId, kind),
    serverChanged: (instanceId, templateId, lastModified) => session.serverChanged(instanceId, templateId, lastModified),
    isChangedOnServer: (uri) => session.isChangedOnServer(documentKey(uri)),
    decorations,
  };
}
