// Fidelity tests of the sandbox's template validation against kadi-api.md §2: normalised
// output of valid input and the exact 400 `errors` tree of invalid input.
import * as assert from 'assert';
import {
  plainDescription,
  validateTemplateCreate,
  validateTemplatePatch,
  type RulesContext,
} from '../../src/sandbox/validation';
import { pyFloatRepr } from '../../src/sandbox/validation/common';
import { parseIsoDateTime } from '../../src/sandbox/validation/dates';
import { emptyRecordData } from '../../src/kadi/types';

const lookups: string[] = [];
const ctx: RulesContext = {
  identifierInUse: (id) => {
    lookups.push(id);
    return id === 'taken';
  },
  licenseExists: (name) => ['CC-BY-4.0', 'MIT'].includes(name),
};

const INT_BOUNDS = 'Integer values must be between -9007199254740991 and 9007199254740991.';
const IDENT_MSG = 'Not a valid identifier. Valid are lower case alphanumeric characters, hyphens and underscores.';

const base = { identifier: 'tpl', title: 'Template' };
const createExtras = (data: unknown) => validateTemplateCreate({ ...base, type: 'extras', data }, ctx);
const createRecord = (data: unknown) => validateTemplateCreate({ ...base, type: 'record', data }, ctx);

function expectExtras(data: unknown, expected: unknown): void {
  const r = createExtras(data);
  assert.deepStrictEqual(r, { ok: true, value: { ...base, type: 'extras', description: '', visibility: 'private', data: expected } });
}
function expectExtrasErrors(data: unknown, errors: unknown): void {
  assert.deepStrictEqual(createExtras(data), { ok: false, errors: { data: errors } });
}
/** One entry in, its stored form out. */
const expectEntry = (entry: unknown, stored: unknown): void => expectExtras([entry], [stored]);
/** One entry in, the errors of index "0". */
const expectEntryErrors = (entry: unknown, errors: unknown): void => expectExtrasErrors([entry], { 0: errors });

const RECORD_DEFAULTS = emptyRecordData();
function expectRecord(data: unknown, expected: Record<string, unknown>): void {
  const r = createRecord(data);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepStrictEqual(r.value.data, { ...RECORD_DEFAULTS, ...expected });
}
function expectRecordErrors(data: unknown, errors: unknown): void {
  assert.deepStrictEqual(createRecord(data), { ok: false, errors: { data: errors } });
}

describe('sandbox validation: top-level template fields (POST)', () => {
  it('rejects a body that is not a JSON object', () => {
    for (const body of [null, [], 'x', 5, true, [{ identifier: 'a' }]]) {
      assert.deepStrictEqual(validateTemplateCreate(body, ctx), { ok: false, errors: { _schema: ['Invalid input type.'] } });
    }
  });

  it('reports every missing required field', () => {
    assert.deepStrictEqual(validateTemplateCreate({}, ctx), {
      ok: false,
      errors: {
        identifier: ['Missing data for required field.'],
        title: ['Missing data for required field.'],
        type: ['Missing data for required field.'],
        data: ['Missing data for required field.'],
      },
    });
  });

  it('normalises fields, fills defaults and ignores unknown and read-only keys', () => {
    const r = validateTemplateCreate(
      {
        identifier: '  My-Template_1 ',
        title: '  Tensile \t test\n  run ',
        type: 'extras',
        data: [],
        id: 99,
        state: 'deleted',
        creator: { id: 1 },
        _links: {},
        whatever: 1,
      },
      ctx,
    );
    assert.deepStrictEqual(r, {
      ok: true,
      value: { identifier: 'my-template_1', title: 'Tensile test run', type: 'extras', description: '', visibility: 'private', data: [] },
    });
  });

  it('strips the description and lower-cases/strips the visibility', () => {
    const r = validateTemplateCreate({ ...base, type: 'extras', data: [], description: '\n  *Hi*  \n', visibility: ' PUBLIC ' }, ctx);
    assert.ok(r.ok);
    assert.strictEqual(r.value.description, '*Hi*');
    assert.strictEqual(r.value.visibility, 'public');
  });

  const fieldCases: [string, Record<string, unknown>, Record<string, string[]>][] = [
    ['identifier null', { identifier: null }, { identifier: ['Field may not be null.'] }],
    ['identifier number', { identifier: 5 }, { identifier: ['Not a valid string.'] }],
    ['identifier blank', { identifier: '   ' }, { identifier: ['String must not be empty.'] }],
    ['identifier too long', { identifier: 'a'.repeat(51) }, { identifier: ['Longer than maximum length 50.'] }],
    ['identifier with a space', { identifier: 'a b' }, { identifier: [IDENT_MSG] }],
    ['identifier with a dot', { identifier: 'a.b' }, { identifier: [IDENT_MSG] }],
    ['identifier too long and invalid', { identifier: `${'a'.repeat(50)}!` }, { identifier: ['Longer than maximum length 50.', IDENT_MSG] }],
    ['identifier in use', { identifier: 'taken' }, { identifier: ['Identifier is already in use.'] }],
    ['identifier in use after filters', { identifier: ' TAKEN ' }, { identifier: ['Identifier is already in use.'] }],
    ['title null', { title: null }, { title: ['Field may not be null.'] }],
    ['title list', { title: ['a'] }, { title: ['Not a valid string.'] }],
    ['title empty', { title: '' }, { title: ['String must not be empty.'] }],
    ['title blank', { title: ' \n\t ' }, { title: ['String must not be empty.'] }],
    ['title too long', { title: 'x'.repeat(151) }, { title: ['Longer than maximum length 150.'] }],
    ['description null', { description: null }, { description: ['Field may not be null.'] }],
    ['description number', { description: 1 }, { description: ['Not a valid string.'] }],
    ['description too long', { description: 'x'.repeat(50001) }, { description: ['Longer than maximum length 50000.'] }],
    ['visibility unknown', { visibility: 'secret' }, { visibility: ['Must be one of: private, public.'] }],
    ['visibility empty', { visibility: '' }, { visibility: ['Must be one of: private, public.'] }],
    ['visibility null', { visibility: null }, { visibility: ['Field may not be null.'] }],
    ['visibility bool', { visibility: true }, { visibility: ['Not a valid string.'] }],
    ['type unknown', { type: 'collection' }, { type: ['Must be one of: record, extras.'] }],
    ['type null', { type: null }, { type: ['Field may not be null.'] }],
    ['type number', { type: 1 }, { type: ['Not a valid string.'] }],
    ['data null', { data: null }, { data: ['Field may not be null.'] }],
  ];
  for (const [name, patch, errors] of fieldCases) {
    it(`field rule: ${name}`, () => {
      assert.deepStrictEqual(validateTemplateCreate({ ...base, type: 'extras', data: [], ...patch }, ctx), { ok: false, errors });
    });
  }

  it('accepts the length limits exactly', () => {
    const r = validateTemplateCreate(
      { identifier: 'a'.repeat(50), title: `  ${'x '.repeat(75)}`, type: 'extras', data: [], description: 'd'.repeat(50000) },
      ctx,
    );
    assert.ok(r.ok, JSON.stringify(r).slice(0, 200));
    assert.strictEqual(r.value.title.length, 149);
  });

  it('counts lengths in code points like Python', () => {
    assert.ok(validateTemplateCreate({ ...base, title: '😀'.repeat(150), type: 'extras', data: [] }, ctx).ok);
  });

  it('only asks for identifier uniqueness once the identifier is otherwise valid', () => {
    lookups.length = 0;
    validateTemplateCreate({ ...base, identifier: 'bad id', type: 'extras', data: [] }, ctx);
    assert.deepStrictEqual(lookups, []);
    validateTemplateCreate({ ...base, identifier: ' Good ', type: 'extras', data: [] }, ctx);
    assert.deepStrictEqual(lookups, ['good']);
  });

  it('rejects data of the wrong JSON kind for the type', () => {
    for (const data of [{}, 'x', 5, true]) {
      assert.deepStrictEqual(createExtras(data), { ok: false, errors: { data: { _schema: ['Invalid input type.'] } } });
    }
    for (const data of [[], 'x', 5]) {
      assert.deepStrictEqual(createRecord(data), { ok: false, errors: { data: { _schema: ['Invalid input type.'] } } });
    }
  });
});

