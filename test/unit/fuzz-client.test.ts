// Fuzzing the client's response handling (seeded, bounded): random status codes, headers and
// bodies — JSON near and far from Kadi's shapes, truncated JSON, HTML, binary, empty — and
// failing transports. Whatever comes back, every client call either resolves with a value of
// the promised shape or rejects with a KadiError (never a TypeError, never an unhandled
// rejection, never a hang), and no message carries the token. The same holds for raw bytes
// from a real socket (broken status lines, bad lengths, early closes), for paging, and for the
// explorer's paged lists. A failing case prints its seed and iteration, so it can be replayed.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { PagedList } from '../../src/explorer/paging';
import { KadiClient, KadiError, pages, type KadiClientOptions } from '../../src/kadi/client';
import type { Page } from '../../src/kadi/types';
import { rng, type Rng } from '../support/rng';

const SEED = Number(process.env.KADI_FUZZ_SEED ?? 20261122);
const ITERATIONS = Number(process.env.KADI_FUZZ_ITERATIONS ?? 600);
const TOKEN = 'pat_fuzz_Q8v3Lm';
const ORIGIN = 'https://kadi.fuzz.invalid';
const KINDS = new Set(['http', 'network', 'timeout', 'aborted', 'bad-response', 'config']);

const KEYS = ['id', 'identifier', 'title', 'type', 'data', 'items', '_pagination', 'page', 'per_page', 'total_pages', 'total_items', 'code', 'message', 'description', 'errors', 'scopes', 'version', 'user', 'role', 'group', '_links', 'next', 'self', 'last_modified', 'creator', 'value', '0', '', '__proto__', 'constructor'];
const STRINGS = ['', ' ', 'x', 'extras', 'record', 'template', 'Access token has expired.', `echo ${TOKEN}`, 'Bearer pat_abc', 'oat_zz', '<b>', '\u0000', '\ud800', '💥', 'NaN', '1e999', `${ORIGIN}/api/v1/templates?page=2`, 'http://elsewhere.invalid/api'];

function randomJson(r: Rng, depth = 0): unknown {
  const k = r.int(depth > 3 ? 5 : 8);
  switch (k) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, 1, -1, 2, 100, 1.5, -0.0, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, r.int(1000)]);
    case 3:
    case 4:
      return r.pick(STRINGS);
    case 5:
      return Array.from({ length: r.int(4) }, () => randomJson(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(6); i > 0; i--) o[r.pick(KEYS)] = randomJson(r, depth + 1);
      return o;
    }
  }
}

function template(id: number): Record<string, unknown> {
  return {
    id,
    identifier: `t-${id}`,
    title: `T ${id}`,
    description: '',
    visibility: 'private',
    state: 'active',
    type: 'extras',
    data: [],
    created_at: '2024-01-01T00:00:00.000000+00:00',
    last_modified: '2024-01-01T00:00:00.000000+00:00',
    _links: { self: `${ORIGIN}/api/v1/templates/${id}` },
    _actions: {},
  };
}

/** A valid-looking answer of some endpoint, then a few random mutations. */
function nearValid(r: Rng): unknown {
  const base = r.pick([
    () => template(1 + r.int(5)),
    () => ({ items: [template(1), template(2)], _pagination: { page: 1, per_page: 100, total_pages: 1 + r.int(3), total_items: 2, _links: { self: ORIGIN } } }),
    () => ({ code: 400, message: 'Bad Request', description: 'x', errors: { data: { '0': { key: ['Duplicate value.'] } } } }),
    () => ({ code: 401, message: 'Unauthorized', description: 'Access token has insufficient scope.', scopes: ['template.read'] }),
    () => ({ version: '1.0.0' }),
    () => ({ id: 3, data: { title: 'x' }, timestamp: '2024-01-01T00:00:00+00:00' }),
  ])() as Record<string, unknown>;
  for (let i = r.int(4); i > 0; i--) {
    const keys = Object.keys(base);
    const key = r.chance(0.7) && keys.length ? r.pick(keys) : r.pick(KEYS);
    if (r.chance(0.4)) delete base[key];
    else base[key] = randomJson(r, 2);
  }
  return base;
}

