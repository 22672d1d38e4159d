// One end-to-end session shared by the scenarios: a sandbox in this process (startSandbox from
// src/sandbox, bundled by run.js), a private code-server with the packaged .vsix installed (no
// development path, no smoke-test driver), and headless Chromium showing the workbench. Plus the
// few gestures a person makes: command palette, quick input, tree rows, editor keys, dialogs,
// notifications, screenshots. Selectors are accessible names, ARIA roles and the workbench's
// stable class names (.monaco-list-row, .quick-input-widget), never positions.
'use strict';
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const cs = require('../host/code-server');

const repo = cs.repo;
const SHOTS = process.env.KADI_E2E_SCREENSHOT_DIR || path.join(repo, 'test-results', 'e2e');
const VERBOSE = process.env.KADI_E2E_VERBOSE === '1';
/** The longest a single UI expectation waits (the workbench answers in well under a second). */
const UI_TIMEOUT = 15000;

/** Settings of the e2e profile, besides the host's quiet offline ones. */
const E2E_SETTINGS = {
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'editor.minimap.enabled': false,
  // What a person sees while typing JSON stays, but no suggest widget covers the text.
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.acceptSuggestionOnEnter': 'off',
  'files.autoSave': 'off',
  'window.commandCenter': true,
  // Diffs side by side even with the wider side bar (the screenshots show both versions).
  'diffEditor.useInlineViewWhenSpaceIsLimited': false,
};

let current;

/** The session, started on first use (by the first scenario's `before`). */
function session() {
  current ??= Session.start();
  return current;
}

async function closeSession() {
  if (!current) return;
  const s = await current.catch(() => undefined);
  current = undefined;
  if (s) await s.close();
}

class Session {
  static async start() {
    const vsix = process.env.KADI_E2E_VSIX;
    const sandboxModule = process.env.KADI_E2E_SANDBOX_MODULE;
    assert.ok(vsix && fs.existsSync(vsix), 'KADI_E2E_VSIX must name the packaged extension (test/e2e/run.js sets it)');
    assert.ok(sandboxModule && fs.existsSync(sandboxModule), 'KADI_E2E_SANDBOX_MODULE must name the bundled sandbox (test/e2e/run.js sets it)');
    const missing = cs.missingHost();
    assert.deepEqual(missing, [], missing.join('; '));

    const s = new Session();
    s.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-e2e-'));
    try {
      const { startSandbox } = require(sandboxModule);
      s.sandbox = await startSandbox({ port: 0, dataFile: path.join(s.tmp, 'sandbox-data.json') });

      s.profile = cs.prepareProfile(s.tmp, E2E_SETTINGS);
      cs.installExtension(s.profile, vsix);
      s.workspace = path.join(s.tmp, 'workspace');
      fs.mkdirSync(s.workspace);
      s.logFile = path.join(s.tmp, 'code-server.log');
      s.logFd = fs.openSync(s.logFile, 'a');
      s.server = await cs.startCodeServer({ profile: s.profile, out: s.logFd, onSpawn: (c) => { s.serverChild = c; } });

      s.browser = await cs.launchChromium();
      s.page = await s.browser.newPage({ viewport: { width: 1400, height: 860 } });
      s.page.setDefaultTimeout(UI_TIMEOUT);
      if (VERBOSE) s.page.on('console', (m) => process.stderr.write(`[browser ${m.type()}] ${m.text()}\n`));
      await s.page.goto(`${s.server.origin}/?folder=${encodeURIComponent(s.workspace)}`);
      // Interactive once the activity bar and status bar are there (about 4 s after goto).
      await s.page.locator('.part.activitybar').waitFor({ timeout: 60000 });
      await s.page.locator('.part.statusbar').waitFor({ timeout: 60000 });
      await s.page.waitForTimeout(1500);
    } catch (e) {
      await s.close();
      throw e;
    }
    return s;
  }

  async close() {
    if (this.browser) await this.browser.close().catch(() => {});
    if (this.serverChild) await cs.stopGroup(this.serverChild);
    if (this.sandbox) await this.sandbox.close().catch(() => {});
    if (this.logFd !== undefined) fs.closeSync(this.logFd);
    if (this.tmp) fs.rmSync(this.tmp, { recursive: true, force: true });
  }

