// Ranges (src/validation/locate.ts) in texts that stress its skipping: brackets and quotes in
// strings, nesting deeper than the containers its regexp matches whole, and a list so long that
// the regexp engine's backtracking stack overflows (it then skips by characters).
import * as assert from 'assert';
import { Locator } from '../../src/validation/locate';

const at = (text: string, path: (string | number)[]): string => {
  const loc = new Locator(text);
  loc.want(path);
  loc.run();
  return loc.valueText(path) ?? '(missing)';
};

describe('validation: locating paths in the text', function () {
  this.timeout(20000);

  it('skips brackets, quotes and backslashes inside strings', () => {
    const doc = { a: ['x}]"{', { '[k': '\\"]' }, '\\'], b: { '}': 'y' }, c: 'found' };
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2), JSON.stringify(doc, null, '\t').replace(/\n/g, '\r\n')]) {
      assert.strictEqual(at(text, ['c']), '"found"');
      assert.strictEqual(at(text, ['b', '}']), '"y"');
      assert.strictEqual(at(text, ['a', 1, '[k']), JSON.stringify('\\"]'));
      assert.strictEqual(at(text, ['a', 2]), JSON.stringify('\\'));
    }
  });

  it('skips containers nested deeper than its regexp matches whole', () => {
    let deep: unknown = { v: 1 };
    for (let i = 0; i < 40; i++) deep = { a: [deep, 'x]'], b: i };
    const text = JSON.stringify({ first: deep, then: [deep, { here: true }] }, null, 1);
    assert.strictEqual(at(text, ['then', 1, 'here']), 'true');
  });

  it('skips runs of elements of every kind before a wanted one', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20; i++) deep = [deep, { k: 'x,]' }];
    const kinds: unknown[] = ['a,b]', -1.5e-7, true, null, { a: [1, { b: '}' }] }, [], {}, 'q\\"', deep];
    const list = Array.from({ length: 1000 }, (_, i) => kinds[i % kinds.length]);
    for (const text of [JSON.stringify({ list }), JSON.stringify({ list }, null, 2)]) {
      for (const i of [3, 4, 5, 36, 37, 300, 555, 999]) {
        assert.strictEqual(at(text, ['list', i]), JSON.stringify(list[i], null, text.includes('\n') ? 2 : undefined).replace(/\n/g, '\n' + '    '), `element ${i}`);
      }
      // Removal spans (up to the next element; the last one from the end of the previous one).
      for (const i of [600, 999]) {
        const loc = new Locator(text);
        loc.want(['list', i]);
        loc.run();
        const { offset, length } = loc.get(['list', i]).node.remove;
        const rest = (JSON.parse(text.slice(0, offset) + text.slice(offset + length)) as { list: unknown[] }).list;
        assert.deepStrictEqual(rest, list.filter((_, j) => j !== i), `removing element ${i}`);
      }
    }
  });

  it('skips runs of members of a large object between wanted ones', () => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < 300; i++) o[`field_${i}`] = i % 3 === 0 ? { a: [i, 'x"],'] } : i % 3 === 1 ? `s${i}` : i;
    Object.assign(o, { 'x.y': 'dot', 'a\\"b': 'escaped', '([': 'paren', '': 'empty', last: true });
    const names = ['field_1', 'field_10', 'field_299', 'x.y', 'a\\"b', '([', '', 'field_150', 'last'];
    const escaped = JSON.stringify(o).replace('"field_200"', '"field_\\u0032\\u00300"');
    for (const text of [JSON.stringify(o), JSON.stringify(o, null, 2), escaped]) {
      const loc = new Locator(text);
      for (const n of [...names, 'field_200', 'absent']) loc.want([n]);
      loc.run();
      for (const n of [...names, 'field_200']) assert.deepStrictEqual(JSON.parse(loc.valueText([n])!), o[n], n);
      assert.strictEqual(loc.get(['absent']).missing, 1);
      for (const n of ['field_150', 'last']) {
        const { offset, length } = loc.get([n]).node.remove;
        const rest = JSON.parse(text.slice(0, offset) + text.slice(offset + length)) as Record<string, unknown>;
        const expected = { ...o };
        delete expected[n];
        assert.deepStrictEqual(rest, expected, `removing ${n}`);
      }
    }
  });

  it('finds what follows a list of millions of strings', () => {
    const text = JSON.stringify({ list: Array.from({ length: 3e6 }, (_, i) => `o${i % 10}`), after: 'here' });
    assert.strictEqual(at(text, ['after']), '"here"');
  });
});
