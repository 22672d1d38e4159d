// Scenario 5 — a conflict: while the template is open, bob changes its title through the API;
// alice changes the title too and saves. The extension asks: Compare / Overwrite / Cancel.
// (Changes to different fields are merged without asking, so both edits touch the title.)
'use strict';
const assert = require('node:assert/strict');
const { session, assertEventually } = require('../harness');
const { diffSides, ensureInstance, failureShot, tidy } = require('./common');

const MINE = 'Tensile test (lab A)';
const BOBS = 'Tensile test (lab B)';

describe('5. conflict with a change made on the server', function () {
  let s;
  before(async () => {
    s = await session();
    await tidy(s);
    await ensureInstance(s);
  });
  afterEach(failureShot(() => s));

  const titleOnServer = async () => (await s.api('/templates/1')).body.title;
  const dirty = async () => /\bdirty\b/.test(await s.tab('tensile-test.kadi-template.json').getAttribute('class'));

  it('saving after bob changed the title asks Compare / Overwrite / Cancel; Cancel keeps my text unsaved', async () => {
    await s.treeRow('Tensile test').click();
    await s.tab('tensile-test.kadi-template.json').waitFor();
    await assertEventually(async () => assert.match(await s.editorText(), /"title": "Tensile test/), 'document text');
    const title = /"title": "([^"]*)"/.exec(await s.editorText())[1];
    await s.replaceInEditor(title, MINE);

    const bob = await s.api('/templates/1', { method: 'PATCH', token: 'pat_sandbox_bob', body: { title: BOBS } });
    assert.equal(bob.status, 200, 'bob may edit (he is an editor)');

    await s.press('Control+S');
    await s.dialog.waitFor();
    const text = await s.dialog.innerText();
    assert.match(text, /'tensile-test' was changed on the Kadi4Mat server since you opened it/);
    assert.match(text, /Changed there: "title"/);
    for (const b of ['Compare', 'Overwrite', 'Cancel']) await s.dialog.getByRole('button', { name: b, exact: true }).waitFor();
    await s.shot('5-conflict-dialog');

    await s.dialogButton('Cancel');
    await s.dialog.waitFor({ state: 'hidden' });
    await s.toast('the save was cancelled').waitFor();
    assert.ok(await dirty(), 'my change is still unsaved in the editor');
    assert.match(await s.editorText(), /"title": "Tensile test \(lab A\)"/);
    assert.equal(await titleOnServer(), BOBS, 'nothing was written');
  });

  it('Compare shows the server version beside mine and saves nothing', async () => {
    await s.clearNotifications();
    await s.tab('tensile-test.kadi-template.json').click();
    await s.press('Control+S');
    await s.dialogButton('Compare');
    await s.tab('Kadi4Mat server ↔ yours').waitFor();
    const diff = s.page.locator('.editor-group-container.active .monaco-diff-editor');
    await assertEventually(async () => {
      const [server, mine] = await diffSides(diff);
      assert.match(server, /"title": "Tensile test \(lab B\)"/);
      assert.match(mine, /"title": "Tensile test \(lab A\)"/);
    }, 'server left, mine right');
    assert.equal(await titleOnServer(), BOBS, 'nothing was written');
    await s.shot('5-compare');
  });

  it('Overwrite saves my version; editor, tree and sandbox agree', async () => {
    await s.clearNotifications();
    await s.tab('tensile-test.kadi-template.json').click();
    await s.press('Control+S');
    await s.dialogButton('Overwrite');
    await assertEventually(async () => assert.equal(await titleOnServer(), MINE), 'my title on the server');
    await assertEventually(async () => assert.equal(await dirty(), false), 'saved');
    await s.treeRow(MINE).waitFor();
    const [newest, previous] = (await s.api('/templates/1/revisions')).body.items;
    assert.deepEqual([newest.user.displayname, Object.keys(newest.diff)], ['Alice Anderson', ['title']], 'my revision, on top of');
    assert.deepEqual([previous.user.displayname, Object.keys(previous.diff)], ['Bob Brown', ['title']], "bob's");
    await s.shot('5-overwritten');
  });
});
