// Scenario 6 — permissions and trash from the tree's context menu: give carol the editor role
// through the two-step quick pick, delete the template (it moves to the trash), restore it.
'use strict';
const assert = require('node:assert/strict');
const { assertEventually } = require('../harness');
const { connectedSession, doneOrAnswerPicker, failureShot } = require('./common');

describe('6. permissions and trash', function () {
  let s;
  let title;
  before(async () => {
    s = await connectedSession();
    title = (await s.api('/templates/1')).body.title;
  });
  afterEach(failureShot(() => s));

  const userRoles = async () => (await s.api('/templates/1/roles/users')).body.items.map((i) => `${i.user.identity.username}:${i.role.name}`).sort();

  it('Add User…: pick a user, then a role; the tree and the sandbox show it', async () => {
    assert.deepEqual(await userRoles(), ['alice:admin', 'bob:editor']);
    await s.contextMenu(title, 'Add User…');
    await s.waitForQuickInput("Add User to 'tensile-test' (1/2)");
    await s.quickInputBox.fill('car');
    await s.pick('Carol Chen');
    await s.waitForQuickInput("Role of Carol Chen on 'tensile-test' (2/2)");
    const roles = await s.quickInput.locator('.monaco-list-row').allInnerTexts();
    assert.deepEqual(roles.map((r) => r.trim().split('\n')[0]), ['member', 'editor', 'admin']);
    await s.shot('6-role-pick');
    await s.pick('editor');
    await s.quickInput.waitFor({ state: 'hidden' });
    await assertEventually(async () => assert.deepEqual(await userRoles(), ['alice:admin', 'bob:editor', 'carol:editor']), 'role on the server');

    await s.expand(title);
    await s.expand('Permissions');
    await s.expand('Users');
    await assertEventually(async () => assert.ok((await s.treeTexts()).some((r) => /^Carol Chen\s*editor$/.test(r))), 'Carol Chen editor in the tree');
    await s.shot('6-role-added');
  });

  it('Delete Template… asks, then the template moves to the trash', async () => {
    await s.clearNotifications();
    await s.contextMenu(title, 'Delete Template…');
    await s.dialog.waitFor();
    assert.match(await s.dialog.innerText(), /Delete the template "Tensile test.*" \(tensile-test\)/);
    await s.shot('6-delete-confirm');
    await s.dialogButton('Delete');
    // A routine success: the status bar (with Undo for a while), not a notification that stays.
    await s.page.locator('.statusbar-item').filter({ hasText: 'Moved "tensile-test" to your trash.' }).first().waitFor();
    assert.equal(await s.toast('Moved "tensile-test"').count(), 0, 'no notification');
    await assertEventually(async () => assert.ok(!(await s.treeTexts()).some((r) => r.startsWith(title))), 'gone from Templates');
    assert.equal((await s.api('/templates/1')).status, 404);
    assert.ok((await s.api('/trash')).body.items.some((t) => t.identifier === 'tensile-test'), 'in the trash on the server');
    await s.expand('Trash');
    await s.treeRow(/tensile-test\s*deleted/).waitFor();
    await s.shot('6-trash');
  });

  it('Restore Template brings it back among the templates', async () => {
    await s.clearNotifications();
    await s.expand('Trash');
    await s.contextMenu(/tensile-test\s*deleted/, 'Restore Template');
    // Normally the command gets the row and restores at once. If the tree re-rendered the row
    // under the click, it asks instead (Local sandbox and this sandbox are both connected):
    // this instance, then the template in its trash. Either way the same restore follows.
    await doneOrAnswerPicker(s, s.page.locator('.statusbar-item').filter({ hasText: 'Restored "tensile-test"' }).first(), 'Restore Template', [new URL(s.sandbox.url).host, 'tensile-test']);
    await assertEventually(async () => {
      const rows = await s.treeTexts();
      assert.ok(rows.some((r) => r.startsWith(title)), 'back in Templates');
      assert.ok(!rows.some((r) => /^tensile-test\s*deleted/.test(r)), 'not in Trash');
    }, 'tree after restore');
    const t = await s.api('/templates/1');
    assert.deepEqual([t.status, t.body.state, t.body.title], [200, 'active', title]);
    assert.deepEqual(await userRoles(), ['alice:admin', 'bob:editor', 'carol:editor'], 'roles survive the trash');
    await s.shot('6-restored');
  });
});
