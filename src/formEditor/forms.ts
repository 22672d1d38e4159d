// The template form's custom editor provider: what activation registers. Each open form (a
// FormSession: the webview, the model, the edits, the record preview) is made by provider.ts, a
// chunk of its own (dist/lazy/formEditor.js, esbuild.js LAZY_CHUNKS) loaded on the first form.
import * as vscode from 'vscode';
import type { TemplateType } from '../kadi/types';
import type { Log } from '../ui/log';
import type { FormSession } from './provider';

export const FORM_EDITOR_VIEW_TYPE = 'kadi4mat.templateForm';

export interface FormEditorDeps {
  extensionUri: vscode.Uri;
  /** What the validation glue knows about a template document (type fixed by the server, instance). */
  subject(doc: vscode.TextDocument): { instanceId?: string; type?: TemplateType } | undefined;
  /** The instance's license names once fetched (record templates), else undefined. */
  licenses(instanceId: string): readonly string[] | undefined;
  log: Log;
  /** Where to save a sample record; the host tests replace the dialog. */
  saveDialog?: (options: vscode.SaveDialogOptions) => Thenable<vscode.Uri | undefined>;
}

export class TemplateFormProvider implements vscode.CustomTextEditorProvider, vscode.Disposable {
  /** Open forms by document URI (the host tests drive them through `receive`). */
  readonly sessions = new Map<string, FormSession>();
  private readonly opened = new vscode.EventEmitter<FormSession>();
  readonly onDidOpen = this.opened.event;

  constructor(private readonly deps: FormEditorDeps) {}

  /** Alt+→ / Alt+←: the active form moves its focused row into the entry above / out of its parent. */
  keyMove(direction: 'into' | 'out'): void {
    for (const s of this.sessions.values()) if (s.panel.active) s.keyMove(direction);
  }

  /** Replaces the save dialog of "Save as Record Metadata…" (host tests); undefined restores it. */
  useSaveDialog(dialog: FormEditorDeps['saveDialog']): void {
    this.deps.saveDialog = dialog;
  }

  async resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): Promise<void> {
    let closed = false;
    const early = panel.onDidDispose(() => (closed = true));
    // The form's implementation is a chunk of its own (provider.ts, dist/lazy/formEditor.js).
    const { FormSession } = await import('./provider.js');
    early.dispose();
    if (closed) return;
    const session = new FormSession(document, panel, this.deps);
    const key = document.uri.toString();
    this.sessions.set(key, session);
    panel.onDidDispose(() => {
      session.dispose();
      if (this.sessions.get(key) === session) this.sessions.delete(key);
    });
    this.opened.fire(session);
  }

  dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    this.opened.dispose();
  }
}
