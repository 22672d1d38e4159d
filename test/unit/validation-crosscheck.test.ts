// Our verdict (errors or not) against the sandbox's: every document of a corpus (hand-written,
// the seed templates, deterministic mutations of them) is validated here and PATCHed onto a
// sandbox template of the same type. Deliberate differences, asserted as such:
//  - the document format refuses a changed `type`, unknown or server-managed top-level fields and
//    a missing top-level field (src/kadi/document.ts), where a PATCH would ignore or omit them;
//  - "Identifier is already in use." cannot be known offline.
import * as assert from 'assert';
import { validateTemplateText } from '../../src/validation';
import { SandboxJudge, doc, isDocumentFormatError, isIdentifierInUse, mutate, prng, RECORD_DATA } from './validation-testkit';

type Type = 'extras' | 'record';
interface Item {
  name: string;
  type: Type;
  value: Record<string, unknown>;
}

const x = (name: string, data: unknown[], over: Record<string, unknown> = {}): Item => ({ name, type: 'extras', value: doc({ identifier: 'xcheck-extras', data, ...over }) });
const r = (name: string, data: Record<string, unknown>, over: Record<string, unknown> = {}): Item => ({
  name,
  type: 'record',
  value: doc({ identifier: 'xcheck-record', type: 'record', data: { ...RECORD_DATA, ...data }, ...over }),
});
const e1 = (name: string, entry: Record<string, unknown>) => x(name, [{ key: 'k', ...entry }]);

