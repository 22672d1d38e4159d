// Add Instance / Replace Token / Remove Instance as a user would go through them, with
// scripted answers, against the sandbox.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { addInstanceFlow, removeInstanceFlow, replaceTokenFlow, validateAddress } from '../../src/instances/flows';
import { secretKey, validateTokenInput } from '../../src/instances/registry';
import { SANDBOX_TOKENS } from '../../src/sandbox/auth';
import { makeRegistry, noProgress, type TestRegistry } from '../support/fakes';
import { sandboxPerTest } from '../support/sandbox';

const ALICE = 'pat_sandbox_alice';

describe('instances: command flows', function () {
  this.timeout(20_000);
  const sb = sandboxPerTest();
  let t: TestRegistry;
  let host: string;
  const deps = () => ({ registry: t.registry, prompts: t.prompts, progress: noProgress });

  beforeEach(async () => {
    host = new URL(sb.url).host;
    t = makeRegistry();
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

  it('Add Instance: an expired token is explained inside the token box, which stays open; the next one connects', async () => {
    t.prompts.answers.push({ input: sb.url }, { input: 'pat_sandbox_expired' }, { input: ALICE });
    const r = await addInstanceFlow(deps());
    assert.ok(r);
    assert.deepEqual(t.prompts.asked.map((a) => a.kind), ['input', 'input', 'input']);
    assert.equal(t.prompts.asked[1].rejected, 'This access token has expired. Create a new one in Kadi4Mat (Settings > Access tokens) and paste it here.');
    assert.equal(t.prompts.asked[2].title, t.prompts.asked[1].title, 'the same box');
    assert.deepEqual(t.prompts.messages.map((m) => m.level), ['info'], 'no error toast after the box closed');
    assert.equal(t.registry.list().length, 1);
    t.prompts.done();
  });

  it('Add Instance: the address is checked before the token is asked for, without sending any token', async () => {
    const seen: (string | undefined)[] = [];
    const html = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Welcome to nginx</html>');
    });
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    const other = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
    try {
      t.prompts.answers.push({ input: other }, { input: sb.url }, { input: ALICE });
      const r = await addInstanceFlow(deps());
      assert.equal(r?.info.id, host);
      assert.equal(t.prompts.asked[0].password, undefined, 'the address box');
      assert.match(t.prompts.asked[0].rejected ?? '', /^127\.0\.0\.1:\d+ does not look like a Kadi4Mat server/);
      assert.equal(t.prompts.asked[1].password, undefined, 'still the address box');
      assert.equal(t.prompts.asked[2].password, true, 'then the token');
      assert.deepEqual(seen, [undefined], 'one request, no Authorization header');
      // The sandbox's probe went out without a token too (it answered its JSON 401).
      assert.ok(sb.requests.some((q) => q.path === '/api/v1/info' && q.status === 401 && !q.headers.authorization));
      t.prompts.done();
    } finally {
      html.close();
    }
  });

  it('Add Instance: missing scopes give a short message with the list behind Details; "Enter Another Token" asks again', async () => {
    SANDBOX_TOKENS.pat_sandbox_users_only = { user: 'alice', scopes: ['user.read'] };
    try {
      t.prompts.answers.push({ input: sb.url }, { input: 'pat_sandbox_users_only' }, { input: ALICE });
      t.prompts.buttons.push('Enter Another Token');
      const r = await addInstanceFlow(deps());
      assert.ok(r);
      const warn = t.prompts.messages.find((m) => m.level === 'warn')!;
      assert.equal(warn.text.split('\n')[0], 'The token lacks a scope Kadi4Mat requires. Missing:');
      assert.match(warn.text, /\n• template\.read\n/);
      assert.deepEqual(warn.buttons, ['Enter Another Token']);
      assert.doesNotMatch(warn.text, /template\.delete/, 'not every scope the extension uses');
      assert.equal(t.secrets.map.get(secretKey(host)), ALICE);
      t.prompts.done();
    } finally {
      delete SANDBOX_TOKENS.pat_sandbox_users_only;
    }
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

  it('Replace Token checks the new token before storing it, the reason inside the box', async () => {
    t.prompts.answers.push({ input: sb.url }, { input: ALICE });
    await addInstanceFlow(deps());
    t.prompts.answers.push({ input: 'pat_wrong' }, { input: 'pat_sandbox_carol' });
    assert.equal(await replaceTokenFlow(deps(), host), true);
    assert.match(t.prompts.asked.at(-2)!.rejected ?? '', /did not accept this token: it is wrong, revoked, or belongs to another instance/);
    assert.ok(!t.prompts.messages.some((m) => m.level === 'error'));
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
