// 400 `errors` trees (kadi-api.md §2.4) → diagnostics at their places in the saved text
// (serverErrorsToDiagnostics, what a failed save shows).
import * as assert from 'node:assert/strict';
import { positionAt } from '../../src/kadi/document';
import { serverErrorsToDiagnostics } from '../../src/validation';

const text = `{
  "identifier": "Bad Id",
  "title": "t",
  "description": "",
  "visibility": "private",
  "type": "extras",
  "data": [
    {
      "key": "a",
      "type": "int",
      "value": "x"
    },
    {
      "type": "dict",
      "value": [
        { "key": "n", "type": "str" },
        { "key": "n", "type": "str" }
      ]
    }
  ]
}
`;

function at(offset: number, length: number): string {
  return text.slice(offset, offset + length);
}

describe('serverErrorsToDiagnostics (a 400 on save)', () => {
  it('maps top-level fields to their values', () => {
    const [p] = serverErrorsToDiagnostics(text, { identifier: ['Not a valid identifier.'] });
    assert.equal(at(p.offset, p.length), '"Bad Id"');
    assert.equal(p.message, 'Not a valid identifier.');
    assert.deepEqual(p.path, ['identifier']);
    assert.equal(p.code, 'server');
    assert.equal(p.severity, 'error');
    assert.deepEqual(positionAt(text, p.offset), { line: 1, character: 16 });
  });

  it('follows string indices into arrays and nested dict values', () => {
    const problems = serverErrorsToDiagnostics(text, {
      data: { '0': { value: ['Not a valid integer.'] }, '1': { value: { '1': { key: ['Duplicate value.'] } } } },
    });
    assert.equal(problems.length, 2);
    assert.equal(at(problems[0].offset, problems[0].length), '"x"');
    assert.deepEqual(problems[0].path, ['data', 0, 'value']);
    assert.equal(at(problems[1].offset, problems[1].length), '"n"');
    assert.equal(positionAt(text, problems[1].offset).line, 16);
    assert.deepEqual(problems[1].path, ['data', 1, 'value', 1, 'key']);
  });

  it('puts a missing field on its parent, naming it', () => {
    const [p] = serverErrorsToDiagnostics(text, { data: { '1': { key: ['Missing data for required field.'] } } });
    assert.equal(p.message, 'Missing data for required field "key".');
    assert.equal(positionAt(text, p.offset).line, 12);
  });

  it('marks an object or array by its property key, not the whole block', () => {
    const [p] = serverErrorsToDiagnostics(text, { data: { _schema: ['Invalid input type.'] } });
    assert.equal(at(p.offset, p.length), '"data"');
    const [q] = serverErrorsToDiagnostics(text, { _schema: ['Invalid input type.'] });
    assert.equal(q.offset, 0);
    assert.ok(q.length <= 1);
  });

  it('keeps every message and caps the count', () => {
    assert.equal(serverErrorsToDiagnostics(text, { title: ['a', 'b'] }).length, 2);
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [String(i), { key: ['x'] }]));
    assert.equal(serverErrorsToDiagnostics(text, { data: many }, 10).length, 10);
  });

  it('survives text that no longer parses', () => {
    const [p] = serverErrorsToDiagnostics('{', { title: ['x'] });
    assert.equal(p.message, 'title: x');
  });
});
