// KadiClient against small node:http servers that misbehave on purpose: error bodies, HTML
// pages, resets, stalls, redirects to another origin, 429 with Retry-After, cancellation.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KadiClient, KadiError, isKadiError, type KadiClientOptions, type RequestEvent } from '../../src/kadi/client';
import type { Template } from '../../src/kadi/types';
import { aTemplate } from '../support/builders';

const TOKEN = 'pat_test_s3cr3t_token';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

interface TestServer {
  url: string;
  port: number;
  requests: Received[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];

async function serve(handler: Handler): Promise<TestServer> {
  const requests: Received[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const s: TestServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const sock of sockets) sock.destroy();
        server.close(() => resolve());
      }),
  };
  servers.push(s);
  return s;
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** The server's JSON of template `id`, its links under `origin`. */
const template = (id: number, origin: string): Template => aTemplate({ id, identifier: `t-${id}`, title: `Template ${id}`, _links: { self: `${origin}/api/v1/templates/${id}` } });

function client(server: TestServer, extra: Partial<KadiClientOptions> = {}): KadiClient {
  return new KadiClient({ baseUrl: server.url, token: TOKEN, ...extra });
}

async function rejects(p: Promise<unknown>): Promise<KadiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isKadiError(e), `expected a KadiError, got ${String(e)}`);
    // Whatever went wrong, the token must not be in the error.
    assert.ok(!JSON.stringify({ ...e, message: e.message }).includes(TOKEN), 'token leaked into the error');
    assert.ok(!e.message.includes('s3cr3t'), 'token leaked into the message');
    return e;
  }
  assert.fail('expected the call to reject');
}

afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

