// Lookups with Kadi's check order (kadi-api.md §1): exists → permission (403) → scope (401) → active.
import { requireScopes } from '../auth';
import { HttpError } from '../http';
import { intParam, type RequestCtx } from '../router';
import { ok, type Reply } from '../http';
import { pageArgs, pageSlice, paginationJson, parseIntList, userJson } from '../serialize';
import { ROLE_RANK, type RoleName, type TemplateAction, type TemplateRow } from '../store';
import type { ErrorTree } from '../../kadi/types';

export function loadTemplate(ctx: RequestCtx, action: TemplateAction, scopes: string[], key = 'id'): TemplateRow {
  const t = ctx.store.getTemplate(intParam(ctx, key));
  if (!t) throw new HttpError(404);
  if (!ctx.store.can(ctx.principal.user.id, t, action)) throw new HttpError(403);
  requireScopes(ctx.principal, ...scopes);
  if (t.state !== 'active') throw new HttpError(404);
  return t;
}

export function validationError(errors: ErrorTree): HttpError {
  return new HttpError(400, undefined, { errors });
}

/** Identifier path segment: matched case-insensitively with surrounding whitespace stripped. */
export function identifierParam(raw: string): string | undefined {
  const s = raw.trim().toLowerCase();
  return /^[a-z0-9_-]+$/.test(s) ? s : undefined;
}

/** Whitespace-normalised, lowercased substring filter (empty matches everything). */
export function filterArg(q: URLSearchParams, name = 'filter'): string {
  return (q.get(name) ?? '').replace(/\s+/g, ' ').trim();
}

export function includesCi(haystack: string, needle: string): boolean {
  return needle === '' || haystack.toLowerCase().includes(needle.toLowerCase());
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * marshmallow-like checks for `{ "<field>": { "<sub>": ... } }` bodies used by the role
 * endpoints; collects errors into `errors[field]`.
 */
export function nestedField(
  body: Record<string, unknown>,
  field: string,
  sub: string,
  kind: 'int' | 'string',
  errors: ErrorTree,
): number | string | undefined {
  if (!(field in body)) {
    errors[field] = ['Missing data for required field.'];
    return undefined;
  }
  const v = body[field];
  if (v === null) {
    errors[field] = ['Field may not be null.'];
    return undefined;
  }
  if (!isObj(v)) {
    errors[field] = { _schema: ['Invalid input type.'] };
    return undefined;
  }
  const sErr: ErrorTree = {};
  const r = scalarField(v, sub, kind, sErr);
  if (Object.keys(sErr).length) errors[field] = sErr;
  return r;
}

export function scalarField(body: Record<string, unknown>, field: string, kind: 'int' | 'string', errors: ErrorTree): number | string | undefined {
  if (!(field in body)) {
    errors[field] = ['Missing data for required field.'];
    return undefined;
  }
  const v = body[field];
  if (v === null) {
    errors[field] = ['Field may not be null.'];
    return undefined;
  }
  if (kind === 'string') {
    if (typeof v !== 'string') {
      errors[field] = ['Not a valid string.'];
      return undefined;
    }
    return v;
  }
  // marshmallow Integer (non-strict): ints, integral floats and digit strings; never booleans.
  if (typeof v === 'number' && Number.isInteger(v) && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v) && Number.isSafeInteger(Number(v.trim()))) return Number(v.trim());
  errors[field] = ['Not a valid integer.'];
  return undefined;
}

export function bodyObject(ctx: RequestCtx): Record<string, unknown> {
  const body = ctx.json();
  if (!isObj(body)) throw validationError({ _schema: ['Invalid input type.'] });
  return body;
}

/**
 * A page of users with their roles: a template's user roles and a group's members share Kadi's
 * item shape and order (creator first, then by role rank, then by id; `filter`, `exclude`).
 */
export function userRolesReply(ctx: RequestCtx, roles: Record<string, RoleName>, creatorId: number, base: string): Reply {
  const a = pageArgs(ctx.query);
  const filter = filterArg(ctx.query);
  const exclude = parseIntList(ctx.query, 'exclude');
  const rows = Object.entries(roles)
    .map(([id, role]) => ({ user: ctx.store.activeUser(Number(id)), role }))
    .filter((e): e is { user: NonNullable<typeof e.user>; role: RoleName } => !!e.user && !exclude.includes(e.user.id))
    .filter((e) => includesCi(e.user.username, filter) || includesCi(e.user.displayname, filter))
    .sort(
      (x, y) =>
        Number(y.user.id === creatorId) - Number(x.user.id === creatorId) ||
        ROLE_RANK[y.role] - ROLE_RANK[x.role] ||
        x.user.id - y.user.id,
    );
  return ok({
    items: pageSlice(rows, a).map((e) => ({
      user: userJson(e.user, ctx.view),
      role: { name: e.role },
      _actions: { remove: `${base}/${e.user.id}`, change: `${base}/${e.user.id}` },
    })),
    // Kadi does not repeat `filter`/`exclude` in these links (checked against 1.13.0).
    _pagination: paginationJson(base, [], a, rows.length),
  });
}
