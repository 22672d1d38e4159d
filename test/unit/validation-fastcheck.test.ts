// The fast yes/no check (src/validation/fastCheck.ts) must agree with ajv: when it says valid,
// ajv reports nothing (it is asked only where the check fails). Random schemas of the subset it
// handles against random values, and the date-time shortcut against ajv-formats.
import * as assert from 'assert';
import { fullFormats } from 'ajv-formats/dist/formats';
import { createAjv } from '../../src/validation/ajv';
import { check, FastCheckCompiler, quickDateTime } from '../../src/validation/fastCheck';
import { prng } from '../support/validationKit';

type Obj = Record<string, unknown>;

const VALUES: unknown[] = [
  null, true, false, 0, -0, 1, -1, 2.5, 1e300, 9007199254740993, Infinity, -Infinity, '', 'a', 'ab', 'abc', 'x'.repeat(10), '😀', '😀😀', 'a😀',
  '2024-03-01T09:15:22+00:00', '2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z', '2024-03-01t09:15:22.5-01:30', '2024-03-01 09:15:22Z', '2024-03-01T24:00:00Z',
  '2024-03-01T09:15:22', '2024-13-01T09:15:22Z', '2024-03-01T09:15:22+24:00', '2024-03-01T09:15:60Z', '2024-03-01', 'A1', 'b2', [], [1], [1, 'a'], ['a', 'b', 'c'], {}, { a: 1 }, { a: 'x', b: null }, { b: 2 },
];
const PRIMS: unknown[] = [null, true, false, 0, 1, -1, 2.5, '', 'a', 'ab', 'abc'];

function randomSchema(rnd: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  if (rnd() < 0.05) return rnd() < 0.5;
  const s: Obj = {};
  if (rnd() < 0.7) s.type = rnd() < 0.8 ? pick(['string', 'integer', 'number', 'boolean', 'null', 'array', 'object']) : [pick(['string', 'integer', 'number']), pick(['null', 'boolean', 'array', 'object'])];
  if (rnd() < 0.2) s.enum = [pick(PRIMS), ...PRIMS.filter(() => rnd() < 0.3)];
  if (rnd() < 0.05) s.const = pick(PRIMS);
  if (rnd() < 0.2) s.minLength = pick([0, 1, 2, 3]);
  if (rnd() < 0.1) s.maxLength = pick([0, 1, 2, 5]);
  if (rnd() < 0.1) s.pattern = pick(['^a', '\\d', '^[a-z]*$', '\\p{L}']);
  if (rnd() < 0.15) s.format = pick(['date-time', 'date', 'uri', 'email', 'int32', 'password']);
  if (rnd() < 0.2) s.minimum = pick([-1, 0, 1, 2.5]);
  if (rnd() < 0.2) s.maximum = pick([0, 1, 2.5, 100]);
  if (rnd() < 0.1) s.exclusiveMinimum = pick([0, 1]);
  if (rnd() < 0.1) s.exclusiveMaximum = pick([1, 3]);
  if (rnd() < 0.1) s.description = 'annotation';
  if (rnd() < 0.1) s.default = pick(PRIMS);
  if (depth < 3 && rnd() < 0.3) {
    const props: Obj = {};
    for (const k of ['a', 'b', 'toString', 'c']) if (rnd() < 0.5) props[k] = randomSchema(rnd, depth + 1);
    s.properties = props;
    if (rnd() < 0.5) s.required = ['a', 'b', 'constructor'].filter(() => rnd() < 0.4);
  }
  if (depth < 3 && rnd() < 0.25) {
    if (rnd() < 0.7) s.prefixItems = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => randomSchema(rnd, depth + 1));
    if (rnd() < 0.4) s.items = rnd() < 0.2 ? false : randomSchema(rnd, depth + 1);
    if (rnd() < 0.2) s.minItems = pick([0, 1, 2]);
    if (rnd() < 0.2) s.maxItems = pick([0, 1, 3]);
  }
  return s;
}

function randomValue(rnd: () => number, depth: number): unknown {
  const r = rnd();
  if (depth < 3 && r < 0.15) return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, depth + 1));
  if (depth < 3 && r < 0.3) {
    const o: Obj = {};
    for (const k of ['a', 'b', 'c', 'd']) if (rnd() < 0.5) o[k] = randomValue(rnd, depth + 1);
    return o;
  }
  return VALUES[Math.floor(rnd() * VALUES.length)];
}

describe('validation: the fast check agrees with ajv', function () {
  this.timeout(60000);
  it('on random schemas of its subset and random values', () => {
    const rnd = prng(0x66617374);
    const ajv = createAjv(false);
    const fast = new FastCheckCompiler(ajv);
    let compared = 0;
    let invalid = 0;
    for (let i = 0; i < 800; i++) {
      const schema = randomSchema(rnd, 0);
      const node = fast.compile(schema);
      assert.ok(node, `outside the subset: ${JSON.stringify(schema)}`);
      const validate = ajv.compile(schema as Obj);
      for (let j = 0; j < 40; j++) {
        const value = randomValue(rnd, 0);
        const expected = validate(value) === true;
        if (!expected) invalid++;
        compared++;
        assert.strictEqual(check(node, value), expected, `schema ${JSON.stringify(schema)} value ${JSON.stringify(value)}`);
      }
    }
    assert.ok(invalid > compared / 5 && invalid < compared * 0.95, `${invalid} of ${compared} invalid: the test does not reach both sides`);
  });

  it('leaves everything else to ajv', () => {
    const fast = new FastCheckCompiler(createAjv(false));
    for (const schema of [{ $ref: '#/x' }, { anyOf: [{}] }, { type: 'string', format: 'no-such-format' }, { enum: [{ a: 1 }] }, { type: 'strin' }, { minLength: -1 }, { additionalProperties: false }, { enum: [] }, 5]) {
      assert.strictEqual(fast.compile(schema), undefined, JSON.stringify(schema));
    }
  });

  it('the date-time shortcut only accepts what ajv-formats accepts', () => {
    const full = (fullFormats['date-time'] as { validate: (s: string) => boolean }).validate;
    const rnd = prng(0x64617465);
    const chars = '0123456789-:TtZz+. x';
    let accepted = 0;
    for (let i = 0; i < 200000; i++) {
      let s = `${String(Math.floor(rnd() * 10000)).padStart(4, '0')}-${String(Math.floor(rnd() * 14)).padStart(2, '0')}-${String(Math.floor(rnd() * 32)).padStart(2, '0')}T${String(Math.floor(rnd() * 25)).padStart(2, '0')}:${String(Math.floor(rnd() * 61)).padStart(2, '0')}:${String(Math.floor(rnd() * 61)).padStart(2, '0')}${['', '.5', '.123456', '.'][Math.floor(rnd() * 4)]}${['Z', 'z', '+00:00', '-12:30', '+24:00', '+0100', '', '+01:60'][Math.floor(rnd() * 8)]}`;
      if (rnd() < 0.3) {
        const at = Math.floor(rnd() * s.length);
        s = s.slice(0, at) + chars[Math.floor(rnd() * chars.length)] + s.slice(at + (rnd() < 0.5 ? 1 : 0));
      }
      if (quickDateTime(s)) {
        accepted++;
        assert.ok(full(s), s);
      }
    }
    assert.ok(accepted > 10000, `only ${accepted} accepted`);
    assert.ok(quickDateTime('2024-03-01T09:15:22+00:00') && quickDateTime('2024-02-29T00:00:00.5Z') && !quickDateTime('2023-02-29T00:00:00Z'));
  });
});
