// Scenario 3 — open a template from the tree, change its title and an extra's unit, save with
// Ctrl+S: the tree and the sandbox show the change, the Revisions node a new revision, and
// "Compare with Previous Revision" opens a diff of the two.
'use strict';
const assert = require('node:assert/strict');
const { assertEventually } = require('../harness');
const { connectedSession, diffSides, failureShot } = require('./common');

const NEW_TITLE = 'Tensile test (ISO 6892-1)';

describe('3. edit a template and save it', function () {
  let s;
  let revisionsBefore;
  before(async () => {
    s = await connectedSession();
    revisionsBefore = (await s.api('/templates/1/revisions')).body._pagination.total_items;
  });
  afterEach(failureShot(() => s));

  it('opens from the tree as JSON, with where it saves in the status bar', async () => {
    await s.treeRow('Tensile test').click();
    await s.tab('tensile-test.kadi-template.json').waitFor();
    await assertEventually(async () => assert.match(await s.editorText(), /"title": "Tensile test",/), 'document text');
    const status = s.page.locator('.part.statusbar').getByText(/Kadi4Mat: .* › tensile-test \(#1\)/);
    await status.waitFor();
  });

  it('Ctrl+S saves the new title and unit to Kadi4Mat; the tree shows the title', async () => {
    await s.replaceInEditor('Tensile test', NEW_TITLE);
    await s.replaceInEditor('%', 'mm/mm'); // elongation: the first "%" is its unit
    assert.match(await s.tab('tensile-test').getAttribute('class'), /\bdirty\b/);
    await s.shot('3-edited');
    await s.press('Control+S');
    await assertEventually(async () => assert.doesNotMatch(await s.tab('tensile-test').getAttribute('class'), /\bdirty\b/), 'saved');
    const t = (await s.api('/templates/1')).body;
    assert.equal(t.title, NEW_TITLE);
    const elongation = t.data.find((e) => e.key === 'elongation');
    assert.equal(elongation.unit, 'mm/mm');
    assert.equal(t.data.find((e) => e.key === 'force').unit, 'N', 'other extras unchanged');
    await s.treeRow(NEW_TITLE).waitFor();
  });

  it('the Revisions node lists the new revision first as "data, title #N · Alice · just now", whole at the default width', async () => {
    assert.equal((await s.api('/templates/1/revisions')).body._pagination.total_items, revisionsBefore + 1, 'one revision more on the server');
    await s.expand(NEW_TITLE);
    await s.expand('Revisions');
    await assertEventually(async () => {
      const rows = await s.treeTexts();
      const at = rows.findIndex((r) => r.startsWith('Revisions'));
      const revisions = rows.slice(at + 1).filter((r) => /\S · (just now|\d+ (min|h|d) ago|[A-Z][a-z]{2} \d{1,2}, \d{4})$/.test(r));
      assert.equal(revisions.length, revisionsBefore + 1, revisions.join(' | '));
      assert.match(revisions[0], /^data, title\s*#\d+ · Alice · just now$/);
    }, 'revision rows');
    // What changed is the label, so the side bar at its default width never cuts it.
    const newest = s.treeRow(/^data, title\s*#\d+ · Alice · /);
    const cut = await newest.evaluate((row) => {
      const name = row.querySelector('.label-name');
      const box = row.querySelector('.monaco-icon-label-container');
      return name.getBoundingClientRect().right > box.getBoundingClientRect().right + 0.5;
    });
    assert.equal(cut, false, 'the label "data, title" is shown whole');
    await s.shot('3-saved-revisions');
  });

  it('"Compare with Previous Revision" opens the diff of the two revisions', async () => {
    await s.contextMenu(/^data, title\s*#\d+ · Alice · /, 'Compare with Previous Revision');
    const diff = s.page.locator('.editor-group-container.active .monaco-diff-editor');
    await diff.waitFor();
    await s.tab('↔').waitFor();
    assert.match(await s.tab("↔").innerText(), /^tensile-test #\d+ ↔ #\d+/);
    await assertEventually(async () => {
      const [before, after] = await diffSides(diff);
      assert.match(before, /"title": "Tensile test",/);
      assert.match(after, /"title": "Tensile test \(ISO 6892-1\)",/);
      assert.match(after, /"unit": "mm\/mm"/);
    }, 'diff sides');
    await s.shot('3-compare-previous');
  });

  it('Export… → JSON Schema opens "tensile-test.schema.json" (not "Untitled-1"); closing asks about that name', async () => {
    await s.contextMenu(NEW_TITLE, 'Export…');
    await s.pick('JSON Schema');
    await s.pick('Open in an editor');
    const tab = s.tab('tensile-test.schema.json');
    await tab.waitFor();
    assert.equal(await s.tab('Untitled').count(), 0, 'no "Untitled-N" tab');
    await assertEventually(async () => assert.match(await s.editorText(), /"\$schema": "https:\/\/json-schema\.org/), 'the export in the editor');
    await s.shot('3-export-named');
    await s.press('Control+W');
    await s.dialog.waitFor({ state: 'visible' });
    assert.match(await s.dialog.innerText(), /tensile-test\.schema\.json/);
    await s.shot('3-export-close-asks');
    await s.dialogButton("Don't Save");
    await tab.waitFor({ state: 'detached' });
  });
});
