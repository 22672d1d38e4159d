#!/usr/bin/env node
// `npm run test:e2e`: the packaged extension in a real workbench, driven like a person.
//   1. packs the .vsix (scripts/package-check.js → out/e2e/kadi4mat-templates.vsix),
//   2. bundles src/sandbox for Node (out/e2e/sandbox.js) so the scenarios start the sandbox in
//      this process and can look at what it holds,
//   3. runs the scenarios (test/e2e/scenarios/*.e2e.js, in name order) with mocha in this
//      process; harness.js starts code-server + Chromium once for all of them.
// Screenshots go to test-results/e2e/. Counts go to $KADI_TEST_RESULTS ({ passed, failed }).
//   node test/e2e/run.js [word ...]     only scenario files whose name contains a word
// Environment: KADI_E2E_GREP (mocha --grep), KADI_E2E_TIMEOUT (whole run, seconds, default 600),
// KADI_E2E_VERBOSE=1 (browser console), KADI_E2E_NO_PACKAGE=1 (reuse out/e2e's .vsix).
'use strict';
const fs = require('fs');
const path = require('path');
const { Mocha } = require('mocha');
const esbuild = require('esbuild');
const { packageVsix } = require('../../scripts/package-check');
const { closeSession, SHOTS } = require('./harness');

const repo = path.resolve(__dirname, '..', '..');
const outDir = path.join(repo, 'out', 'e2e');
const words = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const totalTimeout = Number(process.env.KADI_E2E_TIMEOUT || 600) * 1000;

function writeResults(passed, failed) {
  const file = process.env.KADI_TEST_RESULTS;
  if (file) fs.writeFileSync(file, JSON.stringify({ passed, failed }));
}

let stopping = false;
async function stop(why, code) {
  if (stopping) return;
  stopping = true;
  console.error(`e2e: ${why}, stopping`);
  writeResults(0, 1);
  await closeSession().catch(() => {});
  process.exit(code);
}

async function main() {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, () => void stop(sig, 130));
  const parent = process.ppid;
  setInterval(() => { if (process.ppid !== parent) void stop('parent process gone', 1); }, 1000).unref();
  setTimeout(() => void stop(`the run took longer than ${totalTimeout / 1000} s`, 1), totalTimeout).unref();

  const t0 = Date.now();
  fs.mkdirSync(outDir, { recursive: true });
  const vsix = path.join(outDir, 'kadi4mat-templates.vsix');
  if (process.env.KADI_E2E_NO_PACKAGE === '1' && fs.existsSync(vsix)) {
    console.log(`e2e: reusing ${path.relative(repo, vsix)}`);
  } else {
    const { bytes } = packageVsix(vsix, { quiet: true });
    console.log(`e2e: packaged ${path.relative(repo, vsix)} (${(bytes / 1024).toFixed(1)} KB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const sandboxModule = path.join(outDir, 'sandbox.js');
  await esbuild.build({
    entryPoints: [path.join(repo, 'src', 'sandbox', 'index.ts')],
    outfile: sandboxModule,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  process.env.KADI_E2E_VSIX = vsix;
  process.env.KADI_E2E_SANDBOX_MODULE = sandboxModule;
  fs.rmSync(SHOTS, { recursive: true, force: true });

  const mocha = new Mocha({
    ui: 'bdd',
    reporter: require('../count-reporter'),
    timeout: 120000,
    slow: 20000,
    grep: process.env.KADI_E2E_GREP || undefined,
  });
  const dir = path.join(__dirname, 'scenarios');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.js')).sort();
  for (const f of files) if (!words.length || words.some((w) => f.includes(w))) mocha.addFile(path.join(dir, f));
  // The session outlives single scenarios; stop it once all ran.
  mocha.suite.afterAll('stop code-server, Chromium and the sandbox', async function () {
    this.timeout(30000);
    await closeSession();
  });

  await mocha.loadFilesAsync();
  const failures = await new Promise((resolve) => mocha.run(resolve));
  console.log(`e2e: screenshots in ${path.relative(process.cwd(), SHOTS) || SHOTS}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(`e2e: ${err && err.stack ? err.stack : err}`);
    writeResults(0, 1);
    await closeSession().catch(() => {});
    process.exit(1);
  },
);
