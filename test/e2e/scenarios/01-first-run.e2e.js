// Scenario 1 — first run: the empty Kadi4Mat view invites to connect; "Try the Local Sandbox"
// starts the embedded sandbox inside VS Code and the tree shows its seed templates.
'use strict';
const assert = require('node:assert/strict');
const { session, assertEventually } = require('../harness');
const { failureShot } = require('./common');

/** The templates alice sees in the seed data (src/sandbox/README.md), newest first. */
const SEED_TITLES = ['XRD measurement', 'Microscopy image', 'Simulation run', 'Measurement series', 'Steel sample', 'Tensile test'];

describe('1. first run', function () {
  let s;
  before(async () => {
    s = await session();
  });
  afterEach(failureShot(() => s));

  it('the Kadi4Mat view welcomes with "Add Instance" and "Try the Local Sandbox"', async () => {
    await s.openKadiView();
    const welcome = s.kadiView.locator('.welcome-view-content');
    await welcome.waitFor({ state: 'visible' });
    assert.match(await welcome.innerText(), /Connect to a Kadi4Mat instance/);
    await welcome.getByRole('button', { name: 'Add Instance' }).waitFor();
    await welcome.getByRole('button', { name: 'Try the Local Sandbox' }).waitFor();
    await s.shot('1-welcome');
  });

  it('the welcome links to the Getting Started walkthrough', async () => {
    await s.kadiView.locator('.welcome-view-content a', { hasText: 'Getting Started walkthrough' }).click();
    const walkthrough = s.page.locator('.gettingStartedContainer');
    await walkthrough.locator('h2', { hasText: 'Get Started with Kadi4Mat Templates' }).waitFor();
    for (const step of ['Connect to a Kadi4Mat instance', 'Find and open a template', 'Edit and save', 'Validate as you type', 'Share with colleagues']) {
      await walkthrough.getByText(step, { exact: true }).first().waitFor();
    }
    await walkthrough.getByRole('button', { name: 'Try the Local Sandbox' }).waitFor();
    // The step's markdown (media/walkthrough/connect.md), rendered in a webview beside the
    // steps when the editor is wide enough.
    await s.command('View: Close Primary Side Bar');
    const media = walkthrough.frameLocator('iframe.webview').frameLocator('#active-frame');
    await media.getByRole('heading', { name: 'Connect to Kadi4Mat' }).waitFor();
    await media.getByText('Try the Local Sandbox', { exact: false }).first().waitFor();
    await s.shot('1-walkthrough');
    await s.command('View: Close All Editors');
    await s.openKadiView();
  });

  it('"Try the Local Sandbox" connects as alice and lists the seed templates', async () => {
    await s.kadiView.getByRole('button', { name: 'Try the Local Sandbox' }).click();
    await s.toast('Connected to Local sandbox as Alice Anderson').waitFor();
    await assertEventually(async () => {
      const rows = await s.treeTexts();
      assert.match(rows[0], /^Local sandbox\s*Alice Anderson/);
      for (const title of SEED_TITLES) assert.ok(rows.some((r) => r.startsWith(title)), `"${title}" in ${rows.join(' | ')}`);
      assert.ok(rows.some((r) => r.startsWith('Trash')), 'a Trash node');
    }, 'seed templates in the tree');
    // Newest first, as Kadi4Mat lists them.
    const rows = await s.treeTexts();
    const order = SEED_TITLES.map((t) => rows.findIndex((r) => r.startsWith(t)));
    assert.deepEqual([...order].sort((a, b) => a - b), order, `seed order in ${rows.join(' | ')}`);
    assert.equal(await s.kadiView.locator('.welcome-view-content').isVisible(), false, 'the welcome is gone');
    await s.shot('1-local-sandbox');
  });
});
