// The record-metadata corpus of test/real-kadi/records.test.ts: the metadata becomes the extras
// Kadi is asked to accept exactly as described there, and numbers keep their written form.
import * as assert from 'assert';
import { Raw, recordCorpus, toExtras, toText, validRecord, type TemplateExtra } from '../support/recordCorpus';
import { rng } from '../support/rng';

const TEMPLATE: TemplateExtra[] = [
  { key: 'n', type: 'int', unit: 'mm', value: null, validation: { required: true, range: { min: 1, max: null } } },
  { key: 'd', type: 'dict', value: [{ key: 's', type: 'str', value: null, validation: { options: ['a', 'b'] } }] },
  { key: 'l', type: 'list', value: [{ type: 'date', value: null }, { type: 'bool', value: null }] },
];

describe('record corpus: metadata as Kadi extras', () => {
  it('keeps the template order, type, unit and validation; a missing key is null; list items by position; unknown keys typed by value', () => {
    const extras = toExtras({ $schema: 'kadi://x', l: ['2024-01-02T03:04', true, new Raw('2.0')], d: { s: 'a', more: 1 }, extra: [1.5] }, TEMPLATE);
    assert.strictEqual(
      toText(extras as never).replace(/\s+/g, ''),
      '[{"key":"n","type":"int","unit":"mm","validation":{"required":true,"range":{"min":1,"max":null}},"value":null},' +
        '{"key":"d","type":"dict","value":[{"key":"s","type":"str","validation":{"options":["a","b"]},"value":"a"},{"key":"more","type":"int","value":1}]},' +
        '{"key":"l","type":"list","value":[{"type":"date","value":"2024-01-02T03:04"},{"type":"bool","value":true},{"type":"float","value":2.0}]},' +
        '{"key":"extra","type":"list","value":[{"type":"float","value":1.5}]}]',
    );
  });

  it('passes a value of the wrong kind for a dict or list as it is, for Kadi to judge', () => {
    const extras = toExtras({ n: new Raw('5.0'), d: 'x', l: {} }, TEMPLATE) as { value: unknown }[];
    assert.deepStrictEqual(extras.map((e) => e.value), [new Raw('5.0'), 'x', {}]);
    assert.strictEqual(toText({ n: new Raw('5.0') }), '{\n  "n": 5.0\n}');
  });

  it('is deterministic, starts with the valid record, and breaks each extra', () => {
    const a = recordCorpus('t', TEMPLATE, rng(1), 5);
    const b = recordCorpus('t', TEMPLATE, rng(1), 5);
    assert.deepStrictEqual(a.map((d) => [d.name, toText(d.value)]), b.map((d) => [d.name, toText(d.value)]));
    assert.deepStrictEqual(a[0].value, validRecord(TEMPLATE));
    assert.deepStrictEqual(validRecord(TEMPLATE), { n: 1, d: { s: 'a' }, l: ['2024-05-06T07:08:09+00:00', true] });
    const names = a.map((d) => d.name);
    for (const n of ['t: n missing', 't: n 5.0', 't: n min - 1', 't: d.s not an option', 't: l.0 "2024-01-02 10:00:00"', 't: l.1 null', 't: unknown notes']) assert.ok(names.includes(n), n);
    // A list item is never left out (it would move the next ones): it is null instead.
    assert.ok(!names.includes('t: l.1 missing'));
  });
});
