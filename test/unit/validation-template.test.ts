// Every rule of the template-document validation (kadi-api.md §2): valid and invalid cases,
// the exact text each diagnostic underlines, its message, code and severity.
import * as assert from 'assert';
import { validateTemplateText } from '../../src/validation';
import { isKadiDate, parseKadiDate } from '../../src/validation/dates';
import { extrasDoc, recordDoc, seen, doc, type Seen } from '../support/validationKit';

const IDENT = 'Not a valid identifier. Valid are lower case alphanumeric characters, hyphens and underscores.';
const BOUNDS = 'Integer values must be between -9007199254740991 and 9007199254740991.';
const e = (code: string, covered: string, message: string): Seen => ({ severity: 'error', code, covered, message });
const w = (code: string, covered: string, message: string): Seen => ({ severity: 'warning', code, covered, message });

interface Case {
  name: string;
  text: string;
  expect: Seen[];
  options?: Parameters<typeof validateTemplateText>[1];
}

const entry = (x: Record<string, unknown>) => extrasDoc([{ key: 'k', ...x }]);
const top = (over: Record<string, unknown>) => JSON.stringify(doc(over), null, 2);

const CASES: Case[] = [
  // ------------------------------------------------------------- top-level fields
  { name: 'a minimal extras template is valid', text: extrasDoc([]), expect: [] },
  { name: 'a minimal record template is valid', text: recordDoc({}), expect: [] },
  { name: '$schema is allowed', text: top({ $schema: 'kadi://schemas/template' }), expect: [] },
  { name: 'identifier of 50 characters', text: top({ identifier: 'a'.repeat(50) }), expect: [] },
  { name: 'identifier of 51 characters', text: top({ identifier: 'a'.repeat(51) }), expect: [e('max-length', `"${'a'.repeat(51)}"`, 'Longer than maximum length 50.')] },
  { name: 'identifier with a space and "!"', text: top({ identifier: 'a b!' }), expect: [e('pattern', '"a b!"', IDENT)] },
  { name: 'identifier blank', text: top({ identifier: '  ' }), expect: [e('empty', '"  "', 'String must not be empty.')] },
  { name: 'identifier not a string', text: top({ identifier: 5 }), expect: [e('type', '5', 'Not a valid string.')] },
  {
    name: 'identifier with upper case is lower-cased by Kadi (warning)',
    text: top({ identifier: ' Tensile-Test' }),
    expect: [w('identifier-case', '" Tensile-Test"', 'Kadi4Mat stores identifiers in lower case: this is saved as "tensile-test".')],
  },
  {
    name: 'identifier with surrounding whitespace (warning)',
    text: top({ identifier: 'abc ' }),
    expect: [w('whitespace', '"abc "', 'Kadi4Mat removes leading, trailing and repeated whitespace: this is saved as "abc".')],
  },
  { name: 'identifier: the length counts after stripping', text: top({ identifier: ` ${'a'.repeat(50)} ` }), expect: [w('whitespace', `" ${'a'.repeat(50)} "`, `Kadi4Mat removes leading, trailing and repeated whitespace: this is saved as "${'a'.repeat(50)}".`)] },
  { name: 'title of 151 characters', text: top({ title: 'x'.repeat(151) }), expect: [e('max-length', `"${'x'.repeat(151)}"`, 'Longer than maximum length 150.')] },
  { name: 'title blank', text: top({ title: ' \t ' }), expect: [e('empty', '" \\t "', 'String must not be empty.')] },
  { name: 'title null', text: top({ title: null }), expect: [e('null', 'null', 'Field may not be null.')] },
  {
    name: 'title with double spaces (warning)',
    text: top({ title: 'Tensile  test ' }),
    expect: [w('whitespace', '"Tensile  test "', 'Kadi4Mat removes leading, trailing and repeated whitespace: this is saved as "Tensile test".')],
  },
  { name: 'description of 50001 characters', text: top({ description: 'd'.repeat(50001) }), expect: [e('max-length', `"${'d'.repeat(50001)}"`, 'Longer than maximum length 50000.')] },
  { name: 'description may be empty', text: top({ description: '' }), expect: [] },
  { name: 'visibility not an option', text: top({ visibility: 'secret' }), expect: [e('enum', '"secret"', 'Must be one of: private, public.')] },
  { name: 'visibility in upper case is lower-cased', text: top({ visibility: ' PUBLIC' }), expect: [] },
  { name: 'a missing field is marked on the document', text: JSON.stringify({ identifier: 'a', description: '', visibility: 'private', type: 'extras', data: [] }), expect: [e('required', '{', 'Missing data for required field "title".')] },
  {
    name: 'an unknown top-level field',
    text: top({ tags: [] }),
    expect: [e('unknown-field', '"tags"', 'Unknown field. A template document has the fields identifier, title, description, visibility, type and data.')],
  },
  {
    name: 'a server-managed field',
    text: top({ last_modified: '2024-01-01' }),
    expect: [e('server-managed', '"last_modified"', 'Managed by the Kadi4Mat server: it cannot be edited. Remove it from the document.')],
  },
  { name: 'type not record/extras', text: top({ type: 'other' }), expect: [e('enum', '"other"', 'Must be one of: record, extras.')] },
  {
    name: 'type changed from the template\'s real type',
    text: top({ type: 'record' }),
    options: { type: 'extras' },
    expect: [e('type-changed', '"record"', 'The template type cannot be changed: this is an "extras" template, and Kadi4Mat fixes the type when a template is created.')],
  },
  { name: 'the real type decides the shape of data', text: top({ type: undefined, data: {} }), options: { type: 'extras' }, expect: [e('type', '"data"', 'Invalid input type: expected an array of extras.')] },
  { name: 'the document is not an object', text: '[1]', expect: [e('type', '[', 'The document must be one JSON object with the fields identifier, title, description, visibility, type and data.')] },
  { name: 'data null', text: top({ data: null }), expect: [e('null', 'null', 'Field may not be null.')] },

  // ------------------------------------------------------------- extras: structure
  { name: 'an entry that is not an object', text: extrasDoc([5]), expect: [e('type', '5', 'Invalid input type: an extra is an object with "type", "key", "value" …')] },
  { name: 'an entry without type', text: extrasDoc([{ key: 'a' }]), expect: [e('required', '{', 'Missing data for required field "type".')] },
  { name: 'an unknown type', text: entry({ type: 'text' }), expect: [e('enum', '"text"', 'Invalid value. Must be one of: str, int, float, bool, date, dict, list.')] },
  { name: 'type with surrounding spaces is stripped', text: entry({ type: ' int ', value: 5 }), expect: [] },
  { name: 'an entry without key', text: extrasDoc([{ type: 'str' }]), expect: [e('required', '{', 'Missing data for required field "key".')] },
  { name: 'a blank key', text: entry({ key: '  ', type: 'str' }), expect: [e('empty', '"  "', 'String must not be empty.')] },
  { name: 'a null key', text: entry({ key: null, type: 'str' }), expect: [e('null', 'null', 'Field may not be null.')] },
  { name: 'a key that is not a string', text: entry({ key: 3, type: 'str' }), expect: [e('type', '3', 'Not a valid string.')] },
  { name: 'keys have no length or character limit', text: entry({ key: `ä/~ ${'k'.repeat(300)}`, type: 'str' }), expect: [] },
  {
    name: 'a key with repeated whitespace (warning)',
    text: entry({ key: 'max  force', type: 'float' }),
    expect: [w('whitespace', '"max  force"', 'Kadi4Mat removes leading, trailing and repeated whitespace: this is saved as "max force".')],
  },
  {
    name: 'duplicate keys (after normalisation): the second one',
    text: extrasDoc([{ key: 'a', type: 'str' }, { key: 'b', type: 'str' }, { key: ' a', type: 'int' }]),
    expect: [e('duplicate-key', '" a"', 'Duplicate value.'), w('whitespace', '" a"', 'Kadi4Mat removes leading, trailing and repeated whitespace: this is saved as "a".')],
  },
  {
    name: 'duplicate keys inside a dict',
    text: entry({ type: 'dict', value: [{ key: 'x', type: 'str' }, { key: 'x', type: 'str' }] }),
    expect: [e('duplicate-key', '"x"', 'Duplicate value.')],
  },
  { name: 'the same key in different dicts is fine', text: extrasDoc([{ key: 'a', type: 'dict', value: [{ key: 'x', type: 'str' }] }, { key: 'b', type: 'dict', value: [{ key: 'x', type: 'str' }] }]), expect: [] },
  { name: 'entries inside a list need no key', text: entry({ type: 'list', value: [{ type: 'int', value: 1 }, { type: 'dict', value: [{ key: 'a', type: 'str' }] }] }), expect: [] },
  {
    name: 'a key inside a list is dropped by Kadi (warning), whatever it is',
    text: entry({ type: 'list', value: [{ key: null, type: 'int' }] }),
    expect: [w('key-in-list', '"key"', 'Entries directly inside a list have no key: Kadi4Mat drops it.')],
  },
  { name: 'an unknown field of an entry (warning)', text: entry({ type: 'str', default: 'x' }), expect: [w('ignored-field', '"default"', 'Kadi4Mat ignores "default" here: it is not saved.')] },

  // ------------------------------------------------------------- extras: values
  { name: 'str value', text: entry({ type: 'str', value: 'x' }), expect: [] },
  { name: 'str value not a string', text: entry({ type: 'str', value: 5 }), expect: [e('type', '5', 'Not a valid string.')] },
  { name: 'int value', text: entry({ type: 'int', value: -9007199254740991 }), expect: [] },
  { name: 'int value as a string', text: entry({ type: 'int', value: '5' }), expect: [e('type', '"5"', 'Not a valid integer.')] },
  { name: 'int value with a fraction', text: entry({ type: 'int', value: 5.5 }), expect: [e('type', '5.5', 'Not a valid integer.')] },
  { name: 'int value true', text: entry({ type: 'int', value: true }), expect: [e('type', 'true', 'Not a valid integer.')] },
  { name: 'int value beyond 2^53−1', text: entry({ type: 'int', value: 9007199254740992 }), expect: [e('bounds', '9007199254740992', BOUNDS)] },
  { name: 'a blank value is null for every type', text: entry({ type: 'int', value: '   ' }), expect: [] },
  { name: 'float value', text: entry({ type: 'float', value: 5 }), expect: [] },
  { name: 'float value infinite', text: extrasDoc([]).replace('"data": []', '"data": [{"key": "k", "type": "float", "value": 1e999}]'), expect: [e('type', '1e999', 'Not a valid float.')] },
  { name: 'float value as a string', text: entry({ type: 'float', value: '1.5' }), expect: [e('type', '"1.5"', 'Not a valid float.')] },
  { name: 'bool value as a string', text: entry({ type: 'bool', value: 'true' }), expect: [e('type', '"true"', 'Not a valid boolean.')] },
  { name: 'date values in ISO 8601', text: extrasDoc(['2024-01-02T03:04:05Z', '2024-01-02 03:04:05.5+02:00', '2024-1-2T3:4', '2024-01-02T03:04:05.123456789-0800'].map((value, i) => ({ key: `d${i}`, type: 'date', value }))), expect: [] },
  // Refused by the real Kadi4Mat 1.13 (marshmallow's from_iso_datetime): a date needs a time, "T" in upper case.
  {
    name: 'date values Kadi refuses',
    text: extrasDoc(['2024-01-02', '20240102T0304', '2024-01-02t03:04:05Z', '2024-01'].map((value, i) => ({ key: `d${i}`, type: 'date', value }))),
    expect: ['"2024-01-02"', '"20240102T0304"', '"2024-01-02t03:04:05Z"', '"2024-01"'].map((covered) => e('format', covered, 'Not a valid date.')),
  },
  { name: 'date value not a date', text: entry({ type: 'date', value: '2024-02-30' }), expect: [e('format', '"2024-02-30"', 'Not a valid date.')] },
  { name: 'date value not a string', text: entry({ type: 'date', value: 20240101 }), expect: [e('type', '20240101', 'Not a valid date.')] },
  { name: 'dict value not an array', text: entry({ type: 'dict', value: { a: 1 } }), expect: [e('type', '"value"', 'Invalid input type: the value of a dictionary is an array of extras.')] },
  { name: 'dict/list value null', text: extrasDoc([{ key: 'a', type: 'dict', value: null }, { key: 'b', type: 'list' }]), expect: [] },

  // ------------------------------------------------------------- unit, description, term
  { name: 'unit on int and float', text: extrasDoc([{ key: 'a', type: 'int', unit: 'mm' }, { key: 'b', type: 'float', unit: null }]), expect: [] },
  { name: 'unit on str', text: entry({ type: 'str', unit: 'mm' }), expect: [e('not-allowed', '"unit"', 'Cannot be used together with string.')] },
  { name: 'unit null on str', text: entry({ type: 'str', unit: null }), expect: [] },
  { name: 'unit on dict', text: entry({ type: 'dict', unit: 'x' }), expect: [e('not-allowed', '"unit"', 'Cannot be used together with dictionary.')] },
  { name: 'unit blank', text: entry({ type: 'int', unit: ' ' }), expect: [e('empty', '" "', 'String must not be empty.')] },
  { name: 'description blank', text: entry({ type: 'str', description: '' }), expect: [e('empty', '""', 'String must not be empty.')] },
  { name: 'term not an IRI', text: entry({ type: 'str', term: 'http://x/a b' }), expect: [e('pattern', '"http://x/a b"', 'Not a valid IRI.')] },
  { name: 'term null', text: entry({ type: 'str', term: null }), expect: [e('null', 'null', 'Field may not be null.')] },

  // ------------------------------------------------------------- validation
  { name: 'validation null', text: entry({ type: 'str', validation: null }), expect: [e('null', 'null', 'Field may not be null.')] },
  { name: 'validation not an object', text: entry({ type: 'str', validation: [] }), expect: [e('type', '"validation"', 'Not a valid mapping type.')] },
  { name: 'validation on a dict, even empty', text: entry({ type: 'dict', validation: {} }), expect: [e('not-allowed', '"validation"', 'Cannot be used together with dictionary.')] },
  // Not a problem of the template: no squiggle on every template that uses it (the hover explains it).
  { name: 'required is no problem in a template', text: entry({ type: 'str', validation: { required: true } }), expect: [] },
  { name: 'required not a boolean', text: entry({ type: 'str', validation: { required: 'maybe' } }), expect: [e('type', '"maybe"', 'Required: Not a valid boolean.')] },
  {
    name: 'required "yes" is read as true (marshmallow)',
    text: entry({ type: 'str', validation: { required: 'yes' } }),
    expect: [w('coerced', '"yes"', 'Kadi4Mat reads "yes" as a boolean: this is saved as true.')],
  },
  { name: 'iri 0 is read as false', text: entry({ type: 'str', validation: { iri: 0 } }), expect: [w('coerced', '0', 'Kadi4Mat reads 0 as a boolean: this is saved as false.')] },
  {
    name: 'int numbers written as floats',
    text: '{"identifier":"tpl","title":"T","description":"","visibility":"private","type":"extras","data":[{"key":"k","type":"int","value":5.0,"validation":{"range":{"min":1e0,"max":null},"options":[5.0,6]}},{"key":"f","type":"float","value":5.0}]}',
    expect: [e('type', '5.0', 'Not a valid integer.'), e('type', '1e0', 'Range: Not a valid integer.'), e('type', '5.0', 'Options: Not a valid integer.')],
  },
  { name: 'options are not stripped', text: entry({ type: 'str', value: 'a', validation: { options: [' a ', ''] } }), expect: [e('value-options', '"a"', 'Must be one of:  a , .')] },
  { name: 'a blank range bound is no number', text: entry({ type: 'float', validation: { range: { min: ' ', max: null } } }), expect: [e('type', '" "', 'Range: Not a valid float.')] },
  { name: 'options on bool', text: entry({ type: 'bool', validation: { options: [true] } }), expect: [e('not-allowed', '"options"', 'Options: Cannot be used together with boolean.')] },
  { name: 'options typed like the value (int)', text: entry({ type: 'int', validation: { options: [1, 'a', null] } }), expect: [e('type', '"a"', 'Options: Not a valid integer.'), e('type', 'null', 'Options: Not a valid integer.')] },
  { name: 'options of float accept integers', text: entry({ type: 'float', value: 2, validation: { options: [1, 2.5, 2] } }), expect: [] },
  { name: 'options not a list', text: entry({ type: 'str', validation: { options: 'a' } }), expect: [e('type', '"a"', 'Options: Not a valid list.')] },
  { name: 'value not one of the options', text: entry({ type: 'str', value: 'x', validation: { options: ['lab', 'field', 'lab'] } }), expect: [e('value-options', '"x"', 'Must be one of: lab, field.')] },
  { name: 'float options print like Python', text: entry({ type: 'float', value: 3, validation: { options: [1, 0.5] } }), expect: [e('value-options', '3', 'Must be one of: 1.0, 0.5.')] },
  { name: 'range on str', text: entry({ type: 'str', validation: { range: { min: 1 } } }), expect: [e('not-allowed', '"range"', 'Range: Cannot be used together with string.')] },
  { name: 'range min > max', text: entry({ type: 'int', validation: { range: { min: 5, max: 1 } } }), expect: [e('range-order', '"range"', 'Range: Minimum value cannot be greater than maximum value.')] },
  { name: 'range with missing bounds', text: entry({ type: 'int', value: 3, validation: { range: { min: 1 } } }), expect: [] },
  { name: 'range bound of the wrong type', text: entry({ type: 'int', validation: { range: { min: 'a', max: 1.5 } } }), expect: [e('type', '"a"', 'Range: Not a valid integer.'), e('type', '1.5', 'Range: Not a valid integer.')] },
  { name: 'value below the range (int)', text: entry({ type: 'int', value: 0, validation: { range: { min: 1, max: null } } }), expect: [e('value-range', '0', 'Must be equal to or greater than 1.')] },
  { name: 'value above the range (float)', text: entry({ type: 'float', value: 11, validation: { range: { min: 0, max: 10 } } }), expect: [e('value-range', '11', 'Must be equal to or smaller than 10.0.')] },
  { name: 'the value is not checked against an invalid validation', text: entry({ type: 'int', value: 0, validation: { range: { min: 5, max: 1 } } }), expect: [e('range-order', '"range"', 'Range: Minimum value cannot be greater than maximum value.')] },
  { name: 'iri on int', text: entry({ type: 'int', validation: { iri: false } }), expect: [e('not-allowed', '"iri"', 'IRI: Cannot be used together with integer.')] },
  { name: 'iri: the value must be an IRI', text: entry({ type: 'str', value: 'a b', validation: { iri: true } }), expect: [e('pattern', '"a b"', 'Not a valid IRI.')] },
  { name: 'iri: the options must be IRIs', text: entry({ type: 'str', validation: { iri: true, options: ['http://a', 'x y'] } }), expect: [e('pattern', '"x y"', 'Options: Not a valid IRI.')] },
  { name: 'an unknown validation field (warning)', text: entry({ type: 'int', validation: { pattern: 'x' } }), expect: [w('ignored-field', '"pattern"', 'Kadi4Mat ignores "pattern" here: it is not saved.')] },

  // ------------------------------------------------------------- record templates
  { name: 'record data as an array', text: top({ type: 'record', data: [] }), expect: [e('type', '"data"', 'Invalid input type: the data of a record template is an object (identifier, title, description, type, license, tags, extras, collections, record_links, roles).')] },
  { name: 'record data may omit keys', text: top({ type: 'record', data: {} }), expect: [] },
  { name: 'record identifier invalid', text: recordDoc({ identifier: 'a b' }), expect: [e('pattern', '"a b"', IDENT)] },
  { name: 'record type blank', text: recordDoc({ type: ' ' }), expect: [e('empty', '" "', 'String must not be empty.')] },
  { name: 'record title of 151', text: recordDoc({ title: 't'.repeat(151) }), expect: [e('max-length', `"${'t'.repeat(151)}"`, 'Longer than maximum length 150.')] },
  { name: 'tags', text: recordDoc({ tags: ['ok', ''] }), expect: [e('empty', '""', 'String must not be empty.')] },
  {
    name: 'record ids read as Python int() reads them',
    text: recordDoc({ collections: ['3', 1.5], record_links: [{ direction: 'out', record: ' 4 ', name: 'n', term: null }], roles: [{ subject_type: 'user', subject_id: 2.0, role: 'member' }] }),
    expect: [
      w('coerced', '"3"', 'Kadi4Mat reads "3" as an integer: this is saved as 3.'),
      w('coerced', '1.5', 'Kadi4Mat reads 1.5 as an integer: this is saved as 1.'),
      w('coerced', '" 4 "', 'Kadi4Mat reads " 4 " as an integer: this is saved as 4.'),
    ],
  },
  { name: 'tags not a list', text: recordDoc({ tags: 'steel' }), expect: [e('type', '"steel"', 'Not a valid list.')] },
  { name: 'collections must be ids ≥ 1', text: recordDoc({ collections: [1, 0] }), expect: [e('bounds', '0', 'Must be greater than or equal to 1.')] },
  {
    name: 'record links',
    text: recordDoc({ record_links: [{ direction: 'up', record: 1, name: 'x' }, { record: 2, name: 'y', term: 'a b' }] }),
    expect: [e('enum', '"up"', 'Must be one of: out, in.'), e('required', '{', 'Missing data for required field "direction".'), e('pattern', '"a b"', 'Not a valid IRI.')],
  },
  { name: 'roles', text: recordDoc({ roles: [{ subject_type: 'user', subject_id: 1, role: 'owner' }] }), expect: [e('enum', '"owner"', 'Must be one of: member, collaborator, editor, admin.')] },
  { name: 'record extras null', text: recordDoc({ extras: null }), expect: [e('null', 'null', 'Field may not be null.')] },
  { name: 'record extras: duplicate keys', text: recordDoc({ extras: [{ key: 'a', type: 'str' }, { key: 'a', type: 'str' }] }), expect: [e('duplicate-key', '"a"', 'Duplicate value.')] },
  { name: 'unknown license, instance licenses known', text: recordDoc({ license: 'WTFPL' }), options: { licenses: ['MIT'] }, expect: [e('license', '"WTFPL"', 'No license with this name exists.')] },
  { name: 'any license when the licenses are not known', text: recordDoc({ license: 'WTFPL' }), expect: [] },
  { name: 'an unknown field of record data (warning)', text: recordDoc({ owner: 'me' }), expect: [w('ignored-field', '"owner"', 'Kadi4Mat ignores "owner" here: it is not saved.')] },

  // ------------------------------------------------------------- JSON syntax
  { name: 'trailing comma', text: '{"identifier": "a",}', expect: [e('syntax', '}', 'Property name expected.')] },
  { name: 'missing comma', text: '{"identifier": "a"\n "title": "b"}', expect: [e('syntax', '"title"', 'Comma expected.')] },
  { name: 'comments', text: '{"identifier": "a" // x\n}', expect: [e('syntax', '// x', 'Comments are not allowed in JSON.')] },
  { name: 'an empty document', text: '  ', expect: [e('syntax', '', 'The document is empty: a template is one JSON object.')] },
];

