// Item texts: tooltip, role as far as known without extra requests, revision labels.
import * as assert from 'node:assert/strict';
import { currentLocale, formatDate, useLocale } from '../../src/ui/time';
import { deriveRole, escapeMarkdown, formatTime, relativeTime, revisionDescription, revisionLabel, revisionSummary, revisionTooltip, templateTooltip } from '../../src/explorer/describe';
import type { Revision, Template, User } from '../../src/kadi/types';
import { aTemplate } from '../support/builders';

const alice: User = { id: 1, displayname: 'Alice *A*', orcid: null, state: 'active', identity: { type: 'local', username: 'alice' }, _links: {} };

const template = (over: Partial<Template> = {}): Template =>
  aTemplate({ description: 'x', plain_description: 'Template for tensile tests.', creator: alice, _actions: { edit: 'x' }, ...over });

describe('explorer: item texts', () => {
  it('formats times in the user’s locale (Intl), local time, minutes precision; one format everywhere', () => {
    const d = new Date('2024-03-04T16:02:10Z');
    try {
      useLocale('en-US');
      assert.equal(formatTime('2024-03-04T16:02:10.554201+00:00'), new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(d));
      assert.match(formatTime('2024-03-04T16:02:10Z'), /^Mar 4, 2024, \d{1,2}:02\s?[AP]M$/);
      assert.match(formatDate('2024-03-04T16:02:10Z'), /^Mar [345], 2024$/);
      useLocale('de-DE');
      assert.match(formatTime('2024-03-04T16:02:10Z'), /^0[345]\.03\.2024, \d{2}:02$/);
      useLocale('no-such-locale-!!');
      assert.equal(currentLocale(), 'de-DE', 'an unknown tag keeps the last good one');
      assert.equal(formatTime('garbage'), 'garbage');
    } finally {
      useLocale(undefined);
    }
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
    assert.match(md, /Created by Alice \\\*A\\\* \(alice\) on Mar [0-9], 2024, /);
    assert.match(md, /Last modified Mar [0-9], 2024, /);
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
    // What changed first (it survives a narrow side bar), who and when after it, all in the tooltip.
    assert.equal(revisionLabel(r), 'title, data');
    assert.equal(revisionLabel({ ...r, diff: {} }), 'no changes');
    assert.equal(revisionLabel({ ...r, _links: {}, diff: { title: null, identifier: null } }), 'created');
    const now = Date.parse(r.timestamp);
    assert.equal(revisionDescription(r, now + 2 * 3600_000 + 5000), `#${r.id} · ${alice.displayname.split(' ')[0]} · 2 h ago`);
    assert.equal(revisionDescription({ ...r, user: undefined }, now + 30_000), `#${r.id} · unknown user · just now`);
    assert.equal(revisionDescription(r, now + 3 * 24 * 3600_000), `#${r.id} · ${alice.displayname.split(' ')[0]} · 3 d ago`);
    assert.match(revisionDescription(r, now + 40 * 24 * 3600_000), /· Mar [0-9], 2024$/);
    const tip = revisionTooltip(r, 'tensile-test');
    assert.match(tip, /^\*\*Revision 3 of tensile\\-test\*\*/);
    assert.match(tip, /changed title, data/);
    assert.match(tip, /by Alice \\\*A\\\* \(@alice\) on Mar [0-9], 2024, \d{1,2}:02\s?[AP]M/);
    assert.equal(revisionSummary(r), 'changed title, data');
    assert.equal(revisionSummary({ ...r, _links: {}, diff: { title: null, identifier: null } }), 'created');
    assert.equal(revisionSummary({ ...r, diff: { state: 'active' }, data: { ...r.data, state: 'deleted' } }), 'moved to trash');
    assert.equal(revisionSummary({ ...r, diff: { state: 'deleted' } }), 'restored');
  });

  it('relative times: minutes, hours, days, then the date', () => {
    const now = Date.parse('2024-03-10T12:00:00Z');
    assert.equal(relativeTime('2024-03-10T11:59:30Z', now), 'just now');
    assert.equal(relativeTime('2024-03-10T11:55:00Z', now), '5 min ago');
    assert.equal(relativeTime('2024-03-10T09:00:00Z', now), '3 h ago');
    assert.equal(relativeTime('2024-03-08T12:00:00Z', now), '2 d ago');
    assert.equal(relativeTime('2024-01-01T12:00:00Z', now), formatDate('2024-01-01T12:00:00Z'));
    assert.equal(relativeTime('2024-03-11T12:00:00Z', now), formatDate('2024-03-11T12:00:00Z'), 'a clock ahead of ours: the date');
    assert.equal(relativeTime('nonsense', now), 'nonsense');
  });
});
