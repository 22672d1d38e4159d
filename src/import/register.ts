// VS Code glue for the import commands: reads the file (open dialog, or the one right-clicked in
// the explorer), runs the flow (flows.ts), and shows what was not carried over: a line per note in
// the Kadi4Mat log, a notification with the count and a "Show Details" document.
import * as vscode from 'vscode';
import type { TemplateFlowDeps } from '../templates/flows';
import { runCommand } from '../ui/errors';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import { FORMATS, type ImportFormat } from './formats';
import { importTemplateFlow, reportLines, type ImportFlowDeps, type ImportReport, type SourceFile } from './flows';
import { ImportError } from './model';
import { MAX_IMPORT_BYTES } from './source';

// Command id, the name runCommand writes to the log when it fails (the titles users see are in
// package.nls.json), and the format.
const COMMANDS: [string, string, ImportFormat | undefined][] = [
  ['kadi4mat.newTemplateFromJsonSchema', 'New Template from JSON Schema', 'json-schema'], // l10n: not user-facing (log name)
  ['kadi4mat.newTemplateFromShacl', 'New Template from SHACL', 'shacl'], // l10n: not user-facing (log name)
  ['kadi4mat.newTemplateFromRecord', 'New Template from Record', 'record'], // l10n: not user-facing (log name)
  ['kadi4mat.newTemplateFromElabftw', 'New Template from eLabFTW Extra Fields', 'elabftw'], // l10n: not user-facing (log name)
  ['kadi4mat.newTemplateFromImportFile', 'New Template from This File', undefined], // l10n: not user-facing (log name)
];

async function readSource(uri: vscode.Uri): Promise<SourceFile> {
  const name = uri.path.split('/').pop() ?? uri.path;
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_IMPORT_BYTES) {
    throw new ImportError(vscode.l10n.t('{0} is too large to import ({1} MB; Kadi4Mat imports at most 10 MB).', name, (stat.size / 1048576).toFixed(1)));
  }
  return { name, text: new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)) };
}

export function registerImportCommands(context: vscode.ExtensionContext, deps: { flows: TemplateFlowDeps; log: Log; prompts: Prompts }): void {
  const { log, prompts } = deps;
  const report = async (r: ImportReport): Promise<void> => {
    const lines = reportLines(r);
    if (!r.notes.length) {
      log.info(vscode.l10n.t('"{0}" created from {1}: everything carried over.', r.template.identifier, r.source));
      return;
    }
    for (const line of lines) log.warn(line);
    const details = vscode.l10n.t('Show Details');
    const message =
      r.notes.length === 1
        ? vscode.l10n.t('"{0}" was created from {1}. 1 thing could not be carried over.', r.template.identifier, r.source)
        : vscode.l10n.t('"{0}" was created from {1}. {2} things could not be carried over.', r.template.identifier, r.source, r.notes.length);
    // Not awaited: the notification stays while the user looks at the new template.
    void prompts.warn(message, { modal: false }, details).then(async (answer) => {
      if (answer !== details) return;
      const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: `${lines.join('\n')}\n` });
      await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    });
  };
  const flowDeps: ImportFlowDeps = {
    ...deps.flows,
    prompts,
    report,
    pickFile: async (format) => {
      const f = FORMATS[format];
      const [uri] =
        (await vscode.window.showOpenDialog({
          title: vscode.l10n.t('Kadi4Mat: New Template from {0}', f.label),
          canSelectMany: false,
          filters: { [f.label]: f.extensions, [vscode.l10n.t('All files')]: ['*'] },
          openLabel: vscode.l10n.t('Create Template'),
        })) ?? [];
      return uri ? readSource(uri) : undefined;
    },
  };
  for (const [id, name, format] of COMMANDS) {
    context.subscriptions.push(
      vscode.commands.registerCommand(
        id,
        runCommand(log, prompts, name, async (arg?: unknown) => {
          // From the explorer: the file clicked; from the tree: an instance node; else ask.
          const file = arg instanceof vscode.Uri && arg.scheme !== 'kadi' ? await readSource(arg) : undefined;
          const target = arg && typeof arg === 'object' && typeof (arg as { instanceId?: unknown }).instanceId === 'string' ? { instanceId: (arg as { instanceId: string }).instanceId } : undefined;
          if (!format && !file) return undefined; // "from This File" needs a file
          return importTemplateFlow(flowDeps, format, target, file);
        }),
      ),
    );
  }
}
