// The user's role on a template (never from `_actions`), the Permissions subtree of the explorer
// against the sandbox, role texts, scope wording and command targets.
import * as assert from 'node:assert/strict';
import { connectInstance } from '../../src/instances/connect';
import { ExplorerModel, type ExplorerNode, type GroupRoleNode, type MessageNode, type PermissionsNode, type TemplateNode, type UserRoleNode } from '../../src/explorer/model';
import { permissionsDescription, permissionsTooltip, userRoleDescription } from '../../src/explorer/rolesText';
import { purgeHint, templateTooltip } from '../../src/explorer/describe';
import { canManage, describeAccess, templateAccess } from '../../src/permissions/access';
import { describeError } from '../../src/ui/errors';
import { KadiError } from '../../src/kadi/errors';
import { missingScopes, scopeClause } from '../../src/permissions/explain';
import { FALLBACK_MEANINGS, higherRole, roleItems, roleMeanings } from '../../src/permissions/roles';
import { commandTarget, roleTarget, targetFromUri } from '../../src/permissions/target';
import { startSandbox, SEED_TEMPLATES, SEED_USERS, type Sandbox } from '../../src/sandbox/index';
import { makeRegistry, type TestRegistry } from '../support/fakes';

const { alice, bob, carol } = SEED_USERS;
const T = SEED_TEMPLATES;

describe('permissions: the user\'s role on a template', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let t: TestRegistry;
  let id: string;
  const access = (tid: number) => t.registry.call(id, (c) => c.getTemplate(tid)).then((tpl) => templateAccess(t.registry, id, tpl));

  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(async () => {
    await sb.close();
  });
  async function as(token: string) {
    t = makeRegistry();
    id = (await connectInstance(t.registry, { baseUrl: sb.url, token })).info.id;
  }

  it('creator, direct role, group role, no role — each with where it comes from', async () => {
    await as('pat_sandbox_alice');
    assert.deepEqual(await access(T.tensileTest), { role: 'admin', via: 'creator', certain: true, userId: alice });
    assert.deepEqual(await access(T.microscopyImage), { role: 'member', via: 'direct role', certain: true, userId: alice });
    assert.deepEqual(await access(T.xrdRecord), { role: 'editor', via: 'via group "Materials Lab"', certain: true, userId: alice });
    assert.deepEqual(await access(T.simulationRun), { role: undefined, via: undefined, certain: true, userId: alice });
    assert.equal(canManage(await access(T.tensileTest)), 'yes');
    assert.equal(canManage(await access(T.xrdRecord)), 'no');
  });

  it('bob: editor on tensile-test directly; carol: member through Materials Lab', async () => {
    await as('pat_sandbox_bob');
    assert.equal(describeAccess(await access(T.tensileTest)), 'your role is editor (direct role)');
    await as('pat_sandbox_carol');
    assert.equal(describeAccess(await access(T.tensileTest)), 'your role is member (via group "Materials Lab")');
  });

  it('without user.read nothing is certain: the actions stay offered, Kadi decides', async () => {
    await as('pat_sandbox_alice_readonly');
    const a = await access(T.tensileTest);
    assert.deepEqual(a, { certain: false });
    assert.equal(canManage(a), 'unknown');
    assert.equal(describeAccess(a), 'your role on it could not be determined');
  });

  it('never reads `_actions` (every reader gets them)', async () => {
    await as('pat_sandbox_alice');
    const tpl = await t.registry.call(id, (c) => c.getTemplate(T.simulationRun));
    assert.ok(tpl._actions.add_user_role, 'the link is there for alice too');
    assert.equal(canManage(await templateAccess(t.registry, id, tpl)), 'no');
  });
});

