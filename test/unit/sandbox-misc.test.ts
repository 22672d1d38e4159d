// Sandbox: users, groups, roles/licenses info, persistence, rate limit, latency, scale.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import { call, get, TIMESTAMP } from '../support/sandboxHttp';

describe('sandbox misc: users, groups, roles, licenses (§5, §8)', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(() => sb.close());

  it('GET /api/users: active users, newest first; inactive=true adds dave; filter', async () => {
    const res = await get(sb, '/api/users');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.items.map((u: { id: number }) => u.id), [3, 2, 1]);
    assert.equal(res.json._pagination.total_items, 3);
    assert.deepEqual((await get(sb, '/api/users?inactive=true')).json.items.map((u: { id: number }) => u.id), [4, 3, 2, 1]);
    assert.deepEqual((await get(sb, '/api/users?filter=CHEN')).json.items.map((u: { id: number }) => u.id), [3]);
    assert.deepEqual((await get(sb, '/api/users?filter=bob')).json.items.map((u: { id: number }) => u.id), [2]);
    // No created_at for other users, no sysadmin fields for non-sysadmins.
    const other = res.json.items[0];
    assert.equal('created_at' in other, false);
    assert.equal('is_sysadmin' in other, false);
    assert.equal('system_role' in other, false);
    const self = new URL(res.json._pagination._links.self);
    assert.equal(self.searchParams.get('inactive'), 'False');
  });

  it('GET /api/users/me, /users/<id>, /users/<identity>/<username>', async () => {
    const me = (await get(sb, '/api/users/me', 'carol')).json;
    assert.equal(me.id, 3);
    assert.equal(me.displayname, 'Carol Chen');
    assert.match(me.created_at, TIMESTAMP);
    assert.deepEqual(me.identity, { type: 'local', username: 'carol', email: 'carol@example.org', email_confirmed: true });
    assert.equal(me._links.self, `${sb.url}/api/users/3`);
    assert.equal((await get(sb, '/api/users/2')).json.identity.username, 'bob');
    assert.equal((await get(sb, '/api/users/4')).json.state, 'inactive');
    assert.equal((await get(sb, '/api/users/99')).status, 404);
    assert.equal((await get(sb, '/api/users/local/carol')).json.id, 3);
    assert.equal((await get(sb, '/api/users/ldap/carol')).status, 404);
  });

  it('GET /api/groups: readable groups only, member_only, query, shape', async () => {
    const res = await get(sb, '/api/groups');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.items.map((g: { id: number }) => g.id), [3, 1]);
    assert.equal(res.json._actions.new_group, `${sb.url}/api/groups`);
    assert.deepEqual((await get(sb, '/api/groups?member_only=true')).json.items.map((g: { id: number }) => g.id), [1]);
    assert.deepEqual((await get(sb, '/api/groups', 'bob')).json.items.map((g: { id: number }) => g.id), [3, 2]);
    assert.deepEqual((await get(sb, '/api/groups?query=materials')).json.items.map((g: { id: number }) => g.id), [1]);
    assert.deepEqual((await get(sb, '/api/groups?visibility=public')).json.items.map((g: { id: number }) => g.id), [3]);
    assert.deepEqual((await get(sb, '/api/groups?sort=title')).json.items.map((g: { id: number }) => g.id), [3, 1]);
    const g = (await get(sb, '/api/groups/1')).json;
    assert.equal(g.identifier, 'materials-lab');
    assert.equal(g.creator.id, 1);
    assert.deepEqual(Object.keys(g._links).sort(), ['collections', 'members', 'records', 'revisions', 'self', 'templates', 'view']);
    assert.deepEqual(Object.keys(g._actions).sort(), ['add_member', 'delete', 'edit']);
    assert.equal((await get(sb, '/api/groups/2')).status, 403);
    assert.equal((await get(sb, '/api/groups/99')).status, 404);
    assert.equal((await get(sb, '/api/groups/identifier/%20Materials-LAB')).json.id, 1);
    assert.equal((await get(sb, '/api/groups/identifier/simulation')).status, 403);
    const members = (await get(sb, '/api/groups/1/members')).json.items;
    assert.deepEqual(members.map((m: { user: { id: number }; role: { name: string } }) => `${m.user.id}:${m.role.name}`), ['1:admin', '3:member']);
  });

  it('GET /api/roles describes the template roles', async () => {
    const res = await get(sb, '/api/roles', 'readonly');
    assert.deepEqual(Object.keys(res.json), ['collection', 'group', 'record', 'template']);
    assert.deepEqual(
      res.json.template.map((r: { name: string; permissions: Array<{ action: string }> }) => [r.name, r.permissions.map((p) => p.action)]),
      [
        ['member', ['read']],
        ['editor', ['read', 'update']],
        ['admin', ['read', 'update', 'permissions', 'delete']],
      ],
    );
    assert.equal(res.json.template[0].permissions[0].description, 'View this template.');
    assert.ok(res.json.record.some((r: { name: string }) => r.name === 'collaborator'));
  });

  it('GET /api/licenses lists license names usable in data.license', async () => {
    const res = await get(sb, '/api/licenses?per_page=100');
    const names = res.json.items.map((l: { name: string }) => l.name);
    for (const n of ['CC-BY-4.0', 'CC0-1.0', 'MIT', 'Apache-2.0', 'ODbL-1.0']) assert.ok(names.includes(n), n);
    assert.deepEqual((await get(sb, '/api/licenses?filter=cc0')).json.items.map((l: { name: string }) => l.name), ['CC0-1.0']);
  });
});

