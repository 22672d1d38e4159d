// Typed client for the template-related part of the Kadi4Mat HTTP API (../shared/kadi-api.md).
// Plain Node (no `vscode`), so it is tested against the sandbox and small local servers.
import * as l10n from '../ui/l10n';
import { normalizeBaseUrl } from './baseUrl';
import { KadiError } from './errors';
import { HttpTransport, type FetchImpl, type HttpResponse, type RequestEvent } from './http';
import { SEARCH_PAGE_LIMIT, pages, type ListedPage } from './pagination';
import type {
  ExportFilter,
  ExportType,
  Group,
  GroupRole,
  KadiRecord,
  License,
  Page,
  Revision,
  RolesInfo,
  Template,
  TemplateCreate,
  TemplatePatch,
  TemplateRoleName,
  TemplateSort,
  TemplateType,
  TrashItem,
  User,
  UserRole,
  Visibility,
} from './types';

export { normalizeBaseUrl, isLoopbackHost, isInsecureRemote } from './baseUrl';
export { KadiError, isKadiError, isCancellation, redact, flattenErrors, type KadiErrorKind } from './errors';
export { pages, SEARCH_PAGE_LIMIT, limitMessage, type ListedPage, type PagesOptions } from './pagination';
export type { FetchImpl, RequestEvent } from './http';

export interface KadiClientOptions {
  /** As the user typed it: "kadi.example.edu", "https://kadi.example.edu/", ".../api", ".../api/v1". */
  baseUrl: string;
  /** Personal access token; goes only into the Authorization header of requests to this origin. */
  token: string;
  /** Default 'v1'; '' = unversioned /api/… (the server's latest stable). */
  apiVersion?: string;
  /** Per HTTP exchange, including reading the body. Default 30 000. */
  timeoutMs?: number;
  /** http:// is allowed only for loopback hosts unless this is true. */
  allowInsecureHttp?: boolean;
  /** Retries after a 429, default 3. */
  maxRetries?: number;
  /** Longest single Retry-After wait, default 60 000; a longer demand fails at once with the 429. */
  maxRetryWaitMs?: number;
  /** Longest answer body read (default 128 MiB); a longer one fails as 'bad-response'. */
  maxResponseBytes?: number;
  /** One call per HTTP exchange (each redirect hop and retry), for the log. Never carries the token. */
  onRequest?: (e: RequestEvent) => void;
  /** Before each 429 wait, so the UI can say "waiting for the rate limit". */
  onRetryWait?: (e: { seconds: number; attempt: number }) => void;
  /** Injectable for tests; default node-fetch. */
  fetchImpl?: FetchImpl;
}

export interface TemplateSearchParams {
  page?: number;
  per_page?: number;
  query?: string;
  sort?: TemplateSort;
  visibility?: Visibility;
  explicit_permissions?: boolean;
  /** Creator ids, OR-combined (repeated `user=` keys). */
  user?: number[];
  type?: TemplateType;
}

export interface PageParams {
  page?: number;
  per_page?: number;
}

type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

/** Query string with repeatable params as repeated keys; undefined/null values left out. */
export function buildQuery(params: Record<string, QueryValue> = {}): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) q.append(key, String(v));
    else q.append(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

// Light shape checks: enough to turn "the address serves something else" into a clear
// 'bad-response' instead of a TypeError deep inside the UI.
type Check = (v: unknown) => boolean;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasId: Check = (v) => isObject(v) && typeof v.id === 'number';
const isTemplate: Check = (v) => isObject(v) && hasId(v) && typeof v.identifier === 'string' && typeof v.type === 'string' && 'data' in v;
const isRecord: Check = (v) => isObject(v) && hasId(v) && typeof v.identifier === 'string' && Array.isArray(v.extras);
const isRevision: Check = (v) => isObject(v) && hasId(v) && isObject(v.data);
const isUserRole: Check = (v) => isObject(v) && hasId(v.user) && isObject(v.role);
const isGroupRole: Check = (v) => isObject(v) && hasId(v.group) && isObject(v.role);
const isTrashItem: Check = (v) => isObject(v) && hasId(v) && typeof v.type === 'string';
const isPage = (v: unknown): v is Page<unknown> => {
  if (!isObject(v) || !Array.isArray(v.items) || !isObject(v._pagination)) return false;
  const p = v._pagination;
  return typeof p.page === 'number' && typeof p.per_page === 'number' && typeof p.total_pages === 'number' && typeof p.total_items === 'number';
};

type IdKind = 'record' | 'template' | 'revision' | 'user' | 'group';

function positiveInt(value: number, kind: IdKind): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new KadiError({ kind: 'config', message: invalidId(kind, String(value)) });
  }
  return value;
}