const HAND_WRITTEN: Item[] = [
  x('empty extras', []),
  x('identifier upper case', [], { identifier: 'XCheck-Extras' }),
  x('identifier too long', [], { identifier: 'a'.repeat(51) }),
  x('identifier long but stripped to 50', [], { identifier: ` ${'b'.repeat(50)} ` }),
  x('identifier bad chars', [], { identifier: 'a.b' }),
  x('title 150', [], { title: 't'.repeat(150) }),
  x('title 151', [], { title: 't'.repeat(151) }),
  x('title blank', [], { title: '   ' }),
  x('title normalised to 150', [], { title: `  ${'t'.repeat(75)}   ${'t'.repeat(74)} ` }),
  x('description null', [], { description: null }),
  x('visibility PUBLIC', [], { visibility: 'PUBLIC' }),
  x('visibility bad', [], { visibility: 'everyone' }),
  x('data null', [], { data: null }),
  x('data object for extras', [], { data: {} }),
  e1('int ok', { type: 'int', value: 5, unit: 'mm', validation: { range: { min: 0, max: 10 }, options: [5, 6] } }),
  e1('int string', { type: 'int', value: '5' }),
  e1('int blank', { type: 'int', value: ' ' }),
  e1('int huge', { type: 'int', value: 9007199254740992 }),
  e1('int max', { type: 'int', value: 9007199254740991 }),
  e1('int bool', { type: 'int', value: false }),
  e1('float int value', { type: 'float', value: 3 }),
  e1('float string', { type: 'float', value: '3.5' }),
  e1('bool ok', { type: 'bool', value: false }),
  e1('bool number', { type: 'bool', value: 0 }),
  e1('date ok', { type: 'date', value: '2024-02-29T23:59:59.123456-01:30' }),
  e1('date only', { type: 'date', value: '2024-02' }),
  e1('date invalid day', { type: 'date', value: '2023-02-29' }),
  e1('date text', { type: 'date', value: 'tomorrow' }),
  e1('str unit', { type: 'str', unit: 'mm' }),
  e1('str unit null', { type: 'str', unit: null }),
  e1('int unit blank', { type: 'int', unit: '' }),
  e1('description blank', { type: 'str', description: ' ' }),
  e1('term bad', { type: 'str', term: 'a{b}' }),
  e1('term ok', { type: 'str', term: 'https://w3id.org/x#y' }),
  e1('validation null', { type: 'str', validation: null }),
  e1('validation list', { type: 'str', validation: [] }),
  e1('validation empty', { type: 'str', validation: {} }),
  e1('validation on dict', { type: 'dict', validation: {} }),
  e1('validation on list', { type: 'list', validation: { required: true } }),
  e1('required string', { type: 'str', validation: { required: 'true' } }),
  e1('required false', { type: 'str', validation: { required: false } }),
  e1('options on date', { type: 'date', validation: { options: ['2024-01-01'] } }),
  e1('options empty', { type: 'str', validation: { options: [] } }),
  e1('options wrong type', { type: 'float', validation: { options: [1, 'x'] } }),
  e1('options blank', { type: 'str', validation: { options: ['a', '  '] } }),
  e1('options duplicate', { type: 'str', value: 'a', validation: { options: ['a', 'a ', 'b'] } }),
  e1('value not in options', { type: 'int', value: 3, validation: { options: [1, 2] } }),
  e1('range on bool', { type: 'bool', validation: { range: { min: 0 } } }),
  e1('range reversed', { type: 'int', validation: { range: { min: 2, max: 1 } } }),
  e1('range equal', { type: 'int', value: 1, validation: { range: { min: 1, max: 1 } } }),
  e1('range nulls', { type: 'float', validation: { range: { min: null, max: null } } }),
  e1('range string bound', { type: 'float', validation: { range: { min: '1' } } }),
  e1('range null', { type: 'float', validation: { range: null } }),
  e1('value below range', { type: 'float', value: -0.5, validation: { range: { min: 0, max: null } } }),
  e1('iri on float', { type: 'float', validation: { iri: true } }),
  e1('iri null', { type: 'str', validation: { iri: null } }),
  e1('iri value bad', { type: 'str', value: 'a b', validation: { iri: true } }),
  e1('iri options bad', { type: 'str', validation: { iri: true, options: ['a^b'] } }),
  e1('iri ok', { type: 'str', value: 'http://a/b', validation: { iri: true, options: ['http://a/b'] } }),
  e1('type missing', { value: 1 }),
  e1('type unknown', { type: 'string' }),
  e1('type null', { type: null }),
  e1('type spaced', { type: ' str ' }),
  x('key missing', [{ type: 'str' }]),
  x('key null', [{ key: null, type: 'str' }]),
  x('key number', [{ key: 1, type: 'str' }]),
  x('key blank', [{ key: ' ', type: 'str' }]),
  x('duplicate keys', [{ key: 'a', type: 'str' }, { key: 'a ', type: 'int' }]),
  x('duplicate keys nested', [{ key: 'd', type: 'dict', value: [{ key: 'a', type: 'str' }, { key: 'a', type: 'str' }] }]),
  x('list with keys', [{ key: 'l', type: 'list', value: [{ key: 'x', type: 'int' }, { key: 'x', type: 'int' }] }]),
  x('list entry without type', [{ key: 'l', type: 'list', value: [{ value: 1 }] }]),
  x('dict value string', [{ key: 'd', type: 'dict', value: 'x' }]),
  x('dict value blank', [{ key: 'd', type: 'dict', value: '  ' }]),
  x('entry not object', [[]]),
  x('unknown entry field', [{ key: 'a', type: 'str', extra: 1 }]),
  r('record empty', {}),
  r('record omitted keys', {}, { data: {} }),
  r('record data list', {}, { data: [] }),
  r('record identifier bad', { identifier: 'A B' }),
  r('record identifier upper', { identifier: 'ABC' }),
  r('record type blank', { type: '' }),
  r('record type long', { type: 't'.repeat(51) }),
  r('record license ok', { license: 'MIT' }),
  r('record license unknown', { license: 'WTFPL' }),
  r('record license blank', { license: ' ' }),
  r('record tags', { tags: ['A', 'a', 'b  c'] }),
  r('record tag long', { tags: ['t'.repeat(51)] }),
  r('record tag null', { tags: [null] }),
  r('record extras bad', { extras: [{ key: 'a', type: 'int', value: 'x' }] }),
  r('record extras null', { extras: null }),
  r('record collections', { collections: [1, 2] }),
  r('record collections zero', { collections: [0] }),
  r('record collections string', { collections: ['1'] }),
  r('record links ok', { record_links: [{ direction: 'in', record: 3, name: ' n ', term: null }] }),
  r('record links bad', { record_links: [{ direction: 'in', record: 0, name: '' }] }),
  r('record links term', { record_links: [{ direction: 'out', record: 1, name: 'n', term: 'a b' }] }),
  r('record roles ok', { roles: [{ subject_type: 'group', subject_id: 2, role: 'collaborator' }] }),
  r('record roles bad', { roles: [{ subject_type: 'team', subject_id: 2, role: null }] }),
  r('record roles not object', { roles: ['admin'] }),
];

