// Add User…, Add Group…, Change Role…, Remove as plain flows over `Prompts` (kadi-api.md §5).
// Only admins of a template may change its roles; the flows find out the user's role first
// (unless the tree already knew it) so nobody picks a user only to be refused, and explain a
// 403 that still happens. No `vscode` import: unit-tested with scripted answers.
import type { ClientSource, InstanceInfo } from '../instances/registry';
import type { StepProgress, WithProgress } from '../ui/progress';
import { namesList, reportBatch, runBatch, type BatchResult } from '../ui/batch';
import * as l10n from '../ui/l10n';
import { errorDetail, KadiError } from '../kadi/errors';
import { pages } from '../kadi/pagination';
import type { TemplateSummary } from '../kadi/summary';
import type { Group, GroupRole, Page, TemplateRoleName, User, UserRole } from '../kadi/types';
import { chooseInstance } from '../instances/flows';
import { resolveTemplate } from '../templates/flows';
import type { PickItem, PickOptions, Prompts } from '../ui/prompts';
import { canManage, describeAccess, templateAccess, type TemplateAccess, type TemplateRef } from './access';
import type { TemplateAccessService } from './accessService';
import { ExplainedError, httpStatus, scopeClause, sentence } from './explain';
import { roleItems, RoleCatalog } from './roles';
import type { CommandTarget, RoleTarget } from './target';

export interface PermissionFlowDeps {
  clients: ClientSource;
  prompts: Prompts;
  progress: WithProgress;
  /** One progress for several selected templates (Add User…/Add Group… on a multi-selection). */
  steps: StepProgress;
  roles: RoleCatalog;
  /** The user's role per template, shared with the tree and the editor (without it: asked each time). */
  access?: Pick<TemplateAccessService, 'access' | 'invalidate'>;
  /** Tells the tree and open editors that the roles changed (editability may change too). */
  changed(change: { instanceId: string; templateId: number; kind: 'roles' }): void;
}

/** What the role listings need besides the scopes we know the token has (it read the template). */
const HAVE_TEMPLATE_READ = ['template.read'];
/** Role lists are short; this caps what a misbehaving server can cost. */
const MAX_PAGES = 20;

async function all<T>(fetchPage: (page: number) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages(fetchPage, { maxPages: MAX_PAGES })) out.push(...p.items);
  return out;
}

const quoted = (t: Pick<TemplateSummary, 'identifier'>) => `'${t.identifier}'`;

const accessOf = (deps: PermissionFlowDeps, instanceId: string, template: TemplateRef) =>
  deps.access ? deps.access.access(instanceId, template) : templateAccess(deps.clients, instanceId, template);

// ---------------------------------------------------------------------------- errors

interface FailureContext {
  info: InstanceInfo;
  template: Pick<TemplateSummary, 'id' | 'identifier' | 'creator'>;
  /** "add Bob Brown to 'tensile-test'" — follows "Could not ". */
  what: string;
  subject?: { type: 'user' | 'group'; name: string };
  access?: TemplateAccess;
}