describe('sandbox validation: data is only checked once all other fields are valid', () => {
  const badData = [{ key: 'a' }];
  it('reports only the title error when title and data are invalid', () => {
    assert.deepStrictEqual(validateTemplateCreate({ ...base, title: 'x'.repeat(151), type: 'extras', data: badData }, ctx), {
      ok: false,
      errors: { title: ['Longer than maximum length 150.'] },
    });
  });
  it('reports only the identifier error when it is in use', () => {
    assert.deepStrictEqual(validateTemplateCreate({ ...base, identifier: 'taken', type: 'extras', data: badData }, ctx), {
      ok: false,
      errors: { identifier: ['Identifier is already in use.'] },
    });
  });
  it('reports only the type error when the type is unknown', () => {
    assert.deepStrictEqual(validateTemplateCreate({ ...base, type: 'nope', data: 5 }, ctx), {
      ok: false,
      errors: { type: ['Must be one of: record, extras.'] },
    });
  });
  it('reports only the visibility error on PATCH', () => {
    assert.deepStrictEqual(validateTemplatePatch({ visibility: 'x', data: badData }, 'extras', ctx), {
      ok: false,
      errors: { visibility: ['Must be one of: private, public.'] },
    });
  });
  it('reports the data errors once the other fields are valid', () => {
    assert.deepStrictEqual(validateTemplateCreate({ ...base, type: 'extras', data: badData }, ctx), {
      ok: false,
      errors: { data: { 0: { type: ['Missing data for required field.', 'Invalid value.'] } } },
    });
  });
});

describe('sandbox validation: PATCH', () => {
  it('accepts an empty body and returns no fields', () => {
    assert.deepStrictEqual(validateTemplatePatch({}, 'extras', ctx), { ok: true, value: {} });
  });
  it('returns only the fields present, normalised; type, id and unknown keys are ignored', () => {
    assert.deepStrictEqual(
      validateTemplatePatch({ title: ' New   title ', type: 'bogus', id: 3, foo: 'bar', visibility: 'Public' }, 'extras', ctx),
      { ok: true, value: { title: 'New title', visibility: 'public' } },
    );
  });
  it('rejects a non-object body', () => {
    assert.deepStrictEqual(validateTemplatePatch([], 'record', ctx), { ok: false, errors: { _schema: ['Invalid input type.'] } });
  });
  it('applies the same field rules', () => {
    assert.deepStrictEqual(validateTemplatePatch({ identifier: null, title: '', data: null }, 'extras', ctx), {
      ok: false,
      errors: { identifier: ['Field may not be null.'], title: ['String must not be empty.'], data: ['Field may not be null.'] },
    });
    assert.deepStrictEqual(validateTemplatePatch({ identifier: 'taken' }, 'extras', ctx), {
      ok: false,
      errors: { identifier: ['Identifier is already in use.'] },
    });
  });
  it('validates data against the fixed type, replacing it wholesale', () => {
    assert.deepStrictEqual(validateTemplatePatch({ data: [] }, 'record', ctx), {
      ok: false,
      errors: { data: { _schema: ['Invalid input type.'] } },
    });
    assert.deepStrictEqual(validateTemplatePatch({ data: { title: 'T' }, type: 'extras' }, 'record', ctx), {
      ok: true,
      value: { data: { ...RECORD_DEFAULTS, title: 'T' } },
    });
    assert.deepStrictEqual(validateTemplatePatch({ data: [{ key: 'a', type: 'bool', value: true }] }, 'extras', ctx), {
      ok: true,
      value: { data: [{ key: 'a', type: 'bool', value: true }] },
    });
  });
});

