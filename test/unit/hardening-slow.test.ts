// Hardening against slow servers: network work shows progress, connecting can be cancelled
// (the Cancel button of the progress notification fires the signal the flow passes down), and
// nothing is stored when it was; lists wait for a slow answer instead of failing.
import * as assert from 'node:assert/strict';
import { ExplorerModel } from '../../src/explorer/model';
import { addInstanceFlow, replaceTokenFlow, type WithProgress } from '../../src/instances/flows';
import { instanceIdFor, secretKey, type ClientSettings } from '../../src/instances/registry';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { makeRegistry } from '../support/fakes';

interface Shown {
  title: string;
  cancellable: boolean;
  outcome?: 'done' | 'failed';
}

/** A progress UI whose user presses Cancel after `cancelAfterMs` (when the work offers it). */
function progressUi(shown: Shown[], cancelAfterMs?: number): WithProgress {
  return async (title, work, options) => {
    const entry: Shown = { title, cancellable: !!options?.cancellable };
    shown.push(entry);
    const controller = new AbortController();
    const timer = cancelAfterMs !== undefined && options?.cancellable ? setTimeout(() => controller.abort(), cancelAfterMs) : undefined;
    try {
      const r = await work(controller.signal);
      entry.outcome = 'done';
      return r;
    } catch (e) {
      entry.outcome = 'failed';
      throw e;
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Resolves once `cond` holds (polled every 10 ms). */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
}

describe('hardening: slow servers', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let proxy: FaultProxy;
  const settings: ClientSettings = { apiVersion: 'v1', timeoutMs: 10_000 };

  beforeEach(async () => {
    sb = await startSandbox({ port: 0 });
    proxy = await startFaultProxy({ upstream: sb.url });
  });
  afterEach(async () => {
    await proxy.close();
    await sb.close();
  });

  it('Add Instance against a server that does not answer: the address box is busy checking; Escape cancels, nothing stored, nothing said', async () => {
    proxy.add({ fault: { kind: 'stall' } });
    // Escape once the address check is under way (it stalls).
    const t = makeRegistry({ settings: () => settings }, [{ input: proxy.url, cancelAfter: () => until(() => proxy.requests.length === 1) }]);
    const started = Date.now();
    const r = await addInstanceFlow({ registry: t.registry, prompts: t.prompts, progress: progressUi([]) });
    assert.equal(r, undefined);
    assert.ok(Date.now() - started < 5000, 'did not wait for the timeout');
    assert.equal(t.prompts.asked[0].cancelled, true);
    assert.equal(proxy.requests.length, 1, 'the address check was under way');
    assert.equal(proxy.requests[0].headers.authorization, undefined, 'without a token');
    assert.deepEqual(t.prompts.messages, [], 'a cancel is not an error');
    assert.deepEqual(t.registry.list(), []);
    assert.equal(t.secrets.map.size, 0);
    t.prompts.done();
  });

  it('Add Instance against a slow server that answers in time: the boxes wait, and the instance is added', async () => {
    proxy.add({ fault: { kind: 'delay', ms: 200 } });
    const t = makeRegistry({ settings: () => settings }, [{ input: proxy.url }, { input: 'pat_sandbox_alice' }]);
    const r = await addInstanceFlow({ registry: t.registry, prompts: t.prompts, progress: progressUi([]) });
    assert.ok(r);
    assert.deepEqual(t.prompts.asked.map((a) => a.rejected), [undefined, undefined]);
    assert.match(t.prompts.messages[0].text, /^Connected to .* as Alice Anderson\./);
  });

  it('Replace Token against a server that does not answer: Escape while the box checks keeps the old token', async () => {
    const t = makeRegistry({ settings: () => settings }, [{ input: 'pat_sandbox_bob', cancelAfter: () => until(() => proxy.requests.length === 1) }]);
    const id = instanceIdFor(proxy.url);
    await t.registry.add({ id, label: 'Lab', baseUrl: proxy.url }, 'pat_sandbox_alice');
    proxy.add({ fault: { kind: 'stall' } });
    assert.equal(await replaceTokenFlow({ registry: t.registry, prompts: t.prompts, progress: progressUi([]) }, id), false);
    assert.equal(t.prompts.asked[0].cancelled, true);
    assert.equal(await t.secrets.get(secretKey(id)), 'pat_sandbox_alice');
    assert.deepEqual(t.prompts.messages, []);
  });

  it('a slow list is waited for (no error item) while it is within the timeout', async () => {
    const t = makeRegistry({ settings: () => settings });
    const id = instanceIdFor(proxy.url);
    await t.registry.add({ id, label: 'Lab', baseUrl: proxy.url }, 'pat_sandbox_alice');
    const model = new ExplorerModel({ clients: t.registry });
    try {
      const [instance] = await model.getChildren();
      const [templates] = await model.getChildren(instance);
      proxy.add({ fault: { kind: 'delay', ms: 500 } });
      let settled = false;
      const pending = model.getChildren(templates).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 250));
      assert.equal(settled, false, 'still loading (VS Code shows the view’s progress bar meanwhile)');
      const children = await pending;
      assert.ok(children.length > 1 && children.every((n) => n.kind === 'template'));
    } finally {
      model.dispose();
    }
  });
});