/** Kadi's answer in the user's terms; anything not special is returned unchanged. */
async function explainRoleFailure(deps: PermissionFlowDeps, e: unknown, ctx: FailureContext): Promise<unknown> {
  const status = httpStatus(e);
  const description = (e as { description?: string }).description ?? '';
  const who = ctx.subject?.name ?? l10n.t('this subject');
  const name = quoted(ctx.template);
  switch (status) {
    case 401: {
      const clause = scopeClause(e, HAVE_TEMPLATE_READ);
      return clause ? new ExplainedError(l10n.t('Could not {0}: {1}', ctx.what, clause), e) : e;
    }
    case 403: {
      if (/group/i.test(description)) {
        return new ExplainedError(
          l10n.t('Could not {0}: you can only give a role to a group you can see — a public group or one you are a member of (Kadi4Mat: "{1}").', ctx.what, description),
          e,
        );
      }
      // Refused: what was known of the user's role is out of date.
      deps.access?.invalidate(ctx.info.id, ctx.template.id);
      const access = await accessOf(deps, ctx.info.id, ctx.template).catch(() => ctx.access);
      return new ExplainedError(
        l10n.t('Could not {0}: only users with the admin role on {1} can change its permissions, and {2}. Ask its creator or one of its admins.', ctx.what, name, describeAccess(access)),
        e,
      );
    }
    case 409:
      if (/creator/i.test(description)) {
        return new ExplainedError(
          l10n.t('{0} created {1}: the creator always keeps the admin role, so that role cannot be changed or removed.', sentence(who), name),
          e,
        );
      }
      if (/already exists/i.test(description)) {
        deps.changed({ instanceId: ctx.info.id, templateId: ctx.template.id, kind: 'roles' });
        return new ExplainedError(
          l10n.t('{0} already has a role on {1} (given meanwhile, perhaps by someone else). Use "Change Role…" on it instead.', sentence(who), name),
          e,
        );
      }
      return e;
    case 404:
      deps.changed({ instanceId: ctx.info.id, templateId: ctx.template.id, kind: 'roles' });
      if (/role does not exist/i.test(description)) {
        return new ExplainedError(l10n.t('{0} no longer has a role on {1}: it was removed meanwhile.', sentence(who), name), e);
      }
      const gone = !ctx.subject
        ? l10n.t('Could not {0}: {1} is no longer on {2} (deleted or moved to the trash).', ctx.what, name, ctx.info.label)
        : ctx.subject.type === 'group'
          ? l10n.t('Could not {0}: {1} is no longer on {2} (deleted or moved to the trash), or {3} is no longer an active group.', ctx.what, name, ctx.info.label, who)
          : l10n.t('Could not {0}: {1} is no longer on {2} (deleted or moved to the trash), or {3} is no longer an active user.', ctx.what, name, ctx.info.label, who);
      return new ExplainedError(gone, e);
    case 400: {
      const message = e instanceof KadiError ? errorDetail(e) : e instanceof Error ? e.message : String(e);
      if (/no (user|group) with this id/i.test(message)) {
        const inactive =
          ctx.subject?.type === 'group'
            ? l10n.t('Could not {0}: {1} is no longer an active group on {2}.', ctx.what, who, ctx.info.label)
            : l10n.t('Could not {0}: {1} is no longer an active user on {2}.', ctx.what, who, ctx.info.label);
        return new ExplainedError(inactive, e);
      }
      return new ExplainedError(l10n.t('Could not {0}: Kadi4Mat did not accept it — {1}', ctx.what, message), e);
    }
    default:
      return e;
  }
}

/** For loading steps: only a missing scope gets special words. */
function explainLoad(e: unknown, what: string): unknown {
  const clause = scopeClause(e, HAVE_TEMPLATE_READ);
  return clause ? new ExplainedError(l10n.t('Could not {0}: {1}', what, clause), e) : e;
}

// ---------------------------------------------------------------------------- shared steps

interface Resolved {
  info: InstanceInfo;
  template: TemplateSummary;
  access: TemplateAccess;
}

/** The template, and the user's role on it; refuses early when the user is known not to be admin. */
async function resolveManaged(deps: PermissionFlowDeps, target: CommandTarget | undefined, title: string, what: (t: TemplateSummary) => string): Promise<Resolved | undefined> {
  const r = await resolveTemplate(deps, target, title);
  if (!r) return undefined;
  const access =
    target?.access && target.templateId === r.template.id
      ? target.access
      : await deps.progress(l10n.t('Checking your role on {0}…', quoted(r.template)), () => accessOf(deps, r.info.id, r.template));
  if (canManage(access) === 'no') {
    throw new ExplainedError(
      l10n.t('You cannot {0}: only users with the admin role on a template can change its permissions, and {1}.', what(r.template), describeAccess(access)),
    );
  }
  return { ...r, access };
}

async function pickRole(deps: PermissionFlowDeps, instanceId: string, title: string, current?: TemplateRoleName): Promise<TemplateRoleName | undefined> {
  const meanings = await deps.roles.meanings(instanceId);
  return (await deps.prompts.pick(roleItems(meanings, current), { title, placeHolder: l10n.t('Role'), matchOnDetail: true }))?.value;
}

/** A search result in words of the pick (a failed search shows as one error line in VS Code). */
async function searchWithExplanation<T>(search: () => Promise<T>, what: string): Promise<T> {
  try {
    return await search();
  } catch (e) {
    const clause = scopeClause(e, []);
    throw clause ? new ExplainedError(sentence(clause), e) : new ExplainedError(l10n.t('Could not {0}: {1}', what, e instanceof Error ? e.message : String(e)), e);
  }
}

function userItem(u: User): PickItem<User> {
  const username = u.identity?.username;
  return {
    label: `$(person) ${u.displayname}`,
    description: username ? `@${username}` : undefined,
    detail: u.orcid ? l10n.t('ORCID {0}', u.orcid) : undefined,
    value: u,
  };
}

