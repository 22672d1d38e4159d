// Never a crash: mutated fixtures of every format (values replaced by values of other kinds,
// keys dropped, Turtle cut and scrambled) either import — with a result Kadi4Mat accepts — or
// fail with an ImportError that says why. Seeded, so a failure reproduces.
import * as assert from 'node:assert/strict';
import { importText } from '../../src/import/formats';
import { ImportError } from '../../src/import/model';
import type { TemplateType } from '../../src/kadi/types';
import { validateTemplateText } from '../../src/validation';
import { FIXTURES, fixtureText } from '../support/importFixtures';
import { rng, type Rng } from '../support/rng';

const ODD: unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 60, '', ' ', 'x', '%ZZ', '#/$defs/x', '#/definitions/%ZZ', '__proto__', [], [null], [1, 'a'], {}, { type: 'object' }, { $ref: '#' }, { enum: 'x' }, { options: 5 }];

function mutate(v: unknown, r: Rng, depth = 0): unknown {
  if (r.chance(0.08) || depth > 12) return r.pick(ODD);
  if (Array.isArray(v)) return v.filter(() => !r.chance(0.1)).map((x) => mutate(x, r, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!r.chance(0.08)) out[r.chance(0.03) ? r.pick(['type', 'value', 'key', '$ref', 'validation', 'unit', 'extra_fields']) : k] = mutate(x, r, depth + 1);
    return out;
  }
  return v;
}

/** One to three small edits: a line dropped, or a token inserted into it. */
function scramble(text: string, r: Rng): string {
  const lines = text.split('\n');
  for (let n = 1 + r.int(3); n > 0; n--) {
    const i = r.int(lines.length);
    const l = lines[i];
    if (r.chance(0.3)) lines.splice(i, 1);
    else {
      const at = r.int(l.length + 1);
      lines[i] = l.slice(0, at) + r.pick([' "x"', ' <http://x/y>', ' 1e9', ' -3', ' true', ' sh:minCount 1 ;', ' sh:in ( 1 "a" <x> ) ;', ' sh:datatype xsd:date ;', ' sh:node _:b ;', ' sh:name "" ;', '"', ';']) + l.slice(at);
    }
  }
  return lines.join('\n');
}

describe('import: fuzzed fixtures never crash the importers', function () {
  this.timeout(30_000);
  for (const f of FIXTURES) {
    it(`${f.file}: 150 mutations`, () => {
      const r = rng(f.file.length * 7919);
      const text = fixtureText(f);
      let imported = 0;
      for (let i = 0; i < 150; i++) {
        const input = f.format === 'shacl' ? scramble(text, r) : JSON.stringify(mutate(JSON.parse(text), r));
        const type: TemplateType = r.chance(0.5) ? 'record' : 'extras';
        let result;
        try {
          result = importText(f.format, input, { type, values: r.chance(0.5) ? 'keep' : 'strip', name: f.file });
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
