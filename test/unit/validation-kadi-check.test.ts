// The direct checker of Kadi exports (src/validation/kadiRecordCheck.ts) against the general
// path it short-cuts (the export rewritten, split, fast checks, ajv): the same diagnostics,
// deep-equal, for the schemas of every corpus (seed templates, the template corpus, the bench
// documents, random templates) and for their record corpora plus random mutations of values.
import * as assert from 'assert';
import { seedStore } from '../../src/sandbox/seed';
import { deriveRecordSchema, type JsonSchemaObject } from '../../src/validation';
import { compileKadiCheck } from '../../src/validation/kadiRecordCheck';
import { validateRecordText, validateRecordTextWithAjv } from '../../src/validation/recordDocument';
import { benchTemplate, recordValues } from '../../scripts/benchDocuments';
import { Raw, recordCorpus, toText, validRecord, type TemplateExtra, type Value } from '../support/recordCorpus';
import { rng, type Rng } from '../support/rng';
import { DOUBTFUL, HAND_WRITTEN, mutations } from '../support/validationCorpus';

type Obj = Record<string, unknown>;

interface Case {
  name: string;
  schema: JsonSchemaObject;
  extras?: TemplateExtra[];
}

/** A template's extras, when they are well-formed enough for recordCorpus (else the schema's values are used). */
function extrasOf(t: { type: string; data: unknown }): TemplateExtra[] | undefined {
  const list = t.type === 'record' ? (t.data as { extras?: unknown } | null)?.extras : t.data;
  const ok = (xs: unknown): boolean =>
    Array.isArray(xs) && xs.every((x) => x !== null && typeof x === 'object' && TYPES.includes((x as Obj).type as string) && (!['dict', 'list'].includes((x as Obj).type as string) || ok((x as Obj).value)));
  return ok(list) ? (list as TemplateExtra[]) : undefined;
}

/** Every kind of validation Kadi has, each type required or not, nested too. */
const SHOWCASE: TemplateExtra[] = [
  { key: 'label', type: 'str', value: null, validation: { required: true } },
  { key: 'kind', type: 'str', value: 'a', validation: { required: true, options: ['a', 'b'] } },
  { key: 'kind2', type: 'str', value: null, validation: { options: ['a', 'b'] } },
  { key: 'level', type: 'int', unit: null, value: null, validation: { required: true, options: [1, 2, 3], range: { min: 1, max: 3 } } },
  { key: 'count', type: 'int', unit: null, value: null, validation: { options: [1, 2, 3] } },
  { key: 'big', type: 'int', unit: null, value: null, validation: { required: true } },
  { key: 'ratio', type: 'float', unit: '%', value: null, validation: { options: [0.5, 1.5, 2] } },
  { key: 'ratio2', type: 'float', unit: '%', value: null, validation: { required: true, options: [0.5, 1.5, 2] } },
  { key: 'ratio3', type: 'float', unit: '%', value: null, validation: { required: true, options: [0.5, 1.5], range: { min: 1, max: 2 } } },
  { key: 'inverted', type: 'float', unit: null, value: null, validation: { range: { min: 5, max: 1 } } },
  { key: 'inverted2', type: 'float', unit: null, value: null, validation: { required: true, range: { min: 5.5, max: 1.25 } } },
  { key: 'when', type: 'date', value: null, validation: { required: true } },
  { key: 'when2', type: 'date', value: null },
  { key: 'flag', type: 'bool', value: null, validation: { required: true } },
  { key: 'flag2', type: 'bool', value: null },
  {
    key: 'group',
    type: 'dict',
    value: [
      { key: 'inner', type: 'int', unit: 'mm', value: null, validation: { required: true, range: { min: -5, max: null } } },
      { key: 'tags', type: 'list', value: [{ type: 'str', value: null, validation: { required: true } }, { type: 'date', value: null }] },
      { key: 'deep', type: 'dict', value: [{ key: 'x', type: 'str', value: null, validation: { required: true } }] },
    ],
  },
  { key: 'empty_list', type: 'list', value: [] },
  { key: 'empty_dict', type: 'dict', value: [] },
  { key: '__proto__', type: 'str', value: null },
  { key: 'constructor', type: 'int', unit: null, value: null, validation: { required: true } },
  { key: 'a/b~c', type: 'float', unit: null, value: null },
  { key: '7', type: 'str', value: null },
];

const TYPES = ['str', 'int', 'float', 'bool', 'date', 'dict', 'list'];

