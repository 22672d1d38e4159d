// The editing core (the `kadi:` file system's TemplateFiles, the code behind every editor)
// against the real Kadi4Mat: open → edit → save sends exactly the changed fields and makes one
// revision; conflicts; Kadi's 400 mapped to the saved text; rights; revisions; drafts.
import * as assert from 'node:assert/strict';
import { KadiClient, type KadiClientOptions } from '../../src/kadi/client';
import { parseKadiPath, revisionPath, templatePath } from '../../src/kadi/templateUri';
import { toMs, type DocLocation } from '../../src/fs/templateFiles';
import { SEED_TEMPLATES, SEED_USERS } from '../../src/sandbox';
import { clientSource, dec, enc, fsFailure, templateFilesOn } from '../support/templateFiles';
import { realKadi } from './instance';

const T = SEED_TEMPLATES;

interface Sent {
  method: string;
  path: string;
  body?: unknown;
}

/** A client whose requests (method, path, parsed body) are recorded as the server received them. */
function recordingClient(token: string, sent: Sent[]): KadiClient {
  const fetchImpl = (async (url: string, init: { method?: string; body?: string }) => {
    const u = new URL(url);
    sent.push({ method: init.method ?? 'GET', path: u.pathname.replace(/^\/api(\/v1)?/, ''), body: init.body ? JSON.parse(init.body) : undefined });
    return fetch(url, init as RequestInit);
  }) as unknown as KadiClientOptions['fetchImpl'];
  return new KadiClient({ baseUrl: realKadi().url, token, maxRetries: 0, fetchImpl });
}

function harness(token = 'pat_sandbox_alice') {
  const sent: Sent[] = [];
  const client = recordingClient(token, sent);
  const { files, prompts, conflicts } = templateFilesOn(clientSource(client));
  return { files, prompts, sent, conflicts, client };
}

const as = (token: string) => new KadiClient({ baseUrl: realKadi().url, token, maxRetries: 0 });

function loc(path: string): DocLocation {
  const p = parseKadiPath(path);
  assert.ok(p, path);
  return { key: `kadi://real${path}`, instanceId: 'real', path: p, serverSnapshot: false };
}

async function open(h: ReturnType<typeof harness>, id: number, identifier: string): Promise<{ l: DocLocation; text: string }> {
  const l = loc(templatePath(id, identifier));
  await h.files.stat(l);
  return { l, text: dec(await h.files.read(l)) };
}

