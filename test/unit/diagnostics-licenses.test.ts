// The license names the live validation and the save gate check record templates against:
// fetched once per instance (GET /api/licenses), a failure kept for a while (then names are not
// checked), an empty list treated as unknown.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LicenseCache } from '../../src/diagnostics/licenses';
import { KadiClient, type RequestEvent } from '../../src/kadi/client';
import { LICENSES } from '../../src/sandbox/licenses';
import { editorSchema } from '../../src/validation';
import { sandboxPerTest } from '../support/sandbox';

describe('diagnostics: license names per instance', function () {
  this.timeout(20_000);
  const sb = sandboxPerTest();
  let events: RequestEvent[];
  let client: KadiClient;
  const quiet = { trace() {} };

  beforeEach(async () => {
    events = [];
    client = new KadiClient({ baseUrl: sb.url, token: 'pat_sandbox_alice', maxRetries: 0, onRequest: (e) => events.push(e) });
  });

  it('fetches once per instance; peek answers without waiting', async () => {
    const cache = new LicenseCache({ call: (_id, fn) => fn(client) }, quiet);
    assert.equal(cache.peek('sandbox'), undefined);
    const [a, b] = await Promise.all([cache.load('sandbox'), cache.load('sandbox')]);
    assert.deepEqual(a, LICENSES.map((l) => l.name));
    assert.equal(a, b);
    assert.equal(cache.peek('sandbox'), a);
    // One fetch = one request per page of 100 (Kadi 1.13.0 has 111 licenses: 2 pages).
    const pages = Math.ceil(LICENSES.length / 100);
    await cache.load('sandbox');
    assert.equal(events.length, pages);
    cache.clear();
    await cache.load('sandbox');
    assert.equal(events.length, 2 * pages);
  });

  it('a failure means "not checked" and is asked again only after a while', async () => {
    let now = 0;
    const traced: string[] = [];
    let calls = 0;
    const cache = new LicenseCache({ call: async () => { calls++; throw new Error('offline'); } }, { trace: (m) => void traced.push(m) }, () => now);
    assert.equal(await cache.load('x'), undefined);
    assert.equal(await cache.load('x'), undefined);
    assert.equal(calls, 1);
    assert.match(traced[0], /Licenses of x unavailable.*offline/);
    now += 5 * 60_000;
    await cache.load('x');
    assert.equal(calls, 2);
  });

  it('an empty list is unknown (checking against it would flag every name)', async () => {
    const cache = new LicenseCache({ call: async <T>() => [] as unknown as T }, quiet);
    assert.equal(await cache.load('x'), undefined);
    assert.equal(cache.peek('x'), undefined);
  });
});

describe('diagnostics: the editor schema shipped for the JSON language features', () => {
  it('media/schemas/template-document.editor.schema.json is editorSchema() (esbuild.js writes it)', () => {
    const file = path.resolve(__dirname, '../../../media/schemas/template-document.editor.schema.json');
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), editorSchema());
  });

  it('package.json associates it with *.kadi-template.json documents of any scheme', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: '*.kadi-template.json', url: './media/schemas/template-document.editor.schema.json' }]);
  });
});
