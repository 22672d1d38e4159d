// The form editor's mapping form action → text edit (src/formEditor/edits.ts) and the model it
// reads (model.ts): each action is one minimal edit, and what the action did not touch keeps
// its exact spelling.
import * as assert from 'node:assert/strict';
import { applyAction, editFor, formattingOf, minimalEdit, uniqueKey, type FormAction } from '../../src/formEditor/edits';
import { buildModel } from '../../src/formEditor/model';
import { renderDocument } from '../../src/kadi/document';
import { aDocument } from '../support/builders';
import { validateTemplateText } from '../../src/validation';

const TEXT = renderDocument(
  aDocument({
    data: [
      { key: 'force', type: 'float', value: 12.5, unit: 'N', validation: { required: true, range: { min: 0, max: 100 } } },
      { key: 'operator', type: 'str', value: 'lab', validation: { options: ['lab', 'field'] } },
      { key: 'sample', type: 'dict', value: [{ key: 'id', type: 'int', value: 5, unit: null }] },
    ],
  }),
);

/** Applies the edit the way the editor would and returns the new text. */
function run(text: string, action: FormAction): string {
  const e = editFor(text, action);
  assert.ok(e, 'the action changed nothing');
  return text.slice(0, e.offset) + e.newText + text.slice(e.offset + e.length);
}

