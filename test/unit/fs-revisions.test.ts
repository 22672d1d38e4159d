// The pure parts of the revision commands: targets, the previous revision, the restore PATCH.
import * as assert from 'node:assert/strict';
import { isRevisionTarget, parentRevisionId, restorePatch, revisionTargetFromUri } from '../../src/revisions/target';
import type { Revision, TemplateSnapshot } from '../../src/kadi/types';
import { aRevision, aTemplate } from '../support/builders';

const snapshot: TemplateSnapshot = { identifier: 'x', title: 'Old', description: '', visibility: 'private', data: [{ key: 'a', type: 'str', value: null }], state: 'active' };
const revision = (links?: Record<string, string>): Revision => aRevision(snapshot, { _links: links });
const current = aTemplate({ ...snapshot, id: 7, type: 'extras', title: 'New', data: [{ key: 'a', type: 'str', value: 'v' }] });

describe('revision commands (pure parts)', () => {
  it('finds the parent revision id in _links.parent', () => {
    assert.equal(parentRevisionId(revision({ parent: 'https://kadi.example.edu/api/v1/templates/7/revisions/40' })), 40);
    assert.equal(parentRevisionId(revision({ self: 'https://kadi.example.edu/api/templates/7/revisions/42' })), undefined);
    assert.equal(parentRevisionId(revision()), undefined);
  });

  it('restores only what differs from the current version', () => {
    assert.deepEqual(restorePatch(current, revision()), { patch: { title: 'Old', data: snapshot.data }, fields: ['title', 'data'] });
    const same = aTemplate({ ...current, title: 'Old', data: snapshot.data });
    assert.deepEqual(restorePatch(same, revision()).fields, []);
  });

  it('takes targets from tree nodes and from kadi: revision URIs', () => {
    assert.ok(isRevisionTarget({ instanceId: 'h', templateId: 1, revisionId: 2, identifier: 'x' }));
    assert.ok(!isRevisionTarget({ instanceId: 'h', templateId: 1 }));
    assert.deepEqual(revisionTargetFromUri('h', '/templates/1/revisions/2/x.kadi-template.json'), { instanceId: 'h', templateId: 1, revisionId: 2, identifier: 'x' });
    assert.equal(revisionTargetFromUri('h', '/templates/1/x.kadi-template.json'), undefined);
    assert.equal(revisionTargetFromUri('', '/templates/1/revisions/2/x.kadi-template.json'), undefined);
  });
});
