// Every KadiClient endpoint method once against the local Kadi4Mat-compatible sandbox, plus
// the sandbox's real error answers and pagination through all pages.
import * as assert from 'node:assert/strict';
import { KadiClient, isKadiError, type KadiClientOptions, type KadiError, type RequestEvent } from '../../src/kadi/client';
import type { Extra, Template } from '../../src/kadi/types';
import { SEED_GROUPS, SEED_USERS, startSandbox, type Sandbox } from '../../src/sandbox/index';
import { LICENSES } from '../../src/sandbox/licenses';

const ALICE = 'pat_sandbox_alice';

async function rejects(p: Promise<unknown>): Promise<KadiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isKadiError(e), `expected a KadiError, got ${String(e)}`);
    assert.ok(!e.message.includes('pat_sandbox'), 'token in message');
    return e;
  }
  assert.fail('expected the call to reject');
}

describe('KadiClient against the sandbox', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let events: RequestEvent[];
  const client = (token = ALICE, extra: Partial<KadiClientOptions> = {}) =>
    new KadiClient({ baseUrl: sb.url, token, onRequest: (e) => events.push(e), ...extra });

  beforeEach(async () => {
    sb = await startSandbox({ port: 0 });
    events = [];
  });
  afterEach(async () => {
    await sb.close();
  });

  it('licenses: every name over all pages, in one request per page', async () => {
    const c = client();
    const from = events.length;
    const names = await c.licenseNames();
    assert.deepEqual(names, LICENSES.map((l) => l.name));
    // Kadi 1.13.0 has 111 built-in licenses: two pages of 100.
    assert.deepEqual(events.slice(from).map((e) => e.path), ['/api/v1/licenses?page=1&per_page=100', '/api/v1/licenses?page=2&per_page=100']);
    const page = await c.listLicenses({ per_page: 2, page: 2 });
    assert.deepEqual(page.items.map((l) => l.name), LICENSES.slice(2, 4).map((l) => l.name));
  });

  it('info, roles, current user, users and groups', async () => {
    const c = client();
    assert.match((await c.getInfo()).version, /^\d+\.\d+/);
    const roles = await c.getRoles();
    assert.deepEqual(roles.template.map((r) => r.name), ['member', 'editor', 'admin']);

    const me = await c.getCurrentUser();
    assert.equal(me.id, SEED_USERS.alice);
    assert.equal(me.identity.username, 'alice');

    const users = await c.searchUsers({ filter: 'bro' });
    assert.deepEqual(users.items.map((u) => u.identity.username), ['bob']);
    const withInactive = await c.searchUsers({ inactive: true, per_page: 100 });
    assert.ok(withInactive.items.some((u) => u.id === SEED_USERS.dave));

    const groups = await c.searchGroups({ per_page: 100 });
    assert.ok(groups.items.some((g) => g.id === SEED_GROUPS.materialsLab));
    const mine = await c.searchGroups({ member_only: true, per_page: 100 });
    assert.ok(mine.items.every((g) => g.id !== SEED_GROUPS.simulation), 'alice is no member of Simulation');

    assert.deepEqual(
      sb.requests.map((r) => r.path.split('?')[0]),
      ['/api/v1/info', '/api/v1/roles', '/api/v1/users/me', '/api/v1/users', '/api/v1/users', '/api/v1/groups', '/api/v1/groups'],
    );
    assert.ok(sb.requests.every((r) => r.headers.authorization === `Bearer ${ALICE}`));
    assert.ok(sb.requests.every((r) => r.headers.accept === 'application/json'));
    assert.ok(!JSON.stringify(events).includes(ALICE));
    assert.equal(events.length, sb.requests.length);
  });

  it('create → get → patch → revisions → roles → exports → delete → trash → restore → purge', async () => {
    const c = client();
    const data: Extra[] = [
      { key: 'force', type: 'float', unit: 'N', value: null, validation: { range: { min: 0, max: null } } },
      { key: 'operator', type: 'str', value: 'lab', validation: { options: ['lab', 'field'] } },
    ];
    const created = await c.createTemplate({ identifier: 'client-lifecycle', title: 'Client lifecycle', type: 'extras', data });
    assert.equal(created.identifier, 'client-lifecycle');
    assert.equal(created.state, 'active');
    assert.equal(created.creator?.id, SEED_USERS.alice);
    const id = created.id;
    const post = sb.requests.at(-1)!;
    assert.equal(post.method, 'POST');
    assert.equal(post.status, 201);
    assert.equal(post.headers['content-type'], 'application/json');

    assert.equal((await c.getTemplate(id)).title, 'Client lifecycle');
    assert.equal((await c.getTemplateByIdentifier('client-lifecycle')).id, id);

    const patched = await c.updateTemplate(id, { title: 'Renamed', description: 'Now *with* text.' });
    assert.equal(patched.title, 'Renamed');
    assert.equal(patched.plain_description, 'Now with text.');

    const revs = await c.listRevisions(id);
    assert.equal(revs._pagination.total_items, 2);
    const [newest, first] = revs.items;
    const rev = await c.getRevision(id, newest.id);
    assert.equal(rev.data.title, 'Renamed');
    assert.equal(rev.diff.title, 'Client lifecycle');
    const vsFirst = await c.getRevision(id, newest.id, first.id);
    assert.equal(vsFirst.diff.description, '');
    assert.match(sb.requests.at(-1)!.path, new RegExp(`/revisions/${newest.id}\\?revision=${first.id}$`));
    // `_links` are absolute and on this origin, so getByUrl can follow them.
    const viaLink = await c.getByUrl<{ items: unknown[] }>(patched._links.revisions);
    assert.equal(viaLink.items.length, 2);

    // user roles
    await c.addUserRole(id, SEED_USERS.bob, 'editor');
    let users = await c.listUserRoles(id);
    assert.deepEqual(users.items.map((r) => [r.user.id, r.role.name]), [
      [SEED_USERS.alice, 'admin'],
      [SEED_USERS.bob, 'editor'],
    ]);
    await c.changeUserRole(id, SEED_USERS.bob, 'member');
    users = await c.listUserRoles(id, { exclude: [SEED_USERS.alice] });
    assert.deepEqual(users.items.map((r) => [r.user.id, r.role.name]), [[SEED_USERS.bob, 'member']]);
    assert.match(sb.requests.at(-1)!.path, /exclude=1(&|$)/);
    assert.equal((await client('pat_sandbox_bob').getTemplate(id)).id, id, 'bob can read with a member role');
    await c.removeUserRole(id, SEED_USERS.bob);
    assert.equal((await c.listUserRoles(id)).items.length, 1);
    const creatorRole = await rejects(c.removeUserRole(id, SEED_USERS.alice));
    assert.equal(creatorRole.status, 409);
    assert.equal(creatorRole.description, "Cannot remove the creator's role.");

    // group roles
    await c.addGroupRole(id, SEED_GROUPS.materialsLab, 'member');
    await c.changeGroupRole(id, SEED_GROUPS.materialsLab, 'editor');
    const groups = await c.listGroupRoles(id, { filter: 'materials' });
    assert.deepEqual(groups.items.map((r) => [r.group.id, r.role.name]), [[SEED_GROUPS.materialsLab, 'editor']]);
    await c.removeGroupRole(id, SEED_GROUPS.materialsLab);
    assert.equal((await c.listGroupRoles(id)).items.length, 0);
    const dup = await c.addUserRole(id, SEED_USERS.carol, 'member').then(() => rejects(c.addUserRole(id, SEED_USERS.carol, 'admin')));
    assert.equal(dup.status, 409);

    // exports
    const json = JSON.parse(await c.exportTemplate(id, 'json')) as Record<string, unknown>;
    assert.equal(json.identifier, 'client-lifecycle');
    assert.equal('_links' in json, false);
    const schema = await c.exportJsonSchema(id);
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(Object.keys(schema.properties as object).sort(), ['force', 'operator']);
    const filtered = await c.exportJsonSchema(id, { extras: { force: {} } });
    assert.deepEqual(Object.keys(filtered.properties as object), ['operator']);
    assert.deepEqual(JSON.parse(new URL(sb.requests.at(-1)!.path, sb.url).searchParams.get('filter')!), { extras: { force: {} } });
    const ttl = await c.exportTemplate(id, 'shacl');
    assert.match(ttl, /sh:NodeShape/);

    // delete → trash → restore → delete → purge
    await c.deleteTemplate(id);
    const gone = await rejects(c.getTemplate(id));
    assert.equal(gone.status, 404);
    const trash = await c.listTrash({ filter: 'client-lifecycle' });
    assert.deepEqual(trash.items.map((t) => [t.id, t.type]), [[id, 'template']]);
    const restored = await c.restoreTemplate(id);
    assert.equal(restored.state, 'active');
    assert.equal((await c.getTemplate(id)).title, 'Renamed');
    await c.deleteTemplate(id);
    await c.purgeTemplate(id);
    assert.equal((await c.listTrash({ filter: 'client-lifecycle' })).items.length, 0);
    assert.equal((await rejects(c.restoreTemplate(id))).status, 404);

    // Nothing but the Authorization header ever carried the token.
    for (const r of sb.requests) {
      assert.ok(!r.path.includes('pat_') && !r.body.includes('pat_'));
    }
  });

  it("reports the sandbox's 400/401/403/404 answers as KadiErrors", async () => {
    const dup = await rejects(client().createTemplate({ identifier: 'tensile-test', title: 'x', type: 'extras', data: [] }));
    assert.equal(dup.status, 400);
    assert.deepEqual(dup.errors, { identifier: ['Identifier is already in use.'] });
    assert.equal(dup.message, 'Kadi4Mat answered 400: identifier: Identifier is already in use.');

    const bad = await rejects(client().createTemplate({ identifier: 'x-bad', title: 'x', type: 'extras', data: [{ type: 'int', key: 'a', value: 'abc' }] }));
    assert.deepEqual(bad.errors, { data: { '0': { value: ['Not a valid integer.'] } } });

    const tensile = await client().getTemplateByIdentifier('tensile-test');
    const scope = await rejects(client('pat_sandbox_alice_readonly').updateTemplate(tensile.id, { title: 'x' }));
    assert.equal(scope.status, 401);
    assert.deepEqual(scope.scopes, ['template.update']);
    assert.equal(scope.message, 'Kadi4Mat answered 401: Access token has insufficient scope (needs template.update).');

    const expired = await rejects(client('pat_sandbox_expired').getInfo());
    assert.equal(expired.description, 'Access token has expired.');
    const unknown = await rejects(client('pat_unknown_token').getInfo());
    assert.equal(unknown.status, 401);
    assert.equal(unknown.description, 'No valid access token was supplied.');

    const bobNotes = await client('pat_sandbox_bob').getTemplateByIdentifier('bob-notes');
    const forbidden = await rejects(client('pat_sandbox_carol').getTemplate(bobNotes.id));
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.method, 'GET');
    assert.equal(forbidden.path, `/api/v1/templates/${bobNotes.id}`);

    const missing = await rejects(client().getTemplate(999_999));
    assert.equal(missing.status, 404);
    assert.equal(missing.kind, 'http');
  });

  it('walks all pages of templates, revisions and users', async () => {
    const c = client();
    const all: Template[] = [];
    for await (const p of c.templatePages({ per_page: 2, sort: 'identifier' })) {
      assert.equal(p.limitReached, undefined);
      all.push(...p.items);
    }
    const first = await c.searchTemplates({ per_page: 2 });
    assert.ok(first._pagination.total_pages >= 3, 'seed has enough templates for several pages');
    assert.equal(all.length, first._pagination.total_items);
    assert.equal(new Set(all.map((t) => t.id)).size, all.length, 'no duplicates');
    const ids = all.map((t) => t.identifier);
    assert.deepEqual(ids, [...ids].sort());
    const pagesAsked = sb.requests
      .filter((r) => r.path.startsWith('/api/v1/templates?') && r.path.includes('sort=identifier'))
      .map((r) => Number(new URL(r.path, sb.url).searchParams.get('page')));
    assert.deepEqual(pagesAsked, Array.from({ length: first._pagination.total_pages }, (_, i) => i + 1));

    // The `next` link of a page is followable through getByUrl.
    const next = await c.getByUrl<{ _pagination: { page: number } }>(first._pagination._links.next!);
    assert.equal(next._pagination.page, 2);

    const revs = await c.listRevisions((await c.getTemplateByIdentifier('tensile-test')).id, { per_page: 1, page: 2 });
    assert.equal(revs._pagination.page, 2);
    assert.equal(revs.items.length, 1);
  });

  it('stops at the search page cap instead of looping', async () => {
    await sb.close();
    sb = await startSandbox({ port: 0, extraTemplates: 400 });
    const c = client();
    const total = (await c.searchTemplates({ per_page: 1 }))._pagination.total_items;
    assert.ok(total > 100, `alice must see more than 100 templates (sees ${total})`);
    sb.requests.length = 0;
    let pagesSeen = 0;
    let items = 0;
    let note: string | undefined;
    for await (const p of c.templatePages({ per_page: 1 })) {
      pagesSeen++;
      items += p.items.length;
      note = p.limitReached;
    }
    assert.equal(pagesSeen, 100);
    assert.equal(items, 100);
    assert.equal(note, 'Only the first 100 results can be listed; narrow the search.');
    assert.ok(sb.requests.length <= 100);
  });

  it('/api/v1 and unversioned /api both work, and links keep the version', async () => {
    const v1 = client();
    const bare = client(ALICE, { apiVersion: '' });
    const a = await v1.getTemplateByIdentifier('tensile-test');
    const b = await bare.getTemplateByIdentifier('tensile-test');
    assert.equal(a.id, b.id);
    assert.equal(a._links.self, `${sb.url}/api/v1/templates/${a.id}`);
    assert.equal(b._links.self, `${sb.url}/api/templates/${b.id}`);
    assert.deepEqual(
      sb.requests.map((r) => r.path),
      ['/api/v1/templates/identifier/tensile-test', '/api/templates/identifier/tensile-test'],
    );
    // A base URL pasted with /api/v1 ends up in the same place.
    const pasted = new KadiClient({ baseUrl: `${sb.url}/api/v1/`, token: ALICE });
    assert.equal((await pasted.getTemplate(a.id)).identifier, 'tensile-test');
  });

  it('a sandbox 429 asking for longer than maxRetryWaitMs fails at once with retryAfter', async () => {
    await sb.close();
    sb = await startSandbox({ port: 0, rateLimitPerMinute: 2 });
    const waits: { seconds: number; attempt: number }[] = [];
    const c = client(ALICE, { maxRetryWaitMs: 100, onRetryWait: (w) => waits.push(w) });
    await c.getInfo();
    await c.getInfo();
    // The sandbox asks for up to 60 s, above the cap: the client fails at once with retryAfter.
    const e = await rejects(c.getInfo());
    assert.equal(e.status, 429);
    assert.ok(e.retryAfter! >= 1 && e.retryAfter! <= 60);
    assert.equal(waits.length, 0);
    assert.equal(sb.requests.at(-1)!.status, 429);
  });
});
