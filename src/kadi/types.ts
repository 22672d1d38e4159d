// JSON shapes of the Kadi4Mat HTTP API (see ../shared/kadi-api.md). Shared by the client,
// the sandbox and the extension. No `vscode` import.

export type TemplateType = 'record' | 'extras';
export type Visibility = 'private' | 'public';
export type ResourceState = 'active' | 'deleted';
export type TemplateRoleName = 'member' | 'editor' | 'admin';
export type ExtraType = 'str' | 'int' | 'float' | 'bool' | 'date' | 'dict' | 'list';

/** `_links` / `_actions` maps hold absolute URLs. */
export type LinkMap = Record<string, string>;

export interface Identity {
  type: string;
  username: string;
  email?: string;
  email_confirmed?: boolean;
}

/** UserSchema (§1.2). Conditional keys are optional. */
export interface User {
  id: number;
  displayname: string;
  orcid: string | null;
  state: string;
  identity: Identity;
  created_at?: string;
  is_sysadmin?: boolean;
  system_role?: string;
  _links: LinkMap;
}

export interface ExtraValidation {
  required?: boolean;
  options?: unknown[];
  range?: { min: number | null; max: number | null };
  iri?: boolean;
}

/** One entry of an extras array (§2.3), as stored/returned by the server. */
export interface Extra {
  type: ExtraType;
  key?: string;
  value: unknown;
  unit?: string | null;
  description?: string;
  term?: string;
  validation?: ExtraValidation;
}

export interface RecordLink {
  direction: 'out' | 'in';
  record: number;
  name: string;
  term: string | null;
}

export interface RecordRoleEntry {
  subject_type: 'user' | 'group';
  subject_id: number;
  role: string;
}

/** `data` of a record template (§2.2). */
export interface RecordTemplateData {
  identifier: string;
  title: string;
  description: string;
  type: string | null;
  license: string | null;
  tags: string[];
  extras: Extra[];
  collections: number[];
  record_links: RecordLink[];
  roles: RecordRoleEntry[];
}

export type TemplateData = RecordTemplateData | Extra[];

/** Record-template `data` with every key at the value Kadi fills in when it is missing (§2.2). */
export function emptyRecordData(): RecordTemplateData {
  return { identifier: '', title: '', description: '', type: null, license: null, tags: [], extras: [], collections: [], record_links: [], roles: [] };
}

/** TemplateSchema (§1.1). `creator` is omitted when the token lacks `user.read`. */
export interface Template {
  id: number;
  identifier: string;
  title: string;
  description: string;
  plain_description: string;
  visibility: Visibility;
  state: ResourceState;
  type: TemplateType;
  data: TemplateData;
  created_at: string;
  last_modified: string;
  creator?: User;
  _links: LinkMap;
  _actions: LinkMap;
}

/** The six revisioned template fields (§4). */
export interface TemplateSnapshot {
  identifier: string;
  title: string;
  description: string;
  visibility: Visibility;
  data: TemplateData;
  state: ResourceState;
}

/** ObjectRevisionSchema (§4.3). `diff` holds the *older* values of changed keys. */
export interface Revision {
  id: number;
  timestamp: string;
  user?: User;
  object_id: number;
  data: TemplateSnapshot;
  diff: Partial<Record<keyof TemplateSnapshot, unknown>>;
  _links?: LinkMap;
}

export interface Group {
  id: number;
  identifier: string;
  title: string;
  description?: string;
  plain_description?: string;
  visibility: Visibility;
  state?: ResourceState;
  created_at?: string;
  last_modified?: string;
  creator?: User;
  _links?: LinkMap;
  _actions?: LinkMap;
}

export interface UserRole {
  user: User;
  role: { name: TemplateRoleName };
  _actions: LinkMap;
}

export interface GroupRole {
  group: Group;
  role: { name: TemplateRoleName };
  _actions: LinkMap;
}

export interface TrashItem {
  id: number;
  identifier: string;
  type: 'record' | 'collection' | 'template' | 'group';
  deleted_at: string;
  _actions: LinkMap;
}

export interface RoleDescription {
  name: string;
  permissions: { action: string; description: string }[];
}

/** `GET /api/roles`. */
export type RolesInfo = Record<string, RoleDescription[]>;

/** GET /api/licenses items (LicenseSchema); `name` is what record-template `data.license` holds. */
export interface License {
  name: string;
  title: string;
  url?: string | null;
}

export interface Pagination {
  page: number;
  per_page: number;
  total_pages: number;
  total_items: number;
  _links: { self: string; prev?: string; next?: string };
}

export interface Page<T> {
  items: T[];
  _pagination: Pagination;
  _actions?: LinkMap;
}

/** Body of every non-2xx API response (§9). */
export interface ApiErrorBody {
  code: number;
  message: string;
  description: string;
  /** 400 validation errors: nested by field and string index (§2.4). */
  errors?: ErrorTree;
  /** 401 insufficient scope: the scopes the endpoint requires. */
  scopes?: string[];
}

export type ErrorTree = { [field: string]: string[] | ErrorTree };

/** Fields a client may send on create (POST) / update (PATCH). */
export interface TemplateCreate {
  identifier: string;
  title: string;
  type: TemplateType;
  data: TemplateData;
  description?: string;
  visibility?: Visibility;
}
export type TemplatePatch = Partial<Pick<Template, 'identifier' | 'title' | 'description' | 'visibility' | 'data'>>;

export type TemplateSort =
  | '_score'
  | 'last_modified'
  | '-last_modified'
  | 'created_at'
  | '-created_at'
  | 'title'
  | '-title'
  | 'identifier'
  | '-identifier';

export const TEMPLATE_SORTS: readonly TemplateSort[] = [
  '_score',
  'last_modified',
  '-last_modified',
  'created_at',
  '-created_at',
  'title',
  '-title',
  'identifier',
  '-identifier',
];

export type ExportType = 'json' | 'json-schema' | 'shacl';

/** `filter` query parameter of the export endpoint (§7). */
export interface ExportFilter {
  user?: boolean;
  extras?: ExtrasMask;
}
export type ExtrasMask = { [keyOrIndex: string]: ExtrasMask };

/** Every scope Kadi4Mat knows (§8). */
export const ALL_SCOPES = [
  'record.create', 'record.read', 'record.link', 'record.update', 'record.permissions', 'record.delete',
  'collection.create', 'collection.read', 'collection.link', 'collection.update', 'collection.permissions', 'collection.delete',
  'template.create', 'template.read', 'template.update', 'template.permissions', 'template.delete',
  'group.create', 'group.read', 'group.update', 'group.members', 'group.delete',
  'user.read', 'misc.manage_trash',
] as const;
export type Scope = (typeof ALL_SCOPES)[number];

/** RecordSchema as GET /api/records/<id> returns it (read only here: "New Template from Record"). */
export interface KadiRecord {
  id: number;
  identifier: string;
  title: string;
  description: string;
  plain_description?: string;
  visibility: string;
  state?: ResourceState;
  type: string | null;
  license: string | null;
  tags: string[];
  extras: Extra[];
  created_at?: string;
  last_modified?: string;
  creator?: User;
  _links?: LinkMap;
  _actions?: LinkMap;
}