describe('form editor: edits', () => {
  it('setting a range bound replaces just the number', () => {
    const e = editFor(TEXT, { kind: 'set', path: ['data', 0, 'validation', 'range', 'min'], value: 5 });
    assert.deepEqual({ length: e?.length, newText: e?.newText }, { length: 1, newText: '5' });
    assert.equal(TEXT.slice(e!.offset - 7, e!.offset), '"min": ');
  });

  it('setting the title replaces just the changed characters', () => {
    const e = editFor(TEXT, { kind: 'set', path: ['title'], value: 'Tensile tests' });
    assert.deepEqual(e, { offset: TEXT.indexOf('Tensile test"') + 'Tensile test'.length, length: 0, newText: 's' });
  });

  it('adding validation to an entry without one creates the object, indented like the rest', () => {
    const out = run(TEXT, { kind: 'set', path: ['data', 1, 'validation', 'required'], value: true });
    assert.deepEqual(JSON.parse(out).data[1].validation, { options: ['lab', 'field'], required: true });
    const sample = run(TEXT, { kind: 'set', path: ['data', 2, 'value', 0, 'validation', 'required'], value: true });
    assert.match(sample, /\n {10}"validation": \{\n {12}"required": true\n {10}\}/);
  });

  it('clearing both bounds removes the range, and an emptied validation goes too', () => {
    let out = run(TEXT, { kind: 'set', path: ['data', 0, 'validation', 'range', 'min'], value: null });
    assert.deepEqual(JSON.parse(out).data[0].validation.range, { min: null, max: 100 });
    out = run(out, { kind: 'set', path: ['data', 0, 'validation', 'range', 'max'], value: null });
    assert.deepEqual(JSON.parse(out).data[0].validation, { required: true });
    out = run(out, { kind: 'set', path: ['data', 0, 'validation', 'required'], value: undefined });
    assert.equal('validation' in JSON.parse(out).data[0], false);
    assert.equal(validateTemplateText(out).filter((d) => d.severity === 'error').length, 0);
  });

  it('add appends a new str entry with a unique key; inside a list without a key', () => {
    const out = run(TEXT, { kind: 'add', parent: ['data'] });
    assert.deepEqual(JSON.parse(out).data[3], { key: 'new_field', type: 'str', value: null });
    const twice = run(out, { kind: 'add', parent: ['data'], index: 0, type: 'float' });
    assert.deepEqual(JSON.parse(twice).data[0], { key: 'new_field_2', type: 'float', value: null, unit: null });
    const list = run(run(TEXT, { kind: 'setType', path: ['data', 2], type: 'list' }), { kind: 'add', parent: ['data', 2, 'value'], type: 'bool' });
    assert.deepEqual(JSON.parse(list).data[2].value[1], { type: 'bool', value: null });
  });

  it('remove deletes the entry and its comma only', () => {
    const out = run(TEXT, { kind: 'remove', path: ['data', 1] });
    assert.deepEqual(JSON.parse(out).data.map((e: { key: string }) => e.key), ['force', 'sample']);
    assert.equal(out, renderDocument({ ...JSON.parse(TEXT), data: JSON.parse(out).data }));
  });

  it('duplicate copies the entry text as written, with a unique key', () => {
    const spelled = TEXT.replace('"value": 12.5', '"value": 12.50');
    const out = run(spelled, { kind: 'duplicate', path: ['data', 0] });
    const data = JSON.parse(out).data;
    assert.deepEqual(data.map((e: { key: string }) => e.key), ['force', 'force_2', 'operator', 'sample']);
    assert.equal(out.split('"value": 12.50').length - 1, 2, 'the copy keeps the spelling 12.50');
    assert.equal(validateTemplateText(out).filter((d) => d.code === 'duplicate-key').length, 0);
  });

  it('move swaps two siblings in one edit, keeping their text', () => {
    const spelled = TEXT.replace('"value": 12.5', '"value": 12.50');
    const out = run(spelled, { kind: 'move', path: ['data', 1], by: -1 });
    assert.deepEqual(JSON.parse(out).data.map((e: { key: string }) => e.key), ['operator', 'force', 'sample']);
    assert.ok(out.includes('"value": 12.50'));
    assert.equal(out.length, spelled.length);
    assert.equal(editFor(TEXT, { kind: 'move', path: ['data', 0], by: -1 }), undefined, 'the first cannot move up');
  });

  it('setType converts the value and drops what the new type cannot have', () => {
    const out = run(TEXT, { kind: 'setType', path: ['data', 0], type: 'str' });
    assert.deepEqual(JSON.parse(out).data[0], { key: 'force', type: 'str', value: '12.5', validation: { required: true } });
    const num = run(TEXT, { kind: 'setType', path: ['data', 1], type: 'int' });
    assert.deepEqual(JSON.parse(num).data[1], { key: 'operator', type: 'int', value: null, validation: { options: ['lab', 'field'] }, unit: null });
    const nested = run(TEXT, { kind: 'setType', path: ['data', 1], type: 'dict' });
    assert.deepEqual(JSON.parse(nested).data[1], { key: 'operator', type: 'dict', value: [] });
  });

  it('keeps unrelated formatting: tabs, CRLF, and fields the form does not know', () => {
    const odd = '{\r\n\t"identifier": "x",\r\n\t"title": "X",  "extra_spacing": 1,\r\n\t"type": "extras",\r\n\t"data": [ ]\r\n}\r\n';
    assert.deepEqual(formattingOf(odd), { insertSpaces: false, tabSize: 4, eol: '\r\n' });
    const out = run(odd, { kind: 'add', parent: ['data'] });
    assert.ok(out.startsWith('{\r\n\t"identifier": "x",\r\n\t"title": "X",  "extra_spacing": 1,\r\n'));
    assert.ok(!/[^\r]\n/.test(out), 'only CRLF line ends');
    assert.match(out, /\r\n\t\t\{\r\n\t\t\t"key": "new_field",/);
  });

  it('minimalEdit and uniqueKey', () => {
    assert.deepEqual(minimalEdit('abcdef', 'abXYef'), { offset: 2, length: 2, newText: 'XY' });
    assert.equal(minimalEdit('same', 'same'), undefined);
    assert.equal(uniqueKey('a', ['a', 'a_2']), 'a_3');
  });

  it('applyAction refuses text that is not JSON (the form is not shown then)', () => {
    assert.throws(() => applyAction('{ "data": [', { kind: 'remove', path: ['data', 0] }));
  });
});

describe('form editor: model', () => {
  it('reads the header and the extras tree with their paths', () => {
    const m = buildModel(TEXT);
    assert.equal(m.kind, 'form');
    if (m.kind !== 'form') return;
    assert.deepEqual([m.type, m.title, m.count], ['extras', 'Tensile test', 4]);
    assert.deepEqual(m.extras[2].children?.[0].path, ['data', 2, 'value', 0]);
    assert.deepEqual(m.extras[0].validation, { required: true, options: undefined, iri: undefined, range: { min: 0, max: 100 } });
  });

  it('record templates: extras under data.extras, a license; the known type wins', () => {
    const text = renderDocument({ identifier: 'r', title: 'R', description: '', visibility: 'private', type: 'record', data: { license: 'CC-BY-4.0', extras: [{ key: 'a', type: 'str', value: null }] } as never });
    const m = buildModel(text);
    assert.ok(m.kind === 'form' && m.license === 'CC-BY-4.0' && m.extras[0].path.join('.') === 'data.extras.0');
    assert.equal(buildModel(text.replace('"record"', '"nonsense"'), 'record').kind, 'form');
  });

  it('says why a text cannot be shown as a form', () => {
    assert.equal(buildModel('{ "title": ').kind, 'unreadable');
    assert.equal(buildModel('{ "type": "extras", "data": {} }').kind, 'unreadable');
  });
});

describe('form editor: the scoped fast paths give what the whole-text path gives', () => {
  const BIG = renderDocument({
    identifier: 'big',
    title: 'Big',
    description: '',
    visibility: 'private',
    type: 'record',
    data: {
      license: null,
      extras: Array.from({ length: 40 }, (_, i) =>
        i % 5 === 4
          ? { key: `group_${i}`, type: i % 10 === 9 ? 'list' : 'dict', value: [{ ...(i % 10 === 9 ? {} : { key: 'a' }), type: 'float', value: 1.0, unit: 'mm' }, { ...(i % 10 === 9 ? {} : { key: 'b' }), type: 'str', value: 'x' }] }
          : { key: `value_${i}`, type: i % 2 ? 'int' : 'str', value: i % 2 ? i : `v${i}`, ...(i % 2 ? { unit: null } : {}), validation: { required: i % 3 === 0 } },
      ),
    } as never,
  });
  const variants: [string, string][] = [
    ['2 spaces, LF', BIG],
    ['tabs, CRLF', BIG.replace(/\n/g, '\r\n').replace(/^((?: {2})+)/gm, (m) => '\t'.repeat(m.length / 2))],
    ['a spelling kept', BIG.replace('"value": 1,', '"value": 1.0,')],
  ];
  const X = ['data', 'extras'];
  const actions: FormAction[] = [
    { kind: 'set', path: [...X, 3, 'value'], value: 42 },
    { kind: 'set', path: [...X, 0, 'validation', 'required'], value: undefined },
    { kind: 'set', path: [...X, 1, 'validation', 'range', 'min'], value: 0 },
    { kind: 'set', path: [...X, 1, 'validation', 'options'], value: [1, 2, 3] },
    { kind: 'set', path: [...X, 2, 'description'], value: 'line "one"\nline two' },
    { kind: 'set', path: [...X, 4, 'value', 0, 'unit'], value: 'cm' },
    { kind: 'setType', path: [...X, 5, 'type'].slice(0, -1), type: 'float' },
    { kind: 'setType', path: [...X, 4, 'value', 1], type: 'dict' },
    { kind: 'remove', path: [...X, 0] },
    { kind: 'remove', path: [...X, 7] },
    { kind: 'remove', path: [...X, 39] },
    { kind: 'remove', path: [...X, 4, 'value', 1] },
    { kind: 'remove', path: [...X, 4, 'value', 0] },
    { kind: 'duplicate', path: [...X, 0] },
    { kind: 'duplicate', path: [...X, 39] },
    { kind: 'duplicate', path: [...X, 9, 'value', 0] },
    { kind: 'move', path: [...X, 1], by: -1 },
    { kind: 'move', path: [...X, 38], by: 1 },
    { kind: 'move', path: [...X, 39], by: 1 },
    { kind: 'move', path: [...X, 4, 'value', 1], by: -1 },
    { kind: 'add', parent: X },
    { kind: 'add', parent: X, type: 'int' },
    { kind: 'add', parent: [...X, 4, 'value'], type: 'date' },
    { kind: 'add', parent: [...X, 9, 'value'], type: 'bool' },
    { kind: 'add', parent: X, index: 0 },
  ];
  for (const [name, text] of variants) {
    it(`${name}: ${actions.length} actions`, () => {
      for (const a of actions) {
        const e = editFor(text, a);
        const got = e ? text.slice(0, e.offset) + e.newText + text.slice(e.offset + e.length) : text;
        assert.equal(got, applyAction(text, a), JSON.stringify(a));
      }
    });
  }
});
