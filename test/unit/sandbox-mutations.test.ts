// Conformance of the sandbox with kadi-api.md: create/update/delete, trash, revisions, roles.
import * as assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import { call, get, TIMESTAMP } from '../support/sandboxHttp';

const EXTRAS = [{ key: 'force', type: 'float', unit: 'N', value: 5 }];

describe('sandbox mutations: create, update, delete (§2, §6, §10)', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await startSandbox({ port: 0 });
  });
  afterEach(() => sb.close());

  it('POST /api/templates → 201 with the template; creator gets admin; first revision', async () => {
    const res = await call(sb, 'POST', '/api/v1/templates', {
      as: 'carol',
      body: { identifier: ' New-Template ', title: '  A   new  one ', type: 'extras', data: EXTRAS, id: 99, state: 'deleted', extra_field: 1 },
    });
    assert.equal(res.status, 201, res.text);
    const t = res.json;
    assert.equal(t.identifier, 'new-template');
    assert.equal(t.title, 'A new one');
    assert.equal(t.description, '');
    assert.equal(t.visibility, 'private');
    assert.equal(t.state, 'active');
    assert.equal(t.creator.id, 3);
    assert.equal(t.id, 10, 'ids continue after the seed');
    assert.equal(t.created_at, t.last_modified);
    assert.match(t.created_at, TIMESTAMP);
    assert.equal(t._links.self, `${sb.url}/api/v1/templates/10`);
    assert.match(res.text, /"value":5\.0/);

    const roles = await get(sb, '/api/templates/10/roles/users', 'carol');
    assert.deepEqual(roles.json.items.map((r: { user: { id: number }; role: { name: string } }) => [r.user.id, r.role.name]), [[3, 'admin']]);
    const revs = await get(sb, '/api/templates/10/revisions', 'carol');
    assert.equal(revs.json._pagination.total_items, 1);
    // First revision: every non-null key appears in diff with null.
    assert.deepEqual(revs.json.items[0].diff, { identifier: null, title: null, description: null, visibility: null, data: null, state: null });
    // It is readable by its creator only.
    assert.equal((await get(sb, '/api/templates/10', 'alice')).status, 403);
    assert.equal((await get(sb, '/api/templates/identifier/new-template', 'carol')).status, 200);
  });

  it('create: validation errors, identifier reserved also by deleted templates', async () => {
    const missing = await call(sb, 'POST', '/api/templates', { body: {} });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.json.errors, {
      identifier: ['Missing data for required field.'],
      title: ['Missing data for required field.'],
      type: ['Missing data for required field.'],
      data: ['Missing data for required field.'],
    });
    const taken = await call(sb, 'POST', '/api/templates', { body: { identifier: 'OLD-protocol', title: 'x', type: 'extras', data: [] } });
    assert.equal(taken.status, 400);
    assert.deepEqual(taken.json.errors, { identifier: ['Identifier is already in use.'] });
    const license = await call(sb, 'POST', '/api/templates', { body: { identifier: 'lic', title: 'x', type: 'record', data: { license: 'WTFPL' } } });
    assert.deepEqual(license.json.errors, { data: { license: ['No license with this name exists.'] } });
    const okLicense = await call(sb, 'POST', '/api/templates', { body: { identifier: 'lic', title: 'x', type: 'record', data: { license: 'ODbL-1.0' } } });
    assert.equal(okLicense.status, 201);
    assert.equal(okLicense.json.data.license, 'ODbL-1.0');
    assert.deepEqual(okLicense.json.data.tags, []);
  });

  it('PATCH: partial, data replaced wholesale, type ignored, one revision per real change', async () => {
    const before = (await get(sb, '/api/templates/3')).json;
    const revsBefore = (await get(sb, '/api/templates/3/revisions')).json._pagination.total_items;

    const res = await call(sb, 'PATCH', '/api/templates/3', { body: { title: 'Series', type: 'record', id: 77, data: EXTRAS } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.id, 3);
    assert.equal(res.json.type, 'extras');
    assert.equal(res.json.title, 'Series');
    assert.equal(res.json.description, before.description);
    assert.deepEqual(res.json.data, [{ key: 'force', type: 'float', unit: 'N', value: 5 }]);
    assert.ok(res.json.last_modified > before.last_modified);
    assert.match(res.json.last_modified, TIMESTAMP);
    const revs = (await get(sb, '/api/templates/3/revisions')).json;
    assert.equal(revs._pagination.total_items, revsBefore + 1);
    assert.deepEqual(Object.keys(revs.items[0].diff).sort(), ['data', 'title']);
    assert.equal(revs.items[0].diff.title, 'Measurement series');
    assert.equal(revs.items[0].user.id, 1);

    // Identical PATCH: 200, nothing changes.
    const same = await call(sb, 'PATCH', '/api/templates/3', { body: { title: 'Series', data: EXTRAS, identifier: 'MEASUREMENT-series' } });
    assert.equal(same.status, 200);
    assert.equal(same.json.last_modified, res.json.last_modified);
    assert.equal((await get(sb, '/api/templates/3/revisions')).json._pagination.total_items, revsBefore + 1);
    const empty = await call(sb, 'PATCH', '/api/templates/3', { body: {} });
    assert.equal(empty.json.last_modified, res.json.last_modified);
  });

  it('PATCH: record data omitted keys reset to defaults; description recomputes plain_description', async () => {
    const res = await call(sb, 'PATCH', '/api/templates/2', { body: { data: { title: 'Only title' }, description: '# Heading\n\n**bold** text' } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.data, {
      identifier: '', title: 'Only title', description: '', type: null, license: null, tags: [], extras: [], collections: [], record_links: [], roles: [],
    });
    assert.ok(!res.json.plain_description.includes('**'));
    assert.ok(res.json.plain_description.includes('bold text'));
  });

  it('PATCH: errors; identifier may stay its own but not take another one', async () => {
    const own = await call(sb, 'PATCH', '/api/templates/1', { body: { identifier: 'tensile-test' } });
    assert.equal(own.status, 200);
    const other = await call(sb, 'PATCH', '/api/templates/1', { body: { identifier: 'sample-record' } });
    assert.equal(other.status, 400);
    assert.deepEqual(other.json.errors, { identifier: ['Identifier is already in use.'] });
    const wrongKind = await call(sb, 'PATCH', '/api/templates/1', { body: { data: { a: 1 } } });
    assert.deepEqual(wrongKind.json.errors, { data: { _schema: ['Invalid input type.'] } });
    const long = await call(sb, 'PATCH', '/api/templates/1', { body: { title: 'x'.repeat(151) } });
    assert.deepEqual(long.json.errors, { title: ['Longer than maximum length 150.'] });
    // Nothing of the failed PATCHes was stored.
    const t = (await get(sb, '/api/templates/1')).json;
    assert.equal(t.identifier, 'tensile-test');
    assert.equal(t.title, 'Tensile test');
  });

  it('rename frees the old identifier and takes the new one', async () => {
    assert.equal((await call(sb, 'PATCH', '/api/templates/3', { body: { identifier: 'series-2' } })).status, 200);
    assert.equal((await get(sb, '/api/templates/identifier/series-2')).json.id, 3);
    assert.equal((await get(sb, '/api/templates/identifier/measurement-series')).status, 404);
    const reuse = await call(sb, 'POST', '/api/templates', { body: { identifier: 'measurement-series', title: 'x', type: 'extras', data: [] } });
    assert.equal(reuse.status, 201);
  });

  it('last_modified is strictly increasing even for back-to-back changes', async () => {
    const stamps: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await call(sb, 'PATCH', '/api/templates/3', { body: { title: `Series ${i}` } });
      stamps.push(res.json.last_modified);
    }
    for (let i = 1; i < stamps.length; i++) assert.ok(stamps[i] > stamps[i - 1], `${stamps[i]} > ${stamps[i - 1]}`);
    // And through the store directly, in the same millisecond.
    const a = sb.store.now();
    const b = sb.store.now();
    assert.ok(b > a);
  });

  it('changes made through the store ("another user") show up over HTTP with a revision', async () => {
    const before = (await get(sb, '/api/templates/1')).json;
    assert.equal(sb.store.updateTemplate(1, { title: 'Changed by bob' }, 2), true);
    const after = (await get(sb, '/api/templates/1')).json;
    assert.equal(after.title, 'Changed by bob');
    assert.ok(after.last_modified > before.last_modified);
    const rev = (await get(sb, '/api/templates/1/revisions?per_page=1')).json.items[0];
    assert.equal(rev.user.id, 2);
    assert.equal(rev.diff.title, 'Tensile test');
    assert.equal(sb.store.updateTemplate(1, { title: 'Changed by bob' }, 2), false);
  });

  it('DELETE → 204, soft: 404 afterwards, in the trash, identifier still reserved, revision made', async () => {
    assert.equal((await call(sb, 'DELETE', '/api/templates/1', { as: 'bob' })).status, 403, 'editor may not delete');
    const revsBefore = sb.store.getTemplate(1)!.revisions.length;
    const del = await call(sb, 'DELETE', '/api/templates/1');
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    for (const p of ['/api/templates/1', '/api/templates/1/revisions', '/api/templates/1/roles/users', '/api/templates/1/export/json', '/api/templates/identifier/tensile-test']) {
      assert.equal((await get(sb, p)).status, 404, p);
    }
    assert.equal((await call(sb, 'PATCH', '/api/templates/1', { body: { title: 'x' } })).status, 404);
    assert.equal((await call(sb, 'DELETE', '/api/templates/1')).status, 404);
    assert.ok(!(await get(sb, '/api/templates')).json.items.some((t: { id: number }) => t.id === 1));
    const t = sb.store.getTemplate(1)!;
    assert.equal(t.state, 'deleted');
    assert.equal(t.revisions.length, revsBefore + 1);
    assert.equal(t.revisions.at(-1)!.data.state, 'deleted');
    const trash = (await get(sb, '/api/trash')).json;
    assert.deepEqual(trash.items.map((i: { id: number }) => i.id), [1, 8]);
    const taken = await call(sb, 'POST', '/api/templates', { body: { identifier: 'tensile-test', title: 'x', type: 'extras', data: [] } });
    assert.deepEqual(taken.json.errors, { identifier: ['Identifier is already in use.'] });
  });

  it('trash listing: own deleted templates, newest deletion first, filter, item shape', async () => {
    const res = await get(sb, '/api/v1/trash');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.items, [
      {
        id: 8,
        identifier: 'old-protocol',
        type: 'template',
        deleted_at: sb.store.getTemplate(8)!.last_modified,
        _actions: { restore: `${sb.url}/api/v1/templates/8/restore`, purge: `${sb.url}/api/v1/templates/8/purge` },
      },
    ]);
    assert.match(res.json.items[0].deleted_at, TIMESTAMP);
    assert.equal(res.json._pagination.total_items, 1);
    assert.equal((await get(sb, '/api/trash?filter=%20OLD%20')).json.items.length, 1);
    assert.equal((await get(sb, '/api/trash?filter=tensile')).json.items.length, 0);
    assert.equal((await get(sb, '/api/trash', 'bob')).json.items.length, 0);
    // Newest deletion first.
    await call(sb, 'DELETE', '/api/templates/3');
    assert.deepEqual((await get(sb, '/api/trash')).json.items.map((i: { id: number }) => i.id), [3, 8]);
  });

  it('restore: creator only, deleted only, else 404; 200 with the template and a revision', async () => {
    assert.equal((await call(sb, 'POST', '/api/templates/8/restore', { as: 'bob' })).status, 404);
    assert.equal((await call(sb, 'POST', '/api/templates/1/restore')).status, 404, 'not deleted');
    assert.equal((await call(sb, 'POST', '/api/templates/999/restore')).status, 404);
    assert.equal((await call(sb, 'GET', '/api/templates/8/restore')).status, 405);
    const deletedAt = sb.store.getTemplate(8)!.last_modified;
    const res = await call(sb, 'POST', '/api/templates/8/restore');
    assert.equal(res.status, 200);
    assert.equal(res.json.state, 'active');
    assert.equal(res.json.id, 8);
    assert.ok(res.json.last_modified > deletedAt);
    const revs = (await get(sb, '/api/templates/8/revisions')).json.items;
    assert.deepEqual(revs.map((r: { data: { state: string } }) => r.data.state), ['active', 'deleted', 'active']);
    assert.deepEqual(revs[0].diff, { state: 'deleted' });
    assert.equal((await get(sb, '/api/trash')).json.items.length, 0);
  });

  it('purge: creator only, deleted only; 204; gone for good and the identifier is free', async () => {
    assert.equal((await call(sb, 'POST', '/api/templates/8/purge', { as: 'bob' })).status, 404);
    assert.equal((await call(sb, 'POST', '/api/templates/3/purge')).status, 404);
    const res = await call(sb, 'POST', '/api/templates/8/purge');
    assert.equal(res.status, 204);
    assert.equal(sb.store.getTemplate(8), undefined);
    assert.equal((await call(sb, 'POST', '/api/templates/8/restore')).status, 404);
    assert.equal((await get(sb, '/api/trash')).json.items.length, 0);
    const again = await call(sb, 'POST', '/api/templates', { body: { identifier: 'old-protocol', title: 'Back', type: 'extras', data: [] } });
    assert.equal(again.status, 201);
  });
});

