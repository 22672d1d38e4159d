// Template endpoints (kadi-api.md §1-§4, §6, §7, §10).
import { hasScope, requireScopes } from '../auth';
import { exportJson, exportJsonSchema, exportShacl, parseExportFilter } from '../exports';
import { HttpError, noContent, ok, toJson, type Reply } from '../http';
import { intParam, type RequestCtx, type Router } from '../router';
import { parseSort } from '../search';
import { pageArgs, pageSlice, paginationJson, parseBoolArg, rawArg, parseIntArg, parseIntList, revisionJson, templateJson } from '../serialize';
import type { SandboxStore, TemplateRow } from '../store';
import { validateTemplateCreate, validateTemplatePatch, type RulesContext } from '../validation';
import type { ExportType, TemplateType, Visibility } from '../../kadi/types';
import { identifierParam, loadTemplate, validationError } from './common';
import { licenseExists } from '../licenses';

function rules(store: SandboxStore, excludeId?: number): RulesContext {
  return {
    identifierInUse: (identifier) => store.identifierInUse(identifier, excludeId),
    licenseExists,
  };
}

function choice<T extends string>(raw: string | null, values: readonly T[]): T | undefined {
  const s = (raw ?? '').trim().toLowerCase();
  return (values as readonly string[]).includes(s) ? (s as T) : undefined;
}

function list(ctx: RequestCtx): Reply {
  requireScopes(ctx.principal, 'template.read');
  const q = ctx.query;
  const a = pageArgs(q, 100);
  const query = (q.get('query') ?? '').trim();
  const sort = parseSort(q.get('sort'));
  const visibility = choice<Visibility>(q.get('visibility'), ['private', 'public']);
  const explicitPermissions = parseBoolArg(q.get('explicit_permissions')) ?? false;
  const users = parseIntList(q, 'user');
  const type = choice<TemplateType>(q.get('type'), ['record', 'extras']);
  const rows = ctx.index.search(ctx.principal.user.id, { query, sort, visibility, explicitPermissions, users, type });
  return ok({
    items: pageSlice(rows, a).map((t) => templateJson(t, ctx.store, ctx.view)),
    _actions: { new_template: `${ctx.view.urls.api}/templates` },
    _pagination: paginationJson(
      `${ctx.view.urls.api}/templates`,
      [
        // Kadi repeats every parameter as received (stripped), invalid choices and empty ones too.
        ['query', query],
        ['sort', rawArg(q, 'sort', '_score')],
        ['visibility', rawArg(q, 'visibility')],
        ['explicit_permissions', explicitPermissions],
        ['user', users],
        ['type', rawArg(q, 'type')],
        ['instance', q.get('instance') ?? ''],
      ],
      a,
      rows.length,
    ),
  });
}

function create(ctx: RequestCtx): Reply {
  if (!ctx.store.canCreateTemplate(ctx.principal.user.id)) throw new HttpError(403);
  requireScopes(ctx.principal, 'template.create');
  const result = validateTemplateCreate(ctx.json(), rules(ctx.store));
  if (!result.ok) throw validationError(result.errors);
  // Identifier taken between validation and insert: Kadi's integrity-error answer.
  if (ctx.store.identifierInUse(result.value.identifier)) throw new HttpError(409, 'Error creating template.');
  const t = ctx.store.createTemplate(result.value, ctx.principal.user.id);
  return ok(templateJson(t, ctx.store, ctx.view), 201);
}

function get(ctx: RequestCtx): Reply {
  return ok(templateJson(loadTemplate(ctx, 'read', ['template.read']), ctx.store, ctx.view));
}

function getByIdentifier(ctx: RequestCtx): Reply {
  // Here the scope decorator runs before the lookup, and the permission check after it.
  requireScopes(ctx.principal, 'template.read');
  const identifier = identifierParam(ctx.params.identifier);
  const t = identifier === undefined ? undefined : ctx.store.getTemplateByIdentifier(identifier);
  if (!t || t.state !== 'active') throw new HttpError(404);
  if (!ctx.store.can(ctx.principal.user.id, t, 'read')) throw new HttpError(403);
  return ok(templateJson(t, ctx.store, ctx.view));
}

