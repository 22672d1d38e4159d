// The client contract against the real Kadi4Mat: every KadiClient method, every error class
// and the paging rules, as the real server answers them (the same calls the extension makes).
import * as assert from 'assert';
import { KadiClient, KadiError, type KadiClientOptions, type RequestEvent } from '../../src/kadi/client';
import { SEED_GROUPS, SEED_TEMPLATES, SEED_USERS } from '../../src/sandbox';
import { bearer, realKadi } from './instance';

const T = SEED_TEMPLATES;

const client = (token = 'pat_sandbox_alice', extra: Partial<KadiClientOptions> = {}): KadiClient =>
  new KadiClient({ baseUrl: realKadi().url, token, maxRetries: 0, ...extra });

async function failure(p: Promise<unknown>): Promise<KadiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof KadiError, `not a KadiError: ${String(e)}`);
    return e;
  }
  return assert.fail('expected a KadiError');
}

describe('real Kadi4Mat: client contract', () => {
  before(() => realKadi().reset());

  describe('reads', () => {
    it('info, the current user, users and groups', async () => {
      const c = client();
      assert.strictEqual((await c.getInfo()).version, realKadi().version);
      const me = await c.getCurrentUser();
      assert.deepStrictEqual([me.id, me.displayname], [SEED_USERS.alice, 'Alice Anderson']);
      const users = await c.searchUsers({ filter: 'bob' });
      assert.deepStrictEqual(users.items.map((u) => u.id), [SEED_USERS.bob]);
      // Inactive users are listed only on request.
      assert.ok(!(await c.searchUsers({ per_page: 100 })).items.some((u) => u.id === SEED_USERS.dave));
      const groups = await c.searchGroups({ per_page: 100 });
      // alice sees her group and the public one, not bob's private Simulation.
      assert.deepStrictEqual(groups.items.map((g) => g.id).sort(), [SEED_GROUPS.materialsLab, SEED_GROUPS.community]);
    });

    it('the seed templates under the sandbox ids, by id and by identifier', async () => {
      const c = client();
      const t = await c.getTemplate(T.tensileTest);
      assert.deepStrictEqual([t.identifier, t.title, t.type, t.creator?.id], ['tensile-test', 'Tensile test', 'extras', SEED_USERS.alice]);
      assert.strictEqual((await c.getTemplateByIdentifier('sample-record')).id, T.sampleRecord);
      const list = await c.searchTemplates({ per_page: 100 });
      // alice: her own (1–3), bob's public one (4), carol's shared ones (6, 7); not 5, 8 (trash) or 9.
      assert.deepStrictEqual(list.items.map((x) => x.id).sort((a, b) => a - b), [1, 2, 3, 4, 6, 7]);
      assert.strictEqual(list._pagination.total_items, 6);
    });

    it('revisions, one revision, and a revision compared with another', async () => {
      const c = client();
      const revs = await c.listRevisions(T.tensileTest);
      // create, title+description, data by bob: three revisions, newest first.
      assert.strictEqual(revs.items.length, 3);
      assert.ok(revs.items[0].id > revs.items[2].id);
      const newest = await c.getRevision(T.tensileTest, revs.items[0].id);
      assert.ok(newest.diff, 'a revision carries its diff');
      const compared = await c.getRevision(T.tensileTest, revs.items[0].id, revs.items[2].id);
      assert.ok(compared.diff);
    });

    it('roles of a template, the role definitions, licenses, the trash', async () => {
      const c = client();
      const users = await c.listUserRoles(T.tensileTest);
      assert.deepStrictEqual(
        users.items.map((r) => [r.user.id, r.role.name]).sort(),
        [
          [SEED_USERS.alice, 'admin'],
          [SEED_USERS.bob, 'editor'],
        ],
      );
      const groups = await c.listGroupRoles(T.tensileTest);
      assert.deepStrictEqual(groups.items.map((r) => [r.group.id, r.role.name]), [[SEED_GROUPS.materialsLab, 'member']]);
      const roles = await c.getRoles();
      assert.ok(JSON.stringify(roles).includes('editor'));
      assert.ok((await c.licenseNames()).includes('CC-BY-4.0'));
      const trash = await c.listTrash();
      assert.deepStrictEqual(trash.items.map((x) => x.id), [T.oldProtocol]);
    });

    it('exports: json, json-schema (with a filter) and shacl', async () => {
      const c = client();
      const json = JSON.parse(await c.exportTemplate(T.tensileTest, 'json')) as Record<string, unknown>;
      assert.strictEqual(json.identifier, 'tensile-test');
      const schema = await c.exportJsonSchema(T.tensileTest);
      assert.ok(schema.$schema && schema.properties, JSON.stringify(schema).slice(0, 200));
      const shacl = await c.exportTemplate(T.tensileTest, 'shacl');
      assert.match(shacl, /sh:NodeShape/);
    });
  });

  describe('writes', () => {
    it('create, update (a new revision), delete, restore, purge', async () => {
      const c = client();
      const made = await c.createTemplate({ identifier: 'contract-x', title: 'Contract', type: 'extras', data: [{ key: 'a', type: 'int', value: 1 }] });
      assert.strictEqual(made.creator?.id, SEED_USERS.alice);
      const before = (await c.listRevisions(made.id)).items.length;
      const updated = await c.updateTemplate(made.id, { title: 'Contract 2' });
      assert.strictEqual(updated.title, 'Contract 2');
      assert.ok(updated.last_modified > made.last_modified);
      assert.strictEqual((await c.listRevisions(made.id)).items.length, before + 1);
      await c.deleteTemplate(made.id);
      assert.ok((await c.listTrash()).items.some((x) => x.id === made.id));
      assert.strictEqual((await c.restoreTemplate(made.id)).state, 'active');
      await c.deleteTemplate(made.id);
      await c.purgeTemplate(made.id);
      assert.strictEqual((await failure(c.getTemplate(made.id))).status, 404);
    });

    it('user and group roles: add, change, remove', async () => {
      const c = client();
      await c.addUserRole(T.measurementSeries, SEED_USERS.carol, 'member');
      await c.changeUserRole(T.measurementSeries, SEED_USERS.carol, 'editor');
      const roles = await c.listUserRoles(T.measurementSeries);
      assert.deepStrictEqual(roles.items.find((r) => r.user.id === SEED_USERS.carol)?.role.name, 'editor');
      await c.removeUserRole(T.measurementSeries, SEED_USERS.carol);
      await c.addGroupRole(T.measurementSeries, SEED_GROUPS.community, 'member');
      await c.changeGroupRole(T.measurementSeries, SEED_GROUPS.community, 'editor');
      await c.removeGroupRole(T.measurementSeries, SEED_GROUPS.community);
      assert.deepStrictEqual((await c.listGroupRoles(T.measurementSeries)).items, []);
    });
  });

  describe('errors', () => {
    it('400 with the errors nested like the body', async () => {
      const e = await failure(client().updateTemplate(T.measurementSeries, { data: [{ key: 'x', type: 'int', value: 'five' }] }));
      assert.strictEqual(e.status, 400);
      assert.deepStrictEqual(e.errors, { data: { 0: { value: ['Not a valid integer.'] } } });
      // The data is checked only when the other fields passed: one error, the identifier's.
      const both = await failure(client().updateTemplate(T.measurementSeries, { identifier: 'A B', data: [{ key: 'x', type: 'int', value: 'five' }] }));
      assert.deepStrictEqual(Object.keys(both.errors ?? {}), ['identifier']);
    });

    it('401: missing token, expired token, inactive account, insufficient scope with the scopes', async () => {
      const none = await fetch(`${realKadi().url}/api/templates`);
      assert.strictEqual(none.status, 401);
      const expired = await failure(client('pat_sandbox_expired').getCurrentUser());
      assert.deepStrictEqual([expired.status, expired.description], [401, 'Access token has expired.']);
      const inactive = await failure(client('pat_sandbox_dave').getCurrentUser());
      assert.deepStrictEqual([inactive.status, inactive.description], [401, 'This account is currently inactive.']);
      const scope = await failure(client('pat_sandbox_alice_readonly').updateTemplate(T.measurementSeries, { title: 'x' }));
      assert.deepStrictEqual([scope.status, scope.description, scope.scopes], [401, 'Access token has insufficient scope.', ['template.update']]);
      // template.read is enough to read.
      assert.strictEqual((await client('pat_sandbox_alice_readonly').getTemplate(T.tensileTest)).id, T.tensileTest);
    });

    it('403 for a template alice may not see, 404 for one that does not exist, 405 for a wrong method', async () => {
      assert.strictEqual((await failure(client().getTemplate(T.bobNotes))).status, 403);
      assert.strictEqual((await failure(client().getTemplate(99999))).status, 404);
      const put = await fetch(`${realKadi().url}/api/templates/${T.tensileTest}`, { method: 'PUT', headers: bearer() });
      assert.strictEqual(put.status, 405);
    });

    it('409: a role that exists already, and the creator\'s own role', async () => {
      const c = client();
      const again = await failure(c.addUserRole(T.tensileTest, SEED_USERS.bob, 'member'));
      assert.strictEqual(again.status, 409);
      const creator = await failure(c.changeUserRole(T.tensileTest, SEED_USERS.alice, 'member'));
      assert.strictEqual(creator.status, 409);
    });

    it('429 with Retry-After under a rate limit; the client waits it out when allowed to', async function () {
      this.timeout(240_000);
      await realKadi().reset({ rateLimit: '3/10seconds' });
      try {
        const c = client();
        // The fourth request of a 10 s window is refused (a few more in case a window just ended).
        let e: KadiError | undefined;
        for (let i = 0; i < 8 && !e; i++) e = await c.getInfo().then(() => undefined, (err: unknown) => err as KadiError);
        assert.ok(e instanceof KadiError, 'no 429 within 8 requests');
        assert.strictEqual(e.status, 429);
        assert.ok(e.retryAfter !== undefined && e.retryAfter > 0 && e.retryAfter <= 11, `Retry-After ${e.retryAfter}`);
        // Allowed to wait: one retry after the server's Retry-After, and the answer.
        const waits: number[] = [];
        const patient = client('pat_sandbox_alice', { maxRetries: 1, maxRetryWaitMs: 15_000, onRetryWait: (w) => waits.push(w.seconds) });
        assert.strictEqual((await patient.getInfo()).version, realKadi().version);
        assert.strictEqual(waits.length, 1);
      } finally {
        await realKadi().reset();
      }
    });
  });

  describe('paging and links', () => {
    it('per_page is capped at 100 and page beyond the last is empty', async () => {
      const c = client();
      const big = await c.searchTemplates({ per_page: 1000 });
      assert.strictEqual(big._pagination.per_page, 100);
      const far = await c.searchTemplates({ page: 50, per_page: 10 });
      assert.deepStrictEqual(far.items, []);
    });

    it('absolute links carry the server\'s own host and port, and the token goes only there', async () => {
      const events: RequestEvent[] = [];
      const c = client('pat_sandbox_alice', { onRequest: (e) => events.push(e) });
      const t = await c.getTemplate(T.tensileTest);
      const self = new URL(String(t._links?.self));
      assert.strictEqual(self.origin, realKadi().url);
      assert.ok(events.length > 0 && events.every((e) => !JSON.stringify(e).includes('pat_sandbox')));
    });
  });
});