function groupItem(g: Group): PickItem<Group> {
  return {
    label: `$(organization) ${g.title}`,
    description: `@${g.identifier} · ${g.visibility}`,
    detail: g.plain_description ? g.plain_description.slice(0, 120) : undefined,
    value: g,
  };
}

// ---------------------------------------------------------------------------- add

export interface Added {
  templateId: number;
  subject: { type: 'user' | 'group'; id: number; name: string };
  role: TemplateRoleName;
}

/** Add User…: search users as you type (those with a role left out), pick a role, POST. */
export async function addUserRoleFlow(deps: PermissionFlowDeps, target?: CommandTarget): Promise<Added | undefined> {
  const r = await resolveManaged(deps, target, l10n.t('Kadi4Mat: Add User'), (t) => l10n.t('add users to {0}', quoted(t)));
  if (!r) return undefined;
  const { info, template } = r;
  const name = quoted(template);
  // Loaded first: it leaves out who already has a role, and a missing user.read shows before the pick opens.
  const existing = await deps
    .progress(l10n.t('Loading the user roles of {0}…', name), () => all((page) => deps.clients.call(info.id, (c) => c.listUserRoles(template.id, { page, per_page: 100 }))))
    .catch((e) => {
      throw explainLoad(e, l10n.t('add users to {0}', name));
    });
  const taken = new Set(existing.map((e) => e.user.id));
  const user = await pickUser(
    deps,
    info.id,
    { title: l10n.t('Kadi4Mat: Add User to {0} (1/2)', name), placeHolder: l10n.t('Type a name or username (users who already have a role are not listed)') },
    taken,
  );
  if (!user) return undefined;
  const role = await pickRole(deps, info.id, l10n.t('Kadi4Mat: Role of {0} on {1} (2/2)', user.displayname, name));
  if (!role) return undefined;
  const subject = { type: 'user' as const, id: user.id, name: user.displayname };
  try {
    await deps.progress(l10n.t('Giving {0} the {1} role on {2}…', user.displayname, role, name), () => deps.clients.call(info.id, (c) => c.addUserRole(template.id, user.id, role)));
  } catch (e) {
    throw await explainRoleFailure(deps, e, { info, template, what: l10n.t('add {0} to {1}', user.displayname, name), subject, access: r.access });
  }
  deps.changed({ instanceId: info.id, templateId: template.id, kind: 'roles' });
  deps.prompts.status(l10n.t('{0} is now {1} of {2}.', user.displayname, role, name));
  return { templateId: template.id, subject, role };
}

/** A user found by searching as the user types (those in `taken` left out); undefined = cancelled. */
async function pickUser(deps: PermissionFlowDeps, instanceId: string, options: PickOptions, taken: ReadonlySet<number> = new Set()): Promise<User | undefined> {
  const search = (text: string) =>
    searchWithExplanation(async () => {
      const page = await deps.clients.call(instanceId, (c) => c.searchUsers({ filter: text.trim() || undefined, per_page: 50 }));
      return page.items.filter((u) => !taken.has(u.id)).map(userItem);
    }, l10n.t('search users'));
  return (await deps.prompts.pickDynamic<User>(search, options))?.value;
}

/** A group the user can see, found by searching as the user types (those in `taken` left out). */
async function pickGroup(deps: PermissionFlowDeps, instanceId: string, options: PickOptions, taken: ReadonlySet<number> = new Set()): Promise<Group | undefined> {
  const search = (text: string) =>
    searchWithExplanation(async () => {
      const page = await deps.clients.call(instanceId, (c) => c.searchGroups({ query: text.trim() || undefined, per_page: 50 }));
      return page.items.filter((g) => !taken.has(g.id)).map(groupItem);
    }, l10n.t('search groups'));
  return (await deps.prompts.pickDynamic<Group>(search, options))?.value;
}