function patch(ctx: RequestCtx): Reply {
  const t = loadTemplate(ctx, 'update', ['template.update']);
  const result = validateTemplatePatch(ctx.json(), t.type, rules(ctx.store, t.id));
  if (!result.ok) throw validationError(result.errors);
  ctx.store.updateTemplate(t.id, result.value, ctx.principal.user.id);
  return ok(templateJson(t, ctx.store, ctx.view));
}

function remove(ctx: RequestCtx): Reply {
  const t = loadTemplate(ctx, 'delete', ['template.delete']);
  ctx.store.deleteTemplate(t.id, ctx.principal.user.id);
  return noContent();
}

/** Restore/purge: only the creator, only a deleted template; everything else is 404. */
function trashed(ctx: RequestCtx): TemplateRow {
  requireScopes(ctx.principal, 'misc.manage_trash');
  const t = ctx.store.getTemplate(intParam(ctx, 'id'));
  if (!t || t.state !== 'deleted' || t.creator_id !== ctx.principal.user.id) throw new HttpError(404);
  return t;
}

function restore(ctx: RequestCtx): Reply {
  const t = trashed(ctx);
  ctx.store.restoreTemplate(t.id, ctx.principal.user.id);
  return ok(templateJson(t, ctx.store, ctx.view));
}

function purge(ctx: RequestCtx): Reply {
  ctx.store.purgeTemplate(trashed(ctx).id);
  return noContent();
}

const EXPORT_TYPES: readonly ExportType[] = ['json', 'json-schema', 'shacl'];

function exportTemplate(ctx: RequestCtx): Reply {
  const t = loadTemplate(ctx, 'read', ['template.read']);
  const type = ctx.params.type as ExportType;
  if (!EXPORT_TYPES.includes(type)) throw new HttpError(404);
  const filter = parseExportFilter(ctx.query.get('filter'));
  // Without user.read the creator is always left out (§7).
  const includeUser = hasScope(ctx.principal, 'user.read') && filter.user !== true;
  const template = templateJson(t, ctx.store, { ...ctx.view, includeUser });
  let data: string;
  let ext = 'json';
  let contentType = 'application/json';
  if (type === 'json') data = toJson(exportJson(template, filter, { includeUser }), 2);
  else if (type === 'json-schema') data = toJson(exportJsonSchema(template, filter), 2);
  else {
    data = exportShacl(template, filter, { includeUser, webBase: ctx.view.urls.web });
    ext = 'ttl';
    contentType = 'text/turtle; charset=utf-8';
  }
  return {
    status: 200,
    raw: { contentType, data, headers: { 'Content-Disposition': `attachment; filename=${t.identifier}.${ext}` } },
  };
}

function revisions(ctx: RequestCtx): Reply {
  const t = loadTemplate(ctx, 'read', ['template.read']);
  const a = pageArgs(ctx.query);
  const newestFirst = [...t.revisions].reverse();
  return ok({
    items: pageSlice(newestFirst, a).map((r) => revisionJson(t, r, undefined, ctx.store, ctx.view)),
    _pagination: paginationJson(`${ctx.view.urls.api}/templates/${t.id}/revisions`, [], a, newestFirst.length),
  });
}

function revision(ctx: RequestCtx): Reply {
  const t = loadTemplate(ctx, 'read', ['template.read'], 'template_id');
  const rid = intParam(ctx, 'revision_id');
  const rev = t.revisions.find((r) => r.id === rid);
  if (!rev) throw new HttpError(404);
  // ?revision= of another template, or unknown, silently falls back to the parent.
  const otherId = parseIntArg(ctx.query.get('revision'));
  const compare = otherId === undefined ? undefined : t.revisions.find((r) => r.id === otherId);
  return ok(revisionJson(t, rev, compare, ctx.store, ctx.view));
}

export function registerTemplateRoutes(r: Router): void {
  r.add('GET', '/templates', list)
    .add('POST', '/templates', create)
    .add('GET', '/templates/<int:id>', get)
    .add('PATCH', '/templates/<int:id>', patch)
    .add('DELETE', '/templates/<int:id>', remove)
    .add('GET', '/templates/identifier/<identifier>', getByIdentifier)
    .add('POST', '/templates/<int:id>/restore', restore)
    .add('POST', '/templates/<int:id>/purge', purge)
    .add('GET', '/templates/<int:id>/export/<type>', exportTemplate)
    .add('GET', '/templates/<int:id>/revisions', revisions)
    .add('GET', '/templates/<int:template_id>/revisions/<int:revision_id>', revision);
}
