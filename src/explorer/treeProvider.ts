// Maps the explorer model's nodes to VS Code TreeItems. All decisions about what is listed
// live in model.ts; this file only chooses labels, icons, commands and context values.
import * as vscode from 'vscode';
import { revisionUri, templateUri } from '../fs/uris';
import { describeError } from '../ui/errors';
import { canManage } from '../permissions/access';
import { formatTime } from '../ui/time';
import { relativeTime, revisionDescription, revisionLabel, revisionSummary, revisionTooltip, templateTooltip, trashItemTooltip } from './describe';
import type { ExplorerModel, ExplorerNode, MessageNode } from './model';
import { groupRoleTooltip, permissionsDescription, permissionsTooltip, userRoleDescription, userRoleTooltip } from './rolesText';

/**
 * Context values, for `view/item/context` menus (`viewItem == …`, or `viewItem =~ /^instance/`):
 * instance, instance.noToken, templates, template, revisions, revision, trash, trashedTemplate,
 * loadMore, message.error, message; under a template's Permissions: permissions.manage |
 * permissions.readOnly, userRoles.manage | userRoles.readOnly, groupRoles.manage |
 * groupRoles.readOnly, userRole.creator | userRole.manage | userRole.readOnly, groupRole.manage |
 * groupRole.readOnly. ".manage" = the user is admin of the template, or that is not known yet
 * (then a 403 is explained); ".readOnly" = known not to be admin.
 */
