// The `kadi:` path scheme: every document is identified by its path alone.
import * as assert from 'node:assert/strict';
import { exportPath, parseKadiDirectory, parseKadiPath, revisionPath, templatePath } from '../../src/kadi/templateUri';

describe('kadi paths', () => {
  it('builds template, revision and export paths', () => {
    assert.equal(templatePath(7, 'tensile-test'), '/templates/7/tensile-test.kadi-template.json');
    assert.equal(revisionPath(7, 42, 'tensile-test'), '/templates/7/revisions/42/tensile-test #42.kadi-template.json', 'the tab says which revision');
    assert.deepEqual(parseKadiPath('/templates/7/revisions/42/tensile-test.kadi-template.json'), { kind: 'revision', templateId: 7, revisionId: 42, identifier: 'tensile-test' }, 'the former name (restored editors)');
    assert.equal(exportPath(7, 'tensile-test', 'json'), '/templates/7/export/tensile-test.json');
    assert.equal(exportPath(7, 'tensile-test', 'json-schema'), '/templates/7/tensile-test.schema.json');
    assert.equal(exportPath(7, 'tensile-test', 'shacl'), '/templates/7/export/tensile-test.ttl');
  });

  it('round-trips through parseKadiPath', () => {
    assert.deepEqual(parseKadiPath(templatePath(7, 'a_b-c')), { kind: 'template', templateId: 7, identifier: 'a_b-c' });
    assert.deepEqual(parseKadiPath(revisionPath(7, 42, 'x')), { kind: 'revision', templateId: 7, revisionId: 42, identifier: 'x' });
    assert.deepEqual(parseKadiPath(exportPath(7, 'x', 'json-schema')), { kind: 'export', templateId: 7, exportType: 'json-schema', identifier: 'x' });
    assert.deepEqual(parseKadiPath(exportPath(7, 'x', 'json')), { kind: 'export', templateId: 7, exportType: 'json', identifier: 'x' });
    assert.deepEqual(parseKadiPath(exportPath(7, 'x', 'shacl')), { kind: 'export', templateId: 7, exportType: 'shacl', identifier: 'x' });
  });

  it('serves the JSON-Schema export beside the template, and still at its former place in export/', () => {
    assert.deepEqual(parseKadiPath('/templates/7/tensile-test.schema.json'), { kind: 'export', templateId: 7, exportType: 'json-schema', identifier: 'tensile-test' });
    assert.deepEqual(parseKadiPath('/templates/7/export/tensile-test.schema.json'), { kind: 'export', templateId: 7, exportType: 'json-schema', identifier: 'tensile-test' });
    assert.equal(parseKadiPath('/templates/7/.schema.json'), undefined);
  });

  it('identifies a template by id, whatever the file name says (a renamed template still opens)', () => {
    assert.deepEqual(parseKadiPath('/templates/12/old-name.kadi-template.json'), { kind: 'template', templateId: 12, identifier: 'old-name' });
  });

  it('keeps odd identifiers file-name safe', () => {
    assert.equal(templatePath(3, 'a/b'), '/templates/3/a_b.kadi-template.json');
    assert.equal(templatePath(3, ''), '/templates/3/template.kadi-template.json');
  });

  it('rejects what is not a document', () => {
    for (const p of [
      '/',
      '/templates',
      '/templates/7',
      '/templates/0/x.kadi-template.json',
      '/templates/-1/x.kadi-template.json',
      '/templates/07/x.kadi-template.json',
      '/templates/abc/x.kadi-template.json',
      '/templates/7/x.json',
      '/templates/7/.kadi-template.json',
      '/templates/7/revisions/x/y.kadi-template.json',
      '/templates/7/revisions/3/y.json',
      '/templates/7/export/x.txt',
      '/templates/7/other/x.kadi-template.json',
      'templates/7/x.kadi-template.json',
      '/records/7/x.kadi-template.json',
      '/templates/99999999999999999/x.kadi-template.json',
    ]) {
      assert.equal(parseKadiPath(p), undefined, p);
    }
  });

  it('refuses invalid ids when building', () => {
    assert.throws(() => templatePath(0, 'x'));
    assert.throws(() => revisionPath(1, 1.5, 'x'));
  });

  it('parses directories', () => {
    assert.deepEqual(parseKadiDirectory('/'), { kind: 'root' });
    assert.deepEqual(parseKadiDirectory(''), { kind: 'root' });
    assert.deepEqual(parseKadiDirectory('/templates'), { kind: 'templates' });
    assert.deepEqual(parseKadiDirectory('/templates/7'), { kind: 'template-dir', templateId: 7 });
    assert.deepEqual(parseKadiDirectory('/templates/7/revisions'), { kind: 'revisions-dir', templateId: 7 });
    assert.deepEqual(parseKadiDirectory('/templates/7/revisions/3'), { kind: 'revision-dir', templateId: 7, revisionId: 3 });
    assert.deepEqual(parseKadiDirectory('/templates/7/export'), { kind: 'export-dir', templateId: 7 });
    assert.equal(parseKadiDirectory('/templates/7/x.kadi-template.json'), undefined);
    assert.equal(parseKadiDirectory('/other'), undefined);
  });
});
