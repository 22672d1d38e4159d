// The import commands' work (dist/lazy/import.js, esbuild.js LAZY_CHUNKS): reads the file (open
// dialog, or the one right-clicked in the explorer), runs the flow (flows.ts), and shows what was
// not carried over: a line per note in the Kadi4Mat log, a notification with the count and a
// "Show Details" document. register.ts registers the commands and loads this on the first one.
import * as vscode from 'vscode';
import type { TemplateFlowDeps } from '../templates/flows';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import { FORMATS, type ImportFormat } from './formats';
import { importTemplateFlow, reportLines, type ImportFlowDeps, type ImportReport, type SourceFile } from './flows';
import { ImportError } from './model';
import { MAX_IMPORT_BYTES } from './source';

export interface ImportCommandDeps {
  flows: TemplateFlowDeps;
  log: Log;
  prompts: Prompts;
}

async function readSource(uri: vscode.Uri): Promise<SourceFile> {
  const name = uri.path.split('/').pop() ?? uri.path;
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_IMPORT_BYTES) {
    throw new ImportError(vscode.l10n.t('{0} is too large to import ({1} MB; Kadi4Mat imports at most 10 MB).', name, (stat.size / 1048576).toFixed(1)));
  }
  return { name, text: new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)) };
}

function flowDepsOf(deps: ImportCommandDeps): ImportFlowDeps {
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
  return flowDeps;
}

/** One import command: `arg` is the file clicked in the explorer, an instance node of the tree, or nothing (ask). */
export async function runImportCommand(deps: ImportCommandDeps, format: ImportFormat | undefined, arg?: unknown): Promise<unknown> {
  // From the explorer: the file clicked; from the tree: an instance node; else ask.
  const file = arg instanceof vscode.Uri && arg.scheme !== 'kadi' ? await readSource(arg) : undefined;
  const target = arg && typeof arg === 'object' && typeof (arg as { instanceId?: unknown }).instanceId === 'string' ? { instanceId: (arg as { instanceId: string }).instanceId } : undefined;
  if (!format && !file) return undefined; // "from This File" needs a file
  return importTemplateFlow(flowDepsOf(deps), format, target, file);
}
