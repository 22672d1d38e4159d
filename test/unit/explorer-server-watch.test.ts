// ServerWatch against the sandbox: one listing request per shown instance and look, changes
// reported once, compared with what the tree or an editor shows; the interval setting.
import * as assert from 'node:assert/strict';
import { KadiClient } from '../../src/kadi/client';
import type { Template } from '../../src/kadi/types';
import { refreshIntervalSeconds, ServerWatch } from '../../src/explorer/serverWatch';
import { SEED_USERS } from '../../src/sandbox/index';
import { sandboxPerTest } from '../support/sandbox';

describe('ServerWatch: templates changed on the server while shown', function () {
  this.timeout(20_000);
  const sb = sandboxPerTest();

  function watch(shown: Map<number, string>, instances = ['sandbox']) {
    const client = new KadiClient({ baseUrl: sb.url, token: 'pat_sandbox_alice', maxRetries: 0 });
    const reports: Template[][] = [];
    const w = new ServerWatch({
      source: { call: (_id, fn) => fn(client) },
      shownInstances: () => instances,
      shownVersions: () => shown,
      changed: (_id, ts) => void reports.push(ts),
      log: { trace() {} },
    });
    return { w, reports };
  }
  const listings = (from: number) => sb.requests.slice(from).filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/templates?'));

  it('compares with what is shown, reports each change once, one listing request per look', async () => {
    const shown = new Map([[1, sb.store.getTemplate(1)!.last_modified], [2, sb.store.getTemplate(2)!.last_modified]]);
    const { w, reports } = watch(shown);
    sb.store.updateTemplate(1, { title: 'Renamed' }, SEED_USERS.bob);
    const from = sb.requests.length;
    await w.look();
    assert.equal(listings(from).length, 1);
    assert.match(listings(from)[0].path, /sort=-last_modified/);
    assert.deepEqual(reports.map((r) => r.map((t) => [t.id, t.title])), [[[1, 'Renamed']]]);
    await w.look();
    assert.equal(reports.length, 1, 'the same change is not reported again');
    sb.store.updateTemplate(2, { description: 'x' }, SEED_USERS.bob);
    await w.look();
    assert.deepEqual(reports.map((r) => r.map((t) => t.id)), [[1], [2]]);
    assert.equal(listings(from).length, 3);
  });

  it('nothing shown: no request; looks closer than the gap are skipped; a failed look is quiet', async () => {
    const { w, reports } = watch(new Map(), []);
    const from = sb.requests.length;
    await w.look();
    assert.equal(sb.requests.length, from);
    const t = watch(new Map([[1, 'old']]));
    await t.w.look(60_000);
    await t.w.look(60_000);
    assert.equal(listings(from).length, 1);
    assert.equal(t.reports.length, 1);
    await sb.close();
    await t.w.look();
    assert.equal(t.reports.length, 1);
    assert.equal(reports.length, 0);
  });

  it('kadi4mat.refreshInterval: seconds, 0 off, at least 10, default 60', () => {
    assert.equal(refreshIntervalSeconds(undefined), 60);
    assert.equal(refreshIntervalSeconds(0), 0);
    assert.equal(refreshIntervalSeconds(-5), 0);
    assert.equal(refreshIntervalSeconds(3), 10);
    assert.equal(refreshIntervalSeconds(120.7), 120);
    assert.equal(refreshIntervalSeconds('x'), 60);
  });
});