/** A random template: every type, random required/options/range, nested up to `depth`. */
function randomExtras(r: Rng, n: number, depth: number, inList = false): TemplateExtra[] {
  const out: TemplateExtra[] = [];
  for (let i = 0; i < n; i++) {
    const type = depth > 0 ? r.pick(TYPES) : r.pick(TYPES.slice(0, 5));
    const e: TemplateExtra & { key?: string } = { type, value: null };
    if (!inList) e.key = r.chance(0.1) ? r.pick(['constructor', 'toString', '0', 'a b', 'x/y']) + i : `k${i}`;
    if (type === 'int' || type === 'float') e.unit = r.chance(0.5) ? 'mm' : null;
    if (type === 'dict' || type === 'list') e.value = randomExtras(r, r.int(4), depth - 1, type === 'list');
    else {
      const v: NonNullable<TemplateExtra['validation']> = {};
      if (r.chance(0.4)) v.required = true;
      if (type !== 'bool' && type !== 'date' && r.chance(0.3)) {
        v.options = type === 'str' ? ['a', 'b c', 'x'] : type === 'int' ? [1, 2, -3] : [0.5, 2, 1e21];
      }
      if ((type === 'int' || type === 'float') && r.chance(0.4)) {
        const min = r.chance(0.6) ? r.int(10) - 5 + (type === 'float' && r.chance(0.5) ? 0.25 : 0) : null;
        const max = r.chance(0.6) ? r.int(10) - 2 : null;
        v.range = { min, max };
      }
      if (Object.keys(v).length) e.validation = v;
    }
    out.push(e);
  }
  return out;
}

const BAD: Value[] = [
  null,
  '',
  '   ',
  ' padded ',
  'text',
  'a',
  'b c',
  ' a ',
  '2024-01-02 10:00',
  '2024-01-02T10:00:00Z',
  '2024-01-02t10:00:00Z',
  '2024-02-30T00:00:00+00:00',
  '2024-01-02',
  'not a date',
  '5',
  '1.5',
  'yes',
  'true',
  '😀😀',
  0,
  1,
  2,
  -3,
  -6,
  7,
  100,
  0.5,
  1.5,
  2.5,
  -0.75,
  1e21,
  9007199254740991,
  9007199254740992,
  -9007199254740992,
  new Raw('5.0'),
  new Raw('1e3'),
  new Raw('-0.0'),
  new Raw('2.0'),
  new Raw('1e999'),
  new Raw('-1e999'),
  new Raw('1.5e1'),
  true,
  false,
  [],
  [1, 'x', null],
  ['a', '2024-01-02T10:00:00Z'],
  {},
  { x: 1 },
  { inner: 1, tags: ['a'] },
];

/** A random change of `doc` (the value of `schema`): a value replaced, removed or added, anywhere. */
function mutate(v: Value, schema: unknown, r: Rng): Value {
  const s = (schema ?? {}) as Obj;
  if (r.chance(0.25)) return r.pick(BAD);
  if (Array.isArray(v)) {
    const items = (Array.isArray(s.prefixItems) ? s.prefixItems : []) as unknown[];
    const out = v.slice();
    if (out.length && r.chance(0.7)) {
      const i = r.int(out.length);
      out[i] = mutate(out[i], items[i], r);
    } else if (r.chance(0.5)) out.push(r.pick(BAD));
    else out.pop();
    return out;
  }
  if (v !== null && typeof v === 'object' && !(v instanceof Raw)) {
    const props = (s.properties ?? {}) as Obj;
    const out: { [k: string]: Value } = { ...v };
    const keys = Object.keys(props);
    const roll = r.int(10);
    if (roll < 6 && keys.length) {
      const k = r.pick(keys);
      out[k] = mutate(out[k] ?? null, props[k], r);
    } else if (roll < 8 && keys.length) delete out[r.pick(keys)];
    else out[r.pick(['extra', 'other', 'constructor', '__proto__'])] = r.pick(BAD);
    return out;
  }
  return r.pick(BAD);
}

