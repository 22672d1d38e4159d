// The template filter of the explorer: what the user chose, the search parameters it becomes
// (server-side, kadi-api.md §3), the text shown as the view's description, and the
// "Filter…" flow over `Prompts`. No `vscode` import.
import type { TemplateSearchParams } from '../kadi/client';
import { TEMPLATE_SORTS, type TemplateSort, type TemplateType, type Visibility } from '../kadi/types';
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

export const SORT_LABELS: Record<TemplateSort, string> = {
  _score: 'Relevance (newest first without search text)',
  '-last_modified': 'Last modified, newest first',
  last_modified: 'Last modified, oldest first',
  '-created_at': 'Created, newest first',
  created_at: 'Created, oldest first',
  title: 'Title A–Z',
  '-title': 'Title Z–A',
  identifier: 'Identifier A–Z',
  '-identifier': 'Identifier Z–A',
};

const TYPE_LABELS: Record<TemplateType, string> = { record: 'Record templates', extras: 'Extras templates' };
const VISIBILITY_LABELS: Record<Visibility, string> = { private: 'Private', public: 'Public' };

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
    if (userId === undefined) throw new Error('"Created by me" needs to know who you are, but the access token lacks the user.read scope. Clear that filter, or use a token with user.read.');
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
  if (n.createdByMe) parts.push('created by me');
  if (n.sort) parts.push(`sorted: ${SORT_LABELS[n.sort]}`);
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
      { label: '$(search) Search text', description: f.query ?? 'none', detail: 'Matches identifier, title and description; "quoted text" = exact phrase', value: 'query' },
      { label: '$(symbol-class) Type', description: f.type ? TYPE_LABELS[f.type] : 'all', value: 'type' },
      { label: '$(eye) Visibility', description: f.visibility ? VISIBILITY_LABELS[f.visibility] : 'all', value: 'visibility' },
      { label: '$(account) Created by me', description: f.createdByMe ? 'on' : 'off', value: 'mine' },
      { label: '$(list-ordered) Sort', description: SORT_LABELS[f.sort ?? '_score'], value: 'sort' },
    ];
    if (isFilterActive(f)) items.push({ label: '$(clear-all) Clear filter', value: 'clear' });
    items.push({ label: '$(check) Done', value: 'done' });
    const choice = await prompts.pick(items, { title: 'Kadi4Mat: Filter Templates', placeHolder: describeFilter(f) || 'No filter: all templates you can read' });
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
        title: 'Search templates',
        prompt: 'Full-text search on the server. Wrap in double quotes for an exact phrase; leave empty for no search.',
        value: f.query ?? '',
        placeHolder: 'e.g. tensile, or "tensile test"',
      });
      return q === undefined ? undefined : { ...f, query: q };
    }
    case 'type': {
      const pick = await prompts.pick<TemplateType | undefined>(
        [
          { label: 'All types', value: undefined, picked: !f.type },
          { label: TYPE_LABELS.record, description: 'record', value: 'record', picked: f.type === 'record' },
          { label: TYPE_LABELS.extras, description: 'extras', value: 'extras', picked: f.type === 'extras' },
        ],
        { title: 'Template type' },
      );
      return pick && { ...f, type: pick.value };
    }
    case 'visibility': {
      const pick = await prompts.pick<Visibility | undefined>(
        [
          { label: 'All', value: undefined, picked: !f.visibility },
          { label: VISIBILITY_LABELS.private, value: 'private', picked: f.visibility === 'private' },
          { label: VISIBILITY_LABELS.public, value: 'public', picked: f.visibility === 'public' },
        ],
        { title: 'Visibility' },
      );
      return pick && { ...f, visibility: pick.value };
    }
    case 'mine':
      return { ...f, createdByMe: !f.createdByMe };
    case 'sort': {
      const pick = await prompts.pick<TemplateSort>(
        TEMPLATE_SORTS.map((s) => ({ label: SORT_LABELS[s], description: s, value: s, picked: (f.sort ?? '_score') === s })),
        { title: 'Sort templates by' },
      );
      return pick && { ...f, sort: pick.value };
    }
    case 'clear':
      return {};
    default:
      return undefined;
  }
}
