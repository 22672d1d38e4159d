// In-memory state of the sandbox: users, groups, templates with roles and revisions.
// Mirrors Kadi4Mat's rules (kadi-api.md §4-§6, §10); persisted as one JSON file (atomic writes).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Template, TemplateCreate, TemplatePatch, TemplateSnapshot, Visibility, ResourceState, TemplateRoleName } from '../kadi/types';
import { plainDescription } from './validation';
import { MonotonicClock } from './clock';
import { clone, jsonEqual } from './http';

export type RoleName = TemplateRoleName;
export type TemplateAction = 'read' | 'update' | 'permissions' | 'delete';

export interface UserRow {
  id: number;
  username: string;
  displayname: string;
  email: string;
  email_private: boolean;
  orcid: string | null;
  state: 'active' | 'inactive';
  system_role: 'admin' | 'member' | 'guest';
  identity_type: string;
  created_at: string;
}

export interface GroupRow {
  id: number;
  identifier: string;
  title: string;
  description: string;
  visibility: Visibility;
  state: ResourceState;
  created_at: string;
  last_modified: string;
  creator_id: number;
  /** user id → group role (member/editor/admin). */
  members: Record<string, RoleName>;
}

export interface RevisionRow {
  id: number;
  timestamp: string;
  user_id: number;
  data: TemplateSnapshot;
}

/** A template as stored: the API object without what is derived when it is sent. */
export interface TemplateRow extends Omit<Template, 'creator' | '_links' | '_actions'> {
  creator_id: number;
  /** user id → role; the creator holds "admin". */
  user_roles: Record<string, RoleName>;
  /** group id → role; applies to every member of the group. */
  group_roles: Record<string, RoleName>;
  /** Oldest first. */
  revisions: RevisionRow[];
}

export interface StoreState {
  format: 'kadi4mat-sandbox';
  version: 1;
  users: UserRow[];
  groups: GroupRow[];
  templates: TemplateRow[];
  next: { template: number; revision: number };
}

/** What a client may send on create and update: the API's own shapes. */
export type NewTemplate = TemplateCreate;
export type TemplateChanges = TemplatePatch;

export const ROLE_RANK: Record<RoleName, number> = { member: 1, editor: 2, admin: 3 };
export const ROLE_ACTIONS: Record<RoleName, TemplateAction[]> = {
  member: ['read'],
  editor: ['read', 'update'],
  admin: ['read', 'update', 'permissions', 'delete'],
};
export const isRoleName = (v: unknown): v is RoleName => v === 'member' || v === 'editor' || v === 'admin';

const REVISIONED = ['identifier', 'title', 'description', 'visibility', 'data'] as const;

export class SandboxStore {
  readonly users = new Map<number, UserRow>();
  readonly groups = new Map<number, GroupRow>();
  readonly templates = new Map<number, TemplateRow>();
  private readonly byIdentifier = new Map<string, number>();
  private next = { template: 1, revision: 1 };
  private readonly clock = new MonotonicClock();
  /** Bumped on every change; lets search caches know when to rebuild. */
  generation = 0;
  private dataFile?: string;
  private saveTimer?: NodeJS.Timeout;
  private readonly listeners: Array<() => void> = [];

  constructor(state?: StoreState) {
    if (state) this.load(state);
  }

  // ---- persistence -------------------------------------------------------------------

  private load(state: StoreState): void {
    if (!state || state.format !== 'kadi4mat-sandbox' || !Array.isArray(state.templates)) {
      throw new Error('not a Kadi4Mat sandbox data file');
    }
    for (const u of state.users) this.users.set(u.id, u);
    for (const g of state.groups) {
      this.groups.set(g.id, g);
      this.clock.observe(g.last_modified);
    }
    for (const t of state.templates) {
      this.templates.set(t.id, t);
      this.byIdentifier.set(t.identifier, t.id);
      this.clock.observe(t.last_modified);
      for (const r of t.revisions) this.clock.observe(r.timestamp);
    }
    this.next = { ...state.next };
  }

  toState(): StoreState {
    return {
      format: 'kadi4mat-sandbox',
      version: 1,
      users: [...this.users.values()],
      groups: [...this.groups.values()],
      templates: [...this.templates.values()],
      next: { ...this.next },
    };
  }

