// Entry point the extension host loads (test-electron contract: export run(), settle with the result).
// Runs every *.test.js bundled beside this file by `node esbuild.js --tests`.
// Environment (reaches the extension host through the runner):
//   KADI_TEST_SUITE    only files whose name contains one of these comma-separated words
//   KADI_TEST_GREP     mocha --grep on test titles
//   KADI_TEST_RESULTS  write { passed, failed } here for scripts/test.js
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');

function writeResults(passed: number, failed: number): void {
  const file = process.env.KADI_TEST_RESULTS;
  if (file) fs.writeFileSync(file, JSON.stringify({ passed, failed }));
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  if (process.env.KADI_TEST_GREP) mocha.grep(process.env.KADI_TEST_GREP);
  const only = (process.env.KADI_TEST_SUITE ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => only.length === 0 || only.some((w) => f.includes(w)))
    .sort();

  // The runner (code-server-runner.js) shows host output from this line on.
  console.log(`host suite: ${files.length} file(s) in ${__dirname}`);
  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      writeResults(0, 1);
      reject(new Error(`no test files in ${__dirname} (KADI_TEST_SUITE=${only.join(',')})`));
      return;
    }
    for (const f of files) mocha.addFile(path.join(__dirname, f));
    try {
      const runner = mocha.run((failures) => {
        writeResults(runner.stats?.passes ?? 0, failures);
        if (failures > 0) reject(new Error(`${failures} tests failed.`));
        else resolve();
      });
    } catch (err) {
      // A test file that throws while loading never reaches mocha's reporter.
      console.error(err);
      writeResults(0, 1);
      reject(err);
    }
  });
}
