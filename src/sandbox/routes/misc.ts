// Everything around templates: API index, info, roles, licenses, users, groups, trash
// (kadi-api.md §5.4, §6, §8).
import { requireScopes } from '../auth';
import { HttpError, ok, type Reply } from '../http';
import { LICENSES } from '../licenses';
import { intParam, type RequestCtx, type Router } from '../router';
import { matchScore, parseSort, TextQuery } from '../search';
import { groupJson, pageArgs, pageSlice, paginationJson, parseBoolArg, rawArg, parseIntList, userJson } from '../serialize';
import type { GroupRow } from '../store';
import type { Visibility } from '../../kadi/types';
import { filterArg, identifierParam, includesCi, userRolesReply } from './common';

export const SANDBOX_VERSION = '1.13.0';

function index(ctx: RequestCtx): Reply {
  const api = ctx.view.urls.api;
  const names = ['collections', 'groups', 'info', 'licenses', 'records', 'roles', 'tags', 'templates', 'trash', 'users'];
  return ok(Object.fromEntries(names.map((n) => [n, `${api}/${n}`])));
}

const info = (): Reply => ok({ version: SANDBOX_VERSION });

const perm = (action: string, description: string) => ({ action, description });
function resourceRoles(kind: string, withLink: boolean) {
  const read = perm('read', kind === 'record' ? 'View this record and its files.' : `View this ${kind}.`);
  const link = perm('link', `Manage links of this ${kind} with other resources.`);
  const update = perm('update', kind === 'record' ? 'Edit this record and its files.' : `Edit this ${kind}.`);
  const permissions = perm('permissions', `Manage permissions of this ${kind}.`);
  const del = perm('delete', `Delete this ${kind}.`);
  const roles = [
    { name: 'member', permissions: [read] },
    { name: 'editor', permissions: withLink ? [read, link, update] : [read, update] },
    { name: 'admin', permissions: withLink ? [read, link, update, permissions, del] : [read, update, permissions, del] },
  ];
  if (withLink) roles.splice(1, 0, { name: 'collaborator', permissions: [read, link] });
  return roles;
}

function roles(): Reply {
  const group = [
    { name: 'member', permissions: [perm('read', 'View this group.')] },
    { name: 'editor', permissions: [perm('read', 'View this group.'), perm('update', 'Edit this group.')] },
    {
      name: 'admin',
      permissions: [
        perm('read', 'View this group.'),
        perm('update', 'Edit this group.'),
        perm('members', 'Manage members of this group.'),
        perm('delete', 'Delete this group.'),
      ],
    },
  ];
  return ok({
    record: resourceRoles('record', true),
    collection: resourceRoles('collection', true),
    template: resourceRoles('template', false),
    group,
  });
}

function licenses(ctx: RequestCtx): Reply {
  const a = pageArgs(ctx.query);
  const filter = filterArg(ctx.query);
  const rows = LICENSES.filter((l) => includesCi(l.name, filter) || includesCi(l.title, filter));
  return ok({
    items: pageSlice([...rows], a),
    _pagination: paginationJson(`${ctx.view.urls.api}/licenses`, [['filter', filter]], a, rows.length),
  });
}

// ---- users -----------------------------------------------------------------------------------

function users(ctx: RequestCtx): Reply {
  requireScopes(ctx.principal, 'user.read');
  const a = pageArgs(ctx.query);
  const filter = filterArg(ctx.query);
  const inactive = parseBoolArg(ctx.query.get('inactive')) ?? false;
  const rows = [...ctx.store.users.values()]
    .filter((u) => inactive || u.state === 'active')
    .filter((u) => includesCi(u.displayname, filter) || includesCi(u.username, filter))
    .sort((x, y) => (x.created_at < y.created_at ? 1 : x.created_at > y.created_at ? -1 : y.id - x.id));
  return ok({
    items: pageSlice(rows, a).map((u) => userJson(u, ctx.view)),
    _pagination: paginationJson(`${ctx.view.urls.api}/users`, [['filter', filter], ['inactive', inactive]], a, rows.length),
  });
}

function me(ctx: RequestCtx): Reply {
  requireScopes(ctx.principal, 'user.read');
  return ok(userJson(ctx.principal.user, ctx.view));
}

function user(ctx: RequestCtx): Reply {
  requireScopes(ctx.principal, 'user.read');
  const u = ctx.store.users.get(intParam(ctx, 'id'));
  if (!u) throw new HttpError(404);
  return ok(userJson(u, ctx.view));
}

function userByIdentity(ctx: RequestCtx): Reply {
  requireScopes(ctx.principal, 'user.read');
  const u = ctx.store.userByName(ctx.params.username);
  if (!u || u.identity_type !== ctx.params.identity_type) throw new HttpError(404);
  return ok(userJson(u, ctx.view));
}

// ---- groups ----------------------------------------------------------------------------------

