// Mocha reporter for scripts/test.js: the normal spec output, plus the exact counts written as
// JSON { passed, failed } to the file named by --reporter-option results=<file> (or KADI_TEST_RESULTS).
'use strict';
const fs = require('fs');
const Mocha = require('mocha');

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const file = (options && options.reporterOption && options.reporterOption.results) || process.env.KADI_TEST_RESULTS;
    runner.once('end', () => {
      if (file) fs.writeFileSync(file, JSON.stringify({ passed: runner.stats.passes, failed: runner.stats.failures }));
    });
  }
}

module.exports = CountReporter;
