// Composition root: builds the extension's objects and registers their disposables.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Kadi4Mat', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('kadi4mat.showLog', () => log.show()),
  );
}

export function deactivate(): void {}
