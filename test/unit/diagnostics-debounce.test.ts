// One pending validation per document; the wait grows with the document's size.
import * as assert from 'node:assert/strict';
import { Debouncer, delayFor } from '../../src/diagnostics/debounce';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('diagnostics: debounce', () => {
  it('runs only the last request per key, after the delay', async () => {
    const d = new Debouncer();
    const ran: string[] = [];
    d.run('a', 20, () => ran.push('a1'));
    d.run('a', 20, () => ran.push('a2'));
    d.run('b', 20, () => ran.push('b1'));
    assert.equal(d.pending, 2);
    await sleep(5);
    assert.deepEqual(ran, []);
    await sleep(40);
    assert.deepEqual(ran.sort(), ['a2', 'b1']);
    assert.equal(d.pending, 0);
  });

  it('cancel and dispose drop pending runs', async () => {
    const d = new Debouncer();
    const ran: string[] = [];
    d.run('a', 10, () => ran.push('a'));
    d.run('b', 10, () => ran.push('b'));
    d.cancel('a');
    d.dispose();
    await sleep(30);
    assert.deepEqual(ran, []);
  });

  it('waits ~150 ms normally, longer for very large documents', () => {
    assert.equal(delayFor(0), 150);
    assert.equal(delayFor(1_300_000), 250);
    assert.equal(delayFor(5_000_000), 400);
  });
});
