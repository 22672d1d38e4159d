// Scenario 5 — a conflict: while the template is open, bob changes its title through the API;
// alice changes the title too and saves. VS Code's own save-conflict flow answers (the stat()
// of the save reports the server's newer version): Compare, then "Use your changes" overwrites.
// (Changes to different fields are merged without asking, so both edits touch the title.)
'use strict';
const assert = require('node:assert/strict');
const { assertEventually } = require('../harness');
const { connectedSession, diffSides, failureShot } = require('./common');

const MINE = 'Tensile test (lab A)';
const BOBS = 'Tensile test (lab B)';

describe('5. conflict with a change made on the server', function () {
  let s;
  before(async () => {
    s = await connectedSession();
  });
  afterEach(failureShot(() => s));

  const titleOnServer = async () => (await s.api('/templates/1')).body.title;
  const dirty = async () => /\bdirty\b/.test(await s.tab('tensile-test.kadi-template.json').getAttribute('class'));

  it("saving after bob changed the title: VS Code's own save conflict (Compare / Overwrite), no dialog, nothing written", async () => {
    await s.treeRow('Tensile test').click();
    await s.tab('tensile-test.kadi-template.json').waitFor();
    await assertEventually(async () => assert.match(await s.editorText(), /"title": "Tensile test/), 'document text');
    const title = /"title": "([^"]*)"/.exec(await s.editorText())[1];
    await s.replaceInEditor(title, MINE);

    const bob = await s.api('/templates/1', { method: 'PATCH', token: 'pat_sandbox_bob', body: { title: BOBS } });
    assert.equal(bob.status, 200, 'bob may edit (he is an editor)');

    await s.press('Control+S');
    const conflict = s.toast('The content of the file is newer');
    await conflict.waitFor();
    for (const b of ['Compare', 'Overwrite']) await conflict.getByRole('button', { name: b, exact: true }).waitFor();
    assert.equal(await s.dialog.count(), 0, 'no modal dialog of ours');
    assert.equal(await s.toast('Unable to write file').count(), 0, 'no raw write error');
    await s.shot('5-conflict');
    assert.ok(await dirty(), 'my change is still unsaved in the editor');
    assert.match(await s.editorText(), /"title": "Tensile test \(lab A\)"/);
    assert.equal(await titleOnServer(), BOBS, 'nothing was written');
  });

  it('Compare shows the server version beside mine, without an error toast; nothing is saved', async () => {
    await s.toast('The content of the file is newer').getByRole('button', { name: 'Compare', exact: true }).click();
    await s.tab('(in file)').waitFor();
    const diff = s.page.locator('.editor-group-container.active .monaco-diff-editor');
    await assertEventually(async () => {
      const [server, mine] = await diffSides(diff);
      assert.match(server, /"title": "Tensile test \(lab B\)"/);
      assert.match(mine, /"title": "Tensile test \(lab A\)"/);
    }, 'server left, mine right');
    assert.equal(await s.toast('Failed to save').count(), 0, 'the choice made is no error');
    assert.equal(await s.toast('was not saved').count(), 0, 'nor one of ours');
    assert.equal(await titleOnServer(), BOBS, 'nothing was written');
    await s.shot('5-compare');
  });

  it('"Use your changes" overwrites: saved, the diff closes; editor, tree and sandbox agree', async () => {
    await s.page.getByRole('button', { name: /Use your changes and overwrite file contents/ }).first().click();
    await assertEventually(async () => assert.equal(await titleOnServer(), MINE), 'my title on the server');
    await assertEventually(async () => assert.equal(await s.tab('(in file)').count(), 0), 'the conflict diff closed');
    await assertEventually(async () => assert.equal(await dirty(), false), 'saved');
    await s.treeRow(MINE).waitFor();
    const [newest, previous] = (await s.api('/templates/1/revisions')).body.items;
    assert.deepEqual([newest.user.displayname, Object.keys(newest.diff)], ['Alice Anderson', ['title']], 'my revision, on top of');
    assert.deepEqual([previous.user.displayname, Object.keys(previous.diff)], ['Bob Brown', ['title']], "bob's");
    await s.shot('5-overwritten');
  });
});
