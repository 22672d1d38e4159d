// Quick fixes: apply the edits, validate again, the problem is gone and nothing new appears;
// plus the server-error mapping and the save gate.
import * as assert from 'assert';
import { blockingProblems, serverErrorsToDiagnostics, validateTemplateText, type Diagnostic } from '../../src/validation';
import { Locator } from '../../src/validation/locate';
import { applyEdits, extrasDoc, recordDoc, seen } from '../support/validationKit';

interface FixCase {
  name: string;
  text: string;
  code: string;
  title: string;
  /** The text after the fix must contain this. */
  after: RegExp;
  options?: Parameters<typeof validateTemplateText>[1];
}

const entry = (x: Record<string, unknown>) => extrasDoc([{ key: 'k', ...x }]);

const FIXES: FixCase[] = [
  { name: 'a duplicate key gets a unique name', text: extrasDoc([{ key: 'a', type: 'str' }, { key: 'a_2', type: 'str' }, { key: 'a', type: 'str' }]), code: 'duplicate-key', title: 'Rename to "a_3"', after: /"key": "a_3"/ },
  { name: 'unit removed from a str extra (last field)', text: entry({ type: 'str', unit: 'mm' }), code: 'not-allowed', title: 'Remove "unit"', after: /"type": "str"\n/ },
  { name: 'unit removed from a bool extra (middle field)', text: extrasDoc([{ key: 'k', unit: 'mm', type: 'bool', value: true }]), code: 'not-allowed', title: 'Remove "unit"', after: /"key": "k",\n\s+"type": "bool"/ },
  { name: 'a reversed range swapped', text: entry({ type: 'float', validation: { range: { min: 10.5, max: -1 } } }), code: 'range-order', title: 'Swap minimum and maximum', after: /"min": -1,\s+"max": 10.5/ },
  { name: '"5" → 5 for an int extra', text: entry({ type: 'int', value: '5' }), code: 'type', title: 'Convert to the number 5', after: /"value": 5\n/ },
  { name: '"1.5" → 1.5 for a float extra', text: entry({ type: 'float', value: ' 1.5' }), code: 'type', title: 'Convert to the number 1.5', after: /"value": 1.5\n/ },
  { name: 'a numeric string option converted', text: entry({ type: 'int', validation: { options: [1, '2'] } }), code: 'type', title: 'Convert to the number 2', after: /"options": \[\s+1,\s+2\s+\]/ },
  { name: 'the key of an entry inside a list dropped', text: entry({ type: 'list', value: [{ key: 'x', type: 'int' }] }), code: 'key-in-list', title: 'Remove "key"', after: /\{\s+"type": "int"\s+\}/ },
  { name: 'whitespace in a title normalised', text: extrasDoc([], { title: ' A  title' }), code: 'whitespace', title: 'Change to "A title"', after: /"title": "A title"/ },
  { name: 'an identifier lower-cased', text: extrasDoc([], { identifier: 'My-Template' }), code: 'identifier-case', title: 'Change to "my-template"', after: /"identifier": "my-template"/ },
  { name: 'a server-managed field removed', text: extrasDoc([], { id: 7 }), code: 'server-managed', title: 'Remove "id"', after: /"data": \[\],?\n/ },
  { name: 'an unknown top-level field removed', text: extrasDoc([], { state: 'x', tags: ['a'] }), code: 'unknown-field', title: 'Remove "tags"', after: /"state"/ },
  { name: 'a field Kadi ignores removed', text: entry({ type: 'int', default: 3 }), code: 'ignored-field', title: 'Remove "default"', after: /"type": "int"\n/ },
  { name: 'iri removed from an int', text: entry({ type: 'int', validation: { iri: true } }), code: 'not-allowed', title: 'Remove "iri"', after: /"validation": \{\s*\}/ },
  { name: 'validation removed from a dict', text: entry({ type: 'dict', validation: {}, value: [] }), code: 'not-allowed', title: 'Remove "validation"', after: /"type": "dict",\n\s+"value"/ },
  { name: 'a changed type set back', text: extrasDoc([], { type: 'record' }), options: { type: 'extras' }, code: 'type-changed', title: 'Change back to "extras"', after: /"type": "extras"/ },
  { name: 'a duplicate key in record extras', text: recordDoc({ extras: [{ key: 'x', type: 'int' }, { key: 'x', type: 'int' }] }), code: 'duplicate-key', title: 'Rename to "x_2"', after: /"key": "x_2"/ },
];

