// Which fields a save sends, and the conflict decision right before the PATCH.
import * as assert from 'node:assert/strict';
import { changedFields, jsonEqual, patchOf } from '../../src/kadi/changes';
import { decideConflict, overwritePatch } from '../../src/kadi/conflict';
import type { EditableValues } from '../../src/kadi/document';

const base: EditableValues = {
  identifier: 'tensile-test',
  title: 'Tensile test',
  description: '',
  visibility: 'private',
  data: [{ key: 'force', type: 'float', value: null, unit: 'N' }],
};
const with_ = (o: Partial<EditableValues>): EditableValues => ({ ...base, ...o });

describe('jsonEqual', () => {
  it('ignores object key order, not array order', () => {
    assert.ok(jsonEqual({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1 }));
    assert.ok(!jsonEqual([1, 2], [2, 1]));
    assert.ok(!jsonEqual({ a: 1 }, { a: 1, b: undefined }));
    assert.ok(!jsonEqual(null, {}));
    assert.ok(!jsonEqual([], {}));
    assert.ok(!jsonEqual('1', 1));
    assert.ok(jsonEqual(5, 5.0));
  });
});

describe('changedFields / patchOf', () => {
  it('finds nothing when nothing changed (a reordered document is no change)', () => {
    const reordered = with_({ data: [{ unit: 'N', value: null, type: 'float', key: 'force' }] });
    assert.deepEqual(changedFields(base, reordered), []);
    assert.deepEqual(patchOf(reordered, []), {});
  });

  it('sends only changed fields, data whole', () => {
    const edited = with_({ title: 'Tensile', data: [{ key: 'force', type: 'float', value: null, unit: 'kN' }] });
    const fields = changedFields(base, edited);
    assert.deepEqual(fields, ['title', 'data']);
    assert.deepEqual(patchOf(edited, fields), { title: 'Tensile', data: [{ key: 'force', type: 'float', value: null, unit: 'kN' }] });
  });
});

describe('decideConflict', () => {
  const readAt = '2024-03-04T16:02:10.554201+00:00';
  const later = '2024-03-05T08:00:00.000001+00:00';

  it('server unchanged: patch the local changes', () => {
    const d = decideConflict({ readAt, base, serverLastModified: readAt, server: base, local: with_({ title: 'New' }) });
    assert.deepEqual(d, { kind: 'unchanged', patch: { title: 'New' }, fields: ['title'] });
  });

  it('last_modified bumped without content change (e.g. a role change): no conflict', () => {
    const d = decideConflict({ readAt, base, serverLastModified: later, server: base, local: with_({ title: 'New' }) });
    assert.equal(d.kind, 'merge');
    assert.deepEqual(d.kind === 'merge' && d.patch, { title: 'New' });
  });

  it('server changed another field: save only ours, keep theirs', () => {
    const server = with_({ description: 'theirs' });
    const d = decideConflict({ readAt, base, serverLastModified: later, server, local: with_({ title: 'mine' }) });
    assert.deepEqual(d, { kind: 'merge', patch: { title: 'mine' }, fields: ['title'], serverChanged: ['description'] });
  });

  it('same field changed on both sides to different values: conflict', () => {
    const server = with_({ title: 'theirs', data: [] });
    const d = decideConflict({ readAt, base, serverLastModified: later, server, local: with_({ title: 'mine' }) });
    assert.deepEqual(d, { kind: 'conflict', conflicting: ['title'], serverChanged: ['title', 'data'] });
  });

  it('data changed on both sides (it is sent whole): conflict', () => {
    const server = with_({ data: [{ key: 'force', type: 'float', value: 1, unit: 'N' }] });
    const local = with_({ data: [{ key: 'force', type: 'float', value: null, unit: 'kN' }] });
    const d = decideConflict({ readAt, base, serverLastModified: later, server, local });
    assert.equal(d.kind, 'conflict');
  });

  it('both sides made the same change: nothing to send', () => {
    const server = with_({ title: 'same' });
    const d = decideConflict({ readAt, base, serverLastModified: later, server, local: with_({ title: 'same' }) });
    assert.deepEqual(d, { kind: 'merge', patch: {}, fields: [], serverChanged: ['title'] });
  });

  it('overwrite makes the server equal to the document', () => {
    const server = with_({ title: 'theirs', description: 'theirs too' });
    const local = with_({ title: 'mine' });
    assert.deepEqual(overwritePatch(server, local), { patch: { title: 'mine', description: '' }, fields: ['title', 'description'] });
  });
});
