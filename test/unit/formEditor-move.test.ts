// Moving extras into, out of and across dicts and lists (the form editor's Alt+→/Alt+←, the
// move buttons and drag and drop): the `relocate` action of src/formEditor/edits.ts and the path
// arithmetic of paths.ts that the webview uses to keep rows expanded and focused.
import * as assert from 'node:assert/strict';
import { applyAction, applyTextEdits, editFor, editsFor, relocatedKey, type FormAction } from '../../src/formEditor/edits';
import { destination, dropRelocation, intoAbove, outOfParent, relocated, type Relocation } from '../../src/formEditor/paths';
import { buildModel } from '../../src/formEditor/model';
import { renderDocument } from '../../src/kadi/document';
import { aDocument } from '../support/builders';
import { validateTemplateText } from '../../src/validation';
import type { JsonPath } from '../../src/validation';

const TEXT = renderDocument(
  aDocument({
    data: [
      { key: 'force', type: 'float', value: 12.5, unit: 'N', validation: { required: true, range: { min: 0, max: 100 } } },
      { key: 'operator', type: 'str', value: 'lab', description: 'who', validation: { options: ['lab', 'field'] } },
      { key: 'sample', type: 'dict', value: [{ key: 'id', type: 'int', value: 5, unit: null }, { key: 'operator', type: 'str', value: null }] },
      { key: 'points', type: 'list', value: [{ type: 'float', value: 1, unit: 'mm' }, { type: 'dict', value: [{ key: 'x', type: 'str', value: 'deep' }] }] },
      { key: 'empty', type: 'dict', value: [] },
    ] as never,
  }),
);

const relocate = (path: JsonPath, to: JsonPath, index: number): FormAction => ({ kind: 'relocate', path, to, index });

/** The text after the action's edits, checked: the same as applyAction and as editFor's one span. */
function run(text: string, action: FormAction): string {
  const edits = editsFor(text, action);
  assert.ok(edits.length > 0, 'the move changed nothing');
  const out = applyTextEdits(text, edits);
  assert.equal(out, applyAction(text, action));
  const one = editFor(text, action)!;
  assert.equal(text.slice(0, one.offset) + one.newText + text.slice(one.offset + one.length), out);
  JSON.parse(out);
  return out;
}

const data = (text: string) => JSON.parse(text).data as Record<string, unknown>[];
const keys = (list: unknown) => (list as { key?: string }[]).map((e) => e.key);
const duplicateKeys = (text: string) => validateTemplateText(text).filter((d) => d.code === 'duplicate-key');
const errors = (text: string) => validateTemplateText(text).filter((d) => d.severity === 'error');

