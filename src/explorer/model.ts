// What the template explorer shows, as plain node objects: Instance → Templates → template →
// Revisions / Permissions (Users, Groups), and Trash per instance. Roots are cheap (no request); each list is fetched when
// its node is expanded, a page at a time (`kadi4mat.pageSize`, 100 by default). Nodes are interned by id, so the same
// logical node is the same object across refreshes (VS Code refreshes by element). No `vscode`
// import: the tree data provider maps these nodes to TreeItems.
import type { GroupRole, Revision, Template, TrashItem, UserRole } from '../kadi/types';
import { TemplateSummaries, type TemplateSummary } from '../kadi/summary';
import type { TemplateAccess } from '../permissions/access';
import { TemplateAccessService } from '../permissions/accessService';
import { withScopeExplained } from '../permissions/explain';
import type { RoleKnowledge } from './describe';
import { Emitter } from '../ui/emitter';
import type { ClientSource, InstanceInfo } from '../instances/registry';
import { filterKey, isFilterActive, normalizeFilter, toSearchParams, type TemplateFilter } from './filter';
import { normalizePageSize, PagingStore, type PagedList } from './paging';
import { preloadHttp } from '../kadi/http';
import { SEARCH_PAGE_LIMIT } from '../kadi/pagination';
import * as l10n from '../ui/l10n';

/** The "Load more" row of most lists. */
const loadMoreLabel = (shown: number, total: number) => l10n.t('Load more ({0} of {1})', shown, total);

interface NodeBase {
  /** Unique and stable in the whole tree (also the TreeItem id). */
  readonly id: string;
  readonly instanceId: string;
}

export interface InstanceNode extends NodeBase {
  kind: 'instance';
  info: InstanceInfo;
  hasToken: boolean;
  /** The user cancelled the "new token" prompt after a 401. */
  tokenDeclined: boolean;
}
export interface TemplatesNode extends NodeBase {
  kind: 'templates';
}
export interface TemplateNode extends NodeBase {
  readonly kind: 'template';
  readonly templateId: number;
  readonly identifier: string;
  /** What the row shows (and the commands on it take); not the whole template. */
  template: TemplateSummary;
}
export interface RevisionsNode extends NodeBase {
  kind: 'revisions';
  templateId: number;
  identifier: string;
}
/** Carries exactly what the revision commands take: { instanceId, templateId, revisionId, identifier }. */
export interface RevisionNode extends NodeBase {
  kind: 'revision';
  templateId: number;
  revisionId: number;
  identifier: string;
  revision: Revision;
}
/** Fields shared by the Permissions node, its two lists and their role items. */
interface OfTemplate {
  templateId: number;
  identifier: string;
  template: TemplateSummary;
  /** The signed-in user's role on the template, once worked out (undefined: not yet). */
  access?: TemplateAccess;
}
export interface PermissionsNode extends NodeBase, OfTemplate {
  kind: 'permissions';
}
export interface UserRolesNode extends NodeBase, OfTemplate {
  kind: 'userRoles';
}
export interface GroupRolesNode extends NodeBase, OfTemplate {
  kind: 'groupRoles';
}
/** Carries what the role commands take (see permissions/target.ts roleTarget). */
export interface UserRoleNode extends NodeBase, OfTemplate {
  kind: 'userRole';
  entry: UserRole;
  isCreator: boolean;
  isSelf: boolean;
}
export interface GroupRoleNode extends NodeBase, OfTemplate {
  kind: 'groupRole';
  entry: GroupRole;
}
export interface TrashNode extends NodeBase {
  kind: 'trash';
}
export interface TrashItemNode extends NodeBase {
  kind: 'trashItem';
  templateId: number;
  identifier: string;
  item: TrashItem;
}
export type ListNode = TemplatesNode | RevisionsNode | TrashNode | UserRolesNode | GroupRolesNode;

