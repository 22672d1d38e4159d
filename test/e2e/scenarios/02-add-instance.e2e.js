// Scenario 2 — Add Instance from the command palette. The address is checked first (is a
// Kadi4Mat answering there?) and a wrong one is explained inside the address box; then the token
// in a password box, checked while the box stays open: a wrong token is explained inside it and
// the right one, typed into the same box, connects. No toast after a box closed. The instance
// added here (the sandbox this process started) is the one scenarios 3–6 work on.
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

  const toasts = () => s.page.locator('.notifications-toasts .notification-toast');

  it('an address where no Kadi4Mat answers is refused inside the address box, before any token is asked for', async () => {
    await s.clearNotifications();
    await s.command('Kadi4Mat: Add Instance…');
    await s.waitForQuickInput('Add Instance (1/2)');
    // Port 9 (discard): nothing listens there.
    await s.answer('http://127.0.0.1:9');
    await assertEventually(async () => assert.match(await s.quickInput.innerText(), /Could not connect to 127\.0\.0\.1:9: the connection was refused/), 'the reason inside the box');
    assert.match(await s.quickInput.innerText(), /Add Instance \(1\/2\)/, 'still the address box');
    assert.equal(await s.quickInputBox.inputValue(), 'http://127.0.0.1:9', 'what was typed is kept');
    assert.equal(await toasts().count(), 0, 'no toast');
    await s.shot('2-address-refused');
  });

  it('a wrong token is explained inside the token box, which stays open; nothing is added', async () => {
    await s.answer(s.sandbox.url);
    await s.waitForQuickInput('Add Instance (2/2)');
    assert.equal(await s.quickInputBox.getAttribute('type'), 'password', 'the token box hides what is typed');
    const info = s.sandbox.requests.filter((r) => r.path.endsWith('/info'));
    assert.equal(info.at(-1)?.status, 401, 'the address was checked with /info, which wants a token');
    assert.equal(info.at(-1)?.headers.authorization, undefined, 'and none was sent');
    await s.answer('pat_wrong_token');
    await assertEventually(
      async () => assert.match(await s.quickInput.innerText(), new RegExp(`${host.replace(/\./g, '\\.')} did not accept this token: it is wrong, revoked, or belongs to another instance`)),
      'the reason inside the token box',
    );
    assert.match(await s.quickInput.innerText(), /Add Instance \(2\/2\)/, 'still the token box');
    assert.equal(await toasts().count(), 0, 'no toast');
    await s.shot('2-wrong-token');
    assert.equal(await s.treeRow(host).count(), 0, 'no instance row for a refused token');
    const rejected = s.sandbox.requests.filter((r) => r.path.endsWith('/users/me'));
    assert.equal(rejected.at(-1)?.status, 401, 'the sandbox was asked and said 401');
  });

  it('the right token, typed into the same box, connects and lists the templates', async () => {
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