describe('form editor: moving an entry into or out of a dict or list', () => {
  it('into the dict above: its last child, key and everything else kept, re-indented', () => {
    const out = run(TEXT, relocate(['data', 0], ['data', 2, 'value'], 2));
    const d = data(out);
    assert.deepEqual(keys(d), ['operator', 'sample', 'points', 'empty']);
    assert.deepEqual(d[1].value, [
      { key: 'id', type: 'int', value: 5, unit: null },
      { key: 'operator', type: 'str', value: null },
      { key: 'force', type: 'float', value: 12.5, unit: 'N', validation: { required: true, range: { min: 0, max: 100 } } },
    ]);
    // Indented like its new siblings (4 levels of 2 spaces = 10 spaces for its fields).
    assert.match(out, /\n {8}\{\n {10}"key": "force",\n {10}"type": "float",/);
    assert.deepEqual(errors(out), []);
  });

  it('into a dict where the key is taken: made unique (operator → operator_2), nothing else lost', () => {
    const out = run(TEXT, relocate(['data', 1], ['data', 2, 'value'], 2));
    const moved = (data(out)[1].value as Record<string, unknown>[])[2];
    assert.deepEqual(moved, { key: 'operator_2', type: 'str', value: 'lab', description: 'who', validation: { options: ['lab', 'field'] } });
    assert.deepEqual(duplicateKeys(out), []);
    assert.deepEqual(errors(out), []);
  });

  it('into a list: the key is dropped (Kadi keeps none there), the value, unit and validation stay', () => {
    const out = run(TEXT, relocate(['data', 0], ['data', 3, 'value'], 0));
    const moved = (data(out)[2].value as Record<string, unknown>[])[0];
    assert.deepEqual(moved, { type: 'float', value: 12.5, unit: 'N', validation: { required: true, range: { min: 0, max: 100 } } });
    assert.deepEqual(errors(out), []);
  });

  it('into an empty dict: the brackets open as jsonc-parser would write them', () => {
    const out = run(TEXT, relocate(['data', 1], ['data', 4, 'value'], 0));
    assert.match(out, /"key": "empty",\n {6}"type": "dict",\n {6}"value": \[\n {8}\{\n {10}"key": "operator",[^]*?\n {8}\}\n {6}\]\n {4}\}\n {2}\]/);
    assert.deepEqual(keys(data(out)[3].value), ['operator']);
  });

  it('into a nested container: a dict inside a list item, at any depth', () => {
    const out = run(TEXT, relocate(['data', 2, 'value', 0], ['data', 3, 'value', 1, 'value'], 0));
    const inner = ((data(out)[3].value as Record<string, unknown>[])[1].value as Record<string, unknown>[]);
    assert.deepEqual(inner, [{ key: 'id', type: 'int', value: 5, unit: null }, { key: 'x', type: 'str', value: 'deep' }]);
    assert.match(out, /\n {14}"key": "id",/);
    assert.deepEqual(errors(out), []);
  });

  it('out of a dict: right after it, its own key kept when free, made unique when not', () => {
    const out = run(TEXT, relocate(['data', 2, 'value', 0], ['data'], 3));
    assert.deepEqual(keys(data(out)), ['force', 'operator', 'sample', 'id', 'points', 'empty']);
    assert.deepEqual(data(out)[3], { key: 'id', type: 'int', value: 5, unit: null });
    assert.match(out, /\n {4}\{\n {6}"key": "id",\n {6}"type": "int",/);
    const taken = run(TEXT, relocate(['data', 2, 'value', 1], ['data'], 3));
    assert.deepEqual(keys(data(taken)), ['force', 'operator', 'sample', 'operator_2', 'points', 'empty']);
    assert.deepEqual(duplicateKeys(taken), []);
  });

  it('out of a list: an item without a key gets `item` (first), or `item_2` when that is taken', () => {
    const out = run(TEXT, relocate(['data', 3, 'value', 0], ['data'], 4));
    assert.deepEqual(data(out)[4], { key: 'item', type: 'float', value: 1, unit: 'mm' });
    assert.match(out, /\{\n {6}"key": "item",\n {6}"type": "float",/);
    const again = run(out, relocate(['data', 3, 'value', 0], ['data'], 5));
    assert.deepEqual(keys(data(again)).slice(4), ['item', 'item_2', 'empty']);
    assert.deepEqual(errors(again), []);
  });

  it('the last child out leaves an empty list `[]`', () => {
    const one = run(TEXT, relocate(['data', 3, 'value', 1, 'value', 0], ['data', 3, 'value'], 2));
    assert.match(one, /"type": "dict",\n {10}"value": \[\]\n/);
    assert.deepEqual((data(one)[3].value as unknown[])[2], { type: 'str', value: 'deep' });
  });

  it('drag and drop to arbitrary positions: within a list both ways, across depths, to the ends', () => {
    // Same list, down and up (index counts as before the move).
    assert.deepEqual(keys(data(run(TEXT, relocate(['data', 0], ['data'], 3)))), ['operator', 'sample', 'force', 'points', 'empty']);
    assert.deepEqual(keys(data(run(TEXT, relocate(['data', 4], ['data'], 1)))), ['force', 'empty', 'operator', 'sample', 'points']);
    assert.deepEqual(keys(data(run(TEXT, relocate(['data', 0], ['data'], 5)))), ['operator', 'sample', 'points', 'empty', 'force']);
    assert.deepEqual(keys(data(run(TEXT, relocate(['data', 4], ['data'], 0)))), ['empty', 'force', 'operator', 'sample', 'points']);
    // From deep inside to the top, first place.
    const up = run(TEXT, relocate(['data', 3, 'value', 1, 'value', 0], ['data'], 0));
    assert.deepEqual(data(up)[0], { key: 'x', type: 'str', value: 'deep' });
    // Into the middle of a dict's children.
    const mid = run(TEXT, relocate(['data', 4], ['data', 2, 'value'], 1));
    assert.deepEqual(keys(data(mid)[2].value), ['id', 'empty', 'operator']);
    assert.deepEqual(errors(mid), []);
    // Into the dict below (its path shifts when the entry above it goes).
    const below = run(TEXT, relocate(['data', 1], ['data', 4, 'value'], 0));
    assert.deepEqual(keys(data(below)), ['force', 'sample', 'points', 'empty']);
  });

  it('other lines are untouched: removing the moved entry from both texts gives the same text', () => {
    const spelled = TEXT.replace('"value": 12.5', '"value": 12.50');
    const out = run(spelled, relocate(['data', 0], ['data', 2, 'value'], 1));
    assert.ok(out.includes('"value": 12.50'), 'the spelling 12.50 is kept');
    const withoutOld = applyAction(spelled, { kind: 'remove', path: ['data', 0] });
    const withoutNew = applyAction(out, { kind: 'remove', path: ['data', 1, 'value', 1] });
    assert.equal(withoutNew, withoutOld);
    // Two edits: one removes, one inserts; everything between them is left as it was.
    const [a, b] = editsFor(spelled, relocate(['data', 0], ['data', 2, 'value'], 1));
    assert.equal(a.newText, '');
    assert.ok(a.offset + a.length <= b.offset);
    assert.equal(spelled.slice(b.offset - 20, b.offset), out.slice(b.offset - a.length - 20, b.offset - a.length));
  });

  it('tabs and CRLF stay tabs and CRLF', () => {
    const odd = TEXT.replace(/\n/g, '\r\n').replace(/^((?: {2})+)/gm, (m) => '\t'.repeat(m.length / 2));
    const out = run(odd, relocate(['data', 3, 'value', 0], ['data', 2, 'value'], 0));
    assert.ok(!/[^\r]\n/.test(out), 'only CRLF line ends');
    assert.ok(!/^ +/m.test(out), 'no spaces for indentation');
    assert.match(out, /\r\n\t\t\t\t\{\r\n\t\t\t\t\t"key": "item",\r\n\t\t\t\t\t"type": "float",/);
  });

  it('record templates (data.extras) move the same way', () => {
    const rec = renderDocument({ identifier: 'r', title: 'R', description: '', visibility: 'private', type: 'record',
      data: { license: null, extras: [{ key: 'a', type: 'str', value: null }, { key: 'b', type: 'dict', value: [] }] } } as never);
    const out = run(rec, relocate(['data', 'extras', 0], ['data', 'extras', 1, 'value'], 0));
    assert.deepEqual(JSON.parse(out).data.extras, [{ key: 'b', type: 'dict', value: [{ key: 'a', type: 'str', value: null }] }]);
  });

  it('refused: into itself or its own descendants, into a place that holds no extras; in place changes nothing', () => {
    for (const a of [
      relocate(['data', 2], ['data', 2, 'value'], 0),
      relocate(['data', 3], ['data', 3, 'value', 1, 'value'], 0),
      relocate(['data', 0], ['data', 0, 'validation', 'range'], 0),
      relocate(['data', 0], ['data', 1, 'value'], 0), // a str entry is no container
      relocate(['data', 0], ['identifier'], 0),
      relocate(['data', 9], ['data'], 0), // no such entry
      relocate(['data', 1], ['data'], 1),
      relocate(['data', 1], ['data'], 2),
    ]) {
      assert.deepEqual(editsFor(TEXT, a), [], JSON.stringify(a));
      assert.equal(editFor(TEXT, a), undefined);
      assert.equal(applyAction(TEXT, a), TEXT);
    }
  });

  it('relocatedKey: none in a list, kept when free, unique when taken, `item` for an item', () => {
    assert.equal(relocatedKey({ key: 'a' }, true, []), undefined);
    assert.equal(relocatedKey({ type: 'str' }, true, []), null);
    assert.equal(relocatedKey({ key: 'a' }, false, [{ key: 'b' }]), null);
    assert.equal(relocatedKey({ key: 'a' }, false, [{ key: 'a' }, { key: 'a_2' }]), 'a_3');
    assert.equal(relocatedKey({ type: 'int' }, false, [{ key: 'item' }]), 'item_2');
  });
});

describe('form editor: where things are after a move (the webview keeps rows open and focused)', () => {
  const r = (from: JsonPath, to: JsonPath, index: number): Relocation => ({ from, to, index });

  it('destination: the moved entry’s new path', () => {
    assert.deepEqual(destination(r(['data', 1], ['data', 2, 'value'], 2)), ['data', 1, 'value', 2]);
    assert.deepEqual(destination(r(['data', 0], ['data'], 3)), ['data', 2]);
    assert.deepEqual(destination(r(['data', 4], ['data'], 1)), ['data', 1]);
    assert.deepEqual(destination(r(['data', 2, 'value', 0], ['data'], 3)), ['data', 3]);
    assert.equal(destination(r(['data', 2], ['data', 2, 'value'], 0)), undefined);
    assert.equal(destination(r(['data', 2], ['data'], 3)), undefined);
  });

  it('relocated: descendants follow, siblings shift', () => {
    const m = r(['data', 1], ['data', 3, 'value'], 0);
    assert.deepEqual(relocated(['data', 1, 'value', 0], m), ['data', 2, 'value', 0, 'value', 0]);
    assert.deepEqual(relocated(['data', 3, 'value', 0], m), ['data', 2, 'value', 1]);
    assert.deepEqual(relocated(['data', 0], m), ['data', 0]);
    assert.deepEqual(relocated(['data', 4], m), ['data', 3]);
  });

  it('agrees with the document: every entry of the model is where relocated() says', () => {
    const before = buildModel(TEXT);
    assert.ok(before.kind === 'form');
    const all = (nodes: { path: JsonPath; key?: unknown; type: unknown; children?: unknown[] }[]): { path: JsonPath; sig: string }[] =>
      nodes.flatMap((n) => [{ path: n.path, sig: JSON.stringify([n.type, (n as { value?: unknown }).value ?? null]) }, ...all((n.children ?? []) as never)]);
    const moves: Relocation[] = [
      r(['data', 0], ['data', 2, 'value'], 2),
      r(['data', 2, 'value', 0], ['data'], 3),
      r(['data', 3, 'value', 0], ['data', 3, 'value', 1, 'value'], 1),
      r(['data', 1], ['data', 4, 'value'], 0),
      r(['data', 4], ['data'], 0),
    ];
    for (const m of moves) {
      const out = applyAction(TEXT, { kind: 'relocate', path: m.from, to: m.to, index: m.index });
      const after = buildModel(out);
      assert.ok(after.kind === 'form');
      const at = new Map(all(after.extras).map((n) => [JSON.stringify(n.path), n.sig]));
      for (const n of all(before.extras)) assert.equal(at.get(JSON.stringify(relocated(n.path, m))), n.sig, `${JSON.stringify(m)}: ${JSON.stringify(n.path)}`);
    }
  });

  it('keyboard: Alt+→ into the dict/list above, Alt+← out of the parent', () => {
    assert.deepEqual(intoAbove(['data', 3], { path: ['data', 2], children: [1, 2] }), r(['data', 3], ['data', 2, 'value'], 2));
    assert.equal(intoAbove(['data', 2], { path: ['data', 1] }), undefined);
    assert.equal(intoAbove(['data', 0], undefined), undefined);
    assert.deepEqual(outOfParent(['data', 2, 'value', 0]), r(['data', 2, 'value', 0], ['data'], 3));
    assert.deepEqual(outOfParent(['data', 'extras', 1, 'value', 0, 'value', 4]), r(['data', 'extras', 1, 'value', 0, 'value', 4], ['data', 'extras', 1, 'value'], 1));
    assert.equal(outOfParent(['data', 2]), undefined);
    assert.equal(outOfParent(['data', 'extras', 2]), undefined);
  });

  it('drop zones: before/after an entry, into a container; refused into itself or a descendant', () => {
    const dict = { path: ['data', 2], children: [1, 2] };
    assert.deepEqual(dropRelocation(['data', 0], dict, 'before'), r(['data', 0], ['data'], 2));
    assert.deepEqual(dropRelocation(['data', 0], dict, 'after'), r(['data', 0], ['data'], 3));
    assert.deepEqual(dropRelocation(['data', 0], dict, 'into'), r(['data', 0], ['data', 2, 'value'], 2));
    assert.equal(dropRelocation(['data', 0], { path: ['data', 1] }, 'into'), undefined, 'a str entry takes no children');
    assert.equal(dropRelocation(['data', 2], dict, 'into'), undefined, 'into itself');
    assert.equal(dropRelocation(['data', 2], { path: ['data', 2, 'value', 1], children: [] }, 'into'), undefined, 'into a descendant');
    assert.equal(dropRelocation(['data', 2], { path: ['data', 2, 'value', 0] }, 'after'), undefined, 'beside a descendant');
    assert.equal(dropRelocation(['data', 1], dict, 'before'), undefined, 'where it already is');
    assert.equal(dropRelocation(['data', 1], { path: ['data', 0] }, 'after'), undefined, 'where it already is');
  });
});