function cases(): Case[] {
  const out: Case[] = [];
  const store = seedStore();
  for (const t of store.templates.values()) out.push({ name: `seed ${t.identifier}`, schema: deriveRecordSchema(t), extras: extrasOf(t) });
  for (const item of [...HAND_WRITTEN, ...DOUBTFUL, ...mutations([...HAND_WRITTEN, ...DOUBTFUL], 1)]) {
    const t = item.value as { type: string; data: unknown };
    out.push({ name: `corpus ${item.name}`, schema: deriveRecordSchema(t), extras: extrasOf(t) });
  }
  out.push({ name: 'showcase', schema: deriveRecordSchema({ type: 'extras', data: SHOWCASE }), extras: SHOWCASE });
  for (const nested of [false, true]) out.push({ name: `bench ${nested ? 'nested' : 'flat'}`, schema: deriveRecordSchema(benchTemplate(600, nested)) });
  const r = rng(12);
  for (let i = 0; i < 40; i++) {
    const extras = randomExtras(r, 1 + r.int(8), 3);
    out.push({ name: `random template ${i}`, schema: deriveRecordSchema({ type: 'extras', data: extras }), extras });
  }
  return out;
}

/** The documents of a case: its record corpus, or the bench's values, and random mutations. */
function documents(c: Case, r: Rng, perCase: number): string[] {
  let base: Value[] = [];
  let valid: Value | undefined;
  try {
    if (c.extras) {
      base = recordCorpus(c.name, c.extras, r, 10).map((d) => d.value);
      valid = validRecord(c.extras) as Value;
    }
  } catch {
    // an odd template of the corpus (duplicate keys, say): the values of its schema instead
  }
  if (valid === undefined) base = [(valid = recordValues(c.schema) as Value)];
  const out = base.map((v) => toText(v));
  let doc = valid;
  for (let i = 0; i < perCase; i++) {
    if (i % 4 === 0) doc = valid;
    doc = mutate(doc, c.schema, r);
    out.push(toText(doc));
  }
  out.push('null', '[]', '"x"', '5', '{}', '{"$schema": "kadi://x"}');
  return out;
}

describe('record validation: direct checker of Kadi exports = the general path (ajv)', () => {
  it('gives deep-equal diagnostics on every corpus and on random mutations of values', function () {
    this.timeout(120_000);
    const r = rng(20261207);
    let compared = 0;
    let withProblems = 0;
    let direct = 0;
    const all = cases();
    for (const c of all) {
      // The template corpus holds templates Kadi refuses (a range on a bool): their exports go the general way.
      if (compileKadiCheck(c.schema)) direct++;
      else assert.ok(c.name.startsWith('corpus'), `${c.name}: the direct checker understands the export`);
      for (const text of documents(c, r, c.name.startsWith('bench') ? 60 : 100)) {
        const ours = validateRecordText(text, c.schema);
        const general = validateRecordTextWithAjv(text, c.schema);
        assert.deepStrictEqual(ours, general, `${c.name}:\n${text}`);
        compared++;
        if (general.length) withProblems++;
      }
    }
    assert.ok(direct > all.length * 0.9, `${direct} of ${all.length} schemas checked directly`);
    assert.ok(compared > 5000 && withProblems > compared / 3, `${compared} documents, ${withProblems} with problems`);
  });

  it('leaves exports it does not fully understand to the general path', () => {
    const base = deriveRecordSchema({ type: 'extras', data: SHOWCASE });
    const odd: [string, (s: Obj) => void][] = [
      ['a $ref', (s) => ((s.properties as Obj).label = { $ref: '#/properties/kind' })],
      ['a pattern', (s) => ((s.properties as Obj).label = { type: 'string', pattern: '^a' })],
      ['a type list', (s) => ((s.properties as Obj).label = { type: ['string', 'integer'] })],
      ['an empty enum', (s) => ((s.properties as Obj).label = { type: 'string', enum: [] })],
      ['another format', (s) => ((s.properties as Obj).label = { type: 'string', format: 'email' })],
      ['another dialect', (s) => (s.$schema = 'http://json-schema.org/draft-07/schema#')],
      ['additionalProperties', (s) => (s.additionalProperties = false)],
    ];
    for (const [name, change] of odd) {
      const schema = structuredClone(base);
      change(schema);
      assert.strictEqual(compileKadiCheck(schema), undefined, name);
      for (const text of ['{}', '{"label": 5, "kind": "c", "group": {"inner": "x"}}', 'null']) {
        let direct: unknown;
        let general: unknown;
        try {
          direct = validateRecordText(text, schema);
        } catch (e) {
          direct = String(e);
        }
        try {
          general = validateRecordTextWithAjv(text, schema);
        } catch (e) {
          general = String(e);
        }
        assert.deepStrictEqual(direct, general, name);
      }
    }
  });
});
