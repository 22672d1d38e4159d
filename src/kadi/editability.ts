// Whether the current user can edit a template, as far as the client can know. Kadi's
// `_actions` are links for every reader (kadi-api.md §11a), so the answer comes from roles:
// the creator is admin; a direct user role is listed under /roles/users; group roles can
// grant editor too. Only a *known* lack of rights makes a document read-only — when rights
// may come through something the client cannot see, the document stays editable and a 403
// on save explains itself. No `vscode` import.
import type { Template, TemplateRoleName, User } from './types';

export interface EditabilityInput {
  template: Pick<Template, 'visibility' | 'creator'>;
  /** The signed-in user; undefined when unknown (token without `user.read`). */
  user?: Pick<User, 'id' | 'is_sysadmin' | 'system_role'>;
  /** The user's direct role; null = none; 'unknown' = could not be listed. */
  userRole: TemplateRoleName | null | 'unknown';
  /** Roles given to groups on this template; 'unknown' = could not be listed. */
  groupRoles: TemplateRoleName[] | 'unknown';
}

export type Editability = { editable: true } | { editable: false; reason: string };

const CAN_EDIT: readonly TemplateRoleName[] = ['editor', 'admin'];

export function decideEditability(i: EditabilityInput): Editability {
  if (!i.user) return { editable: true };
  if (i.user.is_sysadmin || i.user.system_role === 'admin') return { editable: true };
  if (i.template.creator && i.template.creator.id === i.user.id) return { editable: true };
  if (i.userRole === 'unknown' || (i.userRole && CAN_EDIT.includes(i.userRole))) return { editable: true };
  if (i.groupRoles === 'unknown' || i.groupRoles.some((r) => CAN_EDIT.includes(r))) return { editable: true };

  const owner = i.template.creator ? ` (${i.template.creator.displayname})` : '';
  if (i.userRole === 'member') {
    return { editable: false, reason: `You have the member role on this template, which allows reading only. Ask its owner${owner} for the editor role to edit it.` };
  }
  if (i.template.visibility === 'public') {
    return { editable: false, reason: `This template is public, so everyone can read it, but you have no role on it. Ask its owner${owner} for the editor role to edit it.` };
  }
  return { editable: false, reason: `You can read this template only through a group's member role. Ask its owner${owner} for the editor role to edit it.` };
}
