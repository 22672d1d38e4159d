// Composition root: builds the extension's objects, passes dependencies in by constructor and
// registers their disposables. Nothing else reaches for globals.
import * as vscode from 'vscode';
import { createLog } from './ui/log';
import { KadiEvents } from './ui/events';
import { vscodePrompts } from './ui/vscodePrompts';

export function activate(context: vscode.ExtensionContext) {
  const { log, channel } = createLog();
  const events = new KadiEvents();
  const prompts = vscodePrompts;
  context.subscriptions.push(
    channel,
    events,
    vscode.commands.registerCommand('kadi4mat.showLog', () => channel.show()),
  );
  void log;
  void prompts;

  // Returned to the host test suites (vscode.extensions.getExtension(...).exports).
  return { events };
}

export function deactivate(): void {}
