// The corpus of template documents that our validator is checked on against a server (the
// sandbox in test/unit/validation-crosscheck.test.ts, the real Kadi4Mat in
// test/real-kadi/validation.test.ts): hand-written cases, the doubtful cases nobody knew the
// answer to before the real server was asked, and deterministic mutations of the seeds.
import { validateTemplateText } from '../../src/validation';
import { doc, isDocumentFormatError, isIdentifierInUse, mutate, prng, RECORD_DATA, type ServerJudge } from './validationKit';

export type Type = 'extras' | 'record';
export interface Item {
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

export const HAND_WRITTEN: Item[] = [
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
export function mutations(seeds: Item[], perSeed: number): Item[] {
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

/**
 * A number written exactly as given (e.g. `5.0`, which JSON.stringify would print as `5`):
 * the document carries a placeholder string that documentText() replaces.
 */
export const rawNumber = (text: string): string => `__raw_number__${text}__`;

/** The document as the user would have typed it (raw numbers restored). */
export const documentText = (value: unknown): string => JSON.stringify(value, null, 2).replace(/"__raw_number__([^_"]+)__"/g, '$1');

/** The cases where only the real server could tell (issue #10's list and their neighbours). */
export const DOUBTFUL: Item[] = [
  ...['2024-01', '2024', '20240102', '2024-01-02', '2024-01-02t03:04:05Z', '2024-01-02T03:04:05', '2024-01-02T03:04:05Z',
    '2024-01-02T03:04:05+05:30', '2024-01-02T03:04:05-0800', '2024-01-02T03:04:05.1Z', '2024-01-02T03:04:05.123456789Z',
    '2024-01-02 03:04:05', '2024-01-02T03:04', '2024-01-02T24:00:00Z', '2024-W01-1', '2024-002', ' 2024-01-02T03:04:05Z ', '2024-01-02T03:04:05+24:00',
  ].map((v) => e1(`date ${JSON.stringify(v)}`, { type: 'date', value: v })),
  ...[true, 'true', 'yes', 1, 0, 'false', false, null].flatMap((v) => [
    e1(`required ${JSON.stringify(v)}`, { type: 'str', validation: { required: v } }),
    e1(`iri ${JSON.stringify(v)}`, { type: 'str', validation: { iri: v } }),
  ]),
  e1('int 5.0', { type: 'int', value: rawNumber('5.0') }),
  e1('int 5.5', { type: 'int', value: 5.5 }),
  e1('int 1e3', { type: 'int', value: rawNumber('1e3') }),
  e1('int "3"', { type: 'int', value: '3' }),
  e1('int range 1.5', { type: 'int', validation: { range: { min: 1.5, max: null } } }),
  e1('int range 1.0', { type: 'int', validation: { range: { min: rawNumber('1.0'), max: null } } }),
  e1('int options 2.0', { type: 'int', validation: { options: [1, rawNumber('2.0')] } }),
  e1('float 1e400', { type: 'float', value: rawNumber('1e400') }),
  e1('float -0', { type: 'float', value: rawNumber('-0.0') }),
  e1('str options stripped', { type: 'str', value: 'a', validation: { options: [' a ', 'b'] } }),
  e1('str option blank', { type: 'str', validation: { options: [''] } }),
  e1('str value blank', { type: 'str', value: '' }),
  e1('str value spaces', { type: 'str', value: '   ' }),
  e1('unit spaces', { type: 'float', unit: '  mm  ' }),
  e1('key spaces', { type: 'str', key: ' k ' }),
  e1('term spaces', { type: 'str', term: ' https://w3id.org/x ' }),
  e1('description long', { type: 'str', description: 'd'.repeat(10001) }),
  r('collections "3"', { collections: ['3'] }),
  r('collections 1.5', { collections: [1.5] }),
  r('collections 3.0', { collections: [rawNumber('3.0')] }),
  r('collections negative', { collections: [-1] }),
  r('collections duplicate', { collections: [3, 3] }),
  r('record_links record "3"', { record_links: [{ direction: 'out', record: '3', name: 'n', term: null }] }),
  r('record_links record 1.5', { record_links: [{ direction: 'out', record: 1.5, name: 'n', term: null }] }),
  r('record_links record 3.0', { record_links: [{ direction: 'out', record: rawNumber('3.0'), name: 'n', term: null }] }),
  r('record_links name spaces', { record_links: [{ direction: 'out', record: 3, name: '  n  ', term: null }] }),
  r('record_links name long', { record_links: [{ direction: 'out', record: 3, name: 'n'.repeat(151), term: null }] }),
  r('record_links direction upper', { record_links: [{ direction: 'OUT', record: 3, name: 'n', term: null }] }),
  r('roles subject_id "2"', { roles: [{ subject_type: 'user', subject_id: '2', role: 'member' }] }),
  r('roles subject_id 2.0', { roles: [{ subject_type: 'user', subject_id: rawNumber('2.0'), role: 'member' }] }),
  r('roles subject_id 2.5', { roles: [{ subject_type: 'user', subject_id: 2.5, role: 'member' }] }),
  r('roles role admin', { roles: [{ subject_type: 'group', subject_id: 1, role: 'admin' }] }),
  r('roles role upper', { roles: [{ subject_type: 'group', subject_id: 1, role: 'Editor' }] }),
  r('license stripped', { license: ' MIT ' }),
  r('license lower', { license: 'mit' }),
  r('license null', { license: null }),
  r('tags stripped', { tags: ['  a  '] }),
  r('tags blank', { tags: [''] }),
  r('tags duplicate', { tags: ['a', 'a'] }),
  r('title long', { title: 't'.repeat(151) }),
  r('title spaces', { title: '  t  ' }),
  r('type spaces', { type: '  sample  ' }),
  r('description null', { description: null }),
  r('identifier spaces', { identifier: '  abc  ' }),
  r('identifier long', { identifier: 'a'.repeat(51) }),
  x('identifier 50', [], { identifier: 'c'.repeat(50) }),
  x('title spaces only tabs', [], { title: '\t' }),
  x('visibility upper Private', [], { visibility: 'Private' }),
  x('description long', [], { description: 'd'.repeat(50001) }),
];

export interface Agreement {
  total: number;
  /** Both accept. */
  accepted: number;
  /** Both refuse. */
  refused: number;
  /** Accepted by the server, refused by our document format only (a deliberate difference). */
  formatOnly: number;
  /** One line per document where the verdicts differ. */
  disagreements: string[];
}

/**
 * Our validator's verdict (errors or none) against the server's (a PATCH accepted or not) on
 * every document; "Identifier is already in use." cannot be known offline and is skipped.
 */
export async function agreement(corpus: readonly Item[], judge: ServerJudge, serialize: (v: unknown) => string = documentText): Promise<Agreement> {
  const a: Agreement = { total: corpus.length, accepted: 0, refused: 0, formatOnly: 0, disagreements: [] };
  for (const item of corpus) {
    const errors = validateTemplateText(serialize(item.value), { type: item.type, licenses: judge.licenses }).filter((d) => d.severity === 'error');
    const kadiErrors = errors.filter((d) => !isDocumentFormatError(d));
    const v = await judge.verdict(item.value, item.type, serialize);
    if (v.status === 400 && isIdentifierInUse(v)) continue;
    const serverOk = v.status === 200;
    if (serverOk !== (kadiErrors.length === 0)) {
      a.disagreements.push(`${item.name}: ours ${JSON.stringify(errors.map((d) => `${d.path.join('.')}: ${d.message}`))}, server ${v.status} ${JSON.stringify(v.errors)}`);
    } else if (errors.length > kadiErrors.length) a.formatOnly++;
    else if (serverOk) a.accepted++;
    else a.refused++;
  }
  return a;
}
