// VS Code glue for the import commands: registers them; the work (reading the file, the flow,
// the report) is in commands.ts, its own chunk (dist/lazy/import.js), loaded on the first import.
import * as vscode from 'vscode';
import type { TemplateFlowDeps } from '../templates/flows';
import { runCommand } from '../ui/errors';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import type { ImportFormat } from './formats';

// Command id, the name runCommand writes to the log when it fails (the titles users see are in
// package.nls.json), and the format.
const COMMANDS: [string, string, ImportFormat | undefined][] = [
  ['kadi4mat.newTemplateFromJsonSchema', 'New Template from JSON Schema', 'json-schema'], // l10n: not user-facing (log name)
  ['kadi4mat.newTemplateFromShacl', 'New Template from SHACL', 'shacl'], // l10n: not user-facing (log name)
  ['kadi4mat.newTemplateFromRecord', 'New Template from Record', 'record'], // l10n: not user-facing (log name)
  ['kadi4mat.newTemplateFromElabftw', 'New Template from eLabFTW Extra Fields', 'elabftw'], // l10n: not user-facing (log name)
  ['kadi4mat.newTemplateFromImportFile', 'New Template from This File', undefined], // l10n: not user-facing (log name)
];

export function registerImportCommands(context: vscode.ExtensionContext, deps: { flows: TemplateFlowDeps; log: Log; prompts: Prompts }): void {
  const { log, prompts } = deps;
  for (const [id, name, format] of COMMANDS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(
        id,
        runCommand(log, prompts, name, async (arg?: unknown) => (await import('./commands.js')).runImportCommand(deps, format, arg)),
      ),
    );
  }
}
