// JSON shapes of the sandbox responses (kadi-api.md §1, §3, §4, §5): users, groups,
// templates, revisions, pagination. All URLs absolute; API URLs carry /v1 iff the request did.
import type { Group, Pagination, Revision, Template, User } from '../kadi/types';
import { plainDescription } from './validation';
import type { GroupRow, RevisionRow, SandboxStore, TemplateRow, UserRow } from './store';
import { clone, jsonEqual } from './http';

export interface Urls {
  /** Web root, e.g. "http://127.0.0.1:5000" (view links). */
  web: string;
  /** API root, "http://127.0.0.1:5000/api" or ".../api/v1". */
  api: string;
}

/** What the current request may see: viewer and whether user/group objects are embedded. */
export interface View {
  urls: Urls;
  viewer: UserRow;
  includeUser: boolean;
}

export function userJson(u: UserRow, v: View): User {
  const self = v.viewer.id === u.id;
  const admin = v.viewer.system_role === 'admin';
  const identity: User['identity'] = { type: u.identity_type, username: u.username };
  if (!u.email_private || self || admin) {
    identity.email = u.email;
    identity.email_confirmed = true;
  }
  const api = `${v.urls.api}/users/${u.id}`;
  const out: User = {
    id: u.id,
    displayname: u.displayname,
    orcid: u.orcid,
    state: u.state,
    identity,
    _links: {
      self: api,
      identities: `${api}/identities`,
      records: `${api}/records`,
      collections: `${api}/collections`,
      templates: `${api}/templates`,
      groups: `${api}/groups`,
      view: `${v.urls.web}/users/${u.id}`,
    },
  };
  if (self || admin) out.created_at = u.created_at;
  if (admin) {
    out.is_sysadmin = u.system_role === 'admin';
    out.system_role = u.system_role;
  }
  return out;
}

function creatorOf(store: SandboxStore, id: number, v: View): { creator?: User } {
  if (!v.includeUser) return {};
  const u = store.users.get(id);
  return u ? { creator: userJson(u, v) } : {};
}

export function templateJson(t: TemplateRow, store: SandboxStore, v: View): Template {
  const api = `${v.urls.api}/templates/${t.id}`;
  return {
    id: t.id,
    identifier: t.identifier,
    title: t.title,
    description: t.description,
    plain_description: t.plain_description,
    visibility: t.visibility,
    state: t.state,
    type: t.type,
    data: clone(t.data),
    created_at: t.created_at,
    last_modified: t.last_modified,
    ...creatorOf(store, t.creator_id, v),
    _links: {
      self: api,
      user_roles: `${api}/roles/users`,
      group_roles: `${api}/roles/groups`,
      revisions: `${api}/revisions`,
      view: `${v.urls.web}/templates/${t.id}`,
    },
    _actions: {
      edit: api,
      delete: api,
      add_user_role: `${api}/roles/users`,
      add_group_role: `${api}/roles/groups`,
    },
  };
}

export function groupJson(g: GroupRow, store: SandboxStore, v: View): Group {
  const api = `${v.urls.api}/groups/${g.id}`;
  return {
    id: g.id,
    identifier: g.identifier,
    title: g.title,
    description: g.description,
    plain_description: plainDescription(g.description),
    visibility: g.visibility,
    state: g.state,
    created_at: g.created_at,
    last_modified: g.last_modified,
    ...creatorOf(store, g.creator_id, v),
    _links: {
      self: api,
      members: `${api}/members`,
      records: `${api}/records`,
      collections: `${api}/collections`,
      templates: `${api}/templates`,
      revisions: `${api}/revisions`,
      view: `${v.urls.web}/groups/${g.id}`,
    },
    _actions: { edit: api, delete: api, add_member: `${api}/members` },
  };
}

/** What a caller who may manage permissions sees of a group they cannot read (§5.2). */
export function groupStubJson(g: GroupRow): Group {
  return { id: g.id, title: g.title, identifier: g.identifier, visibility: g.visibility };
}

/**
 * Revision object (§4.3). `diff` holds, for every snapshot key that differs from the compared
 * revision (parent by default), the compared (older) value; the first revision compares
 * against nothing, so every non-null key appears with null.
 */
