// Texts of the Permissions subtree: the node's description and tooltip, role items. Role
// meanings are the built-in lines (the role pick asks the instance for its own). No `vscode` import.
import type { GroupRole, TemplateRoleName, UserRole } from '../kadi/types';
import { canManage, type ManageVerdict, type TemplateAccess } from '../permissions/access';
import { FALLBACK_MEANINGS } from '../permissions/roles';
import * as l10n from '../ui/l10n';
import { escapeMarkdown } from './describe';

/**
 * The Permissions row's description, short enough for a narrow side bar: "you: admin",
 * "read-only (editor)", "read-only"; how the role came about (creator, a group) is in the tooltip.
 */
export function permissionsDescription(access: TemplateAccess | undefined): string | undefined {
  if (!access) return undefined;
  const verdict = canManage(access);
  if (verdict === 'yes') return l10n.t('you: admin');
  if (verdict === 'no') return access.role ? l10n.t('read-only ({0})', access.role) : l10n.t('read-only');
  return undefined;
}

export function permissionsTooltip(identifier: string, access: TemplateAccess | undefined): string {
  const lines = [
    `**${l10n.t('Permissions of {0}', escapeMarkdown(identifier))}**`,
    '',
    l10n.t('Who may view, edit or manage this template. Only users with the **admin** role on it can change roles.'),
  ];
  if (access?.role) {
    lines.push('', access.via ? l10n.t('Your role: **{0}** ({1})', access.role, escapeMarkdown(access.via)) : l10n.t('Your role: **{0}**', access.role));
  } else if (access?.certain) lines.push('', l10n.t('You have no role on it.'));
  else if (access) lines.push('', l10n.t('Your role could not be worked out (the access token may lack user.read or group.read); changes are offered and Kadi4Mat decides.'));
  return lines.join('\n');
}

export function userRoleDescription(role: TemplateRoleName, isCreator: boolean, isSelf: boolean): string {
  return [role, isCreator ? l10n.t('creator') : '', isSelf ? l10n.t('you') : ''].filter(Boolean).join(' · ');
}

function manageNote(verdict: ManageVerdict): string {
  return verdict === 'no' ? l10n.t('Only admins of this template can change roles.') : '';
}

export function userRoleTooltip(entry: UserRole, isCreator: boolean, verdict: ManageVerdict): string {
  const u = entry.user;
  const role = entry.role.name;
  const lines = [`**${escapeMarkdown(u.displayname)}**${u.identity?.username ? ` (@${escapeMarkdown(u.identity.username)})` : ''}`, ''];
  lines.push(l10n.t('Role: **{0}** — {1}', role, FALLBACK_MEANINGS[role] ?? ''));
  if (isCreator) lines.push('', l10n.t("The creator's role is always admin: it cannot be changed or removed."));
  else if (manageNote(verdict)) lines.push('', manageNote(verdict));
  return lines.join('\n');
}

export function groupRoleTooltip(entry: GroupRole, verdict: ManageVerdict): string {
  const g = entry.group;
  const role = entry.role.name;
  const lines = [l10n.t('{0} · group', `**${escapeMarkdown(g.title || g.identifier)}**${g.identifier ? ` (@${escapeMarkdown(g.identifier)})` : ''}`), ''];
  lines.push(l10n.t('Role: **{0}** — {1}', role, FALLBACK_MEANINGS[role] ?? ''), '', l10n.t('Every member of the group has this role.'));
  // Kadi reduces a group the caller cannot read to id, title, identifier and visibility (§5.2).
  if (!g._links) lines.push('', l10n.t('You cannot see the details of this group.'));
  if (manageNote(verdict)) lines.push('', manageNote(verdict));
  return lines.join('\n');
}
