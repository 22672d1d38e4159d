// JSON-Schema exports: our derivation equals the sandbox's export for every seed template
// (with and without a filter mask, and after edits); record metadata validated against an
// export; the skeleton of a new record-metadata document.
import * as assert from 'assert';
import { startSandbox, SEED_TEMPLATES, type Sandbox } from '../../src/sandbox/index';
import { deriveRecordSchema, recordSkeleton, validateRecordText } from '../../src/validation';
import { createAjv } from '../../src/validation/ajv';
import { kadiRecordSchema, kadiValues } from '../../src/validation/kadiRecords';
import { problemsFromAjv } from '../../src/validation/messages';
import { resolveProblems } from '../../src/validation/resolve';
import { seen } from '../support/validationKit';

async function getJson(sb: Sandbox, path: string, token: string): Promise<any> {
  const res = await fetch(sb.url + path, { headers: { Authorization: `Bearer ${token}` } });
  assert.strictEqual(res.status, 200, `${path}: ${res.status}`);
  return res.json();
}

/** Each active seed template with a token that can read it. */
const READABLE = Object.entries(SEED_TEMPLATES)
  .filter(([name]) => name !== 'oldProtocol') // in the trash
  .map(([name, id]) => ({ name, id, token: ['dftCalculation', 'bobNotes'].includes(name) ? 'pat_sandbox_bob' : 'pat_sandbox_alice' }));

describe('validation: json-schema export derived like Kadi', function () {
  this.timeout(20000);
  let sb: Sandbox;
  before(async () => {
    sb = await startSandbox({ port: 0 });
  });
  after(() => sb.close());

  for (const t of READABLE) {
    it(`equals the sandbox's export of seed template ${t.name}`, async () => {
      const template = await getJson(sb, `/api/v1/templates/${t.id}`, t.token);
      const exported = await getJson(sb, `/api/v1/templates/${t.id}/export/json-schema`, t.token);
      assert.deepStrictEqual(deriveRecordSchema(template), exported);
    });
  }

  it('applies the same filter mask', async () => {
    const mask = { specimen: { geometry: { width: {} } }, operator: {} };
    const template = await getJson(sb, `/api/v1/templates/${SEED_TEMPLATES.tensileTest}`, 'pat_sandbox_alice');
    const q = encodeURIComponent(JSON.stringify({ extras: mask }));
    const exported = await getJson(sb, `/api/v1/templates/${SEED_TEMPLATES.tensileTest}/export/json-schema?filter=${q}`, 'pat_sandbox_alice');
    const derived = deriveRecordSchema(template, mask);
    assert.deepStrictEqual(derived, exported);
    assert.ok(!('operator' in (derived.properties as object)));
  });

  it('derives from an edited document the schema the server exports after saving it', async () => {
    // Un-normalised text: whitespace, a key inside a list, no unit on int, a local date, duplicate options.
    const data = [
      { key: ' size ', type: 'int', value: 3, validation: { required: true, range: { min: 1 } } },
      { key: 'when', type: 'date', value: '2024-05-06T07:08:09+02:00', description: '  Start  ' },
      { key: 'pick', type: 'str', value: 'a', validation: { options: ['a', ' b', 'a'], required: false } },
      { key: 'seq', type: 'list', value: [{ key: 'dropped', type: 'float', unit: 'mm', value: 1 }, { type: 'bool', value: '  ' }] },
      { key: 'empty', type: 'dict', value: null },
      { key: 'note', type: 'int', value: '  ', validation: { range: { min: null, max: null } } },
    ];
    const create = await fetch(`${sb.url}/api/v1/templates`, {
      method: 'POST',
      headers: { Authorization: 'Bearer pat_sandbox_alice', 'Content-Type': 'application/json' },
      body: JSON.stringify({ identifier: 'derive-edited', title: 'Derive', type: 'extras', data }),
    });
    assert.strictEqual(create.status, 201, await create.clone().text());
    const created = (await create.json()) as { id: number };
    const exported = await getJson(sb, `/api/v1/templates/${created.id}/export/json-schema`, 'pat_sandbox_alice');
    assert.deepStrictEqual(deriveRecordSchema({ type: 'extras', data }), exported);
  });

  it('exports only $schema for a template without extras; record templates use data.extras', () => {
    assert.deepStrictEqual(deriveRecordSchema({ type: 'extras', data: [] }), { $schema: 'https://json-schema.org/draft/2020-12/schema' });
    const s = deriveRecordSchema({ type: 'record', data: { title: 'x', extras: [{ key: 'a', type: 'bool', value: true }] } });
    assert.deepStrictEqual(s.properties, { a: { type: 'boolean', default: true } });
  });
});

