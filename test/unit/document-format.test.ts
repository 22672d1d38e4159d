// Template ↔ document text: key order, round trip, and what a save refuses before any request.
import * as assert from 'node:assert/strict';
import {
  canonicalData,
  documentFromSnapshot,
  editableValues,
  parseDocument,
  positionAt,
  renderTemplate,
} from '../../src/kadi/document';
import type { Template } from '../../src/kadi/types';
import { aTemplate } from '../support/builders';

/** Recursively sorts object keys, as Flask's JSON output does. */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

const extrasTemplate: Template = aTemplate({
  description: 'Template for *tensile* tests.',
  plain_description: 'Template for tensile tests.',
  data: [
    { key: 'force', type: 'float', unit: 'N', value: null, validation: { range: { max: null, min: 0 } } },
    { key: 'operator', type: 'str', value: 'lab', description: 'Who ran it', validation: { options: ['lab', 'field'], required: true } },
    { key: 'sample', type: 'dict', value: [{ key: 'id', type: 'int', unit: null, value: null }, { type: 'list', key: 'tags', value: [{ type: 'str', value: 'a' }] }] },
  ],
  _links: { self: 'https://kadi.example.edu/api/templates/7' },
  _actions: { edit: 'https://kadi.example.edu/api/templates/7' },
});

const expectedExtrasText = `{
  "identifier": "tensile-test",
  "title": "Tensile test",
  "description": "Template for *tensile* tests.",
  "visibility": "private",
  "type": "extras",
  "data": [
    {
      "key": "force",
      "type": "float",
      "value": null,
      "unit": "N",
      "validation": {
        "range": {
          "min": 0,
          "max": null
        }
      }
    },
    {
      "key": "operator",
      "type": "str",
      "value": "lab",
      "description": "Who ran it",
      "validation": {
        "required": true,
        "options": [
          "lab",
          "field"
        ]
      }
    },
    {
      "key": "sample",
      "type": "dict",
      "value": [
        {
          "key": "id",
          "type": "int",
          "value": null,
          "unit": null
        },
        {
          "key": "tags",
          "type": "list",
          "value": [
            {
              "type": "str",
              "value": "a"
            }
          ]
        }
      ]
    }
  ]
}
`;

describe('document format', () => {
  it('renders the editable fields in canonical order, 2-space indented, with a trailing newline', () => {
    assert.equal(renderTemplate(extrasTemplate), expectedExtrasText);
  });

  it('leaves server-managed fields out of the text', () => {
    const text = renderTemplate(extrasTemplate);
    for (const k of ['"id":', 'plain_description', '"state"', 'created_at', 'last_modified', 'creator', '_links', '_actions']) {
      assert.ok(!text.includes(k), k);
    }
  });

  it('does not depend on the key order the server used (sorted keys give the same text)', () => {
    const sorted = sortedKeys(extrasTemplate) as Template;
    assert.equal(renderTemplate(sorted), expectedExtrasText);
  });

  it('orders record-template data like Kadi’s form, unknown keys last', () => {
    const data = sortedKeys({
      identifier: '',
      title: 'Sample {date}',
      description: '',
      type: 'sample',
      license: 'CC-BY-4.0',
      tags: ['steel'],
      extras: [{ value: 1, type: 'int', key: 'n', unit: null }],
      collections: [12],
      record_links: [{ term: null, record: 44, name: 'derived from', direction: 'out' }],
      roles: [{ role: 'editor', subject_id: 2, subject_type: 'group' }],
      zzz_future: true,
    });
    const canon = canonicalData(data) as Record<string, unknown>;
    assert.deepEqual(Object.keys(canon), [
      'identifier', 'title', 'description', 'type', 'license', 'tags', 'extras', 'collections', 'record_links', 'roles', 'zzz_future',
    ]);
    assert.deepEqual(Object.keys((canon.extras as object[])[0]), ['key', 'type', 'value', 'unit']);
    assert.deepEqual(Object.keys((canon.record_links as object[])[0]), ['direction', 'record', 'name', 'term']);
    assert.deepEqual(Object.keys((canon.roles as object[])[0]), ['subject_type', 'subject_id', 'role']);
  });

  it('round-trips: parsing the rendered text gives the template’s editable values', () => {
    const parsed = parseDocument(renderTemplate(extrasTemplate), 'extras');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.values, editableValues(extrasTemplate));
  });

  it('renders a revision snapshot in the same format, inferring the type from the data', () => {
    const { identifier, title, description, visibility, data } = extrasTemplate;
    const doc = documentFromSnapshot({ identifier, title, description, visibility, data });
    assert.equal(doc.type, 'extras');
    assert.equal(documentFromSnapshot({ identifier, title, description, visibility, data: { extras: [] } as never }).type, 'record');
  });

  it('never mutates its input', () => {
    const copy = JSON.parse(JSON.stringify(extrasTemplate));
    renderTemplate(extrasTemplate);
    assert.deepEqual(extrasTemplate, copy);
  });
});

describe('parseDocument', () => {
  const text = renderTemplate(extrasTemplate);

  it('reports a syntax error with line and column (1-based)', () => {
    const broken = text.replace('"title": "Tensile test",', '"title": "Tensile test"');
    const r = parseDocument(broken, 'extras');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.match(r.message, /not valid JSON: comma expected at line 4, column 3\./);
    assert.equal(r.line, 4);
    assert.equal(r.column, 3);
  });

  it('refuses comments, trailing commas and an empty document', () => {
    assert.match((parseDocument('// x\n' + text, 'extras') as { message: string }).message, /comments are not allowed/);
    assert.equal(parseDocument(text.replace('"private",', '"private",,'), 'extras').ok, false);
    assert.equal(parseDocument('', 'extras').ok, false);
  });

  it('refuses a changed type with a clear message', () => {
    const r = parseDocument(text.replace('"type": "extras"', '"type": "record"'), 'extras');
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /type cannot be changed: this is an "extras" template.*Set "type" back to "extras"/);
  });

  it('accepts a document without "type" (it is shown, not needed)', () => {
    const r = parseDocument(text.replace('  "type": "extras",\n', ''), 'extras');
    assert.ok(r.ok);
  });

  it('refuses server-managed and unknown fields, names missing ones', () => {
    const withId = text.replace('{\n', '{\n  "id": 7,\n');
    assert.match((parseDocument(withId, 'extras') as { message: string }).message, /"id" is managed by the Kadi4Mat server/);
    const unknown = text.replace('{\n', '{\n  "colour": 7,\n');
    assert.match((parseDocument(unknown, 'extras') as { message: string }).message, /Unknown field "colour"/);
    const missing = text.replace('  "title": "Tensile test",\n', '');
    assert.match((parseDocument(missing, 'extras') as { message: string }).message, /lacks "title"/);
    assert.match((parseDocument('[]', 'extras') as { message: string }).message, /one JSON object/);
  });

  it('ignores a "$schema" key', () => {
    const r = parseDocument(text.replace('{\n', '{\n  "$schema": "kadi://x/schema.json",\n'), 'extras');
    assert.ok(r.ok);
  });
});

describe('positionAt', () => {
  it('counts LF, CRLF and CR line ends', () => {
    assert.deepEqual(positionAt('ab\ncd', 4), { line: 1, character: 1 });
    assert.deepEqual(positionAt('ab\r\ncd', 5), { line: 1, character: 1 });
    assert.deepEqual(positionAt('ab\rcd', 3), { line: 1, character: 0 });
    assert.deepEqual(positionAt('ab', 99), { line: 0, character: 2 });
  });
});
