// Template role endpoints (kadi-api.md §5.1-§5.3).
import { HttpError, noContent, ok, type Reply } from '../http';
import { intParam, type RequestCtx, type Router } from '../router';
import { groupJson, groupStubJson, pageArgs, pageSlice, paginationJson } from '../serialize';
import { isRoleName, ROLE_RANK, type RoleName, type TemplateRow } from '../store';
import type { ErrorTree } from '../../kadi/types';
import { bodyObject, filterArg, includesCi, loadTemplate, nestedField, scalarField, userRolesReply, validationError } from './common';

const UNKNOWN_ROLE = 'A role with that name does not exist.';

function roleName(raw: string): RoleName | undefined {
  const s = raw.trim().toLowerCase();
  return isRoleName(s) ? s : undefined;
}

function listUsers(ctx: RequestCtx): Reply {
  const t = loadTemplate(ctx, 'read', ['template.read', 'user.read']);
  return userRolesReply(ctx, t.user_roles, t.creator_id, `${ctx.view.urls.api}/templates/${t.id}/roles/users`);
}

function listGroups(ctx: RequestCtx): Reply {
  const t = loadTemplate(ctx, 'read', ['template.read', 'group.read']);
  const uid = ctx.principal.user.id;
  const a = pageArgs(ctx.query);
  const filter = filterArg(ctx.query);
  // Managers see every group role, unreadable groups reduced to a stub; others only readable groups.
  const manager = ctx.store.can(uid, t, 'permissions');
  const rows = Object.entries(t.group_roles)
    .map(([id, role]) => ({ group: ctx.store.activeGroup(Number(id)), role }))
    .filter((e): e is { group: NonNullable<typeof e.group>; role: RoleName } => !!e.group)
    .filter((e) => manager || ctx.store.canReadGroup(uid, e.group))
    .filter((e) => includesCi(e.group.title, filter) || includesCi(e.group.identifier, filter))
    .sort((x, y) => ROLE_RANK[y.role] - ROLE_RANK[x.role] || x.group.id - y.group.id);
  const base = `${ctx.view.urls.api}/templates/${t.id}/roles/groups`;
  return ok({
    items: pageSlice(rows, a).map((e) => ({
      group: ctx.store.canReadGroup(uid, e.group) ? groupJson(e.group, ctx.store, ctx.view) : groupStubJson(e.group),
      role: { name: e.role },
      _actions: { remove: `${base}/${e.group.id}`, change: `${base}/${e.group.id}` },
    })),
    _pagination: paginationJson(base, [], a, rows.length), // no `filter` in Kadi's links either
  });
}

/** Body `{"<subject>": {"id": n}, "role": {"name": s}}`, validated like marshmallow would. */
function subjectRoleBody(ctx: RequestCtx, subject: 'user' | 'group', exists: (id: number) => boolean) {
  const body = bodyObject(ctx);
  const errors: ErrorTree = {};
  const id = nestedField(body, subject, 'id', 'int', errors) as number | undefined;
  const name = nestedField(body, 'role', 'name', 'string', errors) as string | undefined;
  if (id !== undefined && !exists(id)) {
    errors[subject] = { id: [subject === 'user' ? 'No user with this ID exists.' : 'No group with this ID exists.'] };
  }
  if (Object.keys(errors).length) throw validationError(errors);
  return { id: id!, name: name! };
}

function addRole(ctx: RequestCtx, t: TemplateRow, kind: 'user' | 'group', id: number, rawName: string): Reply {
  const roles = kind === 'user' ? t.user_roles : t.group_roles;
  if (roles[id] !== undefined) throw new HttpError(409, 'A role for that resource already exists.');
  const name = roleName(rawName);
  if (!name) throw new HttpError(400, UNKNOWN_ROLE);
  if (kind === 'user') ctx.store.setUserRole(t.id, id, name);
  else ctx.store.setGroupRole(t.id, id, name);
  return ok({}, 201);
}

