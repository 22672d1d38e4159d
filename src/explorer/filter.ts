// The template filter of the explorer: what the user chose, the search parameters it becomes
// (server-side, kadi-api.md §3), the text shown as the view's description, and the
// "Filter…" flow over `Prompts`. No `vscode` import.
import type { TemplateSearchParams } from '../kadi/client';
import { TEMPLATE_SORTS, type TemplateSort, type TemplateType, type Visibility } from '../kadi/types';
import * as l10n from '../ui/l10n';
import type { PickItem, Prompts } from '../ui/prompts';

export interface TemplateFilter {
  /** Kadi's full-text query; wrapped in double quotes = exact phrase. */
  query?: string;
  type?: TemplateType;
  visibility?: Visibility;
  /** Only templates created by the signed-in user (`user=<id>`). */
  createdByMe?: boolean;
  sort?: TemplateSort;
}

/** What a sort order is called in the pickers. */
export function sortLabel(sort: TemplateSort): string {
  switch (sort) {
    case '_score':
      return l10n.t('Relevance (newest first without search text)');
    case '-last_modified':
      return l10n.t('Last modified, newest first');
    case 'last_modified':
      return l10n.t('Last modified, oldest first');
    case '-created_at':
      return l10n.t('Created, newest first');
    case 'created_at':
      return l10n.t('Created, oldest first');
    case 'title':
      return l10n.t('Title A–Z');
    case '-title':
      return l10n.t('Title Z–A');
    case 'identifier':
      return l10n.t('Identifier A–Z');
    case '-identifier':
      return l10n.t('Identifier Z–A');
  }
}

const typeLabels = (): Record<TemplateType, string> => ({ record: l10n.t('Record templates'), extras: l10n.t('Extras templates') });
const visibilityLabels = (): Record<Visibility, string> => ({ private: l10n.t('Private'), public: l10n.t('Public') });

export function normalizeFilter(f: TemplateFilter): TemplateFilter {
  const out: TemplateFilter = {};
  const q = f.query?.trim();
  if (q) out.query = q;
  if (f.type) out.type = f.type;
  if (f.visibility) out.visibility = f.visibility;
  if (f.createdByMe) out.createdByMe = true;
  if (f.sort && f.sort !== '_score' && TEMPLATE_SORTS.includes(f.sort)) out.sort = f.sort;
  return out;
}

export function isFilterActive(f: TemplateFilter): boolean {
  return Object.keys(normalizeFilter(f)).length > 0;
}

/** A stable key: lists loaded for one filter are not reused for another. */
export function filterKey(f: TemplateFilter): string {
  const n = normalizeFilter(f);
  return JSON.stringify([n.query ?? '', n.type ?? '', n.visibility ?? '', n.createdByMe ? 1 : 0, n.sort ?? '']);
}

/** Search parameters for one page. `userId` is needed only for "created by me". */
export function toSearchParams(f: TemplateFilter, userId: number | undefined, page: number, perPage: number): TemplateSearchParams {
  const n = normalizeFilter(f);
  const p: TemplateSearchParams = { page, per_page: perPage };
  if (n.query) p.query = n.query;
  if (n.type) p.type = n.type;
  if (n.visibility) p.visibility = n.visibility;
  if (n.sort) p.sort = n.sort;
  if (n.createdByMe) {
    if (userId === undefined) throw new Error(l10n.t('"Created by me" needs to know who you are, but the access token lacks the user.read scope. Clear that filter, or use a token with user.read.'));
    p.user = [userId];
  }
  return p;
}

/** `"tensile" · extras · private · mine · ↓ title A–Z`, shown as `treeView.description`. */
export function describeFilter(f: TemplateFilter): string {
  const n = normalizeFilter(f);
  const parts: string[] = [];
  if (n.query) parts.push(/^".*"$/.test(n.query) ? n.query : `“${n.query}”`);
  if (n.type) parts.push(n.type);
  if (n.visibility) parts.push(n.visibility);
  if (n.createdByMe) parts.push(l10n.t('created by me'));
  if (n.sort) parts.push(l10n.t('sorted: {0}', sortLabel(n.sort)));
  return parts.join(' · ');
}