function invalidId(kind: IdKind, value: string): string {
  switch (kind) {
    case 'record':
      return l10n.t('Invalid record id: {0} (expected a positive integer).', value);
    case 'template':
      return l10n.t('Invalid template id: {0} (expected a positive integer).', value);
    case 'revision':
      return l10n.t('Invalid revision id: {0} (expected a positive integer).', value);
    case 'user':
      return l10n.t('Invalid user id: {0} (expected a positive integer).', value);
    case 'group':
      return l10n.t('Invalid group id: {0} (expected a positive integer).', value);
  }
}

/** The result of `KadiClient.probe`: a Kadi4Mat answered (with its version when it gave it without a token). */
export interface ProbeResult {
  version?: string;
}

const ANONYMOUS = Symbol('anonymous');

export class KadiClient {
  /** "https://kadi.example.edu" */
  readonly origin: string;
  /** Where Kadi's web UI lives (origin + optional sub-path). */
  readonly webRoot: string;
  /** "https://kadi.example.edu/api/v1" */
  readonly apiRoot: string;
  readonly #http: HttpTransport;

  /**
   * Is there a Kadi4Mat at this address? `GET /info` without a token, before the user is asked
   * for one: a Kadi4Mat answers with its version, or with its JSON 401 ("No valid access token
   * was supplied."). Anything else — no answer, an HTML page, a 404, a 401 that is not Kadi's —
   * throws the KadiError that says so (explainConnectionFailure words it).
   */
  static async probe(options: Omit<KadiClientOptions, 'token'>, signal?: AbortSignal): Promise<ProbeResult> {
    const client = new KadiClient({ ...options, token: '' }, ANONYMOUS);
    try {
      return { version: (await client.getInfo(signal)).version };
    } catch (e) {
      if (e instanceof KadiError && e.kind === 'http' && e.status === 401 && e.description !== undefined) return {};
      throw e;
    }
  }