function groups(ctx: RequestCtx): Reply {
  requireScopes(ctx.principal, 'group.read');
  const q = ctx.query;
  const uid = ctx.principal.user.id;
  const a = pageArgs(q, 100);
  const query = (q.get('query') ?? '').trim();
  const sort = parseSort(q.get('sort'));
  const vis = (q.get('visibility') ?? '').trim().toLowerCase();
  const visibility = vis === 'private' || vis === 'public' ? (vis as Visibility) : undefined;
  const memberOnly = parseBoolArg(q.get('member_only')) ?? false;
  const creators = parseIntList(q, 'user');
  const text = new TextQuery(query);
  const scores = new Map<GroupRow, number>();
  const rows = [...ctx.store.groups.values()].filter((g) => {
    if (g.state !== 'active' || !ctx.store.canReadGroup(uid, g)) return false;
    if (memberOnly && g.members[uid] === undefined) return false;
    if (visibility && g.visibility !== visibility) return false;
    if (creators.length && !creators.includes(g.creator_id)) return false;
    if (text.empty) return true;
    const s = matchScore(text, { identifier: g.identifier, title: g.title, description: g.description });
    scores.set(g, s);
    return s > 0;
  });
  const effective = sort === '_score' ? '-last_modified' : sort;
  const desc = effective.startsWith('-');
  const field = (desc ? effective.slice(1) : effective) as 'last_modified' | 'created_at' | 'title' | 'identifier';
  const key = (g: GroupRow) => (field === 'title' ? g.title.toLowerCase() : g[field]);
  rows.sort((x, y) => {
    const c = key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : x.id - y.id;
    return desc ? -c : c;
  });
  if (sort === '_score' && !text.empty) rows.sort((x, y) => scores.get(y)! - scores.get(x)!);
  return ok({
    items: pageSlice(rows, a).map((g) => groupJson(g, ctx.store, ctx.view)),
    _actions: { new_group: `${ctx.view.urls.api}/groups` },
    _pagination: paginationJson(
      `${ctx.view.urls.api}/groups`,
      [
        ['query', query],
        ['sort', rawArg(ctx.query, 'sort', '_score')],
        ['visibility', rawArg(ctx.query, 'visibility')],
        ['member_only', memberOnly],
        ['user', creators],
      ],
      a,
      rows.length,
    ),
  });
}

function loadGroup(ctx: RequestCtx, scopes: string[]): GroupRow {
  const g = ctx.store.groups.get(intParam(ctx, 'id'));
  if (!g) throw new HttpError(404);
  if (!ctx.store.canReadGroup(ctx.principal.user.id, g)) throw new HttpError(403);
  requireScopes(ctx.principal, ...scopes);
  if (g.state !== 'active') throw new HttpError(404);
  return g;
}

function group(ctx: RequestCtx): Reply {
  return ok(groupJson(loadGroup(ctx, ['group.read']), ctx.store, ctx.view));
}

function groupByIdentifier(ctx: RequestCtx): Reply {
  requireScopes(ctx.principal, 'group.read');
  const identifier = identifierParam(ctx.params.identifier);
  const g = [...ctx.store.groups.values()].find((x) => x.identifier === identifier && x.state === 'active');
  if (!g) throw new HttpError(404);
  if (!ctx.store.canReadGroup(ctx.principal.user.id, g)) throw new HttpError(403);
  return ok(groupJson(g, ctx.store, ctx.view));
}

function members(ctx: RequestCtx): Reply {
  const g = loadGroup(ctx, ['group.read', 'user.read']);
  return userRolesReply(ctx, g.members, g.creator_id, `${ctx.view.urls.api}/groups/${g.id}/members`);
}

// ---- trash -----------------------------------------------------------------------------------

function trash(ctx: RequestCtx): Reply {
  requireScopes(ctx.principal, 'misc.manage_trash');
  const a = pageArgs(ctx.query);
  const filter = filterArg(ctx.query);
  const uid = ctx.principal.user.id;
  const rows = [...ctx.store.templates.values()]
    .filter((t) => t.state === 'deleted' && t.creator_id === uid && includesCi(t.identifier, filter))
    .sort((x, y) => (x.last_modified < y.last_modified ? 1 : x.last_modified > y.last_modified ? -1 : y.id - x.id));
  const api = ctx.view.urls.api;
  return ok({
    items: pageSlice(rows, a).map((t) => ({
      id: t.id,
      identifier: t.identifier,
      type: 'template',
      deleted_at: t.last_modified,
      _actions: { restore: `${api}/templates/${t.id}/restore`, purge: `${api}/templates/${t.id}/purge` },
    })),
    _pagination: paginationJson(`${api}/trash`, [], a, rows.length), // Kadi's links omit `filter`
  });
}

export function registerMiscRoutes(r: Router): void {
  r.add('GET', '', index)
    .add('GET', '/info', info)
    .add('GET', '/roles', roles)
    .add('GET', '/licenses', licenses)
    .add('GET', '/users', users)
    .add('GET', '/users/me', me)
    .add('GET', '/users/<int:id>', user)
    .add('GET', '/users/<identity_type>/<username>', userByIdentity)
    .add('GET', '/groups', groups)
    .add('GET', '/groups/<int:id>', group)
    .add('GET', '/groups/identifier/<identifier>', groupByIdentifier)
    .add('GET', '/groups/<int:id>/members', members)
    .add('GET', '/trash', trash);
}
