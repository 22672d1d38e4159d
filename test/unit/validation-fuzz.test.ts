// Fuzz: thousands of seeded random mutations of the seed templates. The pipeline never throws,
// every diagnostic lies inside the text, and every document it calls valid is accepted by the
// sandbox (a refusal by us must be a refusal by Kadi too: checked as well, except for the
// deliberate differences of the document format).
import * as assert from 'assert';
import { blockingProblems, validateTemplateText } from '../../src/validation';
import { SandboxJudge, isDocumentFormatError, isIdentifierInUse, mutate, prng } from '../support/validationKit';

const RUNS = 3000;

describe('validation: fuzz against the sandbox', function () {
  this.timeout(120000);
  let judge: SandboxJudge;
  before(async () => {
    judge = await SandboxJudge.start();
  });
  after(() => judge.close());

  it(`${RUNS} mutated seed templates: no exception, and the same verdict as the sandbox`, async () => {
    const seeds = await judge.seedDocuments();
    const rnd = prng(0x4b414449);
    const failures: string[] = [];
    let valid = 0;
    for (let run = 0; run < RUNS; run++) {
      const seed = seeds[run % seeds.length];
      const type = seed.type as 'extras' | 'record';
      const value = structuredClone(seed);
      const steps = 1 + Math.floor(rnd() * 3);
      for (let i = 0; i < steps; i++) mutate(value, rnd);
      // Sometimes the text itself is damaged, or minified.
      let text = rnd() < 0.5 ? JSON.stringify(value, null, 2) : JSON.stringify(value);
      if (rnd() < 0.05) text = text.slice(0, Math.floor(rnd() * text.length));

      let diags;
      try {
        diags = validateTemplateText(text, { type, licenses: judge.licenses });
        blockingProblems(diags);
      } catch (err) {
        failures.push(`run ${run}: threw ${(err as Error).stack}\n${text}`);
        continue;
      }
      for (const d of diags) {
        if (d.offset < 0 || d.length < 0 || d.offset + d.length > text.length) failures.push(`run ${run}: range outside the text: ${JSON.stringify(d)}`);
      }
      if (diags.some((d) => d.code === 'syntax')) continue;
      const kadiErrors = diags.filter((d) => d.severity === 'error' && !isDocumentFormatError(d));
      const v = await judge.verdict(JSON.parse(text), type);
      if (isIdentifierInUse(v)) continue;
      if (kadiErrors.length === 0) valid++;
      if ((v.status === 200) !== (kadiErrors.length === 0)) {
        failures.push(`run ${run}: ours ${JSON.stringify(kadiErrors.map((d) => `${d.path.join('.')}: ${d.message}`))}, sandbox ${v.status} ${JSON.stringify(v.errors)}\n${text}`);
      }
      if (failures.length > 5) break;
    }
    assert.deepStrictEqual(failures, []);
    assert.ok(valid > RUNS / 10, `only ${valid} valid documents: the fuzz does not reach the accepting side`);
  });
});