export interface LoadMoreNode extends NodeBase {
  kind: 'loadMore';
  parent: ListNode;
  /** Pages shown when this item was made: a second click on it loads nothing extra. */
  shownPages: number;
  label: string;
}
export interface MessageNode extends NodeBase {
  kind: 'message';
  parent: InstanceNode | ListNode;
  severity: 'error' | 'empty' | 'limit' | 'noToken';
  text: string;
  /** For 'error': the failure, worded by the UI (describeError). */
  error?: unknown;
  /** What was being done, for the error text: "list the templates". */
  action?: string;
  /** Retry reloads the parent list, or only the failed "load more". */
  retry?: 'reload' | 'more';
}

export type ExplorerNode =
  | InstanceNode
  | TemplatesNode
  | TemplateNode
  | RevisionsNode
  | RevisionNode
  | PermissionsNode
  | UserRolesNode
  | GroupRolesNode
  | UserRoleNode
  | GroupRoleNode
  | TrashNode
  | TrashItemNode
  | LoadMoreNode
  | MessageNode;

export interface TemplateChangeLike {
  instanceId: string;
  templateId: number;
  kind: string;
  /** The template as saved, when the change is a save of this window's (its row updates in place). */
  template?: Template;
}

export interface ExplorerModelOptions {
  clients: ClientSource & { hasToken?(instanceId: string): Promise<boolean>; tokenDeclined?(instanceId: string): boolean };
  /**
   * Items per request of every list (setting `kadi4mat.pageSize`, 10…100; default 100). Read
   * when a list is first loaded; after a change, call `pageSizeChanged()`.
   */
  pageSize?(): number;
  /** The user's role per template, shared with the editor and the commands (made here when not given). */
  access?: TemplateAccessService;
}

const inst = (instanceId: string) => `inst:${instanceId}`;
/** "inst:127.0.0.1:5000/templates?…" → "127.0.0.1:5000" (ids hold no "/"). */
const instanceOfKey = (key: string) => key.slice('inst:'.length).split('/')[0];
const templatesId = (instanceId: string) => `${inst(instanceId)}/templates`;
const templateNodeId = (instanceId: string, templateId: number) => `${templatesId(instanceId)}/${templateId}`;
const revisionsId = (instanceId: string, templateId: number) => `${templateNodeId(instanceId, templateId)}/revisions`;
const trashId = (instanceId: string) => `${inst(instanceId)}/trash`;
const permissionsId = (instanceId: string, templateId: number) => `${templateNodeId(instanceId, templateId)}/permissions`;
const userRolesId = (instanceId: string, templateId: number) => `${permissionsId(instanceId, templateId)}/users`;
const groupRolesId = (instanceId: string, templateId: number) => `${permissionsId(instanceId, templateId)}/groups`;
/** The scope every role listing has besides user.read/group.read: the template was listed with it. */
const HAVE_TEMPLATE_READ = ['template.read'];

/**
 * A listed template: the most numerous node (up to 10,000 per list), so it holds only its
 * instance and summary, and derives its id and the fields the commands take. Kept per instance
 * by template id (no id string per template).
 */
class TemplateRow implements TemplateNode {
  constructor(
    readonly instanceId: string,
    public template: TemplateSummary,
  ) {}
  get kind(): 'template' {
    return 'template';
  }
  get id(): string {
    return templateNodeId(this.instanceId, this.template.id);
  }
  get templateId(): number {
    return this.template.id;
  }
  get identifier(): string {
    return this.template.identifier;
  }
}

