// Permissions in a real extension host against an in-process sandbox: the Permissions node with
// its context values and menus, Add User/Add Group/Change Role/Remove through the registered
// commands (answered by scripted prompts), the result in the tree and in the sandbox, the
// creator's protection, the palette on the active `kadi:` editor, and a read-only token.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { instanceIdFor } from '../../../src/instances/registry';
import type { ExplorerNode } from '../../../src/explorer/model';
import { templateUri } from '../../../src/fs/uris';
import { startSandbox, SEED_GROUPS, SEED_TEMPLATES, SEED_USERS, type Sandbox } from '../../../src/sandbox/index';
import { ScriptedPrompts } from '../../support/fakes';

import { activateWithSandbox, EXTENSION_ID, type ExtensionApi } from './support';
const { bob, carol } = SEED_USERS;
const T = SEED_TEMPLATES;

type Api = ExtensionApi;

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}

/** Does a menu `when` clause of ours hold for this view item? (only the forms package.json uses) */
function menuShows(when: string | undefined, viewItem: string): boolean {
  if (!when) return true;
  return when.split('&&').every((part) => {
    const p = part.trim();
    if (p === 'view == kadi4mat.templates') return true;
    let m = /^viewItem == (\S+)$/.exec(p);
    if (m) return viewItem === m[1];
    m = /^viewItem =~ \/(.+)\/$/.exec(p);
    if (m) return new RegExp(m[1]).test(viewItem);
    return false;
  });
}

