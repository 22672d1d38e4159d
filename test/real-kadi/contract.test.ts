// The client contract against the real Kadi4Mat: every KadiClient method the extension uses,
// and every error class, as the real server answers them.
import * as assert from 'assert';
import { KadiClient, KadiError } from '../../src/kadi/client';
import { SEED_TEMPLATES } from '../../src/sandbox';
import { realKadi } from './instance';

const client = (token = 'pat_sandbox_alice', extra: Partial<ConstructorParameters<typeof KadiClient>[0]> = {}): KadiClient =>
  new KadiClient({ baseUrl: realKadi().url, token, maxRetries: 0, ...extra });

async function failure(p: Promise<unknown>): Promise<KadiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof KadiError, `not a KadiError: ${String(e)}`);
    return e;
  }
  assert.fail('expected a KadiError');
}

describe('real Kadi4Mat: client contract', () => {
  before(() => realKadi().reset());

  it('reads the seed templates alice can see, under the sandbox ids', async () => {
    const c = client();
    assert.strictEqual((await c.getInfo()).version, '1.13.0');
    const me = await c.getCurrentUser();
    assert.deepStrictEqual([me.id, me.displayname], [1, 'Alice Anderson']);
    const t = await c.getTemplate(SEED_TEMPLATES.tensileTest);
    assert.deepStrictEqual([t.identifier, t.title, t.type], ['tensile-test', 'Tensile test', 'extras']);
    assert.strictEqual((await c.getTemplateByIdentifier('sample-record')).id, SEED_TEMPLATES.sampleRecord);
  });

  it('an expired token is a 401 with Kadi\'s reason', async () => {
    const e = await failure(client('pat_sandbox_expired').getCurrentUser());
    assert.deepStrictEqual([e.kind, e.status, e.description], ['http', 401, 'Access token has expired.']);
  });
});
