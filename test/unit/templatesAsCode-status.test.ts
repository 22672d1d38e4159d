// The template folder format: manifest, status computation and push planning (pure).
import * as assert from 'node:assert/strict';
import { renderTemplate } from '../../src/kadi/document';
import type { Template } from '../../src/kadi/types';
import { ManifestError, contentHash, emptyManifest, parseManifest, serializeManifest, type Manifest } from '../../src/templatesAsCode/manifest';
import { entryFor, pullAction } from '../../src/templatesAsCode/pull';
import { planPush } from '../../src/templatesAsCode/push';
import { GROUP_OF, computeStatus, type StatusEntry } from '../../src/templatesAsCode/status';

function tpl(id: number, identifier: string, lastModified: string, over: Partial<Template> = {}): Template {
  return {
    id,
    identifier,
    title: `Title ${identifier}`,
    description: '',
    plain_description: '',
    visibility: 'private',
    state: 'active',
    type: 'extras',
    data: [{ key: 'force', type: 'float', value: null, unit: 'N' }],
    created_at: '2024-01-01T00:00:00.000000+00:00',
    last_modified: lastModified,
    _links: {},
    _actions: {},
    ...over,
  };
}

const T1 = '2024-01-01T10:00:00.000000+00:00';
const T2 = '2024-01-02T10:00:00.000000+00:00';

function pulled(...ts: Template[]): { manifest: Manifest; files: Map<string, string> } {
  const manifest = emptyManifest('https://kadi.example.edu');
  const files = new Map<string, string>();
  for (const t of ts) {
    manifest.templates[`${t.identifier}.kadi-template.json`] = entryFor(t);
    files.set(`${t.identifier}.kadi-template.json`, renderTemplate(t));
  }
  return { manifest, files };
}

const states = (entries: StatusEntry[]) => Object.fromEntries(entries.map((e) => [e.file, e.state]));

