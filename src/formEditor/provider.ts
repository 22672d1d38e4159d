// The "Kadi4Mat Template Form": a CustomTextEditorProvider for `*.kadi-template.json` (kadi:
// and local files). The TextDocument stays the one source of truth: every form action becomes
// one WorkspaceEdit on its text (edits.ts), so undo/redo, dirty state, save through the file
// system provider, conflicts, hot exit and Save As are the text editor's own; every text change
// (from the form, the text editor beside it, undo) rebuilds the form model and sends it over.
// This file is a chunk of its own (dist/lazy/formEditor.js): forms.ts, the provider activation
// registers, loads it on the first form.
import * as vscode from 'vscode';
import { delayFor } from '../diagnostics/debounce';
import { locate } from '../fs/uris';
import { KADI_SCHEME } from '../fs/uris';
import type { TemplateType } from '../kadi/types';
import { schemaUriString } from '../records/schemaRef';
import type { Diagnostic, JsonSchemaObject } from '../validation';
import { loadValidation, validationIfLoaded, type ValidationEngine } from '../validation/lazy';
import { editsFor, type FormAction } from './edits';
import { formHtml } from './html';
import { buildModel } from './model';
import type { FormProblem, FromWebview, ToWebview } from './protocol';
import { formStrings } from './strings';
import type { FormEditorDeps } from './forms';

export type { FormEditorDeps } from './forms';

const problem = (d: Diagnostic): FormProblem => ({ path: d.path, message: d.message, severity: d.severity, code: d.code, offset: d.offset, length: d.length });

