// What a permission or trash command acts on. VS Code calls a command with a tree node (context
// menu, inline action), a `kadi:` URI (editor title menu) or nothing (command palette — then the
// active `kadi:` editor names the template, and failing that the flow asks). No `vscode` import:
// a `vscode.Uri` is recognised by its shape.
import type { TemplateSummary } from '../kadi/summary';
import type { TemplateRoleName, UserRole, GroupRole } from '../kadi/types';
import { parseKadiPath } from '../kadi/templateUri';
import type { TemplateAccess } from './access';
import * as l10n from '../ui/l10n';

export interface UriLike {
  scheme: string;
  authority: string;
  path: string;
}

/** An instance, optionally a template of it; what `resolveTemplate` takes, plus the access a node knew. */
export interface CommandTarget {
  instanceId: string;
  templateId?: number;
  identifier?: string;
  /** What the tree row shows of it (a summary, not the whole template). */
  template?: TemplateSummary;
  access?: TemplateAccess;
}

/** One role entry on a template (a user's or a group's), as role items carry it. */
export interface RoleTarget extends CommandTarget {
  templateId: number;
  identifier: string;
  subject: { type: 'user' | 'group'; id: number; name: string };
  role: TemplateRoleName;
  isCreator: boolean;
  /** The signed-in user's own role. */
  isSelf?: boolean;
}

export function isUriLike(v: unknown): v is UriLike {
  const u = v as UriLike;
  return !!u && typeof u === 'object' && typeof u.scheme === 'string' && typeof u.authority === 'string' && typeof u.path === 'string';
}

/** A `kadi:` document (template, revision or export) names its instance and template. */
export function targetFromUri(uri: UriLike | undefined): CommandTarget | undefined {
  if (!uri || uri.scheme !== 'kadi' || !uri.authority) return undefined;
  const p = parseKadiPath(uri.path);
  return p ? { instanceId: uri.authority, templateId: p.templateId, identifier: p.identifier } : { instanceId: uri.authority };
}

interface NodeLike {
  kind?: string;
  instanceId?: unknown;
  templateId?: unknown;
  identifier?: unknown;
  template?: TemplateSummary;
  access?: TemplateAccess;
}

/**
 * The command's argument, else the active editor. Nodes without a template (instance,
 * Templates, Trash) name only the instance; a non-`kadi:` editor names nothing.
 */
export function commandTarget(arg: unknown, activeUri?: UriLike): CommandTarget | undefined {
  if (isUriLike(arg)) return targetFromUri(arg);
  const n = arg as NodeLike;
  if (n && typeof n === 'object' && typeof n.instanceId === 'string') {
    const t: CommandTarget = { instanceId: n.instanceId };
    if (typeof n.templateId === 'number') {
      t.templateId = n.templateId;
      if (typeof n.identifier === 'string') t.identifier = n.identifier;
      if (n.template && n.template.id === n.templateId) t.template = n.template;
      if (n.access) t.access = n.access;
    }
    return t;
  }
  return targetFromUri(activeUri);
}

interface RoleNodeLike extends NodeLike {
  entry?: UserRole | GroupRole;
  isCreator?: boolean;
  isSelf?: boolean;
}

/** A user-role or group-role tree item as a RoleTarget; undefined for anything else. */
export function roleTarget(arg: unknown): RoleTarget | undefined {
  const n = arg as RoleNodeLike;
  if (!n || typeof n !== 'object' || (n.kind !== 'userRole' && n.kind !== 'groupRole')) return undefined;
  if (typeof n.instanceId !== 'string' || typeof n.templateId !== 'number' || !n.entry) return undefined;
  const base = commandTarget(n) as CommandTarget;
  const subject =
    'user' in n.entry
      ? { type: 'user' as const, id: n.entry.user.id, name: n.entry.user.displayname || n.entry.user.identity?.username || l10n.t('user {0}', n.entry.user.id) }
      : { type: 'group' as const, id: n.entry.group.id, name: n.entry.group.title || n.entry.group.identifier || l10n.t('group {0}', n.entry.group.id) };
  return {
    ...base,
    templateId: n.templateId,
    identifier: typeof n.identifier === 'string' ? n.identifier : String(n.templateId),
    subject,
    role: n.entry.role.name,
    isCreator: !!n.isCreator,
    isSelf: n.isSelf,
  };
}

/**
 * The nodes a context-menu command acts on when several are selected: VS Code passes the
 * clicked node and the whole selection. Those of `kinds` on the clicked node's instance, when
 * there are two or more; undefined for a single selection (the command behaves as before).
 */
export function selectedTargets(
  arg: unknown,
  selected: unknown,
  kinds: readonly string[],
): (CommandTarget & { templateId: number; identifier: string })[] | undefined {
  if (!Array.isArray(selected) || selected.length < 2) return undefined;
  const clicked = arg as NodeLike;
  if (!clicked || typeof clicked !== 'object' || typeof clicked.instanceId !== 'string') return undefined;
  const out: (CommandTarget & { templateId: number; identifier: string })[] = [];
  const seen = new Set<number>();
  for (const n of selected as NodeLike[]) {
    if (!n || typeof n !== 'object' || !kinds.includes(String(n.kind)) || n.instanceId !== clicked.instanceId) continue;
    const t = commandTarget(n);
    if (t?.templateId === undefined || seen.has(t.templateId)) continue;
    seen.add(t.templateId);
    out.push({ ...t, templateId: t.templateId, identifier: t.identifier ?? String(t.templateId) });
  }
  return out.length >= 2 ? out : undefined;
}
