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
import {
  deleteTemplateFlow,
  deleteTemplatesFlow,
  emptyTrashFlow,
  purgeTemplateFlow,
  purgeTemplatesFlow,
  restoreTemplateFlow,
  restoreTemplatesFlow,
  type TrashFlowDeps,
} from './flows';

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
  // With several items selected in the tree, VS Code passes (clicked node, selected nodes).
  const register = (id: string, name: string, fn: (arg: unknown, selected: unknown) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, runCommand(log, prompts, name, (arg?: unknown, selected?: unknown) => fn(arg, selected)));

  context.subscriptions.push(
    register('kadi4mat.deleteTemplate', 'Delete Template', (arg, selected) => {
      const many = selectedTargets(arg, selected, ['template']);
      return many ? deleteTemplatesFlow(flowDeps, many) : deleteTemplateFlow(flowDeps, commandTarget(arg, active()));
    }),
    // The active editor shows an active template, never a trashed one: these ask instead.
    register('kadi4mat.restoreTemplate', 'Restore Template', (arg, selected) => {
      const many = selectedTargets(arg, selected, ['trashItem']);
      return many ? restoreTemplatesFlow(flowDeps, many) : restoreTemplateFlow(flowDeps, commandTarget(arg));
    }),
    register('kadi4mat.purgeTemplate', 'Delete Permanently', (arg, selected) => {
      const many = selectedTargets(arg, selected, ['trashItem']);
      return many ? purgeTemplatesFlow(flowDeps, many) : purgeTemplateFlow(flowDeps, commandTarget(arg));
    }),
    register('kadi4mat.emptyTrash', 'Empty Trash', (arg) => emptyTrashFlow(flowDeps, commandTarget(arg))),
  );
  return { deps: flowDeps };
}