describe('permissions: the Permissions node in the tree', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let t: TestRegistry;
  let model: ExplorerModel;

  async function setup(token = 'pat_sandbox_alice') {
    sb = await startSandbox({ port: 0 });
    t = makeRegistry();
    await connectInstance(t.registry, { baseUrl: sb.url, token });
    model = new ExplorerModel({ clients: t.registry });
    const [instance] = await model.getChildren();
    const [templates] = await model.getChildren(instance);
    return (await model.getChildren(templates)) as TemplateNode[];
  }
  async function permissionsOf(list: TemplateNode[], identifier: string): Promise<PermissionsNode> {
    const node = list.find((n) => n.identifier === identifier)!;
    const children = await model.getChildren(node);
    assert.deepEqual(children.map((c) => c.kind), ['revisions', 'permissions']);
    return children[1] as PermissionsNode;
  }
  afterEach(async () => {
    model?.dispose();
    await sb?.close();
  });

  it('Users: creator first, then by role; Groups with role names; the user\'s role on the node', async () => {
    const list = await setup();
    const perms = await permissionsOf(list, 'tensile-test');
    assert.equal(perms.access, undefined, 'nothing fetched before expanding');
    const fired: ExplorerNode[] = [];
    model.onDidChange((n) => n && fired.push(n));
    const [users, groups] = await model.getChildren(perms);
    assert.equal(users.kind, 'userRoles');
    assert.equal(groups.kind, 'groupRoles');
    assert.deepEqual(perms.access, { role: 'admin', via: 'creator', certain: true, userId: alice });
    assert.ok(fired.includes(perms), 'the node re-renders with its new context value');
    assert.equal(permissionsDescription(perms.access), 'you: admin');
    assert.match(permissionsTooltip('x', perms.access), /Your role: \*\*admin\*\* \(creator\)/);

    const userItems = (await model.getChildren(users)) as UserRoleNode[];
    assert.deepEqual(
      userItems.map((n) => [n.entry.user.displayname, n.entry.role.name, n.isCreator, n.isSelf]),
      [
        ['Alice Anderson', 'admin', true, true],
        ['Bob Brown', 'editor', false, false],
      ],
    );
    assert.equal(userRoleDescription('admin', true, true), 'admin · creator · you');
    const groupItems = (await model.getChildren(groups)) as GroupRoleNode[];
    assert.deepEqual(groupItems.map((n) => [n.entry.group.title, n.entry.role.name]), [['Materials Lab', 'member']]);
    // What the role commands take.
    assert.deepEqual(roleTarget(userItems[1]), {
      instanceId: perms.instanceId,
      templateId: T.tensileTest,
      identifier: 'tensile-test',
      template: perms.template,
      access: perms.access,
      subject: { type: 'user', id: bob, name: 'Bob Brown' },
      role: 'editor',
      isCreator: false,
      isSelf: false,
    });
    assert.equal(roleTarget(groupItems[0])?.subject.type, 'group');
    assert.equal(model.getParent(userItems[0]), users);
    assert.equal(model.getParent(users), perms);
  });

  it('a template the user only reads: read-only, role and where it comes from', async () => {
    const list = await setup();
    const perms = await permissionsOf(list, 'xrd-record');
    await model.getChildren(perms);
    assert.equal(canManage(perms.access), 'no');
    assert.equal(permissionsDescription(perms.access), 'read-only (editor)');
    const template = list.find((n) => n.identifier === 'xrd-record')!;
    assert.match(templateTooltip(template.template, model.roleKnowledge(template)), /Your role: \*\*editor\*\* \(via group "Materials Lab"\)/);
  });

  it('a role change reloads both lists and works the user\'s role out again', async () => {
    const list = await setup();
    const perms = await permissionsOf(list, 'tensile-test');
    const [users] = await model.getChildren(perms);
    await model.getChildren(users);
    sb.store.setUserRole(T.tensileTest, carol, 'member');
    sb.requests.length = 0;
    model.templateChanged({ instanceId: perms.instanceId, templateId: T.tensileTest, kind: 'roles' });
    const again = (await model.getChildren(users)) as UserRoleNode[];
    assert.deepEqual(again.map((n) => n.entry.user.displayname), ['Alice Anderson', 'Bob Brown', 'Carol Chen']);
    assert.ok(sb.requests.some((r) => r.path.startsWith(`/api/v1/templates/${T.tensileTest}/roles/users?page=1`)));
  });

  it('a read-only token: the lists say which scope is missing', async () => {
    const list = await setup('pat_sandbox_alice_readonly');
    const perms = await permissionsOf(list, 'tensile-test');
    const [users, groups] = await model.getChildren(perms);
    const [u] = (await model.getChildren(users)) as MessageNode[];
    assert.equal(u.severity, 'error');
    assert.match(describeError(u.error, u.action), /^Could not list the user roles: the access token lacks the scope user\.read \(Kadi4Mat requires template\.read and user\.read for this\)\./);
    const [g] = (await model.getChildren(groups)) as MessageNode[];
    assert.match(describeError(g.error, g.action), /lacks the scope group\.read/);
    assert.equal(canManage(perms.access), 'unknown');
  });

  it('the group roles of bob\'s dft-calculation as carol (member): Simulation is listed only if carol can read it', async () => {
    const list = await setup('pat_sandbox_carol');
    const perms = await permissionsOf(list, 'dft-calculation');
    const [users, groups] = await model.getChildren(perms);
    assert.deepEqual(((await model.getChildren(users)) as UserRoleNode[]).map((n) => n.entry.user.id), [bob, carol]);
    assert.deepEqual(labels(await model.getChildren(groups)), ['empty: No group has a role.']);
    assert.equal(canManage(perms.access), 'no');
  });
});

