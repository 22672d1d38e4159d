// Validation agreement with the real Kadi4Mat: every document of the corpus (hand-written
// cases, the doubtful cases, the seeds and 1,000+ deterministic mutations of them) goes through
// our validator and through a PATCH on the real server; the verdicts (accepted or refused) must
// agree. Deliberate differences are listed in DELIBERATE with their reason (src/validation/README.md).
import * as assert from 'assert';
import { DOUBTFUL, HAND_WRITTEN, agreement, mutations, type Item, type Type } from '../support/validationCorpus';
import { ServerJudge } from '../support/validationKit';
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
    const { total, accepted, refused, formatOnly, disagreements } = await agreement(corpus, judge);
    console.log(`      validation: ${total - disagreements.length}/${total} documents agree with Kadi4Mat ${realKadi().version} (accepted ${accepted}, refused ${refused}, refused only by the document format ${formatOnly})`);
    assert.deepStrictEqual(disagreements, []);
    assert.ok(total >= 1000, `corpus of ${total}`);
    assert.ok(accepted > 100 && refused > 300, `accepted ${accepted}, refused ${refused}`);
  });
});
