// Generated documents get real names: tensile-test.schema.json, then tensile-test-2.schema.json, …
import * as assert from 'node:assert/strict';
import { freeName } from '../../src/ui/untitledName';

describe('names of generated documents', () => {
  it('the identifier and the suffix, numbered while taken', async () => {
    assert.equal(await freeName('tensile-test', '.schema.json', () => false), 'tensile-test.schema.json');
    const taken = new Set(['tensile-test.record.json', 'tensile-test-2.record.json']);
    assert.equal(await freeName('tensile-test', '.record.json', (n) => taken.has(n)), 'tensile-test-3.record.json');
    assert.equal(await freeName('tensile-test', '.record.json', async (n) => taken.has(n)), 'tensile-test-3.record.json');
  });

  it('never a path or an empty name', async () => {
    assert.equal(await freeName('../a/b', '.json', () => false), '..-a-b.json');
    assert.equal(await freeName('  ', '.json', () => false), 'untitled.json');
  });

  it('gives up numbering after max tries with a unique name', async () => {
    const name = await freeName('x', '.json', () => true, 3);
    assert.match(name, /^x-\d{10,}\.json$/);
  });
});
