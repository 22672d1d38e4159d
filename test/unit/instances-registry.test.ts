// The instance registry and the connection check against the real sandbox: where the token
// is kept, the precise failure reasons, and the one-prompt-per-instance 401 handling.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isKadiError } from '../../src/kadi/client';
import { connectInstance } from '../../src/instances/connect';
import { INSTANCES_KEY, InstanceRegistry, secretKey } from '../../src/instances/registry';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import { makeRegistry, type TestRegistry } from '../support/fakes';
import { sandboxPerTest } from '../support/sandbox';

const ALICE = 'pat_sandbox_alice';

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof Error);
    assert.ok(!e.message.includes('pat_sandbox'), `token in message: ${e.message}`);
    return e.message;
  }
  assert.fail('expected a failure');
}

describe('instances: connecting', function () {
  this.timeout(20_000);
  const sb = sandboxPerTest();
  let t: TestRegistry;
  let host: string;

  beforeEach(async () => {
    host = new URL(sb.url).host;
    t = makeRegistry();
  });

  it('connects as alice; the token is in SecretStorage only, never in globalState', async () => {
    const r = await connectInstance(t.registry, { baseUrl: sb.url, token: ALICE });
    assert.equal(r.message, `Connected to ${host} as Alice Anderson.`);
    assert.equal(r.info.id, host);
    assert.deepEqual(r.info.user, { id: 1, displayname: 'Alice Anderson', username: 'alice' });
    assert.equal(t.secrets.map.get(secretKey(host)), ALICE);
    assert.ok(!t.state.dump().includes('pat_'), 'token leaked into globalState');
    assert.deepEqual(t.state.get(INSTANCES_KEY), [{ id: host, label: host, baseUrl: sb.url, user: r.info.user }]);
    assert.ok(!t.log.lines.join('\n').includes(ALICE), 'token leaked into the log');
    // The first request checked the user, with the version in the path.
    assert.equal(sb.requests[0].path, '/api/v1/users/me');
  });

  it('falls back to /api/info when the token lacks user.read, and says so', async () => {
    const r = await connectInstance(t.registry, { baseUrl: sb.url, token: 'pat_sandbox_alice_readonly' });
    assert.match(r.message, new RegExp(`^Connected to ${host} \\(Kadi4Mat \\d`));
    assert.equal(r.info.user, undefined);
    assert.match(r.check.warnings.join(' '), /lacks the user\.read scope/);
    assert.deepEqual(
      sb.requests.map((q) => q.path.split('?')[0]),
      ['/api/v1/users/me', '/api/v1/info', '/api/v1/templates'],
    );
  });

  it('expired token: says it expired, stores nothing', async () => {
    const msg = await failure(connectInstance(t.registry, { baseUrl: sb.url, token: 'pat_sandbox_expired' }));
    assert.match(msg, /^The access token has expired\./);
    assert.equal(t.secrets.map.size, 0);
    assert.equal(t.registry.list().length, 0);
  });

  it('unknown token: not accepted by the host', async () => {
    const msg = await failure(connectInstance(t.registry, { baseUrl: sb.url, token: 'pat_wrong' }));
    assert.match(msg, new RegExp(`^${host} did not accept the access token`));
  });

  it('inactive account: passes Kadi4Mat\'s reason on', async () => {
    const msg = await failure(connectInstance(t.registry, { baseUrl: sb.url, token: 'pat_sandbox_dave' }));
    assert.match(msg, /refused the token: "This account is currently inactive\."/);
  });

  it('nothing listening: connection refused', async () => {
    const url = sb.url;
    await sb.close();
    const msg = await failure(connectInstance(t.registry, { baseUrl: url, token: ALICE }));
    assert.match(msg, /connection was refused/);
  });

  it('an HTML page: not a Kadi4Mat server', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><html><head><title>Welcome to nginx!</title></head><body>hi</body></html>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const msg = await failure(connectInstance(t.registry, { baseUrl: `http://127.0.0.1:${port}`, token: ALICE }));
      assert.match(msg, /does not look like a Kadi4Mat server/);
      assert.match(msg, /Welcome to nginx!/);
    } finally {
      server.close();
    }
  });

  it('a non-Kadi JSON 404: names the API address and the version setting', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"code":404,"message":"Not Found","description":"The requested URL could not be found."}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const msg = await failure(connectInstance(t.registry, { baseUrl: `http://127.0.0.1:${port}`, token: ALICE }));
      assert.match(msg, /answered 404 for \/api\/v1\/users\/me.*kadi4mat\.apiVersion/);
    } finally {
      server.close();
    }
  });

  it('an invalid address is refused before any request', async () => {
    const msg = await failure(connectInstance(t.registry, { baseUrl: 'http://kadi.example.edu', token: ALICE }));
    assert.match(msg, /Refusing plain http:\/\//);
  });
});

