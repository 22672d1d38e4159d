// Composition root: builds the extension's objects, passes dependencies in by constructor and
// registers their disposables. Nothing else reaches for globals.
import * as vscode from 'vscode';
import { useTranslator } from './ui/l10n';
import { createLog } from './ui/log';
import { KadiEvents } from './ui/events';
import { vscodePrompts } from './ui/vscodePrompts';
import { registerInstances } from './instances/register';
import { registerExplorer } from './explorer/register';
import { registerTemplateCommands } from './templates/register';
import { registerEditing } from './fs/register';
import { registerRevisionCommands } from './revisions/register';
import { registerPermissionCommands } from './permissions/register';
import { registerTrashCommands } from './trash/register';
import { LicenseCache } from './diagnostics/licenses';
import { registerValidation } from './diagnostics/register';
import { registerRecords } from './records/register';
import { registerAssistant } from './assistant/register';

export function activate(context: vscode.ExtensionContext) {
  // Modules without `vscode` translate through src/ui/l10n.ts: from here on with VS Code's bundle.
  useTranslator((message, ...args) => vscode.l10n.t(message, ...args)); // l10n: forwards
  const { log, channel } = createLog();
  const events = new KadiEvents();
  const prompts = vscodePrompts;
  context.subscriptions.push(
    channel,
    events,
    vscode.commands.registerCommand('kadi4mat.showLog', () => channel.show()),
  );
  const instances = registerInstances(context, log, prompts);
  const explorer = registerExplorer(context, { clients: instances.registry, events, log, prompts });
  const flows = registerTemplateCommands(context, { clients: instances.registry, events, log, prompts });
  const licenses = new LicenseCache(instances.registry, log);
  const editing = registerEditing(context, { source: instances.registry, events, log, prompts, licenses: (id) => licenses.load(id) });
  const validation = registerValidation(context, { editing, licenses, source: instances.registry, log });
  const records = registerRecords(context, { clients: instances.registry, events, log, prompts, editing, diagnostics: validation.diagnostics, flows });
  registerRevisionCommands(context, { source: instances.registry, events, log, prompts: editing.prompts });
  const permissions = registerPermissionCommands(context, { clients: instances.registry, events, log, prompts });
  const trash = registerTrashCommands(context, { clients: instances.registry, events, log, prompts });
  const assistant = registerAssistant(context, { clients: instances.registry, log });

  // Returned to the host test suites (vscode.extensions.getExtension(...).exports).
  // The instance registry can act as the user on Kadi4Mat: other extensions (which can read
  // these exports) get it only in development and test hosts.
  if (context.extensionMode === vscode.ExtensionMode.Production) return { events };
  // Where VS Code keeps this extension's files and state: the token-safety suite searches them.
  const storage = { globalStorage: context.globalStorageUri.fsPath, logs: context.logUri.fsPath, workspaceState: context.workspaceState };
  return { events, instances: instances.registry, sandbox: instances.sandbox, explorer, editing, permissions, trash, validation, records, storage, assistant };
}

export function deactivate(): void {}
