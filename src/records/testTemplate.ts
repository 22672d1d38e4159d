// "Test Template": beside a template's editor, a sample record (untitled JSON) checked live
// against the schema derived from the template text as it is being edited — so an author sees
// at once which values their options, ranges and required flags accept. After each save the
// derived schema is compared with the server's export; a difference goes to the log.
import * as vscode from 'vscode';
import { openUntitled } from '../ui/untitled';
import { Debouncer, delayFor } from '../diagnostics/debounce';
import type { KadiDiagnostics } from '../diagnostics/hub';
import type { Editing } from '../fs/register';
import { documentKey, locate } from '../fs/uris';
import { KADI_SCHEME } from '../fs/uris';
import type { ClientSource } from '../instances/registry';
import type { Log } from '../ui/log';
import type { JsonSchemaObject } from '../validation';
import { loadValidation, validationIfLoaded, type ValidationEngine } from '../validation/lazy';
import { schemaDifferences } from './schemaDiff';

export interface TestTemplateDeps {
  diagnostics: KadiDiagnostics;
  editing: Pick<Editing, 'files'>;
  source: Pick<ClientSource, 'call'>;
  describeError(e: unknown, action?: string): string;
  log: Log;
}

interface Session {
  template: vscode.Uri;
  sample: vscode.TextDocument;
  schema: JsonSchemaObject;
  /** JSON of `schema`: a template edit that does not change it does not recompile. */
  schemaJson: string;
  generation: number;
}

export interface SchemaComparison {
  instanceId: string;
  templateId: number;
  differences: string[];
}

/** Template edits are re-derived a little later than sample edits are checked. */
const DERIVE_MS = 250;

export class TestTemplate implements vscode.Disposable {
  /** By sample URI. */
  private readonly sessions = new Map<string, Session>();
  private readonly debounce = new Debouncer();
  private readonly disposables: vscode.Disposable[] = [];
  /** The last check of a derived schema against the server's export (after a save). */
  lastComparison?: SchemaComparison;

  constructor(private readonly deps: TestTemplateDeps) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.contentChanges.length) return;
        const key = e.document.uri.toString();
        const own = this.sessions.get(key);
        if (own) this.debounce.run(key, delayFor(e.document.getText().length), () => this.check(own));
        for (const s of this.sessions.values()) {
          if (s.template.toString() === key) this.debounce.run(`derive ${s.sample.uri.toString()}`, DERIVE_MS, () => this.rederive(s, e.document));
        }
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        const key = doc.uri.toString();
        if (!this.sessions.delete(key)) return;
        this.debounce.cancel(key);
        this.debounce.cancel(`derive ${key}`);
        this.deps.diagnostics.delete(doc.uri);
      }),
    );
  }

  isSample(uri: vscode.Uri): boolean {
    return this.sessions.has(uri.toString());
  }

  /** Opens (or shows again) the sample record of `template` beside it. */
  async start(template: vscode.TextDocument): Promise<vscode.TextDocument> {
    const existing = [...this.sessions.values()].find((s) => s.template.toString() === template.uri.toString() && !s.sample.isClosed);
    if (existing) {
      await vscode.window.showTextDocument(existing.sample, { viewColumn: vscode.ViewColumn.Beside, preview: false });
      return existing.sample;
    }
    const { JSON_SCHEMA_DIALECT, recordSkeleton } = await loadValidation();
    const schema = this.derive(template) ?? { $schema: JSON_SCHEMA_DIALECT };
    // "tensile-test.sample.json" beside "tensile-test.kadi-template.json".
    const identifier = (template.uri.path.split('/').pop() ?? '').replace(/\.kadi-template\.json$/, '') || 'template';
    const sample = await openUntitled(identifier, '.sample.json', recordSkeleton(schema), 'json');
    const session: Session = { template: template.uri, sample, schema, schemaJson: JSON.stringify(schema), generation: 1 };
    this.sessions.set(sample.uri.toString(), session);
    await vscode.window.showTextDocument(sample, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    this.check(session);
    return sample;
  }

  /** The schema Kadi4Mat would export for the template text; undefined while it does not parse. */
  private derive(template: vscode.TextDocument): JsonSchemaObject | undefined {
    let doc: unknown;
    try {
      doc = JSON.parse(template.getText());
    } catch {
      return undefined;
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
    const d = doc as Record<string, unknown>;
    // The server's type wins over the document's (it cannot be changed).
    const loc = template.uri.scheme === KADI_SCHEME ? locate(template.uri) : undefined;
    const type = (loc && this.deps.editing.files.describe(loc.key)?.base.type) ?? d.type;
    if (type !== 'record' && type !== 'extras') return undefined;
    try {
      return engine().deriveRecordSchema({ type, data: d.data });
    } catch (e) {
      this.deps.log.trace(`Test Template: no schema from ${template.uri.toString()}: ${this.deps.describeError(e)}`);
      return undefined;
    }
  }

  private rederive(s: Session, template: vscode.TextDocument): void {
    if (s.sample.isClosed) return;
    const schema = this.derive(template);
    if (!schema) return; // keep checking against the last schema that could be derived
    const json = JSON.stringify(schema);
    if (json === s.schemaJson) return;
    Object.assign(s, { schema, schemaJson: json, generation: s.generation + 1 });
    this.check(s);
  }

  private check(s: Session): void {
    if (s.sample.isClosed) return;
    const diags = engine().validateRecordText(s.sample.getText(), s.schema, { cacheKey: `test ${s.sample.uri.toString()}#${s.generation}` });
    this.deps.diagnostics.setLive(s.sample, diags);
  }

  /** A template was saved: if it is being tested, compare our derivation with the server's export. */
  async saved(instanceId: string, templateId: number): Promise<void> {
    const session = [...this.sessions.values()].find((s) => {
      const loc = s.template.scheme === KADI_SCHEME ? locate(s.template) : undefined;
      return loc?.instanceId === instanceId && loc.path.templateId === templateId;
    });
    if (!session) return;
    try {
      const stored = this.deps.editing.files.describe(documentKey(session.template))?.base;
      const [template, server] = await Promise.all([
        stored ? Promise.resolve(stored) : this.deps.source.call(instanceId, (c) => c.getTemplate(templateId)),
        this.deps.source.call(instanceId, (c) => c.exportJsonSchema(templateId)),
      ]);
      const differences = schemaDifferences(engine().deriveRecordSchema(template), server);
      this.lastComparison = { instanceId, templateId, differences };
      if (differences.length) {
        this.deps.log.warn(
          `Test Template: the schema derived from '${template.identifier}' differs from the JSON-Schema export of ${instanceId} ` +
            `(that Kadi4Mat version exports differently; record metadata is checked against the server's export): ${differences.join('; ')}`,
        );
      } else {
        this.deps.log.info(`Test Template: the schema derived from '${template.identifier}' equals the JSON-Schema export of ${instanceId}.`);
      }
    } catch (e) {
      this.deps.log.warn(`Test Template: could not compare with the server's JSON-Schema export: ${this.deps.describeError(e)}`);
    }
  }

  dispose(): void {
    this.debounce.dispose();
    for (const d of this.disposables) d.dispose();
    this.sessions.clear();
  }
}

/** The validation engine: loaded by start(), before any session (and so any other use) exists. */
function engine(): ValidationEngine {
  const v = validationIfLoaded();
  if (!v) throw new Error(vscode.l10n.t('The validation engine is not loaded yet.'));
  return v;
}
