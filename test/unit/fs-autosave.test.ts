// Which saves of a kadi: document reach the server (the rest become local drafts).
import * as assert from 'node:assert/strict';
import { normalizeAutoSave, uploadOrDraft, uploadsOnBlur } from '../../src/fs/autoSavePolicy';

describe('auto-save policy', () => {
  it('explicit saves and non-editor writes always upload', () => {
    for (const s of ['off', 'onFocusChange', 'afterDelay'] as const) {
      assert.equal(uploadOrDraft(1, s), 'upload');
      assert.equal(uploadOrDraft(undefined, s), 'upload');
    }
  });

  it('"off" (default) keeps every auto-save as a draft', () => {
    assert.equal(uploadOrDraft(2, 'off'), 'draft');
    assert.equal(uploadOrDraft(3, 'off'), 'draft');
    assert.equal(uploadsOnBlur('off'), false);
  });

  it('"onFocusChange" uploads focus-change saves and drafts on blur, not after-delay saves', () => {
    assert.equal(uploadOrDraft(2, 'onFocusChange'), 'draft');
    assert.equal(uploadOrDraft(3, 'onFocusChange'), 'upload');
    assert.equal(uploadsOnBlur('onFocusChange'), true);
  });

  it('"afterDelay" uploads every auto-save', () => {
    assert.equal(uploadOrDraft(2, 'afterDelay'), 'upload');
    assert.equal(uploadOrDraft(3, 'afterDelay'), 'upload');
  });

  it('unknown setting values mean "off"', () => {
    assert.equal(normalizeAutoSave('sometimes'), 'off');
    assert.equal(normalizeAutoSave(undefined), 'off');
    assert.equal(normalizeAutoSave('afterDelay'), 'afterDelay');
  });
});