/** Deterministic mutations of each seed document. */
function mutations(seeds: Item[], perSeed: number): Item[] {
  const out: Item[] = [];
  const rnd = prng(20240301);
  for (const s of seeds) {
    for (let i = 0; i < perSeed; i++) {
      const value = structuredClone(s.value);
      mutate(value, rnd);
      out.push({ name: `${s.name} mutation ${i}`, type: s.type, value });
    }
  }
  return out;
}

describe('validation: cross-check against the sandbox', function () {
  this.timeout(60000);
  let judge: SandboxJudge;
  before(async () => {
    judge = await SandboxJudge.start();
  });
  after(() => judge.close());

  it('agrees on every document of the corpus', async () => {
    const seeds: Item[] = (await judge.seedDocuments()).map((d, i) => ({ name: `seed ${i} (${d.title})`, type: d.type as Type, value: d }));
    assert.strictEqual(seeds.length, 8);
    const corpus = [...HAND_WRITTEN, ...seeds, ...mutations(seeds, 40)];
    const disagreements: string[] = [];
    let accepted = 0;
    let refused = 0;
    let deliberate = 0;
    for (const item of corpus) {
      const text = JSON.stringify(item.value, null, 2);
      const errors = validateTemplateText(text, { type: item.type, licenses: judge.licenses }).filter((d) => d.severity === 'error');
      const kadiErrors = errors.filter((d) => !isDocumentFormatError(d));
      const v = await judge.verdict(item.value, item.type);
      if (v.status === 400 && isIdentifierInUse(v)) continue;
      const sandboxOk = v.status === 200;
      if (sandboxOk === (kadiErrors.length === 0)) {
        if (errors.length > kadiErrors.length) deliberate++;
        else if (sandboxOk) accepted++;
        else refused++;
        continue;
      }
      disagreements.push(`${item.name}: ours ${JSON.stringify(errors.map((d) => `${d.path.join('.')}: ${d.message}`))}, sandbox ${v.status} ${JSON.stringify(v.errors)}`);
    }
    assert.deepStrictEqual(disagreements, []);
    // The corpus must exercise both verdicts.
    assert.ok(accepted > 40 && refused > 100 && deliberate > 0, `accepted ${accepted}, refused ${refused}, deliberate ${deliberate}`);
  });

  it('the deliberate differences are what the document format refuses', async () => {
    const cases = [
      doc({ identifier: 'xcheck-extras', type: 'record' }),
      doc({ identifier: 'xcheck-extras', id: 5 }),
      doc({ identifier: 'xcheck-extras', foo: 1 }),
      { identifier: 'xcheck-extras', title: 'T', type: 'extras', data: [] },
    ];
    for (const c of cases) {
      const errors = validateTemplateText(JSON.stringify(c), { type: 'extras' }).filter((d) => d.severity === 'error');
      assert.ok(errors.length > 0 && errors.every(isDocumentFormatError), JSON.stringify(errors));
      assert.strictEqual((await judge.verdict(c, 'extras')).status, 200);
    }
  });
});
