// Scenario 8 — templates as code: Pull Templates to Folder… from the instance's context menu
// (folder chosen in the workbench's file dialog), a local edit appears in the Source Control
// view under "Changed locally" beside a change made on the server, a click shows server ↔
// local, and the inline Push sends the edit.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { assertEventually } = require('../harness');
const { connectedSession, failureShot } = require('./common');

const FILE = 'tensile-test.kadi-template.json';
const NEW_TITLE = 'Tensile test (from Git)';

describe('8. templates in Git: pull to a folder, the Source Control view, push', function () {
  let s;
  let dir;
  before(async () => {
    s = await connectedSession();
    dir = path.join(s.workspace, 'templates');
    fs.mkdirSync(dir, { recursive: true });
  });
  afterEach(failureShot(() => s));

  const scmRow = (text) => s.page.locator('.scm-view .monaco-list-row').filter({ hasText: text }).first();

  it('Pull Templates to Folder… writes one file per template and the manifest', async () => {
    await s.contextMenu(new URL(s.sandbox.url).host, 'Pull Templates to Folder…');
    // A remote workbench's folder dialog is a quick input holding a path.
    await s.quickInputBox.waitFor({ state: 'visible' });
    // The dialog fills in its starting folder a moment after it shows: type again until our path stays.
    await assertEventually(async () => {
      await s.quickInputBox.fill(`${dir}/`);
      await s.page.waitForTimeout(500);
      assert.equal(await s.quickInputBox.inputValue(), `${dir}/`);
    }, 'the folder typed into the dialog', 15_000);
    // Enter while the dialog still lists the folder is ignored: press it until the dialog closes.
    await assertEventually(async () => {
      if (await s.quickInputBox.isVisible()) await s.press('Enter');
      await s.quickInputBox.waitFor({ state: 'hidden', timeout: 2_000 });
    }, 'the folder dialog accepted', 20_000);
    await assertEventually(async () => assert.ok(fs.existsSync(path.join(dir, 'kadi-templates.json'))), 'the manifest', 30_000);
    await s.toast('Pulled').waitFor();
    assert.ok(fs.existsSync(path.join(dir, FILE)));
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'kadi-templates.json'), 'utf8'));
    assert.equal(manifest.instance, s.sandbox.url);
    assert.ok(!JSON.stringify(manifest).includes('pat_'), 'no token in the manifest');
  });

  it('a local edit and a server change show up in their groups; a click opens server ↔ local', async () => {
    const text = fs.readFileSync(path.join(dir, FILE), 'utf8');
    const title = /"title": "([^"]*)"/.exec(text)[1];
    fs.writeFileSync(path.join(dir, FILE), text.replace(`"title": "${title}"`, `"title": "${NEW_TITLE}"`));
    const web = await s.api('/templates/3', { method: 'PATCH', token: 'pat_sandbox_alice', body: { description: 'Changed in the web UI.' } });
    assert.equal(web.status, 200);
    await s.command('Kadi4Mat: Refresh Template Folder Status');
    await s.press('Control+Shift+G');
    await scmRow(FILE).waitFor();
    await scmRow('Changed locally').waitFor();
    await scmRow('Changed on the server').waitFor();
    await scmRow('measurement-series.kadi-template.json').waitFor();
    await s.shot('8-scm');
    await scmRow(FILE).click();
    await s.tab(`${FILE} (Kadi4Mat ↔ local)`).waitFor();
    await s.shot('8-scm-diff');
  });

  it('the inline Push sends the edit; the file leaves the group', async () => {
    const row = scmRow(FILE);
    await row.hover();
    await row.getByRole('button', { name: 'Push to Kadi4Mat' }).click();
    await assertEventually(async () => assert.equal((await s.api('/templates/1')).body.title, NEW_TITLE), 'the title on the server', 20_000);
    await assertEventually(async () => assert.equal(await scmRow(FILE).count(), 0), 'the file leaves "Changed locally"', 20_000);
  });
});
