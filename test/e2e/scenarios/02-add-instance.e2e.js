// Scenario 2 — Add Instance from the command palette: address, then the token in a password
// box. A wrong token says why and "Try Again" keeps the address; the right one connects. The
// instance added here (the sandbox this process started) is the one scenarios 3–6 work on.
'use strict';
const assert = require('node:assert/strict');
const { session, assertEventually } = require('../harness');
const { failureShot, tidy } = require('./common');

describe('2. add an instance with a token', function () {
  let s;
  let host;
  before(async () => {
    s = await session();
    host = new URL(s.sandbox.url).host;
    await s.openKadiView();
    await tidy(s);
    // Scenario 1's sandbox lists the same seed titles; fold it away as a person would.
    const local = s.treeRow('Local sandbox');
    if ((await local.count()) && (await local.getAttribute('aria-expanded')) === 'true') await local.locator('.monaco-tl-twistie').click();
  });
  afterEach(failureShot(() => s));

  it('a wrong token is refused with the reason, nothing is added', async () => {
    await s.command('Kadi4Mat: Add Instance…');
    await s.waitForQuickInput('Add Instance (1/2)');
    await s.answer(s.sandbox.url);
    await s.waitForQuickInput('Add Instance (2/2)');
    assert.equal(await s.quickInputBox.getAttribute('type'), 'password', 'the token box hides what is typed');
    await s.answer('pat_wrong_token');
    const error = s.toast('Could not connect');
    await error.waitFor();
    assert.match(await error.innerText(), new RegExp(`${host.replace(/\./g, '\\.')} did not accept the access token: it is wrong, revoked, or belongs to another instance`));
    await s.toast('Connecting to').waitFor({ state: 'hidden' });
    await s.shot('2-wrong-token');
    assert.equal(await s.treeRow(host).count(), 0, 'no instance row for a refused token');
    const rejected = s.sandbox.requests.filter((r) => r.path.endsWith('/users/me'));
    assert.equal(rejected.at(-1)?.status, 401, 'the sandbox was asked and said 401');
  });

  it('"Try Again" keeps the address; the right token connects and lists the templates', async () => {
    await s.toast('Could not connect').getByRole('button', { name: 'Try Again' }).click();
    await s.waitForQuickInput('Add Instance (1/2)');
    assert.equal(await s.quickInputBox.inputValue(), s.sandbox.url, 'the address is kept');
    await s.press('Enter');
    await s.waitForQuickInput('Add Instance (2/2)');
    await s.answer('pat_sandbox_alice');
    await s.toast(`Connected to ${host} as Alice Anderson.`).waitFor();
    await assertEventually(async () => {
      const rows = await s.treeTexts();
      const at = rows.findIndex((r) => r.startsWith(host));
      assert.ok(at >= 0, `instance row in ${rows.join(' | ')}`);
      assert.match(rows[at], /Alice Anderson/);
      assert.ok(rows.slice(at).some((r) => r.startsWith('Tensile test')), 'its templates are listed');
    }, 'the new instance in the tree');
    await s.shot('2-connected');
  });
});