export class ExplorerModel {
  private filter: TemplateFilter = {};
  private readonly nodes = new Map<string, ExplorerNode>();
  /** Template rows per instance, by template id: the same object across refreshes. */
  private readonly rows = new Map<string, Map<number, TemplateRow>>();
  private readonly paging = new PagingStore();
  /** Listed templates are kept as summaries (what the rows show), creators shared. */
  private readonly summaries = new TemplateSummaries();
  /** The user's role per template: worked out once per invalidation, for the tree and the editor alike. */
  private readonly access: TemplateAccessService;
  private readonly ownsAccess: boolean;
  private readonly changed = new Emitter<ExplorerNode | undefined>();
  /** Fires with the node whose children changed, or undefined for the whole tree. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: { dispose(): unknown }[];

  constructor(private readonly opts: ExplorerModelOptions) {
    this.ownsAccess = !opts.access;
    this.access = opts.access ?? new TemplateAccessService(opts.clients);
    this.subscriptions = [
      opts.clients.onDidChange(() => this.instancesChanged()),
      // A role worked out (here, by the editor or by a command): the Permissions node (context
      // value) and the template (tooltip "Your role") re-render.
      this.access.onDidChange(({ instanceId, templateId, access }) => {
        const permissions = this.nodes.get(permissionsId(instanceId, templateId));
        if (permissions?.kind === 'permissions') {
          permissions.access = access;
          this.changed.fire(permissions);
        }
        const row = this.templateNode(instanceId, templateId);
        if (row) this.changed.fire(row);
      }),
    ];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    if (this.ownsAccess) this.access.dispose();
    this.changed.dispose();
  }

  /** What the template's tooltip says about the user's role: only what is known, no request. */
  roleKnowledge(node: TemplateNode): RoleKnowledge {
    const access = this.access.peek(node.instanceId, node.templateId);
    return {
      userId: this.opts.clients.get(node.instanceId)?.user?.id ?? access?.userId,
      learned: access?.role && access.via !== 'creator' ? { role: access.role, why: access.via ?? l10n.t('your role') } : undefined,
    };
  }

  // ------------------------------------------------------------------ filter

  getFilter(): TemplateFilter {
    return { ...this.filter };
  }

  setFilter(f: TemplateFilter): void {
    const next = normalizeFilter(f);
    if (filterKey(next) === filterKey(this.filter)) return;
    this.filter = next;
    // Lists of the old filter are dropped: a changed filter starts again at page 1.
    this.paging.drop((k) => k.includes('/templates?'));
    for (const i of this.opts.clients.list()) this.fireNode(templatesId(i.id));
  }

  get filterActive(): boolean {
    return isFilterActive(this.filter);
  }