function addUser(ctx: RequestCtx): Reply {
  const t = loadTemplate(ctx, 'permissions', ['template.permissions']);
  const { id, name } = subjectRoleBody(ctx, 'user', (uid) => !!ctx.store.activeUser(uid));
  return addRole(ctx, t, 'user', id, name);
}

function addGroup(ctx: RequestCtx): Reply {
  const t = loadTemplate(ctx, 'permissions', ['template.permissions']);
  const { id, name } = subjectRoleBody(ctx, 'group', (gid) => !!ctx.store.activeGroup(gid));
  if (!ctx.store.canReadGroup(ctx.principal.user.id, ctx.store.activeGroup(id)!)) {
    throw new HttpError(403, 'No permission to add role to group.');
  }
  return addRole(ctx, t, 'group', id, name);
}

function newName(ctx: RequestCtx): string {
  const errors: ErrorTree = {};
  const name = scalarField(bodyObject(ctx), 'name', 'string', errors) as string | undefined;
  if (Object.keys(errors).length) throw validationError(errors);
  return name!;
}

function changeUser(ctx: RequestCtx): Reply {
  const t = loadTemplate(ctx, 'permissions', ['template.permissions'], 'template_id');
  const user = ctx.store.activeUser(intParam(ctx, 'user_id'));
  if (!user) throw new HttpError(404);
  const raw = newName(ctx);
  if (user.id === t.creator_id) throw new HttpError(409, "Cannot change the creator's role.");
  if (t.user_roles[user.id] === undefined) throw new HttpError(404, 'Role does not exist.');
  const name = roleName(raw);
  if (!name) throw new HttpError(400, UNKNOWN_ROLE);
  ctx.store.setUserRole(t.id, user.id, name);
  return noContent();
}

function removeUser(ctx: RequestCtx): Reply {
  const t = loadTemplate(ctx, 'permissions', ['template.permissions'], 'template_id');
  const user = ctx.store.activeUser(intParam(ctx, 'user_id'));
  if (!user) throw new HttpError(404);
  if (user.id === t.creator_id) throw new HttpError(409, "Cannot remove the creator's role.");
  if (t.user_roles[user.id] === undefined) throw new HttpError(404, 'Role does not exist.');
  ctx.store.setUserRole(t.id, user.id, null);
  return noContent();
}

function changeGroup(ctx: RequestCtx): Reply {
  const t = loadTemplate(ctx, 'permissions', ['template.permissions'], 'template_id');
  const group = ctx.store.activeGroup(intParam(ctx, 'group_id'));
  if (!group) throw new HttpError(404);
  const raw = newName(ctx);
  if (t.group_roles[group.id] === undefined) throw new HttpError(404, 'Role does not exist.');
  const name = roleName(raw);
  if (!name) throw new HttpError(400, UNKNOWN_ROLE);
  ctx.store.setGroupRole(t.id, group.id, name);
  return noContent();
}

function removeGroup(ctx: RequestCtx): Reply {
  const t = loadTemplate(ctx, 'permissions', ['template.permissions'], 'template_id');
  const group = ctx.store.activeGroup(intParam(ctx, 'group_id'));
  if (!group) throw new HttpError(404);
  if (t.group_roles[group.id] === undefined) throw new HttpError(404, 'Role does not exist.');
  ctx.store.setGroupRole(t.id, group.id, null);
  return noContent();
}

export function registerRoleRoutes(r: Router): void {
  r.add('GET', '/templates/<int:id>/roles/users', listUsers)
    .add('POST', '/templates/<int:id>/roles/users', addUser)
    .add('GET', '/templates/<int:id>/roles/groups', listGroups)
    .add('POST', '/templates/<int:id>/roles/groups', addGroup)
    .add('PATCH', '/templates/<int:template_id>/roles/users/<int:user_id>', changeUser)
    .add('DELETE', '/templates/<int:template_id>/roles/users/<int:user_id>', removeUser)
    .add('PATCH', '/templates/<int:template_id>/roles/groups/<int:group_id>', changeGroup)
    .add('DELETE', '/templates/<int:template_id>/roles/groups/<int:group_id>', removeGroup);
}