  /** The last lines of code-server's log (for failures). */
  serverLog(lines = 30) {
    try {
      return fs.readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  // ---------------------------------------------------------------- screenshots

  /**
   * Saves test-results/e2e/<name>.png and returns its path. The mouse first moves to an empty
   * spot of the title bar, so no hover or tooltip covers what the picture is about.
   */
  async shot(name, { keepMouse = false } = {}) {
    fs.mkdirSync(SHOTS, { recursive: true });
    if (!keepMouse) {
      await this.page.mouse.move(1150, 12);
      await sleep(250);
    }
    // Finished progress notifications linger a moment; let them go (bounded).
    await this.page
      .locator('.notifications-toasts .notification-toast .monaco-progress-container.active')
      .first()
      .waitFor({ state: 'hidden', timeout: 3000 })
      .catch(() => {});
    const file = path.join(SHOTS, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  // ---------------------------------------------------------------- keyboard, palette, quick input

  async press(keys) {
    await this.page.keyboard.press(keys);
  }

  get quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  /** The quick input's text box (command palette, input boxes, quick picks). */
  get quickInputBox() {
    return this.quickInput.locator('.quick-input-box input');
  }

  /** F1, type the command's title, run it when it is listed. */
  async command(title) {
    // A view that takes focus while it loads (the walkthrough's webview) closes the palette
    // under us: open it again, a few times, rather than wait on a box that is gone.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.closeQuickInput();
        await this.press('F1');
        await this.quickInputBox.waitFor({ state: 'visible', timeout: 5000 });
        await this.quickInputBox.fill(`>${title}`, { timeout: 5000 });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
    // Enter runs the highlighted row: it must be the command asked for, not a longer namesake.
    const focused = this.quickInput.locator('.monaco-list-row.focused');
    await assertEventually(async () => {
      const label = (await focused.getAttribute('aria-label', { timeout: 1000 })) ?? '';
      assert.ok(label === title || label.startsWith(`${title},`), `highlighted: "${label}"`);
    }, `command "${title}" in the palette`);
    await this.press('Enter');
  }

  /** A row of the open quick pick whose label contains `text`. */
  quickRow(text) {
    return this.quickInput.locator('.monaco-list-row').filter({ hasText: text }).first();
  }

  /** Waits for an input box or quick pick whose title or prompt contains `text`. */
  async waitForQuickInput(text) {
    await this.quickInput.filter({ hasText: text }).waitFor({ state: 'visible' });
  }

  /** Types into the open quick input and presses Enter. */
  async answer(text) {
    await this.quickInputBox.waitFor({ state: 'visible' });
    await this.quickInputBox.fill(text);
    await this.press('Enter');
  }

  /** Picks the row labelled `text` in the open quick pick. */
  async pick(text) {
    const row = this.quickRow(text);
    await row.waitFor({ state: 'visible' });
    await row.click();
  }

  async closeQuickInput() {
    if (await this.quickInput.isVisible()) await this.press('Escape');
    await this.quickInput.waitFor({ state: 'hidden' });
  }

  // ---------------------------------------------------------------- the Kadi4Mat view

  /** Opens the Kadi4Mat view container from the activity bar (if it is not already showing). */
  async openKadiView() {
    const view = this.kadiView;
    if (await view.isVisible()) return;
    await this.page.locator('.part.activitybar').getByRole('tab', { name: 'Kadi4Mat' }).click();
    await view.waitFor({ state: 'visible' });
    await this.widenSidebar(440);
  }

  /** Drags the sash between side bar and editor, as a person would, so tree rows are readable. */
  async widenSidebar(width) {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box || box.width >= width) return;
    const x = box.x + box.width + 1;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + (width - box.width) / 2, y, { steps: 3 });
    await this.page.mouse.move(box.x + width + 1, y, { steps: 3 });
    await this.page.mouse.up();
  }

  /** The Templates view (its pane body). */
  get kadiView() {
    return this.page.locator('.part.sidebar .pane').filter({ has: this.page.locator('.pane-header', { hasText: 'Templates' }) }).locator('.pane-body');
  }

  /** A row of the Kadi4Mat tree whose accessible name (label + description) contains `text`. */
  treeRow(text) {
    return this.kadiView.locator('.monaco-list-row').filter({ hasText: text }).first();
  }

  /** Texts of all visible tree rows. */
  async treeTexts() {
    return this.kadiView.locator('.monaco-list-row').allInnerTexts();
  }

  /** Expands a collapsed tree row. */
  async expand(text) {
    const row = this.treeRow(text);
    await row.waitFor({ state: 'visible' });
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
    await assertEventually(async () => assert.equal(await row.getAttribute('aria-expanded'), 'true'), `"${text}" expands`);
  }

  /** Right-click a tree row, then choose a context-menu entry. */
  async contextMenu(rowText, entry) {
    const row = this.treeRow(rowText);
    await row.click({ button: 'right' });
    const item = this.menuItem(entry);
    await item.waitFor({ state: 'visible' });
    // A click that lands right after the menu opened is taken for the end of the right-click.
    await sleep(400);
    await item.click();
    await this.page.locator('.monaco-menu').waitFor({ state: 'hidden' });
  }

  menuItem(label) {
    // Context menus sit in a shadow root in the web workbench; playwright's locators pierce it.
    return this.page.getByRole('menuitem', { name: label, exact: true });
  }

  // ---------------------------------------------------------------- editors

  /** The active editor's text area (focus for typing). */
  get activeEditor() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The tab of an open editor whose label contains `text`. */
  tab(text) {
    return this.page.locator('.tabs-container .tab').filter({ hasText: text }).first();
  }

  /**
   * Selects the first match of `text` after the top of the active editor, as a person would:
   * Ctrl+Home, Ctrl+F, type, Enter, Escape (the match stays selected).
   */
  async selectInEditor(text) {
    await this.activeEditor.click({ position: { x: 200, y: 10 } });
    await this.press('Control+Home');
    await this.press('Control+F');
    const find = this.page.locator('.editor-group-container.active .find-widget textarea').first();
    await find.waitFor({ state: 'visible' });
    await find.fill(text);
    await assertEventually(async () => {
      const count = await this.page.locator('.editor-group-container.active .find-widget .matchesCount').innerText();
      assert.doesNotMatch(count, /No results/, `"${text}" is in the editor`);
    }, `find "${text}"`);
    await this.press('Escape');
  }

  /**
   * Replaces the first occurrence of `from` (selected with Find) by typing `to`. The selection
   * is deleted first: typing a bracket or quote over a selection would surround it instead.
   */
  async replaceInEditor(from, to) {
    await this.selectInEditor(from);
    await this.press('Backspace');
    await this.page.keyboard.type(to, { delay: 5 });
  }

  /** The text of the active editor as the workbench renders it (visible lines). */
  async editorText() {
    return (await this.activeEditor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  }

  // ---------------------------------------------------------------- notifications, dialogs

  /** A notification toast containing `text`. */
  toast(text) {
    return this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
  }

  /** The modal dialog (if one is open). */
  get dialog() {
    return this.page.locator('.monaco-dialog-box');
  }

  async dialogButton(label) {
    await this.dialog.waitFor({ state: 'visible' });
    await this.dialog.getByRole('button', { name: label, exact: true }).click();
  }

  async clearNotifications() {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    if ((await toasts.count()) === 0) return;
    await this.command('Notifications: Clear All Notifications');
    await toasts.first().waitFor({ state: 'hidden' }).catch(() => {});
  }

  // ---------------------------------------------------------------- the sandbox

  /** GET the sandbox's API as `token` (default alice's). */
  async api(pathname, { method = 'GET', token = 'pat_sandbox_alice', body } = {}) {
    const res = await fetch(`${this.sandbox.url}/api/v1${pathname}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Retries `check` (which throws on failure) until it passes or `timeout` ms pass; rethrows the last failure. */
async function assertEventually(check, what = 'condition', timeout = UI_TIMEOUT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) {
        e.message = `${what}: ${e.message}`;
        throw e;
      }
      await sleep(200);
    }
  }
}

module.exports = { session, closeSession, assertEventually, sleep, Session, SHOTS, UI_TIMEOUT };