const count = (diags: Diagnostic[], code: string) => diags.filter((d) => d.code === code).length;

describe('validation: quick fixes', () => {
  for (const f of FIXES) {
    it(f.name, () => {
      const before = validateTemplateText(f.text, f.options);
      const target = before.find((d) => d.code === f.code && d.fix);
      assert.ok(target, `no fixable ${f.code} in ${JSON.stringify(seen(f.text, before))}`);
      assert.strictEqual(target.fix!.title, f.title);
      const fixed = applyEdits(f.text, target.fix!.edits);
      JSON.parse(fixed); // still JSON
      assert.match(fixed, f.after);
      const after = validateTemplateText(fixed, f.options);
      assert.strictEqual(count(after, f.code), count(before, f.code) - 1, JSON.stringify(seen(fixed, after)));
      const newErrors = after.filter((d) => d.severity === 'error' && !before.some((b) => b.code === d.code && b.message === d.message));
      assert.deepStrictEqual(newErrors, []);
    });
  }

  it('offers no conversion for text that is not a number', () => {
    for (const value of ['abc', '1.5', '0x10']) {
      const [d] = validateTemplateText(entry({ type: 'int', value }));
      assert.strictEqual(d.code, 'type');
      assert.strictEqual(d.fix, undefined, value);
    }
  });

  it('removes the only field of an object, leaving valid JSON', () => {
    const text = '{"identifier":"a","title":"t","description":"","visibility":"private","type":"extras","data":[{"key":"k","type":"list","value":[{"key":"x"}]}]}';
    const d = validateTemplateText(text).find((x) => x.code === 'key-in-list')!;
    assert.strictEqual(applyEdits(text, d.fix!.edits), text.replace('{"key":"x"}', '{}'));
  });
});

describe('validation: locating paths', () => {
  it('gives key, value and removal spans, and the nearest ancestor of a missing path', () => {
    const text = '{ "a" : [1, {"b": "x\\"y", "c": null}], "d": {} }';
    const loc = new Locator(text);
    loc.want(['a', 1, 'b']);
    loc.want(['a', 0]);
    loc.want(['d', 'missing', 'deeper']);
    loc.run();
    const b = loc.get(['a', 1, 'b']).node;
    assert.strictEqual(text.substr(b.key!.offset, b.key!.length), '"b"');
    assert.strictEqual(text.substr(b.value.offset, b.value.length), '"x\\"y"');
    assert.strictEqual(text.substr(b.remove.offset, b.remove.length), '"b": "x\\"y", ');
    const a0 = loc.get(['a', 0]).node;
    assert.strictEqual(text.substr(a0.remove.offset, a0.remove.length), '1, ');
    const miss = loc.get(['d', 'missing', 'deeper']);
    assert.strictEqual(miss.missing, 2);
    assert.strictEqual(text.substr(miss.node.key!.offset, miss.node.key!.length), '"d"');
  });
});