type Facet = 'query' | 'type' | 'visibility' | 'mine' | 'sort' | 'clear' | 'done';

/**
 * "Filter…": a menu of the facets with their current values. Each change is applied at once
 * (`apply`), so the tree follows, and the menu comes back until Done or Escape.
 */
export async function editFilterFlow(
  prompts: Prompts,
  initial: TemplateFilter,
  apply: (f: TemplateFilter) => void,
): Promise<TemplateFilter> {
  let f = normalizeFilter(initial);
  for (;;) {
    const items: PickItem<Facet>[] = [
      {
        label: `$(search) ${l10n.t('Search text')}`,
        description: f.query ?? l10n.t('none'),
        detail: l10n.t('Matches identifier, title and description; "quoted text" = exact phrase'),
        value: 'query',
      },
      { label: `$(symbol-class) ${l10n.t('Type')}`, description: f.type ? typeLabels()[f.type] : l10n.t('all'), value: 'type' },
      { label: `$(eye) ${l10n.t('Visibility')}`, description: f.visibility ? visibilityLabels()[f.visibility] : l10n.t('all'), value: 'visibility' },
      { label: `$(account) ${l10n.t('Created by me')}`, description: f.createdByMe ? l10n.t('on') : l10n.t('off'), value: 'mine' },
      { label: `$(list-ordered) ${l10n.t('Sort')}`, description: sortLabel(f.sort ?? '_score'), value: 'sort' },
    ];
    if (isFilterActive(f)) items.push({ label: `$(clear-all) ${l10n.t('Clear filter')}`, value: 'clear' });
    items.push({ label: `$(check) ${l10n.t('Done')}`, value: 'done' });
    const choice = await prompts.pick(items, {
      title: l10n.t('Kadi4Mat: Filter Templates'),
      placeHolder: describeFilter(f) || l10n.t('No filter: all templates you can read'),
    });
    if (!choice || choice.value === 'done') return f;
    const next = await editFacet(prompts, f, choice.value);
    if (next === undefined) continue; // Escape in a sub-step returns to the menu
    f = normalizeFilter(next);
    apply(f);
  }
}

async function editFacet(prompts: Prompts, f: TemplateFilter, facet: Facet): Promise<TemplateFilter | undefined> {
  switch (facet) {
    case 'query': {
      const q = await prompts.input({
        title: l10n.t('Search templates'),
        prompt: l10n.t('Full-text search on the server. Wrap in double quotes for an exact phrase; leave empty for no search.'),
        value: f.query ?? '',
        placeHolder: l10n.t('e.g. tensile, or "tensile test"'),
      });
      return q === undefined ? undefined : { ...f, query: q };
    }
    case 'type': {
      const pick = await prompts.pick<TemplateType | undefined>(
        [
          { label: l10n.t('All types'), value: undefined, picked: !f.type },
          // l10n: not user-facing (the type's value as written in template documents)
          { label: typeLabels().record, description: 'record', value: 'record', picked: f.type === 'record' },
          // l10n: not user-facing (the type's value as written in template documents)
          { label: typeLabels().extras, description: 'extras', value: 'extras', picked: f.type === 'extras' },
        ],
        { title: l10n.t('Template type') },
      );
      return pick && { ...f, type: pick.value };
    }
    case 'visibility': {
      const pick = await prompts.pick<Visibility | undefined>(
        [
          { label: l10n.t('All'), value: undefined, picked: !f.visibility },
          { label: visibilityLabels().private, value: 'private', picked: f.visibility === 'private' },
          { label: visibilityLabels().public, value: 'public', picked: f.visibility === 'public' },
        ],
        { title: l10n.t('Visibility') },
      );
      return pick && { ...f, visibility: pick.value };
    }
    case 'mine':
      return { ...f, createdByMe: !f.createdByMe };
    case 'sort': {
      const pick = await prompts.pick<TemplateSort>(
        TEMPLATE_SORTS.map((s) => ({ label: sortLabel(s), description: s, value: s, picked: (f.sort ?? '_score') === s })),
        { title: l10n.t('Sort templates by') },
      );
      return pick && { ...f, sort: pick.value };
    }
    case 'clear':
      return {};
    default:
      return undefined;
  }
}
