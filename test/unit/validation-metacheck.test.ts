// The hand-written meta-schema check (src/validation/metaCheck.ts) may only say "valid" where
// ajv's validateSchema says so: random schemas of Kadi's keywords with random (often wrong)
// keyword values; Kadi's exports, as derived and as rewritten for records, are proven valid;
// and a record schema ajv refuses still throws from validateRecordText.
import * as assert from 'assert';
import { deriveRecordSchema, validateRecordText } from '../../src/validation';
import { createAjv } from '../../src/validation/ajv';
import { kadiRecordSchema } from '../../src/validation/kadiRecords';
import { provablyValidSchema } from '../../src/validation/metaCheck';
import { prng } from '../support/validationKit';

type Obj = Record<string, unknown>;

const KEYWORDS = [
  'type', 'enum', 'const', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'format', 'pattern', 'required', 'title', 'description', '$comment', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly',
  'unit', 'propertiesOrder', 'kadiMessages', 'errorMessage', 'properties', 'prefixItems', 'items', '$schema', '$id', '$ref', '$defs',
  'anyOf', 'uniqueItems', 'dependencies', 'definitions', 'nope',
];
const VALUES: unknown[] = [
  null, true, false, 0, 1, -1, 2.5, 1e300, '', 'string', 'integer', 'null', 'strin', 'a', '^a$', '(', '\\d', 'a\\Z', '#x', 'https://json-schema.org/draft/2020-12/schema',
  'http://json-schema.org/draft-07/schema#', [], ['string'], ['string', 'null'], ['null', 'null'], ['a', 'b'], ['a', 'a'], [1], [{}], {}, { a: {} }, { a: 1 }, { a: true },
];

function randomSchema(rnd: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  if (rnd() < 0.05) return pick([true, false, 1, null, []]);
  const s: Obj = {};
  for (let i = Math.floor(rnd() * 5); i > 0; i--) {
    const k = pick(KEYWORDS);
    if (depth < 3 && k === 'properties' && rnd() < 0.7) s[k] = { a: randomSchema(rnd, depth + 1), b: randomSchema(rnd, depth + 1) };
    else if (depth < 3 && k === 'prefixItems' && rnd() < 0.7) s[k] = [randomSchema(rnd, depth + 1)];
    else if (depth < 3 && k === 'items' && rnd() < 0.7) s[k] = randomSchema(rnd, depth + 1);
    else s[k] = pick(VALUES);
  }
  return s;
}

/** A schema in the subset and well formed: the check must prove it. */
function wellFormed(rnd: () => number, depth: number): Obj {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const s: Obj = { type: pick(['string', 'integer', 'number', 'boolean', ['string', 'null'], ['integer', 'null']]) };
  if (rnd() < 0.3) s.enum = ['a', 1, null];
  if (rnd() < 0.3) s.minLength = 1;
  if (rnd() < 0.3) s.minimum = -2.5;
  if (rnd() < 0.2) s.format = pick(['date-time', 'kadi-date', 'unknown-format']);
  if (rnd() < 0.2) s.pattern = '^[a-z]+$';
  if (rnd() < 0.3) s.unit = { type: 'string', minLength: 1 };
  if (rnd() < 0.3) s.kadiMessages = { null: 'Value is required.' };
  if (depth < 2 && rnd() < 0.4) return { type: 'object', properties: { a: wellFormed(rnd, depth + 1), b: wellFormed(rnd, depth + 1) }, required: ['a'], propertiesOrder: ['a', 'b'] };
  if (depth < 2 && rnd() < 0.2) return { type: 'array', prefixItems: [wellFormed(rnd, depth + 1)] };
  return s;
}

describe('validation: the meta-schema check agrees with ajv', function () {
  this.timeout(60000);

  it('says valid only where ajv.validateSchema does, on random schemas', () => {
    const rnd = prng(0x6d657461);
    const ajv = createAjv(false);
    let proven = 0;
    let refused = 0;
    for (let i = 0; i < 20000; i++) {
      const schema = randomSchema(rnd, 0);
      let valid: boolean;
      try {
        valid = ajv.validateSchema(schema as Obj) === true;
      } catch {
        valid = false;
      }
      if (!valid) refused++;
      if (provablyValidSchema(ajv, schema)) {
        proven++;
        assert.ok(valid, `proven but refused by ajv: ${JSON.stringify(schema)}`);
      }
    }
    assert.ok(proven > 500 && refused > 5000, `${proven} proven, ${refused} refused: the test does not reach both sides`);
  });

  it('proves well-formed schemas of its keywords and Kadi’s exports, derived and rewritten', () => {
    const ajv = createAjv(false);
    const rnd = prng(0x6b616469);
    for (let i = 0; i < 500; i++) {
      const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', ...wellFormed(rnd, 0) };
      assert.ok(ajv.validateSchema(schema), JSON.stringify(schema));
      assert.ok(provablyValidSchema(ajv, schema), JSON.stringify(schema));
    }
    const exported = deriveRecordSchema({
      type: 'extras',
      data: [
        { key: 's', type: 'str', value: 'a', validation: { options: ['a', 'b'], required: true } },
        { key: 'i', type: 'int', unit: 'mm', value: 1, validation: { range: { min: 0, max: 9 } } },
        { key: 'f', type: 'float', value: null },
        { key: 'b', type: 'bool', value: true },
        { key: 'd', type: 'date', value: '2024-01-02T03:04:05+00:00' },
        { key: 'g', type: 'dict', value: [{ key: 'x', type: 'int', value: 2 }, { key: 'l', type: 'list', value: [{ type: 'str', value: 'y' }] }] },
      ],
    });
    assert.ok(provablyValidSchema(ajv, exported));
    assert.ok(provablyValidSchema(ajv, kadiRecordSchema(exported)));
  });

  it('leaves references, other dialects and malformed keywords to ajv', () => {
    const ajv = createAjv(false);
    for (const schema of [
      { $ref: '#/$defs/a', $defs: { a: {} } },
      { $schema: 'http://json-schema.org/draft-07/schema#' },
      { type: ['string', 'string'] },
      { required: ['a', 'a'] },
      { prefixItems: [] },
      { pattern: '(' },
      { minLength: -1 },
      { properties: { a: { anyOf: [{}] } } },
      { properties: { a: { $schema: 'https://json-schema.org/draft/2020-12/schema' } } },
    ]) {
      assert.strictEqual(provablyValidSchema(ajv, schema), false, JSON.stringify(schema));
    }
  });

  it('a record schema ajv refuses still throws, Kadi export or not', () => {
    const text = '{"a": 1}';
    assert.throws(() => validateRecordText(text, { type: 'object', properties: { a: { type: 'strin' } } }), /schema is invalid/);
    assert.throws(() => validateRecordText(text, { type: 'object', properties: { a: { minLength: -1 } }, propertiesOrder: ['a'] }), /schema is invalid/);
    // A large one too (split into parts: every part compiled at once, so the bad one throws).
    const properties: Obj = {};
    for (let i = 0; i < 3000; i++) properties[`p${i}`] = { type: 'integer' };
    properties.p2999 = { type: 'string', minLength: -1 };
    assert.throws(() => validateRecordText(text, { type: 'object', properties }), /schema is invalid/);
    assert.throws(() => validateRecordText(text, { type: 'object', properties, propertiesOrder: Object.keys(properties) }), /schema is invalid/);
  });
});