export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: { dispose(): unknown };

  constructor(readonly model: ExplorerModel) {
    this.subscription = model.onDidChange((n) => this.emitter.fire(n));
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }

  getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    return this.model.getChildren(node);
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return this.model.getParent(node);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'instance': {
        const item = new vscode.TreeItem(node.info.label, C.Expanded);
        item.description = !node.hasToken
          ? vscode.l10n.t('no access token')
          : node.tokenDeclined
            ? vscode.l10n.t('token not accepted')
            : node.info.user?.displayname ?? '';
        item.iconPath = new vscode.ThemeIcon(!node.hasToken || node.tokenDeclined ? 'warning' : node.info.sandbox ? 'beaker' : 'server');
        item.contextValue = node.hasToken ? 'instance' : 'instance.noToken';
        const md = new vscode.MarkdownString();
        md.appendMarkdown(`**${node.info.label}**\n\n`);
        md.appendText(node.info.sandbox ? `${vscode.l10n.t('Embedded local sandbox at {0}', node.info.baseUrl)}\n` : `${node.info.baseUrl}\n`);
        if (node.info.user) md.appendText(`\n${vscode.l10n.t('Signed in as {0} ({1})', node.info.user.displayname, node.info.user.username)}\n`);
        if (!node.hasToken) md.appendMarkdown(`\n$(warning) ${vscode.l10n.t('No access token is stored for this instance (the system keyring may have been unavailable). Use **Replace Token**.')}`);
        else if (node.tokenDeclined) md.appendMarkdown(`\n$(warning) ${vscode.l10n.t('The server did not accept the token. Use **Replace Token**.')}`);
        md.supportThemeIcons = true;
        item.tooltip = md;
        return withId(item, node);
      }
      case 'templates': {
        const item = new vscode.TreeItem(vscode.l10n.t('Templates'), C.Expanded);
        item.iconPath = new vscode.ThemeIcon(this.model.filterActive ? 'filter' : 'library');
        item.contextValue = 'templates';
        if (this.model.filterActive) item.description = vscode.l10n.t('filtered');
        return withId(item, node);
      }
      case 'template': {
        const t = node.template;
        const item = new vscode.TreeItem(t.title || t.identifier, C.Collapsed);
        item.description = t.identifier;
        item.iconPath = new vscode.ThemeIcon(t.type === 'record' ? 'database' : 'list-tree');
        item.contextValue = 'template';
        item.tooltip = new vscode.MarkdownString(templateTooltip(t, this.model.roleKnowledge(node)));
        item.command = {
          command: 'vscode.open',
          title: vscode.l10n.t('Open Template'),
          arguments: [templateUri(node.instanceId, node.templateId, node.identifier)],
        };
        return withId(item, node);
      }
      case 'revisions': {
        const item = new vscode.TreeItem(vscode.l10n.t('Revisions'), C.Collapsed);
        item.iconPath = new vscode.ThemeIcon('history');
        item.contextValue = 'revisions';
        return withId(item, node);
      }
      case 'revision': {
        const item = new vscode.TreeItem(revisionLabel(node.revision), C.None);
        item.description = revisionDescription(node.revision);
        item.iconPath = new vscode.ThemeIcon('git-commit');
        item.contextValue = 'revision';
        item.tooltip = new vscode.MarkdownString(revisionTooltip(node.revision, node.identifier));
        item.accessibilityInformation = {
          label: vscode.l10n.t('Revision {0}: {1}, by {2} on {3}', node.revisionId, revisionSummary(node.revision), node.revision.user?.displayname ?? vscode.l10n.t('unknown user'), formatTime(node.revision.timestamp)),
        };
        item.command = {
          command: 'vscode.open',
          title: vscode.l10n.t('Open Revision'),
          arguments: [revisionUri(node.instanceId, node.templateId, node.revisionId, node.identifier)],
        };
        return withId(item, node);
      }
      case 'permissions': {
        const item = new vscode.TreeItem(vscode.l10n.t('Permissions'), C.Collapsed);
        item.iconPath = new vscode.ThemeIcon('shield');
        item.contextValue = `permissions.${manageSuffix(node.access)}`;
        item.description = permissionsDescription(node.access);
        item.tooltip = new vscode.MarkdownString(permissionsTooltip(node.identifier, node.access));
        return withId(item, node);
      }
      case 'userRoles':
      case 'groupRoles': {
        const users = node.kind === 'userRoles';
        const item = new vscode.TreeItem(users ? vscode.l10n.t('Users') : vscode.l10n.t('Groups'), C.Expanded);
        item.iconPath = new vscode.ThemeIcon(users ? 'person' : 'organization');
        item.contextValue = `${node.kind}.${manageSuffix(node.access)}`;
        item.tooltip = users
          ? vscode.l10n.t('Users with a role on this template: the creator first, then by role.')
          : vscode.l10n.t('Groups with a role on this template: every member of a group has its role.');
        return withId(item, node);
      }
      case 'userRole': {
        const u = node.entry.user;
        const item = new vscode.TreeItem(u.displayname || u.identity?.username || vscode.l10n.t('user {0}', u.id), C.None);
        item.description = userRoleDescription(node.entry.role.name, node.isCreator, node.isSelf);
        item.iconPath = new vscode.ThemeIcon(node.isCreator ? 'star-full' : 'person');
        item.contextValue = node.isCreator ? 'userRole.creator' : `userRole.${manageSuffix(node.access)}`;
        item.tooltip = new vscode.MarkdownString(userRoleTooltip(node.entry, node.isCreator, canManage(node.access)));
        return withId(item, node);
      }
      case 'groupRole': {
        const g = node.entry.group;
        const item = new vscode.TreeItem(g.title || g.identifier || vscode.l10n.t('group {0}', g.id), C.None);
        item.description = node.entry.role.name;
        item.iconPath = new vscode.ThemeIcon('organization');
        item.contextValue = `groupRole.${manageSuffix(node.access)}`;
        item.tooltip = new vscode.MarkdownString(groupRoleTooltip(node.entry, canManage(node.access)));
        return withId(item, node);
      }
      case 'trash': {
        const item = new vscode.TreeItem(vscode.l10n.t('Trash'), C.Collapsed);
        item.iconPath = new vscode.ThemeIcon('trash');
        item.contextValue = 'trash';
        item.description = vscode.l10n.t('purged after a week');
        item.tooltip = vscode.l10n.t('Templates you created and deleted. Restore one, or delete it permanently; Kadi4Mat deletes them for good a week after their deletion.');
        // A plain-string tooltip would otherwise become the row's accessible name.
        item.accessibilityInformation = { label: vscode.l10n.t('Trash, purged after a week') };
        return withId(item, node);
      }
      case 'trashItem': {
        const item = new vscode.TreeItem(node.identifier, C.None);
        // "deleted 2 d ago" fits the side bar; the tooltip has the exact time and the purge date.
        item.description = vscode.l10n.t('deleted {0}', relativeTime(node.item.deleted_at));
        item.iconPath = new vscode.ThemeIcon('file');
        item.contextValue = 'trashedTemplate';
        item.tooltip = new vscode.MarkdownString(trashItemTooltip(node.item));
        return withId(item, node);
      }
      case 'loadMore': {
        const item = new vscode.TreeItem(node.label, C.None);
        item.iconPath = new vscode.ThemeIcon('more');
        item.contextValue = 'loadMore';
        item.command = { command: 'kadi4mat.loadMore', title: vscode.l10n.t('Load More'), arguments: [node] };
        return withId(item, node);
      }
      case 'message':
        return withId(messageItem(node), node);
    }
  }
}

function messageItem(node: MessageNode): vscode.TreeItem {
  if (node.severity === 'error') {
    const text = describeError(node.error, node.action);
    const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
    item.description = vscode.l10n.t('click to retry');
    item.tooltip = `${text}\n\n${vscode.l10n.t('Click to try again.')}`;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.contextValue = 'message.error';
    item.command = { command: 'kadi4mat.retry', title: vscode.l10n.t('Retry'), arguments: [node] };
    return item;
  }
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.contextValue = 'message';
  item.tooltip = node.text;
  item.iconPath = new vscode.ThemeIcon(node.severity === 'limit' ? 'warning' : node.severity === 'noToken' ? 'key' : 'info');
  if (node.severity === 'noToken') {
    item.command = { command: 'kadi4mat.replaceToken', title: vscode.l10n.t('Replace Token'), arguments: [{ instanceId: node.instanceId }] };
  }
  return item;
}

/** Unknown counts as manageable: the action is offered, and a 403 is explained. */
function manageSuffix(access: Parameters<typeof canManage>[0]): 'manage' | 'readOnly' {
  return canManage(access) === 'no' ? 'readOnly' : 'manage';
}

function withId(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
  item.id = node.id;
  return item;
}
