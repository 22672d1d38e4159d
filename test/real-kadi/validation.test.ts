// Validation agreement with the real Kadi4Mat: every document of the corpus (hand-written
// cases, the doubtful cases, the seeds and 1,000+ deterministic mutations of them) goes through
// our validator and through a PATCH on the real server; the verdicts (accepted or refused) must
// agree. Deliberate differences are listed in DELIBERATE with their reason (src/validation/README.md).
import * as assert from 'assert';
import { validateTemplateText } from '../../src/validation';
import { DOUBTFUL, HAND_WRITTEN, documentText, mutations, type Item, type Type } from '../support/validationCorpus';
import { ServerJudge, isDocumentFormatError, isIdentifierInUse } from '../unit/validation-testkit';
import { realKadi } from './instance';

const MUTATIONS_PER_SEED = 130;

describe('real Kadi4Mat: validation agreement', function () {
  this.timeout(600_000);
  let judge: ServerJudge;
  before(async () => {
    await realKadi().reset();
    judge = await ServerJudge.connect(realKadi().url);
  });

  it('our validator and the real server agree on every document of the corpus', async () => {
    const seeds: Item[] = (await judge.seedDocuments()).map((d, i) => ({ name: `seed ${i} (${d.title})`, type: d.type as Type, value: d }));
    assert.strictEqual(seeds.length, 8);
    const corpus = [...HAND_WRITTEN, ...DOUBTFUL, ...seeds, ...mutations(seeds, MUTATIONS_PER_SEED)];
    const disagreements: string[] = [];
    let accepted = 0;
    let refused = 0;
    let formatOnly = 0;
    for (const item of corpus) {
      const text = documentText(item.value);
      const errors = validateTemplateText(text, { type: item.type, licenses: judge.licenses }).filter((d) => d.severity === 'error');
      const kadiErrors = errors.filter((d) => !isDocumentFormatError(d));
      const v = await judge.verdict(item.value, item.type, documentText);
      if (v.status === 400 && isIdentifierInUse(v)) continue;
      const serverOk = v.status === 200;
      if (serverOk === (kadiErrors.length === 0)) {
        if (errors.length > kadiErrors.length) formatOnly++;
        else if (serverOk) accepted++;
        else refused++;
        continue;
      }
      disagreements.push(`${item.name}: ours ${JSON.stringify(errors.map((d) => `${d.path.join('.')}: ${d.message}`))}, Kadi ${v.status} ${JSON.stringify(v.errors)}`);
    }
    const total = corpus.length;
    console.log(`      validation: ${total - disagreements.length}/${total} documents agree with Kadi4Mat ${realKadi().version} (accepted ${accepted}, refused ${refused}, refused only by the document format ${formatOnly})`);
    assert.deepStrictEqual(disagreements, []);
    assert.ok(total >= 1000, `corpus of ${total}`);
    assert.ok(accepted > 100 && refused > 300, `accepted ${accepted}, refused ${refused}`);
  });
});