/** Add Group…: search the groups the user can see, those with a role left out; pick a role; POST. */
export async function addGroupRoleFlow(deps: PermissionFlowDeps, target?: CommandTarget): Promise<Added | undefined> {
  const r = await resolveManaged(deps, target, l10n.t('Kadi4Mat: Add Group'), (t) => l10n.t('add groups to {0}', quoted(t)));
  if (!r) return undefined;
  const { info, template } = r;
  const name = quoted(template);
  const existing = await deps
    .progress(l10n.t('Loading the group roles of {0}…', name), () => all((page) => deps.clients.call(info.id, (c) => c.listGroupRoles(template.id, { page, per_page: 100 }))))
    .catch((e) => {
      throw explainLoad(e, l10n.t('add groups to {0}', name));
    });
  const taken = new Set(existing.map((e) => e.group.id));
  const group = await pickGroup(
    deps,
    info.id,
    { title: l10n.t('Kadi4Mat: Add Group to {0} (1/2)', name), placeHolder: l10n.t('Type to search groups (groups that already have a role are not listed)') },
    taken,
  );
  if (!group) return undefined;
  const role = await pickRole(deps, info.id, l10n.t('Kadi4Mat: Role of the group {0} on {1} (2/2)', group.title, name));
  if (!role) return undefined;
  const subject = { type: 'group' as const, id: group.id, name: group.title };
  try {
    await deps.progress(l10n.t('Giving the group {0} the {1} role on {2}…', group.title, role, name), () =>
      deps.clients.call(info.id, (c) => c.addGroupRole(template.id, group.id, role)),
    );
  } catch (e) {
    throw await explainRoleFailure(deps, e, { info, template, what: l10n.t('add the group {0} to {1}', group.title, name), subject, access: r.access });
  }
  deps.changed({ instanceId: info.id, templateId: template.id, kind: 'roles' });
  deps.prompts.status(l10n.t('Members of {0} are now {1}s of {2}.', group.title, role, name));
  return { templateId: template.id, subject, role };
}

// ---------------------------------------------------------------------------- change / remove

/** The role entries one may change or remove (the creator's is left out), for the palette. */
async function pickRoleEntry(deps: PermissionFlowDeps, r: Resolved, title: string): Promise<RoleTarget | undefined> {
  const { info, template } = r;
  const name = quoted(template);
  const [users, groups] = await deps
    .progress(l10n.t('Loading the roles of {0}…', name), () =>
      Promise.all([
        all((page) => deps.clients.call(info.id, (c) => c.listUserRoles(template.id, { page, per_page: 100 }))),
        all((page) => deps.clients.call(info.id, (c) => c.listGroupRoles(template.id, { page, per_page: 100 }))),
      ]),
    )
    .catch((e) => {
      throw explainLoad(e, l10n.t('list the roles of {0}', name));
    });
  const base = { instanceId: info.id, templateId: template.id, identifier: template.identifier, template, access: r.access };
  const creatorId = template.creator?.id;
  const items: PickItem<RoleTarget>[] = [
    ...users
      .filter((u: UserRole) => u.user.id !== creatorId)
      .map((u) => ({
        label: `$(person) ${u.user.displayname}`,
        description: u.user.id === r.access.userId ? l10n.t('{0} · you', u.role.name) : u.role.name,
        detail: u.user.identity?.username ? `@${u.user.identity.username}` : undefined,
        value: { ...base, subject: { type: 'user' as const, id: u.user.id, name: u.user.displayname }, role: u.role.name, isCreator: false, isSelf: u.user.id === r.access.userId },
      })),
    ...groups.map((g: GroupRole) => ({
      label: `$(organization) ${g.group.title || g.group.identifier}`,
      description: l10n.t('{0} · group', g.role.name),
      detail: g.group.identifier ? `@${g.group.identifier}` : undefined,
      value: { ...base, subject: { type: 'group' as const, id: g.group.id, name: g.group.title || g.group.identifier }, role: g.role.name, isCreator: false },
    })),
  ];
  if (!items.length) {
    void deps.prompts.info(l10n.t('Only the creator has a role on {0}, and the creator\'s role cannot be changed. Use "Add User…" or "Add Group…" to share it.', name));
    return undefined;
  }
  return (await deps.prompts.pick(items, { title, placeHolder: l10n.t("Whose role? (the creator's role cannot be changed)"), matchOnDescription: true }))?.value;
}

/** A role item of the tree, or the palette: template (editor or pick) → role entry. */
async function resolveRoleTarget(deps: PermissionFlowDeps, target: RoleTarget | CommandTarget | undefined, title: string, verb: string): Promise<{ r: Resolved; role: RoleTarget } | undefined> {
  const given = target && 'subject' in target ? (target as RoleTarget) : undefined;
  const r = await resolveManaged(deps, target, title, (t) => (verb === 'change' ? l10n.t('change roles on {0}', quoted(t)) : l10n.t('remove roles on {0}', quoted(t))));
  if (!r) return undefined;
  const role = given ?? (await pickRoleEntry(deps, r, title));
  if (!role) return undefined;
  const creator = role.isCreator || (role.subject.type === 'user' && role.subject.id === r.template.creator?.id);
  if (creator) {
    throw new ExplainedError(
      verb === 'change'
        ? l10n.t('{0} created {1}: the creator always keeps the admin role, so it cannot be changed.', role.subject.name, quoted(r.template))
        : l10n.t('{0} created {1}: the creator always keeps the admin role, so it cannot be removed.', role.subject.name, quoted(r.template)),
    );
  }
  return { r, role };
}

