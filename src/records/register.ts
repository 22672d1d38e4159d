// VS Code glue for record metadata: live validation of JSON documents whose `$schema` names a
// template's export, "New Record Metadata from Template…" and "Test Template".
import * as vscode from 'vscode';
import type { KadiDiagnostics } from '../diagnostics/hub';
import type { Editing } from '../fs/register';
import { templateUri, KADI_SCHEME } from '../fs/uris';
import type { ClientSource } from '../instances/registry';
import { TEMPLATE_SUFFIX, parseKadiPath } from '../kadi/templateUri';
import { commandTarget } from '../permissions/target';
import type { TemplateFlowDeps, TemplateTarget } from '../templates/flows';
import { describeError, runCommand } from '../ui/errors';
import type { KadiEvents } from '../ui/events';
import { openUntitled } from '../ui/untitled';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import { loadValidation } from '../validation/lazy';
import { RecordValidation } from './recordValidation';
import { RecordSchemas } from './schemaCache';
import { schemaUriString } from './schemaRef';
import { TestTemplate } from './testTemplate';

export interface RecordsDeps {
  clients: ClientSource;
  events: KadiEvents;
  log: Log;
  prompts: Prompts;
  editing: Editing;
  diagnostics: KadiDiagnostics;
  flows: TemplateFlowDeps;
}

export interface Records {
  schemas: RecordSchemas;
  validation: RecordValidation;
  tests: TestTemplate;
}

function isTemplateDocument(uri: vscode.Uri | undefined): uri is vscode.Uri {
  if (!uri) return false;
  if (uri.scheme === KADI_SCHEME) return parseKadiPath(uri.path)?.kind === 'template' && !uri.query;
  return uri.path.endsWith(TEMPLATE_SUFFIX);
}

export function registerRecords(context: vscode.ExtensionContext, deps: RecordsDeps): Records {
  const { clients, events, log, prompts, editing, diagnostics, flows } = deps;
  // The template flows are a chunk of their own (templates/impl.ts), loaded on first use.
  const resolveTemplate = async (d: TemplateFlowDeps, target: TemplateTarget | undefined, title: string) => (await import('../templates/impl.js')).resolveTemplate(d, target, title);
  const schemas = new RecordSchemas(clients);
  const tests = new TestTemplate({ diagnostics, editing, source: clients, describeError, log });
  const validation = new RecordValidation({ diagnostics, schemas, isOwnedElsewhere: (uri) => tests.isSample(uri), describeError, log });

  const newRecordMetadata = async (arg?: unknown) => {
    const title = vscode.l10n.t('Kadi4Mat: New Record Metadata from Template');
    // From the palette: pick a template; from the tree or an editor title: that template.
    const r = await resolveTemplate(flows, arg === undefined ? undefined : commandTarget(arg), title);
    if (!r) return;
    const { schema } = await flows.progress(vscode.l10n.t("Loading the JSON Schema of '{0}'…", r.template.identifier), () => schemas.get(r.info.id, r.template.id));
    const { recordSkeleton } = await loadValidation();
    const content = recordSkeleton(schema, schemaUriString(r.info.id, r.template.id, r.template.identifier));
    // Named after the template ("tensile-test.record.json"), saved by default beside the workspace.
    const doc = await openUntitled(r.template.identifier, '.record.json', content, 'json');
    await vscode.window.showTextDocument(doc, { preview: false });
  };

  const testTemplate = async (arg?: unknown) => {
    let uri: vscode.Uri | undefined;
    if (arg instanceof vscode.Uri) uri = arg;
    else if (arg !== undefined) {
      // A tree node: open its template first.
      const r = await resolveTemplate(flows, commandTarget(arg), vscode.l10n.t('Kadi4Mat: Test Template'));
      if (r) uri = templateUri(r.info.id, r.template.id, r.template.identifier);
    } else {
      uri = vscode.window.activeTextEditor?.document.uri;
      if (!isTemplateDocument(uri)) {
        const r = await resolveTemplate(flows, undefined, vscode.l10n.t('Kadi4Mat: Test Template'));
        uri = r && templateUri(r.info.id, r.template.id, r.template.identifier);
      }
    }
    if (!isTemplateDocument(uri)) {
      if (uri) void prompts.info(vscode.l10n.t('Test Template works on a template document (*.kadi-template.json).'));
      return;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    await tests.start(doc);
  };

  context.subscriptions.push(
    validation,
    tests,
    vscode.commands.registerCommand('kadi4mat.newRecordMetadata', runCommand(log, prompts, 'New Record Metadata from Template', newRecordMetadata)),
    vscode.commands.registerCommand('kadi4mat.testTemplate', runCommand(log, prompts, 'Test Template', testTemplate)),
    events.onDidChangeTemplate((c) => {
      const refs = validation.templateChanged(c.instanceId, c.templateId);
      // Open schema documents (and the JSON language features, which read them) reload.
      const schemaUris = [...new Set(refs.map((r) => r.uri))].map((u) => vscode.Uri.parse(u));
      editing.provider.fireChanged(schemaUris);
      if (c.kind === 'saved') void tests.saved(c.instanceId, c.templateId);
    }),
    clients.onDidChange(() => validation.revalidateAll()),
  );
  return { schemas, validation, tests };
}