function labels(nodes: ExplorerNode[]): string[] {
  return nodes.map((n) => (n.kind === 'message' ? `${n.severity}: ${n.text}` : n.kind));
}

describe('permissions: texts, scopes, targets', () => {
  it('role meanings from GET /api/roles, with a fallback per role', () => {
    const m = roleMeanings([
      { name: 'member', permissions: [{ action: 'read', description: 'View this template' }] },
      { name: 'admin', permissions: [] },
      { name: 'collaborator', permissions: [{ action: 'link', description: 'x' }] },
    ]);
    assert.equal(m.member, 'View this template.');
    assert.equal(m.editor, FALLBACK_MEANINGS.editor);
    assert.equal(m.admin, FALLBACK_MEANINGS.admin);
    const items = roleItems(m, 'editor');
    assert.deepEqual(items.map((i) => [i.value, i.description]), [['member', undefined], ['editor', 'current role'], ['admin', undefined]]);
    assert.equal(higherRole('editor', 'member'), 'editor');
    assert.equal(higherRole(undefined, 'member'), 'member');
  });

  it('names the missing scope; Kadi lists all the endpoint needs', () => {
    const e = new KadiError({ kind: 'http', status: 401, message: 'x', description: 'Access token has insufficient scope.', scopes: ['template.read', 'user.read'] });
    assert.deepEqual(missingScopes(e, ['template.read']), ['user.read']);
    assert.deepEqual(missingScopes(e), ['template.read', 'user.read']);
    assert.match(scopeClause(e) ?? '', /^the access token lacks the scopes template\.read and user\.read\. /);
    assert.equal(scopeClause(new KadiError({ kind: 'http', status: 401, message: 'x' })), undefined, 'a rejected token is not a scope problem');
    assert.equal(scopeClause(new KadiError({ kind: 'http', status: 403, message: 'x' })), undefined);
  });

  it('targets: tree nodes, kadi: URIs of templates, revisions and exports, the active editor', () => {
    assert.deepEqual(targetFromUri({ scheme: 'kadi', authority: 'sandbox', path: '/templates/7/tensile-test.kadi-template.json' }), { instanceId: 'sandbox', templateId: 7, identifier: 'tensile-test' });
    assert.deepEqual(targetFromUri({ scheme: 'kadi', authority: 'sandbox', path: '/templates/7/revisions/3/tensile-test.kadi-template.json' })?.templateId, 7);
    assert.deepEqual(targetFromUri({ scheme: 'kadi', authority: 'sandbox', path: '/templates/7/export/x.ttl' })?.templateId, 7);
    assert.equal(targetFromUri({ scheme: 'file', authority: '', path: '/tmp/a.json' }), undefined);
    const active = { scheme: 'kadi', authority: 'h:1', path: '/templates/2/sample-record.kadi-template.json' };
    assert.deepEqual(commandTarget(undefined, active), { instanceId: 'h:1', templateId: 2, identifier: 'sample-record' });
    assert.deepEqual(commandTarget({ kind: 'trash', id: 'x', instanceId: 'h:1' }, active), { instanceId: 'h:1' }, 'a node wins over the editor');
    assert.deepEqual(commandTarget({ kind: 'trashItem', instanceId: 'h:1', templateId: 8, identifier: 'old-protocol' }), { instanceId: 'h:1', templateId: 8, identifier: 'old-protocol' });
    assert.equal(commandTarget(undefined, { scheme: 'untitled', authority: '', path: 'Untitled-1' }), undefined);
    assert.equal(roleTarget({ kind: 'template', instanceId: 'h:1', templateId: 1 }), undefined);
  });

  it('purge hint counts down the week', () => {
    const now = Date.parse('2024-03-10T12:00:00Z');
    assert.equal(purgeHint('2024-03-05T12:00:00+00:00', now), 'Kadi4Mat deletes it for good in about 2 days (a week after its deletion).');
    assert.equal(purgeHint('2024-03-03T14:00:00+00:00', now), 'Kadi4Mat deletes it for good in about 2 hours (a week after its deletion).');
    assert.equal(purgeHint('2024-03-01T00:00:00+00:00', now), 'Kadi4Mat deletes it for good any time now (a week after its deletion).');
    assert.match(purgeHint('nonsense', now), /a week after their deletion/);
  });
});
