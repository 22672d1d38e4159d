// Paging state of one listed collection (templates of an instance under a filter, revisions of
// a template, trash). Kept outside tree items, so a refresh reloads as many pages as were shown
// instead of falling back to the first. One request per page; concurrent expansions of the
// same node share the request in flight. No `vscode` import.
import type { Page } from '../kadi/types';

/** Kadi clamps `per_page` to 100: the largest page, and the default of `kadi4mat.pageSize`. */
export const PAGE_SIZE = 100;
/** The smallest page `kadi4mat.pageSize` allows. */
export const MIN_PAGE_SIZE = 10;

/** A `kadi4mat.pageSize` value as the tree uses it: a whole number in 10…100, else 100. */
export function normalizePageSize(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return PAGE_SIZE;
  return Math.min(PAGE_SIZE, Math.max(MIN_PAGE_SIZE, Math.round(value)));
}

export interface PagedListOptions<T> {
  fetchPage(page: number): Promise<Page<T>>;
  /** Highest page the endpoint serves (100 for Kadi's searches); unlimited if absent. */
  maxPage?: number;
  /** Duplicates appear when items shift between pages (a template created meanwhile). */
  keyOf(item: T): string | number;
}

export class PagedList<T> {
  items: T[] = [];
  pagesLoaded = 0;
  totalPages = 0;
  totalItems = 0;
  /** Failure of the last load; `errorOnMore` says it was a "load more" (loaded items stay valid). */
  error: unknown;
  errorOnMore = false;
  private stale = true;
  private inflight: Promise<void> | undefined;

  constructor(private readonly opts: PagedListOptions<T>) {}

  get loaded(): boolean {
    return !this.stale || this.pagesLoaded > 0;
  }

  /** More pages exist on the server. */
  get hasMore(): boolean {
    return this.pagesLoaded > 0 && this.pagesLoaded < this.totalPages;
  }

  /** More exist, but the endpoint's page cap forbids asking for them. */
  get limitReached(): boolean {
    return this.hasMore && this.opts.maxPage !== undefined && this.pagesLoaded >= this.opts.maxPage;
  }

  /** The next refresh reloads pages 1…pagesLoaded (at least 1). */
  invalidate(): void {
    this.stale = true;
  }

  /** Loads (or reloads after invalidate) the pages shown so far; callers at the same time share it. */
  async ensureLoaded(): Promise<void> {
    while (this.inflight) await this.inflight.catch(() => undefined);
    if (!this.stale) return;
    await this.run(() => this.reload());
  }

  /**
   * Loads the page after `shownPages`. A second click on the same "Load more" (same
   * `shownPages`) while the first is under way adds nothing.
   */
  async loadMore(shownPages = this.pagesLoaded): Promise<void> {
    while (this.inflight) await this.inflight.catch(() => undefined);
    if (this.pagesLoaded !== shownPages || this.stale) return this.ensureLoaded();
    if (!this.hasMore || this.limitReached) return;
    await this.run(async () => {
      const page = this.pagesLoaded + 1;
      try {
        const result = await this.opts.fetchPage(page);
        this.append(result, page);
        this.error = undefined;
        this.errorOnMore = false;
      } catch (e) {
        this.error = e;
        this.errorOnMore = true;
      }
    });
  }

  private async run(task: () => Promise<void>): Promise<void> {
    const p = task().finally(() => {
      if (this.inflight === p) this.inflight = undefined;
    });
    this.inflight = p;
    await p;
  }

  private async reload(): Promise<void> {
    const want = Math.max(1, this.pagesLoaded);
    const fresh = new PagedList<T>(this.opts);
    try {
      for (let page = 1; page <= want; page++) {
        fresh.append(await this.opts.fetchPage(page), page);
        if (page >= fresh.totalPages) break;
      }
      this.items = fresh.items;
      this.pagesLoaded = fresh.pagesLoaded;
      this.totalPages = fresh.totalPages;
      this.totalItems = fresh.totalItems;
      this.error = undefined;
      this.errorOnMore = false;
    } catch (e) {
      // Shown as one error item with a retry; the old items are not shown as if current.
      this.items = [];
      this.pagesLoaded = 0;
      this.error = e;
      this.errorOnMore = false;
    }
    this.stale = false;
  }

  private append(result: Page<T>, page: number): void {
    const seen = new Set(this.items.map((i) => this.opts.keyOf(i)));
    for (const item of result.items) {
      const k = this.opts.keyOf(item);
      if (!seen.has(k)) {
        seen.add(k);
        this.items.push(item);
      }
    }
    this.pagesLoaded = page;
    this.totalPages = result._pagination.total_pages;
    this.totalItems = result._pagination.total_items;
  }
}

/** The paged lists of the explorer by key; a key's prefix names the node that owns it. */
export class PagingStore {
  private readonly lists = new Map<string, PagedList<unknown>>();

  get<T>(key: string, make: () => PagedListOptions<T>): PagedList<T> {
    let list = this.lists.get(key) as PagedList<T> | undefined;
    if (!list) {
      list = new PagedList<T>(make());
      this.lists.set(key, list as PagedList<unknown>);
    }
    return list;
  }

  peek<T>(key: string): PagedList<T> | undefined {
    return this.lists.get(key) as PagedList<T> | undefined;
  }

  /** Marks every list whose key starts with `prefix` for reload (all when omitted). */
  invalidate(prefix = '', only?: (l: PagedList<unknown>) => boolean): void {
    for (const [k, l] of this.lists) if (k.startsWith(prefix) && (!only || only(l))) l.invalidate();
  }

  /** Forgets lists (e.g. those of another filter, or of a removed instance). */
  drop(predicate: (key: string) => boolean): void {
    for (const k of [...this.lists.keys()]) if (predicate(k)) this.lists.delete(k);
  }
}