describe('sandbox validation: record template data (§2.2)', () => {
  it('fills every default for an empty object', () => {
    expectRecord({}, {});
  });

  it('normalises a full record template', () => {
    expectRecord(
      {
        identifier: '  Sample-{id} '.replace('{id}', '01'),
        title: '  Sample   {date} ',
        description: '  Some *text*  ',
        type: '  Sample   TYPE ',
        license: 'CC-BY-4.0',
        tags: ['Steel', 'alloy', 'steel', '  Iron   ore ', 'alloy'],
        extras: [{ key: ' k ', type: 'str', value: ' v ' }],
        collections: [12, 3],
        record_links: [{ direction: 'out', record: 44, name: '  derived   from ' }, { direction: 'in', record: 1, name: 'x', term: ' http://x.org/t ' }],
        roles: [{ subject_type: 'group', subject_id: 2, role: 'editor' }],
        unknown: 'ignored',
      },
      {
        identifier: 'sample-01',
        title: 'Sample {date}',
        description: 'Some *text*',
        type: 'sample type',
        license: 'CC-BY-4.0',
        tags: ['alloy', 'iron ore', 'steel'],
        extras: [{ key: 'k', type: 'str', value: 'v' }],
        collections: [12, 3],
        record_links: [
          { direction: 'out', record: 44, name: 'derived from', term: null },
          { direction: 'in', record: 1, name: 'x', term: 'http://x.org/t' },
        ],
        roles: [{ subject_type: 'group', subject_id: 2, role: 'editor' }],
      },
    );
  });

  it('accepts empty strings and nulls where allowed', () => {
    expectRecord({ identifier: '  ', title: '', description: '', type: null, license: null }, {});
  });

  it('sorts tags by code point', () => {
    expectRecord({ tags: ['b', 'é', 'a', 'z'] }, { tags: ['a', 'b', 'z', 'é'] });
  });

  const cases: [string, Record<string, unknown>, unknown][] = [
    ['identifier invalid', { identifier: 'a b' }, { identifier: [IDENT_MSG] }],
    ['identifier too long', { identifier: 'a'.repeat(51) }, { identifier: ['Longer than maximum length 50.'] }],
    ['identifier null', { identifier: null }, { identifier: ['Field may not be null.'] }],
    ['title too long', { title: 't'.repeat(151) }, { title: ['Longer than maximum length 150.'] }],
    ['title number', { title: 1 }, { title: ['Not a valid string.'] }],
    ['description too long', { description: 'd'.repeat(50001) }, { description: ['Longer than maximum length 50000.'] }],
    ['type blank', { type: '   ' }, { type: ['String must not be empty.'] }],
    ['type too long', { type: 't'.repeat(51) }, { type: ['Longer than maximum length 50.'] }],
    ['license unknown', { license: 'GPL-9' }, { license: ['No license with this name exists.'] }],
    ['license number', { license: 5 }, { license: ['Not a valid string.'] }],
    ['tags not a list', { tags: 'steel' }, { tags: ['Invalid type.'] }], // Kadi 1.13.0's Pluck field
    ['tags null', { tags: null }, { tags: ['Field may not be null.'] }],
    ['tag not a string', { tags: ['ok', 5, ' '] }, { tags: { 1: ['Not a valid string.'], 2: ['String must not be empty.'] } }],
    ['tag too long', { tags: ['t'.repeat(51)] }, { tags: { 0: ['Longer than maximum length 50.'] } }],
    ['extras not a list', { extras: {} }, { extras: { _schema: ['Invalid input type.'] } }],
    ['extras null', { extras: null }, { extras: ['Field may not be null.'] }],
    [
      'extras entry errors',
      { extras: [{ key: 'a', type: 'int', value: 'x' }] },
      { extras: { 0: { value: ['Not a valid integer.'] } } },
    ],
    [
      'collections',
      // 1.5 and " 2 " are read as 1 and 2 (Python's int(), as the real server does); 0.5 as 0.
      { collections: [1, 0, -3, 'a', 1.5, null, true, ' 2 ', 0.5, '1.5'] },
      {
        collections: {
          1: ['Must be greater than or equal to 1.'],
          2: ['Must be greater than or equal to 1.'],
          3: ['Not a valid integer.'],
          5: ['Field may not be null.'],
          6: ['Not a valid integer.'],
          8: ['Must be greater than or equal to 1.'],
          9: ['Not a valid integer.'],
        },
      },
    ],
    ['collections not a list', { collections: 3 }, { collections: ['Not a valid list.'] }],
    [
      'record link fields',
      { record_links: [{ direction: 'up', record: 0, name: '  ', term: 'a b' }] },
      {
        record_links: {
          0: {
            direction: ['Must be one of: out, in.'],
            record: ['Must be greater than or equal to 1.'],
            name: ['String must not be empty.'],
            term: ['Not a valid IRI.'],
          },
        },
      },
    ],
    [
      'record link missing fields',
      { record_links: [{}] },
      {
        record_links: {
          0: {
            direction: ['Missing data for required field.'],
            record: ['Missing data for required field.'],
            name: ['Missing data for required field.'],
          },
        },
      },
    ],
    [
      'record link lengths',
      { record_links: [{ direction: 'in', record: 2, name: 'n'.repeat(151), term: `http://x/${'t'.repeat(2040)}` }] },
      { record_links: { 0: { name: ['Longer than maximum length 150.'], term: ['Longer than maximum length 2048.'] } } },
    ],
    [
      'record link not an object',
      { record_links: [{ direction: 'in', record: 2, name: 'n' }, 5] },
      { record_links: { 1: { _schema: ['Invalid input type.'] } } },
    ],
    [
      'roles',
      {
        roles: [
          { subject_type: 'user', subject_id: 1, role: null },
          { subject_type: 'team', subject_id: 'x', role: 'owner' },
          {},
          'editor',
        ],
      },
      {
        roles: {
          0: { role: ['Field may not be null.'] },
          1: {
            subject_type: ['Must be one of: user, group.'],
            subject_id: ['Not a valid integer.'],
            role: ['Must be one of: member, collaborator, editor, admin.'],
          },
          2: {
            subject_type: ['Missing data for required field.'],
            subject_id: ['Missing data for required field.'],
            role: ['Missing data for required field.'],
          },
          3: { _schema: ['Invalid input type.'] },
        },
      },
    ],
  ];
  for (const [name, data, errors] of cases) {
    it(`record data rule: ${name}`, () => expectRecordErrors(data, errors));
  }

  it('accepts every record role', () => {
    const roles = ['member', 'collaborator', 'editor', 'admin'].map((role, i) => ({ subject_type: 'user', subject_id: i + 1, role }));
    expectRecord({ roles }, { roles });
  });

  it('collects errors of several keys at once', () => {
    expectRecordErrors(
      { title: 5, license: 'nope', extras: [{ key: 'a', type: 'x' }] },
      { title: ['Not a valid string.'], license: ['No license with this name exists.'], extras: { 0: { type: ['Invalid value.'] } } },
    );
  });
});

