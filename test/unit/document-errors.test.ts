// 400 `errors` trees (kadi-api.md §2.4) → ranges in the saved text.
import * as assert from 'node:assert/strict';
import { problemsFromErrorTree } from '../../src/kadi/errorRanges';
import { positionAt } from '../../src/kadi/document';

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

describe('problemsFromErrorTree', () => {
  it('maps top-level fields to their values', () => {
    const [p] = problemsFromErrorTree(text, { identifier: ['Not a valid identifier.'] });
    assert.equal(at(p.offset, p.length), '"Bad Id"');
    assert.equal(p.message, 'Not a valid identifier.');
    assert.equal(p.path, 'identifier');
    assert.deepEqual(positionAt(text, p.offset), { line: 1, character: 16 });
  });

  it('follows string indices into arrays and nested dict values', () => {
    const problems = problemsFromErrorTree(text, {
      data: { '0': { value: ['Not a valid integer.'] }, '1': { value: { '1': { key: ['Duplicate value.'] } } } },
    });
    assert.equal(problems.length, 2);
    assert.equal(at(problems[0].offset, problems[0].length), '"x"');
    assert.equal(problems[0].path, 'data.0.value');
    assert.equal(at(problems[1].offset, problems[1].length), '"n"');
    assert.equal(positionAt(text, problems[1].offset).line, 16);
    assert.equal(problems[1].path, 'data.1.value.1.key');
  });

  it('puts a missing field on its parent, naming it', () => {
    const [p] = problemsFromErrorTree(text, { data: { '1': { key: ['Missing data for required field.'] } } });
    assert.equal(p.message, 'key: Missing data for required field.');
    assert.equal(at(p.offset, p.length), '{');
    assert.equal(positionAt(text, p.offset).line, 12);
  });

  it('marks an object by its property key, _schema on the node itself', () => {
    const [p] = problemsFromErrorTree(text, { data: { _schema: ['Invalid input type.'] } });
    assert.equal(at(p.offset, p.length), '"data"');
    const [q] = problemsFromErrorTree(text, { _schema: ['Invalid input type.'] });
    assert.equal(q.offset, 0);
    assert.equal(q.length, 1);
  });

  it('keeps every message and caps the count', () => {
    assert.equal(problemsFromErrorTree(text, { title: ['a', 'b'] }).length, 2);
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [String(i), { key: ['x'] }]));
    assert.equal(problemsFromErrorTree(text, { data: many }, 10).length, 10);
  });

  it('survives text that no longer parses', () => {
    const [p] = problemsFromErrorTree('{', { title: ['x'] });
    assert.equal(p.message, 'title: x');
  });
});