function randomBody(r: Rng): string {
  switch (r.int(10)) {
    case 0:
      return '';
    case 1:
      return r.pick([' ', '\n', 'null', 'true', '0', '[]', '{}', '"x"']);
    case 2: {
      const s = JSON.stringify(nearValid(r));
      return s.slice(0, r.int(s.length + 1)); // truncated
    }
    case 3:
      return `<!DOCTYPE html><html><head><title>${r.pick(STRINGS)}</title></head><body>${r.pick(STRINGS)}</body></html>`;
    case 4:
      return Array.from({ length: r.int(200) }, () => String.fromCharCode(r.int(0x3000))).join('');
    case 5:
      return r.pick(STRINGS).repeat(1 + r.int(2000));
    case 6:
    case 7:
      return JSON.stringify(nearValid(r));
    default:
      return JSON.stringify(randomJson(r));
  }
}

const STATUSES = [200, 200, 200, 201, 204, 206, 299, 300, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 409, 413, 418, 429, 500, 502, 503, 504, 599];
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/html', 'text/plain', '', 'application/octet-stream', 'TEXT/HTML;charset=x'];
const LOCATIONS = [null, '/api/v1/templates/1', `${ORIGIN}/api/v1/info`, 'http://elsewhere.invalid/api/v1/x', '::::', '', 'javascript:alert(1)', `${ORIGIN.replace('https', 'http')}/api`, '//elsewhere.invalid/x'];
const RETRY_AFTER = [null, '0', '1', '-5', 'abc', '', 'Wed, 21 Oct 2015 07:28:00 GMT', '99999999999999999999', '1.5'];