describe('sandbox validation: extras entries (§2.3)', () => {
  it('stores each type with its normalised key set', () => {
    expectExtras(
      [
        { key: 's', type: 'str' },
        { key: 'i', type: 'int' },
        { key: 'f', type: 'float', value: 5 },
        { key: 'b', type: 'bool', value: false },
        { key: 'd', type: 'date', value: '2024-01-02T00:00:00Z' },
        { key: 'dict', type: 'dict' },
        { key: 'list', type: 'list', value: null },
      ],
      [
        { key: 's', type: 'str', value: null },
        { key: 'i', type: 'int', unit: null, value: null },
        { key: 'f', type: 'float', unit: null, value: 5 },
        { key: 'b', type: 'bool', value: false },
        { key: 'd', type: 'date', value: '2024-01-02T00:00:00+00:00' },
        { key: 'dict', type: 'dict', value: [] },
        { key: 'list', type: 'list', value: [] },
      ],
    );
  });

  it('stores keys in PostgreSQL JSONB order', () => {
    const r = createExtras([
      { validation: { required: true }, description: 'd', value: 1, unit: 'u', type: 'int', term: 'http://t', key: 'k' },
    ]);
    assert.ok(r.ok);
    assert.deepStrictEqual(Object.keys((r.value.data as object[])[0]), ['key', 'term', 'type', 'unit', 'value', 'validation', 'description']);
  });

  it('rejects entries that are not objects', () => {
    expectExtrasErrors([5, null, 'x', [], { key: 'ok', type: 'str' }], {
      0: { _schema: ['Invalid input type.'] },
      1: { _schema: ['Invalid input type.'] },
      2: { _schema: ['Invalid input type.'] },
      3: { _schema: ['Invalid input type.'] },
    });
  });

  describe('type', () => {
    const cases: [string, unknown, string[]][] = [
      ['missing', undefined, ['Missing data for required field.', 'Invalid value.']],
      ['null', null, ['Field may not be null.', 'Invalid value.']],
      ['number', 5, ['Not a valid string.', 'Invalid value.']],
      ['unknown', 'string', ['Invalid value.']],
      ['wrong case', 'Str', ['Invalid value.']],
      ['empty', '', ['Invalid value.']],
    ];
    for (const [name, type, msgs] of cases) {
      it(`type ${name}`, () => {
        const entry: Record<string, unknown> = { key: 'k', value: 'not checked' };
        if (type !== undefined) entry.type = type;
        expectEntryErrors(entry, { type: msgs });
      });
    }
    it('is stripped', () => expectEntry({ key: 'k', type: '  bool ' }, { key: 'k', type: 'bool', value: null }));
    it('skips value, unit and validation checks when invalid', () => {
      expectEntryErrors({ key: 'k', type: 'x', value: {}, unit: 'm', validation: { range: 5 } }, { type: ['Invalid value.'] });
    });
  });

  describe('key', () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['missing', {}, ['Missing data for required field.']],
      ['null', { key: null }, ['Field may not be null.']],
      ['number', { key: 1 }, ['Not a valid string.']],
      ['empty', { key: '' }, ['String must not be empty.']],
      ['blank', { key: ' \t\n' }, ['String must not be empty.']],
    ];
    for (const [name, patch, msgs] of cases) {
      it(`key ${name}`, () => expectEntryErrors({ type: 'str', ...patch }, { key: msgs }));
    }
    it('is whitespace-normalised, without length or character limits', () => {
      const long = `Ä/.${'x'.repeat(500)}`;
      expectExtras(
        [
          { key: '  my \t  key ', type: 'str' },
          { key: long, type: 'str' },
        ],
        [
          { key: 'my key', type: 'str', value: null },
          { key: long, type: 'str', value: null },
        ],
      );
    });
    it('marks the 2nd and later duplicates (after normalisation)', () => {
      expectExtrasErrors(
        [
          { key: 'a', type: 'str' },
          { key: 'b', type: 'str' },
          { key: ' a', type: 'int' },
          { key: 'a  ', type: 'bool', value: 'x' },
        ],
        { 2: { key: ['Duplicate value.'] }, 3: { key: ['Duplicate value.'], value: ['Not a valid boolean.'] } },
      );
    });
    it('is per array: the same key in a nested dict is fine, duplicates inside it are not', () => {
      expectExtrasErrors(
        [
          { key: 'a', type: 'str' },
          {
            key: 'd',
            type: 'dict',
            value: [
              { key: 'a', type: 'str' },
              { key: 'a', type: 'str' },
            ],
          },
        ],
        { 1: { value: { 1: { key: ['Duplicate value.'] } } } },
      );
    });
    it('is dropped unchecked inside lists (no duplicate check there)', () => {
      expectEntry(
        {
          key: 'l',
          type: 'list',
          value: [
            { key: 'dropped', type: 'str', value: 'a' },
            { key: 5, type: 'int' },
            { key: 'dropped', type: 'str' },
            { type: 'bool', value: true },
          ],
        },
        {
          key: 'l',
          type: 'list',
          value: [
            { type: 'str', value: 'a' },
            { type: 'int', unit: null, value: null },
            { type: 'str', value: null },
            { type: 'bool', value: true },
          ],
        },
      );
    });
  });

  describe('value', () => {
    const valid: [string, string, unknown, unknown][] = [
      ['str stripped', 'str', '  hello world \n', 'hello world'],
      ['str blank → null', 'str', '   ', null],
      ['int', 'int', -42, -42],
      ['int max', 'int', 9007199254740991, 9007199254740991],
      ['int min', 'int', -9007199254740991, -9007199254740991],
      ['int blank string → null', 'int', '  ', null],
      ['float from int', 'float', 5, 5],
      ['float', 'float', -1.25e-7, -1.25e-7],
      ['float blank string → null', 'float', '', null],
      ['bool true', 'bool', true, true],
      ['bool blank string → null', 'bool', ' ', null],
      ['date blank string → null', 'date', '\t', null],
    ];
    for (const [name, type, value, stored] of valid) {
      it(`accepts ${name}`, () => {
        const r = createExtras([{ key: 'k', type, value }]);
        assert.ok(r.ok, JSON.stringify(r));
        assert.deepStrictEqual((r.value.data as { value: unknown }[])[0].value, stored);
      });
    }

    const invalid: [string, string, unknown, string][] = [
      ['str number', 'str', 5, 'Not a valid string.'],
      ['str bool', 'str', true, 'Not a valid string.'],
      ['str object', 'str', {}, 'Not a valid string.'],
      ['int string', 'int', 'abc', 'Not a valid integer.'],
      ['int numeric string', 'int', ' 5 ', 'Not a valid integer.'],
      ['int fraction', 'int', 1.5, 'Not a valid integer.'],
      ['int bool', 'int', true, 'Not a valid integer.'],
      ['int too large', 'int', 9007199254740992, INT_BOUNDS],
      ['int too small', 'int', -9007199254740992, INT_BOUNDS],
      ['int huge', 'int', 1e300, INT_BOUNDS],
      ['float string', 'float', '1.5', 'Not a valid float.'],
      ['float bool', 'float', false, 'Not a valid float.'],
      ['float NaN', 'float', NaN, 'Not a valid float.'],
      ['float inf', 'float', Infinity, 'Not a valid float.'],
      ['float -inf', 'float', -Infinity, 'Not a valid float.'],
      ['bool string', 'bool', 'true', 'Not a valid boolean.'],
      ['bool number', 'bool', 1, 'Not a valid boolean.'],
      ['date garbage', 'date', 'yesterday', 'Not a valid date.'],
      ['date number', 'date', 20240102, 'Not a valid date.'],
      ['date bad month', 'date', '2024-13-01', 'Not a valid date.'],
      ['date bad day', 'date', '2023-02-29', 'Not a valid date.'],
      ['date bad hour', 'date', '2024-01-01T25:00:00', 'Not a valid date.'],
      ['date bad offset', 'date', '2024-01-01T10:00:00+25:00', 'Not a valid date.'],
      ['date trailing text', 'date', '2024-01-01T10:00:00 UTC', 'Not a valid date.'],
      ['date year 0', 'date', '0000-01-01', 'Not a valid date.'],
    ];
    for (const [name, type, value, msg] of invalid) {
      it(`rejects ${name}`, () => expectEntryErrors({ key: 'k', type, value }, { value: [msg] }));
    }

    it('dict/list values must be arrays of entries', () => {
      expectEntryErrors({ key: 'k', type: 'dict', value: 'abc' }, { value: { _schema: ['Invalid input type.'] } });
      expectEntryErrors({ key: 'k', type: 'list', value: {} }, { value: { _schema: ['Invalid input type.'] } });
      expectEntryErrors({ key: 'k', type: 'dict', value: [1] }, { value: { 0: { _schema: ['Invalid input type.'] } } });
      expectEntry({ key: 'k', type: 'dict', value: '  ' }, { key: 'k', type: 'dict', value: [] });
    });
  });

  describe('dates (ISO 8601 → UTC)', () => {
    const cases: [string, string][] = [
      ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05+00:00'],
      ['2024-01-02T03:04:05+00:00', '2024-01-02T03:04:05+00:00'],
      ['2024-01-02T03:04:05+02:00', '2024-01-02T01:04:05+00:00'],
      ['2024-01-02T03:04:05-0130', '2024-01-02T04:34:05+00:00'],
      ['2024-01-02T03:04:05+05', '2024-01-01T22:04:05+00:00'],
      ['2024-01-02T03:04:05', '2024-01-02T03:04:05+00:00'],
      ['2024-01-02 03:04', '2024-01-02T03:04:00+00:00'],
      ['2024-1-2T3:4', '2024-01-02T03:04:00+00:00'],
      ['2024-01-02T03:04:05.123456Z', '2024-01-02T03:04:05.123456+00:00'],
      ['2024-01-02T03:04:05.5Z', '2024-01-02T03:04:05.500000+00:00'],
      ['2024-01-02T03:04:05.1234567Z', '2024-01-02T03:04:05.123456+00:00'],
      ['2024-01-02T03:04:05.000Z', '2024-01-02T03:04:05+00:00'],
      ['2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00+00:00'],
      ['2024-01-02T03:04:05.123456789Z', '2024-01-02T03:04:05.123456+00:00'],
      ['0099-06-01T00:00:00Z', '0099-06-01T00:00:00+00:00'],
    ];
    for (const [input, stored] of cases) {
      it(`${input} → ${stored}`, () => {
        assert.strictEqual(parseIsoDateTime(input), stored);
        expectEntry({ key: 'd', type: 'date', value: ` ${input} ` }, { key: 'd', type: 'date', value: stored });
      });
    }
    // What the real Kadi4Mat 1.13 refuses (marshmallow's from_iso_datetime; test/real-kadi checks it).
    it('rejects dates without a time, hours alone, basic format, a comma fraction and a lower-case t', () => {
      for (const s of ['2024-01T10:00', '10:00:00', '2024-02-29', '2024-01', '2024', '20240102T030405Z', '2024-01-02T03', '2024-01-02T03:04:05,25Z', '2024-01-02t03:04:05Z', '2024-01-02T03:04:05+24:00']) {
        assert.strictEqual(parseIsoDateTime(s), null, s);
      }
    });
  });

  describe('unit', () => {
    it('int/float always carry unit, normalised', () => {
      expectExtras(
        [
          { key: 'a', type: 'int', value: 1 },
          { key: 'b', type: 'float', unit: '  kg \t m ', value: 2.5 },
          { key: 'c', type: 'float', unit: null },
        ],
        [
          { key: 'a', type: 'int', unit: null, value: 1 },
          { key: 'b', type: 'float', unit: 'kg m', value: 2.5 },
          { key: 'c', type: 'float', unit: null, value: null },
        ],
      );
    });
    it('a null unit on other types is dropped', () => {
      expectEntry({ key: 'a', type: 'str', unit: null }, { key: 'a', type: 'str', value: null });
      expectEntry({ key: 'a', type: 'dict', unit: null }, { key: 'a', type: 'dict', value: [] });
    });
    const notAllowed: [string, string][] = [
      ['str', 'string'],
      ['bool', 'boolean'],
      ['date', 'date'],
      ['dict', 'dictionary'],
      ['list', 'list'],
    ];
    for (const [type, pretty] of notAllowed) {
      it(`is not allowed on ${type}`, () => expectEntryErrors({ key: 'a', type, unit: 'm' }, { unit: [`Cannot be used together with ${pretty}.`] }));
    }
    it('must be a non-empty string', () => {
      expectEntryErrors({ key: 'a', type: 'int', unit: '  ' }, { unit: ['String must not be empty.'] });
      expectEntryErrors({ key: 'a', type: 'float', unit: 5 }, { unit: ['Not a valid string.'] });
      // The field error wins: no "Cannot be used together" on top.
      expectEntryErrors({ key: 'a', type: 'str', unit: 5 }, { unit: ['Not a valid string.'] });
    });
  });

  describe('description and term', () => {
    it('are stored stripped, only when supplied (also on dict/list)', () => {
      expectEntry(
        { key: 'a', type: 'dict', description: '  About \n', term: ' https://w3id.org/x#y ' },
        { key: 'a', type: 'dict', value: [], description: 'About', term: 'https://w3id.org/x#y' },
      );
    });
    const cases: [string, Record<string, unknown>, Record<string, string[]>][] = [
      ['description empty', { description: '' }, { description: ['String must not be empty.'] }],
      ['description blank', { description: '  ' }, { description: ['String must not be empty.'] }],
      ['description null', { description: null }, { description: ['Field may not be null.'] }],
      ['description number', { description: 3 }, { description: ['Not a valid string.'] }],
      ['term empty', { term: ' ' }, { term: ['String must not be empty.'] }],
      ['term null', { term: null }, { term: ['Field may not be null.'] }],
      ['term number', { term: 3 }, { term: ['Not a valid string.'] }],
    ];
    for (const [name, patch, errors] of cases) {
      it(name, () => expectEntryErrors({ key: 'a', type: 'str', ...patch }, errors));
    }
    for (const ch of ['<', '>', '"', ' ', '{', '}', '|', '\\', '^', '`']) {
      it(`term with ${JSON.stringify(ch)} is not a valid IRI`, () => {
        expectEntryErrors({ key: 'a', type: 'str', term: `http://x.org/a${ch}b` }, { term: ['Not a valid IRI.'] });
      });
    }
    it('term needs no scheme, only the forbidden characters are checked', () => {
      expectEntry({ key: 'a', type: 'str', term: 'urn:x:y' }, { key: 'a', type: 'str', value: null, term: 'urn:x:y' });
    });
  });

  describe('validation', () => {
    const stored = (type: string, validation: unknown, value: unknown = null) =>
      createExtras([{ key: 'k', type, value, validation }]);
    const storedValidation = (type: string, validation: unknown): unknown => {
      const r = stored(type, validation);
      assert.ok(r.ok, JSON.stringify(r));
      return (r.value.data as { validation?: unknown }[])[0].validation;
    };
    const errorsOf = (type: string, validation: unknown, value: unknown = null): unknown => {
      const r = stored(type, validation, value);
      assert.ok(!r.ok, 'expected errors');
      return (r.errors.data as Record<string, unknown>)['0'];
    };

    it('is removed when it ends up empty', () => {
      for (const v of [{}, { required: false }, { options: [] }, { range: { min: null, max: null } }, { range: {} }, { unknown: 1 }]) {
        assert.strictEqual(storedValidation('int', v), undefined, JSON.stringify(v));
      }
      assert.strictEqual(storedValidation('str', { iri: false }), undefined);
    });
    it('keeps only the non-default entries', () => {
      assert.deepStrictEqual(storedValidation('str', { required: true, iri: true, options: ['http://a', 'http://b', 'http://a'] }), {
        iri: true,
        options: ['http://a', 'http://b'],
        required: true,
      });
      assert.deepStrictEqual(storedValidation('int', { options: [3, 1, 3, 2], range: { min: 1 } }), {
        range: { max: null, min: 1 },
        options: [3, 1, 2],
      });
      assert.deepStrictEqual(storedValidation('float', { range: { max: 2, min: 2 }, options: [1, 2.5, 1] }), {
        range: { max: 2, min: 2 },
        options: [1, 2.5],
      });
      assert.deepStrictEqual(storedValidation('date', { required: true }), { required: true });
      assert.deepStrictEqual(storedValidation('bool', { required: true }), { required: true });
    });
    it('stores range keys in JSONB order', () => {
      assert.deepStrictEqual(Object.keys((storedValidation('float', { range: { min: 0 } }) as { range: object }).range), ['max', 'min']);
    });

    const entryErrors: [string, string, unknown, unknown][] = [
      ['null', 'str', null, ['Field may not be null.']],
      ['a number', 'str', 5, ['Not a valid mapping type.']],
      ['a list', 'int', [], ['Not a valid mapping type.']],
      ['on a dict, even empty', 'dict', {}, ['Cannot be used together with dictionary.']],
      ['on a list', 'list', { required: true }, ['Cannot be used together with list.']],
      ['required not a bool', 'str', { required: 'maybe' }, ['Required: Not a valid boolean.']],
      ['required null', 'str', { required: null }, ['Required: Field may not be null.']],
      ['options on bool', 'bool', { options: [true] }, ['Options: Cannot be used together with boolean.']],
      ['options on date', 'date', { options: [] }, ['Options: Cannot be used together with date.']],
      ['options not a list', 'str', { options: 'a' }, ['Options: Not a valid list.']],
      ['options null', 'str', { options: null }, ['Options: Field may not be null.']],
      ['int option not an int', 'int', { options: [1, '2', 3.5] }, ['Options: Not a valid integer.']],
      ['int option out of bounds', 'int', { options: [2 ** 60] }, [`Options: ${INT_BOUNDS}`]],
      ['float option not a float', 'float', { options: [1, 'x'] }, ['Options: Not a valid float.']],
      ['str option not a string', 'str', { options: ['a', 1] }, ['Options: Not a valid string.']],
      ['null option', 'str', { options: ['a', null] }, ['Options: Not a valid string.']],
      ['option not an IRI', 'str', { iri: true, options: ['http://ok', 'not ok'] }, ['Options: Not a valid IRI.']],
      ['range on str', 'str', { range: { min: 1 } }, ['Range: Cannot be used together with string.']],
      ['range on date', 'date', { range: {} }, ['Range: Cannot be used together with date.']],
      ['range not an object', 'int', { range: 5 }, ['Range: Invalid input type.']],
      ['range null', 'int', { range: null }, ['Range: Field may not be null.']],
      ['range bound not an int', 'int', { range: { min: 1.5, max: 'x' } }, ['Range: Not a valid integer.']],
      ['range bound not a float', 'float', { range: { max: true } }, ['Range: Not a valid float.']],
      ['range min > max', 'float', { range: { min: 2, max: 1.5 } }, ['Range: Minimum value cannot be greater than maximum value.']],
      ['iri on int', 'int', { iri: true }, ['IRI: Cannot be used together with integer.']],
      ['iri false on float', 'float', { iri: false }, ['IRI: Cannot be used together with float.']],
      ['iri not a bool', 'str', { iri: 'sure' }, ['IRI: Not a valid boolean.']],
      [
        'several field errors, flattened in field order',
        'str',
        { iri: null, range: 'x', options: 5, required: 2 },
        ['Required: Not a valid boolean.', 'Options: Not a valid list.', 'Range: Invalid input type.', 'IRI: Field may not be null.'],
      ],
      [
        // Kadi's @validates_schema raises at its first error: range, then options, then iri.
        'several type errors: only the first',
        'bool',
        { iri: true, range: { min: 1 }, options: ['a'] },
        ['Range: Cannot be used together with boolean.'],
      ],
      ['options and iri: only options', 'int', { iri: true, options: ['a'] }, ['Options: Not a valid integer.']],
      [
        'a field error and the first schema error',
        'bool',
        { required: 'maybe', iri: true, options: ['a'] },
        ['Required: Not a valid boolean.', 'Options: Cannot be used together with boolean.'],
      ],
    ];
    for (const [name, type, validation, msgs] of entryErrors) {
      it(`rejects ${name}`, () => assert.deepStrictEqual(errorsOf(type, validation), { validation: msgs }));
    }

    const applied: [string, string, unknown, unknown, string[]][] = [
      ['int below min', 'int', { range: { min: 10 } }, 5, ['Must be equal to or greater than 10.']],
      ['int above max', 'int', { range: { min: 0, max: 3 } }, 5, ['Must be equal to or smaller than 3.']],
      ['float below min prints Python float', 'float', { range: { min: 10 } }, 5, ['Must be equal to or greater than 10.0.']],
      ['float above max', 'float', { range: { max: 0.5 } }, 0.75, ['Must be equal to or smaller than 0.5.']],
      ['float tiny bound', 'float', { range: { min: 0.00001 } }, 0, ['Must be equal to or greater than 1e-05.']],
      ['int not an option', 'int', { options: [1, 2] }, 3, ['Must be one of: 1, 2.']],
      ['float not an option', 'float', { options: [1, 2.5] }, 3, ['Must be one of: 1.0, 2.5.']],
      ['str not an option', 'str', { options: ['a', 'b c'] }, 'c', ['Must be one of: a, b c.']],
      ['str not an IRI', 'str', { iri: true }, 'not an iri', ['Not a valid IRI.']],
      ['range and options both', 'int', { options: [1, 20], range: { max: 10 } }, 20, ['Must be equal to or smaller than 10.']],
      ['range and options both failing', 'int', { options: [1], range: { max: 10 } }, 11, ['Must be equal to or smaller than 10.', 'Must be one of: 1.']],
    ];
    for (const [name, type, validation, value, msgs] of applied) {
      it(`applies to the value: ${name}`, () => assert.deepStrictEqual(errorsOf(type, validation, value), { value: msgs }));
    }

    it('accepts values that satisfy the validation, and null values (required is not enforced in templates)', () => {
      expectExtras(
        [
          { key: 'a', type: 'int', value: 10, validation: { range: { min: 10, max: 10 } } },
          { key: 'b', type: 'float', value: 2.5, validation: { options: [1, 2.5] } },
          { key: 'c', type: 'str', value: ' http://x ', validation: { iri: true, required: true } },
          { key: 'd', type: 'int', value: null, validation: { required: true, range: { min: 5 } } },
          { key: 'e', type: 'str', value: '  ', validation: { options: ['x'] } },
        ],
        [
          { key: 'a', type: 'int', unit: null, value: 10, validation: { range: { max: 10, min: 10 } } },
          { key: 'b', type: 'float', unit: null, value: 2.5, validation: { options: [1, 2.5] } },
          { key: 'c', type: 'str', value: 'http://x', validation: { iri: true, required: true } },
          { key: 'd', type: 'int', unit: null, value: null, validation: { range: { max: null, min: 5 }, required: true } },
          { key: 'e', type: 'str', value: null, validation: { options: ['x'] } },
        ],
      );
    });

    it('is not applied when the validation itself is invalid, nor when the value has the wrong type', () => {
      assert.deepStrictEqual(errorsOf('int', { options: [1, 'x'] }, 3), { validation: ['Options: Not a valid integer.'] });
      assert.deepStrictEqual(errorsOf('int', { range: { min: 10 } }, 'abc'), { value: ['Not a valid integer.'] });
    });
  });

  it('nests errors of dict-in-list-in-dict under each entry\'s value, with string indices', () => {
    expectExtrasErrors(
      [
        { key: 'ok', type: 'str' },
        {
          key: 'outer',
          type: 'dict',
          value: [
            { key: 'fine', type: 'bool', value: true },
            {
              key: 'lst',
              type: 'list',
              value: [
                { type: 'int', value: 1 },
                {
                  type: 'dict',
                  value: [
                    { key: 'x', type: 'int', value: 'a' },
                    { key: 'y', type: 'str', unit: 'm' },
                    { type: 'str' },
                  ],
                },
                { key: 'ignored', value: 1 },
              ],
            },
          ],
        },
      ],
      {
        1: {
          value: {
            1: {
              value: {
                1: {
                  value: {
                    0: { value: ['Not a valid integer.'] },
                    1: { unit: ['Cannot be used together with string.'] },
                    2: { key: ['Missing data for required field.'] },
                  },
                },
                2: { type: ['Missing data for required field.', 'Invalid value.'] },
              },
            },
          },
        },
      },
    );
  });

  it('normalises nested structures recursively', () => {
    expectEntry(
      {
        key: ' outer ',
        type: 'dict',
        description: ' d ',
        value: [
          { key: 'n', type: 'float', value: 1, unit: ' mm ', validation: { range: { max: 2 } } },
          { key: 'l', type: 'list', value: [{ type: 'dict', value: [{ key: ' z ', type: 'date', value: '2024-05-06T07:08:09+02:00' }] }] },
        ],
      },
      {
        key: 'outer',
        type: 'dict',
        value: [
          { key: 'n', type: 'float', unit: 'mm', value: 1, validation: { range: { max: 2, min: null } } },
          { key: 'l', type: 'list', value: [{ type: 'dict', value: [{ key: 'z', type: 'date', value: '2024-05-06T05:08:09+00:00' }] }] },
        ],
        description: 'd',
      },
    );
  });
});

