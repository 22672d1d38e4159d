// Scenario 7 — `npm run demo`: the script prints an address; opening it shows the demo
// sandbox already connected (KADI4MAT_DEMO_SANDBOX_URL, no prompts); Ctrl+C stops code-server
// and the sandbox and removes the temp folder. Runs last: the shared session is stopped first,
// so only one code-server runs at a time.
'use strict';
const assert = require('node:assert/strict');
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const cs = require('../../host/code-server');
const { closeSession, sleep } = require('../harness');

const SHOTS = process.env.KADI_E2E_SCREENSHOT_DIR || path.join(cs.repo, 'test-results', 'e2e');

describe('7. npm run demo', function () {
  let demo;
  let exited;
  const out = [];
  let browser;

  before(async function () {
    await closeSession();
  });
  after(async () => {
    if (browser) await browser.close().catch(() => {});
    if (demo && demo.exitCode === null && demo.signalCode === null) {
      demo.kill('SIGINT');
      await Promise.race([exited, sleep(15000)]);
    }
  });

  it('prints the address; the workbench shows the demo sandbox connected as alice, without prompts', async () => {
    demo = spawn(process.execPath, [path.join(cs.repo, 'scripts', 'demo.js'), '--vsix', process.env.KADI_E2E_VSIX], {
      cwd: cs.repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => demo.once('exit', (code, signal) => resolve({ code, signal })));
    const ready = new Promise((resolve, reject) => {
      for (const stream of [demo.stdout, demo.stderr]) {
        readline.createInterface({ input: stream }).on('line', (line) => {
          out.push(line);
          if (/Press Ctrl\+C to stop/.test(line)) resolve();
        });
      }
      exited.then((e) => reject(new Error(`demo exited (${e.signal || e.code}) before it was ready:\n${out.join('\n')}`)));
    });
    await Promise.race([ready, sleep(60000).then(() => { throw new Error(`demo not ready within 60 s:\n${out.join('\n')}`); })]);
    const text = out.join('\n');
    const open = /Open\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(text)?.[1];
    const sandboxUrl = /sandbox with the sample templates on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    assert.ok(open && sandboxUrl, text);

    browser = await cs.launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.setDefaultTimeout(20000);
    await page.goto(open);
    await page.locator('.part.activitybar').getByRole('tab', { name: 'Kadi4Mat' }).click({ timeout: 60000 });
    const rows = page.locator('.part.sidebar [role="tree"] .monaco-list-row');
    await rows.filter({ hasText: 'Demo sandbox' }).first().waitFor();
    await rows.filter({ hasText: 'Tensile test' }).first().waitFor();
    const texts = await rows.allInnerTexts();
    assert.match(texts[0], /^Demo sandbox\s*Alice Anderson/);
    assert.equal(await page.locator('.quick-input-widget').isVisible(), false, 'nothing asked');
    assert.equal(await page.locator('.monaco-dialog-box').isVisible(), false, 'nothing asked');
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.mouse.move(1150, 12);
    await page.locator('.monaco-hover, .custom-hover').first().waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {});
    await sleep(300);
    await page.screenshot({ path: path.join(SHOTS, '7-demo.png') });
    // The tree came from the sandbox the demo started: its request log is in the demo's output.
    assert.ok(out.some((l) => /^sandbox: GET \/api\/v1\/templates\?.* 200/.test(l)), out.join('\n'));
    await browser.close();
    browser = undefined;
  });

  it('Ctrl+C stops code-server and the sandbox and removes its temp folder', async () => {
    assert.ok(demo, 'the demo ran');
    const text = out.join('\n');
    const open = new URL(/Open\s+(\S+)/.exec(text)[1]);
    const sandboxUrl = /on (http:\/\/127\.0\.0\.1:\d+) \(state:/.exec(text)[1];
    const tmp = path.dirname(/\(state: (\S+)\)/.exec(text)[1]);
    assert.ok(fs.existsSync(tmp), 'temp folder while running');
    demo.kill('SIGINT');
    const e = await Promise.race([exited, sleep(20000).then(() => ({ code: 'timeout' }))]);
    assert.deepEqual(e, { code: 0, signal: null }, out.slice(-5).join('\n'));
    assert.match(out.join('\n'), /demo: stopped\./);
    assert.equal(await cs.get(`${open.origin}/healthz`), 0, 'code-server is gone');
    assert.equal(await cs.get(`${sandboxUrl}/api/v1/info`), 0, 'the sandbox is gone');
    assert.equal(fs.existsSync(tmp), false, 'temp folder removed');
  });
});