/** A fake of node-fetch: every call answers something random (or fails to). */
function fuzzFetch(r: Rng): KadiClientOptions['fetchImpl'] {
  return (async () => {
    const mode = r.int(20);
    if (mode === 0) throw Object.assign(new Error(`connect ${r.pick(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EPIPE', 'HPE_INVALID_CONSTANT'])}`), { code: r.pick(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EPIPE', 'HPE_INVALID_CONSTANT', undefined]) });
    if (mode === 1) throw r.pick([undefined, null, 'a string', 42, { code: 'ECONNRESET' }, { message: `leak ${TOKEN}` }]);
    const status = r.pick(STATUSES);
    const headers: Record<string, string | null> = {
      'content-type': r.pick(CONTENT_TYPES),
      location: r.pick(LOCATIONS),
      'retry-after': r.pick(RETRY_AFTER),
    };
    const body = randomBody(r);
    const failBody = mode === 2;
    return {
      status,
      headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
      text: async () => {
        if (failBody) throw Object.assign(new Error(`premature close ${TOKEN}`), { code: r.pick(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', undefined]), type: r.pick(['system', 'max-size', undefined]) });
        return body;
      },
    };
  }) as unknown as KadiClientOptions['fetchImpl'];
}

type Call = { name: string; run: (c: KadiClient) => Promise<unknown>; check: (v: unknown) => boolean };
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTemplate = (v: unknown) => isObj(v) && typeof v.id === 'number' && typeof v.identifier === 'string';
const isPageOf = (v: unknown) => isObj(v) && Array.isArray(v.items) && isObj(v._pagination);
const CALLS: Call[] = [
  { name: 'getTemplate', run: (c) => c.getTemplate(1), check: isTemplate },
  { name: 'getTemplateByIdentifier', run: (c) => c.getTemplateByIdentifier('tensile-test'), check: isTemplate },
  { name: 'searchTemplates', run: (c) => c.searchTemplates({ query: 'x' }), check: isPageOf },
  { name: 'listRevisions', run: (c) => c.listRevisions(1), check: isPageOf },
  { name: 'getRevision', run: (c) => c.getRevision(1, 2), check: (v) => isObj(v) && isObj(v.data) },
  { name: 'listUserRoles', run: (c) => c.listUserRoles(1), check: isPageOf },
  { name: 'listGroupRoles', run: (c) => c.listGroupRoles(1), check: isPageOf },
  { name: 'listTrash', run: (c) => c.listTrash(), check: isPageOf },
  { name: 'searchUsers', run: (c) => c.searchUsers(), check: isPageOf },
  { name: 'createTemplate', run: (c) => c.createTemplate({ identifier: 'x', title: 'x', type: 'extras', data: [] }), check: isTemplate },
  { name: 'updateTemplate', run: (c) => c.updateTemplate(1, { title: 'x' }), check: isTemplate },
  { name: 'restoreTemplate', run: (c) => c.restoreTemplate(1), check: isTemplate },
  { name: 'deleteTemplate', run: (c) => c.deleteTemplate(1), check: (v) => v === undefined },
  { name: 'addUserRole', run: (c) => c.addUserRole(1, 2, 'editor'), check: (v) => v === undefined },
  { name: 'getCurrentUser', run: (c) => c.getCurrentUser(), check: (v) => isObj(v) && typeof v.id === 'number' },
  { name: 'getInfo', run: (c) => c.getInfo(), check: (v) => isObj(v) && typeof v.version === 'string' },
  { name: 'getRoles', run: (c) => c.getRoles(), check: isObj },
  { name: 'exportTemplate', run: (c) => c.exportTemplate(1, 'shacl'), check: (v) => typeof v === 'string' },
  { name: 'exportJsonSchema', run: (c) => c.exportJsonSchema(1), check: isObj },
  { name: 'getByUrl', run: (c) => c.getByUrl(`${ORIGIN}/api/v1/templates?page=2`), check: () => true },
  {
    name: 'templatePages',
    run: async (c) => {
      let n = 0;
      for await (const p of c.templatePages()) if (!Array.isArray(p.items) || ++n > 200) throw new Error('paging did not stop');
      return n;
    },
    check: (v) => typeof v === 'number' && v <= 101,
  },
];

/** The one thing a failure may be. */
function assertKadiError(e: unknown, where: string): void {
  assert.ok(e instanceof KadiError, `${where}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  assert.ok(KINDS.has(e.kind), `${where}: kind ${e.kind}`);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0 && e.message.length < 2000, `${where}: message of ${e.message.length} characters`);
  assert.ok(!JSON.stringify({ ...e, message: e.message }).includes('Q8v3Lm'), `${where}: the token is in the error`);
}

describe('fuzz: the client’s response handling', function () {
  this.timeout(120_000);
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  before(() => process.on('unhandledRejection', onUnhandled));
  after(() => process.off('unhandledRejection', onUnhandled));
  afterEach(() => assert.deepEqual(unhandled, [], 'unhandled rejections'));

  it(`${ITERATIONS} random answers to random calls: a value of the promised shape or a KadiError (seed ${SEED})`, async () => {
    const r = rng(SEED);
    const outcomes = { resolved: 0, rejected: new Map<string, number>() };
    for (let i = 0; i < ITERATIONS; i++) {
      const call = r.pick(CALLS);
      const client = new KadiClient({ baseUrl: ORIGIN, token: TOKEN, fetchImpl: fuzzFetch(r), maxRetries: 2, maxRetryWaitMs: 1, timeoutMs: 2000 });
      const where = `seed ${SEED}, iteration ${i}, ${call.name}`;
      try {
        const v = await call.run(client);
        assert.ok(call.check(v), `${where}: resolved with ${JSON.stringify(v)?.slice(0, 200)}`);
        outcomes.resolved++;
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        assertKadiError(e, where);
        const k = (e as KadiError).kind;
        outcomes.rejected.set(k, (outcomes.rejected.get(k) ?? 0) + 1);
      }
    }
    // The generator reaches every outcome (otherwise it tests less than it claims).
    assert.ok(outcomes.resolved > ITERATIONS / 50, `only ${outcomes.resolved} resolved`);
    for (const k of ['http', 'network', 'bad-response']) assert.ok((outcomes.rejected.get(k) ?? 0) > 0, `no ${k} failure generated`);
  });

  it('raw bytes from a socket (bad status lines, lengths, encodings, early closes): only KadiErrors or valid values', async () => {
    const r = rng(SEED + 1);
    const answers = [
      () => 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id": 1',
      () => 'HTTP/1.1 abc nope\r\n\r\n',
      () => 'garbage garbage\r\n\r\n',
      () => 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n',
      () => 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{}{}{}',
      () => `HTTP/1.1 500 Internal\r\nContent-Type: text/html\r\nContent-Length: 30\r\n\r\n<html><title>${TOKEN}</title>`,
      () => 'HTTP/1.1 302 Found\r\nLocation: http://elsewhere.invalid/\r\nContent-Length: 0\r\n\r\n',
      () => 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n' + JSON.stringify(nearValid(r)),
      () => 'HTTP/1.1 429 Too Many\r\nRetry-After: 0\r\nContent-Length: 2\r\n\r\n{}',
      () => '\u0000\u0001\u0002\u00ff',
      () => '',
      () => 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n' + JSON.stringify(template(1)), // longer than declared
      () => 'HTTP/1.1 204 No Content\r\n\r\n',
      () => 'HTTP/1.0 200 OK\r\n\r\n' + randomBody(r),
    ];
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => {
        const a = r.pick(answers)();
        socket.end(Buffer.from(a, 'latin1'));
      });
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (let i = 0; i < 120; i++) {
        const call = r.pick(CALLS.filter((c) => c.name !== 'templatePages'));
        const client = new KadiClient({ baseUrl: url, token: TOKEN, maxRetries: 1, maxRetryWaitMs: 1, timeoutMs: 2000 });
        const where = `raw, seed ${SEED + 1}, iteration ${i}, ${call.name}`;
        try {
          const v = await call.run(client);
          assert.ok(call.check(v), `${where}: resolved with ${JSON.stringify(v)?.slice(0, 200)}`);
        } catch (e) {
          if (e instanceof assert.AssertionError) throw e;
          assertKadiError(e, where);
        }
      }
    } finally {
      await new Promise<void>((res) => server.close(() => res()));
    }
  });

  it('paging stops for any _pagination a server invents', async () => {
    const r = rng(SEED + 2);
    for (let i = 0; i < 300; i++) {
      const totalPages = r.pick([0, 1, 2, 5, 100, 101, 1e9, -1, 1.5, Number.MAX_SAFE_INTEGER]);
      const echo = r.pick(['same', 'same', 'first', 'plus', 'random'] as const);
      const empty = r.chance(0.1);
      let fetched = 0;
      const fetchPage = async (page: number): Promise<Page<number>> => {
        fetched++;
        const p = echo === 'same' ? page : echo === 'first' ? 1 : echo === 'plus' ? page + 1 : r.int(200);
        return { items: empty ? [] : [page], _pagination: { page: p, per_page: 100, total_pages: totalPages, total_items: 0, _links: { self: '' } } };
      };
      let yielded = 0;
      for await (const _ of pages(fetchPage, { maxPage: r.chance(0.5) ? 100 : undefined, maxPages: 500 })) yielded++;
      assert.ok(fetched <= 500 && yielded <= fetched, `iteration ${i}: fetched ${fetched}, yielded ${yielded}`);
    }
  });

  it('the explorer’s paged lists stay consistent whatever pages (or failures) arrive', async () => {
    const r = rng(SEED + 3);
    for (let i = 0; i < 200; i++) {
      const list = new PagedList<{ id: number }>({
        maxPage: r.chance(0.5) ? 100 : undefined,
        keyOf: (t) => t.id,
        fetchPage: async (page) => {
          if (r.chance(0.2)) throw new KadiError({ kind: 'network', message: 'down' });
          const total = r.pick([0, 1, 3, 1e6, -2]);
          return { items: Array.from({ length: r.int(5) }, () => ({ id: r.int(20) })), _pagination: { page, per_page: 100, total_pages: total, total_items: r.int(1000), _links: { self: '' } } };
        },
      });
      for (let step = 0; step < 10; step++) {
        if (r.chance(0.3)) list.invalidate();
        // Never throws: a failure becomes list.error (the tree's error item).
        await (r.chance(0.5) ? list.ensureLoaded() : list.loadMore(r.chance(0.8) ? list.pagesLoaded : r.int(5)));
        assert.equal(new Set(list.items.map((t) => t.id)).size, list.items.length, `iteration ${i}: duplicates listed`);
        assert.ok(list.error === undefined || list.error instanceof KadiError);
        assert.ok(list.pagesLoaded >= 0 && list.pagesLoaded <= 11);
      }
    }
  });
});