describe('validation: template document rules', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assert.deepStrictEqual(seen(c.text, validateTemplateText(c.text, c.options)), c.expect);
    });
  }

  it('reports the paths of diagnostics with array indices as numbers', () => {
    const text = entry({ type: 'dict', value: [{ key: 'x', type: 'int', value: 'a' }] });
    assert.deepStrictEqual(validateTemplateText(text).map((d) => d.path), [['data', 0, 'value', 0, 'value']]);
  });

  it('reports at most maxProblems diagnostics, errors before warnings', () => {
    const data = Array.from({ length: 300 }, (_, i) => ({ key: ` k${i}`, type: 'int', value: 'x' }));
    const diags = validateTemplateText(extrasDoc(data), { maxProblems: 200 });
    assert.strictEqual(diags.length, 200);
    assert.ok(diags.every((d) => d.severity === 'error'));
    assert.strictEqual(validateTemplateText(extrasDoc(data)).length, 200);
    assert.strictEqual(validateTemplateText(extrasDoc(data), { maxProblems: 1000 }).length, 600);
  });

  it('points into minified and CRLF texts alike', () => {
    const obj = doc({ data: [{ key: 'a', type: 'int', value: 'x' }] });
    for (const text of [JSON.stringify(obj), JSON.stringify(obj, null, '\t').replace(/\n/g, '\r\n')]) {
      assert.deepStrictEqual(seen(text, validateTemplateText(text)), [e('type', '"x"', 'Not a valid integer.')]);
    }
  });

  it('finds keys with escapes, slashes and tildes', () => {
    const text = extrasDoc([{ key: 'a/b~c"d', type: 'dict', value: [{ key: 'x', type: 'int', value: 'bad' }] }]);
    // ajv's pointer escapes "/" and "~"; the text escapes the quote.
    assert.deepStrictEqual(seen(text, validateTemplateText(text)), [e('type', '"bad"', 'Not a valid integer.')]);
    const keyed = `{"identifier":"a","title":"t","description":"","visibility":"private","type":"extras","data":[{"k\\u0065y":"x","type":"int","value":"v"}]}`;
    assert.deepStrictEqual(seen(keyed, validateTemplateText(keyed)), [e('type', '"v"', 'Not a valid integer.')]);
  });

  it('dates: the stored-form fast path agrees with the full parser', () => {
    const samples: string[] = [];
    for (const y of ['0000', '0001', '2023', '2024', '2100'])
      for (const m of ['00', '01', '02', '12', '13'])
        for (const d of ['00', '28', '29', '30', '31', '32'])
          for (const time of ['T00:00:00+00:00', 'T23:59:59.123456+00:00', 'T24:00:00+00:00', 'T12:60:00+00:00', 'T12:00:00.1234567+00:00', ' 12:00:00+00:00']) samples.push(`${y}-${m}-${d}${time}`);
    let valid = 0;
    for (const s of samples) {
      assert.strictEqual(isKadiDate(s), parseKadiDate(s) !== null, s);
      if (isKadiDate(s)) valid++;
    }
    assert.ok(valid > 100 && valid < samples.length - 100);
    assert.strictEqual(parseKadiDate('2024-01-01T00:30:00+01:00'), '2023-12-31T23:30:00+00:00');
    assert.strictEqual(parseKadiDate('2024-03-01 09:15:22.5Z'), '2024-03-01T09:15:22.500000+00:00');
  });
});
