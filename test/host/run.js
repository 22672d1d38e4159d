#!/usr/bin/env node
// Runs the host suite (out/test/host/suite) in a real VS Code extension host via @vscode/test-electron.
//   node test/host/run.js [word ...]   only suite files whose name contains one of the words
// By default the "VS Code executable" is ./code-server-runner.js (code-server + headless Chromium),
// because desktop VS Code cannot be downloaded here. KADI_TEST_VSCODE=download lets test-electron
// download and use desktop VS Code instead (machines with internet and a display);
// KADI_TEST_VSCODE=<path> uses that executable.
'use strict';
const path = require('path');
const fs = require('fs');
const { runTests } = require('@vscode/test-electron');

const repo = path.resolve(__dirname, '..', '..');

// test-electron stops its child gracefully on SIGINT only; treat SIGTERM the same way.
process.once('SIGTERM', () => process.kill(process.pid, 'SIGINT'));

async function main() {
  const extensionTestsPath = path.join(repo, 'out', 'test', 'host', 'suite', 'index.js');
  if (!fs.existsSync(extensionTestsPath)) {
    console.error(`${extensionTestsPath} missing: run "node esbuild.js --tests" first`);
    return 1;
  }
  const words = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  if (words.length) process.env.KADI_TEST_SUITE = words.join(',');

  const choice = process.env.KADI_TEST_VSCODE;
  const vscodeExecutablePath =
    choice === 'download' ? undefined : choice || path.join(__dirname, 'code-server-runner.js');
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repo,
      extensionTestsPath,
      // Only this extension under test; the runner ignores flags it does not know.
      launchArgs: ['--disable-extensions'],
    });
  } catch (err) {
    // TestRunFailedError carries the exit status; everything else is a harness failure.
    return typeof err?.code === 'number' && err.code !== 0 ? err.code : 1;
  }
}

main().then((code) => process.exit(code));