  // ------------------------------------------------------------------ children

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'instance':
        return this.instanceChildren(node);
      case 'templates':
        return this.templateList(node);
      case 'template':
        return [
          this.intern<RevisionsNode>({ kind: 'revisions', id: revisionsId(node.instanceId, node.templateId), instanceId: node.instanceId, templateId: node.templateId, identifier: node.identifier }),
          this.intern<PermissionsNode>({ ...this.ofTemplate(node), kind: 'permissions', id: permissionsId(node.instanceId, node.templateId) }),
        ];
      case 'revisions':
        return this.revisionList(node);
      case 'permissions':
        return this.permissionsChildren(node);
      case 'userRoles':
        return this.userRoleList(node);
      case 'groupRoles':
        return this.groupRoleList(node);
      case 'trash':
        return this.trashList(node);
      default:
        return [];
    }
  }

  /** Parent for `TreeView.reveal`. */
  getParent(node: ExplorerNode): ExplorerNode | undefined {
    switch (node.kind) {
      case 'instance':
        return undefined;
      case 'templates':
      case 'trash':
        return this.nodes.get(inst(node.instanceId));
      case 'template':
        return this.nodes.get(templatesId(node.instanceId));
      case 'revisions':
        return this.templateNode(node.instanceId, node.templateId);
      case 'revision':
        return this.nodes.get(revisionsId(node.instanceId, node.templateId));
      case 'permissions':
        return this.templateNode(node.instanceId, node.templateId);
      case 'userRoles':
      case 'groupRoles':
        return this.nodes.get(permissionsId(node.instanceId, node.templateId));
      case 'userRole':
        return this.nodes.get(userRolesId(node.instanceId, node.templateId));
      case 'groupRole':
        return this.nodes.get(groupRolesId(node.instanceId, node.templateId));
      case 'trashItem':
        return this.nodes.get(trashId(node.instanceId));
      case 'loadMore':
      case 'message':
        return node.parent;
    }
  }

  private async roots(): Promise<InstanceNode[]> {
    const c = this.opts.clients;
    // The view shows instances: their lists will be asked for next. Load the HTTP stack now
    // (no request), not when the first list is expanded.
    if (c.list().length) preloadHttp();
    return Promise.all(
      c.list().map(async (info) =>
        this.intern<InstanceNode>({
          kind: 'instance',
          id: inst(info.id),
          instanceId: info.id,
          info,
          // A failing keyring reads as "no token": the node then offers Replace Token.
          hasToken: c.hasToken ? await c.hasToken(info.id).catch(() => false) : true,
          tokenDeclined: c.tokenDeclined?.(info.id) ?? false,
        }),
      ),
    );
  }

  private instanceChildren(node: InstanceNode): ExplorerNode[] {
    if (!node.hasToken) {
      return [
        this.message(node, 'noToken', l10n.t('No access token is stored for {0} — click to enter one.', node.info.label)),
      ];
    }
    return [
      this.intern<TemplatesNode>({ kind: 'templates', id: templatesId(node.instanceId), instanceId: node.instanceId }),
      this.intern<TrashNode>({ kind: 'trash', id: trashId(node.instanceId), instanceId: node.instanceId }),
    ];
  }

  private templatesKey(instanceId: string): string {
    return `${templatesId(instanceId)}?${filterKey(this.filter)}`;
  }

  private templatesList(instanceId: string): PagedList<TemplateSummary> {
    const filter = this.filter;
    return this.paging.get<TemplateSummary>(this.templatesKey(instanceId), () => {
      const perPage = this.perPage();
      return {
        maxPage: SEARCH_PAGE_LIMIT,
        keyOf: (t) => t.id,
        fetchPage: async (page) => {
          const userId = filter.createdByMe ? await this.userId(instanceId) : undefined;
          const params = toSearchParams(filter, userId, page, perPage);
          const found = await this.opts.clients.call(instanceId, (c) => c.searchTemplates(params));
          return { ...found, items: found.items.map((t) => this.summaries.summarize(t)) };
        },
      };
    });
  }

  private async templateList(node: TemplatesNode): Promise<ExplorerNode[]> {
    const list = this.templatesList(node.instanceId);
    await list.ensureLoaded();
    let rows = this.rows.get(node.instanceId);
    if (!rows) this.rows.set(node.instanceId, (rows = new Map()));
    const items = list.items.map((t) => {
      let row = rows.get(t.id);
      if (row) row.template = t;
      else rows.set(t.id, (row = new TemplateRow(node.instanceId, t)));
      return row;
    });
    const empty = isFilterActive(this.filter)
      ? l10n.t('No templates match the filter.')
      : l10n.t('No templates yet — create one with "New Template…".');
    return this.withPaging(node, list, items, l10n.t('list the templates'), empty, loadMoreLabel);
  }

  private async revisionList(node: RevisionsNode): Promise<ExplorerNode[]> {
    const { instanceId, templateId } = node;
    const list = this.paging.get<Revision>(node.id, () => {
      const perPage = this.perPage();
      return {
        keyOf: (r) => r.id,
        fetchPage: (page) => this.opts.clients.call(instanceId, (c) => c.listRevisions(templateId, { page, per_page: perPage })),
      };
    });
    await list.ensureLoaded();
    const template = this.templateNode(instanceId, templateId);
    const identifier = template?.identifier ?? node.identifier;
    const items = list.items.map((r) =>
      this.intern<RevisionNode>({ kind: 'revision', id: `${node.id}/${r.id}`, instanceId, templateId, revisionId: r.id, identifier, revision: r }),
    );
    return this.withPaging(node, list, items, l10n.t('list the revisions'), l10n.t('No revisions.'), loadMoreLabel);
  }

  private async trashList(node: TrashNode): Promise<ExplorerNode[]> {
    const { instanceId } = node;
    const list = this.paging.get<TrashItem>(node.id, () => {
      const perPage = this.perPage();
      return {
        keyOf: (t) => `${t.type}/${t.id}`,
        fetchPage: (page) => this.opts.clients.call(instanceId, (c) => c.listTrash({ page, per_page: perPage })),
      };
    });
    await list.ensureLoaded();
    // The trash holds records, collections and groups too; only templates belong here.
    const items = list.items
      .filter((t) => t.type === 'template')
      .map((t) =>
        this.intern<TrashItemNode>({ kind: 'trashItem', id: `${node.id}/${t.id}`, instanceId, templateId: t.id, identifier: t.identifier, item: t }),
      );
    return this.withPaging(node, list, items, l10n.t('list the trash'), l10n.t('No templates in the trash.'), (shown, total) =>
      l10n.t('Load more ({0} of {1} trash entries checked)', shown, total),
    );
  }

  // ------------------------------------------------------------------ permissions

  /** What the Permissions subtree carries of its template (the template node is interned by then). */
  private ofTemplate(node: { instanceId: string; templateId: number; identifier: string; template: TemplateSummary }): { instanceId: string } & OfTemplate {
    const access = this.access.peek(node.instanceId, node.templateId);
    return { instanceId: node.instanceId, templateId: node.templateId, identifier: node.identifier, template: node.template, access };
  }

  /** The user's role on the template, from the shared service (never throws). */
  private accessOf(node: { instanceId: string } & OfTemplate): Promise<TemplateAccess> {
    return this.access.access(node.instanceId, node.template);
  }

  private async permissionsChildren(node: PermissionsNode): Promise<ExplorerNode[]> {
    const access = await this.accessOf(node);
    const base = { ...this.ofTemplate(node), access };
    return [
      this.intern<UserRolesNode>({ ...base, kind: 'userRoles', id: userRolesId(node.instanceId, node.templateId) }),
      this.intern<GroupRolesNode>({ ...base, kind: 'groupRoles', id: groupRolesId(node.instanceId, node.templateId) }),
    ];
  }

  /** Creator first, then by role (the server's order), a page at a time. */
  private async userRoleList(node: UserRolesNode): Promise<ExplorerNode[]> {
    const { instanceId, templateId } = node;
    const access = await this.accessOf(node);
    const list = this.paging.get<UserRole>(node.id, () => {
      const perPage = this.perPage();
      return {
        keyOf: (r) => r.user.id,
        fetchPage: (page) =>
          withScopeExplained(this.opts.clients.call(instanceId, (c) => c.listUserRoles(templateId, { page, per_page: perPage })), HAVE_TEMPLATE_READ),
      };
    });
    await list.ensureLoaded();
    const base = { ...this.ofTemplate(node), access };
    const creatorId = node.template.creator?.id;
    const items = list.items.map((r) =>
      this.intern<UserRoleNode>({
        ...base,
        kind: 'userRole',
        id: `${node.id}/${r.user.id}`,
        entry: r,
        isCreator: creatorId !== undefined && r.user.id === creatorId,
        isSelf: access.userId !== undefined && r.user.id === access.userId,
      }),
    );
    return this.withPaging(node, list, items, l10n.t('list the user roles'), l10n.t('No user has a role.'), loadMoreLabel);
  }

  private async groupRoleList(node: GroupRolesNode): Promise<ExplorerNode[]> {
    const { instanceId, templateId } = node;
    const access = await this.accessOf(node);
    const list = this.paging.get<GroupRole>(node.id, () => {
      const perPage = this.perPage();
      return {
        keyOf: (r) => r.group.id,
        fetchPage: (page) =>
          withScopeExplained(this.opts.clients.call(instanceId, (c) => c.listGroupRoles(templateId, { page, per_page: perPage })), HAVE_TEMPLATE_READ),
      };
    });
    await list.ensureLoaded();
    const base = { ...this.ofTemplate(node), access };
    const items = list.items.map((r) => this.intern<GroupRoleNode>({ ...base, kind: 'groupRole', id: `${node.id}/${r.group.id}`, entry: r }));
    return this.withPaging(node, list, items, l10n.t('list the group roles'), l10n.t('No group has a role.'), loadMoreLabel);
  }

  /** Items + the trailing "load more" / limit / error item; one error item instead of an empty list. */
  private withPaging<T>(
    parent: ListNode,
    list: PagedList<T>,
    items: ExplorerNode[],
    action: string,
    emptyText: string,
    moreLabel: (shown: number, total: number) => string,
  ): ExplorerNode[] {
    if (list.error !== undefined && !list.errorOnMore) return [this.message(parent, 'error', '', { error: list.error, action, retry: 'reload' })];
    const out = [...items];
    if (list.error !== undefined) {
      out.push(this.message(parent, 'error', '', { error: list.error, action: l10n.t('load more ({0} of {1} shown)', list.items.length, list.totalItems), retry: 'more' }));
    } else if (list.limitReached) {
      const shown = list.items.length.toLocaleString('en-US');
      const total = list.totalItems.toLocaleString('en-US');
      out.push(this.message(parent, 'limit', l10n.t('Only the first {0} of {1} are shown — narrow the search (Filter…).', shown, total)));
    } else if (list.hasMore) {
      out.push(
        this.intern<LoadMoreNode>({
          kind: 'loadMore',
          id: `${parent.id}/more`,
          instanceId: parent.instanceId,
          parent,
          shownPages: list.pagesLoaded,
          label: moreLabel(list.items.length, list.totalItems),
        }),
      );
    }
    if (out.length === 0) out.push(this.message(parent, 'empty', emptyText));
    return out;
  }

  // ------------------------------------------------------------------ actions

  /** "Load more": fetches the next page of the parent list, then refreshes the parent. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const list = this.listOf(node.parent);
    if (!list) return;
    await list.loadMore(node.shownPages);
    this.changed.fire(node.parent);
  }

  /** Retry of an error item: reload the list, or repeat the failed "load more". */
  async retry(node: MessageNode): Promise<void> {
    if (node.retry === 'more' && node.parent.kind !== 'instance') {
      const list = this.listOf(node.parent);
      if (list) {
        list.error = undefined;
        await list.loadMore(list.pagesLoaded);
      }
      this.changed.fire(node.parent);
      return;
    }
    this.refresh(node.parent);
  }

  /** Reloads a node's lists (keeping the number of pages shown); the whole tree when undefined. */
  refresh(node?: ExplorerNode): void {
    if (!node) {
      this.paging.invalidate();
      this.access.invalidate();
      this.changed.fire(undefined);
      return;
    }
    const target = node.kind === 'loadMore' || node.kind === 'message' ? node.parent : node;
    const prefix = target.kind === 'instance' ? `${target.id}/` : target.id;
    this.paging.invalidate(prefix);
    // Refreshing a template or its Permissions also works out the user's role again.
    if (target.kind === 'instance') this.access.invalidate(target.instanceId);
    if (target.kind === 'template' || target.kind === 'permissions') this.access.invalidate(target.instanceId, target.templateId);
    this.changed.fire(target);
  }

  /** A save, create, delete, restore… happened elsewhere: reload what shows it. */
  templateChanged(change: TemplateChangeLike): void {
    const { instanceId, templateId, kind } = change;
    // A save of a listed template: its row takes the new title in place instead of a reload
    // sorted by last change, so the template just saved does not jump to the top.
    if (kind === 'saved' && change.template && this.listedVersions(instanceId).has(templateId)) {
      this.serverChanged(instanceId, [change.template]);
      return;
    }
    this.paging.invalidate(`${templatesId(instanceId)}?`);
    this.paging.invalidate(revisionsId(instanceId, templateId));
    this.fireNode(templatesId(instanceId));
    this.fireNode(revisionsId(instanceId, templateId));
    if (kind === 'deleted' || kind === 'restored' || kind === 'purged') {
      this.paging.invalidate(trashId(instanceId));
      this.fireNode(trashId(instanceId));
    }
    if (kind === 'roles' || kind === 'deleted' || kind === 'purged') {
      const pid = permissionsId(instanceId, templateId);
      this.paging.invalidate(pid);
      this.access.invalidate(instanceId, templateId);
      this.fireNode(pid);
      this.fireNode(userRolesId(instanceId, templateId));
      this.fireNode(groupRolesId(instanceId, templateId));
    }
  }

  /** What the tree lists of an instance: template id → `last_modified` (empty when not listed). */
  listedVersions(instanceId: string): Map<number, string> {
    const list = this.paging.peek(this.templatesKey(instanceId)) as PagedList<TemplateSummary> | undefined;
    return new Map((list?.items ?? []).map((t) => [t.id, t.last_modified]));
  }

  /**
   * Templates changed on the server (ServerWatch): listed rows take the new title, identifier
   * and dates in place — no listing request, and no row jumps — and their Revisions reload when
   * shown. Templates the tree does not list (shown only in an editor) leave the tree alone.
   */
  serverChanged(instanceId: string, templates: Template[]): void {
    const list = this.paging.peek(this.templatesKey(instanceId)) as PagedList<TemplateSummary> | undefined;
    for (const t of templates) {
      const i = list ? list.items.findIndex((x) => x.id === t.id) : -1;
      if (!list || i < 0) continue;
      const summary = this.summaries.summarize(t);
      list.items[i] = summary;
      const row = this.rows.get(instanceId)?.get(t.id);
      if (row) {
        row.template = summary;
        this.changed.fire(row);
      }
      this.paging.invalidate(revisionsId(instanceId, t.id));
      this.fireNode(revisionsId(instanceId, t.id));
    }
  }

  /** The interned template node, if it was listed (for reveal). */
  templateNode(instanceId: string, templateId: number): TemplateNode | undefined {
    return this.rows.get(instanceId)?.get(templateId);
  }

  /**
   * `kadi4mat.pageSize` changed: every list starts again at page 1 with the new size (a list
   * keeps one size, so its pages stay aligned).
   */
  pageSizeChanged(): void {
    this.paging.drop(() => true);
    this.changed.fire(undefined);
  }

  // ------------------------------------------------------------------ internals

  /** Items per request for a list made now. */
  private perPage(): number {
    return normalizePageSize(this.opts.pageSize?.());
  }

  private listOf(node: ListNode): PagedList<unknown> | undefined {
    return this.paging.peek(node.kind === 'templates' ? this.templatesKey(node.instanceId) : node.id);
  }

  private async userId(instanceId: string): Promise<number | undefined> {
    return this.opts.clients.get(instanceId)?.user?.id ?? (await this.opts.clients.currentUser(instanceId))?.id;
  }

  private instancesChanged(): void {
    const ids = new Set(this.opts.clients.list().map((i) => i.id));
    this.paging.drop((k) => !ids.has(instanceOfKey(k)));
    this.access.invalidate(); // a new token may have other scopes or belong to someone else
    for (const [k, n] of this.nodes) if (!ids.has(n.instanceId)) this.nodes.delete(k);
    for (const k of [...this.rows.keys()]) if (!ids.has(k)) this.rows.delete(k);
    // A new token may fix what failed; what loaded fine stays (no requests for a re-render).
    this.paging.invalidate('', (l) => l.error !== undefined);
    this.changed.fire(undefined);
  }

  private fireNode(id: string): void {
    const n = this.nodes.get(id);
    if (n) this.changed.fire(n);
  }

  private message(
    parent: MessageNode['parent'],
    severity: MessageNode['severity'],
    text: string,
    extra: Partial<Pick<MessageNode, 'error' | 'action' | 'retry'>> = {},
  ): MessageNode {
    const id = `${parent.id}/${severity === 'error' && extra.retry === 'more' ? 'more-error' : 'message'}`;
    // Messages are rebuilt each time (their text changes); the id keeps VS Code's state stable.
    const node: MessageNode = { kind: 'message', id, instanceId: parent.instanceId, parent, severity, text, ...extra };
    this.nodes.set(id, node);
    return node;
  }

  private intern<N extends ExplorerNode>(fresh: N): N {
    const existing = this.nodes.get(fresh.id);
    if (existing && existing.kind === fresh.kind) {
      Object.assign(existing, fresh);
      return existing as N;
    }
    this.nodes.set(fresh.id, fresh);
    return fresh;
  }
}