describe('instances: call() and the token prompt', function () {
  this.timeout(20_000);
  const sb = sandboxPerTest();
  let t: TestRegistry;
  let id: string;

  beforeEach(async () => {
    t = makeRegistry();
    id = (await connectInstance(t.registry, { baseUrl: sb.url, token: ALICE })).info.id;
    sb.requests.length = 0;
  });

  it('runs with the stored token', async () => {
    const page = await t.registry.call(id, (c) => c.searchTemplates({ per_page: 1 }));
    assert.equal(page.items.length, 1);
    assert.equal(sb.requests[0].headers.authorization, `Bearer ${ALICE}`);
  });

  it('logs one line per request: method, path, status, time, never the token', async () => {
    t.log.lines.length = 0;
    await t.registry.call(id, (c) => c.searchTemplates({ per_page: 1 }));
    await t.registry.call(id, (c) => c.getTemplate(999)).catch(() => undefined);
    const requests = t.log.lines.filter((l) => l.includes(' → '));
    assert.equal(requests.length, 2, t.log.lines.join('\n'));
    assert.match(requests[0], /^info GET \/api\/v1\/templates\?per_page=1 → 200 \(\d+ ms\)$/);
    assert.match(requests[1], /^warn GET \/api\/v1\/templates\/999 → 404 \(\d+ ms\)$/);
    assert.ok(!t.log.lines.join('\n').includes(ALICE), 'no token in the log');
  });

  it('unknown instance and missing token give clear errors', async () => {
    assert.match(await failure(t.registry.call('nope', async () => 1)), /Unknown Kadi4Mat instance "nope"/);
    t.secrets.map.clear(); // e.g. the keyring fallback lost it
    t.registry.secretChanged(secretKey(id));
    assert.equal(await t.registry.hasToken(id), false);
    const msg = await failure(t.registry.call(id, (c) => c.getInfo()));
    assert.match(msg, new RegExp(`^Sign in to ${id.replace('.', '\\.')} again: no access token is stored`));
    assert.equal(sb.requests.length, 0);
  });

  it('a rejected token prompts once for concurrent callers, then retries with the new one', async () => {
    await t.secrets.store(secretKey(id), 'pat_sandbox_expired');
    t.registry.secretChanged(secretKey(id));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    t.prompts.beforeInput = () => held; // the prompt stays open while all callers fail
    t.prompts.answers.push({ input: ALICE, expect: /token .*has expired/ });
    const calls = [1, 2, 3].map(() => t.registry.call(id, (c) => c.searchTemplates({ per_page: 1 })));
    await new Promise((r) => setTimeout(r, 300));
    release();
    const pages = await Promise.all(calls);
    assert.equal(pages.length, 3);
    assert.equal(t.prompts.asked.length, 1, 'one prompt for three failing calls');
    assert.equal(t.prompts.asked[0].password, true);
    assert.equal(t.secrets.map.get(secretKey(id)), ALICE);
    const statuses = sb.requests.map((q) => q.status);
    assert.deepEqual(statuses, [401, 401, 401, 200, 200, 200]);
  });

  it('a cancelled prompt is remembered: no second prompt until the user acts', async () => {
    await t.secrets.store(secretKey(id), 'pat_wrong');
    t.registry.secretChanged(secretKey(id));
    t.prompts.answers.push({ input: undefined });
    const e1 = await failure(t.registry.call(id, (c) => c.getInfo()));
    assert.match(e1, /No valid access token/);
    assert.equal(t.registry.tokenDeclined(id), true);
    await failure(t.registry.call(id, (c) => c.getInfo())); // no scripted answer left: a prompt would fail the test
    assert.equal(t.prompts.asked.length, 1);
    // The user acts (Replace Token): prompting is possible again.
    await t.registry.setToken(id, ALICE);
    assert.equal(t.registry.tokenDeclined(id), false);
    assert.ok(await t.registry.call(id, (c) => c.getInfo()));
  });

  it('insufficient scope is not a bad token: no prompt, Kadi\'s scopes in the error', async () => {
    const ro = makeRegistry();
    const info = (await connectInstance(ro.registry, { baseUrl: sb.url, token: 'pat_sandbox_alice_readonly' })).info;
    try {
      await ro.registry.call(info.id, (c) => c.listTrash());
      assert.fail('expected 401');
    } catch (e) {
      assert.ok(isKadiError(e));
      assert.equal(e.status, 401);
      assert.deepEqual(e.scopes, ['misc.manage_trash']);
    }
    assert.equal(ro.prompts.asked.length, 0);
  });

  it('currentUser is fetched once and cached; undefined without user.read', async () => {
    const [a, b] = await Promise.all([t.registry.currentUser(id), t.registry.currentUser(id)]);
    assert.equal(a?.displayname, 'Alice Anderson');
    assert.equal(b, a);
    assert.equal(sb.requests.filter((q) => q.path.startsWith('/api/v1/users/me')).length, 1);
    const ro = makeRegistry();
    const info = (await connectInstance(ro.registry, { baseUrl: sb.url, token: 'pat_sandbox_alice_readonly' })).info;
    assert.equal(await ro.registry.currentUser(info.id), undefined);
  });

  it('settings are read when a client is made (API version)', async () => {
    let version = 'v1';
    const v = makeRegistry({ settings: () => ({ apiVersion: version, timeoutMs: 5000 }) });
    const info = (await connectInstance(v.registry, { baseUrl: sb.url, token: ALICE })).info;
    sb.requests.length = 0;
    version = '';
    v.registry.invalidateClients();
    await v.registry.call(info.id, (c) => c.getInfo());
    assert.equal(sb.requests[0].path, '/api/info');
  });

  it('remove signs out: secret and entry gone, listeners told', async () => {
    let fired = 0;
    t.registry.onDidChange(() => fired++);
    await t.registry.remove(id);
    assert.equal(t.secrets.map.size, 0);
    assert.deepEqual(t.registry.list(), []);
    assert.deepEqual(t.state.get(INSTANCES_KEY), []);
    assert.equal(fired, 1);
  });

  it('a new registry over the same storage lists the instance again (reload)', async () => {
    const again = makeRegistry();
    for (const [k, v] of t.state.map) await again.state.update(k, v);
    const r2 = new InstanceRegistry({ state: again.state, secrets: t.secrets, prompts: again.prompts, settings: () => ({ apiVersion: 'v1', timeoutMs: 5000 }) });
    assert.deepEqual(r2.list().map((i) => i.id), [id]);
    assert.ok(await r2.call(id, (c) => c.getInfo()));
  });
});

describe('instances: the sandbox instance', function () {
  this.timeout(20_000);
  it('is started on first use and its new address remembered', async () => {
    const started: Sandbox[] = [];
    const ensure = async () => {
      if (!started.length) started.push(await startSandbox({ port: 0 }));
      return started[0].url;
    };
    const t = makeRegistry({ ensureSandbox: ensure });
    try {
      await connectInstance(t.registry, { baseUrl: await ensure(), token: ALICE, id: 'sandbox', label: 'Local sandbox', sandbox: true });
      const info = t.registry.get('sandbox');
      assert.equal(info?.sandbox, true);
      assert.equal(info?.label, 'Local sandbox');
      // "Reload": the old sandbox is gone; the next call starts a new one on another port.
      await started.pop()!.close();
      const page = await t.registry.call('sandbox', (c) => c.searchTemplates({ per_page: 1 }));
      assert.equal(page.items.length, 1);
      assert.equal(t.registry.get('sandbox')?.baseUrl, started[0].url);
    } finally {
      for (const s of started) await s.close();
    }
  });
});