describe('sandbox validation: Python float formatting', () => {
  const cases: [number, string][] = [
    [0, '0.0'],
    [-0, '-0.0'],
    [5, '5.0'],
    [-2.5, '-2.5'],
    [0.1, '0.1'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [123456.789, '123456.789'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [12345678901234567, '1.2345678901234568e+16'],
    [1e22, '1e+22'],
    [-3.25e100, '-3.25e+100'],
  ];
  for (const [x, s] of cases) it(`${x} → ${s}`, () => assert.strictEqual(pyFloatRepr(x), s));
});

describe('sandbox validation: plainDescription', () => {
  const cases: [string, string][] = [
    ['Template for *tensile* tests.', 'Template for tensile tests.'],
    ['', ''],
    ['  plain   text\n\nnext  ', 'plain text next'],
    ['# Title\n\nSome **bold** and __strong__ and _em_ text.', 'Title Some bold and strong and em text.'],
    ['snake_case_name stays', 'snake_case_name stays'],
    ['A [link](https://example.org "t") and ![img](a.png)', 'A link and img'],
    ['- one\n- two\n  * three\n1. four', 'one two three four'],
    ['> quoted\n> text', 'quoted text'],
    ['```python\nx = 1\n```\nafter', 'x = 1 after'],
    ['Use `a*b*c` here', 'Use a*b*c here'],
    ['a <b>bold</b> &amp; &lt;tag&gt; &#169;', 'a bold & <tag> ©'],
    ['Title\n=====\n\n---\n\ntext', 'Title text'],
    ['~~gone~~ kept', 'gone kept'],
    ['\\*not emphasis\\*', '*not emphasis*'],
    ['| a | b |\n|---|---|\n| 1 | 2 |', 'a b 1 2'],
  ];
  for (const [md, text] of cases) it(JSON.stringify(md), () => assert.strictEqual(plainDescription(md), text));
});
