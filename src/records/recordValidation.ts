// Live validation of record metadata: any JSON document (local file, untitled, …) whose
// `$schema` names a template's JSON-Schema export (`kadi://…/<identifier>.schema.json`) is
// checked against that export as the server serves it, with Kadi-style messages (ajv 2020-12,
// prefixItems, date-time). The export is fetched once per template version (schemaCache.ts).
import * as vscode from 'vscode';
import { Debouncer, delayFor } from '../diagnostics/debounce';
import type { KadiDiagnostics } from '../diagnostics/hub';
import { KADI_SCHEME } from '../fs/uris';
import type { Log } from '../ui/log';
import type { Diagnostic } from '../validation';
import { loadValidation } from '../validation/lazy';
import type { RecordSchemas } from './schemaCache';
import { findSchemaRef, type SchemaRef } from './schemaRef';

export interface RecordValidationDeps {
  diagnostics: KadiDiagnostics;
  schemas: RecordSchemas;
  /** Documents validated elsewhere (Test Template's samples). */
  isOwnedElsewhere(uri: vscode.Uri): boolean;
  describeError(e: unknown, action?: string): string;
  log: Log;
}

export class RecordValidation implements vscode.Disposable {
  private readonly debounce = new Debouncer();
  /** The schema each validated document names (to revalidate when its template changes). */
  private readonly refs = new Map<string, SchemaRef>();
  /** Length at the last pass: sizes the debounce without copying the text on every keystroke. */
  private readonly sizes = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: RecordValidationDeps) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => void this.validate(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.contentChanges.length || !this.applies(e.document)) return;
        const doc = e.document;
        const key = doc.uri.toString();
        this.debounce.run(key, delayFor(this.sizes.get(key) ?? 0), () => void this.validate(doc));
      }),
      // A language change (plaintext → json) reopens the document under the same URI.
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
    );
    for (const doc of vscode.workspace.textDocuments) void this.validate(doc);
  }

  applies(doc: vscode.TextDocument): boolean {
    return doc.uri.scheme !== KADI_SCHEME && (doc.languageId === 'json' || doc.languageId === 'jsonc') && !this.deps.isOwnedElsewhere(doc.uri);
  }

  /** The documents that name this template's schema (their schema is fetched again first). */
  templateChanged(instanceId: string, templateId: number): SchemaRef[] {
    this.deps.schemas.invalidate(instanceId, templateId);
    const affected: SchemaRef[] = [];
    for (const doc of vscode.workspace.textDocuments) {
      const ref = this.refs.get(doc.uri.toString());
      if (ref?.instanceId === instanceId && ref.templateId === templateId) {
        affected.push(ref);
        void this.validate(doc);
      }
    }
    return affected;
  }

  /** Instances or tokens changed: every schema is fetched again. */
  revalidateAll(): void {
    this.deps.schemas.clear();
    for (const doc of vscode.workspace.textDocuments) if (this.refs.has(doc.uri.toString())) void this.validate(doc);
  }

  async validate(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed || !this.applies(doc)) return;
    const key = doc.uri.toString();
    this.debounce.cancel(key);
    const { version } = doc;
    const text = doc.getText();
    this.sizes.set(key, text.length);
    const ref = findSchemaRef(text);
    if (!ref) {
      if (this.refs.delete(key)) this.deps.diagnostics.delete(doc.uri);
      return;
    }
    this.refs.set(key, ref);
    let diags: Diagnostic[];
    try {
      const { schema, cacheKey } = await this.deps.schemas.get(ref.instanceId, ref.templateId);
      // Edited meanwhile: the change already scheduled a pass over the newer text.
      if (doc.isClosed || doc.version !== version) return;
      const { validateRecordText } = await loadValidation();
      if (doc.isClosed || doc.version !== version) return;
      diags = validateRecordText(text, schema, { cacheKey });
    } catch (e) {
      if (doc.isClosed || doc.version !== version) return;
      const at = Math.max(0, text.indexOf(JSON.stringify(ref.uri)));
      const message = vscode.l10n.t('The JSON Schema of template {0} could not be loaded, so this document is not checked: {1}', ref.identifier, this.deps.describeError(e));
      this.deps.log.warn(message);
      diags = [{ offset: at, length: JSON.stringify(ref.uri).length, message, severity: 'warning', code: 'schema-unavailable', path: ['$schema'] }];
    }
    this.deps.diagnostics.setLive(doc, diags);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.debounce.cancel(key);
    this.sizes.delete(key);
    if (this.refs.delete(key)) this.deps.diagnostics.delete(uri);
  }

  dispose(): void {
    this.debounce.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
