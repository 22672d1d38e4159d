// Item texts: tooltip, role as far as known without extra requests, revision labels.
import * as assert from 'node:assert/strict';
import { deriveRole, escapeMarkdown, formatTime, revisionLabel, revisionSummary, templateTooltip } from '../../src/explorer/describe';
import type { Revision, Template, User } from '../../src/kadi/types';

const alice: User = { id: 1, displayname: 'Alice *A*', orcid: null, state: 'active', identity: { type: 'local', username: 'alice' }, _links: {} };

function template(over: Partial<Template> = {}): Template {
  return {
    id: 7,
    identifier: 'tensile-test',
    title: 'Tensile test',
    description: 'x',
    plain_description: 'Template for tensile tests.',
    visibility: 'private',
    state: 'active',
    type: 'extras',
    data: [],
    created_at: '2024-03-01T09:15:22.123456+00:00',
    last_modified: '2024-03-04T16:02:10.554201+00:00',
    creator: alice,
    _links: {},
    _actions: { edit: 'x' },
    ...over,
  };
}

describe('explorer: item texts', () => {
  it('formats times in local time, minutes precision', () => {
    const d = new Date('2024-03-04T16:02:10Z');
    const expected = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:02`;
    assert.equal(formatTime('2024-03-04T16:02:10.554201+00:00'), expected);
    assert.equal(formatTime('garbage'), 'garbage');
  });

  it('role: creator = admin; a known direct role; otherwise unknown (no guessing from _actions)', () => {
    assert.deepEqual(deriveRole(template(), { userId: 1 }), { role: 'admin', why: 'creator' });
    assert.deepEqual(deriveRole(template(), { userId: 2, learned: { role: 'editor', why: 'direct role' } }), { role: 'editor', why: 'direct role' });
    assert.equal(deriveRole(template(), { userId: 2 }), undefined);
    assert.equal(deriveRole(template({ creator: undefined }), { userId: 1 }), undefined);
  });

  it('tooltip: type, visibility, creator, dates, role, description; server text escaped', () => {
    const md = templateTooltip(template(), { userId: 1 });
    assert.match(md, /`tensile-test` · Extras template · private/);
    assert.match(md, /Created by Alice \\\*A\\\* \(alice\) on 2024-03-0\d/);
    assert.match(md, /Last modified 2024-03-0\d/);
    assert.match(md, /Your role: \*\*admin\*\* \(creator\)/);
    assert.match(md, /Template for tensile tests\\\./);
    const other = templateTooltip(template({ creator: undefined, visibility: 'public' }), {});
    assert.match(other, /public \(every signed-in user can read it\)/);
    assert.match(other, /Created by unknown \(the token lacks user\.read\)/);
    assert.doesNotMatch(other, /Your role/);
    assert.equal(escapeMarkdown('[x](y)'), '\\[x\\]\\(y\\)');
  });

  it('revision label and what it changed', () => {
    const r: Revision = {
      id: 3,
      timestamp: '2024-03-04T16:02:10.551002+00:00',
      user: alice,
      object_id: 7,
      data: { identifier: 'a', title: 't', description: '', visibility: 'private', data: [], state: 'active' },
      diff: { title: 'Old', data: [] },
      _links: { parent: 'p' },
    };
    assert.match(revisionLabel(r), /^2024-03-0\d \d\d:02 — Alice \*A\*$/);
    assert.equal(revisionLabel({ ...r, user: undefined }).endsWith('— unknown user'), true);
    assert.equal(revisionSummary(r), 'changed title, data');
    assert.equal(revisionSummary({ ...r, _links: {}, diff: { title: null, identifier: null } }), 'created');
    assert.equal(revisionSummary({ ...r, diff: { state: 'active' }, data: { ...r.data, state: 'deleted' } }), 'moved to trash');
    assert.equal(revisionSummary({ ...r, diff: { state: 'deleted' } }), 'restored');
  });
});
