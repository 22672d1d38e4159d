// The sandbox reads a whole number written as a float (`5.0`, `1e3`) as Kadi4Mat's Python json
// does: a float, "Not a valid integer." for an `int` extra's value, range bounds and options
// (src/sandbox/pyJson.ts); fine for a `float` extra; ids still read with Python's int().
import * as assert from 'node:assert/strict';
import { parsePyJson, writtenAsFloat } from '../../src/sandbox/pyJson';
import { sandboxPerTest } from '../support/sandbox';
import { call } from '../support/sandboxHttp';

const BAD_REQUEST = { code: 400, message: 'Bad Request', description: 'The browser (or proxy) sent a request that this server could not understand.' };

describe('sandbox: numbers written as floats (pyJson)', () => {
  it('remembers whole numbers written with a fraction or an exponent, per container', () => {
    const v = parsePyJson('{"a": 5.0, "b": 5, "c": 1e3, "d": 1.5, "e": [1, 2.0, -0.0, 1.5e1, 1E+2], "f": {"g": 2.00}, "h": "5.0", "i": 1e400}') as any;
    assert.deepEqual(v, { a: 5, b: 5, c: 1000, d: 1.5, e: [1, 2, -0, 15, 100], f: { g: 2 }, h: '5.0', i: Infinity });
    assert.deepEqual(['a', 'b', 'c', 'd', 'h', 'i', 'x'].map((k) => writtenAsFloat(v, k)), [true, false, true, false, false, false, false]);
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((i) => writtenAsFloat(v.e, i)), [false, true, true, true, true, false]);
    assert.equal(writtenAsFloat(v.f, 'g'), true);
    assert.equal(writtenAsFloat(v.e, '1'), true, 'array indices as strings too');
    assert.equal(writtenAsFloat({ a: 5 }, 'a'), false, 'an object not parsed here');
  });

  it('a duplicate key: the last literal decides, as in JSON.parse and Python', () => {
    const v = parsePyJson('{"a": 5.0, "a": 5, "b": 5, "b": 5.0, "c": [1.0], "c": [1], "d": 1.0, "d": "x"}') as any;
    assert.deepEqual([writtenAsFloat(v, 'a'), writtenAsFloat(v, 'b'), writtenAsFloat(v.c, 0), writtenAsFloat(v, 'd')], [false, true, false, false]);
  });

  it('without a candidate in the text, nothing is scanned; scalars and invalid JSON as JSON.parse', () => {
    const v = parsePyJson('{"a": 5, "b": [1, 2.5]}') as any;
    assert.equal(writtenAsFloat(v, 'a') || writtenAsFloat(v.b, 0), false);
    assert.equal(parsePyJson('5.0'), 5);
    assert.throws(() => parsePyJson('{"a": 5.0,}'), SyntaxError);
  });
});

describe('sandbox: int extras written as floats over HTTP (like Kadi4Mat 1.13)', () => {
  const sb = sandboxPerTest();

  const extra = (fields: string): string => `{"data": [{"key": "n", "type": "int", ${fields}}]}`;
  const patch = (raw: string) => call(sb, 'PATCH', '/api/templates/1', { raw, headers: { 'Content-Type': 'application/json' } });

  it('PATCH: an int value, range bound or option written 5.0 or 1e3 is "Not a valid integer."', async () => {
    const cases: [string, unknown][] = [
      [extra('"value": 5.0'), { value: ['Not a valid integer.'] }],
      [extra('"value": 1e3'), { value: ['Not a valid integer.'] }],
      [extra('"value": -0.0'), { value: ['Not a valid integer.'] }],
      [extra('"value": 1e20'), { value: ['Not a valid integer.'] }],
      [extra('"value": null, "validation": {"range": {"min": 1.0, "max": null}}'), { validation: ['Range: Not a valid integer.'] }],
      [extra('"value": null, "validation": {"range": {"min": null, "max": 1e3}}'), { validation: ['Range: Not a valid integer.'] }],
      [extra('"value": null, "validation": {"options": [1, 2.0]}'), { validation: ['Options: Not a valid integer.'] }],
      [
        extra('"value": 5.0, "validation": {"range": {"min": 1e0, "max": null}, "options": [5.0, 6]}'),
        { value: ['Not a valid integer.'], validation: ['Range: Not a valid integer.'] }, // the first schema error only, as Kadi
      ],
    ];
    for (const [raw, errors] of cases) {
      const res = await patch(raw);
      assert.equal(res.status, 400, raw);
      assert.deepEqual(res.json, { ...BAD_REQUEST, errors: { data: { '0': errors } } }, raw);
    }
  });

  it('nested and in record templates too; the same numbers written 5 are fine', async () => {
    const nested = await patch('{"data": [{"key": "d", "type": "dict", "value": [{"key": "l", "type": "list", "value": [{"type": "int", "value": 2.0}]}]}]}');
    assert.equal(nested.status, 400);
    assert.deepEqual(nested.json.errors, { data: { '0': { value: { '0': { value: { '0': { value: ['Not a valid integer.'] } } } } } } });
    const record = await call(sb, 'POST', '/api/templates', {
      raw: '{"identifier": "r", "title": "R", "type": "record", "data": {"extras": [{"key": "n", "type": "int", "value": 3.0}], "collections": [1.0]}}',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(record.status, 400);
    assert.deepEqual(record.json.errors, { data: { extras: { '0': { value: ['Not a valid integer.'] } } } }, 'collections: 1.0 is read by int() as 1');

    const ok = await patch(extra('"value": 5, "validation": {"range": {"min": 1, "max": 1000}, "options": [5, 6]}'));
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json.data, [{ key: 'n', type: 'int', unit: null, value: 5, validation: { options: [5, 6], range: { max: 1000, min: 1 } } }]);
  });

  it('a float extra takes 5.0 and 1e3 (stored and sent back as floats)', async () => {
    const res = await patch('{"data": [{"key": "f", "type": "float", "value": 5.0, "validation": {"range": {"min": 1e0, "max": 1e3}, "options": [5.0, 2]}}]}');
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /"options":\[5\.0,2\.0\],"range":\{"max":1000\.0,"min":1\.0\}\},"value":5\.0/);
  });

  it('a string "5.0" stays a string, and other numbers read as before (ids: 1.0 → 1)', async () => {
    const str = await patch(extra('"value": "5.0"'));
    assert.deepEqual(str.json.errors, { data: { '0': { value: ['Not a valid integer.'] } } });
    const record = await call(sb, 'POST', '/api/templates', {
      raw: '{"identifier": "r", "title": "R", "type": "record", "data": {"collections": [1.0], "roles": [{"subject_type": "user", "subject_id": 2.0, "role": "member"}]}}',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(record.status, 201, record.text);
    assert.deepEqual([record.json.data.collections, record.json.data.roles[0].subject_id], [[1], 2]);
  });
});
