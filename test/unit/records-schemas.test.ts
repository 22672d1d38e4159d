// Record metadata, the vscode-free parts: which template a `$schema` names, the export cache
// (one GET per template version) against the sandbox, and the comparison of a derived schema
// with the server's export that Test Template logs after a save.
import * as assert from 'node:assert/strict';
import { KadiClient, type RequestEvent } from '../../src/kadi/client';
import { findSchemaRef, parseSchemaUri, schemaUriString } from '../../src/records/schemaRef';
import { RecordSchemas } from '../../src/records/schemaCache';
import { schemaDifferences } from '../../src/records/schemaDiff';
import { SEED_USERS } from '../../src/sandbox/index';
import { deriveRecordSchema, recordSkeleton } from '../../src/validation';
import { sandboxPerTest } from '../support/sandbox';

describe('records: schema references', () => {
  it('builds and parses kadi://<instance>/templates/<id>/<identifier>.schema.json', () => {
    const uri = schemaUriString('127.0.0.1:5000', 7, 'tensile-test');
    assert.equal(uri, 'kadi://127.0.0.1:5000/templates/7/tensile-test.schema.json');
    assert.deepEqual(parseSchemaUri(uri), { uri, instanceId: '127.0.0.1:5000', templateId: 7, identifier: 'tensile-test' });
    assert.equal(parseSchemaUri('kadi://sandbox/templates/7/export/x.schema.json')?.templateId, 7, 'the former place');
    assert.equal(parseSchemaUri('kadi://Kadi.Example.EDU/templates/3/x.schema.json')?.instanceId, 'kadi.example.edu');
    for (const other of [
      'kadi://sandbox/templates/7/x.kadi-template.json',
      'kadi://sandbox/templates/7/export/x.json',
      'https://sandbox/templates/7/x.schema.json',
      'kadi:///templates/7/x.schema.json',
      'kadi://sandbox/templates/0/x.schema.json',
      'https://json-schema.org/draft/2020-12/schema',
    ]) {
      assert.equal(parseSchemaUri(other), undefined, other);
    }
  });

  it('finds the top-level $schema, also while the text does not parse', () => {
    const uri = schemaUriString('sandbox', 3, 'm');
    assert.equal(findSchemaRef(`{"$schema": "${uri}", "a": 1}`)?.templateId, 3);
    assert.equal(findSchemaRef(`{"a": {"$schema": "${uri}"}}`), undefined, 'nested: not the document’s schema');
    assert.equal(findSchemaRef(`{"$schema": "${uri}", "a": `)?.templateId, 3);
    assert.equal(findSchemaRef('{"a": 1}'), undefined);
    assert.equal(findSchemaRef('{"$schema": "https://json-schema.org/draft/2020-12/schema"}'), undefined);
    assert.equal(findSchemaRef(recordSkeleton({ type: 'object', properties: { x: { type: 'integer' } } }, uri))?.uri, uri);
  });
});

describe('records: schema differences', () => {
  it('names each differing path with both values, ignoring key order', () => {
    const ours = { type: 'object', properties: { a: { type: 'number', minimum: 0 }, b: { type: 'string' } }, propertiesOrder: ['a', 'b'] };
    assert.deepEqual(schemaDifferences(ours, { propertiesOrder: ['a', 'b'], properties: { b: { type: 'string' }, a: { minimum: 0, type: 'number' } }, type: 'object' }), []);
    assert.deepEqual(schemaDifferences(ours, { type: 'object', properties: { a: { type: 'number' }, b: { type: ['string', 'null'] } }, propertiesOrder: ['b', 'a'] }), [
      'properties.a.minimum: ours 0, server (absent)',
      'properties.b.type: ours "string", server ["string","null"]',
      'propertiesOrder[0]: ours "a", server "b"',
      'propertiesOrder[1]: ours "b", server "a"',
    ]);
  });

  it('caps the list', () => {
    const a = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    const lines = schemaDifferences(a, {}, 5);
    assert.equal(lines.length, 6);
    assert.equal(lines[5], '… and 25 more');
  });
});

describe('records: the export cache against the sandbox', function () {
  this.timeout(20_000);
  const sb = sandboxPerTest();
  let events: RequestEvent[];
  let schemas: RecordSchemas;
  let client: KadiClient;

  beforeEach(async () => {
    events = [];
    client = new KadiClient({ baseUrl: sb.url, token: 'pat_sandbox_alice', maxRetries: 0, onRequest: (e) => events.push(e) });
    schemas = new RecordSchemas({ call: (_id, fn) => fn(client) });
  });

  const exportGets = () => events.filter((e) => /\/export\/json-schema/.test(e.path)).length;

  it('fetches each template’s export once, again after it changed, with a new cache key', async () => {
    const [a, b] = await Promise.all([schemas.get('sandbox', 1), schemas.get('sandbox', 1)]);
    assert.equal(a, b);
    assert.equal(exportGets(), 1);
    assert.deepEqual((a.schema.propertiesOrder as string[]).slice(0, 2), ['force', 'elongation']);
    sb.store.updateTemplate(1, { data: [{ key: 'only', type: 'int', value: 3, unit: null }] }, SEED_USERS.alice);
    assert.equal((await schemas.get('sandbox', 1)).cacheKey, a.cacheKey, 'kept until told');
    schemas.invalidate('sandbox', 1);
    const c = await schemas.get('sandbox', 1);
    assert.equal(exportGets(), 2);
    assert.notEqual(c.cacheKey, a.cacheKey);
    assert.deepEqual(Object.keys(c.schema.properties as object), ['only']);
  });

  it('does not keep a failure', async () => {
    await assert.rejects(schemas.get('sandbox', 999));
    await assert.rejects(schemas.get('sandbox', 999));
    assert.equal(exportGets(), 2);
  });

  it('the schema derived from each seed template equals the sandbox’s export (what Test Template checks after a save)', async () => {
    const page = await client.searchTemplates({ per_page: 100 });
    assert.ok(page.items.length >= 4);
    for (const t of page.items) {
      assert.deepEqual(schemaDifferences(deriveRecordSchema(t), await client.exportJsonSchema(t.id)), [], t.identifier);
    }
  });
});
