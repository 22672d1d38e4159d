// Walking Kadi's paginated lists (`items` + `_pagination`, §3) without looping forever.
import * as l10n from '../ui/l10n';
import { KadiError } from './errors';
import type { Page } from './types';

/** Kadi's Elasticsearch-backed searches (templates, groups) reject/clamp `page` above 100. */
export const SEARCH_PAGE_LIMIT = 100;

/** A page as yielded by `pages()`: the server's page plus a note when listing had to stop early. */
export type ListedPage<T> = Page<T> & {
  /** Set on the last page when more results exist than the server lets us list. */
  limitReached?: string;
};

export interface PagesOptions {
  /** First page to fetch (default 1). */
  startPage?: number;
  /** Highest page number the endpoint serves (SEARCH_PAGE_LIMIT for searches); unlimited if absent. */
  maxPage?: number;
  /** Hard stop against a misbehaving server (default 10 000 pages). */
  maxPages?: number;
  signal?: AbortSignal;
}

export function limitMessage(perPage: number, maxPage = SEARCH_PAGE_LIMIT): string {
  return l10n.t('Only the first {0} results can be listed; narrow the search.', (perPage * maxPage).toLocaleString('en-US'));
}

/**
 * Yields pages until `total_pages`. Stops (with `limitReached` on the last page) instead of
 * looping when the endpoint's page cap is hit or the server keeps answering the same page.
 */
export async function* pages<T>(
  fetchPage: (page: number) => Promise<Page<T>>,
  opts: PagesOptions = {},
): AsyncGenerator<ListedPage<T>, void, undefined> {
  const maxPages = opts.maxPages ?? 10_000;
  let page = Math.max(1, Math.floor(opts.startPage ?? 1));
  for (let fetched = 0; fetched < maxPages; fetched++) {
    if (opts.signal?.aborted) throw new KadiError({ kind: 'aborted', message: l10n.t('The request was cancelled.') });
    const result: ListedPage<T> = await fetchPage(page);
    const p = result._pagination;
    if (p.page !== page) {
      // The server clamped the page number (e.g. 101 → 100): its items are ones we already
      // yielded, and asking on would repeat them forever.
      yield { ...result, items: [], limitReached: limitMessage(p.per_page, p.page) };
      return;
    }
    const more = page < p.total_pages && result.items.length > 0;
    if (more && opts.maxPage !== undefined && page >= opts.maxPage) {
      yield { ...result, limitReached: limitMessage(p.per_page, opts.maxPage) };
      return;
    }
    yield result;
    if (!more) return;
    page++;
  }
}
