// 429 against the real Kadi4Mat: a second instance with a rate limit (127.0.0.1 no longer
// exempt) and a sandbox with the same limit answer the same burst alike. Retry-After is
// compared as "whole seconds within the minute": the values come from each server's clock and
// window (Kadi: fixed window; sandbox: moving window). Both count per endpoint.
import * as assert from 'assert';
import { startRealKadi, type RealKadi } from '../../scripts/real-kadi/launcher';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { diffAnswers, normaliseAnswer, readAnswer, type Answer } from './compare';

const LIMIT = 8;

async function call(base: string, path: string, token: string): Promise<Answer> {
  const a = normaliseAnswer(await readAnswer(await fetch(base + path, { headers: { Authorization: `Bearer ${token}` } })), base);
  const retry = a.headers['retry-after'];
  if (retry !== undefined) {
    // Kadi rounds the end of its fixed window up: up to 61 s.
    const n = Number(retry);
    a.headers['retry-after'] = Number.isInteger(n) && n >= 1 && n <= 61 ? '<1…61 s>' : `unexpected ${retry}`;
  }
  return a;
}

describe('real Kadi4Mat: rate limit (429)', function () {
  this.timeout(180_000);
  let real: RealKadi | undefined;
  let sandbox: Sandbox;
  const differences: string[] = [];
  const statuses: number[] = [];
  let identical = 0;

  before(async () => {
    real = await startRealKadi({ rateLimit: `${LIMIT}/minute`, log: () => undefined });
    sandbox = await startSandbox({ port: 0, rateLimitPerMinute: LIMIT });
    // One endpoint from one address, whoever asks: one counter; other endpoints count apart.
    const burst = [
      ...Array.from({ length: LIMIT + 1 }, (_, i) => ['/api/templates/1', i % 2 ? 'pat_sandbox_bob' : 'pat_sandbox_alice']),
      ['/api/templates/2', 'pat_sandbox_alice'],
      ['/api/v1/templates/1', 'pat_sandbox_alice'],
      ['/api/info', 'pat_sandbox_alice'],
      ['/api/users/me', 'pat_sandbox_carol'],
    ];
    for (const [path, token] of burst) {
      const [sb, rk] = [await call(sandbox.url, path, token), await call(real.url, path, token)];
      const d = diffAnswers(sb, rk);
      statuses.push(rk.status);
      if (d.length === 0) identical++;
      differences.push(...d.map((x) => `${path}: ${x}`));
    }
  });
  after(async () => {
    await sandbox?.close();
    await real?.stop();
  });

  it(`answers ${LIMIT} requests per endpoint, then 429 with Retry-After, like the real server`, () => {
    console.log(`ratelimit: ${identical}/${statuses.length} identical`);
    // /api/v1/… is a separate endpoint (its own blueprint), as are /info and /users/me.
    assert.deepStrictEqual(statuses, [...Array(LIMIT).fill(200), 429, 429, 200, 200, 200]);
    assert.deepStrictEqual(differences, []);
  });
});
