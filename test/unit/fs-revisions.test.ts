// The pure parts of the revision commands: targets, the previous revision, the restore PATCH.
import * as assert from 'node:assert/strict';
import { isRevisionTarget, parentRevisionId, restorePatch, revisionTargetFromUri } from '../../src/revisions/target';
import type { Revision, Template } from '../../src/kadi/types';

const snapshot = { identifier: 'x', title: 'Old', description: '', visibility: 'private' as const, data: [{ key: 'a', type: 'str' as const, value: null }], state: 'active' as const };
const revision = (links?: Record<string, string>): Revision => ({ id: 42, timestamp: '2024-03-04T16:02:10.551002+00:00', object_id: 7, data: snapshot, diff: {}, _links: links });
const current = { ...snapshot, id: 7, type: 'extras', title: 'New', data: [{ key: 'a', type: 'str', value: 'v' }] } as unknown as Template;

describe('revision commands (pure parts)', () => {
  it('finds the parent revision id in _links.parent', () => {
    assert.equal(parentRevisionId(revision({ parent: 'https://kadi.example.edu/api/v1/templates/7/revisions/40' })), 40);
    assert.equal(parentRevisionId(revision({ self: 'https://kadi.example.edu/api/templates/7/revisions/42' })), undefined);
    assert.equal(parentRevisionId(revision()), undefined);
  });

  it('restores only what differs from the current version', () => {
    assert.deepEqual(restorePatch(current, revision()), { patch: { title: 'Old', data: snapshot.data }, fields: ['title', 'data'] });
    const same = { ...current, title: 'Old', data: snapshot.data } as unknown as Template;
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