  /** Read a state file, or undefined if it does not exist. Throws on a corrupt file (never overwrite it). */
  static readFile(file: string): SandboxStore | undefined {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    return new SandboxStore(JSON.parse(text) as StoreState);
  }

  /** Persist to `file` from now on (debounced after each change, flushed by `flush()`). */
  attachFile(file: string): void {
    this.dataFile = file;
    this.flush();
  }

  /** Atomic write: temp file in the same folder, then rename over the target. */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.dataFile) return;
    const dir = path.dirname(path.resolve(this.dataFile));
    fs.mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `.${path.basename(this.dataFile)}.${process.pid}.${Date.now()}.tmp`);
    try {
      fs.writeFileSync(tmp, JSON.stringify(this.toState()));
      fs.renameSync(tmp, this.dataFile);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
  }

  /** Called after every change (the server uses it for nothing else than tests/hooks). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    this.generation++;
    for (const l of this.listeners) l();
    if (this.dataFile && !this.saveTimer) {
      this.saveTimer = setTimeout(() => {
        this.saveTimer = undefined;
        try {
          this.flush();
        } catch {
          // The next change or close() retries; a failed write must not take the server down.
        }
      }, 50);
      this.saveTimer.unref();
    }
  }

  /** Next strictly increasing timestamp. */
  now(): string {
    return this.clock.now();
  }

  // ---- users and groups --------------------------------------------------------------

  addUser(u: UserRow): UserRow {
    this.users.set(u.id, u);
    this.changed();
    return u;
  }

  addGroup(g: GroupRow): GroupRow {
    this.groups.set(g.id, g);
    this.clock.observe(g.last_modified);
    this.changed();
    return g;
  }

  userByName(username: string): UserRow | undefined {
    for (const u of this.users.values()) if (u.username === username) return u;
    return undefined;
  }

  activeUser(id: number): UserRow | undefined {
    const u = this.users.get(id);
    return u && u.state === 'active' ? u : undefined;
  }

  activeGroup(id: number): GroupRow | undefined {
    const g = this.groups.get(id);
    return g && g.state === 'active' ? g : undefined;
  }

  /** Ids of the active groups the user is a member of. */
  groupIdsOf(userId: number): number[] {
    const ids: number[] = [];
    for (const g of this.groups.values()) if (g.state === 'active' && g.members[userId] !== undefined) ids.push(g.id);
    return ids;
  }

  isSysadmin(userId: number): boolean {
    return this.users.get(userId)?.system_role === 'admin';
  }

  /** Public groups are readable by everyone logged in; private ones by their members. */
  canReadGroup(userId: number, g: GroupRow): boolean {
    return this.isSysadmin(userId) || g.visibility === 'public' || g.members[userId] !== undefined;
  }

  /** Global "create" permission: system roles admin and member (§5). */
  canCreateTemplate(userId: number): boolean {
    const r = this.users.get(userId)?.system_role;
    return r === 'admin' || r === 'member';
  }

  // ---- templates: permissions --------------------------------------------------------

  getTemplate(id: number): TemplateRow | undefined {
    return this.templates.get(id);
  }

  /** Any state; identifier is matched as stored (lowercase). */
  getTemplateByIdentifier(identifier: string): TemplateRow | undefined {
    const id = this.byIdentifier.get(identifier);
    return id === undefined ? undefined : this.templates.get(id);
  }

  identifierInUse(identifier: string, excludeId?: number): boolean {
    const id = this.byIdentifier.get(identifier);
    return id !== undefined && id !== excludeId;
  }

  /** Highest role from a direct user role or any group role of the user's groups. */
  templateRole(userId: number, t: TemplateRow, groupIds = this.groupIdsOf(userId)): RoleName | null {
    let best: RoleName | null = t.user_roles[userId] ?? null;
    for (const gid of groupIds) {
      const r = t.group_roles[gid];
      if (r && (!best || ROLE_RANK[r] > ROLE_RANK[best])) best = r;
    }
    return best;
  }

  can(userId: number, t: TemplateRow, action: TemplateAction, groupIds?: number[]): boolean {
    if (this.isSysadmin(userId)) return true;
    if (action === 'read' && t.visibility === 'public') return true;
    const role = this.templateRole(userId, t, groupIds);
    return role !== null && ROLE_ACTIONS[role].includes(action);
  }

  // ---- templates: changes ------------------------------------------------------------

  private snapshot(t: TemplateRow): TemplateSnapshot {
    return clone({
      identifier: t.identifier,
      title: t.title,
      description: t.description,
      visibility: t.visibility,
      data: t.data,
      state: t.state,
    });
  }

  private addRevision(t: TemplateRow, userId: number, timestamp: string): RevisionRow {
    const rev: RevisionRow = { id: this.next.revision++, timestamp, user_id: userId, data: this.snapshot(t) };
    t.revisions.push(rev);
    return rev;
  }

  /** Create a template as `creatorId` (fields assumed valid/normalised): creator gets admin, first revision. */
  createTemplate(input: NewTemplate, creatorId: number, at?: string): TemplateRow {
    const ts = at ?? this.now();
    if (at) this.clock.observe(at);
    const description = input.description ?? '';
    const t: TemplateRow = {
      id: this.next.template++,
      identifier: input.identifier,
      title: input.title,
      description,
      plain_description: plainDescription(description),
      visibility: input.visibility ?? 'private',
      state: 'active',
      type: input.type,
      data: clone(input.data),
      created_at: ts,
      last_modified: ts,
      creator_id: creatorId,
      user_roles: { [creatorId]: 'admin' },
      group_roles: {},
      revisions: [],
    };
    this.templates.set(t.id, t);
    this.byIdentifier.set(t.identifier, t.id);
    this.addRevision(t, creatorId, ts);
    this.changed();
    return t;
  }

  /**
   * Apply the given fields as `userId`. Only fields whose value really changes count: then
   * last_modified is bumped and exactly one revision is made. Returns whether anything changed.
   */
  updateTemplate(id: number, changes: TemplateChanges, userId: number, at?: string): boolean {
    const t = this.mustGet(id);
    const changedKeys = REVISIONED.filter((k) => changes[k] !== undefined && !jsonEqual(changes[k], t[k]));
    if (changedKeys.length === 0) return false;
    const ts = at ?? this.now();
    if (at) this.clock.observe(at);
    for (const k of changedKeys) {
      if (k === 'identifier') {
        this.byIdentifier.delete(t.identifier);
        this.byIdentifier.set(changes.identifier!, t.id);
      }
      (t as unknown as Record<string, unknown>)[k] = clone(changes[k]);
    }
    if (changedKeys.includes('description')) t.plain_description = plainDescription(t.description);
    t.last_modified = ts;
    this.addRevision(t, userId, ts);
    this.changed();
    return true;
  }

  /** Soft delete: state "deleted", revision, last_modified bumped (it then freezes). */
  deleteTemplate(id: number, userId: number, at?: string): void {
    this.setState(this.mustGet(id), 'deleted', userId, at);
  }

  restoreTemplate(id: number, userId: number, at?: string): void {
    this.setState(this.mustGet(id), 'active', userId, at);
  }

  private setState(t: TemplateRow, state: ResourceState, userId: number, at?: string): void {
    if (t.state === state) return;
    const ts = at ?? this.now();
    if (at) this.clock.observe(at);
    t.state = state;
    t.last_modified = ts;
    this.addRevision(t, userId, ts);
    this.changed();
  }

  /** Permanent removal with revisions and roles; the identifier becomes free again. */
  purgeTemplate(id: number): void {
    const t = this.mustGet(id);
    this.templates.delete(id);
    if (this.byIdentifier.get(t.identifier) === id) this.byIdentifier.delete(t.identifier);
    this.changed();
  }

  /** Set (or with null remove) a user's role. Bumps last_modified, no revision (§5.3). */
  setUserRole(templateId: number, userId: number, role: RoleName | null, at?: string): void {
    const t = this.mustGet(templateId);
    if (role === null) delete t.user_roles[userId];
    else t.user_roles[userId] = role;
    this.touch(t, at);
  }

  setGroupRole(templateId: number, groupId: number, role: RoleName | null, at?: string): void {
    const t = this.mustGet(templateId);
    if (role === null) delete t.group_roles[groupId];
    else t.group_roles[groupId] = role;
    this.touch(t, at);
  }

  private touch(t: TemplateRow, at?: string): void {
    t.last_modified = at ?? this.now();
    if (at) this.clock.observe(at);
    this.changed();
  }

  private mustGet(id: number): TemplateRow {
    const t = this.templates.get(id);
    if (!t) throw new Error(`no template with id ${id}`);
    return t;
  }
}
