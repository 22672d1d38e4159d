// The schema VS Code's JSON language features read for a record document: hints, no constraints.
import * as assert from 'node:assert/strict';
import { createAjv } from '../../src/validation/ajv';
import { deriveRecordSchema } from '../../src/validation';
import { HINTS_COMMENT, recordSchemaHints, recordSchemaHintsText } from '../../src/validation/recordHints';

const SCHEMA = deriveRecordSchema({
  type: 'extras',
  data: [
    { key: 'force', type: 'float', unit: 'N', value: null, description: 'Maximum force', validation: { required: true, range: { min: 0, max: null } } },
    { key: 'operator', type: 'str', value: 'lab', validation: { options: ['lab', 'field'] } },
    { key: 'tested_on', type: 'date', value: null },
    { key: 'specimen', type: 'dict', value: [{ key: 'id', type: 'int', unit: null, value: null, validation: { required: true } }, { key: 'layers', type: 'list', value: [{ type: 'str', value: null }] }] },
  ],
});

describe('validation: record schema hints for the JSON language features', () => {
  it('keeps names, descriptions, defaults; options become suggestions', () => {
    const h = recordSchemaHints(SCHEMA);
    assert.equal(h.$schema, SCHEMA.$schema);
    assert.equal(h.$comment, HINTS_COMMENT);
    assert.deepEqual(h.properties, {
      force: { description: 'Maximum force' },
      operator: { default: 'lab', defaultSnippets: [{ label: '"lab"', body: 'lab' }, { label: '"field"', body: 'field' }] },
      tested_on: {},
      specimen: { properties: { id: {}, layers: { prefixItems: [{}] } } },
    });
  });

  it('accepts anything the export refuses: nothing left to validate twice', () => {
    const strict = createAjv(false).compile(SCHEMA);
    const loose = createAjv(false).compile(recordSchemaHints(SCHEMA));
    const wrong = { force: 'much', operator: 'remote', tested_on: 'soon', specimen: { layers: [1] } };
    assert.equal(strict(wrong), false);
    assert.equal(loose(wrong), true, JSON.stringify(loose.errors));
    assert.equal(loose({ force: null, operator: null, tested_on: null, specimen: null }), true);
  });

  it('works on the served text; leaves a text that is not a schema object alone', () => {
    assert.deepEqual(JSON.parse(recordSchemaHintsText(JSON.stringify(SCHEMA))), recordSchemaHints(SCHEMA));
    assert.equal(recordSchemaHintsText('not json'), 'not json');
    assert.equal(recordSchemaHintsText('[1]'), '[1]');
  });
});
