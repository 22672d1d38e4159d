// The schema for VS Code's JSON language features, checked with the language service VS Code
// itself uses: hover texts and completions come from it, diagnostics do not (the engine's
// own diagnostics would otherwise appear twice).
import * as assert from 'assert';
import { getLanguageService, TextDocument, type JSONSchema } from 'vscode-json-languageservice';
import { editorSchema, templateDocumentSchema, validateTemplateText } from '../../src/validation';

const URI = 'kadi://sandbox/templates/1/tensile-test.kadi-template.json';

function service(schema: unknown) {
  const ls = getLanguageService({});
  ls.configure({ validate: true, schemas: [{ uri: 'kadi://schemas/template.json', fileMatch: [URI], schema: schema as JSONSchema }] });
  return ls;
}

const INVALID = JSON.stringify(
  { identifier: 'A b!', title: '', description: 5, visibility: 'secret', type: 'extras', id: 3, data: [{ key: 'a', type: 'strr', unit: 'mm', value: 'x', validation: { range: { min: 2, max: 1 } } }] },
  null,
  2,
);

describe('validation: schema for the JSON language features', () => {
  it('makes the language service report nothing, where the full schema would duplicate our diagnostics', async () => {
    assert.ok(validateTemplateText(INVALID, { type: 'extras' }).length >= 6);
    const doc = TextDocument.create(URI, 'json', 1, INVALID);
    const quiet = service(editorSchema());
    assert.deepStrictEqual(await quiet.doValidation(doc, quiet.parseJSONDocument(doc)), []);
    const noisy = service(structuredClone(templateDocumentSchema));
    assert.ok((await noisy.doValidation(doc, noisy.parseJSONDocument(doc))).length > 0);
  });

  it('suggests the extra types and visibilities, with descriptions', async () => {
    const text = '{"visibility": , "type": "extras", "data": [{"key": "a", "type": }]}';
    const doc = TextDocument.create(URI, 'json', 1, text);
    const ls = service(editorSchema());
    const at = async (after: string) => {
      const list = await ls.doComplete(doc, doc.positionAt(text.lastIndexOf(after) + after.length), ls.parseJSONDocument(doc));
      return list!.items.map((i) => i.label);
    };
    assert.deepStrictEqual((await at('"visibility": ')).sort(), ['"private"', '"public"']);
    const types = await at('"type": ');
    for (const t of ['str', 'int', 'float', 'bool', 'date', 'dict', 'list']) assert.ok(types.includes(`"${t}"`), `${t} in ${types}`);
  });

  it('shows the schema descriptions on hover, also inside the branch of an extra\'s type', async () => {
    const text = JSON.stringify({ identifier: 'a', type: 'extras', data: [{ key: 'k', type: 'int', unit: 'mm', validation: { range: { min: 1 } } }] }, null, 2);
    const doc = TextDocument.create(URI, 'json', 1, text);
    const ls = service(editorSchema());
    const hover = async (word: string) => {
      const h = await ls.doHover(doc, doc.positionAt(text.indexOf(word) + 2), ls.parseJSONDocument(doc));
      return JSON.stringify(h?.contents ?? '');
    };
    assert.match(await hover('"identifier"'), /Unique identifier of the template/);
    assert.match(await hover('"unit"'), /Unit of an int or float extra/);
    assert.match(await hover('"range"'), /Inclusive bounds/);
  });
});
