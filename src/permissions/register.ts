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
import { addGroupRoleFlow, addGroupRolesFlow, addUserRoleFlow, addUserRolesFlow, changeRoleFlow, removeRoleFlow, type PermissionFlowDeps } from './flows';
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
  // With several items selected in the tree, VS Code passes (clicked node, selected nodes).
  const register = (id: string, name: string, fn: (arg: unknown, selected: unknown) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, runCommand(log, prompts, name, (arg?: unknown, selected?: unknown) => fn(arg, selected)));
  /** Selected templates (or their Permissions/Users/Groups nodes): one entry per template. */
  const many = (arg: unknown, selected: unknown) => selectedTargets(arg, selected, ['template', 'permissions', 'userRoles', 'groupRoles']);

  context.subscriptions.push(
    register('kadi4mat.addUserRole', 'Add User', (arg, selected) => {
      const targets = many(arg, selected);
      return targets ? addUserRolesFlow(flowDeps, targets) : addUserRoleFlow(flowDeps, commandTarget(arg, active()));
    }),
    register('kadi4mat.addGroupRole', 'Add Group', (arg, selected) => {
      const targets = many(arg, selected);
      return targets ? addGroupRolesFlow(flowDeps, targets) : addGroupRoleFlow(flowDeps, commandTarget(arg, active()));
    }),
    register('kadi4mat.changeRole', 'Change Role', (arg) => changeRoleFlow(flowDeps, roleTarget(arg) ?? commandTarget(arg, active()))),
    register('kadi4mat.removeRole', 'Remove Role', (arg) => removeRoleFlow(flowDeps, roleTarget(arg) ?? commandTarget(arg, active()))),
  );
  return { deps: flowDeps };
}
