// VS Code glue for creating and finding templates: registers the commands, and supplies the
// flows (flows.ts) with opening documents, reading a local file and delivering exports. The flows
// are a chunk of their own (impl.ts, dist/lazy/templates.js), loaded on the first such command.
import * as vscode from 'vscode';
import { openUntitled } from '../ui/untitled';
import { templateUri } from '../fs/uris';
import { parseKadiPath } from '../kadi/templateUri';
import { notificationProgress, stepProgress } from '../ui/vscodeProgress';
import { selectedTargets } from '../permissions/target';
import type { ClientSource } from '../instances/registry';
import type { KadiEvents } from '../ui/events';
import { runCommand } from '../ui/errors';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import type { ExportFolder, ExportResult, TemplateFlowDeps, TemplateTarget } from './flows';

/** Larger files are surely not templates; reading them would only stall the host. */
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export function registerTemplateCommands(
  context: vscode.ExtensionContext,
  deps: { clients: ClientSource; events: KadiEvents; log: Log; prompts: Prompts },
): TemplateFlowDeps {
  const { clients, events, log, prompts } = deps;
  const flowDeps: TemplateFlowDeps = {
    clients,
    prompts,
    progress: notificationProgress,
    open: async (instanceId, t) => {
      await vscode.commands.executeCommand('vscode.open', templateUri(instanceId, t.id, t.identifier));
    },
    changed: (c) => events.fireTemplateChanged(c),
  };

  const readFile = async (): Promise<{ name: string; text: string } | undefined> => {
    const [uri] =
      (await vscode.window.showOpenDialog({
        title: vscode.l10n.t('Kadi4Mat: New Template from JSON File'),
        canSelectMany: false,
        filters: { [vscode.l10n.t('JSON (template, Kadi4Mat export, extras array)')]: ['json'], [vscode.l10n.t('All files')]: ['*'] },
        openLabel: vscode.l10n.t('Create Template'),
      })) ?? [];
    if (!uri) return undefined;
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_IMPORT_BYTES) {
      throw new Error(vscode.l10n.t('{0} is too large ({1} MB) to be a template.', uri.path.split('/').pop() ?? '', Math.round(stat.size / 1048576)));
    }
    const bytes = await vscode.workspace.fs.readFile(uri);
    return { name: uri.path.split('/').pop() ?? 'template.json', text: new TextDecoder('utf-8').decode(bytes) };
  };

  const deliver = async (r: ExportResult): Promise<void> => {
    if (r.destination === 'editor') {
      const known = await vscode.languages.getLanguages();
      const language = known.includes(r.format.language) ? r.format.language : 'plaintext';
      // Named like the file it would be ("tensile-test.schema.json"), saved by default beside the workspace.
      const doc = await openUntitled(r.template.identifier, r.format.extension, r.text, language);
      await vscode.window.showTextDocument(doc, { preview: false });
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Save the {0} export of "{1}"', r.format.label, r.template.identifier),
      defaultUri: folder ? vscode.Uri.joinPath(folder, r.fileName) : undefined,
      filters: r.format.type === 'shacl' ? { Turtle: ['ttl'] } : { JSON: ['json'] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(r.text));
    const openButton = vscode.l10n.t('Open');
    const open = await prompts.info(vscode.l10n.t('Saved {0}.', vscode.workspace.asRelativePath(target)), openButton);
    if (open === openButton) await vscode.window.showTextDocument(target);
  };

  /** Export of several selected templates: files in a folder the user picks. */
  const folder: ExportFolder = {
    choose: async (title) => {
      const [uri] =
        (await vscode.window.showOpenDialog({
          title,
          canSelectFiles: false,
          canSelectFolders: true,
          canSelectMany: false,
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
          openLabel: vscode.l10n.t('Export Here'),
        })) ?? [];
      return uri && { folder: uri.toString(), label: vscode.workspace.asRelativePath(uri) };
    },
    existing: async (dir, names) => {
      const out: string[] = [];
      for (const name of names) {
        const exists = await vscode.workspace.fs.stat(vscode.Uri.joinPath(vscode.Uri.parse(dir), name)).then(
          () => true,
          () => false,
        );
        if (exists) out.push(name);
      }
      return out;
    },
    write: async (dir, name, text) => {
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(vscode.Uri.parse(dir), name), new TextEncoder().encode(text));
    },
  };

  const impl = () => import('./impl.js');
  const register = (id: string, name: string, fn: (arg?: TemplateTarget) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, runCommand(log, prompts, name, (arg?: TemplateTarget) => fn(asTarget(arg))));

  context.subscriptions.push(
    register('kadi4mat.newTemplate', 'New Template', async (t) => (await impl()).newTemplateFlow(flowDeps, t)),
    register('kadi4mat.duplicateTemplate', 'Duplicate Template', async (t) => (await impl()).duplicateTemplateFlow(flowDeps, t)),
    register('kadi4mat.newTemplateFromFile', 'New Template from JSON File', async (t) => (await impl()).newFromFileFlow({ ...flowDeps, readFile }, t)),
    register('kadi4mat.openTemplateByIdentifier', 'Open Template by Identifier', async (t) => (await impl()).openByIdentifierFlow(flowDeps, t)),
    // With several templates selected in the tree, VS Code passes (clicked node, selected nodes).
    vscode.commands.registerCommand(
      'kadi4mat.exportTemplate',
      runCommand(log, prompts, 'Export Template', async (arg?: TemplateTarget, selected?: unknown) => {
        const many = selectedTargets(arg, selected, ['template']);
        const target = asTarget(arg);
        const f = await impl();
        return many ? f.exportTemplatesFlow({ ...flowDeps, deliver, steps: stepProgress, folder }, many) : f.exportFlow({ ...flowDeps, deliver }, target);
      }),
    ),
    register('kadi4mat.copyToInstance', 'Copy to Instance', async (t) => (await impl()).copyToInstanceFlow(flowDeps, t)),
    register('kadi4mat.openInBrowser', 'Open in Browser', async (t) => {
      const { browserUrl, resolveTemplate } = await impl();
      const r = await resolveTemplate(flowDeps, t, vscode.l10n.t('Kadi4Mat: Open in Browser'));
      if (r) await vscode.env.openExternal(vscode.Uri.parse(browserUrl(r.info, r.template)));
    }),
    register('kadi4mat.copyIdentifier', 'Copy Identifier', async (t) => {
      const identifier = t?.template?.identifier ?? t?.identifier ?? (await (await impl()).resolveTemplate(flowDeps, t, vscode.l10n.t('Kadi4Mat: Copy Identifier')))?.template.identifier;
      if (!identifier) return;
      await vscode.env.clipboard.writeText(identifier);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied "{0}"', identifier), 3000);
    }),
  );
  return flowDeps;
}

/**
 * Tree nodes carry `instanceId` (+ `templateId`, `identifier`, `template`); a `kadi:` URI (editor
 * title / explorer context) names the instance and template too. Anything else: ask.
 */
function asTarget(arg: unknown): TemplateTarget | undefined {
  if (arg instanceof vscode.Uri) {
    if (arg.scheme !== 'kadi') return undefined;
    const p = parseKadiPath(arg.path);
    return p ? { instanceId: arg.authority, templateId: p.templateId, identifier: p.identifier } : { instanceId: arg.authority };
  }
  if (arg && typeof arg === 'object' && typeof (arg as TemplateTarget).instanceId === 'string') {
    const a = arg as TemplateTarget & { kind?: string };
    // Only template-ish nodes name a template; Instance/Templates nodes name just the instance.
    if (a.kind === 'template' || a.kind === undefined) return { instanceId: a.instanceId, templateId: a.templateId, identifier: a.identifier, template: a.template };
    return { instanceId: a.instanceId };
  }
  return undefined;
}