describe('sandbox mutations: revisions (§4)', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(() => sb.close());

  it('list: newest first, paginated, revision object shape, parent/child links', async () => {
    const res = await get(sb, '/api/templates/1/revisions');
    assert.equal(res.status, 200);
    const items = res.json.items;
    assert.deepEqual(items.map((r: { id: number }) => r.id), [3, 2, 1]);
    const [newest, middle, first] = items;
    assert.deepEqual(Object.keys(newest).sort(), ['_links', 'data', 'diff', 'id', 'object_id', 'timestamp', 'user']);
    assert.equal(newest.object_id, 1);
    assert.match(newest.timestamp, TIMESTAMP);
    assert.ok(newest.timestamp > middle.timestamp);
    assert.equal(newest.user.id, 2, 'bob made the third revision');
    assert.deepEqual(Object.keys(newest.data).sort(), ['data', 'description', 'identifier', 'state', 'title', 'visibility']);
    const base = `${sb.url}/api/templates/1/revisions`;
    assert.deepEqual(newest._links, { self: `${base}/3`, parent: `${base}/2` });
    assert.deepEqual(middle._links, { self: `${base}/2`, parent: `${base}/1`, child: `${base}/3` });
    assert.deepEqual(first._links, { self: `${base}/1`, child: `${base}/2` });
    const paged = await get(sb, '/api/templates/1/revisions?per_page=1&page=2');
    assert.deepEqual(paged.json.items.map((r: { id: number }) => r.id), [2]);
    assert.deepEqual(Object.keys(paged.json._pagination._links).sort(), ['next', 'prev', 'self']);
    // Revisions have no page cap.
    assert.equal((await get(sb, '/api/templates/1/revisions?page=150')).json._pagination.page, 150);
  });

  it('single: diff holds the older values of changed keys only', async () => {
    const r2 = (await get(sb, '/api/templates/1/revisions/2')).json;
    assert.deepEqual(r2.diff, { title: 'Tensile Test', description: 'Template for tensile tests.' });
    assert.equal(r2.data.title, 'Tensile test');
    const r3 = (await get(sb, '/api/templates/1/revisions/3')).json;
    assert.deepEqual(Object.keys(r3.diff), ['data']);
    assert.equal(r3.diff.data.length, 5);
    assert.equal(r3.data.data.length, 6);
  });

  it('?revision= compares with another revision of the same template; otherwise falls back to the parent', async () => {
    const vs1 = (await get(sb, '/api/templates/1/revisions/3?revision=1')).json;
    assert.deepEqual(Object.keys(vs1.diff).sort(), ['data', 'description', 'title']);
    assert.equal(vs1.diff.title, 'Tensile Test');
    const firstVs3 = (await get(sb, '/api/templates/1/revisions/1?revision=3')).json;
    assert.equal(firstVs3.diff.title, 'Tensile test');
    // A revision of template 2 is not a revision of template 1: ignored.
    const otherId = sb.store.getTemplate(2)!.revisions[0].id;
    const ignored = (await get(sb, `/api/templates/1/revisions/3?revision=${otherId}`)).json;
    assert.deepEqual(Object.keys(ignored.diff), ['data']);
    assert.deepEqual((await get(sb, '/api/templates/1/revisions/3?revision=999999')).json.diff, ignored.diff);
    assert.deepEqual((await get(sb, '/api/templates/1/revisions/3?revision=3')).json.diff, {});
  });

  it('404 for a revision of another template; v1 links', async () => {
    const otherId = sb.store.getTemplate(2)!.revisions[0].id;
    assert.equal((await get(sb, `/api/templates/1/revisions/${otherId}`)).status, 404);
    assert.equal((await get(sb, '/api/templates/1/revisions/999')).status, 404);
    const v1 = (await get(sb, '/api/v1/templates/1/revisions/2')).json;
    assert.equal(v1._links.self, `${sb.url}/api/v1/templates/1/revisions/2`);
    assert.equal(v1.user._links.self, `${sb.url}/api/v1/users/1`);
  });
});

