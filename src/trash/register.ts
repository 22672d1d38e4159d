// VS Code glue for the trash commands: Delete Template (template item, editor title, palette on
// the active `kadi:` editor), Restore and Delete Permanently (trash items, or a pick from the
// trash), Empty Trash (Trash node or palette) with a cancellable progress notification.
import * as vscode from 'vscode';
import { templateUri } from '../fs/uris';
import { notificationProgress, stepProgress } from '../ui/vscodeProgress';
import type { ClientSource } from '../instances/registry';
import type { TemplateAccessService } from '../permissions/accessService';
import { commandTarget, selectedTargets } from '../permissions/target';
import type { KadiEvents } from '../ui/events';
import { runCommand } from '../ui/errors';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import { closeTemplateEditors } from './editors';
import type { TrashFlowDeps } from './flows';

export interface TrashCommands {
  deps: TrashFlowDeps;
}

export function registerTrashCommands(
  context: vscode.ExtensionContext,
  deps: { clients: ClientSource; events: KadiEvents; log: Log; prompts: Prompts; access: TemplateAccessService },
): TrashCommands {
  const { clients, events, log, prompts } = deps;
  const flowDeps: TrashFlowDeps = {
    clients,
    prompts,
    progress: notificationProgress,
    steps: stepProgress,
    access: deps.access,
    changed: (c) => events.fireTemplateChanged(c),
    closeEditors: closeTemplateEditors,
    open: async (instanceId, t) => {
      await vscode.commands.executeCommand('vscode.open', templateUri(instanceId, t.id, t.identifier));
    },
  };
  const active = () => vscode.window.activeTextEditor?.document.uri;
  // The flows are a chunk of their own (dist/lazy/trash.js), loaded on the first trash command.
  const flows = () => import('./flows.js');
  // With several items selected in the tree, VS Code passes (clicked node, selected nodes).
  const register = (id: string, name: string, fn: (arg: unknown, selected: unknown) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, runCommand(log, prompts, name, (arg?: unknown, selected?: unknown) => fn(arg, selected)));

  context.subscriptions.push(
    register('kadi4mat.deleteTemplate', 'Delete Template', async (arg, selected) => {
      const many = selectedTargets(arg, selected, ['template']);
      const target = many ? undefined : commandTarget(arg, active());
      const f = await flows();
      return many ? f.deleteTemplatesFlow(flowDeps, many) : f.deleteTemplateFlow(flowDeps, target!);
    }),
    // The active editor shows an active template, never a trashed one: these ask instead.
    register('kadi4mat.restoreTemplate', 'Restore Template', async (arg, selected) => {
      const many = selectedTargets(arg, selected, ['trashItem']);
      const f = await flows();
      return many ? f.restoreTemplatesFlow(flowDeps, many) : f.restoreTemplateFlow(flowDeps, commandTarget(arg));
    }),
    register('kadi4mat.purgeTemplate', 'Delete Permanently', async (arg, selected) => {
      const many = selectedTargets(arg, selected, ['trashItem']);
      const f = await flows();
      return many ? f.purgeTemplatesFlow(flowDeps, many) : f.purgeTemplateFlow(flowDeps, commandTarget(arg));
    }),
    register('kadi4mat.emptyTrash', 'Empty Trash', async (arg) => (await flows()).emptyTrashFlow(flowDeps, commandTarget(arg))),
  );
  return { deps: flowDeps };
}