describe('sandbox misc: persistence with dataFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-sandbox-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('state survives a restart: templates, revisions, roles, trash, next ids', async () => {
    const file = path.join(dir, 'state.json');
    const a = await startSandbox({ port: 0, dataFile: file });
    const created = await call(a, 'POST', '/api/templates', { body: { identifier: 'kept', title: 'Kept', type: 'extras', data: [] } });
    assert.equal(created.status, 201);
    await call(a, 'PATCH', '/api/templates/10', { body: { title: 'Kept twice' } });
    await call(a, 'POST', '/api/templates/10/roles/users', { body: { user: { id: 2 }, role: { name: 'editor' } } });
    await call(a, 'DELETE', '/api/templates/3');
    const before = (await get(a, '/api/templates/10')).json;
    await a.close();
    assert.ok(fs.existsSync(file));
    assert.deepEqual(fs.readdirSync(dir), ['state.json'], 'no temp files left behind');
    JSON.parse(fs.readFileSync(file, 'utf8'));

    const b = await startSandbox({ port: 0, dataFile: file });
    try {
      const after = (await get(b, '/api/templates/10')).json;
      assert.equal(after.title, 'Kept twice');
      assert.equal(after.last_modified, before.last_modified);
      assert.equal((await get(b, '/api/templates/10/revisions')).json._pagination.total_items, 2);
      assert.equal((await get(b, '/api/templates/10', 'bob')).status, 200);
      assert.deepEqual((await get(b, '/api/trash')).json.items.map((i: { id: number }) => i.id), [3, 8]);
      const next = await call(b, 'POST', '/api/templates', { body: { identifier: 'next', title: 'Next', type: 'extras', data: [] } });
      assert.equal(next.json.id, 11);
      assert.ok(next.json.created_at > after.last_modified);
      const dup = await call(b, 'POST', '/api/templates', { body: { identifier: 'kept', title: 'x', type: 'extras', data: [] } });
      assert.equal(dup.status, 400);
    } finally {
      await b.close();
    }
  });

  it('a corrupt state file is reported, not overwritten', async () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, '{"format": "something-else"}');
    await assert.rejects(startSandbox({ port: 0, dataFile: file }), /sandbox data file/);
    assert.equal(fs.readFileSync(file, 'utf8'), '{"format": "something-else"}');
    fs.writeFileSync(file, '{oops');
    await assert.rejects(startSandbox({ port: 0, dataFile: file }));
  });

  it('changes are written shortly after they happen, not only at close', async () => {
    const file = path.join(dir, 'live.json');
    const sb = await startSandbox({ port: 0, dataFile: file });
    try {
      await call(sb, 'PATCH', '/api/templates/1', { body: { title: 'Written soon' } });
      let found = false;
      for (let i = 0; i < 40 && !found; i++) {
        await new Promise((r) => setTimeout(r, 25));
        found = fs.readFileSync(file, 'utf8').includes('Written soon');
      }
      assert.ok(found);
    } finally {
      await sb.close();
    }
  });
});

