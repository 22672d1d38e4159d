// Each problem once: the syntax errors VS Code's JSON support reports are not repeated.
import * as assert from 'node:assert/strict';
import { withoutRepeated } from '../../src/diagnostics/noise';
import { validateTemplateText } from '../../src/validation';

describe('diagnostics: each problem once', () => {
  const broken = '{\n  "identifier": "x,\n  "title": "T"\n}\n';

  it('a json document: syntax errors are left to VS Code, the rest stays', () => {
    const all = validateTemplateText(broken, {});
    assert.ok(all.some((d) => d.code === 'syntax'), 'the engine finds the syntax error');
    assert.deepEqual(withoutRepeated(all, { languageId: 'json', jsonValidation: true }), []);
    const other = [{ offset: 0, length: 1, message: 'Not a valid float.', severity: 'error' as const, code: 'type', path: [] }];
    assert.deepEqual(withoutRepeated([...all, ...other], { languageId: 'json', jsonValidation: true }), other);
  });

  it('ours stay where VS Code does not check syntax (json.validate.enable off, other languages)', () => {
    const all = validateTemplateText(broken, {});
    assert.deepEqual(withoutRepeated(all, { languageId: 'json', jsonValidation: false }), all);
    assert.deepEqual(withoutRepeated(all, { languageId: 'plaintext', jsonValidation: true }), all);
  });
});