/** Change Role…: pick the new role (the current one is marked), PATCH. */
export async function changeRoleFlow(deps: PermissionFlowDeps, target?: RoleTarget | CommandTarget): Promise<TemplateRoleName | undefined> {
  const found = await resolveRoleTarget(deps, target, l10n.t('Kadi4Mat: Change Role'), 'change');
  if (!found) return undefined;
  const { r, role: entry } = found;
  const { info, template } = r;
  const name = quoted(template);
  const subjectText = entry.subject.type === 'group' ? l10n.t('the group {0}', entry.subject.name) : entry.subject.name;
  const role = await pickRole(deps, info.id, l10n.t('Kadi4Mat: New role of {0} on {1}', subjectText, name), entry.role);
  if (!role) return undefined;
  if (role === entry.role) {
    void deps.prompts.info(l10n.t('{0} already is {1} of {2}; nothing changed.', sentence(subjectText), role, name));
    return role;
  }
  if (entry.isSelf && entry.role === 'admin') {
    const lower = l10n.t('Change My Role');
    const ok = await deps.prompts.warn(
      l10n.t('Lower your own role on {0} to {1}?', name, role),
      {
        modal: true,
        detail: l10n.t('You will no longer be able to change its permissions (unless a group role makes you admin). Someone else who is admin would have to give the role back.'),
      },
      lower,
    );
    if (ok !== lower) return undefined;
  }
  try {
    await deps.progress(l10n.t('Changing the role of {0} on {1} to {2}…', subjectText, name, role), () =>
      deps.clients.call(info.id, (c) =>
        entry.subject.type === 'user' ? c.changeUserRole(template.id, entry.subject.id, role) : c.changeGroupRole(template.id, entry.subject.id, role),
      ),
    );
  } catch (e) {
    throw await explainRoleFailure(deps, e, { info, template, what: l10n.t('change the role of {0} on {1}', subjectText, name), subject: { type: entry.subject.type, name: subjectText }, access: r.access });
  }
  deps.changed({ instanceId: info.id, templateId: template.id, kind: 'roles' });
  deps.prompts.status(l10n.t('{0} is now {1} of {2}.', sentence(subjectText), role, name));
  return role;
}

/** Remove: a modal confirmation naming who loses what, then DELETE. */
export async function removeRoleFlow(deps: PermissionFlowDeps, target?: RoleTarget | CommandTarget): Promise<boolean> {
  const found = await resolveRoleTarget(deps, target, l10n.t('Kadi4Mat: Remove Role'), 'remove');
  if (!found) return false;
  const { r, role: entry } = found;
  const { info, template } = r;
  const name = quoted(template);
  const subjectText = entry.subject.type === 'group' ? l10n.t('the group {0}', entry.subject.name) : entry.subject.name;
  const stillReads = template.visibility === 'public' ? l10n.t(' It is public, so every signed-in user can still read it.') : '';
  const detail = entry.isSelf
    ? l10n.t('You will lose the rights of this role on {0} unless a group role grants them.{1}', name, stillReads)
    : entry.subject.type === 'group'
      ? l10n.t('Members of {0} lose the rights this group role gave them (their own roles stay).{1}', entry.subject.name, stillReads)
      : l10n.t('{0} keeps access only through a group role.{1}', entry.subject.name, stillReads);
  const remove = l10n.t('Remove');
  const answer = await deps.prompts.warn(l10n.t('Remove the {0} role of {1} on {2}?', entry.role, subjectText, name), { modal: true, detail }, remove);
  if (answer !== remove) return false;
  try {
    await deps.progress(l10n.t('Removing the role of {0} on {1}…', subjectText, name), () =>
      deps.clients.call(info.id, (c) =>
        entry.subject.type === 'user' ? c.removeUserRole(template.id, entry.subject.id) : c.removeGroupRole(template.id, entry.subject.id),
      ),
    );
  } catch (e) {
    throw await explainRoleFailure(deps, e, { info, template, what: l10n.t('remove the role of {0} on {1}', subjectText, name), subject: { type: entry.subject.type, name: subjectText }, access: r.access });
  }
  deps.changed({ instanceId: info.id, templateId: template.id, kind: 'roles' });
  deps.prompts.status(l10n.t('Removed the {0} role of {1} on {2}.', entry.role, subjectText, name));
  return true;
}

