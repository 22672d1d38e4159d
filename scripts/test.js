#!/usr/bin/env node
// `npm test`: type check, build, unit suite, real-VS-Code-host suite, end-to-end suite (the
// packaged .vsix driven through the UI, test/e2e); ends with one line "N passed, N failed"
// summed over everything, and a non-zero exit status if anything failed.
//   --unit-only    type check, build, unit suite
//   --real-kadi-only  build, the suites against a real Kadi4Mat (test/real-kadi)
//   --host-only    build, host suite
//   --e2e-only     end-to-end suite only (it packs and bundles what it needs itself)
//   --no-e2e       everything but the end-to-end suite
//   --no-typecheck skip tsc (faster local loops)
// Extra words after the flags pick host suite files (see test/host/run.js), or with --e2e-only
// scenario files (test/e2e/run.js); a run with words skips the end-to-end suite otherwise.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const repo = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit-only');
const hostOnly = args.includes('--host-only');
const realKadiOnly = args.includes('--real-kadi-only');
const e2eOnly = args.includes('--e2e-only');
const typecheck = !args.includes('--no-typecheck') && !hostOnly && !e2eOnly && !realKadiOnly;
const words = args.filter((a) => !a.startsWith('--'));

let passed = 0;
let failed = 0;
const timings = [];

function step(title, cmd, cmdArgs, env) {
  const shown = [cmd, ...cmdArgs].map((a) => (a === process.execPath ? 'node' : path.isAbsolute(a) ? path.relative(repo, a) : a));
  console.log(`\n=== ${title}: ${shown.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: repo, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = (Date.now() - t0) / 1000;
  timings.push(`${title} ${seconds.toFixed(1)} s`);
  if (r.error) console.error(`${title}: ${r.error.message}`);
  return r.status === 0;
}

/** Runs a suite that reports { passed, failed } into a results file; a run without results is one failure. */
function suite(title, cmd, cmdArgs) {
  const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-results-')), 'results.json');
  const ok = step(title, cmd, [...cmdArgs], { KADI_TEST_RESULTS: results });
  let counts = null;
  try {
    counts = JSON.parse(fs.readFileSync(results, 'utf8'));
  } catch { /* the suite died before reporting */ }
  fs.rmSync(path.dirname(results), { recursive: true, force: true });
  if (!counts) {
    console.error(`${title}: no results (exit ${ok ? 0 : 'non-zero'}), counted as 1 failed`);
    failed += 1;
    return;
  }
  passed += counts.passed;
  // A non-zero exit with no failed test (e.g. a crash after the run) still fails the suite.
  failed += counts.failed > 0 ? counts.failed : ok ? 0 : 1;
}

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.test.js'));
}

function main() {
  const node = process.execPath;
  if (e2eOnly) {
    if (!step('install-host', 'bash', [path.join(repo, 'scripts', 'install-host.sh')])) failed += 1;
    else suite('e2e', node, [path.join(repo, 'test', 'e2e', 'run.js'), ...words]);
    return;
  }
  if (typecheck && !step('typecheck', node, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', '.'])) failed += 1;
  // The form editor's webview script has its own tsconfig (DOM types, no Node types).
  if (typecheck && !step('typecheck webview', node, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'src/formEditor/webview'])) failed += 1;

  // Stale bundles in out/ must not be tested against a failed build.
  fs.rmSync(path.join(repo, 'out'), { recursive: true, force: true });
  if (!step('build', node, ['esbuild.js', '--tests'])) {
    failed += 1;
    return;
  }

  const realKadi = () => suite('real-kadi', node, [path.join(repo, 'out', 'test', 'real-kadi', 'run.js'), ...words]);
  if (realKadiOnly) return realKadi();

  if (!hostOnly) {
    if (findTests(path.join(repo, 'out', 'test', 'unit')).length === 0) console.log('\n=== unit: no test files in out/test/unit');
    else
      suite('unit', node, [
        path.join(repo, 'node_modules', 'mocha', 'bin', 'mocha.js'),
        '--reporter', path.join(repo, 'test', 'count-reporter.js'),
        'out/test/unit/**/*.test.js',
      ]);
    // The real Kadi4Mat (scripts/real-kadi): required when CI=true, else skipped loudly if it cannot be set up.
    if (!unitOnly && words.length === 0) realKadi();
  }

  if (!unitOnly) {
    if (!step('install-host', 'bash', [path.join(repo, 'scripts', 'install-host.sh')])) failed += 1;
    else {
      suite('host', node, [path.join(repo, 'test', 'host', 'run.js'), ...words]);
      // The packaged extension through the UI (packs the .vsix: dist/ becomes the production build).
      if (!hostOnly && !args.includes('--no-e2e') && words.length === 0) suite('e2e', node, [path.join(repo, 'test', 'e2e', 'run.js')]);
    }
  }
}

const t0 = Date.now();
main();
console.log(`\ntimings: ${timings.join(', ')}; total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
