// The importers on hand-written fixtures of each format (expected templates beside them), on
// bad input (a clear error with the place, never a crash), and the pieces of the mapping that
// the fixtures do not pin down. Round trips: import-roundtrip.test.ts; agreement with Kadi4Mat's
// own importer: test/real-kadi/import.test.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { detectFormat, formatNote, importText, type ImportFormat } from '../../src/import/formats';
import { ImportError, finishExtras, type DraftExtra, type ImportNote } from '../../src/import/model';
import { MAX_IMPORT_BYTES } from '../../src/import/source';
import type { Extra } from '../../src/kadi/types';
import { validateTemplateText } from '../../src/validation';
import { FIXTURES, expectedPath, fixtureText } from '../support/importFixtures';

const extras = (format: ImportFormat, text: string, values?: 'keep' | 'strip') => importText(format, text, { type: 'extras', values, name: 'f' });
const rejectsImport = (fn: () => Promise<unknown>, pattern: RegExp) =>
  assert.rejects(fn, (e: unknown) => {
    assert.ok(e instanceof ImportError, `not an ImportError: ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });

describe('import: hand-written fixtures give the expected templates', function () {
  this.timeout(20_000); // the first validation compiles the schemas
  for (const f of FIXTURES) {
    it(`${f.file} (${f.format} → ${f.type} template)`, async () => {
      const r = await importText(f.format, fixtureText(f), { type: f.type, name: f.file });
      const want = JSON.parse(fs.readFileSync(expectedPath(f), 'utf8'));
      assert.deepEqual({ type: r.type, title: r.title ?? null, description: r.description ?? null, data: r.data, notes: r.notes.map(formatNote) }, want);
      // Whatever an import gives, Kadi4Mat accepts (our validator agrees with it on 1,230 documents).
      const doc = { identifier: 'x', title: 'x', description: '', visibility: 'private', data: r.data };
      const errors = validateTemplateText(JSON.stringify(doc), { type: f.type }).filter((d) => d.severity === 'error');
      assert.deepEqual(errors.map((d) => d.message), []);
    });
  }

  it('tells the formats apart by name and content', async () => {
    const got = Object.fromEntries(FIXTURES.map((f) => [f.file, detectFormat(f.file, fixtureText(f))]));
    assert.deepEqual(got, Object.fromEntries(FIXTURES.map((f) => [f.file, f.format])));
    assert.equal(detectFormat('x.json', '{"data": [], "type": "extras"}'), undefined); // a template: not an import
    assert.equal(detectFormat('x.json', 'not json'), undefined);
  });
});

describe('import: bad input is a clear error with the place', function () {
  this.timeout(20_000); // 10 MB inputs and a million brackets
  it('malformed JSON: line and column', async () => {
    await rejectsImport(() => extras('json-schema', '{\n  "properties": {\n    "a": {"type": "string",}\n  }\n}'), /not valid JSON: .* at line 3, column \d+/);
    await rejectsImport(() => extras('record', '{"title": "x"'), /not valid JSON.*line 1/);
    await rejectsImport(() => extras('elabftw', ''), /not valid JSON/);
  });
  it('malformed Turtle: the line', async () => {
    await rejectsImport(() => extras('shacl', '@prefix sh: <http://www.w3.org/ns/shacl#> .\n\n<a> a sh:NodeShape ;\n  sh:property [ sh:name "x" \n'), /not valid Turtle: .*line \d/);
    await rejectsImport(() => extras('shacl', '<a> a <b> .\nex:x a ex:Y .'), /not valid Turtle: .*(prefix|line 2)/i);
  });
  it('the wrong kind of file says what it is and what was expected', async () => {
    await rejectsImport(() => extras('json-schema', '[1, 2]'), /top level must be an object/);
    await rejectsImport(() => extras('json-schema', '{"title": "no schema"}'), /no "properties"/);
    await rejectsImport(() => extras('shacl', '@prefix ex: <http://e/> . ex:a ex:b ex:c .'), /no sh:NodeShape/);
    await rejectsImport(() => extras('record', '{"data": [], "type": "extras"}'), /is a template, not a record/);
    await rejectsImport(() => extras('record', '{"foo": 1}'), /not a Kadi4Mat record/);
    await rejectsImport(() => extras('record', '{"title": "t", "extras": {}}'), /"extras" must be an array/);
    await rejectsImport(() => extras('elabftw', '{"foo": 1}'), /no eLabFTW "extra_fields"/);
    await rejectsImport(() => extras('elabftw', '{"metadata": "{oops"}'), /"metadata" holds text that is not JSON/);
  });
  it('huge files are refused before parsing', async () => {
    const huge = `{"properties": {}, "x": "${'a'.repeat(MAX_IMPORT_BYTES)}"}`;
    for (const format of ['json-schema', 'shacl', 'record', 'elabftw'] as const) await rejectsImport(() => extras(format, huge), /too large to import \(10\.0 MB; Kadi4Mat imports at most 10 MB\)/);
  });
  it('deep nesting and self-references stop with a note, not a stack overflow', async () => {
    const deep = `{"properties": {"root": ${'{"type": "object", "properties": {"n": '.repeat(5000)}{}${'}}'.repeat(5000)}}}`;
    const r = await extras('json-schema', deep);
    assert.deepEqual(r.notes.map(formatNote).filter((n) => /deeper/.test(n)), [`/properties/root${'/properties/n'.repeat(64)}: nested deeper than 64 levels; cut here`]);
    const million = await extras('record', `{"extras": [${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}]}`);
    assert.deepEqual(million.notes.map(formatNote), ['/extras/0: not an extra (an object with key, type and value); left out']);
    const deepRecord = `{"extras": [${'{"key": "k", "type": "dict", "value": ['.repeat(200)}${']}'.repeat(200)}]}`;
    assert.match(formatNote((await extras('record', deepRecord)).notes[0]), /nested deeper than 64 levels; cut here/);
    const tree = { $defs: { node: { type: 'object', properties: { label: { type: 'string' }, child: { $ref: '#/$defs/node' } } } }, type: 'object', properties: { tree: { $ref: '#/$defs/node' } } };
    const t = await extras('json-schema', JSON.stringify(tree));
    assert.deepEqual(t.data, [{ key: 'tree', type: 'dict', value: [{ key: 'label', type: 'str', value: null }, { key: 'child', type: 'str', value: null }] }]);
    assert.deepEqual(t.notes.map(formatNote), ['/$defs/node/properties/child: "$ref": "#/$defs/node" refers back to itself; the recursion is cut here']);
    const ttl = '@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://e/> .\nex:A a sh:NodeShape ; sh:property [ sh:name "b" ; sh:node ex:B ] .\nex:B a sh:NodeShape ; sh:property [ sh:name "a" ; sh:node ex:B ] .';
    const s = await extras('shacl', ttl);
    assert.deepEqual(s.data, [{ key: 'b', type: 'dict', value: [{ key: 'a', type: 'str', value: null }] }]);
    assert.match(s.notes.map(formatNote).join('\n'), /b › a: the nested shape <http:\/\/e\/B> refers back/);
  });
  it('references outside the file or to nowhere are noted, not fetched', async () => {
    const r = await extras('json-schema', JSON.stringify({ properties: { a: { $ref: 'https://example.org/other.json' }, b: { $ref: '#/$defs/missing' }, c: { $ref: '#/$defs/%ZZ' }, d: { $ref: '#/$defs/a%20b' } }, $defs: { 'a b': { type: 'integer' } } }));
    assert.deepEqual(r.data, [
      { key: 'a', type: 'str', value: null },
      { key: 'b', type: 'str', value: null },
      { key: 'c', type: 'str', value: null },
      { key: 'd', type: 'int', value: null, unit: null },
    ]);
    assert.equal(r.notes.length, 3);
    assert.match(r.notes[0].message, /points outside this file; not followed/);
  });
});

describe('import: the mapping in detail', () => {
  it('JSON Schema: Kadi\'s order rule — keys missing from propertiesOrder sort as its first', async () => {
    const r = await extras('json-schema', JSON.stringify({ type: 'object', propertiesOrder: ['c', 'b'], properties: { a: {}, b: {}, c: {} } }));
    assert.deepEqual((r.data as Extra[]).map((e) => e.key), ['a', 'c', 'b']);
  });
  it('JSON Schema: what Kadi4Mat would refuse the whole file for is left out piece by piece', async () => {
    const r = await extras(
      'json-schema',
      JSON.stringify({
        properties: {
          flag: { type: 'boolean', enum: [true], minimum: 1 },
          n: { type: 'integer', default: 1.5, enum: [1, 'two', 3], maximum: 2 },
          s: { type: 'string', unit: 'K', default: 'x', enum: ['a', 'b'] },
          bad: { type: 'number', minimum: 5, maximum: 1 },
          obj: true,
        },
      }),
    );
    assert.deepEqual(r.data, [
      { key: 'flag', type: 'bool', value: null },
      { key: 'n', type: 'int', value: null, unit: null, validation: { options: [1, 3], range: { min: null, max: 2 } } },
      { key: 's', type: 'str', value: null, validation: { options: ['a', 'b'] } },
      { key: 'bad', type: 'float', value: null, unit: null },
      { key: 'obj', type: 'str', value: null },
    ]);
    assert.deepEqual(r.notes.map(formatNote), [
      '/properties/s/unit: "unit" is text, not {"default": …} as Kadi4Mat writes it; read as the unit "K"',
      '/properties/obj: the schema true is not an object; imported as text (str)',
      '/properties/flag: range cannot be used with bool; left out',
      '/properties/flag: options cannot be used with bool; left out',
      '/properties/n: default value 1.5 is not a valid int; left out',
      '/properties/n: option "two" is not a valid int; left out',
      '/properties/s: unit "K" cannot be used with str; left out',
      '/properties/s: default value "x" is not one of the options; left out',
      '/properties/bad: range 5…1: the minimum is greater than the maximum; left out',
    ]);
  });
  it('keys: normalised, duplicates and blanks left out with a note; list entries keyless', async () => {
    const notes: ImportNote[] = [];
    const drafts: DraftExtra[] = [
      { key: '  a   b ', type: 'str', at: '1' },
      { key: 'a b', type: 'int', at: '2' },
      { key: ' ', type: 'str', at: '3' },
      { key: 'l', type: 'list', value: [{ key: 'x', type: 'str', at: '4' }], at: '5' },
      { key: 't', type: 'number', at: '6' },
    ];
    assert.deepEqual(finishExtras(drafts, notes), [
      { key: 'a b', type: 'str', value: null },
      { key: 'l', type: 'list', value: [{ type: 'str', value: null }] },
      { key: 't', type: 'str', value: null },
    ]);
    assert.deepEqual(notes.map(formatNote), ['2: left out: the key "a b" is used twice at this level', '3: left out: no key', '6: type "number" is not a Kadi4Mat type; imported as str']);
  });
  it('SHACL: a property without sh:name takes its key from sh:path (Kadi skips it); several top-level shapes: the first', async () => {
    const ttl = `@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <http://e/ns#> .
ex:First a sh:NodeShape ; sh:property [ sh:path ex:weight ; sh:datatype xsd:double ; sh:minCount 2 ; sh:maxCount 3 ] .
ex:Second a sh:NodeShape .`;
    const r = await extras('shacl', ttl);
    assert.deepEqual(r.data, [{ key: 'weight', type: 'float', term: 'http://e/ns#weight', value: null, unit: null, validation: { required: true } }]);
    assert.deepEqual(r.notes.map(formatNote), [
      '<http://e/ns#First>: 2 top-level node shapes; only the first is imported (left out: <http://e/ns#Second>)',
      '<http://e/ns#weight>: no sh:name; the key "weight" is taken from sh:path',
      '<http://e/ns#weight>: not carried over: sh:maxCount 3 (an extra holds one value)',
    ]);
  });
  it('records: values stripped (as Kadi4Mat does) or kept as defaults; an extras template keeps only the extras', async () => {
    const rec = JSON.stringify({ title: 'R', type: 'sample', tags: ['a'], extras: [{ key: 'n', type: 'int', value: 3 }, { key: 'd', type: 'dict', value: [{ key: 's', type: 'str', value: ' v ' }] }] });
    const stripped = await importText('record', rec, { type: 'extras' });
    assert.deepEqual(stripped.data, [
      { key: 'n', type: 'int', value: null, unit: null },
      { key: 'd', type: 'dict', value: [{ key: 's', type: 'str', value: null }] },
    ]);
    assert.deepEqual(stripped.notes.map(formatNote), ['/: an extras template holds only extras: title, type, tags left out (choose a record template to keep them)']);
    const kept = await importText('record', rec, { type: 'record', values: 'keep' });
    assert.deepEqual((kept.data as { extras: Extra[] }).extras, [
      { key: 'n', type: 'int', value: 3, unit: null },
      { key: 'd', type: 'dict', value: [{ key: 's', type: 'str', value: 'v' }] },
    ]);
    assert.equal(kept.notes.length, 0);
  });
  it('eLabFTW: values stripped on request; a field in an unknown group still lands in a dict', async () => {
    const json = JSON.stringify({ extra_fields: { A: { type: 'number', value: 'abc', group_id: 9 }, B: { type: 'checkbox', value: 'on' } } });
    const kept = await extras('elabftw', json, 'keep');
    assert.deepEqual(kept.data, [
      { key: 'group 9', type: 'dict', value: [{ key: 'A', type: 'float', value: null, unit: null }] },
      { key: 'B', type: 'bool', value: true },
    ]);
    assert.deepEqual(kept.notes.map(formatNote), ['extra_fields › A: value "abc" is not a number; left out', 'extra_fields › A: group 9 is not listed in elabftw.extra_fields_groups; named "group 9"']);
    assert.deepEqual(((await extras('elabftw', json, 'strip')).data as Extra[])[1], { key: 'B', type: 'bool', value: null });
  });
});
