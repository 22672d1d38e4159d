// VS Code glue for the permission commands: Add User…, Add Group…, Change Role…, Remove. Each
// takes a tree node (Permissions, Users, Groups, a role item), a `kadi:` URI (editor title), or
// nothing (palette: the active `kadi:` editor's template, else a pick).
import * as vscode from 'vscode';
import { notificationProgress, stepProgress } from '../ui/vscodeProgress';
import type { ClientSource } from '../instances/registry';
import type { TemplateAccessService } from './accessService';
import type { KadiEvents } from '../ui/events';
import { runCommand } from '../ui/errors';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import type { PermissionFlowDeps } from './flows';
import { RoleCatalog } from './roles';
import { commandTarget, roleTarget, selectedTargets } from './target';

export interface PermissionCommands {
  deps: PermissionFlowDeps;
}

export function registerPermissionCommands(
  context: vscode.ExtensionContext,
  deps: { clients: ClientSource; events: KadiEvents; log: Log; prompts: Prompts; access: TemplateAccessService },
): PermissionCommands {
  const { clients, events, log, prompts } = deps;
  const flowDeps: PermissionFlowDeps = {
    clients,
    prompts,
    progress: notificationProgress,
    steps: stepProgress,
    roles: new RoleCatalog(clients),
    access: deps.access,
    changed: (c) => events.fireTemplateChanged(c),
  };
  const active = () => vscode.window.activeTextEditor?.document.uri;
  // The flows are a chunk of their own (dist/lazy/permissions.js), loaded on the first command.
  const flows = () => import('./flows.js');
  // With several items selected in the tree, VS Code passes (clicked node, selected nodes).
  const register = (id: string, name: string, fn: (arg: unknown, selected: unknown) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, runCommand(log, prompts, name, (arg?: unknown, selected?: unknown) => fn(arg, selected)));
  /** Selected templates (or their Permissions/Users/Groups nodes): one entry per template. */
  const many = (arg: unknown, selected: unknown) => selectedTargets(arg, selected, ['template', 'permissions', 'userRoles', 'groupRoles']);

  context.subscriptions.push(
    register('kadi4mat.addUserRole', 'Add User', async (arg, selected) => {
      const targets = many(arg, selected);
      const target = targets ? undefined : commandTarget(arg, active());
      const f = await flows();
      return targets ? f.addUserRolesFlow(flowDeps, targets) : f.addUserRoleFlow(flowDeps, target!);
    }),
    register('kadi4mat.addGroupRole', 'Add Group', async (arg, selected) => {
      const targets = many(arg, selected);
      const target = targets ? undefined : commandTarget(arg, active());
      const f = await flows();
      return targets ? f.addGroupRolesFlow(flowDeps, targets) : f.addGroupRoleFlow(flowDeps, target!);
    }),
    register('kadi4mat.changeRole', 'Change Role', async (arg) => {
      const target = roleTarget(arg) ?? commandTarget(arg, active());
      return (await flows()).changeRoleFlow(flowDeps, target);
    }),
    register('kadi4mat.removeRole', 'Remove Role', async (arg) => {
      const target = roleTarget(arg) ?? commandTarget(arg, active());
      return (await flows()).removeRoleFlow(flowDeps, target);
    }),
  );
  return { deps: flowDeps };
}