/** One open form: a webview panel on one document. */
export class FormSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private schemaJson = '';
  private schema?: JsonSchemaObject;
  private sampleGeneration = 0;
  /** What was last sent, by message type (the host tests read it). */
  readonly sent = new Map<ToWebview['type'], ToWebview>();
  /** Document version of the last model sent. */
  modelVersion = -1;
  /** When the last model was sent, and how long building it (model, problems, preview) took. */
  lastUpdate?: { at: number; ms: number };
  /** The last form the webview drew: for which document version, and how long drawing took. */
  lastRender?: { version: number; ms: number };

  constructor(
    readonly document: vscode.TextDocument,
    readonly panel: vscode.WebviewPanel,
    private readonly deps: FormEditorDeps,
  ) {
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist'), vscode.Uri.joinPath(deps.extensionUri, 'media', 'formEditor')] };
    webview.html = formHtml(webview, deps.extensionUri);
    this.disposables.push(
      webview.onDidReceiveMessage((m: FromWebview) => void this.receive(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === document && e.contentChanges.length) this.schedule();
      }),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.modelVersion !== document.version) this.update();
      }),
    );
  }

  private post(message: ToWebview): void {
    this.sent.set(message.type, message);
    void this.panel.webview.postMessage(message);
  }

  /** Handles a message of the webview (also called by the host tests, as the webview would). */
  async receive(m: FromWebview): Promise<boolean> {
    switch (m.type) {
      case 'ready': {
        const readonly = await isReadonly(this.document.uri);
        this.post({ type: 'init', strings: formStrings(), readonly });
        this.schemaJson = '';
        this.update();
        return true;
      }
      case 'action':
        return this.apply(m.action);
      case 'reveal': {
        const range = new vscode.Range(this.document.positionAt(m.offset), this.document.positionAt(m.offset + Math.max(m.length, 1)));
        await vscode.window.showTextDocument(this.document, { viewColumn: vscode.ViewColumn.Beside, selection: range, preserveFocus: false });
        return true;
      }
      case 'openText':
        await vscode.commands.executeCommand('kadi4mat.formEditor.showText', this.document.uri);
        return true;
      case 'sample':
        this.checkSample(m.text);
        return true;
      case 'saveSample':
        return this.saveSample(m.text);
      case 'rendered':
        this.lastRender = { version: m.version, ms: m.ms };
        if (m.ms > 200) this.deps.log.trace(`Template form: drawing ${this.document.uri.toString()} took ${m.ms.toFixed(0)} ms.`);
        return true;
    }
  }

  /** One form action → one edit of the document (one undo step). */
  async apply(action: FormAction): Promise<boolean> {
    let edits;
    try {
      edits = editsFor(this.document.getText(), action);
    } catch (e) {
      // The text stopped being JSON since the form was drawn: the form shows that instead.
      this.deps.log.trace(`Template form: ${action.kind} not applied: ${e instanceof Error ? e.message : String(e)}`);
      this.update();
      return false;
    }
    if (!edits.length) return true;
    // One WorkspaceEdit, one undo step (a move is two edits: where the entry goes from and to).
    const we = new vscode.WorkspaceEdit();
    const doc = this.document;
    for (const edit of edits) we.replace(doc.uri, new vscode.Range(doc.positionAt(edit.offset), doc.positionAt(edit.offset + edit.length)), edit.newText);
    const ok = await vscode.workspace.applyEdit(we);
    if (!ok) void vscode.window.showWarningMessage(vscode.l10n.t('The template could not be changed (it is read-only).'));
    return ok;
  }

  keyMove(direction: 'into' | 'out'): void {
    this.post({ type: 'keyMove', direction });
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    // Edits from the form come back at once; typing in the text editor beside is debounced.
    this.timer = setTimeout(() => this.update(), Math.min(60, delayFor(this.document.getText().length) / 3));
  }

  /** Rebuilds the model and the problems of the current text and sends them. */
  update(): void {
    this.timer = undefined;
    if (this.document.isClosed) return;
    const engine = validationIfLoaded();
    if (!engine) {
      // The validation engine loads on first use, not at activation (validation/lazy.ts).
      void loadValidation().then(() => this.update());
      return;
    }
    const t0 = performance.now();
    const text = this.document.getText();
    const subject = this.deps.subject(this.document) ?? {};
    const model = buildModel(text, subject.type);
    const licenses = subject.instanceId ? this.deps.licenses(subject.instanceId) : undefined;
    const problems = engine.validateTemplateText(text, { type: subject.type, licenses }).map(problem);
    this.modelVersion = this.document.version;
    this.post({ type: 'model', model, version: this.document.version, problems });
    if (model.kind === 'form') this.updatePreview(engine, model.type, text);
    this.lastUpdate = { at: Date.now(), ms: performance.now() - t0 };
  }

  private updatePreview(engine: ValidationEngine, type: TemplateType, text: string): void {
    let schema: JsonSchemaObject;
    try {
      schema = engine.deriveRecordSchema({ type, data: (JSON.parse(text) as { data?: unknown }).data });
    } catch {
      return; // keep the last preview while the extras cannot be derived
    }
    const json = JSON.stringify(schema);
    if (json === this.schemaJson) return;
    this.schemaJson = json;
    this.schema = schema;
    this.sampleGeneration++;
    this.post({ type: 'preview', schema });
  }

  private checkSample(text: string): void {
    // The engine is loaded: the preview (and so a sample) exists only after an update().
    const engine = validationIfLoaded();
    if (!this.schema || !engine) return;
    const diags = engine.validateRecordText(text, this.schema, { cacheKey: `form ${this.document.uri.toString()}#${this.sampleGeneration}` });
    this.post({ type: 'sampleProblems', problems: diags.map(problem) });
  }

  private async saveSample(text: string): Promise<boolean> {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return false;
    }
    const ref = schemaRef(this.document.uri);
    const content = JSON.stringify(ref ? { $schema: ref, ...record } : record, null, 2) + '\n';
    const base = this.document.uri.path.split('/').pop()!.replace(/\.kadi-template\.json$/, '');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? (this.document.uri.scheme === 'file' ? vscode.Uri.joinPath(this.document.uri, '..') : undefined);
    const target = await (this.deps.saveDialog ?? vscode.window.showSaveDialog)({
      defaultUri: folder && vscode.Uri.joinPath(folder, `${base}.record.json`),
      filters: { JSON: ['json'] },
      title: vscode.l10n.t('Save the Sample Record as Record Metadata'),
    });
    if (!target) return false;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    return true;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The `$schema` a record of a `kadi:` template names (its JSON-Schema export); local files have none. */
function schemaRef(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== KADI_SCHEME) return undefined;
  const loc = locate(uri);
  return loc && loc.path.kind === 'template' ? schemaUriString(loc.instanceId, loc.path.templateId, loc.path.identifier) : undefined;
}

async function isReadonly(uri: vscode.Uri): Promise<boolean> {
  if (uri.scheme === 'untitled') return false;
  try {
    return ((await vscode.workspace.fs.stat(uri)).permissions ?? 0) & vscode.FilePermission.Readonly ? true : false;
  } catch {
    return false;
  }
}