// ---------------------------------------------------------------------------- several templates at once

/** A selected template (multi-select in the tree). */
export interface BatchTemplate {
  instanceId: string;
  templateId: number;
  identifier: string;
  template?: TemplateSummary;
}

/**
 * Add User…/Add Group… on several selected templates of one instance: one search, one role, one
 * confirmation naming the templates, one progress, one summary. A template where the subject
 * already has a role (409) or the user is not admin (403) is listed with the reason; the others
 * get the role.
 */
async function addRolesFlow(
  deps: PermissionFlowDeps,
  targets: readonly BatchTemplate[],
  kind: 'user' | 'group',
): Promise<BatchResult<BatchTemplate> | undefined> {
  if (new Set(targets.map((t) => t.instanceId)).size !== 1) throw new ExplainedError(l10n.t('Select templates of one instance at a time.'));
  const info = await chooseInstance(deps.clients, deps.prompts, { instanceId: targets[0].instanceId }, kind === 'user' ? l10n.t('Kadi4Mat: Add User') : l10n.t('Kadi4Mat: Add Group'));
  if (!info) return undefined;
  const count = targets.length;
  let subject: { type: 'user' | 'group'; id: number; name: string } | undefined;
  if (kind === 'user') {
    const user = await pickUser(deps, info.id, { title: l10n.t('Kadi4Mat: Add User to {0} templates (1/2)', count), placeHolder: l10n.t('Type a name or username') });
    subject = user && { type: 'user', id: user.id, name: user.displayname };
  } else {
    const group = await pickGroup(deps, info.id, { title: l10n.t('Kadi4Mat: Add Group to {0} templates (1/2)', count), placeHolder: l10n.t('Type to search groups') });
    subject = group && { type: 'group', id: group.id, name: group.title };
  }
  if (!subject) return undefined;
  const who = subject.type === 'group' ? l10n.t('the group {0}', subject.name) : subject.name;
  const role = await pickRole(deps, info.id, l10n.t('Kadi4Mat: Role of {0} on {1} templates (2/2)', who, count));
  if (!role) return undefined;
  const add = l10n.t('Add');
  const answer = await deps.prompts.warn(
    l10n.t('Give {0} the {1} role on {2} templates?', who, role, count),
    {
      modal: true,
      detail: l10n.t('{0}. Templates where {1} already has a role keep it (use "Change Role…" there).', namesList(targets.map((t) => t.identifier)), who),
    },
    add,
  );
  if (answer !== add) return undefined;
  const s = subject;
  const result = await runBatch(
    deps.steps,
    l10n.t('Giving {0} the {1} role on {2} templates', who, role, count),
    targets,
    (t) => t.identifier,
    async (t) => {
      await deps.clients.call(info.id, (c) => (s.type === 'user' ? c.addUserRole(t.templateId, s.id, role) : c.addGroupRole(t.templateId, s.id, role)));
      deps.changed({ instanceId: info.id, templateId: t.templateId, kind: 'roles' });
    },
    {
      explain: (e, t) =>
        explainRoleFailure(deps, e, {
          info,
          template: t.template ?? { id: t.templateId, identifier: t.identifier },
          what: l10n.t('add {0} to {1}', who, quoted(t)),
          subject: { type: s.type, name: who },
        }),
      fatal: (e) => httpStatus(e) === 401 || !httpStatus(e),
    },
  );
  reportBatch(deps.prompts, result, l10n.t('Gave {0} the {1} role on {2} of {3} templates', who, role, result.done.length, count), (t) => t.identifier);
  return result;
}

/** Add User… on several selected templates (one selected: the single-template flow). */
export async function addUserRolesFlow(deps: PermissionFlowDeps, targets: readonly BatchTemplate[]): Promise<BatchResult<BatchTemplate> | Added | undefined> {
  return targets.length === 1 ? addUserRoleFlow(deps, targets[0]) : addRolesFlow(deps, targets, 'user');
}

/** Add Group… on several selected templates (one selected: the single-template flow). */
export async function addGroupRolesFlow(deps: PermissionFlowDeps, targets: readonly BatchTemplate[]): Promise<BatchResult<BatchTemplate> | Added | undefined> {
  return targets.length === 1 ? addGroupRoleFlow(deps, targets[0]) : addRolesFlow(deps, targets, 'group');
}
