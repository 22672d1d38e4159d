// Our verdict (errors or not) against the sandbox's: every document of a corpus (hand-written,
// the seed templates, deterministic mutations of them) is validated here and PATCHed onto a
// sandbox template of the same type. Deliberate differences, asserted as such:
//  - the document format refuses a changed `type`, unknown or server-managed top-level fields and
//    a missing top-level field (src/kadi/document.ts), where a PATCH would ignore or omit them;
//  - "Identifier is already in use." cannot be known offline.
// The doubtful cases (answered by the real Kadi4Mat) go as the user wrote them, `5.0` included.
import * as assert from 'assert';
import { validateTemplateText } from '../../src/validation';
import { DOUBTFUL, HAND_WRITTEN, agreement, documentText, mutations, type Item, type Type } from '../support/validationCorpus';
import { SandboxJudge, doc, isDocumentFormatError } from '../support/validationKit';

describe('validation: cross-check against the sandbox', function () {
  this.timeout(60000);
  let judge: SandboxJudge;
  before(async () => {
    judge = await SandboxJudge.start();
  });
  after(() => judge.close());

  it('agrees on every document of the corpus', async () => {
    const seeds: Item[] = (await judge.seedDocuments()).map((d, i) => ({ name: `seed ${i} (${d.title})`, type: d.type as Type, value: d }));
    assert.strictEqual(seeds.length, 8);
    const corpus = [...HAND_WRITTEN, ...seeds, ...mutations(seeds, 40)];
    const { accepted, refused, formatOnly: deliberate, disagreements } = await agreement(corpus, judge, (v) => JSON.stringify(v, null, 2));
    assert.deepStrictEqual(disagreements, []);
    // The corpus must exercise both verdicts.
    assert.ok(accepted > 40 && refused > 100 && deliberate > 0, `accepted ${accepted}, refused ${refused}, deliberate ${deliberate}`);
  });

  it('agrees on the doubtful cases written as typed: 5.0 or 1e3 for an int extra is refused by both', async () => {
    const { accepted, refused, disagreements } = await agreement(DOUBTFUL, judge);
    assert.deepStrictEqual(disagreements, []);
    assert.ok(accepted > 20 && refused > 20, `accepted ${accepted}, refused ${refused}`);
    for (const name of ['int 5.0', 'int 1e3', 'int range 1.0', 'int options 2.0']) {
      const item = DOUBTFUL.find((d) => d.name === name)!;
      assert.strictEqual((await judge.verdict(item.value, item.type, documentText)).status, 400, name);
    }
    const float = DOUBTFUL.find((d) => d.name === 'float -0')!;
    assert.strictEqual((await judge.verdict(float.value, float.type, documentText)).status, 200);
  });

  it('the deliberate differences are what the document format refuses', async () => {
    const cases = [
      doc({ identifier: 'xcheck-extras', type: 'record' }),
      doc({ identifier: 'xcheck-extras', id: 5 }),
      doc({ identifier: 'xcheck-extras', foo: 1 }),
      { identifier: 'xcheck-extras', title: 'T', type: 'extras', data: [] },
    ];
    for (const c of cases) {
      const errors = validateTemplateText(JSON.stringify(c), { type: 'extras' }).filter((d) => d.severity === 'error');
      assert.ok(errors.length > 0 && errors.every(isDocumentFormatError), JSON.stringify(errors));
      assert.strictEqual((await judge.verdict(c, 'extras')).status, 200);
    }
  });
});