describe('templates as code: manifest', () => {
  it('serializes with a fixed key order and files sorted, and reads back the same', async () => {
    const m = emptyManifest('https://kadi.example.edu', { type: 'extras', query: 'tensile' });
    m.templates['b.kadi-template.json'] = { hash: 'sha256:2', lastModified: T2, identifier: 'b', id: 2 } as never;
    m.templates['a.kadi-template.json'] = { id: 1, identifier: 'a', lastModified: T1, hash: 'sha256:1' };
    const text = serializeManifest(m);
    assert.equal(
      text,
      [
        '{',
        '  "version": 1,',
        '  "instance": "https://kadi.example.edu",',
        '  "pull": {',
        '    "query": "tensile",',
        '    "type": "extras"',
        '  },',
        '  "templates": {',
        '    "a.kadi-template.json": {',
        '      "id": 1,',
        '      "identifier": "a",',
        `      "lastModified": "${T1}",`,
        '      "hash": "sha256:1"',
        '    },',
        '    "b.kadi-template.json": {',
        '      "id": 2,',
        '      "identifier": "b",',
        `      "lastModified": "${T2}",`,
        '      "hash": "sha256:2"',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(parseManifest(text), { ...m, pull: { query: 'tensile', type: 'extras' } });
    assert.equal(serializeManifest(parseManifest(text)), text);
  });

  it('refuses manifests it does not understand, naming the problem', async () => {
    assert.throws(() => parseManifest('{'), ManifestError);
    assert.throws(() => parseManifest('{"version": 2, "instance": "x", "templates": {}}'), /version 2/);
    assert.throws(() => parseManifest('{"version": 1, "templates": {}}'), /instance/);
    assert.throws(() => parseManifest('{"version": 1, "instance": "x", "templates": {"../x.kadi-template.json": {}}}'), /not a file name/);
    assert.throws(() => parseManifest('{"version": 1, "instance": "x", "templates": {"x.kadi-template.json": {"id": 1}}}'), /needs id, identifier/);
  });

  it('hashes content, not formatting', async () => {
    const t = tpl(1, 'a', T1);
    const text = renderTemplate(t);
    const reindented = JSON.stringify(JSON.parse(text), null, 4);
    assert.equal(contentHash(reindented), contentHash(text));
    assert.notEqual(contentHash(renderTemplate({ ...t, title: 'Other' })), contentHash(text));
    // An extra field is a change (push would refuse it), not hidden by the canonical form.
    assert.notEqual(contentHash(text.replace('{', '{"id": 1,')), contentHash(text));
  });
});

describe('templates as code: status', () => {
  it('all four groups, and unchanged', async () => {
    const a = tpl(1, 'a', T1);
    const b = tpl(2, 'b', T1);
    const c = tpl(3, 'c', T1);
    const d = tpl(4, 'd', T1);
    const { manifest, files } = pulled(a, b, c, d);
    files.set('a.kadi-template.json', renderTemplate({ ...a, title: 'Edited here' })); // local
    files.set('new.kadi-template.json', renderTemplate(tpl(0, 'new', T1))); // new locally
    const cServer = { ...c, title: 'Edited there', last_modified: T2 }; // server
    files.set('d.kadi-template.json', renderTemplate({ ...d, title: 'Mine' })); // conflict
    const dServer = { ...d, title: 'Theirs', last_modified: T2 };
    const e = tpl(5, 'e', T1); // new on the server
    const entries = computeStatus(manifest, files, { templates: [a, b, cServer, dServer, e], missing: new Set() });
    assert.deepEqual(states(entries), {
      'a.kadi-template.json': 'modified',
      'b.kadi-template.json': 'unchanged',
      'c.kadi-template.json': 'server-changed',
      'd.kadi-template.json': 'conflict',
      'e.kadi-template.json': 'server-new',
      'new.kadi-template.json': 'added',
    });
    const groups = Object.fromEntries(entries.map((x) => [x.file, GROUP_OF[x.state]]));
    assert.deepEqual(groups, {
      'a.kadi-template.json': 'local',
      'b.kadi-template.json': undefined,
      'c.kadi-template.json': 'server',
      'd.kadi-template.json': 'conflict',
      'e.kadi-template.json': 'server',
      'new.kadi-template.json': 'new',
    });
  });

  it('a new last_modified with the same content (a role change) is not a change', async () => {
    const a = tpl(1, 'a', T1);
    const { manifest, files } = pulled(a);
    const entries = computeStatus(manifest, files, { templates: [{ ...a, last_modified: T2 }], missing: new Set() });
    assert.equal(entries[0].state, 'unchanged');
    assert.equal(pullAction(entries[0], false), 'tracked');
  });

  it('the same change on both sides is not a conflict', async () => {
    const a = tpl(1, 'a', T1);
    const { manifest, files } = pulled(a);
    files.set('a.kadi-template.json', renderTemplate({ ...a, title: 'Same' }));
    const entries = computeStatus(manifest, files, { templates: [{ ...a, title: 'Same', last_modified: T2 }], missing: new Set() });
    assert.equal(entries[0].state, 'unchanged');
  });

  it('identifier renamed on the server: same file, changed on the server', async () => {
    const a = tpl(1, 'a', T1);
    const { manifest, files } = pulled(a);
    const entries = computeStatus(manifest, files, { templates: [{ ...a, identifier: 'a-v2', last_modified: T2 }], missing: new Set() });
    assert.deepEqual(states(entries), { 'a.kadi-template.json': 'server-changed' });
    assert.equal(entries[0].server?.identifier, 'a-v2');
  });

  it('identifier renamed here: modified (push PATCHes the identifier)', async () => {
    const a = tpl(1, 'a', T1);
    const { manifest, files } = pulled(a);
    files.set('a.kadi-template.json', renderTemplate({ ...a, identifier: 'a-v2' }));
    const entries = computeStatus(manifest, files, { templates: [a], missing: new Set() });
    assert.deepEqual(states(entries), { 'a.kadi-template.json': 'modified' });
    const [step] = await planPush(entries);
    assert.equal(step.kind, 'update');
    assert.equal(step.kind === 'update' && step.values.identifier, 'a-v2');
  });

  it('a renamed file (git mv) is followed by content or identifier', async () => {
    const a = tpl(1, 'a', T1);
    const b = tpl(2, 'b', T1);
    const { manifest, files } = pulled(a, b);
    files.set('renamed-a.kadi-template.json', files.get('a.kadi-template.json')!);
    files.delete('a.kadi-template.json');
    files.set('renamed-b.kadi-template.json', renderTemplate({ ...b, title: 'moved and edited' }));
    files.delete('b.kadi-template.json');
    const entries = computeStatus(manifest, files, { templates: [a, b], missing: new Set() });
    assert.deepEqual(states(entries), { 'renamed-a.kadi-template.json': 'unchanged', 'renamed-b.kadi-template.json': 'modified' });
    assert.equal(entries[0].movedFrom, 'a.kadi-template.json');
    assert.equal(pullAction(entries[0], false), 'tracked');
    assert.equal(entries[1].id, 2);
  });

  it('deleted on the server: unchanged file → server-deleted; changed file → conflict', async () => {
    const a = tpl(1, 'a', T1);
    const b = tpl(2, 'b', T1);
    const { manifest, files } = pulled(a, b);
    files.set('b.kadi-template.json', renderTemplate({ ...b, title: 'edited' }));
    const entries = computeStatus(manifest, files, { templates: [], missing: new Set([1, 2]) });
    assert.deepEqual(states(entries), { 'a.kadi-template.json': 'server-deleted', 'b.kadi-template.json': 'conflict' });
    assert.equal(pullAction(entries[0], false), 'removed');
    assert.equal(pullAction(entries[1], false), 'conflict');
    // Even with --overwrite, push cannot bring back a deleted template by PATCH.
    const steps = await planPush(entries, { overwrite: true });
    assert.deepEqual(steps.map((s) => s.kind), ['refuse']);
    assert.match((steps[0] as { reason: string }).reason, /trash/);
  });

  it('deleted locally: listed under local changes, never deleted on the server, restored by pull', async () => {
    const a = tpl(1, 'a', T1);
    const { manifest, files } = pulled(a);
    files.delete('a.kadi-template.json');
    const entries = computeStatus(manifest, files, { templates: [a], missing: new Set() });
    assert.deepEqual(states(entries), { 'a.kadi-template.json': 'deleted-locally' });
    assert.equal(GROUP_OF['deleted-locally'], 'local');
    assert.deepEqual((await planPush(entries)).map((s) => s.kind), ['skip']);
    assert.equal(pullAction(entries[0], false), 'written');
  });

  it('an untracked file whose identifier the server already has is a conflict, unless equal', async () => {
    const a = tpl(1, 'a', T1);
    const files = new Map([['a.kadi-template.json', renderTemplate({ ...a, title: 'mine' })]]);
    const m = emptyManifest('https://kadi.example.edu');
    assert.deepEqual(states(computeStatus(m, files, { templates: [a], missing: new Set() })), { 'a.kadi-template.json': 'conflict' });
    files.set('a.kadi-template.json', renderTemplate(a));
    const [same] = computeStatus(m, files, { templates: [a], missing: new Set() });
    assert.equal(same.state, 'unchanged');
    assert.equal(pullAction(same, false), 'tracked');
  });

  it('a server template whose file name is taken gets a name with its id', async () => {
    const a = tpl(1, 'a', T1);
    const { manifest, files } = pulled(a);
    const renamed = { ...a, identifier: 'z', last_modified: T2 };
    const newA = tpl(7, 'a', T2);
    const entries = computeStatus(manifest, files, { templates: [renamed, newA], missing: new Set() });
    assert.deepEqual(states(entries), { 'a.7.kadi-template.json': 'server-new', 'a.kadi-template.json': 'server-changed' });
  });
});

describe('templates as code: push planning and pull decisions', () => {
  it('creates new files, updates changed ones, refuses conflicts unless overwrite, and validation errors always', async () => {
    const a = tpl(1, 'a', T1);
    const d = tpl(4, 'd', T1);
    const { manifest, files } = pulled(a, d);
    files.set('a.kadi-template.json', renderTemplate({ ...a, title: 'Edited' }));
    files.set('d.kadi-template.json', renderTemplate({ ...d, title: 'Mine' }));
    files.set('new.kadi-template.json', renderTemplate(tpl(0, 'new', T1, { type: 'record', data: { identifier: '', title: '', description: '', type: null, license: null, tags: [], extras: [], collections: [], record_links: [], roles: [] } })));
    files.set('bad.kadi-template.json', renderTemplate(tpl(0, 'bad', T1, { data: [{ key: 'n', type: 'int', value: 'five' }] })));
    files.set('broken.kadi-template.json', '{ "identifier": ');
    const entries = computeStatus(manifest, files, { templates: [a, { ...d, title: 'Theirs', last_modified: T2 }], missing: new Set() });

    const plan = Object.fromEntries((await planPush(entries)).map((s) => [s.file, s.kind]));
    assert.deepEqual(plan, {
      'a.kadi-template.json': 'update',
      'bad.kadi-template.json': 'refuse',
      'broken.kadi-template.json': 'refuse',
      'd.kadi-template.json': 'refuse',
      'new.kadi-template.json': 'create',
    });
    const bad = (await planPush(entries)).find((s) => s.file === 'bad.kadi-template.json')!;
    assert.match((bad as { reason: string }).reason, /1 validation error: .*integer/i);
    const withOverwrite = (await planPush(entries, { overwrite: true })).find((s) => s.file === 'd.kadi-template.json')!;
    assert.deepEqual([withOverwrite.kind, withOverwrite.kind === 'update' && withOverwrite.overwrite], ['update', true]);
    const only = await planPush(entries, { only: new Set(['a.kadi-template.json']) });
    assert.deepEqual(only.map((s) => s.file), ['a.kadi-template.json']);
  });

  it('a changed type is refused before anything is sent', async () => {
    const a = tpl(1, 'a', T1);
    const { manifest, files } = pulled(a);
    files.set('a.kadi-template.json', renderTemplate(a).replace('"type": "extras"', '"type": "record"'));
    const [step] = await planPush(computeStatus(manifest, files, { templates: [a], missing: new Set() }));
    assert.equal(step.kind, 'refuse');
    assert.match((step as { reason: string }).reason, /type cannot be changed/);
  });

  it('pull keeps unpushed local edits unless told to discard them', async () => {
    const a = tpl(1, 'a', T1);
    const { manifest, files } = pulled(a);
    files.set('a.kadi-template.json', renderTemplate({ ...a, title: 'Edited' }));
    const [e] = computeStatus(manifest, files, { templates: [a], missing: new Set() });
    assert.equal(pullAction(e, false), 'kept');
    assert.equal(pullAction(e, true), 'written');
  });
});