const SCHEMA = deriveRecordSchema({
  type: 'extras',
  data: [
    { key: 'force', type: 'float', unit: 'N', value: null, validation: { required: true, range: { min: 0, max: null } } },
    { key: 'operator', type: 'str', value: 'lab', validation: { options: ['lab', 'field'] } },
    { key: 'count', type: 'int', unit: null, value: 2, validation: { range: { min: 1, max: 10 } } },
    { key: 'tested_on', type: 'date', value: null },
    { key: 'ok', type: 'bool', value: null },
    {
      key: 'specimen',
      type: 'dict',
      value: [
        { key: 'id', type: 'int', unit: null, value: null, validation: { required: true } },
        { key: 'layers', type: 'list', value: [{ type: 'float', unit: 'mm', value: 1.5 }, { type: 'str', value: null }] },
      ],
    },
  ],
});

describe('validation: record metadata against an export', () => {
  const ok = { force: 12.5, operator: 'field', count: 3, tested_on: '2024-01-02T03:04:05Z', ok: true, specimen: { id: 1, layers: [2, 'steel'] } };
  const check = (v: unknown) => {
    const text = JSON.stringify(v, null, 2);
    return seen(text, validateRecordText(text, SCHEMA));
  };
  const e = (code: string, covered: string, message: string) => ({ severity: 'error', code, covered, message });

  it('accepts valid metadata (with $schema and extra properties)', () => {
    assert.deepStrictEqual(check({ $schema: 'kadi://x', ...ok, other: 1 }), []);
  });

  it('reports each kind of problem at its place, phrased like Kadi', () => {
    assert.deepStrictEqual(
      check({ ...ok, force: -1, operator: 'lab2', count: 1.5, tested_on: 'yesterday', ok: 'yes', specimen: { layers: ['x', ''] } }),
      [
        e('bounds', '-1', 'Must be equal to or greater than 0.'),
        e('enum', '"lab2"', 'Must be one of: lab, field.'),
        e('type', '1.5', 'Not a valid integer.'),
        e('format', '"yesterday"', 'Not a valid date.'),
        e('type', '"yes"', 'Not a valid boolean.'),
        e('required', '"specimen"', 'Missing data for required field "id".'),
        e('type', '"x"', 'Not a valid float.'),
        // The blank text of an optional extra is no error: the real Kadi4Mat stores it as null.
      ],
    );
  });

  it('reports missing required properties on the document', () => {
    assert.deepStrictEqual(check({ operator: 'lab' }), [e('required', '{', 'Missing data for required field "force".')]);
  });

  it('reports syntax errors', () => {
    assert.deepStrictEqual(seen('{"force": }', validateRecordText('{"force": }', SCHEMA)), [e('syntax', '}', 'Value expected.')]);
  });

  it('caches compiled validators per key and recompiles for a new version', () => {
    const v1 = deriveRecordSchema({ type: 'extras', data: [{ key: 'a', type: 'int', value: null }] });
    const v2 = deriveRecordSchema({ type: 'extras', data: [{ key: 'a', type: 'str', value: null }] });
    const text = '{"a": "x"}';
    assert.strictEqual(validateRecordText(text, v1, { cacheKey: 'sb/1@1' }).length, 1);
    // Same key: the cached validator answers even for another schema object.
    assert.strictEqual(validateRecordText(text, v2, { cacheKey: 'sb/1@1' }).length, 1);
    assert.strictEqual(validateRecordText(text, v2, { cacheKey: 'sb/1@2' }).length, 0);
    assert.strictEqual(validateRecordText(text, v2).length, 0);
  });

  it('collapses anyOf cascades to the closest branch, or one message for a type mismatch', () => {
    const schema = {
      type: 'object',
      properties: {
        x: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        y: { oneOf: [{ type: 'object', required: ['a'], properties: { a: { type: 'integer' } } }, { type: 'array' }] },
      },
    };
    const text = '{"x": true, "y": {"a": "s"}}';
    assert.deepStrictEqual(seen(text, validateRecordText(text, schema)), [e('type', 'true', 'Not a valid string or integer.'), e('type', '"s"', 'Not a valid integer.')]);
  });

  it('flags exactly the required values of a skeleton, which the user still has to fill in', () => {
    const text = recordSkeleton(SCHEMA, 'kadi://sandbox/templates/1/schema.json');
    const diags = validateRecordText(text, SCHEMA);
    assert.deepStrictEqual(seen(text, diags), [e('null', 'null', 'Value is required.'), e('null', 'null', 'Value is required.')]);
    assert.deepStrictEqual(diags.map((d) => d.path), [['force'], ['specimen', 'id']]);
  });

  it('null is "not set": accepted unless required (then marked at the null); a wrong value still is an error', () => {
    assert.deepStrictEqual(check({ ...ok, operator: null, count: null, tested_on: null, ok: null, specimen: { id: 1, layers: [null, null] } }), []);
    assert.deepStrictEqual(check({ ...ok, force: null }), [e('null', 'null', 'Value is required.')]);
    assert.deepStrictEqual(check({ ...ok, specimen: { id: null, layers: [null, 'steel'] } }), [e('null', 'null', 'Value is required.')]);
    // Blank is null to Kadi4Mat: fine where optional.
    assert.deepStrictEqual(check({ ...ok, tested_on: '' }), []);
    assert.deepStrictEqual(check({ ...ok, ok: 0 }), [e('type', '0', 'Not a valid boolean.')]);
  });

  it('reads values as the real Kadi4Mat does: stripped, blank or null when optional, its dates, integers written as such', () => {
    const text = `{"force": " 1.5e1 ", "operator": " field ", "count": 3.0, "tested_on": "2024-01-02 03:04", "ok": null,
      "specimen": {"id": 1e2, "layers": ["  ", null]}}`;
    assert.deepStrictEqual(seen(text, validateRecordText(text, SCHEMA)), [
      e('type', '" 1.5e1 "', 'Not a valid float.'),
      e('type', '3.0', 'Not a valid integer.'),
      e('type', '1e2', 'Not a valid integer.'),
    ]);
    const bad = '{"force": "  ", "operator": null, "tested_on": "2024-01-02t03:04:05Z", "specimen": {"id": 9007199254740992}}';
    assert.deepStrictEqual(seen(bad, validateRecordText(bad, SCHEMA)), [
      e('null', '"  "', 'Value is required.'),
      e('format', '"2024-01-02t03:04:05Z"', 'Not a valid date.'),
      e('bounds', '9007199254740992', 'Integer values must be between -9007199254740991 and 9007199254740991.'),
    ]);
    assert.deepStrictEqual(seen('{"force": null}', validateRecordText('{"force": null}', SCHEMA)), [e('null', 'null', 'Value is required.')]);
  });

  it('offers to write an integer written as a float as an integer', () => {
    const diags = validateRecordText('{"count": 5.0, "force": 1}', SCHEMA);
    assert.deepStrictEqual(diags.map((d) => [d.message, d.fix?.title, d.fix?.edits.map((x) => x.newText)]), [['Not a valid integer.', 'Write it as 5', ['5']]]);
  });
});

