// Texts of the explorer's items: times, the template tooltip (Markdown), the user's role as far
// as it is known without extra requests, revision labels. No `vscode` import.
import { EDITABLE_FIELDS } from '../kadi/document';
import type { TemplateSummary } from '../kadi/summary';
import type { Revision, TemplateRoleName, TrashItem } from '../kadi/types';
import * as l10n from '../ui/l10n';

import { formatDate, formatTime } from '../ui/time';

export { formatTime };

/** Markdown special characters in server text must not format or link anything. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

export interface RoleKnowledge {
  /** The signed-in user's id (from GET /users/me at connect time). */
  userId?: number;
  /** The role worked out by the access service (Permissions shown, editor opened, a role command). */
  learned?: DerivedRole;
}

export interface DerivedRole {
  role: TemplateRoleName;
  why: string;
}

/**
 * The creator is admin (kadi-api.md §5); otherwise only a role we already fetched counts.
 * `_actions` are links for every reader, not permissions (§11a), so they are not used.
 */
export function deriveRole(t: Pick<TemplateSummary, 'creator'>, k: RoleKnowledge): DerivedRole | undefined {
  if (k.userId !== undefined && t.creator?.id === k.userId) return { role: 'admin', why: l10n.t('creator') };
  if (k.learned) return k.learned;
  return undefined;
}

export function templateTooltip(t: TemplateSummary, k: RoleKnowledge): string {
  const lines: string[] = [];
  lines.push(`**${escapeMarkdown(t.title || t.identifier)}**`);
  lines.push('');
  const typeText = t.type === 'record' ? l10n.t('Record template') : t.type === 'extras' ? l10n.t('Extras template') : t.type;
  const visibilityText = t.visibility === 'public' ? l10n.t('public (every signed-in user can read it)') : l10n.t('private');
  lines.push(`\`${t.identifier}\` · ${typeText} · ${visibilityText}`);
  lines.push('');
  const creator = t.creator
    ? `${escapeMarkdown(t.creator.displayname)}${t.creator.identity?.username ? ` (${escapeMarkdown(t.creator.identity.username)})` : ''}`
    : l10n.t('unknown (the token lacks user.read)');
  lines.push(`${l10n.t('Created by {0} on {1}', creator, formatTime(t.created_at))}  `);
  lines.push(l10n.t('Last modified {0}', formatTime(t.last_modified)));
  const role = deriveRole(t, k);
  if (role) {
    lines.push('');
    lines.push(l10n.t('Your role: **{0}** ({1})', role.role, role.why));
  }
  const desc = (t.plain_description ?? '').trim();
  if (desc) {
    lines.push('');
    lines.push('---');
    lines.push('');
    lines.push(escapeMarkdown(desc.length > 400 ? `${desc.slice(0, 400)}…` : desc));
  }
  return lines.join('\n');
}

type Change = { kind: 'created' | 'trashed' | 'restored' | 'none' } | { kind: 'fields'; fields: string[] };

/** What a revision changed, from its `diff` (older values of the changed keys, §4.3). */
function revisionChange(r: Revision): Change {
  const keys = Object.keys(r.diff ?? {});
  if (!r._links?.parent && keys.length > 0 && Object.values(r.diff).every((v) => v === null)) return { kind: 'created' };
  if (keys.includes('state')) return { kind: r.data?.state === 'deleted' ? 'trashed' : 'restored' };
  // The fields a user edits, by their names in the document.
  const fields = keys.filter((k) => (EDITABLE_FIELDS as readonly string[]).includes(k));
  return fields.length ? { kind: 'fields', fields } : { kind: 'none' };
}

/** "changed title, data", "created", "moved to trash", "restored", "no changes". */
export function revisionSummary(r: Revision): string {
  const c = revisionChange(r);
  switch (c.kind) {
    case 'created':
      return l10n.t('created');
    case 'trashed':
      return l10n.t('moved to trash');
    case 'restored':
      return l10n.t('restored');
    case 'none':
      return l10n.t('no changes');
    default:
      return l10n.t('changed {0}', c.fields.join(', '));
  }
}

