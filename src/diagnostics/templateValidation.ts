// Live validation of template documents: `kadi:` templates and revisions (read-only, checked
// too: a revision may predate a rule), and local `*.kadi-template.json` files. Immediately on
// open, debounced while typing; the template's type comes from the version the file system
// read (a document's own `type` cannot change it), the license names from the instance.
import * as vscode from 'vscode';
import type { Editing } from '../fs/register';
import { locate } from '../fs/uris';
import { KADI_SCHEME } from '../fs/uris';
import { TEMPLATE_SUFFIX } from '../kadi/templateUri';
import type { TemplateType } from '../kadi/types';
import type { Log } from '../ui/log';
import { loadValidation, validationIfLoaded } from '../validation/lazy';
import { Debouncer, delayFor } from './debounce';
import type { KadiDiagnostics } from './hub';
import type { LicenseCache } from './licenses';

export interface TemplateValidationDeps {
  diagnostics: KadiDiagnostics;
  editing: Pick<Editing, 'files' | 'onDidWrite' | 'onDidFailWrite'>;
  licenses: LicenseCache;
  log: Log;
}

/** What one pass cost (the host tests and the log report it). */
export interface PassInfo {
  uri: string;
  chars: number;
  /** validateTemplateText alone. */
  ms: number;
  /** Turning the result into VS Code diagnostics and publishing them. */
  publishMs: number;
  problems: number;
}

interface Subject {
  instanceId?: string;
  type?: TemplateType;
}

/** Record templates name a license; the top-level `type` is at two spaces in our format. */
const RECORD_TYPE = /^ {2}"type": "record"/m;

export class TemplateValidation implements vscode.Disposable {
  private readonly debounce = new Debouncer();
  private readonly disposables: vscode.Disposable[] = [];
  /** Length of each document at its last pass (sizes the debounce without copying the text). */
  private readonly sizes = new Map<string, number>();
  lastPass?: PassInfo;

  constructor(private readonly deps: TemplateValidationDeps) {
    const { diagnostics, editing } = deps;
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.validateNow(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.contentChanges.length || !this.subject(e.document)) return;
        // The server's verdict was about the text that was saved; an edit makes it stale.
        diagnostics.clearServer(e.document.uri);
        this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (!this.subject(doc)) return;
        this.debounce.cancel(doc.uri.toString());
        this.sizes.delete(doc.uri.toString());
        diagnostics.delete(doc.uri);
      }),
      editing.onDidWrite(({ uri, outcome }) => {
        if (outcome.kind !== 'draft') diagnostics.clearServer(uri);
      }),
      editing.onDidFailWrite(({ uri, failure }) => {
        if (failure.problems) diagnostics.setServer(uri, failure.problems.text, failure.problems.items);
        // A refused save names problems "marked in the editor": make sure they are, now.
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (doc) this.validateNow(doc);
      }),
    );
    for (const doc of vscode.workspace.textDocuments) this.validateNow(doc);
  }

  /** Which template documents are validated, and what is known about them. */
  subject(doc: vscode.TextDocument): Subject | undefined {
    const uri = doc.uri;
    if (uri.scheme === KADI_SCHEME) {
      const loc = locate(uri);
      if (!loc || (loc.path.kind !== 'template' && loc.path.kind !== 'revision')) return undefined;
      const base = loc.path.kind === 'template' && !loc.serverSnapshot ? this.deps.editing.files.describe(loc.key)?.base : undefined;
      return { instanceId: loc.instanceId, type: base?.type };
    }
    return uri.path.endsWith(TEMPLATE_SUFFIX) ? {} : undefined;
  }

  validateNow(doc: vscode.TextDocument): void {
    const subject = this.subject(doc);
    if (!subject) return;
    // The engine loads on the first document (not at activation); this pass runs once it is there.
    const engine = validationIfLoaded();
    if (!engine) {
      void loadValidation().then(() => !doc.isClosed && this.validateNow(doc));
      return;
    }
    const { validateTemplateText } = engine;
    this.debounce.cancel(doc.uri.toString());
    const text = doc.getText();
    let licenses: readonly string[] | undefined;
    if (subject.instanceId && (subject.type === 'record' || (!subject.type && RECORD_TYPE.test(text)))) {
      licenses = this.deps.licenses.peek(subject.instanceId);
      // Fetched once per instance; validate again when they arrive.
      if (!licenses) void this.deps.licenses.load(subject.instanceId).then((names) => names && this.schedule(doc, 0));
    }
    const t0 = performance.now();
    const diags = validateTemplateText(text, { type: subject.type, licenses });
    const t1 = performance.now();
    this.deps.diagnostics.setLive(doc, diags);
    const publishMs = performance.now() - t1;
    const ms = t1 - t0;
    this.sizes.set(doc.uri.toString(), text.length);
    this.lastPass = { uri: doc.uri.toString(), chars: text.length, ms, publishMs, problems: diags.length };
    if (ms > 100) this.deps.log.trace(`Validating ${doc.uri.toString()} (${text.length} characters) took ${ms.toFixed(0)} ms.`);
  }

  private schedule(doc: vscode.TextDocument, ms = delayFor(this.sizes.get(doc.uri.toString()) ?? 0)): void {
    this.debounce.run(doc.uri.toString(), ms, () => {
      if (!doc.isClosed) this.validateNow(doc);
    });
  }

  dispose(): void {
    this.debounce.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