describe('KadiClient over HTTP', () => {
  describe('requests', () => {
    it('sends the bearer token and JSON accept header under /api/v1 and parses the template', async () => {
      const s = await serve((_req, res) => json(res, 200, template(5, s.url)));
      const events: RequestEvent[] = [];
      const c = client(s, { onRequest: (e) => events.push(e) });
      assert.equal(c.apiRoot, `${s.url}/api/v1`);
      const t = await c.getTemplate(5);
      assert.equal(t.identifier, 't-5');
      assert.equal(s.requests.length, 1);
      assert.equal(s.requests[0].method, 'GET');
      assert.equal(s.requests[0].url, '/api/v1/templates/5');
      assert.equal(s.requests[0].headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(s.requests[0].headers.accept, 'application/json');
      assert.equal(events.length, 1);
      assert.deepEqual({ ...events[0], ms: 0 }, { method: 'GET', path: '/api/v1/templates/5', status: 200, ms: 0 });
      assert.ok(!JSON.stringify(events).includes(TOKEN));
    });

    it('uses unversioned /api/... when apiVersion is empty', async () => {
      const s = await serve((_req, res) => json(res, 200, { version: '1.2.3' }));
      const c = client(s, { apiVersion: '' });
      assert.equal(c.apiRoot, `${s.url}/api`);
      assert.deepEqual(await c.getInfo(), { version: '1.2.3' });
      assert.equal(s.requests[0].url, '/api/info');
    });

    it('encodes repeatable params as repeated keys and the export filter as URL-encoded JSON', async () => {
      const page = { items: [], _pagination: { page: 1, per_page: 10, total_pages: 1, total_items: 0, _links: { self: 'x' } } };
      const s = await serve((req, res) => {
        if (req.url!.includes('/export/')) {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end('{"$schema": "https://json-schema.org/draft/2020-12/schema"}');
        } else json(res, 200, page);
      });
      const c = client(s);
      await c.searchTemplates({ query: 'tensile test', user: [3, 7], explicit_permissions: true, type: 'extras', per_page: 5 });
      await c.listUserRoles(9, { exclude: [1, 2], filter: 'jo' });
      const filter = { user: true, extras: { 'a key': {}, 'nested&=': { '0': {} } } };
      const schema = await c.exportJsonSchema(9, filter);
      assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');

      const q0 = new URL(s.requests[0].url, s.url);
      assert.equal(q0.pathname, '/api/v1/templates');
      assert.deepEqual(q0.searchParams.getAll('user'), ['3', '7']);
      assert.equal(q0.searchParams.get('query'), 'tensile test');
      assert.equal(q0.searchParams.get('explicit_permissions'), 'true');
      assert.equal(q0.searchParams.get('per_page'), '5');
      assert.equal(q0.searchParams.get('page'), null, 'unset params are not sent');

      const q1 = new URL(s.requests[1].url, s.url);
      assert.equal(q1.pathname, '/api/v1/templates/9/roles/users');
      assert.deepEqual(q1.searchParams.getAll('exclude'), ['1', '2']);

      const q2 = new URL(s.requests[2].url, s.url);
      assert.equal(q2.pathname, '/api/v1/templates/9/export/json-schema');
      assert.deepEqual(JSON.parse(q2.searchParams.get('filter')!), filter);
      assert.ok(!s.requests[2].url.includes('{'), 'filter JSON is URL-encoded');
    });

    it('sends JSON bodies with Content-Type and accepts 204/201 for writes', async () => {
      const s = await serve((req, res) => {
        if (req.method === 'POST') json(res, 201, {});
        else {
          res.writeHead(204);
          res.end();
        }
      });
      const c = client(s);
      await c.addUserRole(4, 8, 'editor');
      await c.changeGroupRole(4, 2, 'member');
      assert.equal(await c.deleteTemplate(4), undefined);
      assert.equal(s.requests[0].headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(s.requests[0].body), { user: { id: 8 }, role: { name: 'editor' } });
      assert.equal(s.requests[1].method, 'PATCH');
      assert.equal(s.requests[1].url, '/api/v1/templates/4/roles/groups/2');
      assert.deepEqual(JSON.parse(s.requests[1].body), { name: 'member' });
      assert.equal(s.requests[2].method, 'DELETE');
      assert.equal(s.requests[2].body, '');
      assert.equal(s.requests[2].headers['content-type'], undefined);
    });

    it('rejects invalid ids before sending anything', async () => {
      const s = await serve((_req, res) => json(res, 200, {}));
      const e = await rejects(client(s).getTemplate(Number.NaN));
      assert.equal(e.kind, 'config');
      assert.equal(s.requests.length, 0);
    });
  });

  describe('error answers', () => {
    it('401 insufficient scope → status, description, scopes and a sentence naming the scope', async () => {
      const s = await serve((_req, res) =>
        json(res, 401, { code: 401, message: 'Unauthorized', description: 'Access token has insufficient scope.', scopes: ['template.update'] }),
      );
      const e = await rejects(client(s).updateTemplate(3, { title: 'x' }));
      assert.equal(e.kind, 'http');
      assert.equal(e.status, 401);
      assert.equal(e.description, 'Access token has insufficient scope.');
      assert.deepEqual(e.scopes, ['template.update']);
      assert.equal(e.method, 'PATCH');
      assert.equal(e.path, '/api/v1/templates/3');
      assert.equal(e.message, 'Kadi4Mat answered 401: Access token has insufficient scope (needs template.update).');
    });

    it('400 validation → the errors tree, and a message listing the field errors', async () => {
      const errors = { identifier: ['Identifier is already in use.'], data: { '0': { key: ['Duplicate value.'] } } };
      const s = await serve((_req, res) =>
        json(res, 400, {
          code: 400,
          message: 'Bad Request',
          description: 'The browser (or proxy) sent a request that this server could not understand.',
          errors,
        }),
      );
      const e = await rejects(client(s).createTemplate({ identifier: 'x', title: 'X', type: 'extras', data: [] }));
      assert.equal(e.status, 400);
      assert.deepEqual(e.errors, errors);
      assert.equal(e.message, 'Kadi4Mat answered 400: identifier: Identifier is already in use; data.0.key: Duplicate value.');
    });

    it('redacts token-shaped text the server echoes back', async () => {
      const s = await serve((_req, res) =>
        json(res, 404, {
          code: 404,
          message: 'Not Found',
          description: `No token ${TOKEN} and no oat_abcDEF123 here (Bearer ${TOKEN}).`,
          errors: { [`k ${TOKEN}`]: [`bad ${TOKEN}`] },
        }),
      );
      const e = await rejects(client(s).getTemplate(1));
      assert.equal(e.status, 404);
      assert.ok(!e.description!.includes('oat_abcDEF123'));
      assert.match(e.description!, /pat_\[redacted\]/);
      assert.deepEqual(e.errors, { 'k pat_[redacted]': ['bad pat_[redacted]'] });
    });

    it('redacts an un-prefixed legacy token as well', async () => {
      const legacy = 'LegacyToken0123456789';
      const s = await serve((_req, res) => json(res, 403, { code: 403, message: 'Forbidden', description: `token ${legacy} lacks rights` }));
      const c = new KadiClient({ baseUrl: s.url, token: legacy });
      try {
        await c.getTemplate(1);
        assert.fail('expected rejection');
      } catch (e) {
        assert.ok(isKadiError(e));
        assert.equal(e.status, 403);
        assert.ok(!e.message.includes(legacy));
        assert.ok(!e.description!.includes(legacy));
      }
    });

    it('an HTML error page from a proxy → a clear text, not a JSON parse error', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(502, { 'Content-Type': 'text/html' });
        res.end('<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>');
      });
      const e = await rejects(client(s).getTemplate(1));
      assert.equal(e.kind, 'http');
      assert.equal(e.status, 502);
      assert.equal(e.description, undefined);
      assert.match(e.message, /answered 502 with an HTML page instead of JSON/);
      assert.match(e.message, /502 Bad Gateway/);
      assert.match(e.message, /is 127\.0\.0\.1:\d+ the Kadi4Mat address, or is a proxy in the way\?/);
    });

    it('an empty error body → status and a clear text', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(500);
        res.end();
      });
      const e = await rejects(client(s).getTemplate(1));
      assert.equal(e.status, 500);
      assert.equal(e.message, 'Kadi4Mat answered 500 with an empty body instead of JSON.');
    });

    it('a 2xx with malformed JSON → bad-response', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"id": 1, "identifier": ');
      });
      const e = await rejects(client(s).getTemplate(1));
      assert.equal(e.kind, 'bad-response');
      assert.equal(e.status, 200);
      assert.match(e.message, /malformed JSON/);
    });

    it('a 2xx with JSON of the wrong shape → bad-response', async () => {
      const s = await serve((req, res) => {
        if (req.url!.startsWith('/api/v1/templates?')) json(res, 200, { items: 'nope' });
        else json(res, 200, { hello: 'world' });
      });
      const c = client(s);
      assert.equal((await rejects(c.getTemplate(1))).kind, 'bad-response');
      assert.equal((await rejects(c.searchTemplates({ page: 1 }))).kind, 'bad-response');
      assert.equal((await rejects(c.getInfo())).kind, 'bad-response');
    });

    it('a 200 HTML page (wrong address) → bad-response that says so', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><title>Welcome</title></html>');
      });
      const e = await rejects(client(s).getCurrentUser());
      assert.equal(e.kind, 'bad-response');
      assert.match(e.message, /HTML page instead of JSON/);
    });
  });

  describe('network failures', () => {
    it('connection refused → network, naming the host', async () => {
      const s = await serve(() => undefined);
      const url = s.url;
      await s.close();
      servers.splice(servers.indexOf(s), 1);
      const c = new KadiClient({ baseUrl: url, token: TOKEN });
      const e = await rejects(c.getTemplate(1));
      assert.equal(e.kind, 'network');
      assert.equal(e.status, 0);
      assert.equal(e.code, 'ECONNREFUSED');
      assert.ok(e.message.includes(new URL(url).host), e.message);
    });

    it('connection reset → network', async () => {
      const s = await serve((req) => req.socket.destroy());
      const events: RequestEvent[] = [];
      const e = await rejects(client(s, { onRequest: (ev) => events.push(ev) }).getTemplate(1));
      assert.equal(e.kind, 'network');
      assert.equal(e.code, 'ECONNRESET');
      assert.match(e.message, /closed unexpectedly/);
      // A reset read is tried again on new connections (a stale kept-alive one), a bounded number of times.
      assert.equal(events.length, 4);
      assert.equal(s.requests.length, 4);
      assert.ok(events.every((ev) => ev.status === 0 && ev.error === e.message));
    });

    it('DNS failure → network naming the host (simulated by an injected fetch)', async () => {
      const fetchImpl = (async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND kadi.example.invalid'), { code: 'ENOTFOUND' });
      }) as unknown as KadiClientOptions['fetchImpl'];
      const c = new KadiClient({ baseUrl: 'kadi.example.invalid', token: TOKEN, fetchImpl });
      const e = await rejects(c.getInfo());
      assert.equal(e.kind, 'network');
      assert.match(e.message, /Could not find the host kadi\.example\.invalid/);
    });

    it('no answer within timeoutMs → timeout', async () => {
      const s = await serve(() => undefined); // never answers
      const t0 = Date.now();
      const e = await rejects(client(s, { timeoutMs: 150 }).getTemplate(1));
      assert.equal(e.kind, 'timeout');
      assert.ok(Date.now() - t0 < 2000);
      assert.match(e.message, /did not answer within 150 ms \(GET \/api\/v1\/templates\/1\)/);
    });

    it('headers sent but the body stalls → timeout too', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"id": 1,');
      });
      const e = await rejects(client(s, { timeoutMs: 150 }).getTemplate(1));
      assert.equal(e.kind, 'timeout');
      assert.equal(e.status, 200);
    });

    it('abort during the request → aborted; an already-aborted signal sends nothing', async () => {
      const s = await serve(() => undefined);
      const c = client(s);
      const ac = new AbortController();
      const p = c.getTemplate(1, ac.signal);
      setTimeout(() => ac.abort(), 30);
      const e = await rejects(p);
      assert.equal(e.kind, 'aborted');
      assert.equal(s.requests.length, 1);

      const e2 = await rejects(c.getTemplate(2, AbortSignal.abort()));
      assert.equal(e2.kind, 'aborted');
      assert.equal(s.requests.length, 1);
    });
  });

  describe('redirects and links (token safety)', () => {
    it('follows a same-origin redirect on GET', async () => {
      const s = await serve((req, res) => {
        if (req.url === '/api/v1/templates/1') {
          res.writeHead(302, { Location: '/api/v1/templates/2' });
          res.end();
        } else json(res, 200, template(2, s.url));
      });
      const t = await client(s).getTemplate(1);
      assert.equal(t.id, 2);
      assert.deepEqual(s.requests.map((r) => r.url), ['/api/v1/templates/1', '/api/v1/templates/2']);
      assert.equal(s.requests[1].headers.authorization, `Bearer ${TOKEN}`);
    });

    it('refuses a cross-origin redirect and never contacts the other server', async () => {
      const other = await serve((_req, res) => json(res, 200, template(1, 'x')));
      const s = await serve((_req, res) => {
        res.writeHead(301, { Location: `${other.url}/api/v1/templates/1` });
        res.end();
      });
      const e = await rejects(client(s).getTemplate(1));
      assert.equal(e.kind, 'http');
      assert.equal(e.status, 301);
      assert.equal(e.redirectOrigin, other.url);
      assert.match(e.message, /redirected GET \/api\/v1\/templates\/1 to http:\/\/127\.0\.0\.1:\d+/);
      assert.equal(other.requests.length, 0);
    });

    it('repeats a PATCH on a same-origin 307 with its body, but refuses to turn it into a GET on 302', async () => {
      let n = 0;
      const s = await serve((req, res) => {
        if (req.url === '/api/v1/templates/1') {
          res.writeHead(n++ === 0 ? 307 : 302, { Location: '/api/v1/templates/1/moved' });
          res.end();
        } else json(res, 200, template(1, s.url));
      });
      const c = client(s);
      const t = await c.updateTemplate(1, { title: 'New' });
      assert.equal(t.id, 1);
      assert.equal(s.requests[1].method, 'PATCH');
      assert.deepEqual(JSON.parse(s.requests[1].body), { title: 'New' });

      const e = await rejects(c.updateTemplate(1, { title: 'Again' }));
      assert.equal(e.status, 302);
      assert.equal(s.requests.length, 3, 'the PATCH was not repeated as a GET');
    });

    it('gives up on a redirect loop after a bounded number of hops', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(302, { Location: '/api/v1/info' });
        res.end();
      });
      const e = await rejects(client(s).getInfo());
      assert.match(e.message, /redirected more than 5 times/);
      assert.equal(s.requests.length, 6);
    });

    it('getByUrl follows same-origin API links and refuses other origins and web pages', async () => {
      const other = await serve((_req, res) => json(res, 200, {}));
      const s = await serve((_req, res) => json(res, 200, template(7, s.url)));
      const c = client(s);
      const t = await c.getByUrl<{ id: number }>(`${s.url}/api/v1/templates/7`);
      assert.equal(t.id, 7);

      const e1 = await rejects(c.getByUrl(`${other.url}/api/v1/templates/7`));
      assert.equal(e1.kind, 'config');
      assert.match(e1.message, /Refusing to follow a link to http:\/\/127\.0\.0\.1:\d+/);
      const e2 = await rejects(c.getByUrl(`http://localhost:${s.port}/api/v1/templates/7`));
      assert.equal(e2.kind, 'config', 'localhost vs 127.0.0.1 is another origin');
      const e3 = await rejects(c.getByUrl(`${s.url}/templates/7`));
      assert.match(e3.message, /not a Kadi4Mat API address/);
      const e4 = await rejects(c.getByUrl('not a url'));
      assert.equal(e4.kind, 'config');
      assert.equal(other.requests.length, 0);
      assert.equal(s.requests.length, 1);
    });
  });

  describe('429 rate limit', () => {
    const limited = (res: http.ServerResponse, retryAfter?: string) =>
      json(
        res,
        429,
        { code: 429, message: 'Too Many Requests', description: 'Request limit exceeded, please try again later.' },
        retryAfter === undefined ? {} : { 'Retry-After': retryAfter },
      );

    it('waits Retry-After seconds, reports the wait and retries', async () => {
      let n = 0;
      const s = await serve((_req, res) => (n++ === 0 ? limited(res, '1') : json(res, 200, { version: '9' })));
      const waits: { seconds: number; attempt: number }[] = [];
      const t0 = Date.now();
      const info = await client(s, { onRetryWait: (w) => waits.push(w) }).getInfo();
      const elapsed = Date.now() - t0;
      assert.equal(info.version, '9');
      assert.deepEqual(waits, [{ seconds: 1, attempt: 1 }]);
      assert.equal(s.requests.length, 2);
      assert.ok(elapsed >= 950 && elapsed < 5000, `waited ${elapsed} ms`);
    });

    it('gives up after maxRetries with the 429 and its retryAfter', async () => {
      const s = await serve((_req, res) => limited(res, '0'));
      const e = await rejects(client(s, { maxRetries: 2 }).getInfo());
      assert.equal(e.status, 429);
      assert.equal(e.retryAfter, 0);
      assert.equal(e.description, 'Request limit exceeded, please try again later.');
      assert.equal(s.requests.length, 3);
    });

    it('does not wait when the server asks for longer than maxRetryWaitMs', async () => {
      const s = await serve((_req, res) => limited(res, '3600'));
      const waits: unknown[] = [];
      const t0 = Date.now();
      const e = await rejects(client(s, { maxRetryWaitMs: 1000, onRetryWait: (w) => waits.push(w) }).getInfo());
      assert.ok(Date.now() - t0 < 1000);
      assert.equal(e.retryAfter, 3600);
      assert.match(e.message, /Try again in 3600 s\./);
      assert.equal(waits.length, 0);
      assert.equal(s.requests.length, 1);
    });

    it('backs off (capped by maxRetryWaitMs) when Retry-After is missing', async () => {
      let n = 0;
      const s = await serve((_req, res) => (n++ < 2 ? limited(res) : json(res, 200, { version: '9' })));
      const waits: { seconds: number; attempt: number }[] = [];
      await client(s, { maxRetryWaitMs: 40, onRetryWait: (w) => waits.push(w) }).getInfo();
      assert.deepEqual(waits, [
        { seconds: 0.04, attempt: 1 },
        { seconds: 0.04, attempt: 2 },
      ]);
    });

    it('retries a rate-limited write with the same body', async () => {
      let n = 0;
      const s = await serve((_req, res) => (n++ === 0 ? limited(res, '0') : json(res, 201, template(3, s.url))));
      const body = { identifier: 'x', title: 'X', type: 'extras' as const, data: [] };
      await client(s).createTemplate(body);
      assert.equal(s.requests.length, 2);
      assert.deepEqual(JSON.parse(s.requests[1].body), body);
    });

    it('can be cancelled during the wait', async () => {
      const s = await serve((_req, res) => limited(res, '30'));
      const ac = new AbortController();
      const t0 = Date.now();
      const p = client(s, { onRetryWait: () => setTimeout(() => ac.abort(), 20) }).getInfo(ac.signal);
      const e = await rejects(p);
      assert.equal(e.kind, 'aborted');
      assert.ok(Date.now() - t0 < 2000);
      assert.equal(s.requests.length, 1);
    });
  });

  it('never exposes the token through the client object', () => {
    const c = new KadiClient({ baseUrl: 'https://kadi.example.edu', token: TOKEN });
    assert.ok(!JSON.stringify(c).includes(TOKEN));
    assert.ok(!require('node:util').inspect(c, { depth: 5 }).includes(TOKEN));
  });
});