describe('sandbox misc: rate limit and latency', () => {
  it('above N requests/minute to one endpoint → 429 with integer Retry-After, also before auth', async () => {
    const sb = await startSandbox({ port: 0, rateLimitPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) assert.equal((await get(sb, '/api/info')).status, 200);
      const limited = await get(sb, '/api/info');
      assert.equal(limited.status, 429);
      assert.deepEqual(limited.json, { code: 429, message: 'Too Many Requests', description: 'Request limit exceeded, please try again later.' });
      const retry = limited.headers.get('retry-after') ?? '';
      assert.match(retry, /^\d+$/);
      assert.ok(Number(retry) >= 1 && Number(retry) <= 60, retry);
      assert.equal((await get(sb, '/api/info', 'none')).status, 429);
      assert.equal(sb.requests.at(-1)!.status, 429);
      // Counted per endpoint, like Kadi 1.13.0's default limits.
      assert.equal((await get(sb, '/api/users/me')).status, 200);
    } finally {
      await sb.close();
    }
  });

  it('latencyMs delays every request', async () => {
    const sb = await startSandbox({ port: 0, latencyMs: 150 });
    try {
      const t0 = Date.now();
      assert.equal((await get(sb, '/api/info')).status, 200);
      assert.ok(Date.now() - t0 >= 140, `${Date.now() - t0}ms`);
    } finally {
      await sb.close();
    }
  });

  it('a client dropping the connection mid-body is not a 500 and does not disturb others', async () => {
    const lines: string[] = [];
    const sb = await startSandbox({ port: 0, log: (l) => lines.push(l) });
    try {
      const sock = net.connect(sb.port, '127.0.0.1');
      await new Promise<void>((r) => sock.once('connect', () => r()));
      sock.write('PATCH /api/templates/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer pat_sandbox_alice\r\nContent-Length: 1000\r\n\r\n{"title":');
      await new Promise((r) => setTimeout(r, 50));
      sock.destroy();
      for (let i = 0; i < 40 && !lines.some((l) => l.includes('aborted')); i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(lines.some((l) => /PATCH \/api\/templates\/1 aborted by the client/.test(l)), lines.join('\n'));
      assert.ok(!lines.some((l) => l.startsWith('ERROR')));
      assert.equal(sb.requests[0].status, 0);
      assert.equal((await get(sb, '/api/templates/1')).json.title, 'Tensile test');
    } finally {
      await sb.close();
    }
  });

  it('close() returns even while a slow request is in flight', async () => {
    const sb = await startSandbox({ port: 0, latencyMs: 2000 });
    const pending = get(sb, '/api/info').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await sb.close();
    assert.ok(Date.now() - t0 < 1500);
    await pending;
  });
});

describe('sandbox misc: scale (extraTemplates)', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  before(async () => {
    const t0 = Date.now();
    sb = await startSandbox({ port: 0, extraTemplates: 10_000 });
    console.log(`      start with 10,000 extra templates: ${Date.now() - t0} ms`);
  });
  after(() => sb.close());

  it('lists, searches, sorts and pages over 10,000+ templates', async () => {
    const time = async (p: string) => {
      const t0 = process.hrtime.bigint();
      const res = await get(sb, p);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.equal(res.status, 200, res.text);
      console.log(`      GET ${p}: ${ms.toFixed(1)} ms (${res.json._pagination?.total_items} items)`);
      return res.json;
    };
    const all = await time('/api/templates?per_page=100');
    // alice: her own generated ones (every third), public generated ones, plus the seed six.
    assert.ok(all._pagination.total_items > 3000, String(all._pagination.total_items));
    assert.equal(all.items.length, 100);
    assert.equal(all.items[0].id, 7, 'seed templates are newer than generated ones');
    await time('/api/templates?per_page=100'); // cached ordering
    const last = await time('/api/templates?per_page=100&page=100');
    assert.equal(last._pagination.page, 100);
    const q = await time('/api/templates?query=hardness&per_page=100');
    assert.ok(q._pagination.total_items > 0);
    assert.ok(q.items.every((t: { title: string; description: string }) => /hardness/i.test(t.title + t.description)));
    await time('/api/templates?query=hardnes&sort=-title');
    const byTitle = await time('/api/templates?sort=title&per_page=50&type=record');
    const titles = byTitle.items.map((t: { title: string }) => t.title.toLowerCase());
    assert.deepEqual(titles, [...titles].sort());
    const ident = await time('/api/templates/identifier/generated-09999');
    assert.equal(ident.identifier, 'generated-09999');
  });
});