describe('validation: large record schemas (split into per-property validators)', function () {
  this.timeout(60000);
  const scalar = (i: number, inList = false): Record<string, unknown> => {
    const key = inList ? {} : { key: `f${i}` };
    return [
      { ...key, type: 'str', value: `v${i % 7}`, validation: { options: [`v${i % 7}`, 'w'], required: i % 3 === 0 } },
      { ...key, type: 'int', unit: null, value: i, validation: { range: { min: 0, max: 100000 } } },
      { ...key, type: 'date', value: null, validation: { required: true } },
      { ...key, type: 'bool', value: null },
    ][i % 4];
  };
  // 3,000 extras: 300 dicts of 8 scalars and a list of 2.
  const data = Array.from({ length: 300 }, (_, g) => ({
    key: `g${g}`,
    type: 'dict',
    validation: undefined,
    value: [...Array.from({ length: 8 }, (_, c) => scalar(g * 10 + c)), { key: 'l', type: 'list', value: [scalar(g, true), scalar(g + 1, true)] }],
  }));
  const schema = deriveRecordSchema({ type: 'extras', data });
  // Values, not "not set" (null, which validateRecordText accepts): the validators' errors are compared.
  const filled = (v: unknown): unknown =>
    v === null ? '' : Array.isArray(v) ? v.map(filled) : typeof v === 'object' ? Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, filled(x)])) : v;
  const skeleton = filled(JSON.parse(recordSkeleton(schema))) as Record<string, Record<string, unknown>>;
  // Every kind of mistake somewhere: wrong types, a missing required key, a non-object dict, bad enum/date, short list.
  skeleton.g0.f0 = 'nope';
  skeleton.g1.f11 = -5;
  delete skeleton.g3.f30;
  (skeleton as Record<string, unknown>).g5 = [1];
  skeleton.g7.f72 = 'yesterday';
  skeleton.g8.l = ['x', 'y', 'extra'];
  skeleton.g9.f93 = 'true';
  (skeleton as Record<string, unknown>).g299 = 7;
  const text = JSON.stringify(skeleton, null, 2);

  it('reports what a whole-schema validator reports', () => {
    const split = validateRecordText(text, schema, { maxProblems: 10000 });
    // The whole schema as validateRecordText reads a Kadi export, and the values as Kadi reads them.
    const whole = createAjv(false).compile(kadiRecordSchema(schema));
    const data = kadiValues(JSON.parse(text));
    whole(data);
    const expected = resolveProblems(text, problemsFromAjv(whole.errors, data));
    const key = (d: { path: unknown; message: string; offset: number }) => `${JSON.stringify(d.path)} ${d.message} @${d.offset}`;
    assert.ok(expected.length > 300, `${expected.length}`); // the empty required dates of the skeleton, and the mistakes
    assert.deepStrictEqual(split.map(key).sort(), expected.map(key).sort());
  });
});

