// The sandbox's read-only record endpoints (for New Template from Record): search, by id, by
// identifier; shaped like Kadi4Mat 1.13's RecordSchema; visibility, 403/404 and the scope.
import * as assert from 'node:assert/strict';
import { KadiClient } from '../../src/kadi/client';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';

describe('sandbox: records (read only)', () => {
  let sb: Sandbox;
  const client = (token: string) => new KadiClient({ baseUrl: sb.url, token, maxRetries: 0 });
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(async () => {
    await sb.close();
  });

  it('search lists what the user may read, newest first, with Kadi\'s keys and pagination', async () => {
    const alice = client('pat_sandbox_alice');
    const page = await alice.searchRecords({ per_page: 10 });
    assert.deepEqual(page.items.map((r) => r.identifier), ['xrd-scan-2024-031', 'steel-s355-specimen-07']);
    assert.equal(page._pagination.total_items, 2);
    // The keys the real server sends (checked against Kadi4Mat 1.13.0).
    assert.deepEqual(Object.keys(page.items[1]).sort(), ['_actions', '_links', 'created_at', 'creator', 'description', 'extras', 'id', 'identifier', 'last_modified', 'license', 'plain_description', 'state', 'tags', 'title', 'type', 'visibility']);
    assert.equal(page.items[1]._links?.view, `${sb.url}/records/1`);
    assert.deepEqual((await alice.searchRecords({ query: 'STEEL' })).items.map((r) => r.id), [1]);
    assert.deepEqual((await client('pat_sandbox_carol').searchRecords({})).items.map((r) => r.id), [3, 2]);
  });

  it('by id and by identifier; someone else\'s private record is 403, an unknown one 404; record.read is required', async () => {
    const alice = client('pat_sandbox_alice');
    assert.equal((await alice.getRecord(1)).extras[0].value, 121.5);
    assert.equal((await alice.getRecordByIdentifier('XRD-scan-2024-031')).id, 2);
    await assert.rejects(alice.getRecord(3), (e: { status?: number }) => e.status === 403);
    await assert.rejects(alice.getRecord(99), (e: { status?: number }) => e.status === 404);
    await assert.rejects(alice.getRecordByIdentifier('nope'), (e: { status?: number }) => e.status === 404);
    await assert.rejects(client('pat_sandbox_alice_readonly').getRecord(1), (e: { status?: number; scopes?: string[] }) => e.status === 401 && e.scopes?.[0] === 'record.read');
  });
});
