// Scenario 4 — typing an invalid value: a red squiggle and a Problems entry appear while typing
// (before any save); Ctrl+S is refused and nothing reaches Kadi4Mat; fixing the value clears
// both and the save goes through.
'use strict';
const assert = require('node:assert/strict');
const { assertEventually } = require('../harness');
const { connectedSession, failureShot } = require('./common');

// While a feature is being built, set PENDING to the reason to mark the scenario pending
// (KADI_E2E_RUN_PENDING=1 still runs it).
const PENDING = '';
const test = PENDING && process.env.KADI_E2E_RUN_PENDING !== '1' ? it.skip : it;

describe(`4. validation while typing${PENDING ? ` — pending: ${PENDING}` : ''}`, function () {
  let s;
  before(async () => {
    s = await connectedSession();
  });
  afterEach(failureShot(() => s));

  const problems = () => s.page.locator('.markers-panel .monaco-list-row');

  test('a string in a float extra gets a squiggle and a Problems entry before saving', async () => {
    await s.treeRow('Tensile test').click();
    await s.tab('tensile-test.kadi-template.json').waitFor();
    await assertEventually(async () => assert.match(await s.editorText(), /"key": "force",\s*"type": "float",\s*"value": null,/), 'document text');
    // A correct, untouched template shows no squiggle at all (its "required": true included).
    // Validation runs on open; give it a moment before asserting that nothing appeared.
    await s.page.waitForTimeout(1500);
    assert.equal(await s.activeEditor.locator('.squiggly-error, .squiggly-warning, .squiggly-info').count(), 0, 'no squiggles on the untouched template');
    await s.shot('4-untouched-no-squiggles');
    // force is the first extra; its value is the first null in the document.
    await s.replaceInEditor('null', '"12 N"');
    await assertEventually(async () => assert.ok((await s.activeEditor.locator('.squiggly-error').count()) > 0, 'a red squiggle'), 'live validation');
    await s.press('Control+Shift+M');
    await assertEventually(async () => {
      const texts = await problems().allInnerTexts();
      assert.ok(texts.some((t) => /Kadi4Mat/.test(t) && /float/i.test(t) && !/rejected by the server/.test(t)), texts.join(' | '));
    }, 'Problems entry from the extension (not from a save)');
    await s.shot('4-invalid-value');
  });

  test('Ctrl+S is refused: the editor stays dirty, the sandbox keeps the old value', async () => {
    const patches = () => s.sandbox.requests.filter((r) => r.method === 'PATCH' && /\/templates\/1$/.test(r.path)).length;
    const before = patches();
    await s.activeEditor.click({ position: { x: 300, y: 10 } });
    await s.press('Control+S');
    await s.page.locator('.notifications-toasts .notification-toast').first().waitFor();
    await s.page.waitForTimeout(500);
    assert.match(await s.tab('tensile-test').getAttribute('class'), /\bdirty\b/, 'still unsaved');
    assert.equal(patches(), before, 'no PATCH was sent');
    assert.equal((await s.api('/templates/1')).body.data[0].value, null);
    await s.shot('4-save-refused');
  });

  test('fixing the value clears squiggle and Problems entry; the save goes through', async () => {
    await s.clearNotifications();
    await s.replaceInEditor('"12 N"', '12.5');
    await assertEventually(async () => assert.equal(await s.activeEditor.locator('.squiggly-error').count(), 0), 'squiggle gone');
    await assertEventually(async () => {
      const texts = await problems().allInnerTexts();
      assert.ok(!texts.some((t) => /float/i.test(t)), texts.join(' | '));
    }, 'Problems entry gone');
    await s.press('Control+S');
    await assertEventually(async () => assert.doesNotMatch(await s.tab('tensile-test').getAttribute('class'), /\bdirty\b/), 'saved');
    assert.equal((await s.api('/templates/1')).body.data[0].value, 12.5);
    await s.shot('4-fixed-and-saved');
  });

  test('a syntax error is listed once (VS Code\'s JSON support), not twice', async () => {
    await s.selectInEditor('12.5,');
    await s.press('End');
    await s.page.keyboard.type(',');
    if (!(await s.page.locator('.markers-panel').isVisible())) await s.press('Control+Shift+M');
    await assertEventually(async () => {
      // Marker rows (not the file's row, whose path label names Kadi4Mat) end with their position.
      const markers = (await problems().allInnerTexts()).filter((t) => /\[Ln \d+, Col \d+\]/.test(t));
      assert.ok(markers.some((t) => /expected/i.test(t)), markers.join(' | '));
      assert.ok(!markers.some((t) => /Kadi4Mat/.test(t)), `nothing repeated by Kadi4Mat: ${markers.join(' | ')}`);
    }, 'one report of the syntax error');
    await s.shot('4-syntax-error-once');
    await s.activeEditor.click({ position: { x: 300, y: 10 } });
    await s.press('Control+Z');
    await assertEventually(async () => assert.doesNotMatch(await s.tab('tensile-test').getAttribute('class'), /\bdirty\b/), 'back to the saved text');
    await assertEventually(async () => assert.equal(await s.activeEditor.locator('.squiggly-error').count(), 0), 'no squiggle left');
  });
});