  constructor(options: KadiClientOptions, mode?: typeof ANONYMOUS) {
    const { origin, webRoot } = normalizeBaseUrl(options.baseUrl, { allowInsecureHttp: options.allowInsecureHttp });
    const version = (options.apiVersion ?? 'v1').trim();
    if (version && !/^v\d+$/.test(version)) {
      throw new KadiError({ kind: 'config', message: l10n.t('Invalid API version "{0}": use e.g. "v1", or leave it empty.', version) });
    }
    const token = (options.token ?? '').trim();
    if (!token && mode !== ANONYMOUS) throw new KadiError({ kind: 'config', message: l10n.t('No access token given. Create one in Kadi4Mat under Settings > Access tokens.') });
    // eslint-disable-next-line no-control-regex
    if (/[\s\x00-\x1f\x7f]/.test(token)) {
      // Caught here so the header-validation error of the HTTP stack never gets a say.
      throw new KadiError({ kind: 'config', message: l10n.t('The access token contains spaces or control characters; paste it again.') });
    }
    this.origin = origin;
    this.webRoot = webRoot;
    this.apiRoot = `${webRoot}/api${version ? `/${version}` : ''}`;
    this.#http = new HttpTransport({
      origin,
      token,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: Math.max(0, options.maxRetries ?? 3),
      maxRetryWaitMs: Math.max(0, options.maxRetryWaitMs ?? 60_000),
      maxResponseBytes: options.maxResponseBytes,
      onRequest: options.onRequest,
      onRetryWait: options.onRetryWait,
      fetchImpl: options.fetchImpl,
    });
  }

  // ---------------------------------------------------------------- records (read only: New Template from Record)

  async searchRecords(p: PageParams & { query?: string } = {}, signal?: AbortSignal): Promise<Page<KadiRecord>> {
    return this.getPage('/records', { ...p }, isRecord, signal);
  }

  async getRecord(id: number, signal?: AbortSignal): Promise<KadiRecord> {
    return this.getJson(`/records/${positiveInt(id, 'record')}`, isRecord, l10n.t('a record'), signal);
  }

  async getRecordByIdentifier(identifier: string, signal?: AbortSignal): Promise<KadiRecord> {
    const ident = identifier.trim();
    if (!ident) throw new KadiError({ kind: 'config', message: l10n.t('Empty record identifier.') });
    return this.getJson(`/records/identifier/${encodeURIComponent(ident)}`, isRecord, l10n.t('a record'), signal);
  }

  // ---------------------------------------------------------------- templates

  async searchTemplates(p: TemplateSearchParams = {}, signal?: AbortSignal): Promise<Page<Template>> {
    return this.getPage('/templates', { ...p }, isTemplate, signal);
  }

  /** All result pages (100 per page unless `per_page` is given); stops at Kadi's page cap with `limitReached`. */
  templatePages(p: TemplateSearchParams = {}, signal?: AbortSignal): AsyncIterable<ListedPage<Template>> {
    const per_page = p.per_page ?? 100;
    return pages((page) => this.searchTemplates({ ...p, page, per_page }, signal), {
      startPage: p.page,
      maxPage: SEARCH_PAGE_LIMIT,
      signal,
    });
  }

  async getTemplate(id: number, signal?: AbortSignal): Promise<Template> {
    return this.getJson(`/templates/${positiveInt(id, 'template')}`, isTemplate, l10n.t('a template'), signal);
  }

  async getTemplateByIdentifier(identifier: string, signal?: AbortSignal): Promise<Template> {
    const ident = identifier.trim();
    if (!ident) throw new KadiError({ kind: 'config', message: l10n.t('Empty template identifier.') });
    return this.getJson(`/templates/identifier/${encodeURIComponent(ident)}`, isTemplate, l10n.t('a template'), signal);
  }

  /** The export as raw text (JSON or Turtle), exactly as the server sent it. */
  async exportTemplate(id: number, type: ExportType, filter?: ExportFilter, signal?: AbortSignal): Promise<string> {
    return (await this.exportRaw(id, type, filter, signal)).text;
  }

  async exportJsonSchema(id: number, filter?: ExportFilter, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const res = await this.exportRaw(id, 'json-schema', filter, signal);
    const value = this.#http.json(res);
    if (!isObject(value)) throw this.#http.badResponse(res, l10n.t('Kadi4Mat answered GET {0} with JSON that is not a JSON Schema object.', res.path));
    return value;
  }

  private exportRaw(id: number, type: ExportType, filter: ExportFilter | undefined, signal?: AbortSignal): Promise<HttpResponse> {
    // `filter` is one URL-encoded JSON object (§7).
    const query = buildQuery({ filter: filter === undefined ? undefined : JSON.stringify(filter) });
    const accept = type === 'shacl' ? 'text/turtle, */*;q=0.5' : 'application/json';
    const path = `/templates/${positiveInt(id, 'template')}/export/${encodeURIComponent(type)}${query}`;
    return this.send('GET', path, { accept, signal });
  }

  async listRevisions(id: number, p: PageParams = {}, signal?: AbortSignal): Promise<Page<Revision>> {
    return this.getPage(`/templates/${positiveInt(id, 'template')}/revisions`, { ...p }, isRevision, signal);
  }

  async getRevision(templateId: number, revisionId: number, compareWith?: number, signal?: AbortSignal): Promise<Revision> {
    const query = buildQuery({ revision: compareWith });
    return this.getJson(
      `/templates/${positiveInt(templateId, 'template')}/revisions/${positiveInt(revisionId, 'revision')}${query}`,
      isRevision,
      l10n.t('a revision'),
      signal,
    );
  }

  async listUserRoles(
    id: number,
    p: PageParams & { filter?: string; exclude?: number[] } = {},
    signal?: AbortSignal,
  ): Promise<Page<UserRole>> {
    return this.getPage(`/templates/${positiveInt(id, 'template')}/roles/users`, { ...p }, isUserRole, signal);
  }

  async listGroupRoles(id: number, p: PageParams & { filter?: string } = {}, signal?: AbortSignal): Promise<Page<GroupRole>> {
    return this.getPage(`/templates/${positiveInt(id, 'template')}/roles/groups`, { ...p }, isGroupRole, signal);
  }

  async createTemplate(body: TemplateCreate, signal?: AbortSignal): Promise<Template> {
    return this.sendJson('POST', '/templates', body, isTemplate, l10n.t('a template'), signal);
  }

  /** PATCH: `data` replaces the stored data wholesale (§10). */
  async updateTemplate(id: number, patch: TemplatePatch, signal?: AbortSignal): Promise<Template> {
    return this.sendJson('PATCH', `/templates/${positiveInt(id, 'template')}`, patch, isTemplate, l10n.t('a template'), signal);
  }

  /** Soft delete: the template moves to the trash. */
  async deleteTemplate(id: number, signal?: AbortSignal): Promise<void> {
    await this.send('DELETE', `/templates/${positiveInt(id, 'template')}`, { signal });
  }

  async restoreTemplate(id: number, signal?: AbortSignal): Promise<Template> {
    return this.sendJson('POST', `/templates/${positiveInt(id, 'template')}/restore`, undefined, isTemplate, l10n.t('a template'), signal);
  }

  async purgeTemplate(id: number, signal?: AbortSignal): Promise<void> {
    await this.send('POST', `/templates/${positiveInt(id, 'template')}/purge`, { signal });
  }

  // ---------------------------------------------------------------- roles

  async addUserRole(id: number, userId: number, role: TemplateRoleName, signal?: AbortSignal): Promise<void> {
    await this.send('POST', `/templates/${positiveInt(id, 'template')}/roles/users`, {
      body: { user: { id: positiveInt(userId, 'user') }, role: { name: role } },
      signal,
    });
  }

  async changeUserRole(id: number, userId: number, role: TemplateRoleName, signal?: AbortSignal): Promise<void> {
    await this.send('PATCH', `/templates/${positiveInt(id, 'template')}/roles/users/${positiveInt(userId, 'user')}`, {
      body: { name: role },
      signal,
    });
  }

  async removeUserRole(id: number, userId: number, signal?: AbortSignal): Promise<void> {
    await this.send('DELETE', `/templates/${positiveInt(id, 'template')}/roles/users/${positiveInt(userId, 'user')}`, { signal });
  }

  async addGroupRole(id: number, groupId: number, role: TemplateRoleName, signal?: AbortSignal): Promise<void> {
    await this.send('POST', `/templates/${positiveInt(id, 'template')}/roles/groups`, {
      body: { group: { id: positiveInt(groupId, 'group') }, role: { name: role } },
      signal,
    });
  }

  async changeGroupRole(id: number, groupId: number, role: TemplateRoleName, signal?: AbortSignal): Promise<void> {
    await this.send('PATCH', `/templates/${positiveInt(id, 'template')}/roles/groups/${positiveInt(groupId, 'group')}`, {
      body: { name: role },
      signal,
    });
  }

  async removeGroupRole(id: number, groupId: number, signal?: AbortSignal): Promise<void> {
    await this.send('DELETE', `/templates/${positiveInt(id, 'template')}/roles/groups/${positiveInt(groupId, 'group')}`, { signal });
  }

  // ---------------------------------------------------------------- users, groups, trash, misc

  async getCurrentUser(signal?: AbortSignal): Promise<User> {
    return this.getJson('/users/me', hasId, l10n.t('a user'), signal);
  }

  async searchUsers(p: PageParams & { filter?: string; inactive?: boolean } = {}, signal?: AbortSignal): Promise<Page<User>> {
    return this.getPage('/users', { ...p }, hasId, signal);
  }

  async searchGroups(
    p: PageParams & { query?: string; sort?: TemplateSort; visibility?: Visibility; member_only?: boolean } = {},
    signal?: AbortSignal,
  ): Promise<Page<Group>> {
    return this.getPage('/groups', { ...p }, hasId, signal);
  }

  async listTrash(p: PageParams & { filter?: string } = {}, signal?: AbortSignal): Promise<Page<TrashItem>> {
    return this.getPage('/trash', { ...p }, isTrashItem, signal);
  }

  async getInfo(signal?: AbortSignal): Promise<{ version: string }> {
    return this.getJson('/info', (v) => isObject(v) && typeof v.version === 'string', l10n.t('the server info'), signal);
  }

  async listLicenses(p: PageParams & { filter?: string } = {}, signal?: AbortSignal): Promise<Page<License>> {
    return this.getPage('/licenses', { ...p }, (v) => isObject(v) && typeof v.name === 'string', signal);
  }

  /** Every license name of the instance (what `data.license` of a record template may be). */
  async licenseNames(signal?: AbortSignal): Promise<string[]> {
    const names: string[] = [];
    for await (const page of pages((page) => this.listLicenses({ page, per_page: 100 }, signal), { signal, maxPages: 50 })) {
      for (const l of page.items) names.push(l.name);
    }
    return names;
  }

  async getRoles(signal?: AbortSignal): Promise<RolesInfo> {
    return this.getJson('/roles', (v) => isObject(v) && Object.values(v).every(Array.isArray), l10n.t('the role list'), signal);
  }

  /**
   * Follows a `_links`/`_actions`/pagination URL from a server answer. Only URLs on this
   * instance's API are fetched; anything else is refused so the token cannot leave the origin.
   */
  async getByUrl<T>(absoluteUrl: string, signal?: AbortSignal): Promise<T> {
    let url: URL;
    try {
      url = new URL(absoluteUrl);
    } catch {
      throw new KadiError({ kind: 'config', message: l10n.t('Not a valid absolute URL; refusing to follow it.') });
    }
    if (url.origin !== this.origin) {
      throw new KadiError({
        kind: 'config',
        message: l10n.t('Refusing to follow a link to {0}: the access token is only sent to {1}.', url.origin, this.origin),
      });
    }
    const apiPrefix = `${new URL(this.webRoot).pathname.replace(/\/$/, '')}/api`;
    if (url.pathname !== apiPrefix && !url.pathname.startsWith(`${apiPrefix}/`)) {
      throw new KadiError({ kind: 'config', message: l10n.t('Refusing to follow {0}: not a Kadi4Mat API address.', this.#http.pathOf(url.href)) });
    }
    const res = await this.#http.request({ method: 'GET', url: url.href, signal });
    return this.#http.json(res) as T;
  }

  // ---------------------------------------------------------------- plumbing

  private async send(
    method: string,
    path: string,
    opts: { body?: unknown; accept?: string; signal?: AbortSignal } = {},
  ): Promise<HttpResponse> {
    return this.#http.request({ method, url: this.apiRoot + path, body: opts.body, accept: opts.accept, signal: opts.signal });
  }

  private async sendJson<T>(
    method: string,
    path: string,
    body: unknown,
    check: Check,
    what: string,
    signal?: AbortSignal,
  ): Promise<T> {
    const res = await this.send(method, path, { body, signal });
    const value = this.#http.json(res);
    if (!check(value)) {
      throw this.#http.badResponse(res, l10n.t('Kadi4Mat answered {0} {1} with JSON that is not {2}.', method, res.path, what));
    }
    return value as T;
  }

  private getJson<T>(path: string, check: Check, what: string, signal?: AbortSignal): Promise<T> {
    return this.sendJson('GET', path, undefined, check, what, signal);
  }

  private async getPage<T>(path: string, params: Record<string, QueryValue>, check: Check, signal?: AbortSignal): Promise<Page<T>> {
    const res = await this.send('GET', path + buildQuery(params), { signal });
    const value = this.#http.json(res);
    if (!isPage(value)) {
      throw this.#http.badResponse(res, l10n.t('Kadi4Mat answered GET {0} with JSON that is not a paginated list.', res.path));
    }
    if (!value.items.every(check)) {
      throw this.#http.badResponse(res, l10n.t('Kadi4Mat answered GET {0} with list items of an unexpected shape.', res.path));
    }
    return value as Page<T>;
  }
}