/**
 * A revision row's label, what changed, shortest first so that it survives a narrow side bar:
 * "title, data", "created", "moved to trash", "restored", "no changes".
 */
export function revisionLabel(r: Revision): string {
  const c = revisionChange(r);
  return c.kind === 'fields' ? c.fields.join(', ') : revisionSummary(r);
}

/** The first word of a display name ("Bob" of "Bob Brown"); the full name is in the tooltip. */
function shortName(name: string | undefined): string {
  const trimmed = (name ?? '').trim();
  return trimmed ? trimmed.split(/\s+/)[0] : l10n.t('unknown user');
}

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** "just now", "5 min ago", "2 h ago", "3 d ago"; the date (formatDate: the user's locale) after 30 days or for future times. */
export function relativeTime(iso: string | undefined, now = Date.now()): string {
  const at = Date.parse(iso ?? '');
  if (Number.isNaN(at)) return formatTime(iso);
  const ago = now - at;
  if (ago < -MINUTE_MS || ago >= 30 * DAY_MS) return formatDate(iso);
  if (ago < MINUTE_MS) return l10n.t('just now');
  if (ago < 60 * MINUTE_MS) return l10n.t('{0} min ago', Math.floor(ago / MINUTE_MS));
  if (ago < DAY_MS) return l10n.t('{0} h ago', Math.floor(ago / (60 * MINUTE_MS)));
  return l10n.t('{0} d ago', Math.floor(ago / DAY_MS));
}

/** A revision row's description: "#3 · Bob · 2 h ago" (#3 as in the revision's tab and the diff titles). */
export function revisionDescription(r: Revision, now = Date.now()): string {
  return `#${r.id} · ${shortName(r.user?.displayname)} · ${relativeTime(r.timestamp, now)}`;
}

/** The whole story of a revision (Markdown): what changed, who, when exactly. */
export function revisionTooltip(r: Revision, identifier: string): string {
  const user = r.user
    ? `${escapeMarkdown(r.user.displayname)}${r.user.identity?.username ? ` (@${escapeMarkdown(r.user.identity.username)})` : ''}`
    : l10n.t('unknown user');
  return [
    `**${l10n.t('Revision {0} of {1}', r.id, escapeMarkdown(identifier))}**`,
    '',
    `${escapeMarkdown(revisionSummary(r))}  `,
    l10n.t('by {0} on {1}', user, formatTime(r.timestamp)),
    '',
    l10n.t('Click to open it (read-only); right-click to compare or restore it.'),
  ].join('\n');
}

/** Kadi4Mat purges deleted resources a week after their deletion (kadi-api.md §6). */
export const TRASH_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** When Kadi4Mat will purge a trashed template, as far as its deletion time tells. */
export function purgeHint(deletedAt: string | undefined, now = Date.now()): string {
  const at = Date.parse(deletedAt ?? '');
  if (Number.isNaN(at)) return l10n.t('Kadi4Mat deletes trashed templates for good a week after their deletion.');
  const left = at + TRASH_MAX_AGE_MS - now;
  if (left <= 0) return l10n.t('Kadi4Mat deletes it for good any time now (a week after its deletion).');
  const days = Math.floor(left / (24 * HOUR_MS));
  const hours = Math.max(1, Math.ceil(left / HOUR_MS));
  const when =
    days >= 1
      ? days === 1
        ? l10n.t('in about 1 day')
        : l10n.t('in about {0} days', days)
      : hours === 1
        ? l10n.t('in about 1 hour')
        : l10n.t('in about {0} hours', hours);
  return l10n.t('Kadi4Mat deletes it for good {0} (a week after its deletion).', when);
}

export function trashItemTooltip(item: TrashItem, now = Date.now()): string {
  return [
    `**${escapeMarkdown(item.identifier)}**`,
    '',
    `${l10n.t('In the trash since {0}.', formatTime(item.deleted_at))} ${purgeHint(item.deleted_at, now)}`,
    '',
    l10n.t('Only you, its creator, can restore it or delete it permanently.'),
  ].join('\n');
}
