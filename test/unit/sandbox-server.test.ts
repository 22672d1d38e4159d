// Conformance of the sandbox with kadi-api.md: HTTP plumbing, errors, auth/scopes,
// reading templates, listing and search. Mutations: sandbox-mutations.test.ts.
import * as assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import { call, get, TIMESTAMP, type Who } from '../support/sandboxHttp';

describe('sandbox server: HTTP conventions (§0, §9)', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(() => sb.close());

  it('binds 127.0.0.1 on a free port', () => {
    assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(sb.port > 0);
    assert.equal(sb.url, `http://127.0.0.1:${sb.port}`);
  });

  it('GET /api/info and the /api index (login only)', async () => {
    const info = await get(sb, '/api/info', 'readonly');
    assert.equal(info.status, 200);
    assert.equal(typeof info.json.version, 'string');
    assert.match(info.headers.get('content-type') ?? '', /^application\/json/);

    const idx = await get(sb, '/api', 'readonly');
    assert.equal(idx.status, 200);
    assert.deepEqual(Object.keys(idx.json), ['collections', 'groups', 'info', 'licenses', 'records', 'roles', 'tags', 'templates', 'trash', 'users']);
    assert.equal(idx.json.templates, `${sb.url}/api/templates`);
    const v1 = await get(sb, '/api/v1');
    assert.equal(v1.json.templates, `${sb.url}/api/v1/templates`);
  });

  it('generated URLs are absolute and carry /v1 iff the request did; view links never do', async () => {
    const plain = await get(sb, '/api/templates/1');
    const v1 = await get(sb, '/api/v1/templates/1');
    assert.equal(plain.json._links.self, `${sb.url}/api/templates/1`);
    assert.equal(v1.json._links.self, `${sb.url}/api/v1/templates/1`);
    assert.equal(v1.json._actions.add_user_role, `${sb.url}/api/v1/templates/1/roles/users`);
    assert.equal(v1.json.creator._links.self, `${sb.url}/api/v1/users/1`);
    assert.equal(plain.json._links.view, `${sb.url}/templates/1`);
    assert.equal(v1.json._links.view, `${sb.url}/templates/1`);
    assert.equal(v1.json.creator._links.view, `${sb.url}/users/1`);
    const list = await get(sb, '/api/v1/templates?per_page=1');
    assert.ok(list.json._pagination._links.self.startsWith(`${sb.url}/api/v1/templates?`));
    assert.equal(list.json._actions.new_template, `${sb.url}/api/v1/templates`);
    // An unknown version is just an unknown URL.
    assert.equal((await get(sb, '/api/v9/templates/1')).status, 404);
  });

  it('sorts JSON object keys and writes float extras with a fraction, like Flask', async () => {
    const res = await get(sb, '/api/templates/1');
    const keys = Object.keys(res.json);
    assert.deepEqual(keys, [...keys].sort());
    assert.deepEqual(Object.keys(res.json.data[0]), ['description', 'key', 'type', 'unit', 'validation', 'value']);
    // specimen.geometry.length is a float 80 → "80.0"; range min 0 of a float → "0.0".
    assert.match(res.text, /"key":"length","type":"float","unit":"mm","value":80\.0/);
    assert.match(res.text, /"range":\{"max":null,"min":0\.0\}/);
    // ints stay ints
    const t3 = await get(sb, '/api/templates/3');
    assert.match(t3.text, /"key":"samples_count","type":"int","unit":null,"validation":\{"range":\{"max":10,"min":1\}\},"value":3\}/);
  });

  it('unknown routes → 404 JSON error object', async () => {
    for (const p of ['/api/nope', '/api/templates/abc', '/api/templates/1/nope', '/api/templates/99999999999999999999999', '/api/templates/']) {
      const res = await get(sb, p);
      assert.equal(res.status, 404, p);
      assert.deepEqual(res.json, { code: 404, message: 'Not Found', description: 'The requested URL could not be found.' }, p);
    }
  });

  it('wrong method → 405 without Allow (Kadi 1.13.0 drops it)', async () => {
    const res = await call(sb, 'PUT', '/api/templates/1', { body: {} });
    assert.equal(res.status, 405);
    assert.equal(res.json.message, 'Method Not Allowed');
    assert.equal(res.json.description, 'The method is not allowed for the requested URL.');
    assert.equal(res.headers.get('allow'), null);
    assert.equal((await call(sb, 'DELETE', '/api/templates')).status, 405);
    assert.equal((await call(sb, 'POST', '/api/info')).status, 405);
  });

  it('HEAD answers like GET without a body; OPTIONS lists the methods', async () => {
    const head = await call(sb, 'HEAD', '/api/templates/1');
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    const opt = await call(sb, 'OPTIONS', '/api/templates');
    assert.equal(opt.status, 200);
    assert.deepEqual(opt.headers.get('allow')?.split(', '), ['GET', 'HEAD', 'OPTIONS', 'POST']);
  });

  it('unauthenticated: every error below 500 becomes the login 401 (quirk §9)', async () => {
    const expected = { code: 401, message: 'Unauthorized', description: 'No valid access token was supplied.' };
    for (const [method, p] of [
      ['GET', '/api/templates/1'],
      ['GET', '/api/nope'],
      ['PUT', '/api/templates/1'],
      ['POST', '/api/templates'],
      ['GET', '/api/info'],
    ]) {
      const res = await call(sb, method, p, { as: 'none', raw: method === 'GET' ? undefined : '{not json' });
      assert.equal(res.status, 401, `${method} ${p}`);
      assert.deepEqual(res.json, expected);
    }
    const wrong = await call(sb, 'GET', '/api/templates', { as: 'none', headers: { Authorization: 'Bearer pat_nonsense' } });
    assert.deepEqual(wrong.json, expected);
    const basic = await call(sb, 'GET', '/api/templates', { as: 'none', headers: { Authorization: 'Basic YWxpY2U6eA==' } });
    assert.equal(basic.status, 401);
  });

  it('expired token and inactive account get their own 401 messages', async () => {
    const exp = await get(sb, '/api/templates', 'expired');
    assert.equal(exp.status, 401);
    assert.equal(exp.json.description, 'Access token has expired.');
    const dave = await get(sb, '/api/info', 'dave');
    assert.equal(dave.status, 401);
    assert.equal(dave.json.description, 'This account is currently inactive.');
  });

  it('insufficient scope → 401 listing every scope the endpoint needs', async () => {
    const res = await get(sb, '/api/templates/1/roles/users', 'readonly');
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, {
      code: 401,
      message: 'Unauthorized',
      description: 'Access token has insufficient scope.',
      scopes: ['template.read', 'user.read'],
    });
    assert.deepEqual((await get(sb, '/api/templates/1/roles/groups', 'readonly')).json.scopes, ['template.read', 'group.read']);
    assert.deepEqual((await get(sb, '/api/users/me', 'readonly')).json.scopes, ['user.read']);
    assert.deepEqual((await get(sb, '/api/trash', 'readonly')).json.scopes, ['misc.manage_trash']);
    assert.deepEqual((await call(sb, 'POST', '/api/templates', { as: 'readonly', body: {} })).json.scopes, ['template.create']);
    assert.deepEqual((await call(sb, 'PATCH', '/api/templates/1', { as: 'readonly', body: {} })).json.scopes, ['template.update']);
    assert.deepEqual((await call(sb, 'DELETE', '/api/templates/1', { as: 'readonly' })).json.scopes, ['template.delete']);
    assert.deepEqual((await call(sb, 'POST', '/api/templates/8/restore', { as: 'readonly' })).json.scopes, ['misc.manage_trash']);
  });

  it('malformed JSON → 400 "Failed to decode JSON object." without errors; body parsed without content-type', async () => {
    for (const raw of ['{"title": ', '', 'nul', Buffer.from([0xff, 0xfe, 0x7b])]) {
      const res = await call(sb, 'PATCH', '/api/templates/1', { raw });
      assert.equal(res.status, 400);
      assert.deepEqual(res.json, { code: 400, message: 'Bad Request', description: 'Failed to decode JSON object.' });
    }
    // No Content-Type header at all: still parsed as JSON (get_json(force=True)).
    const res = await call(sb, 'PATCH', '/api/templates/3', { raw: JSON.stringify({ title: 'Series of measurements' }) });
    assert.equal(res.status, 200);
    assert.equal(res.json.title, 'Series of measurements');
  });

  it('a body that is JSON but not an object → 400 with errors._schema', async () => {
    for (const raw of ['[]', '"x"', '42', 'null']) {
      const res = await call(sb, 'POST', '/api/templates', { raw });
      assert.equal(res.status, 400, raw);
      assert.deepEqual(res.json.errors, { _schema: ['Invalid input type.'] }, raw);
      assert.equal(res.json.description, 'The browser (or proxy) sent a request that this server could not understand.');
    }
  });

  it('huge bodies → 413 JSON (50 MB cap), the server stays up', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024 + 10, 0x20);
    const res = await call(sb, 'PATCH', '/api/templates/1', { raw: big });
    assert.equal(res.status, 413);
    assert.equal(res.json.code, 413);
    assert.equal(res.json.message, 'Request Entity Too Large');
    assert.equal((await get(sb, '/api/templates/1')).status, 200);
  });

  it('odd paths and query values never crash it', async () => {
    for (const p of [
      '/api/%E0%A4%A',
      '/api/templates/%00',
      '/api/templates/identifier/%F0%9F%92%A9',
      '/api/templates/1/../2',
      '/api//templates',
      '/api/templates?page=%FF',
      '/api/templates?page=1e3&per_page=-4&sort[]=x&user=abc&user=2.5&type=RECORD&visibility=&explicit_permissions=maybe',
      '/api/templates/1/revisions/1?revision=zzz',
      '/api/templates/1/export/json?filter=%7Bnot-json',
      '/api/templates/1/export/json?filter=%5B1%2C2%5D',
      '/api/templates/1/export/json?filter=%7B%22extras%22%3A5%2C%22user%22%3A%22x%22%7D',
    ]) {
      const res = await get(sb, p);
      assert.ok(res.status < 500, `${p} → ${res.status}`);
      assert.equal(typeof res.json?.code === 'number' || res.status === 200, true, p);
    }
    assert.equal((await get(sb, '/api/info')).status, 200);
  });

  it('wrong JSON types anywhere in bodies → 400, never 500', async () => {
    const bodies: unknown[] = [
      { identifier: 5, title: [], type: {}, data: 'x' },
      { identifier: 'ok-id', title: 'T', type: 'extras', data: [null, 1, 'x', [], { type: 5 }, { key: {}, type: 'dict', value: 'nope' }] },
      { identifier: 'ok-id', title: 'T', type: 'record', data: { extras: 'x', tags: 5, roles: [{}], record_links: 'no', license: 4 } },
      { identifier: 'ok-id', title: 'T', type: 'extras', data: [{ key: 'a', type: 'int', value: 'abc', validation: { range: { min: 'x', max: {} } } }] },
      { identifier: 'ok-id', title: 'T', type: 'extras', data: [{ key: 'a', type: 'int', value: 'abc', validation: { range: { min: 1, max: 5 } } }] },
    ];
    for (const body of bodies) {
      const res = await call(sb, 'POST', '/api/templates', { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(typeof res.json.errors, 'object');
    }
    for (const body of [{ user: 'x', role: 5 }, { user: { id: [] }, role: { name: null } }, { user: { id: true }, role: {} }]) {
      const res = await call(sb, 'POST', '/api/templates/1/roles/users', { body });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    for (const body of [{ name: 5 }, {}, { name: null }]) {
      const res = await call(sb, 'PATCH', '/api/templates/1/roles/users/2', { body });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
  });

  it('non-API paths: landing page, stand-in view pages, 404 with a token', async () => {
    const root = await fetch(sb.url + '/');
    assert.equal(root.status, 200);
    assert.match(await root.text(), /pat_sandbox_alice/);
    assert.equal((await fetch(sb.url + '/templates/1')).status, 200);
    assert.equal((await call(sb, 'GET', '/templates/1')).status, 404);
  });

  it('records every request in order with path, headers, body and status', async () => {
    const before = sb.requests.length;
    await call(sb, 'PATCH', '/api/templates/3?x=1', { body: { description: 'Recorded.' } });
    await get(sb, '/api/nope', 'bob');
    const [a, b] = sb.requests.slice(before);
    assert.equal(a.method, 'PATCH');
    assert.equal(a.path, '/api/templates/3?x=1');
    assert.equal(a.headers.authorization, 'Bearer pat_sandbox_alice');
    assert.equal(a.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(a.body), { description: 'Recorded.' });
    assert.equal(a.status, 200);
    assert.equal(b.method, 'GET');
    assert.equal(b.status, 404);
    assert.equal(b.headers.authorization, 'Bearer pat_sandbox_bob');
  });
});

describe('sandbox server: permission and scope matrix (§1, §5, §8)', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(() => sb.close());

  const WHO: Who[] = ['alice', 'bob', 'carol', 'readonly', 'expired', 'none'];
  // Statuses in WHO order. Seed: 1 alice's (bob editor, Materials Lab member → carol), 4 bob's public,
  // 6 carol's (alice member), 7 carol's (Materials Lab editor → alice), 9 bob's private, 8 alice's deleted.
  // null: not asserted here (that call would change the state the other rows rely on).
  const matrix: Array<[string, string, unknown, Array<number | null>]> = [
    ['GET', '/api/templates', undefined, [200, 200, 200, 200, 401, 401]],
    ['GET', '/api/templates/1', undefined, [200, 200, 200, 200, 401, 401]],
    ['GET', '/api/templates/4', undefined, [200, 200, 200, 200, 401, 401]],
    ['GET', '/api/templates/9', undefined, [403, 200, 403, 403, 401, 401]],
    ['GET', '/api/templates/8', undefined, [404, 403, 403, 404, 401, 401]],
    ['GET', '/api/templates/999', undefined, [404, 404, 404, 404, 401, 401]],
    ['GET', '/api/templates/identifier/bob-notes', undefined, [403, 200, 403, 403, 401, 401]],
    ['GET', '/api/templates/1/revisions', undefined, [200, 200, 200, 200, 401, 401]],
    ['GET', '/api/templates/9/revisions', undefined, [403, 200, 403, 403, 401, 401]],
    ['GET', '/api/templates/1/export/json', undefined, [200, 200, 200, 200, 401, 401]],
    ['GET', '/api/templates/1/roles/users', undefined, [200, 200, 200, 401, 401, 401]],
    ['GET', '/api/templates/9/roles/users', undefined, [403, 200, 403, 403, 401, 401]],
    ['GET', '/api/templates/1/roles/groups', undefined, [200, 200, 200, 401, 401, 401]],
    ['PATCH', '/api/templates/1', {}, [200, 200, 403, 401, 401, 401]],
    ['PATCH', '/api/templates/6', {}, [403, 403, 200, 403, 401, 401]],
    ['PATCH', '/api/templates/7', {}, [200, 403, 200, 401, 401, 401]],
    ['PATCH', '/api/templates/4', {}, [403, 200, 403, 403, 401, 401]],
    ['POST', '/api/templates/1/roles/users', { user: { id: 2 }, role: { name: 'member' } }, [409, 403, 403, 401, 401, 401]],
    ['PATCH', '/api/templates/1/roles/users/1', { name: 'member' }, [409, 403, 403, 401, 401, 401]],
    ['DELETE', '/api/templates/1/roles/users/1', undefined, [409, 403, 403, 401, 401, 401]],
    ['DELETE', '/api/templates/9', undefined, [403, null, 403, 403, 401, 401]],
    ['POST', '/api/templates/8/restore', undefined, [null, 404, 404, 401, 401, 401]],
    ['POST', '/api/templates/1/purge', undefined, [404, 404, 404, 401, 401, 401]],
    ['GET', '/api/users/me', undefined, [200, 200, 200, 401, 401, 401]],
    ['GET', '/api/users', undefined, [200, 200, 200, 401, 401, 401]],
    ['GET', '/api/groups', undefined, [200, 200, 200, 401, 401, 401]],
    ['GET', '/api/groups/2', undefined, [403, 200, 403, 403, 401, 401]],
    ['GET', '/api/trash', undefined, [200, 200, 200, 401, 401, 401]],
    ['GET', '/api/roles', undefined, [200, 200, 200, 200, 401, 401]],
    ['GET', '/api/licenses', undefined, [200, 200, 200, 200, 401, 401]],
  ];

  for (const [method, path, body, statuses] of matrix) {
    it(`${method} ${path}`, async () => {
      for (let i = 0; i < WHO.length; i++) {
        if (statuses[i] === null) continue;
        const res = await call(sb, method, path, { as: WHO[i], body });
        assert.equal(res.status, statuses[i], `${WHO[i]}: ${method} ${path} → ${res.status} ${res.text}`);
        if (res.status >= 400) assert.equal(res.json.code, res.status);
      }
    });
  }

  it('403 comes before the scope check, 401 (scope) before the active check', async () => {
    // readonly (alice) lacks template.update: on a template she may not edit → 403, on one she may → 401.
    assert.equal((await call(sb, 'PATCH', '/api/templates/9', { as: 'readonly', body: {} })).status, 403);
    assert.equal((await call(sb, 'PATCH', '/api/templates/1', { as: 'readonly', body: {} })).status, 401);
    // Deleted template of alice's: scope error first (401), then 404.
    assert.equal((await call(sb, 'PATCH', '/api/templates/8', { as: 'readonly', body: {} })).status, 401);
    assert.equal((await call(sb, 'PATCH', '/api/templates/8', { body: {} })).status, 404);
  });

  it('creator/user objects are omitted without user.read', async () => {
    const full = await get(sb, '/api/templates/1');
    assert.equal(full.json.creator.id, 1);
    const ro = await get(sb, '/api/templates/1', 'readonly');
    assert.equal('creator' in ro.json, false);
    const list = await get(sb, '/api/templates', 'readonly');
    assert.ok(list.json.items.every((t: object) => !('creator' in t)));
    const rev = await get(sb, '/api/templates/1/revisions', 'readonly');
    assert.ok(rev.json.items.every((r: object) => !('user' in r)));
    const revFull = await get(sb, '/api/templates/1/revisions');
    assert.ok(revFull.json.items.every((r: { user: { id: number } }) => typeof r.user.id === 'number'));
  });
});

describe('sandbox server: template object (§1)', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(() => sb.close());

  it('has every documented field, _links and all four _actions for any reader', async () => {
    const res = await get(sb, '/api/templates/1', 'carol');
    const t = res.json;
    assert.deepEqual(Object.keys(t).sort(), [
      '_actions', '_links', 'created_at', 'creator', 'data', 'description', 'id', 'identifier', 'last_modified',
      'plain_description', 'state', 'title', 'type', 'visibility',
    ]);
    assert.equal(t.id, 1);
    assert.equal(t.identifier, 'tensile-test');
    assert.equal(t.title, 'Tensile test');
    assert.equal(t.description, 'Template for *tensile* tests according to ISO 6892-1.');
    assert.equal(t.plain_description, 'Template for tensile tests according to ISO 6892-1.');
    assert.equal(t.visibility, 'private');
    assert.equal(t.state, 'active');
    assert.equal(t.type, 'extras');
    assert.match(t.created_at, TIMESTAMP);
    assert.match(t.last_modified, TIMESTAMP);
    assert.ok(t.last_modified > t.created_at);
    const api = `${sb.url}/api/templates/1`;
    assert.deepEqual(t._links, {
      self: api,
      user_roles: `${api}/roles/users`,
      group_roles: `${api}/roles/groups`,
      revisions: `${api}/revisions`,
      view: `${sb.url}/templates/1`,
    });
    // carol is only a (group) member, still gets all actions: they are links, not permissions.
    assert.deepEqual(t._actions, { edit: api, delete: api, add_user_role: `${api}/roles/users`, add_group_role: `${api}/roles/groups` });
  });

  it('creator is a UserSchema object; email only if public or own; created_at only for oneself', async () => {
    const t1 = (await get(sb, '/api/templates/1', 'bob')).json;
    assert.deepEqual(Object.keys(t1.creator).sort(), ['_links', 'displayname', 'id', 'identity', 'orcid', 'state']);
    assert.deepEqual(t1.creator.identity, { type: 'local', username: 'alice', email: 'alice@example.org', email_confirmed: true });
    assert.equal(t1.creator.orcid, '0000-0002-1825-0097');
    assert.deepEqual(Object.keys(t1.creator._links).sort(), ['collections', 'groups', 'identities', 'records', 'self', 'templates', 'view']);
    // bob's email is private: alice does not see it, bob does.
    const t4 = (await get(sb, '/api/templates/4')).json;
    assert.deepEqual(t4.creator.identity, { type: 'local', username: 'bob' });
    const me = (await get(sb, '/api/users/me', 'bob')).json;
    assert.equal(me.identity.email, 'bob@example.org');
    assert.match(me.created_at, TIMESTAMP);
  });

  it('record templates return all data keys', async () => {
    const t = (await get(sb, '/api/templates/2')).json;
    assert.equal(t.type, 'record');
    assert.deepEqual(Object.keys(t.data).sort(), ['collections', 'description', 'extras', 'identifier', 'license', 'record_links', 'roles', 'tags', 'title', 'type']);
    assert.equal(t.data.license, 'CC-BY-4.0');
  });

  it('by identifier: case-insensitive, whitespace stripped, active only', async () => {
    const res = await get(sb, '/api/templates/identifier/%20Tensile-TEST%20');
    assert.equal(res.status, 200);
    assert.equal(res.json.id, 1);
    assert.equal((await get(sb, '/api/v1/templates/identifier/tensile-test')).json._links.self, `${sb.url}/api/v1/templates/1`);
    assert.equal((await get(sb, '/api/templates/identifier/old-protocol')).status, 404);
    assert.equal((await get(sb, '/api/templates/identifier/no-such')).status, 404);
    assert.equal((await get(sb, '/api/templates/identifier/bad%21chars')).status, 404);
    assert.equal((await get(sb, '/api/templates/identifier/bob-notes')).status, 403);
  });

  it('exports: json / json-schema / shacl downloads, 404 for other types', async () => {
    const json = await get(sb, '/api/templates/1/export/json');
    assert.equal(json.status, 200);
    assert.equal(json.headers.get('content-disposition'), 'attachment; filename=tensile-test.json');
    assert.match(json.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(Number(json.headers.get('content-length')), Buffer.byteLength(json.text));
    assert.equal(json.json.identifier, 'tensile-test');
    assert.equal(json.json.creator.id, 1);
    assert.equal('_links' in json.json, false);

    const noUser = await get(sb, '/api/templates/1/export/json?filter=' + encodeURIComponent('{"user": true}'));
    assert.equal('creator' in noUser.json, false);
    // Without user.read the creator is always dropped.
    assert.equal('creator' in (await get(sb, '/api/templates/1/export/json', 'readonly')).json, false);

    const schema = await get(sb, '/api/templates/1/export/json-schema');
    assert.equal(schema.status, 200);
    assert.equal(schema.json.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(schema.headers.get('content-disposition'), 'attachment; filename=tensile-test.json');

    const ttl = await get(sb, '/api/v1/templates/1/export/shacl');
    assert.equal(ttl.status, 200);
    assert.equal(ttl.headers.get('content-disposition'), 'attachment; filename=tensile-test.ttl');
    assert.match(ttl.headers.get('content-type') ?? '', /^text\/turtle/);
    assert.ok(ttl.text.includes(`${sb.url}/templates/1`));
    assert.ok(!ttl.text.includes('/api/v1/templates/1'));

    assert.equal((await get(sb, '/api/templates/1/export/xml')).status, 404);
    assert.equal((await get(sb, '/api/templates/1/export/JSON')).status, 404);
    assert.equal((await get(sb, '/api/templates/8/export/json')).status, 404);
  });
});

describe('sandbox server: list and search (§3)', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(() => sb.close());

  const ids = async (q: string, who: Who = 'alice'): Promise<number[]> => {
    const res = await get(sb, `/api/templates${q}`, who);
    assert.equal(res.status, 200, res.text);
    return res.json.items.map((t: { id: number }) => t.id);
  };

  it('lists the readable active templates, newest change first', async () => {
    assert.deepEqual(await ids(''), [7, 6, 4, 3, 2, 1]);
    assert.deepEqual(await ids('', 'bob'), [9, 5, 4, 1]);
    assert.deepEqual(await ids('', 'carol'), [7, 6, 5, 4, 2, 1]);
  });

  it('_pagination: counts, absolute links repeating every param, prev/next only when they exist', async () => {
    const res = await get(sb, '/api/templates?per_page=4&user=1&user=3&type=extras&visibility=private&query=&explicit_permissions=true');
    const p = res.json._pagination;
    assert.deepEqual({ page: p.page, per_page: p.per_page, total_pages: p.total_pages, total_items: p.total_items }, { page: 1, per_page: 4, total_pages: 1, total_items: 3 });
    assert.deepEqual(Object.keys(p._links), ['self']);
    const self = new URL(p._links.self);
    assert.equal(self.origin + self.pathname, `${sb.url}/api/templates`);
    assert.deepEqual([...self.searchParams.entries()], [
      ['page', '1'], ['per_page', '4'], ['query', ''], ['sort', '_score'], ['visibility', 'private'],
      ['explicit_permissions', 'True'], ['user', '1'], ['user', '3'], ['type', 'extras'], ['instance', ''],
    ]);

    const p1 = (await get(sb, '/api/templates?per_page=2')).json._pagination;
    assert.deepEqual([p1.total_items, p1.total_pages, Object.keys(p1._links).sort()], [6, 3, ['next', 'self']]);
    assert.equal(new URL(p1._links.next).searchParams.get('page'), '2');
    const p2 = (await get(sb, '/api/templates?per_page=2&page=2')).json._pagination;
    assert.deepEqual(Object.keys(p2._links).sort(), ['next', 'prev', 'self']);
    const p3 = (await get(sb, '/api/templates?per_page=2&page=3')).json._pagination;
    assert.deepEqual(Object.keys(p3._links).sort(), ['prev', 'self']);
    // Following the links walks through everything exactly once.
    const seen: number[] = [];
    let next: string | undefined = `${sb.url}/api/templates?per_page=4`;
    for (let i = 0; next && i < 10; i++) {
      const r: Response = await fetch(next, { headers: { Authorization: 'Bearer pat_sandbox_alice' } });
      const body = (await r.json()) as { items: Array<{ id: number }>; _pagination: { _links: { next?: string } } };
      seen.push(...body.items.map((t) => t.id));
      next = body._pagination._links.next;
    }
    assert.deepEqual(seen, [7, 6, 4, 3, 2, 1]);
  });

  it('page and per_page are clamped; invalid values fall back silently', async () => {
    const pg = async (q: string) => (await get(sb, `/api/templates${q}`)).json._pagination;
    assert.equal((await pg('?per_page=0')).per_page, 1);
    assert.equal((await pg('?per_page=-3')).per_page, 1);
    assert.equal((await pg('?per_page=1000')).per_page, 100);
    assert.equal((await pg('?per_page=abc')).per_page, 10);
    assert.equal((await pg('?page=0')).page, 1);
    assert.equal((await pg('?page=-7')).page, 1);
    assert.equal((await pg('?page=x')).page, 1);
    // page is limited to 100 (Elasticsearch window) and is echoed that way.
    const far = await get(sb, '/api/templates?page=500');
    assert.equal(far.json._pagination.page, 100);
    assert.deepEqual(far.json.items, []);
    assert.equal(new URL(far.json._pagination._links.prev).searchParams.get('page'), '99');
    assert.equal('next' in far.json._pagination._links, false);
    // Unknown sort → _score; unknown type/visibility → no filter, but echoed as sent (Kadi 1.13.0).
    const odd = await get(sb, '/api/templates?sort=bogus&type=nope&visibility=secret&explicit_permissions=maybe&user=x');
    assert.equal(odd.json._pagination.total_items, 6);
    const self = new URL(odd.json._pagination._links.self).searchParams;
    assert.equal(self.get('sort'), 'bogus');
    assert.equal(self.get('type'), 'nope');
    assert.equal(self.get('visibility'), 'secret');
    assert.equal(self.has('user'), false);
    assert.equal(self.get('explicit_permissions'), 'False');
  });

  it('filters: visibility, type, user (OR), explicit_permissions', async () => {
    assert.deepEqual(await ids('?visibility=public'), [4]);
    assert.deepEqual(await ids('?visibility=PRIVATE'), [7, 6, 3, 2, 1]);
    assert.deepEqual(await ids('?type=record'), [7, 2]);
    assert.deepEqual(await ids('?type=extras'), [6, 4, 3, 1]);
    assert.deepEqual(await ids('?user=2'), [4]);
    assert.deepEqual(await ids('?user=2&user=3'), [7, 6, 4]);
    // Public template 4 is readable but alice has no explicit role on it.
    assert.deepEqual(await ids('?explicit_permissions=true'), [7, 6, 3, 2, 1]);
    assert.deepEqual(await ids('?explicit_permissions=1&user=2'), []);
  });

  it('sort values', async () => {
    assert.deepEqual(await ids('?sort=last_modified'), [1, 2, 3, 4, 6, 7]);
    assert.deepEqual(await ids('?sort=created_at'), [1, 2, 3, 4, 6, 7]);
    assert.deepEqual(await ids('?sort=-created_at'), [7, 6, 4, 3, 2, 1]);
    // Titles: Measurement series, Microscopy image, Simulation run, Steel sample, Tensile test, XRD measurement
    assert.deepEqual(await ids('?sort=title'), [3, 6, 4, 2, 1, 7]);
    assert.deepEqual(await ids('?sort=-title'), [7, 1, 2, 4, 6, 3]);
    // measurement-series, microscopy-image, sample-record, simulation-run, tensile-test, xrd-record
    assert.deepEqual(await ids('?sort=identifier'), [3, 6, 2, 4, 1, 7]);
    assert.deepEqual(await ids('?sort=-identifier'), [7, 1, 4, 2, 6, 3]);
  });

  it('query: terms, fuzzy terms, quoted exact phrase, short prefix; never leaks unreadable templates', async () => {
    assert.deepEqual(await ids('?query=tensile'), [1]);
    assert.deepEqual(await ids('?query=tensil'), [1]); // fuzzy (1 edit)
    assert.deepEqual(await ids('?query=TENSILE%20TEST'), [1]);
    assert.deepEqual(await ids('?query=%22steel%20sample%22'), [2]);
    assert.deepEqual(await ids('?query=%22sample%20steel%22'), []);
    assert.deepEqual(await ids('?query=xr'), [7]); // < 3 chars: prefix of identifier/title tokens
    assert.deepEqual(await ids('?query=measurement'), [7, 3]); // equal scores: newest first
    // Matches in the title rank above matches only in the description (_score), newest first on ties.
    assert.deepEqual(await ids('?query=sample'), [2]);
    assert.deepEqual(await ids('?query=notes'), []); // bob-notes exists but alice cannot read it
    assert.deepEqual(await ids('?query=notes', 'bob'), [9]);
    // An explicit sort orders the matches by that field instead of the score.
    assert.deepEqual(await ids('?query=measurement&sort=title'), [3, 7]);
    // The effective query is echoed stripped.
    const res = await get(sb, '/api/templates?query=%20%20tensile%20');
    assert.equal(new URL(res.json._pagination._links.self).searchParams.get('query'), 'tensile');
  });

  it('title matches score above description-only matches', async () => {
    const res = await ids('?query=density%20simulation', 'bob');
    // 4 "Simulation run" (title) and 5 "DFT calculation" (description: Density functional theory)
    assert.deepEqual(res, [4, 5]);
  });
});

describe('sandbox server: fuzzed bodies and query strings never cause a 500', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(() => sb.close());

  // Deterministic PRNG so a failure reproduces.
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const KEYS = ['identifier', 'title', 'type', 'data', 'description', 'visibility', 'key', 'value', 'unit', 'validation', 'range', 'min', 'max', 'options', 'iri', 'required', 'term', 'extras', 'license', 'tags', 'roles', 'record_links', 'collections', 'user', 'group', 'role', 'name', 'id'];
  const SCALARS: unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 60, '', ' ', 'x', 'str', 'int', 'float', 'bool', 'date', 'dict', 'list', 'record', 'extras', 'public', 'MIT', '2024-01-01', 'a b', '<>', 'editor', '9007199254740993'];
  const value = (depth: number): unknown => {
    const r = rand();
    if (depth > 4 || r < 0.45) return pick(SCALARS);
    if (r < 0.7) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [pick(KEYS), value(depth + 1)]));
  };

  it('300 random bodies against create, update and role endpoints', async () => {
    const targets: Array<[string, string]> = [
      ['POST', '/api/templates'],
      ['PATCH', '/api/templates/3'],
      ['PATCH', '/api/templates/2'],
      ['POST', '/api/templates/3/roles/users'],
      ['POST', '/api/templates/3/roles/groups'],
      ['PATCH', '/api/templates/1/roles/users/2'],
    ];
    for (let i = 0; i < 300; i++) {
      const [method, p] = targets[i % targets.length];
      let body = value(0);
      if (i % 3 === 0) body = { identifier: `fz-${i}`, title: 'T', type: pick(['extras', 'record']), data: value(1) };
      const res = await call(sb, method, p, { body });
      assert.ok(res.status < 500, `${method} ${p} ${JSON.stringify(body)} → ${res.status} ${res.text}`);
      assert.equal(typeof res.json === 'object' || res.status === 204, true);
    }
    assert.equal((await get(sb, '/api/templates/3')).status, 200);
  });

  it('random query strings on list endpoints', async () => {
    const names = ['page', 'per_page', 'query', 'sort', 'visibility', 'explicit_permissions', 'user', 'type', 'filter', 'exclude', 'inactive', 'member_only', 'revision'];
    const vals = ['', '0', '-1', '1e9', 'abc', '%22', '"', 'true', 'record', '-title', '100000000000000000000', '%FF', '&', '=', '"a b"'];
    const paths = ['/api/templates', '/api/groups', '/api/users', '/api/trash', '/api/templates/1/revisions', '/api/templates/1/roles/users', '/api/templates/1/roles/groups', '/api/templates/1/revisions/2', '/api/licenses'];
    for (let i = 0; i < 150; i++) {
      const qs = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => `${pick(names)}=${pick(vals)}`).join('&');
      const p = `${pick(paths)}?${qs}`;
      const res = await get(sb, p);
      assert.equal(res.status, 200, `${p} → ${res.status} ${res.text}`);
    }
  });
});
