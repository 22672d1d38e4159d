// Paging state without a server: Kadi's page cap, a failed "load more", duplicates when items
// shift between pages, shared requests.
import * as assert from 'node:assert/strict';
import { normalizePageSize, PagedList } from '../../src/explorer/paging';
import { SEARCH_PAGE_LIMIT } from '../../src/kadi/pagination';
import type { Page } from '../../src/kadi/types';

function fakePages(total: number, perPage = 100) {
  const asked: number[] = [];
  let failNext = false;
  let shift = 0;
  const fetchPage = async (page: number): Promise<Page<{ id: number }>> => {
    asked.push(page);
    await new Promise((r) => setTimeout(r, 5));
    if (failNext) {
      failNext = false;
      throw new Error('boom');
    }
    const start = (page - 1) * perPage - shift;
    const items = Array.from({ length: Math.max(0, Math.min(perPage, total - start)) }, (_, i) => ({ id: start + i + 1 }));
    const total_pages = Math.max(1, Math.ceil(total / perPage));
    return { items, _pagination: { page, per_page: perPage, total_pages, total_items: total, _links: { self: '' } } };
  };
  return { asked, fetchPage, failOnce: () => (failNext = true), shiftBy: (n: number) => (shift = n) };
}

describe('explorer: paging', () => {
  it('kadi4mat.pageSize is a whole number in 10…100, 100 when unset or not a number', () => {
    assert.deepEqual([25, 10, 100, 9, 0, -5, 101, 1e9, 33.4].map(normalizePageSize), [25, 10, 100, 10, 10, 10, 100, 100, 33]);
    assert.deepEqual([undefined, null, '50', NaN, Infinity].map(normalizePageSize), [100, 100, 100, 100, 100]);
  });

  it('stops at Kadi\'s page cap instead of offering more', async () => {
    const f = fakePages(12_345);
    const list = new PagedList({ fetchPage: f.fetchPage, keyOf: (i) => i.id, maxPage: SEARCH_PAGE_LIMIT });
    await list.ensureLoaded();
    for (let p = 1; p < 100; p++) await list.loadMore();
    assert.equal(list.items.length, 10_000);
    assert.equal(list.hasMore, true);
    assert.equal(list.limitReached, true);
    await list.loadMore();
    assert.equal(f.asked.length, 100, 'page 101 is never asked for');
    assert.equal(Math.max(...f.asked), 100);
  });

  it('a failed "load more" keeps the loaded items; retrying loads the page', async () => {
    const f = fakePages(250);
    const list = new PagedList({ fetchPage: f.fetchPage, keyOf: (i) => i.id });
    await list.ensureLoaded();
    f.failOnce();
    await list.loadMore();
    assert.equal(list.items.length, 100);
    assert.equal(list.errorOnMore, true);
    assert.equal((list.error as Error).message, 'boom');
    await list.loadMore();
    assert.equal(list.items.length, 200);
    assert.equal(list.error, undefined);
  });

  it('a failed first page is an error, not an empty list', async () => {
    const f = fakePages(5);
    f.failOnce();
    const list = new PagedList({ fetchPage: f.fetchPage, keyOf: (i) => i.id });
    await list.ensureLoaded();
    assert.equal(list.items.length, 0);
    assert.equal(list.errorOnMore, false);
    assert.ok(list.error);
  });

  it('items shifted between pages are not listed twice', async () => {
    const f = fakePages(250);
    const list = new PagedList({ fetchPage: f.fetchPage, keyOf: (i) => i.id });
    await list.ensureLoaded();
    f.shiftBy(1); // one template created meanwhile pushed everything down by one
    await list.loadMore();
    assert.equal(list.items.length, 199);
    assert.equal(new Set(list.items.map((i) => i.id)).size, list.items.length);
  });

  it('concurrent loads share one request; after invalidate the shown pages reload', async () => {
    const f = fakePages(250);
    const list = new PagedList({ fetchPage: f.fetchPage, keyOf: (i) => i.id });
    await Promise.all([list.ensureLoaded(), list.ensureLoaded(), list.ensureLoaded()]);
    assert.deepEqual(f.asked, [1]);
    await Promise.all([list.loadMore(1), list.loadMore(1)]);
    assert.deepEqual(f.asked, [1, 2]);
    list.invalidate();
    await Promise.all([list.ensureLoaded(), list.ensureLoaded()]);
    assert.deepEqual(f.asked, [1, 2, 1, 2]);
    assert.equal(list.items.length, 200);
  });
});
