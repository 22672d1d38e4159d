// pages(): walks total_pages, stops at Kadi's search page cap and at clamped page numbers.
import * as assert from 'node:assert/strict';
import { SEARCH_PAGE_LIMIT, isKadiError, pages, type ListedPage } from '../../src/kadi/client';
import type { Page } from '../../src/kadi/types';

/** A fake endpoint over `total` numbers that clamps `page` like Kadi's searches (if `cap`). */
function endpoint(total: number, perPage: number, cap?: number) {
  const asked: number[] = [];
  const fetchPage = async (page: number): Promise<Page<number>> => {
    asked.push(page);
    const p = cap ? Math.min(page, cap) : page;
    const start = (p - 1) * perPage;
    const items = Array.from({ length: Math.max(0, Math.min(perPage, total - start)) }, (_, i) => start + i);
    return {
      items,
      _pagination: { page: p, per_page: perPage, total_pages: Math.max(1, Math.ceil(total / perPage)), total_items: total, _links: { self: '' } },
    };
  };
  return { asked, fetchPage };
}

async function collect<T>(it: AsyncIterable<ListedPage<T>>): Promise<ListedPage<T>[]> {
  const out: ListedPage<T>[] = [];
  for await (const p of it) out.push(p);
  return out;
}

describe('pages()', () => {
  it('fetches every page up to total_pages, then stops', async () => {
    const e = endpoint(25, 10);
    const got = await collect(pages(e.fetchPage));
    assert.deepEqual(e.asked, [1, 2, 3]);
    assert.deepEqual(got.flatMap((p) => p.items), Array.from({ length: 25 }, (_, i) => i));
    assert.ok(got.every((p) => p.limitReached === undefined));
  });

  it('handles an empty list (total_pages 1, no items) with one request', async () => {
    const e = endpoint(0, 10);
    const got = await collect(pages(e.fetchPage));
    assert.equal(got.length, 1);
    assert.deepEqual(e.asked, [1]);
  });

  it('starts at startPage', async () => {
    const e = endpoint(50, 10);
    await collect(pages(e.fetchPage, { startPage: 4 }));
    assert.deepEqual(e.asked, [4, 5]);
  });

  it('stops at the search page cap with a "narrow the search" note instead of looping', async () => {
    const e = endpoint(12_345, 100, 100);
    const got = await collect(pages(e.fetchPage, { maxPage: SEARCH_PAGE_LIMIT }));
    assert.equal(got.length, 100);
    assert.equal(e.asked.length, 100);
    assert.equal(got.flatMap((p) => p.items).length, 10_000);
    assert.equal(got[99].limitReached, 'Only the first 10,000 results can be listed; narrow the search.');
    assert.ok(got.slice(0, 99).every((p) => p.limitReached === undefined));
  });

  it('stops without duplicates when the server clamps the page number (no maxPage given)', async () => {
    const e = endpoint(1_000, 5, 3);
    const got = await collect(pages(e.fetchPage));
    assert.deepEqual(e.asked, [1, 2, 3, 4]);
    assert.equal(got.length, 4);
    assert.deepEqual(got[3].items, []);
    assert.equal(got[3].limitReached, 'Only the first 15 results can be listed; narrow the search.');
    assert.equal(new Set(got.flatMap((p) => p.items)).size, 15);
  });

  it('stops when a page comes back empty although total_pages says more', async () => {
    let n = 0;
    const fetchPage = async (page: number): Promise<Page<number>> => {
      n++;
      return { items: page === 1 ? [1] : [], _pagination: { page, per_page: 1, total_pages: 1000, total_items: 1000, _links: { self: '' } } };
    };
    await collect(pages(fetchPage));
    assert.equal(n, 2);
  });

  it('is bounded by maxPages and honours an aborted signal', async () => {
    const e = endpoint(1_000, 1);
    await collect(pages(e.fetchPage, { maxPages: 7 }));
    assert.equal(e.asked.length, 7);

    const ac = new AbortController();
    const e2 = endpoint(100, 1);
    await assert.rejects(
      (async () => {
        for await (const p of pages(e2.fetchPage, { signal: ac.signal })) if (p._pagination.page === 2) ac.abort();
      })(),
      (err) => isKadiError(err) && err.kind === 'aborted',
    );
    assert.deepEqual(e2.asked, [1, 2]);
  });

  it('propagates a failing page fetch', async () => {
    const fetchPage = async (page: number): Promise<Page<number>> => {
      if (page === 2) throw new Error('boom');
      return { items: [1], _pagination: { page, per_page: 1, total_pages: 3, total_items: 3, _links: { self: '' } } };
    };
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const p of pages(fetchPage)) seen.push(p._pagination.page);
      })(),
      /boom/,
    );
    assert.deepEqual(seen, [1]);
  });
});
