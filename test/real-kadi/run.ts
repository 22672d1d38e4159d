// The suites against a real Kadi4Mat (kadi==1.13.0 from PyPI, scripts/real-kadi): installs it
// if needed, starts one seeded like the sandbox, runs every *.test.js beside this file in
// mocha, stops it. Where the instance cannot be set up, CI (CI=true, or KADI_REAL_KADI=required)
// counts one failure; elsewhere the suite is skipped with one loud line saying why.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { installRealKadi, startRealKadi, type RealKadi } from '../../scripts/real-kadi/launcher';
import { setRealKadi } from './instance';

const required = process.env.KADI_REAL_KADI === 'required' || (process.env.CI === 'true' && process.env.KADI_REAL_KADI !== 'skip');

function report(passed: number, failed: number): void {
  const file = process.env.KADI_TEST_RESULTS;
  if (file) fs.writeFileSync(file, JSON.stringify({ passed, failed }));
}

async function main(): Promise<number> {
  let kadi: RealKadi;
  try {
    if (process.env.KADI_REAL_KADI === 'skip') throw new Error('KADI_REAL_KADI=skip');
    installRealKadi();
    kadi = await startRealKadi();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (required) {
      console.error(`real-kadi: FAILED to set up the real Kadi4Mat (required here): ${why}`);
      report(0, 1);
      return 1;
    }
    console.error(`\n!!! real-kadi: SKIPPED — the real Kadi4Mat could not be set up: ${why.split('\n')[0]}\n`);
    report(0, 0);
    return 0;
  }
  setRealKadi(kadi);
  const words = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const mocha = new Mocha({ reporter: path.resolve(__dirname, '..', '..', '..', 'test', 'count-reporter.js'), timeout: 120_000 });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js') && (words.length === 0 || words.some((w) => f.includes(w))))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  try {
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    return failures > 0 ? 1 : 0;
  } finally {
    await kadi.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    report(0, 1);
    process.exit(1);
  },
);
