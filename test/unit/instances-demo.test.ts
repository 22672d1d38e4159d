// KADI4MAT_DEMO_SANDBOX_URL (npm run demo): adds that sandbox at activation, loopback only,
// once, never throwing.
import * as assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import { addDemoInstance, DEMO_TOKEN_ENV, DEMO_URL_ENV } from '../../src/instances/demo';
import { secretKey } from '../../src/instances/registry';
import { makeRegistry } from '../support/fakes';

describe('instances: demo sandbox from the environment', function () {
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(async () => {
    await sb.close();
  });

  it('does nothing without the variable', async () => {
    const t = makeRegistry();
    assert.equal(await addDemoInstance(t.registry, {}, t.log), undefined);
    assert.deepEqual(t.registry.list(), []);
  });

  it('adds the sandbox as alice, token in secret storage only; a second activation adds nothing', async () => {
    const t = makeRegistry();
    const result = await addDemoInstance(t.registry, { [DEMO_URL_ENV]: sb.url }, t.log);
    const host = new URL(sb.url).host;
    assert.equal(result?.message, 'Connected to Demo sandbox as Alice Anderson.');
    assert.deepEqual(
      t.registry.list().map((i) => [i.id, i.label, i.baseUrl, i.user?.username, i.sandbox]),
      [[host, 'Demo sandbox', sb.url, 'alice', undefined]],
    );
    assert.equal(t.secrets.map.get(secretKey(host)), 'pat_sandbox_alice');
    assert.doesNotMatch(t.state.dump(), /pat_sandbox/);
    assert.equal(await addDemoInstance(t.registry, { [DEMO_URL_ENV]: `${sb.url}/` }, t.log), undefined);
    assert.equal(t.registry.list().length, 1);
  });

  it('uses the token variable', async () => {
    const t = makeRegistry();
    const result = await addDemoInstance(t.registry, { [DEMO_URL_ENV]: sb.url, [DEMO_TOKEN_ENV]: 'pat_sandbox_bob' }, t.log);
    assert.match(result?.message ?? '', /as Bob Brown\.$/);
  });

  it('refuses addresses off this machine and logs why a connection failed, without throwing', async () => {
    const t = makeRegistry();
    assert.equal(await addDemoInstance(t.registry, { [DEMO_URL_ENV]: 'https://kadi.example.edu' }, t.log), undefined);
    assert.equal(await addDemoInstance(t.registry, { [DEMO_URL_ENV]: 'not a url' }, t.log), undefined);
    assert.equal(await addDemoInstance(t.registry, { [DEMO_URL_ENV]: sb.url, [DEMO_TOKEN_ENV]: 'pat_sandbox_expired' }, t.log), undefined);
    assert.deepEqual(t.registry.list(), []);
    const warnings = t.log.lines.filter((l) => l.startsWith('warn KADI4MAT'));
    assert.equal(warnings.length, 3, warnings.join('\n'));
    assert.match(warnings[0], /must point at a sandbox on this machine/);
    assert.match(warnings[1], /is not an address/);
    assert.match(warnings[2], /could not add .*expired/);
  });
});