describe('real Kadi4Mat: the editing core', function () {
  this.timeout(60_000);
  beforeEach(() => realKadi().reset());

  it('open: stat gives the server\'s last_modified; the text is the document format', async () => {
    const h = harness();
    const { l, text } = await open(h, T.tensileTest, 'tensile-test');
    const server = await as('pat_sandbox_alice').getTemplate(T.tensileTest);
    assert.equal((await h.files.stat(l)).mtime, toMs(server.last_modified));
    assert.match(text, /^\{\n {2}"identifier": "tensile-test",\n {2}"title": "Tensile test",/);
    assert.equal((await h.files.stat(l)).readonly, false);
  });

  it('a save PATCHes exactly the changed field and makes one revision', async () => {
    const h = harness();
    const { l, text } = await open(h, T.tensileTest, 'tensile-test');
    const revisions = (await h.client.listRevisions(T.tensileTest)).items.length;
    h.sent.length = 0;
    const out = await h.files.write(l, enc(text.replace('"Tensile test"', '"Tensile test (ISO)"')), 'upload');
    assert.equal(out.kind, 'saved');
    const patches = h.sent.filter((s) => s.method === 'PATCH');
    assert.deepEqual(patches, [{ method: 'PATCH', path: `/templates/${T.tensileTest}`, body: { title: 'Tensile test (ISO)' } }]);
    const now = await as('pat_sandbox_alice').getTemplate(T.tensileTest);
    assert.equal(now.title, 'Tensile test (ISO)');
    assert.equal((await h.client.listRevisions(T.tensileTest)).items.length, revisions + 1);
    // An unchanged save sends nothing.
    h.sent.length = 0;
    assert.deepEqual(await h.files.write(l, enc(text.replace('"Tensile test"', '"Tensile test (ISO)"')), 'upload'), { kind: 'unchanged' });
    assert.deepEqual(h.sent.filter((s) => s.method === 'PATCH'), []);
  });

  it('a changed extra sends data whole; the server\'s normalisation comes back into the editor', async () => {
    const h = harness();
    const { l, text } = await open(h, T.tensileTest, 'tensile-test');
    const out = await h.files.write(l, enc(text.replace('"unit": "N"', '"unit": "  kN "').replace('"Tensile test"', '"  Tensile   test "')), 'upload');
    assert.ok(out.kind === 'saved' && out.refresh, 'the server normalised the text');
    const patch = h.sent.find((s) => s.method === 'PATCH');
    assert.deepEqual(Object.keys(patch?.body as object).sort(), ['data', 'title']);
    h.files.settle(l.key);
    const stored = dec(await h.files.read(l));
    assert.match(stored, /"title": "Tensile test"/);
    assert.match(stored, /"unit": "kN"/);
  });

  it('a 400 the gate cannot foresee (identifier in use) maps Kadi\'s error onto the text; nothing changes', async () => {
    const h = harness();
    const { l, text } = await open(h, T.tensileTest, 'tensile-test');
    const bad = text.replace('"identifier": "tensile-test"', '"identifier": "sample-record"');
    const f = await fsFailure(h.files.write(l, enc(bad), 'upload'));
    assert.match(f.message, /Kadi4Mat refused it: identifier: Identifier is already in use\./);
    const p = f.problems?.items.find((x) => x.path.join('.') === 'identifier');
    assert.ok(p);
    assert.equal(bad.slice(p.offset, p.offset + p.length), '"sample-record"');
    assert.equal((await as('pat_sandbox_alice').getTemplate(T.tensileTest)).identifier, 'tensile-test');
  });

  it('the save gate refuses what the real server would refuse, before any request', async () => {
    const h = harness();
    const { l, text } = await open(h, T.tensileTest, 'tensile-test');
    h.sent.length = 0;
    // A date without a time: refused by Kadi 1.13, so refused here without asking it.
    const f = await fsFailure(h.files.write(l, enc(text.replace('"tested_on",\n      "type": "date",\n      "value": null', '"tested_on",\n      "type": "date",\n      "value": "2024-05-01"')), 'upload'));
    assert.match(f.message, /Not a valid date\./);
    assert.deepEqual(h.sent.filter((s) => s.method === 'PATCH'), []);
  });

  describe('conflicts', () => {
    it('the same field changed by bob: Cancel sends no PATCH and keeps bob\'s version', async () => {
      const h = harness();
      const { l, text } = await open(h, T.tensileTest, 'tensile-test');
      await as('pat_sandbox_bob').updateTemplate(T.tensileTest, { title: 'Theirs' });
      h.prompts.buttons = [undefined];
      h.sent.length = 0;
      const f = await fsFailure(h.files.write(l, enc(text.replace('"Tensile test"', '"Mine"')), 'upload'));
      assert.match(f.message, /changed on the server, and you cancelled the save/);
      assert.deepEqual(h.sent.filter((s) => s.method === 'PATCH'), []);
      assert.equal((await as('pat_sandbox_alice').getTemplate(T.tensileTest)).title, 'Theirs');
    });

    it('another field changed by bob is kept, no prompt; Overwrite saves ours', async () => {
      const h = harness();
      const { l, text } = await open(h, T.tensileTest, 'tensile-test');
      await as('pat_sandbox_bob').updateTemplate(T.tensileTest, { description: 'Theirs' });
      const out = await h.files.write(l, enc(text.replace('"Tensile test"', '"Mine"')), 'upload');
      assert.ok(out.kind === 'saved');
      assert.deepEqual(out.keptServerChanges, ['description']);
      const now = await as('pat_sandbox_alice').getTemplate(T.tensileTest);
      assert.deepEqual([now.title, now.description], ['Mine', 'Theirs']);
      assert.equal(h.prompts.messages.length, 0);

      const again = await open(harness(), T.tensileTest, 'tensile-test');
      const h2 = harness();
      await h2.files.stat(again.l);
      await h2.files.read(again.l);
      await as('pat_sandbox_bob').updateTemplate(T.tensileTest, { title: 'Bob again' });
      h2.prompts.buttons = ['Overwrite'];
      assert.equal((await h2.files.write(again.l, enc(again.text.replace('"Mine"', '"Mine again"')), 'upload')).kind, 'saved');
      assert.equal((await as('pat_sandbox_alice').getTemplate(T.tensileTest)).title, 'Mine again');
    });

    it('a role change (last_modified bumped, content equal) is no conflict', async () => {
      const h = harness();
      const { l, text } = await open(h, T.tensileTest, 'tensile-test');
      await as('pat_sandbox_alice').addUserRole(T.tensileTest, SEED_USERS.carol, 'member');
      const out = await h.files.write(l, enc(text.replace('"Tensile test"', '"Mine"')), 'upload');
      assert.equal(out.kind, 'saved');
      assert.equal(h.prompts.messages.length, 0);
    });
  });

  describe('rights and snapshots', () => {
    it('member: read-only and writes refused; editor through a group: editable', async () => {
      const h = harness();
      const member = await open(h, T.microscopyImage, 'microscopy-image');
      assert.equal((await h.files.stat(member.l)).readonly, true);
      assert.equal((await fsFailure(h.files.write(member.l, enc(member.text.replace('"SE"', '"BSE"')), 'upload'))).code, 'NoPermissions');
      const viaGroup = await open(h, T.xrdRecord, 'xrd-record');
      assert.equal((await h.files.stat(viaGroup.l)).readonly, false);
      assert.equal((await h.files.write(viaGroup.l, enc(viaGroup.text.replace('"XRD measurement"', '"XRD"')), 'upload')).kind, 'saved');
    });

    it('a revision opens read-only in the document format', async () => {
      const h = harness();
      const revs = await h.client.listRevisions(T.tensileTest);
      const oldest = revs.items[revs.items.length - 1];
      const l = loc(revisionPath(T.tensileTest, oldest.id, 'tensile-test'));
      assert.equal((await h.files.stat(l)).readonly, true);
      const text = dec(await h.files.read(l));
      // The first revision: the title before alice's change, no "passed" extra yet.
      assert.match(text, /"title": "Tensile Test"/);
      assert.doesNotMatch(text, /"passed"/);
    });

    it('deleted meanwhile: a clear failure, nothing written', async () => {
      const h = harness();
      const { l, text } = await open(h, T.measurementSeries, 'measurement-series');
      await as('pat_sandbox_alice').deleteTemplate(T.measurementSeries);
      const f = await fsFailure(h.files.write(l, enc(text.replace('"Measurement series"', '"Mine"')), 'upload'));
      assert.match(f.message, /no longer exists on the server.*Save As/);
    });
  });
});
