// Never a crash: mutated fixtures of every format (values replaced by values of other kinds,
// keys dropped, Turtle cut and scrambled) either import — with a result Kadi4Mat accepts — or
// fail with an ImportError that says why. Seeded, so a failure reproduces.
import * as assert from 'node:assert/strict';
import { importText } from '../../src/import/formats';
import { ImportError } from '../../src/import/model';
import type { TemplateType } from '../../src/kadi/types';
import { validateTemplateText } from '../../src/validation';
import { FIXTURES, fixtureText } from '../support/importFixtures';
import { mutate, scramble } from '../support/importFuzz';
import { rng } from '../support/rng';

describe('import: fuzzed fixtures never crash the importers', function () {
  this.timeout(30_000);
  for (const f of FIXTURES) {
    it(`${f.file}: 150 mutations`, async () => {
      const r = rng(f.file.length * 7919);
      const text = fixtureText(f);
      let imported = 0;
      for (let i = 0; i < 150; i++) {
        const input = f.format === 'shacl' ? scramble(text, r) : JSON.stringify(mutate(JSON.parse(text), r));
        const type: TemplateType = r.chance(0.5) ? 'record' : 'extras';
        let result;
        try {
          result = await importText(f.format, input, { type, values: r.chance(0.5) ? 'keep' : 'strip', name: f.file });
        } catch (e) {
          assert.ok(e instanceof ImportError, `mutation ${i} of ${f.file} crashed: ${(e as Error)?.stack}\n${input.slice(0, 3000)}`);
          continue;
        }
        imported++;
        const doc = JSON.stringify({ identifier: 'x', title: 'x', description: '', visibility: 'private', data: result.data });
        const errors = validateTemplateText(doc, { type }).filter((d) => d.severity === 'error');
        assert.deepEqual(errors.map((d) => `${d.path.join('.')}: ${d.message}`), [], `mutation ${i} of ${f.file} gives a template Kadi4Mat refuses\n${input.slice(0, 3000)}`);
      }
      assert.ok(imported > 10, `only ${imported} of 150 mutations imported`);
    });
  }
});
