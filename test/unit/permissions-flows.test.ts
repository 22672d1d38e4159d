// Add User…, Add Group…, Change Role…, Remove against the sandbox with scripted answers: what
// the server received and holds afterwards, what the user was asked and told — for success,
// cancel at each step, and each error status (401 scope, 403, 404, 409, 400).
import * as assert from 'node:assert/strict';
import { connectInstance } from '../../src/instances/connect';
import { addGroupRoleFlow, addGroupRolesFlow, addUserRoleFlow, addUserRolesFlow, changeRoleFlow, removeRoleFlow, type PermissionFlowDeps } from '../../src/permissions/flows';
import type { Steps } from '../../src/ui/progress';
import { RoleCatalog } from '../../src/permissions/roles';
import type { RoleTarget } from '../../src/permissions/target';
import type { Template } from '../../src/kadi/types';
import { SEED_GROUPS, SEED_TEMPLATES, SEED_USERS } from '../../src/sandbox/index';
import { makeRegistry, noProgress, type TestRegistry } from '../support/fakes';
import { sandboxPerTest } from '../support/sandbox';

const { alice, bob, carol } = SEED_USERS;
const { tensileTest, sampleRecord, microscopyImage } = SEED_TEMPLATES;

describe('permissions: command flows', function () {
  this.timeout(20_000);
  const sb = sandboxPerTest();
  let t: TestRegistry;
  let id: string;
  let changes: { instanceId: string; templateId: number; kind: string }[];
  let steps: string[];
  let cancelAfter: number | undefined;

  const deps = (): PermissionFlowDeps => ({
    clients: t.registry,
    prompts: t.prompts,
    progress: noProgress,
    steps: async (_title, work) => {
      const s: Steps = {
        report: (message) => void steps.push(message),
        get cancelled() {
          return cancelAfter !== undefined && steps.length >= cancelAfter;
        },
      };
      return work(s);
    },
    roles: new RoleCatalog(t.registry),
    changed: (c) => void changes.push(c),
  });
  async function connect(token: string): Promise<void> {
    t = makeRegistry();
    id = (await connectInstance(t.registry, { baseUrl: sb.url, token })).info.id;
    sb.requests.length = 0;
  }
  const writes = () => sb.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}${r.body ? ` ${r.body}` : ''}`);
  const row = (tid: number) => sb.store.getTemplate(tid)!;
  const told = (level: 'info' | 'warn' | 'error' | 'status') => t.prompts.messages.filter((m) => m.level === level).map((m) => m.text);
  /** Runs `hook` just before the next scripted pick is answered (e.g. someone changes the server meanwhile). */
  function beforePick(hook: () => void): void {
    const pick = t.prompts.pick.bind(t.prompts);
    t.prompts.pick = (async (items: never, o: never) => {
      hook();
      t.prompts.pick = pick;
      return pick(items, o);
    }) as typeof t.prompts.pick;
  }
  function beforeWarn(hook: () => void): void {
    const warn = t.prompts.warn.bind(t.prompts);
    t.prompts.warn = (async (m: string, o: never, ...b: never[]) => {
      hook();
      t.prompts.warn = warn;
      return warn(m, o, ...b);
    }) as typeof t.prompts.warn;
  }
  async function template(tid: number): Promise<Template> {
    return t.registry.call(id, (c) => c.getTemplate(tid));
  }
  async function bobRole(): Promise<RoleTarget> {
    const tpl = await template(tensileTest);
    return {
      instanceId: id,
      templateId: tensileTest,
      identifier: 'tensile-test',
      template: tpl,
      subject: { type: 'user', id: bob, name: 'Bob Brown' },
      role: 'editor',
      isCreator: false,
    };
  }

  beforeEach(async () => {
    changes = [];
    steps = [];
    cancelAfter = undefined;
    await connect('pat_sandbox_alice');
  });

  describe('Add User…', () => {
    it('searches users (those with a role left out), role pick with meanings → POST, tree told, user told', async () => {
      t.prompts.answers.push({ search: '', pick: /Carol Chen/ }, { pick: /editor/ });
      const added = await addUserRoleFlow(deps(), { instanceId: id, templateId: tensileTest });
      t.prompts.done();
      const [users, roles] = t.prompts.asked;
      assert.equal(users.kind, 'pickDynamic');
      assert.deepEqual(users.items, ['$(person) Carol Chen'], 'alice (creator) and bob (editor) already have a role; dave is inactive');
      assert.deepEqual(roles.items, ['$(eye) member', '$(edit) editor', '$(shield) admin']);
      assert.match(roles.title ?? '', /Role of Carol Chen on 'tensile-test'/);
      assert.deepEqual(added, { templateId: tensileTest, subject: { type: 'user', id: carol, name: 'Carol Chen' }, role: 'editor' });
      assert.deepEqual(writes(), [`POST /api/v1/templates/${tensileTest}/roles/users {"user":{"id":${carol}},"role":{"name":"editor"}}`]);
      assert.equal(row(tensileTest).user_roles[carol], 'editor');
      assert.deepEqual(changes, [{ instanceId: id, templateId: tensileTest, kind: 'roles' }]);
      assert.deepEqual(told('status'), ["Carol Chen is now editor of 'tensile-test'."]);
      assert.deepEqual(told('info'), [], 'routine success: the status bar, no notification that stacks');
      assert.ok(sb.requests.some((r) => r.path.startsWith('/api/v1/users?filter=') || r.path.startsWith('/api/v1/users?per_page=')), 'GET /users searched');
    });

    it('the role pick explains each role with the instance\'s words (GET /api/roles)', async () => {
      let details: (string | undefined)[] = [];
      const pick = t.prompts.pick.bind(t.prompts);
      t.prompts.pick = (async (items: readonly { detail?: string }[], o: never) => {
        details = items.map((i) => i.detail);
        return pick(items as never, o);
      }) as unknown as typeof t.prompts.pick;
      t.prompts.answers.push({ search: 'carol', pick: /Carol/ }, { pick: /member/ });
      await addUserRoleFlow(deps(), { instanceId: id, templateId: tensileTest });
      assert.deepEqual(details, [
        'View this template.',
        'View this template. Edit this template.',
        'View this template. Edit this template. Manage permissions of this template. Delete this template.',
      ]);
      assert.ok(sb.requests.some((r) => r.path === '/api/v1/roles'));
      assert.ok(sb.requests.some((r) => r.path.includes('/users?filter=carol')), 'the typed text is the server-side filter');
    });

    it('from the palette: the template is picked by a search first', async () => {
      t.prompts.answers.push({ search: 'tensile', pick: /Tensile/ }, { search: '', pick: /Carol/ }, { pick: /member/ });
      const added = await addUserRoleFlow(deps(), { instanceId: id });
      t.prompts.done();
      assert.equal(added?.templateId, tensileTest);
      assert.equal(row(tensileTest).user_roles[carol], 'member');
    });

    for (const [step, answers] of [
      ['the template pick', [{ search: 'tensile', pick: undefined }]],
      ['the user pick', [{ search: 'tensile', pick: /Tensile/ }, { search: '', pick: undefined }]],
      ['the role pick', [{ search: 'tensile', pick: /Tensile/ }, { search: '', pick: /Carol/ }, { pick: undefined }]],
    ] as const) {
      it(`cancel at ${step}: nothing is sent, nothing is said`, async () => {
        t.prompts.answers.push(...(answers as unknown as never[]));
        assert.equal(await addUserRoleFlow(deps(), { instanceId: id }), undefined);
        t.prompts.done();
        assert.deepEqual(writes(), []);
        assert.deepEqual(t.prompts.messages, []);
        assert.deepEqual(changes, []);
        assert.equal(row(tensileTest).user_roles[carol], undefined);
      });
    }

    it('known not to be admin (member of microscopy-image): refused before anything is asked', async () => {
      await assert.rejects(addUserRoleFlow(deps(), { instanceId: id, templateId: microscopyImage }), (e: Error) => {
        assert.match(e.message, /^You cannot add users to 'microscopy-image': only users with the admin role on a template can change its permissions, and your role is member \(direct role\)\.$/);
        return true;
      });
      assert.deepEqual(t.prompts.asked, []);
      assert.deepEqual(writes(), []);
    });

    it('403 (role lowered meanwhile): explained with the admin rule and the user\'s role now', async () => {
      sb.store.setUserRole(tensileTest, bob, 'admin');
      await connect('pat_sandbox_bob');
      t.prompts.answers.push({ search: '', pick: /Carol/ }, { pick: /member/ });
      beforePick(() => sb.store.setUserRole(tensileTest, bob, 'editor'));
      await assert.rejects(addUserRoleFlow(deps(), { instanceId: id, templateId: tensileTest }), (e: Error) => {
        assert.equal(e.message, "Could not add Carol Chen to 'tensile-test': only users with the admin role on 'tensile-test' can change its permissions, and your role is editor (direct role). Ask its creator or one of its admins.");
        return true;
      });
      assert.equal(sb.requests.find((r) => r.method === 'POST')?.status, 403);
      assert.equal(row(tensileTest).user_roles[carol], undefined);
    });

    it('409 (given a role meanwhile): says so and points to Change Role', async () => {
      t.prompts.answers.push({ search: '', pick: /Carol/ }, { pick: /admin/ });
      beforePick(() => sb.store.setUserRole(tensileTest, carol, 'member'));
      await assert.rejects(addUserRoleFlow(deps(), { instanceId: id, templateId: tensileTest }), /^ExplainedError: Carol Chen already has a role on 'tensile-test' \(given meanwhile, perhaps by someone else\)\. Use "Change Role…" on it instead\.$/);
      assert.equal(row(tensileTest).user_roles[carol], 'member', 'the role given meanwhile stays');
      assert.deepEqual(changes, [{ instanceId: id, templateId: tensileTest, kind: 'roles' }], 'the tree reloads the roles');
    });

    it('400 (user deactivated meanwhile): "no longer an active user"', async () => {
      t.prompts.answers.push({ search: '', pick: /Carol/ }, { pick: /member/ });
      beforePick(() => (sb.store.users.get(carol)!.state = 'inactive'));
      await assert.rejects(addUserRoleFlow(deps(), { instanceId: id, templateId: tensileTest }), (e: Error) => {
        assert.match(e.message, /^Could not add Carol Chen to 'tensile-test': Carol Chen is no longer an active user on /);
        return true;
      });
      assert.equal(sb.requests.find((r) => r.method === 'POST')?.status, 400);
    });

    it('404 (template deleted meanwhile): says it is gone', async () => {
      t.prompts.answers.push({ search: '', pick: /Carol/ }, { pick: /member/ });
      beforePick(() => sb.store.deleteTemplate(tensileTest, alice));
      await assert.rejects(addUserRoleFlow(deps(), { instanceId: id, templateId: tensileTest }), /Could not add Carol Chen to 'tensile-test': 'tensile-test' is no longer on .* \(deleted or moved to the trash\), or Carol Chen is no longer an active user\./);
      assert.equal(sb.requests.find((r) => r.method === 'POST')?.status, 404);
    });

    it('401 without user.read (read-only token): names the missing scope before any pick opens', async () => {
      await connect('pat_sandbox_alice_readonly');
      await assert.rejects(addUserRoleFlow(deps(), { instanceId: id, templateId: tensileTest }), (e: Error) => {
        assert.match(e.message, /^Could not add users to 'tensile-test': the access token lacks the scope user\.read \(Kadi4Mat requires template\.read and user\.read for this\)\. Create a token/);
        assert.match(e.message, /"Kadi4Mat: Replace Token"/);
        return true;
      });
      assert.deepEqual(t.prompts.asked, []);
      assert.deepEqual(writes(), []);
    });
  });

  describe('Add Group…', () => {
    it('searches the groups the user can see (those with a role left out) → POST', async () => {
      t.prompts.answers.push({ search: '', pick: /Kadi Community/ }, { pick: /member/ });
      const added = await addGroupRoleFlow(deps(), { instanceId: id, templateId: sampleRecord });
      t.prompts.done();
      // Materials Lab already is editor of sample-record; Simulation is private and alice is no member.
      assert.deepEqual(t.prompts.asked[0].items, ['$(organization) Kadi Community']);
      assert.deepEqual(added?.subject, { type: 'group', id: SEED_GROUPS.community, name: 'Kadi Community' });
      assert.deepEqual(writes(), [`POST /api/v1/templates/${sampleRecord}/roles/groups {"group":{"id":${SEED_GROUPS.community}},"role":{"name":"member"}}`]);
      assert.equal(row(sampleRecord).group_roles[SEED_GROUPS.community], 'member');
      assert.deepEqual(told('status'), ["Members of Kadi Community are now members of 'sample-record'."]);
      assert.deepEqual(told('info'), [], 'routine success: the status bar, no notification that stacks');
      assert.ok(sb.requests.some((r) => r.path.startsWith('/api/v1/groups?') && r.path.includes('per_page=50')));
    });

    it('cancel at the group pick and at the role pick', async () => {
      t.prompts.answers.push({ search: '', pick: undefined });
      assert.equal(await addGroupRoleFlow(deps(), { instanceId: id, templateId: sampleRecord }), undefined);
      t.prompts.answers.push({ search: 'community', pick: /Kadi Community/ }, { pick: undefined });
      assert.equal(await addGroupRoleFlow(deps(), { instanceId: id, templateId: sampleRecord }), undefined);
      t.prompts.done();
      assert.deepEqual(writes(), []);
      assert.deepEqual(t.prompts.messages, []);
    });

    it('403 "No permission to add role to group": only groups the user can see', async () => {
      t.prompts.answers.push({ search: '', pick: /Kadi Community/ }, { pick: /member/ });
      beforePick(() => (sb.store.groups.get(SEED_GROUPS.community)!.visibility = 'private'));
      await assert.rejects(addGroupRoleFlow(deps(), { instanceId: id, templateId: sampleRecord }), (e: Error) => {
        assert.equal(e.message, 'Could not add the group Kadi Community to \'sample-record\': you can only give a role to a group you can see — a public group or one you are a member of (Kadi4Mat: "No permission to add role to group.").');
        return true;
      });
    });

    it('401 without group.read: names group.read', async () => {
      await connect('pat_sandbox_alice_readonly');
      await assert.rejects(addGroupRoleFlow(deps(), { instanceId: id, templateId: sampleRecord }), /lacks the scope group\.read \(Kadi4Mat requires template\.read and group\.read for this\)/);
      assert.deepEqual(writes(), []);
    });
  });

  describe('Change Role…', () => {
    it('from a role item: the current role is marked; PATCH with the new one', async () => {
      t.prompts.answers.push({ pick: /member/ });
      assert.equal(await changeRoleFlow(deps(), await bobRole()), 'member');
      t.prompts.done();
      assert.match(t.prompts.asked[0].title ?? '', /New role of Bob Brown on 'tensile-test'/);
      assert.deepEqual(writes(), [`PATCH /api/v1/templates/${tensileTest}/roles/users/${bob} {"name":"member"}`]);
      assert.equal(row(tensileTest).user_roles[bob], 'member');
      assert.deepEqual(changes, [{ instanceId: id, templateId: tensileTest, kind: 'roles' }]);
      assert.deepEqual(told('status'), ["Bob Brown is now member of 'tensile-test'."]);
      assert.deepEqual(told('info'), [], 'routine success: the status bar, no notification that stacks');
    });

    it('the same role again: nothing sent', async () => {
      t.prompts.answers.push({ pick: /editor/ });
      await changeRoleFlow(deps(), await bobRole());
      assert.deepEqual(writes(), []);
      assert.match(told('info')[0], /already is editor/);
    });

    it('from the palette: template from the editor, then whose role (the creator is not offered), a group too', async () => {
      t.prompts.answers.push({ pick: /Materials Lab/ }, { pick: /editor/ });
      await changeRoleFlow(deps(), { instanceId: id, templateId: tensileTest, identifier: 'tensile-test' });
      t.prompts.done();
      assert.deepEqual(t.prompts.asked[0].items, ['$(person) Bob Brown', '$(organization) Materials Lab']);
      assert.deepEqual(writes(), [`PATCH /api/v1/templates/${tensileTest}/roles/groups/${SEED_GROUPS.materialsLab} {"name":"editor"}`]);
      assert.equal(row(tensileTest).group_roles[SEED_GROUPS.materialsLab], 'editor');
    });

    it('cancel at the entry pick and at the role pick', async () => {
      t.prompts.answers.push({ pick: undefined });
      await changeRoleFlow(deps(), { instanceId: id, templateId: tensileTest });
      t.prompts.answers.push({ pick: undefined });
      await changeRoleFlow(deps(), await bobRole());
      t.prompts.done();
      assert.deepEqual(writes(), []);
      assert.deepEqual(t.prompts.messages, []);
    });

    it("the creator's role: refused without a request", async () => {
      const target = { ...(await bobRole()), subject: { type: 'user' as const, id: alice, name: 'Alice Anderson' }, role: 'admin' as const, isCreator: true };
      await assert.rejects(changeRoleFlow(deps(), target), /^ExplainedError: Alice Anderson created 'tensile-test': the creator always keeps the admin role, so it cannot be changed\.$/);
      assert.deepEqual(t.prompts.asked, []);
      assert.deepEqual(writes(), []);
    });

    it("409 from the server (the creator was not known locally) is explained, not dumped", async () => {
      const base = await bobRole();
      const { creator: _creator, ...anonymous } = base.template!;
      const target: RoleTarget = { ...base, template: anonymous as Template, subject: { type: 'user', id: alice, name: 'Alice Anderson' }, role: 'admin', access: { role: 'admin', certain: true } };
      t.prompts.answers.push({ pick: /member/ });
      await assert.rejects(changeRoleFlow(deps(), target), (e: Error) => {
        assert.equal(e.message, "Alice Anderson created 'tensile-test': the creator always keeps the admin role, so that role cannot be changed or removed.");
        return true;
      });
      assert.equal(sb.requests.find((r) => r.method === 'PATCH')?.status, 409);
      assert.equal(row(tensileTest).user_roles[alice], 'admin');
    });

    it('404 "Role does not exist." (removed meanwhile): explained, tree told', async () => {
      t.prompts.answers.push({ pick: /member/ });
      beforePick(() => sb.store.setUserRole(tensileTest, bob, null));
      await assert.rejects(changeRoleFlow(deps(), await bobRole()), /^ExplainedError: Bob Brown no longer has a role on 'tensile-test': it was removed meanwhile\.$/);
      assert.deepEqual(changes, [{ instanceId: id, templateId: tensileTest, kind: 'roles' }]);
    });

    it('403 for a non-admin whose role was not known', async () => {
      await connect('pat_sandbox_bob');
      t.prompts.answers.push({ pick: /editor/ });
      const target = { ...(await bobRole()), subject: { type: 'group' as const, id: SEED_GROUPS.materialsLab, name: 'Materials Lab' }, role: 'member' as const, access: { certain: false } };
      await assert.rejects(changeRoleFlow(deps(), target), /Could not change the role of the group Materials Lab on 'tensile-test': only users with the admin role on 'tensile-test' can change its permissions, and your role is editor \(direct role\)\./);
      assert.equal(sb.requests.find((r) => r.method === 'PATCH')?.status, 403);
    });

    it('401 without template.permissions: names that scope', async () => {
      const target = await bobRole();
      await connect('pat_sandbox_alice_readonly');
      t.prompts.answers.push({ pick: /member/ });
      await assert.rejects(changeRoleFlow(deps(), target), /^ExplainedError: Could not change the role of Bob Brown on 'tensile-test': the access token lacks the scope template\.permissions\. Create a token/);
      assert.equal(row(tensileTest).user_roles[bob], 'editor');
    });

    it('lowering one\'s own admin role asks first', async () => {
      sb.store.setUserRole(tensileTest, bob, 'admin');
      await connect('pat_sandbox_bob');
      const target = { ...(await bobRole()), role: 'admin' as const, isSelf: true };
      t.prompts.answers.push({ pick: /editor/ });
      t.prompts.buttons = [undefined];
      assert.equal(await changeRoleFlow(deps(), target), undefined);
      assert.match(told('warn')[0], /^Lower your own role on 'tensile-test' to editor\?/);
      assert.deepEqual(writes(), []);
    });
  });

  describe('Remove', () => {
    it('asks (modal) naming who loses what, then DELETE', async () => {
      t.prompts.buttons = ['Remove'];
      assert.equal(await removeRoleFlow(deps(), await bobRole()), true);
      assert.deepEqual(t.prompts.messages[0], {
        level: 'warn',
        text: "Remove the editor role of Bob Brown on 'tensile-test'? Bob Brown keeps access only through a group role.",
        buttons: ['Remove'],
      });
      assert.deepEqual(writes(), [`DELETE /api/v1/templates/${tensileTest}/roles/users/${bob}`]);
      assert.equal(row(tensileTest).user_roles[bob], undefined);
      assert.deepEqual(changes, [{ instanceId: id, templateId: tensileTest, kind: 'roles' }]);
      assert.deepEqual(told('status'), ["Removed the editor role of Bob Brown on 'tensile-test'."]);
      assert.deepEqual(told('info'), [], 'routine success: the status bar, no notification that stacks');
    });

    it('cancel at the confirmation: nothing sent', async () => {
      t.prompts.buttons = [undefined];
      assert.equal(await removeRoleFlow(deps(), await bobRole()), false);
      assert.deepEqual(writes(), []);
      assert.equal(row(tensileTest).user_roles[bob], 'editor');
    });

    it('from the palette, a group role', async () => {
      t.prompts.answers.push({ pick: /Materials Lab/ });
      t.prompts.buttons = ['Remove'];
      assert.equal(await removeRoleFlow(deps(), { instanceId: id, templateId: tensileTest }), true);
      assert.match(told('warn')[0], /^Remove the member role of the group Materials Lab on 'tensile-test'\? Members of Materials Lab lose the rights this group role gave them/);
      assert.deepEqual(writes(), [`DELETE /api/v1/templates/${tensileTest}/roles/groups/${SEED_GROUPS.materialsLab}`]);
      assert.equal(row(tensileTest).group_roles[SEED_GROUPS.materialsLab], undefined);
    });

    it("the creator's role: refused without a request", async () => {
      const target = { ...(await bobRole()), subject: { type: 'user' as const, id: alice, name: 'Alice Anderson' }, role: 'admin' as const, isCreator: true };
      await assert.rejects(removeRoleFlow(deps(), target), /so it cannot be removed\.$/);
      assert.deepEqual(writes(), []);
    });

    it('409 "Cannot remove the creator\'s role." is explained', async () => {
      const base = await bobRole();
      const { creator: _creator, ...anonymous } = base.template!;
      t.prompts.buttons = ['Remove'];
      await assert.rejects(
        removeRoleFlow(deps(), { ...base, template: anonymous as Template, subject: { type: 'user', id: alice, name: 'Alice Anderson' }, role: 'admin', access: { role: 'admin', certain: true } }),
        /^ExplainedError: Alice Anderson created 'tensile-test': the creator always keeps the admin role/,
      );
      assert.equal(sb.requests.find((r) => r.method === 'DELETE')?.status, 409);
    });

    it('404 when removed meanwhile', async () => {
      t.prompts.buttons = ['Remove'];
      beforeWarn(() => sb.store.setUserRole(tensileTest, bob, null));
      await assert.rejects(removeRoleFlow(deps(), await bobRole()), /no longer has a role on 'tensile-test'/);
    });

    it('removing one\'s own role says so in the confirmation', async () => {
      sb.store.setUserRole(tensileTest, bob, 'admin');
      await connect('pat_sandbox_bob');
      t.prompts.buttons = [undefined];
      await removeRoleFlow(deps(), { ...(await bobRole()), role: 'admin', isSelf: true });
      assert.match(told('warn')[0], /You will lose the rights of this role on 'tensile-test' unless a group role grants them\./);
      assert.deepEqual(writes(), []);
    });
  });

  describe('Add User…/Add Group… on several selected templates', () => {
    const { measurementSeries } = SEED_TEMPLATES;
    const sel = (...tids: number[]) => tids.map((tid) => ({ instanceId: id, templateId: tid, identifier: row(tid).identifier }));
    const posts = () => sb.requests.filter((r) => r.method === 'POST').map((r) => `${r.path} ${r.status}`);

    it('one search, one role, one confirmation naming them; every POST; 409 (has a role) and 403 (not admin) listed with reasons, the others done', async () => {
      t.prompts.answers.push({ search: 'bob', pick: /Bob Brown/ }, { pick: /member/ });
      t.prompts.buttons = ['Add'];
      const result = await addUserRolesFlow(deps(), sel(tensileTest, sampleRecord, microscopyImage, measurementSeries));
      t.prompts.done();
      assert.equal(t.prompts.asked.filter((a) => a.kind === 'pickDynamic').length, 1, 'one user search');
      assert.match(t.prompts.asked[1].title ?? '', /^Kadi4Mat: Role of Bob Brown on 4 templates \(2\/2\)$/);
      const warns = told('warn');
      assert.equal(warns.length, 2, 'the confirmation and the summary');
      assert.match(warns[0], /^Give Bob Brown the member role on 4 templates\? "tensile-test", "sample-record", "microscopy-image", "measurement-series"\./);
      assert.deepEqual(posts(), [
        `/api/v1/templates/${tensileTest}/roles/users 409`,
        `/api/v1/templates/${sampleRecord}/roles/users 201`,
        `/api/v1/templates/${microscopyImage}/roles/users 403`,
        `/api/v1/templates/${measurementSeries}/roles/users 201`,
      ]);
      assert.equal(row(sampleRecord).user_roles[bob], 'member');
      assert.equal(row(measurementSeries).user_roles[bob], 'member');
      assert.equal(row(tensileTest).user_roles[bob], 'editor', 'his role there is kept');
      assert.equal(row(microscopyImage).user_roles[bob], undefined);
      assert.match(warns[1], /^Gave Bob Brown the member role on 2 of 4 templates\. 2 failed: "tensile-test": Bob Brown already has a role on 'tensile-test'.* — "microscopy-image": Could not add Bob Brown to 'microscopy-image': only users with the admin role on 'microscopy-image' can change its permissions, and your role is member/);
      assert.deepEqual(told('status'), []);
      assert.deepEqual(steps.length, 4);
      assert.deepEqual(result && 'failed' in result ? result.failed.map((f) => f.item.templateId) : undefined, [tensileTest, microscopyImage]);
    });

    it('a group on two templates: all done, one status-bar summary; cancel at the confirmation sends nothing', async () => {
      t.prompts.answers.push({ search: '', pick: /community/i }, { pick: /member/ });
      t.prompts.buttons = [undefined];
      assert.equal(await addGroupRolesFlow(deps(), sel(tensileTest, sampleRecord)), undefined);
      assert.deepEqual(posts(), []);
      t.prompts.answers.push({ search: '', pick: /community/i }, { pick: /editor/ });
      t.prompts.buttons = ['Add'];
      await addGroupRolesFlow(deps(), sel(tensileTest, sampleRecord));
      t.prompts.done();
      assert.equal(row(tensileTest).group_roles[SEED_GROUPS.community], 'editor');
      assert.equal(row(sampleRecord).group_roles[SEED_GROUPS.community], 'editor');
      assert.deepEqual(told('status').length, 1);
      assert.match(told('status')[0], /^Gave the group .+ the editor role on 2 of 2 templates\.$/);
      assert.deepEqual(changes.map((c) => c.templateId), [tensileTest, sampleRecord]);
    });

    it('Cancel on the progress stops between templates', async () => {
      t.prompts.answers.push({ search: 'carol', pick: /Carol/ }, { pick: /member/ });
      t.prompts.buttons = ['Add'];
      cancelAfter = 1;
      await addUserRolesFlow(deps(), sel(tensileTest, sampleRecord));
      assert.deepEqual(posts(), [`/api/v1/templates/${tensileTest}/roles/users 201`]);
      assert.equal(row(sampleRecord).user_roles[carol], undefined);
      assert.deepEqual(told('status'), ['Gave Carol Chen the member role on 1 of 2 templates; stopped on request.']);
    });
  });
});