export function revisionJson(t: TemplateRow, rev: RevisionRow, compare: RevisionRow | undefined, store: SandboxStore, v: View): Revision {
  const idx = t.revisions.indexOf(rev);
  const parent = idx > 0 ? t.revisions[idx - 1] : undefined;
  const child = idx >= 0 && idx < t.revisions.length - 1 ? t.revisions[idx + 1] : undefined;
  const other = compare ?? parent;
  const diff: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(rev.data)) {
    const old = other ? (other.data as unknown as Record<string, unknown>)[k] : null;
    if (other ? !jsonEqual(value, old) : value !== null) diff[k] = clone(old ?? null);
  }
  const base = `${v.urls.api}/templates/${t.id}/revisions`;
  const links: Record<string, string> = { self: `${base}/${rev.id}` };
  if (parent) links.parent = `${base}/${parent.id}`;
  if (child) links.child = `${base}/${child.id}`;
  const out: Revision = {
    id: rev.id,
    timestamp: rev.timestamp,
    object_id: t.id,
    data: clone(rev.data),
    diff,
    _links: links,
  };
  if (v.includeUser) {
    const u = store.users.get(rev.user_id);
    if (u) out.user = userJson(u, v);
  }
  return out;
}

// ---- query parameters and pagination -----------------------------------------------------

/** Python's int() on a query value; anything else → undefined (the caller uses its default). */
export function parseIntArg(raw: string | null): number | undefined {
  if (raw === null || !/^\s*[+-]?\d+\s*$/.test(raw)) return undefined;
  const n = Number(raw.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

export function parseBoolArg(raw: string | null): boolean | undefined {
  if (raw === null) return undefined;
  const s = raw.trim().toLowerCase();
  if (['true', 't', 'yes', 'y', 'on', '1'].includes(s)) return true;
  if (['false', 'f', 'no', 'n', 'off', '0', ''].includes(s)) return false;
  return undefined;
}

/** A string parameter as Kadi's `qparam(parse=strip)` keeps it: stripped, else the default. */
export function rawArg(q: URLSearchParams, name: string, fallback = ''): string {
  const v = q.get(name);
  return v === null ? fallback : v.trim();
}

/** Repeated int params (e.g. `user=1&user=2`), invalid ones dropped. */
export function parseIntList(q: URLSearchParams, name: string): number[] {
  const out: number[] = [];
  for (const raw of q.getAll(name)) {
    const n = parseIntArg(raw);
    if (n !== undefined && !out.includes(n)) out.push(n);
  }
  return out;
}

export interface PageArgs {
  page: number;
  perPage: number;
}

/** page ≥ 1 (clamped to `pageMax` where the endpoint has one), per_page clamped to 1…100. */
export function pageArgs(q: URLSearchParams, pageMax?: number): PageArgs {
  let page = Math.max(parseIntArg(q.get('page')) ?? 1, 1);
  if (pageMax !== undefined) page = Math.min(page, pageMax);
  const perPage = Math.min(Math.max(parseIntArg(q.get('per_page')) ?? 10, 1), 100);
  return { page, perPage };
}

export type LinkParam = string | number | boolean | null | undefined | Array<string | number>;

/** Query string like werkzeug's url_for: None omitted, lists repeated, bools as True/False. */
function queryString(params: Array<[string, LinkParam]>): string {
  const sp = new URLSearchParams();
  for (const [k, val] of params) {
    if (val === null || val === undefined) continue;
    if (Array.isArray(val)) for (const x of val) sp.append(k, String(x));
    else if (typeof val === 'boolean') sp.append(k, val ? 'True' : 'False');
    else sp.append(k, String(val));
  }
  return sp.toString();
}

export function paginationJson(url: string, params: Array<[string, LinkParam]>, a: PageArgs, total: number): Pagination {
  const totalPages = Math.max(Math.ceil(total / a.perPage), 1);
  const link = (page: number) => `${url}?${queryString([['page', page], ['per_page', a.perPage], ...params])}`;
  const links: Pagination['_links'] = { self: link(a.page) };
  if (a.page > 1) links.prev = link(a.page - 1);
  if (a.page < totalPages) links.next = link(a.page + 1);
  return { page: a.page, per_page: a.perPage, total_pages: totalPages, total_items: total, _links: links };
}

export function pageSlice<T>(items: T[], a: PageArgs): T[] {
  const start = (a.page - 1) * a.perPage;
  return start >= items.length ? [] : items.slice(start, start + a.perPage);
}
