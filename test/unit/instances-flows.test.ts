// Add Instance / Replace Token / Remove Instance as a user would go through them, with
// scripted answers, against the sandbox.
import * as assert from 'node:assert/strict';
import { addInstanceFlow, removeInstanceFlow, replaceTokenFlow, validateAddress } from '../../src/instances/flows';
import { secretKey, validateTokenInput } from '../../src/instances/registry';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import { makeRegistry, noProgress, type TestRegistry } from './instances-testkit';

const ALICE = 'pat_sandbox_alice';

describe('instances: command flows', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let t: TestRegistry;
  let host: string;
  const deps = () => ({ registry: t.registry, prompts: t.prompts, progress: noProgress });

  beforeEach(async () => {
    sb = await startSandbox({ port: 0 });
    host = new URL(sb.url).host;
    t = makeRegistry();
  });
  afterEach(async () => {
    await sb.close();
  });

  it('input checks: address and token', () => {
    assert.equal(validateAddress('https://kadi.example.edu'), undefined);
    assert.match(validateAddress('http://kadi.example.edu') ?? '', /unencrypted/);
    assert.match(validateAddress('') ?? '', /Enter the address/);
    assert.match(validateTokenInput('') ?? '', /Paste/);
    assert.match(validateTokenInput('pat_a b') ?? '', /no spaces/);
    assert.equal(validateTokenInput('  pat_abc  '), undefined);
  });

  it('Add Instance: address, password input, "Connected to … as …"', async () => {
    t.prompts.answers.push({ input: sb.url, expect: /Address/ }, { input: ALICE, expect: /access token/ });
    const r = await addInstanceFlow(deps());
    assert.equal(r?.info.id, host);
    assert.equal(t.prompts.asked[1].password, true);
    assert.deepEqual(t.prompts.messages, [{ level: 'info', text: `Connected to ${host} as Alice Anderson.`, buttons: [] }]);
    assert.equal(t.secrets.map.get(secretKey(host)), ALICE);
    t.prompts.done();
  });

  it('Add Instance: a failed check says why; Try Again keeps the address', async () => {
    t.prompts.answers.push({ input: sb.url }, { input: 'pat_sandbox_expired' }, { input: sb.url }, { input: ALICE });
    t.prompts.buttons.push('Try Again');
    const r = await addInstanceFlow(deps());
    assert.ok(r);
    assert.equal(t.prompts.messages[0].level, 'error');
    assert.match(t.prompts.messages[0].text, /^Could not connect: The access token has expired\./);
    assert.equal(t.prompts.asked[2].value, sb.url, 'address prefilled on retry');
    assert.equal(t.registry.list().length, 1);
    t.prompts.done();
  });

  it('Add Instance: cancelling stores nothing', async () => {
    t.prompts.answers.push({ input: sb.url }, { input: undefined });
    assert.equal(await addInstanceFlow(deps()), undefined);
    assert.equal(t.registry.list().length, 0);
    assert.equal(t.secrets.map.size, 0);
  });

  it('Add Instance for a connected address offers to replace the token', async () => {
    t.prompts.answers.push({ input: sb.url }, { input: ALICE }, { input: `${sb.url}/api/v1` }, { input: 'pat_sandbox_bob' });
    await addInstanceFlow(deps());
    t.prompts.buttons.push('Replace Token');
    const r = await addInstanceFlow(deps());
    assert.match(t.prompts.messages.find((m) => m.level === 'warn')!.text, /already connected/);
    assert.equal(r?.info.user?.username, 'bob');
    assert.equal(t.registry.list().length, 1);
    assert.equal(t.secrets.map.get(secretKey(host)), 'pat_sandbox_bob');
  });

  it('Replace Token checks the new token before storing it', async () => {
    t.prompts.answers.push({ input: sb.url }, { input: ALICE });
    await addInstanceFlow(deps());
    t.prompts.answers.push({ input: 'pat_wrong' }, { input: 'pat_sandbox_carol' });
    t.prompts.buttons.push('Try Again');
    assert.equal(await replaceTokenFlow(deps(), host), true);
    assert.match(t.prompts.messages.find((m) => m.level === 'error')!.text, /did not accept the access token/);
    assert.equal(t.secrets.map.get(secretKey(host)), 'pat_sandbox_carol');
    assert.equal(t.registry.get(host)?.user?.username, 'carol');
  });

  it('Remove Instance asks first, then deletes the secret', async () => {
    t.prompts.answers.push({ input: sb.url }, { input: ALICE });
    await addInstanceFlow(deps());
    t.prompts.buttons.push(undefined);
    assert.equal(await removeInstanceFlow(deps(), host), false);
    assert.equal(t.registry.list().length, 1);
    t.prompts.buttons.push('Remove');
    assert.equal(await removeInstanceFlow(deps(), host), true);
    assert.equal(t.registry.list().length, 0);
    assert.equal(t.secrets.map.size, 0);
  });
});