describe('validation: server errors', () => {
  const text = extrasDoc([
    { key: 'a', type: 'int', value: 'x' },
    { key: 'd', type: 'dict', value: [{ key: 'a', type: 'str' }, { key: 'a', type: 'str' }] },
    5,
  ]);

  it('maps the nested errors tree to the same paths', () => {
    const diags = serverErrorsToDiagnostics(text, {
      identifier: ['Identifier is already in use.'],
      data: {
        '0': { value: ['Not a valid integer.'] },
        '1': { value: { '1': { key: ['Duplicate value.'] } } },
        '2': { _schema: ['Invalid input type.'] },
      },
    });
    assert.deepStrictEqual(seen(text, diags), [
      { severity: 'error', code: 'server', covered: '"tpl"', message: 'Identifier is already in use.' },
      { severity: 'error', code: 'server', covered: '"x"', message: 'Not a valid integer.' },
      { severity: 'error', code: 'server', covered: '"a"', message: 'Duplicate value.' },
      { severity: 'error', code: 'server', covered: '5', message: 'Invalid input type.' },
    ]);
    assert.deepStrictEqual(diags[2].path, ['data', 1, 'value', 1, 'key']);
  });

  it('names a missing field on its parent, and lists validation messages on "validation"', () => {
    const t = extrasDoc([{ type: 'str', validation: { range: {} } }]);
    const diags = serverErrorsToDiagnostics(t, { data: { '0': { key: ['Missing data for required field.'], validation: ['Range: Cannot be used together with string.'] } } });
    assert.deepStrictEqual(seen(t, diags), [
      { severity: 'error', code: 'server', covered: '{', message: 'Missing data for required field "key".' },
      { severity: 'error', code: 'server', covered: '"validation"', message: 'Range: Cannot be used together with string.' },
    ]);
  });

  it('maps record-template paths (data.extras.<i>) too', () => {
    const t = recordDoc({ title: 'x', extras: [{ key: 'a', type: 'str', term: 'a b' }] });
    const diags = serverErrorsToDiagnostics(t, { data: { extras: { '0': { term: ['Not a valid IRI.'] } }, license: ['No license with this name exists.'] } });
    assert.deepStrictEqual(seen(t, diags).map((d) => d.covered), ['null', '"a b"']);
  });

  it('survives a text that no longer parses', () => {
    const diags = serverErrorsToDiagnostics('{', { title: ['Longer than maximum length 150.'] });
    assert.deepStrictEqual(diags.map((d) => [d.offset, d.message]), [[0, 'title: Longer than maximum length 150.']]);
  });
});

describe('validation: save gate', () => {
  it('blocks on errors only, naming the first ones in one line', () => {
    const text = extrasDoc([{ key: ' a', type: 'int', value: 'x' }, { key: 'a', type: 'str', unit: 'mm' }, { key: 'b', type: 'float', value: 'y' }, { key: 'c', type: 'bool', value: 1 }], { title: '' });
    const gate = blockingProblems(validateTemplateText(text));
    assert.strictEqual(gate.blocking.length, 6);
    assert.ok(gate.blocking.every((d) => d.severity === 'error'));
    assert.strictEqual(
      gate.summary,
      'The template has 6 errors: title: String must not be empty; data[0].value: Not a valid integer; data[1].key: Duplicate value; and 3 more.',
    );
    assert.ok(!gate.summary!.includes('\n'));
  });

  it('lets warnings, infos and earlier server answers through', () => {
    const text = extrasDoc([{ key: 'a ', type: 'int', validation: { required: true } }]);
    // No rule of the engine reports an info any more; the gate must still let one through.
    const info = { offset: 0, length: 1, message: 'A note.', severity: 'info' as const, code: 'note', path: [] };
    const diags = [...validateTemplateText(text), info, ...serverErrorsToDiagnostics(text, { identifier: ['Identifier is already in use.'] })];
    assert.deepStrictEqual(diags.map((d) => d.severity).sort(), ['error', 'info', 'warning']);
    assert.deepStrictEqual(blockingProblems(diags), { blocking: [] });
  });

  it('names a syntax error as such', () => {
    assert.strictEqual(blockingProblems(validateTemplateText('{"a": }')).summary, 'The template has 1 error: invalid JSON (Value expected).');
  });
});
