// Composition root: builds the extension's objects, passes dependencies in by constructor and
// registers their disposables. Nothing else reaches for globals.
import * as vscode from 'vscode';
import { useTranslator } from './ui/l10n';
import { useLocale } from './ui/time';
import { createLog } from './ui/log';
import { KadiEvents } from './ui/events';
import { TemplateAccessService } from './permissions/accessService';
import type { Prompts } from './ui/prompts';
import { disposeStatusActions, vscodePrompts } from './ui/vscodePrompts';
import { swappablePrompts } from './ui/swappablePrompts';
import { registerInstances, type Instances } from './instances/register';
import { registerExplorer, type Explorer } from './explorer/register';
import { registerServerWatch } from './explorer/watchRegister';
import type { ServerWatch } from './explorer/serverWatch';
import { registerTemplateCommands } from './templates/register';
import { registerEditing, type Editing } from './fs/register';
import { registerRevisionCommands } from './revisions/register';
import { registerPermissionCommands, type PermissionCommands } from './permissions/register';
import { registerTrashCommands, type TrashCommands } from './trash/register';
import { LicenseCache } from './diagnostics/licenses';
import { registerValidation } from './diagnostics/register';
import { registerRecords, type Records } from './records/register';
import { registerTemplatesScm, type TemplatesScm } from './scm/register';
import { registerFormEditor } from './formEditor/register';
import { registerImportCommands } from './import/register';
import { registerAssistant, type Assistant } from './assistant/register';

/**
 * What activate() returns outside production: the host suites reach the extension's objects
 * through it (`vscode.extensions.getExtension(...).exports`); in production only `events`.
 */
export interface ExtensionApi {
  events: KadiEvents;
  /** Answer every module's questions with scripted prompts (undefined = the real UI). */
  usePrompts(p: Prompts | undefined): void;
  instances: Instances['registry'];
  sandbox: Instances['sandbox'];
  explorer: Explorer;
  editing: Editing;
  /** Looks for server changes (focus, interval); host tests call `look()` directly. */
  watch: ServerWatch;
  permissions: PermissionCommands;
  trash: TrashCommands;
  validation: ReturnType<typeof registerValidation>;
  records: Records;
  access: TemplateAccessService;
  /** Template folders in Source Control (templates as code). */
  scm: TemplatesScm;
  /** The template form (custom editor). */
  formEditor: ReturnType<typeof registerFormEditor>;
  /** Language-model tools, the MCP definition and the chat participant (issue #16). */
  assistant: Assistant;
  /** Where VS Code keeps this extension's files and state: the token-safety suite searches them. */
  storage: { globalStorage: string; logs: string; workspaceState: vscode.Memento };
}

export function activate(context: vscode.ExtensionContext): ExtensionApi | Pick<ExtensionApi, 'events'> {
  // Modules without `vscode` translate through src/ui/l10n.ts: from here on with VS Code's bundle.
  useTranslator((message, ...args) => vscode.l10n.t(message, ...args)); // l10n: forwards
  useLocale(vscode.env.language); // one date format: the display language's
  const { log, channel } = createLog();
  const events = new KadiEvents();
  // Every module asks through these; host tests answer with scripted prompts (usePrompts).
  const swap = swappablePrompts(vscodePrompts);
  const prompts = swap.prompts;
  context.subscriptions.push(
    channel,
    events,
    vscode.commands.registerCommand('kadi4mat.showLog', () => channel.show()),
    { dispose: disposeStatusActions },
  );
  const instances = registerInstances(context, log, prompts);
  // The one source of "what may I do with this template" for the tree, the editor and the commands.
  const access = new TemplateAccessService(instances.registry);
  context.subscriptions.push(access);
  const explorer = registerExplorer(context, { clients: instances.registry, events, log, prompts, access });
  const flows = registerTemplateCommands(context, { clients: instances.registry, events, log, prompts });
  const licenses = new LicenseCache(instances.registry, log);
  const editing = registerEditing(context, { source: instances.registry, events, log, prompts, access, licenses: (id) => licenses.load(id) });
  const watch = registerServerWatch(context, { source: instances.registry, explorer, editing, log });
  const validation = registerValidation(context, { editing, licenses, source: instances.registry, log });
  const records = registerRecords(context, { clients: instances.registry, events, log, prompts, editing, diagnostics: validation.diagnostics, flows });
  registerRevisionCommands(context, { source: instances.registry, events, log, prompts });
  const permissions = registerPermissionCommands(context, { clients: instances.registry, events, log, prompts, access });
  const trash = registerTrashCommands(context, { clients: instances.registry, events, log, prompts, access });
  const scm = registerTemplatesScm(context, { clients: instances.registry, events, log, prompts, getFilter: () => explorer.model.getFilter() });
  const formEditor = registerFormEditor(context, { subject: (doc) => validation.templates.subject(doc), licenses: (instanceId) => licenses.peek(instanceId), log });
  registerImportCommands(context, { flows, log, prompts });
  const assistant = registerAssistant(context, { clients: instances.registry, log });

  // Returned to the host test suites (vscode.extensions.getExtension(...).exports).
  // The instance registry can act as the user on Kadi4Mat: other extensions (which can read
  // these exports) get it only in development and test hosts.
  if (context.extensionMode === vscode.ExtensionMode.Production) return { events };
  const storage = { globalStorage: context.globalStorageUri.fsPath, logs: context.logUri.fsPath, workspaceState: context.workspaceState };
  return { events, usePrompts: swap.use, instances: instances.registry, sandbox: instances.sandbox, explorer, editing, watch, permissions, trash, validation, records, access, storage, scm, formEditor, assistant };
}

export function deactivate(): void {}
