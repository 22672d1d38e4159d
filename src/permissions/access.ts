// The signed-in user's role on a template, from what Kadi4Mat says about the user, not from
// `_actions` (those are links every reader gets, kadi-api.md §11a). Kadi's rule (§5): the
// creator is admin; otherwise the highest of the user's direct role and the roles of the
// groups they belong to; system administrators may do everything. No `vscode` import.
import type { ClientSource } from '../instances/registry';
import { pages } from '../kadi/pagination';
import type { TemplateCreator } from '../kadi/summary';
import type { Page, Template, TemplateRoleName, User } from '../kadi/types';
import * as l10n from '../ui/l10n';

/** What the role rules need of a template: a listed summary or the whole template will do. */
export type TemplateRef = Pick<Template, 'id'> & { creator?: Pick<TemplateCreator, 'id'> };
import { higherRole } from './roles';

export interface TemplateAccess {
  /** The best role found; undefined = none found (a public template is still readable). */
  role?: TemplateRoleName;
  /**
   * Where the role comes from: "creator", "direct role", 'via group "Materials Lab"', "system
   * administrator". English, compared by code (`viaText` gives the words to show).
   */
  via?: string;
  /** False when part of the answer could not be read (a missing scope, a failed request). */
  certain: boolean;
  /** The signed-in user, when known. */
  userId?: number;
}

export type ManageVerdict = 'yes' | 'no' | 'unknown';

/** Only the admin role carries the `permissions` action (§5). */
export function canManage(access: TemplateAccess | undefined): ManageVerdict {
  if (!access) return 'unknown';
  if (access.role === 'admin') return 'yes';
  return access.certain ? 'no' : 'unknown';
}

/** `TemplateAccess.via` in the user's language: "direct role", 'via group "Simulation"'… */
export function viaText(via: string): string {
  switch (via) {
    case 'creator':
      return l10n.t('creator');
    case 'direct role':
      return l10n.t('direct role');
    case 'system administrator':
      return l10n.t('system administrator');
  }
  const group = /^via group "(.*)"$/.exec(via);
  return group ? l10n.t('via group "{0}"', group[1]) : via;
}

/** "your role is editor (via group "Simulation")" / "you have no role on it". */
export function describeAccess(access: TemplateAccess | undefined): string {
  if (!access || (!access.role && !access.certain)) return l10n.t('your role on it could not be determined');
  if (!access.role) return l10n.t('you have no role on it');
  return access.via ? l10n.t('your role is {0} ({1})', access.role, viaText(access.via)) : l10n.t('your role is {0}', access.role);
}

export type Editability = { editable: true } | { editable: false; reason: string };

const CAN_EDIT: readonly (TemplateRoleName | undefined)[] = ['editor', 'admin'];

/**
 * Whether the template's document is editable, from the same access the tree and the role
 * commands use. Only a *known* lack of rights makes it read-only: when rights may come through
 * something that could not be read, it stays editable and a 403 on save explains itself.
 */
export function editabilityOf(template: Pick<Template, 'visibility'> & { creator?: Pick<TemplateCreator, 'displayname'> }, access: TemplateAccess): Editability {
  if (!access.certain || CAN_EDIT.includes(access.role)) return { editable: true };
  const owner = template.creator?.displayname;
  if (access.role === 'member' && access.via === 'direct role') {
    const reason = owner
      ? l10n.t('You have the member role on this template, which allows reading only. Ask its owner ({0}) for the editor role to edit it.', owner)
      : l10n.t('You have the member role on this template, which allows reading only. Ask its owner for the editor role to edit it.');
    return { editable: false, reason };
  }
  if (!access.role && template.visibility === 'public') {
    const reason = owner
      ? l10n.t('This template is public, so everyone can read it, but you have no role on it. Ask its owner ({0}) for the editor role to edit it.', owner)
      : l10n.t('This template is public, so everyone can read it, but you have no role on it. Ask its owner for the editor role to edit it.');
    return { editable: false, reason };
  }
  const reason = owner
    ? l10n.t("You can read this template only through a group's member role. Ask its owner ({0}) for the editor role to edit it.", owner)
    : l10n.t("You can read this template only through a group's member role. Ask its owner for the editor role to edit it.");
  return { editable: false, reason };
}

/** Lists are short; a cap keeps a misbehaving server from costing hundreds of requests. */
const MAX_PAGES = 10;

async function collect<T>(fetchPage: (page: number) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages(fetchPage, { maxPages: MAX_PAGES })) out.push(...p.items);
  return out;
}

/**
 * Works out the user's role on `template`. Needs GET /users/me (user.read), the user's own
 * entry in the user roles, and — unless already admin — their groups and the template's group
 * roles (group.read). Never throws: what could not be read makes the answer uncertain.
 */
export async function templateAccess(
  clients: Pick<ClientSource, 'call' | 'currentUser'>,
  instanceId: string,
  template: TemplateRef,
): Promise<TemplateAccess> {
  let me: User | undefined;
  try {
    me = await clients.currentUser(instanceId);
  } catch {
    me = undefined;
  }
  if (!me) return { certain: false };
  const userId = me.id;
  // l10n: not user-facing (`via` is compared by code; viaText translates it where shown)
  if (me.is_sysadmin || me.system_role === 'admin') return { role: 'admin', via: 'system administrator', certain: true, userId };
  if (template.creator?.id === me.id) return { role: 'admin', via: 'creator', certain: true, userId };

  let role: TemplateRoleName | undefined;
  let via: string | undefined;
  let certain = true;
  try {
    const name = me.identity?.username || me.displayname;
    const mine = await collect((page) => clients.call(instanceId, (c) => c.listUserRoles(template.id, { filter: name, page, per_page: 100 })));
    const direct = mine.find((r) => r.user.id === me!.id)?.role.name;
    if (direct) {
      role = direct;
      via = 'direct role'; // l10n: not user-facing (compared by code; viaText translates it where shown)
    }
  } catch {
    certain = false;
  }
  if (role === 'admin') return { role, via, certain: true, userId };

  try {
    const groups = await collect((page) => clients.call(instanceId, (c) => c.searchGroups({ member_only: true, page, per_page: 100 })));
    if (groups.length) {
      const memberOf = new Set(groups.map((g) => g.id));
      const groupRoles = await collect((page) => clients.call(instanceId, (c) => c.listGroupRoles(template.id, { page, per_page: 100 })));
      for (const gr of groupRoles) {
        if (!memberOf.has(gr.group.id)) continue;
        const better = higherRole(role, gr.role.name);
        if (better !== role) {
          role = better;
          via = `via group "${gr.group.title || gr.group.identifier}"`; // l10n: not user-facing (parsed by viaText, which translates it)
        }
      }
    }
  } catch {
    certain = false;
  }
  if (role === 'admin') certain = true;
  return { role, via, certain, userId };
}
