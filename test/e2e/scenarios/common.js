// Small helpers shared by the scenarios.
'use strict';
const { assertEventually, session } = require('../harness');

/** afterEach hook: a screenshot named after the failed test, to see what the workbench showed. */
function failureShot(getSession) {
  return async function () {
    const s = getSession();
    if (this.currentTest?.state !== 'failed' || !s?.page) return;
    const name = `failed-${this.currentTest.fullTitle()}`.replace(/[^\w.-]+/g, '_').slice(0, 100);
    const file = await s.shot(name).catch(() => undefined);
    if (file) console.log(`      screenshot of the failure: ${file}`);
  };
}

/** A clean workbench between scenarios: no quick input, menus, dialogs, toasts or open editors. */
async function tidy(s) {
  await s.press('Escape');
  await s.closeQuickInput();
  await s.clearNotifications();
  if (await s.page.locator('.part.panel').isVisible()) await s.command('View: Hide Panel');
  await s.command('View: Close All Editors');
  // Scenarios leave no unsaved editor; one that failed half-way may. Its changes are dropped so
  // the next scenario starts from what the server has.
  await s.page.waitForTimeout(300);
  if (await s.dialog.isVisible()) {
    const text = await s.dialog.innerText();
    if (!/Do you want to save/.test(text)) throw new Error(`an unexpected dialog is open: ${text}`);
    console.log('      (tidy: an earlier scenario left unsaved changes; not saving them)');
    await s.dialogButton("Don't Save");
    await s.dialog.waitFor({ state: 'hidden' });
  }
}

/**
 * The Kadi4Mat view with the sandbox of this process connected, so a scenario also runs alone
 * (`node test/e2e/run.js conflict`): scenario 2 adds it through the UI; if that did not run,
 * this does the same (F1 → Add Instance…). The embedded "Local sandbox" of scenario 1 lists the
 * same seed titles, so it is folded away.
 */
async function ensureInstance(s) {
  await s.openKadiView();
  const host = new URL(s.sandbox.url).host;
  const local = s.treeRow('Local sandbox');
  if ((await local.count()) && (await local.getAttribute('aria-expanded')) === 'true') await local.locator('.monaco-tl-twistie').click();
  if ((await s.treeRow(host).count()) === 0) {
    await s.command('Kadi4Mat: Add Instance…');
    await s.waitForQuickInput('Add Instance (1/2)');
    await s.answer(s.sandbox.url);
    await s.waitForQuickInput('Add Instance (2/2)');
    await s.answer('pat_sandbox_alice');
    await s.treeRow(host).waitFor();
    await s.clearNotifications();
  }
  const row = s.treeRow(host);
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
  await s.treeRow('Tensile test').waitFor();
}

/**
 * Waits for `done` (e.g. the command's toast). If the command asks for its target instead — a
 * quick pick whose title contains `title` — answers each pick with the first of `rows` it
 * lists, then waits for `done`. A context-menu command gets no tree item when the row was
 * re-rendered between the right-click and the click (VS Code then passes nothing, as from the
 * palette): the command asks which instance (when several are connected) and which item.
 * Returns the rows picked (none when it did not ask).
 */
async function doneOrAnswerPicker(s, done, title, rows) {
  const picker = s.quickInput.filter({ hasText: title });
  const next = () =>
    Promise.race([
      done.waitFor({ state: 'visible' }).then(() => 'done', () => 'timeout'),
      picker.waitFor({ state: 'visible' }).then(() => 'picker', () => 'timeout'),
    ]);
  const left = [...rows];
  const picked = [];
  for (let state = await next(); state !== 'done'; state = await next()) {
    if (state === 'timeout' || !left.length) throw new Error(`"${title}": neither the result nor a pick it can answer appeared (picked: ${picked.join(', ') || 'nothing'})`);
    // The pick's items can arrive a moment after it opens (the trash is loaded first).
    const row = await assertEventually(async () => {
      for (const r of left) if (await s.quickRow(r).isVisible()) return r;
      throw new Error(`none of ${left.join(', ')} is listed`);
    }, `a row of "${title}" to answer`);
    console.log(`      (the command asked for its target: "${title}"; picking "${row}")`);
    await s.pick(row);
    picked.push(row);
    left.splice(left.indexOf(row), 1);
    await picker.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => {});
  }
  return picked;
}

/** The visible text of the two sides of a diff editor: [original (left), modified (right)]. */
async function diffSides(diff) {
  const side = async (cls) => (await diff.locator(`.editor.${cls} .view-lines`).first().innerText()).replace(/\u00a0/g, ' ');
  return [await side('original'), await side('modified')];
}

/** The start of most scenarios: the session, a tidy workbench (tidy) and the sandbox connected (ensureInstance). */
async function connectedSession() {
  const s = await session();
  await tidy(s);
  await ensureInstance(s);
  return s;
}

module.exports = { connectedSession, diffSides, doneOrAnswerPicker, ensureInstance, failureShot, tidy };