describe('validation: record skeleton', () => {
  it('pre-fills defaults, else null (not set — no made-up 0, false or ""), required first, $schema on top', () => {
    const text = recordSkeleton(SCHEMA, 'kadi://x/schema.json');
    assert.ok(text.endsWith('}\n'));
    const v = JSON.parse(text);
    assert.deepStrictEqual(Object.keys(v), ['$schema', 'force', 'operator', 'count', 'tested_on', 'ok', 'specimen']);
    assert.deepStrictEqual(v, {
      $schema: 'kadi://x/schema.json',
      force: null,
      operator: 'lab',
      count: 2,
      tested_on: null,
      ok: null,
      specimen: { id: null, layers: [1.5, null] },
    });
    assert.deepStrictEqual(Object.keys(JSON.parse(recordSkeleton({ type: 'object', properties: { b: {}, a: { type: 'string' } }, required: ['a'] }))), ['a', 'b']);
  });

  it('is an empty object for a schema without properties', () => {
    assert.strictEqual(recordSkeleton({ $schema: 'https://json-schema.org/draft/2020-12/schema' }), '{}\n');
  });
});

describe('validation: an empty list extra (Kadi exports `prefixItems: []`)', () => {
  const doc = {
    type: 'extras',
    data: [
      { key: 'points', type: 'list', value: [] },
      { key: 'outer', type: 'dict', value: [{ key: 'inner', type: 'list', value: [] }, { key: 'n', type: 'int', value: null }] },
    ],
  };

  it('derives the schema as the server does, and validates records against it', () => {
    const schema = deriveRecordSchema(doc);
    const props = schema.properties as Record<string, Record<string, unknown>>;
    assert.deepStrictEqual(props.points, { type: 'array', prefixItems: [] });
    assert.deepStrictEqual(validateRecordText('{"points": [1, "x"], "outer": {"inner": [], "n": 3}}', schema), []);
    const diags = validateRecordText('{"points": {}, "outer": {"inner": [], "n": "three"}}', schema);
    assert.deepStrictEqual(
      diags.map((d) => d.path.join('.')).sort(),
      ['outer.n', 'points'],
    );
  });
});