describe('sandbox mutations: roles (§5)', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await startSandbox({ port: 0 });
  });
  afterEach(() => sb.close());

  const userRoles = async (id: number, q = '', who: 'alice' | 'bob' | 'carol' = 'alice') =>
    (await get(sb, `/api/templates/${id}/roles/users${q}`, who)).json.items.map((r: { user: { id: number }; role: { name: string } }) => `${r.user.id}:${r.role.name}`);

  it('user roles list: creator first, then rank, then id; shape; filter; exclude', async () => {
    await call(sb, 'POST', '/api/templates/3/roles/users', { body: { user: { id: 3 }, role: { name: 'member' } } });
    await call(sb, 'POST', '/api/templates/3/roles/users', { body: { user: { id: 2 }, role: { name: 'member' } } });
    assert.deepEqual(await userRoles(3), ['1:admin', '2:member', '3:member']);
    await call(sb, 'PATCH', '/api/templates/3/roles/users/3', { body: { name: 'admin' } });
    assert.deepEqual(await userRoles(3), ['1:admin', '3:admin', '2:member']);
    // carol's template 6: alice has member; creator (carol) first.
    assert.deepEqual(await userRoles(6), ['3:admin', '1:member']);

    const res = await get(sb, '/api/v1/templates/3/roles/users');
    const item = res.json.items[1];
    assert.deepEqual(Object.keys(item).sort(), ['_actions', 'role', 'user']);
    assert.deepEqual(item._actions, {
      remove: `${sb.url}/api/v1/templates/3/roles/users/3`,
      change: `${sb.url}/api/v1/templates/3/roles/users/3`,
    });
    assert.equal(item.user.displayname, 'Carol Chen');
    assert.equal(res.json._pagination.total_items, 3);

    assert.deepEqual(await userRoles(3, '?filter=CAR'), ['3:admin']);
    assert.deepEqual(await userRoles(3, '?filter=brown'), ['2:member']);
    assert.deepEqual(await userRoles(3, '?exclude=1&exclude=3'), ['2:member']);
    // Kadi 1.13.0 does not repeat filter/exclude in these links.
    const links = new URL((await get(sb, '/api/templates/3/roles/users?exclude=1&exclude=2&filter=x')).json._pagination._links.self);
    assert.deepEqual([...links.searchParams.keys()], ['page', 'per_page']);
  });

  it('add user role: 201 {}, 409 existing, 400 unknown role (no errors), 400 errors.user.id, name normalised', async () => {
    const ok = await call(sb, 'POST', '/api/templates/3/roles/users', { body: { user: { id: 2 }, role: { name: ' Editor ' } } });
    assert.equal(ok.status, 201);
    assert.deepEqual(ok.json, {});
    assert.deepEqual(await userRoles(3), ['1:admin', '2:editor']);

    const dup = await call(sb, 'POST', '/api/templates/3/roles/users', { body: { user: { id: 2 }, role: { name: 'member' } } });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.description, 'A role for that resource already exists.');

    const unknown = await call(sb, 'POST', '/api/templates/3/roles/users', { body: { user: { id: 3 }, role: { name: 'collaborator' } } });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.json, { code: 400, message: 'Bad Request', description: 'A role with that name does not exist.' });

    for (const id of [999, 4 /* dave is inactive */, 0]) {
      const bad = await call(sb, 'POST', '/api/templates/3/roles/users', { body: { user: { id }, role: { name: 'member' } } });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json.errors, { user: { id: ['No user with this ID exists.'] } });
    }
    const missing = await call(sb, 'POST', '/api/templates/3/roles/users', { body: {} });
    assert.deepEqual(missing.json.errors, { user: ['Missing data for required field.'], role: ['Missing data for required field.'] });
    const shapes = await call(sb, 'POST', '/api/templates/3/roles/users', { body: { user: 5, role: { name: 3 } } });
    assert.deepEqual(shapes.json.errors, { user: { _schema: ['Invalid input type.'] }, role: { name: ['Not a valid string.'] } });
    const strId = await call(sb, 'POST', '/api/templates/3/roles/users', { body: { user: { id: '3' }, role: { name: 'member' } } });
    assert.equal(strId.status, 201, 'marshmallow Integer accepts digit strings');
  });

  it('group roles: add (403 unreadable group, 400 unknown group), list visibility rules', async () => {
    const unreadable = await call(sb, 'POST', '/api/templates/3/roles/groups', { body: { group: { id: 2 }, role: { name: 'member' } } });
    assert.equal(unreadable.status, 403);
    assert.equal(unreadable.json.description, 'No permission to add role to group.');
    const unknown = await call(sb, 'POST', '/api/templates/3/roles/groups', { body: { group: { id: 99 }, role: { name: 'member' } } });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.json.errors, { group: { id: ['No group with this ID exists.'] } });
    // Kadi Community is public: readable without membership.
    const pub = await call(sb, 'POST', '/api/templates/3/roles/groups', { body: { group: { id: 3 }, role: { name: 'editor' } } });
    assert.equal(pub.status, 201);
    const lab = await call(sb, 'POST', '/api/templates/3/roles/groups', { body: { group: { id: 1 }, role: { name: 'member' } } });
    assert.equal(lab.status, 201);
    assert.equal((await call(sb, 'POST', '/api/templates/3/roles/groups', { body: { group: { id: 1 }, role: { name: 'admin' } } })).status, 409);

    const list = (await get(sb, '/api/templates/3/roles/groups')).json;
    assert.deepEqual(list.items.map((i: { group: { id: number }; role: { name: string } }) => `${i.group.id}:${i.role.name}`), ['3:editor', '1:member']);
    const g = list.items[1].group;
    assert.deepEqual(Object.keys(g).sort(), [
      '_actions', '_links', 'created_at', 'creator', 'description', 'id', 'identifier', 'last_modified', 'plain_description', 'state', 'title', 'visibility',
    ]);
    assert.equal(g.plain_description, 'Mechanical testing of metals.');
    assert.deepEqual(list.items[1]._actions, { remove: `${sb.url}/api/templates/3/roles/groups/1`, change: `${sb.url}/api/templates/3/roles/groups/1` });
    assert.deepEqual((await get(sb, '/api/templates/3/roles/groups?filter=LAB')).json.items.map((i: { group: { id: number } }) => i.group.id), [1]);

    // bob gets member on 3: cannot manage, cannot read Materials Lab → only the public group is listed.
    await call(sb, 'POST', '/api/templates/3/roles/users', { body: { user: { id: 2 }, role: { name: 'member' } } });
    assert.deepEqual((await get(sb, '/api/templates/3/roles/groups', 'bob')).json.items.map((i: { group: { id: number } }) => i.group.id), [3]);
    // bob as admin: every group role, the unreadable group reduced to a stub.
    await call(sb, 'PATCH', '/api/templates/3/roles/users/2', { body: { name: 'admin' } });
    const asAdmin = (await get(sb, '/api/templates/3/roles/groups', 'bob')).json.items;
    assert.deepEqual(asAdmin[1].group, { id: 1, title: 'Materials Lab', identifier: 'materials-lab', visibility: 'private' });
    assert.equal(asAdmin[0].group.description, 'Open to everyone.');
  });

  it('change/remove user roles: creator 409, missing role 404, unknown name 400, unknown user 404', async () => {
    const creatorChange = await call(sb, 'PATCH', '/api/templates/1/roles/users/1', { body: { name: 'member' } });
    assert.equal(creatorChange.status, 409);
    assert.equal(creatorChange.json.description, "Cannot change the creator's role.");
    const creatorRemove = await call(sb, 'DELETE', '/api/templates/1/roles/users/1');
    assert.equal(creatorRemove.status, 409);
    assert.equal(creatorRemove.json.description, "Cannot remove the creator's role.");
    const none = await call(sb, 'PATCH', '/api/templates/1/roles/users/3', { body: { name: 'member' } });
    assert.equal(none.status, 404);
    assert.equal(none.json.description, 'Role does not exist.');
    assert.equal((await call(sb, 'DELETE', '/api/templates/1/roles/users/3')).json.description, 'Role does not exist.');
    const badName = await call(sb, 'PATCH', '/api/templates/1/roles/users/2', { body: { name: 'owner' } });
    assert.equal(badName.status, 400);
    assert.equal(badName.json.description, 'A role with that name does not exist.');
    assert.equal('errors' in badName.json, false);
    assert.deepEqual(await userRoles(1), ['1:admin', '2:editor'], 'nothing committed');
    assert.equal((await call(sb, 'PATCH', '/api/templates/1/roles/users/99', { body: { name: 'member' } })).status, 404);
    assert.equal((await call(sb, 'DELETE', '/api/templates/1/roles/users/4')).status, 404, 'inactive user');

    const change = await call(sb, 'PATCH', '/api/templates/1/roles/users/2', { body: { name: 'MEMBER' } });
    assert.equal(change.status, 204);
    assert.equal(change.text, '');
    assert.deepEqual(await userRoles(1), ['1:admin', '2:member']);
    assert.equal((await call(sb, 'DELETE', '/api/templates/1/roles/users/2')).status, 204);
    assert.deepEqual(await userRoles(1), ['1:admin']);
    assert.equal((await get(sb, '/api/templates/1', 'bob')).status, 403);
  });

  it('change/remove group roles: 204 / 404 "Role does not exist." / 400', async () => {
    assert.equal((await call(sb, 'PATCH', '/api/templates/1/roles/groups/3', { body: { name: 'member' } })).json.description, 'Role does not exist.');
    assert.equal((await call(sb, 'PATCH', '/api/templates/1/roles/groups/1', { body: { name: 'nobody' } })).status, 400);
    assert.equal((await call(sb, 'PATCH', '/api/templates/1/roles/groups/99', { body: { name: 'member' } })).status, 404);
    assert.equal((await call(sb, 'PATCH', '/api/templates/1/roles/groups/1', { body: { name: 'editor' } })).status, 204);
    // carol (Materials Lab member) may now edit through the group.
    assert.equal((await call(sb, 'PATCH', '/api/templates/1', { as: 'carol', body: { title: 'Edited by carol' } })).status, 200);
    assert.equal((await call(sb, 'DELETE', '/api/templates/1/roles/groups/1')).status, 204);
    assert.equal((await call(sb, 'DELETE', '/api/templates/1/roles/groups/1')).status, 404);
    assert.equal((await get(sb, '/api/templates/1', 'carol')).status, 403, 'group role gone → no access');
  });

  it('role changes bump last_modified but make no revision', async () => {
    const t0 = (await get(sb, '/api/templates/3')).json.last_modified;
    const revs0 = (await get(sb, '/api/templates/3/revisions')).json._pagination.total_items;
    await call(sb, 'POST', '/api/templates/3/roles/users', { body: { user: { id: 2 }, role: { name: 'member' } } });
    const t1 = (await get(sb, '/api/templates/3')).json.last_modified;
    await call(sb, 'PATCH', '/api/templates/3/roles/users/2', { body: { name: 'editor' } });
    const t2 = (await get(sb, '/api/templates/3')).json.last_modified;
    await call(sb, 'DELETE', '/api/templates/3/roles/users/2');
    const t3 = (await get(sb, '/api/templates/3')).json.last_modified;
    assert.ok(t0 < t1 && t1 < t2 && t2 < t3, [t0, t1, t2, t3].join(' '));
    assert.equal((await get(sb, '/api/templates/3/revisions')).json._pagination.total_items, revs0);
  });

  it('permissions: editor/member may not manage roles; scope checked after permission', async () => {
    const body = { user: { id: 3 }, role: { name: 'member' } };
    assert.equal((await call(sb, 'POST', '/api/templates/1/roles/users', { as: 'bob', body })).status, 403);
    assert.equal((await call(sb, 'POST', '/api/templates/6/roles/users', { body })).status, 403);
    const ro = await call(sb, 'POST', '/api/templates/1/roles/users', { as: 'readonly', body });
    assert.equal(ro.status, 401);
    assert.deepEqual(ro.json.scopes, ['template.permissions']);
    assert.equal((await call(sb, 'POST', '/api/templates/9/roles/users', { as: 'readonly', body })).status, 403);
  });
});