describe('permissions (host)', function () {
  this.timeout(60_000);
  let api: Api;
  let sb: Sandbox;
  let id: string;
  let prompts: ScriptedPrompts;
  const menus = (): MenuItem[] => vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus['view/item/context'];
  const commandsFor = (viewItem: string) => menus().filter((m) => menuShows(m.when, viewItem)).map((m) => `${m.command}${m.group?.startsWith('inline') ? ' (inline)' : ''}`);
  const provider = () => api.explorer.provider;
  const item = (n: ExplorerNode) => provider().getTreeItem(n);
  const writes = () => sb.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`);

  async function templateNode(instanceId: string, identifier: string): Promise<ExplorerNode> {
    const roots = await provider().getChildren();
    const instance = roots.find((n) => n.instanceId === instanceId)!;
    const [templates] = await provider().getChildren(instance);
    const list = await provider().getChildren(templates);
    const node = list.find((n) => n.kind === 'template' && n.identifier === identifier);
    assert.ok(node, `${identifier} not listed`);
    return node;
  }
  async function permissions(instanceId: string, identifier: string) {
    const [, perms] = await provider().getChildren(await templateNode(instanceId, identifier));
    assert.equal(perms.kind, 'permissions');
    const [users, groups] = await provider().getChildren(perms);
    return { perms, users, groups };
  }
  const labelsOf = async (n: ExplorerNode) => (await provider().getChildren(n)).map((c) => `${item(c).label}: ${item(c).description ?? ''} [${item(c).contextValue}]`);

  before(async () => {
    ({ api, sb, id } = await activateWithSandbox());
  });
  beforeEach(() => {
    prompts = new ScriptedPrompts();
    api.usePrompts(prompts);
  });
  after(async () => {
    api?.usePrompts(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api?.instances.remove(id).catch(() => undefined);
    await sb?.close();
  });

  it('a template has a Permissions node: Users (creator first) and Groups, with role names and context values', async () => {
    const { perms, users, groups } = await permissions(id, 'tensile-test');
    assert.equal(item(perms).label, 'Permissions');
    assert.equal(item(perms).contextValue, 'permissions.manage');
    assert.equal(item(perms).description, 'you: admin');
    assert.equal(item(users).contextValue, 'userRoles.manage');
    assert.deepEqual(await labelsOf(users), ['Alice Anderson: admin · creator · you [userRole.creator]', 'Bob Brown: editor [userRole.manage]']);
    assert.deepEqual(await labelsOf(groups), ['Materials Lab: member [groupRole.manage]']);
    assert.deepEqual(commandsFor('permissions.manage'), [
      'kadi4mat.refreshNode (inline)',
      'kadi4mat.refreshNode',
      'kadi4mat.addUserRole (inline)',
      'kadi4mat.addGroupRole (inline)',
      'kadi4mat.addUserRole',
      'kadi4mat.addGroupRole',
    ]);
    assert.deepEqual(commandsFor('userRole.manage'), ['kadi4mat.changeRole (inline)', 'kadi4mat.removeRole (inline)', 'kadi4mat.changeRole', 'kadi4mat.removeRole']);
    // Shown in the view, for the screenshot (when the runner offers one).
    const shots = process.env.KADI_HOST_SCREENSHOT_URL;
    if (shots) {
      await vscode.commands.executeCommand('kadi4mat.templates.focus');
      const [, bobNode] = await provider().getChildren(users);
      await api.explorer.view.reveal(groups, { expand: true });
      await api.explorer.view.reveal(bobNode, { select: true, focus: true });
      await fetch(`${shots}?name=permissions-tree`).catch(() => undefined);
    }
  });

  it('the creator\'s role item offers no change or remove; the command explains instead of sending', async () => {
    assert.deepEqual(commandsFor('userRole.creator'), []);
    const { users } = await permissions(id, 'tensile-test');
    const [creator] = await provider().getChildren(users);
    sb.requests.length = 0;
    await vscode.commands.executeCommand('kadi4mat.changeRole', creator);
    assert.deepEqual(writes(), []);
    assert.match(prompts.messages.find((m) => m.level === 'error')?.text ?? '', /^Alice Anderson created 'tensile-test': the creator always keeps the admin role, so it cannot be changed\.$/);
  });

  it('a template alice only reads: read-only items, no role actions in the menus', async () => {
    const { perms, users } = await permissions(id, 'microscopy-image');
    assert.equal(item(perms).contextValue, 'permissions.readOnly');
    assert.equal(item(perms).description, 'read-only (member)');
    assert.deepEqual(await labelsOf(users), ['Carol Chen: admin · creator [userRole.creator]', 'Alice Anderson: member · you [userRole.readOnly]']);
    assert.deepEqual(commandsFor('permissions.readOnly'), ['kadi4mat.refreshNode (inline)', 'kadi4mat.refreshNode']);
    assert.deepEqual(commandsFor('userRole.readOnly'), []);
  });

  it('Add User… on the Permissions node: seen in the tree and in the sandbox', async () => {
    const { perms, users } = await permissions(id, 'tensile-test');
    prompts.answers.push({ search: 'car', pick: /Carol Chen/ }, { pick: /editor/ });
    sb.requests.length = 0;
    await vscode.commands.executeCommand('kadi4mat.addUserRole', perms);
    prompts.done();
    assert.deepEqual(writes(), [`POST /api/v1/templates/${T.tensileTest}/roles/users 201`]);
    assert.equal(sb.store.getTemplate(T.tensileTest)!.user_roles[carol], 'editor');
    assert.deepEqual(await labelsOf(users), [
      'Alice Anderson: admin · creator · you [userRole.creator]',
      'Bob Brown: editor [userRole.manage]',
      'Carol Chen: editor [userRole.manage]',
    ]);
    assert.ok(prompts.messages.some((m) => m.level === 'status' && m.text === "Carol Chen is now editor of 'tensile-test'."));
  });

  it('Change Role… and Remove on a user role item', async () => {
    const { users } = await permissions(id, 'tensile-test');
    const carolNode = (await provider().getChildren(users)).find((n) => n.kind === 'userRole' && n.entry.user.id === carol)!;
    prompts.answers.push({ pick: /admin/ });
    await vscode.commands.executeCommand('kadi4mat.changeRole', carolNode);
    assert.equal(sb.store.getTemplate(T.tensileTest)!.user_roles[carol], 'admin');
    assert.ok((await labelsOf(users)).includes('Carol Chen: admin [userRole.manage]'), 'the tree shows the new role');

    const again = (await provider().getChildren(users)).find((n) => n.kind === 'userRole' && n.entry.user.id === carol)!;
    prompts.buttons = ['Remove'];
    await vscode.commands.executeCommand('kadi4mat.removeRole', again);
    assert.match(prompts.messages.find((m) => m.level === 'warn')?.text ?? '', /^Remove the admin role of Carol Chen on 'tensile-test'\?/);
    assert.equal(sb.store.getTemplate(T.tensileTest)!.user_roles[carol], undefined);
    assert.ok(!(await labelsOf(users)).some((l) => l.startsWith('Carol Chen')));
  });

  it('Add Group…, then change and remove the group role', async () => {
    const { groups } = await permissions(id, 'tensile-test');
    prompts.answers.push({ search: '', pick: /Kadi Community/ }, { pick: /member/ });
    await vscode.commands.executeCommand('kadi4mat.addGroupRole', groups);
    assert.equal(sb.store.getTemplate(T.tensileTest)!.group_roles[SEED_GROUPS.community], 'member');
    assert.deepEqual(await labelsOf(groups), ['Materials Lab: member [groupRole.manage]', 'Kadi Community: member [groupRole.manage]']);

    const community = (await provider().getChildren(groups)).find((n) => n.kind === 'groupRole' && n.entry.group.id === SEED_GROUPS.community)!;
    prompts.answers.push({ pick: /editor/ });
    await vscode.commands.executeCommand('kadi4mat.changeRole', community);
    assert.equal(sb.store.getTemplate(T.tensileTest)!.group_roles[SEED_GROUPS.community], 'editor');
    assert.deepEqual(await labelsOf(groups), ['Kadi Community: editor [groupRole.manage]', 'Materials Lab: member [groupRole.manage]']);

    const changed = (await provider().getChildren(groups)).find((n) => n.kind === 'groupRole' && n.entry.group.id === SEED_GROUPS.community)!;
    prompts.buttons = ['Remove'];
    await vscode.commands.executeCommand('kadi4mat.removeRole', changed);
    assert.equal(sb.store.getTemplate(T.tensileTest)!.group_roles[SEED_GROUPS.community], undefined);
    assert.deepEqual(await labelsOf(groups), ['Materials Lab: member [groupRole.manage]']);
  });

  it('from the command palette on the active kadi: editor: no template pick, the editor\'s template', async () => {
    const doc = await vscode.workspace.openTextDocument(templateUri(id, T.sampleRecord, 'sample-record'));
    await vscode.window.showTextDocument(doc, { preview: false });
    prompts.answers.push({ search: 'bob', pick: /Bob Brown/ }, { pick: /member/ });
    await vscode.commands.executeCommand('kadi4mat.addUserRole');
    prompts.done();
    assert.equal(prompts.asked[0].kind, 'pickDynamic');
    assert.match(prompts.asked[0].title ?? '', /Add User to 'sample-record'/);
    assert.equal(sb.store.getTemplate(T.sampleRecord)!.user_roles[bob], 'member');

    // Change Role… from the palette: whose role, then which (the creator is not offered).
    prompts.answers.push({ pick: /Bob Brown/ }, { pick: /editor/ });
    await vscode.commands.executeCommand('kadi4mat.changeRole');
    assert.deepEqual(prompts.asked[2].items, ['$(person) Bob Brown', '$(organization) Materials Lab']);
    assert.equal(sb.store.getTemplate(T.sampleRecord)!.user_roles[bob], 'editor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a read-only token (pat_sandbox_alice_readonly): the tree and the commands name the missing scope', async () => {
    const other = await startSandbox({ port: 0 });
    // Added as stored (the connection check would only add a warning about user.read).
    const ro = instanceIdFor(other.url);
    await api.instances.add({ id: ro, label: `read-only ${ro}`, baseUrl: other.url }, 'pat_sandbox_alice_readonly');
    try {
      const { perms, users, groups } = await permissions(ro, 'tensile-test');
      assert.equal(item(perms).contextValue, 'permissions.manage', 'unknown role: offered, Kadi decides');
      const [u] = await provider().getChildren(users);
      assert.equal(item(u).contextValue, 'message.error');
      assert.match(String(item(u).label), /^Could not list the user roles: the access token lacks the scope user\.read/);
      const [g] = await provider().getChildren(groups);
      assert.match(String(item(g).label), /lacks the scope group\.read/);

      await vscode.commands.executeCommand('kadi4mat.addUserRole', perms);
      const shown = prompts.messages.filter((m) => m.level === 'error').map((m) => m.text);
      assert.equal(shown.length, 1);
      assert.match(shown[0], /^Could not add users to 'tensile-test': the access token lacks the scope user\.read \(Kadi4Mat requires template\.read and user\.read for this\)\. .*"Kadi4Mat: Replace Token"/);
      assert.deepEqual(prompts.asked, [], 'no pick opened');
      assert.ok(!other.requests.some((r) => r.method !== 'GET'));
    } finally {
      await api.instances.remove(ro).catch(() => undefined);
      await other.close();
    }
  });

  it('Add User… on several selected templates (the command gets the clicked node and the selection): one confirmation, one summary with the failure', async () => {
    sb.store.setUserRole(T.sampleRecord, bob, 'editor'); // he has a role there: 409, kept
    const selected = [await templateNode(id, 'sample-record'), await templateNode(id, 'measurement-series')];
    prompts.answers.push({ search: 'bob', pick: /Bob Brown/ }, { pick: /member/ });
    prompts.buttons = ['Add'];
    sb.requests.length = 0;
    await vscode.commands.executeCommand('kadi4mat.addUserRole', selected[1], selected);
    prompts.done();
    assert.match(prompts.messages[0].text, /^Give Bob Brown the member role on 2 templates\? "sample-record", "measurement-series"\./);
    assert.deepEqual(writes(), [`POST /api/v1/templates/${T.sampleRecord}/roles/users 409`, `POST /api/v1/templates/${T.measurementSeries}/roles/users 201`]);
    assert.equal(sb.store.getTemplate(T.sampleRecord)!.user_roles[bob], 'editor');
    assert.equal(sb.store.getTemplate(T.measurementSeries)!.user_roles[bob], 'member');
    const summary = prompts.messages.filter((m) => m.level === 'warn').map((m) => m.text)[1];
    assert.match(summary, /^Gave Bob Brown the member role on 1 of 2 templates\. 1 failed: "sample-record": Bob Brown already has a role on 'sample-record'/);
  });
});
