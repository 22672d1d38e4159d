// The `kadi:` file-system core against the sandbox, in plain Node: what a save sends (and
// does not send), conflicts, failures, read-only cases, revisions, drafts, a save after reload.
import * as assert from 'node:assert/strict';
import { KadiClient } from '../../src/kadi/client';
import { renderTemplate } from '../../src/kadi/document';
import { parseKadiPath, revisionPath, templatePath, exportPath } from '../../src/kadi/templateUri';
import type { Template } from '../../src/kadi/types';
import { memoryState, type KeyValueState } from '../../src/fs/persisted';
import { byteLength, toMs, type DocLocation } from '../../src/fs/templateFiles';
import { SEED_USERS } from '../../src/sandbox/index';
import { clientSource, dec, enc, fsFailure, templateFilesOn, type FilesHarness, type FilesOptions } from '../support/templateFiles';
import { sandboxPerTest } from '../support/sandbox';

describe('TemplateFiles (kadi: file system core) against the sandbox', function () {
  this.timeout(20_000);
  const sb = sandboxPerTest();


  function harness(token = 'pat_sandbox_alice', state: KeyValueState = memoryState(), extra: FilesOptions = {}): FilesHarness {
    return templateFilesOn(clientSource(new KadiClient({ baseUrl: sb.url, token, maxRetries: 0 })), { state, ...extra });
  }

  function loc(path: string, query?: string): DocLocation {
    const p = parseKadiPath(path);
    assert.ok(p, path);
    return { key: `kadi://sandbox${path}`, instanceId: 'sandbox', path: p, serverSnapshot: query === 'server' };
  }

  /** Requests since `from`, as "METHOD path" (user/role lookups of the read-only check left out). */
  function since(from: number): string[] {
    return sb.requests.slice(from).map((r) => `${r.method} ${r.path.replace(/^\/api\/v1/, '')}`);
  }

  async function open(h: FilesHarness, id = 1): Promise<{ l: DocLocation; text: string }> {
    const t = sb.store.getTemplate(id)!;
    const l = loc(templatePath(id, t.identifier));
    await h.files.stat(l);
    const text = dec(await h.files.read(l));
    return { l, text };
  }

  it('opens with one GET of the template; stat gives last_modified and the real byte size', async () => {
    const h = harness();
    const from = sb.requests.length;
    const { l, text } = await open(h);
    const templateGets = since(from).filter((r) => r === 'GET /templates/1');
    assert.equal(templateGets.length, 1);
    const st = await h.files.stat(l);
    const row = sb.store.getTemplate(1)!;
    assert.equal(st.mtime, toMs(row.last_modified));
    assert.equal(st.size, byteLength(text));
    assert.equal(st.readonly, false);
    assert.match(text, /^\{\n {2}"identifier": "tensile-test",\n {2}"title": "Tensile test",/);
  });

  it('a save PATCHes only the changed field: 2 requests, one new revision', async () => {
    const h = harness();
    const { l, text } = await open(h);
    const revisions = sb.store.getTemplate(1)!.revisions.length;
    const from = sb.requests.length;
    const out = await h.files.write(l, enc(text.replace('"Tensile test"', '"Tensile test (ISO)"')), 'upload');
    assert.deepEqual(since(from), ['GET /templates/1', 'PATCH /templates/1']);
    assert.deepEqual(JSON.parse(sb.requests[sb.requests.length - 1].body), { title: 'Tensile test (ISO)' });
    assert.equal(out.kind, 'saved');
    assert.ok(out.kind === 'saved' && !out.refresh, 'the stored text equals the written one');
    assert.equal(sb.store.getTemplate(1)!.title, 'Tensile test (ISO)');
    assert.equal(sb.store.getTemplate(1)!.revisions.length, revisions + 1);
    // stat now describes the saved version, without a request.
    const before = sb.requests.length;
    const st = await h.files.stat(l);
    assert.equal(sb.requests.length, before);
    assert.equal(st.mtime, toMs(sb.store.getTemplate(1)!.last_modified));
  });

  it('sends data whole when an extra changes', async () => {
    const h = harness();
    const { l, text } = await open(h);
    await h.files.write(l, enc(text.replace('"unit": "N"', '"unit": "kN"')), 'upload');
    const body = JSON.parse(sb.requests[sb.requests.length - 1].body);
    assert.deepEqual(Object.keys(body), ['data']);
    assert.equal(body.data.length, (sb.store.getTemplate(1)!.data as unknown[]).length);
    assert.equal((sb.store.getTemplate(1)!.data as { unit?: string }[])[0].unit, 'kN');
  });

  it('a save that changes nothing sends nothing (reordered keys and reformatting included)', async () => {
    const h = harness();
    const { l, text } = await open(h);
    const from = sb.requests.length;
    assert.deepEqual(await h.files.write(l, enc(text), 'upload'), { kind: 'unchanged' });
    const compact = JSON.stringify(JSON.parse(text));
    assert.deepEqual(await h.files.write(l, enc(compact), 'upload'), { kind: 'unchanged' });
    assert.deepEqual(since(from), []);
  });

  it('reloads the stored text when the server normalised it (stat first describes the written bytes)', async () => {
    const h = harness();
    const { l, text } = await open(h);
    const written = text.replace('"Tensile test"', '"  Tensile   test 2 "');
    const out = await h.files.write(l, enc(written), 'upload');
    assert.ok(out.kind === 'saved' && out.refresh);
    const stored = renderTemplate(sb.store.getTemplate(1)! as unknown as Template);
    assert.match(stored, /"title": "Tensile test 2"/);
    assert.equal((await h.files.stat(l)).size, byteLength(written));
    assert.equal(h.files.settle(l.key), true);
    assert.equal((await h.files.stat(l)).size, byteLength(stored));
    assert.equal(dec(await h.files.read(l)), stored);
  });

  it('invalid JSON is refused with line and column, without a request', async () => {
    const h = harness();
    const { l, text } = await open(h);
    const from = sb.requests.length;
    const f = await fsFailure(h.files.write(l, enc(text.replace('"title": "Tensile test",', '"title": "Tensile test"')), 'upload'));
    assert.match(f.message, /^The document is not valid JSON: comma expected at line 4, column 3\..* Nothing was sent to Kadi4Mat\.$/);
    assert.equal(f.reason, 'invalid');
    assert.deepEqual(since(from), []);
  });

  it('a changed type is refused before any request', async () => {
    const h = harness();
    const { l, text } = await open(h);
    const from = sb.requests.length;
    const f = await fsFailure(h.files.write(l, enc(text.replace('"type": "extras"', '"type": "record"')), 'upload'));
    assert.match(f.message, /type cannot be changed/);
    assert.deepEqual(since(from), []);
  });

  it('the save gate: a document with errors is refused before any request; the message names the problems', async () => {
    const h = harness();
    const { l, text } = await open(h);
    const from = sb.requests.length;
    const bad = text.replace('"identifier": "tensile-test"', '"identifier": "not valid!"').replace(/"value": null/, '"value": "12 N"');
    const f = await fsFailure(h.files.write(l, enc(bad), 'upload'));
    assert.equal(f.code, 'Unknown');
    assert.match(f.message, /^The template has 2 errors: identifier: Not a valid identifier\. .*; data\[0\]\.value: Not a valid float\./);
    assert.equal(f.reason, 'invalid', 'offers the Problems view');
    assert.match(f.message, /Nothing was sent to Kadi4Mat\.$/);
    assert.equal(f.problems, undefined, 'local problems are shown by the live validation, not by the failure');
    assert.deepEqual(since(from), []);
    assert.equal(sb.store.getTemplate(1)!.identifier, 'tensile-test');
  });

  it('the save gate knows the instance’s licenses when given them, and leaves warnings alone', async () => {
    const licenses: string[] = [];
    const { files } = harness(undefined, undefined, { licenses: async () => licenses });
    const l = loc(templatePath(2, sb.store.getTemplate(2)!.identifier));
    await files.stat(l);
    const text = dec(await files.read(l));
    licenses.push('CC-BY-4.0');
    const from = sb.requests.length;
    const f = await fsFailure(files.write(l, enc(text.replace('"license": "CC-BY-4.0"', '"license": "No-Such-License"')), 'upload'));
    assert.match(f.message, /^The template has 1 error: data\.license: .*Nothing was sent to Kadi4Mat\.$/);
    assert.deepEqual(since(from), []);
    // A whitespace warning does not block: Kadi normalises it.
    const out = await files.write(l, enc(text.replace(/"title": "([^"]*)"/, '"title": " $1 "')), 'upload');
    assert.equal(out.kind, 'saved');
  });

  it('a 400 the gate cannot foresee (identifier in use) maps Kadi’s field errors to the saved text', async () => {
    const h = harness();
    const { l, text } = await open(h);
    const taken = sb.store.getTemplate(2)!.identifier;
    const bad = text.replace('"identifier": "tensile-test"', `"identifier": "${taken}"`);
    const f = await fsFailure(h.files.write(l, enc(bad), 'upload'));
    assert.match(f.message, /^Kadi4Mat refused it: identifier: Identifier is already in use\. The fields are marked in the editor\.$/);
    assert.equal(f.reason, 'invalid');
    assert.ok(f.problems);
    const idProblem = f.problems!.items.find((p) => p.path.join('.') === 'identifier');
    assert.ok(idProblem);
    assert.equal(idProblem.code, 'server');
    assert.equal(idProblem.message, 'Identifier is already in use.');
    assert.equal(bad.slice(idProblem.offset, idProblem.offset + idProblem.length), `"${taken}"`);
    assert.equal(sb.store.getTemplate(1)!.identifier, 'tensile-test');
  });

  describe('conflicts', () => {
    it('same field changed on the server: Cancel sends no PATCH and keeps the server version', async () => {
      const h = harness();
      const { l, text } = await open(h);
      sb.store.updateTemplate(1, { title: 'Theirs' }, SEED_USERS.bob);
      h.prompts.buttons = [undefined];
      const from = sb.requests.length;
      const f = await fsFailure(h.files.write(l, enc(text.replace('"Tensile test"', '"Mine"')), 'upload'));
      assert.match(f.message, /^It changed on the server, and you cancelled the save\.$/);
      assert.equal(f.reason, 'serverChanged', 'the user’s own choice: no error notification of ours');
      assert.deepEqual(since(from), ['GET /templates/1']);
      assert.equal(sb.store.getTemplate(1)!.title, 'Theirs');
      const asked = h.prompts.messages.find((m) => m.level === 'warn');
      assert.ok(asked);
      assert.equal(asked.text, '\'tensile-test\' was changed on the server since you opened it. Changed there: "title". Overwrite replaces it with your version.');
      assert.deepEqual(asked.buttons, ['Compare', 'Overwrite']);
    });

    it('Overwrite saves the document as shown', async () => {
      const h = harness();
      const { l, text } = await open(h);
      sb.store.updateTemplate(1, { title: 'Theirs' }, SEED_USERS.bob);
      h.prompts.buttons = ['Overwrite'];
      const out = await h.files.write(l, enc(text.replace('"Tensile test"', '"Mine"')), 'upload');
      assert.equal(out.kind, 'saved');
      assert.deepEqual(JSON.parse(sb.requests[sb.requests.length - 1].body), { title: 'Mine' });
      assert.equal(sb.store.getTemplate(1)!.title, 'Mine');
    });

    it('Compare shows the server version read-only and saves nothing', async () => {
      const h = harness();
      const { l, text } = await open(h);
      sb.store.updateTemplate(1, { title: 'Theirs' }, SEED_USERS.bob);
      h.prompts.buttons = ['Compare'];
      const f = await fsFailure(h.files.write(l, enc(text.replace('"Tensile test"', '"Mine"')), 'upload'));
      assert.match(f.message, /compare the versions, then save again/);
      assert.equal(f.reason, 'serverChanged');
      assert.equal(h.conflicts.length, 1);
      const server = loc(templatePath(1, 'tensile-test'), 'server');
      assert.match(dec(await h.files.read(server)), /"title": "Theirs"/);
      assert.equal((await h.files.stat(server)).readonly, true);
      assert.equal((await fsFailure(h.files.write(server, enc('{}'), 'upload'))).code, 'NoPermissions');
      assert.equal(sb.store.getTemplate(1)!.title, 'Theirs');
    });

    it('a change of another field on the server is kept, no prompt', async () => {
      const h = harness();
      const { l, text } = await open(h);
      sb.store.updateTemplate(1, { description: 'Theirs' }, SEED_USERS.bob);
      const out = await h.files.write(l, enc(text.replace('"Tensile test"', '"Mine"')), 'upload');
      assert.ok(out.kind === 'saved');
      assert.deepEqual(out.keptServerChanges, ['description']);
      assert.ok(out.refresh, 'the editor must show the kept server change');
      assert.deepEqual(JSON.parse(sb.requests[sb.requests.length - 1].body), { title: 'Mine' });
      assert.equal(sb.store.getTemplate(1)!.description, 'Theirs');
      assert.equal(h.prompts.messages.length, 0);
    });

    it('a role change (last_modified bumped, content equal) is no conflict', async () => {
      const h = harness();
      const { l, text } = await open(h);
      sb.store.setUserRole(1, SEED_USERS.carol, 'member');
      const out = await h.files.write(l, enc(text.replace('"Tensile test"', '"Mine"')), 'upload');
      assert.equal(out.kind, 'saved');
      assert.equal(h.prompts.messages.length, 0);
    });

    it('deleted meanwhile: a clear failure, nothing written', async () => {
      const h = harness();
      const { l, text } = await open(h);
      sb.store.deleteTemplate(1, SEED_USERS.alice);
      const f = await fsFailure(h.files.write(l, enc(text.replace('"Tensile test"', '"Mine"')), 'upload'));
      assert.match(f.message, /no longer exists on the server.*Save As/);
      assert.equal(f.code, 'FileNotFound');
      assert.equal(f.reason, 'gone');
    });
  });

  describe('conflicts in VS Code’s own save-conflict flow (the stat() of a save checks)', () => {
    it('the same field changed on both sides: stat() describes the server version, read() serves it, the base stays', async () => {
      const h = harness();
      const { l, text } = await open(h);
      const before = await h.files.stat(l);
      sb.store.updateTemplate(1, { title: 'Theirs' }, SEED_USERS.bob);
      const mine = text.replace('"Tensile test"', '"Mine"');
      h.dirty.add(l.key);
      const from = sb.requests.length;
      const during = await h.files.stat(l, { saving: mine });
      assert.deepEqual(since(from), ['GET /templates/1']);
      assert.ok(during.mtime > before.mtime, 'newer than what the editor read: VS Code refuses the write');
      assert.notEqual(during.size, before.size, 'VS Code also compares the size');
      assert.equal(h.prompts.messages.length, 0, 'no modal of ours');
      assert.match(dec(await h.files.read(l)), /"title": "Theirs"/, 'VS Code’s Compare shows the server version');
      assert.equal(h.files.describe(l.key)!.base.title, 'Tensile test', 'the conflict is not resolved by looking at it');
    });

    it('VS Code’s Overwrite (a write despite the newer version) saves without asking again, with one GET and one PATCH', async () => {
      const h = harness();
      const { l, text } = await open(h);
      sb.store.updateTemplate(1, { title: 'Theirs' }, SEED_USERS.bob);
      const mine = text.replace('"Tensile test"', '"Mine"');
      h.dirty.add(l.key);
      await h.files.stat(l, { saving: mine });
      const from = sb.requests.length;
      await h.files.stat(l, { saving: mine }); // the Overwrite's save checks again …
      const out = await h.files.write(l, enc(mine), 'upload'); // … and writes with that answer
      assert.equal(out.kind, 'saved');
      assert.deepEqual(since(from), ['GET /templates/1', 'PATCH /templates/1']);
      assert.equal(sb.store.getTemplate(1)!.title, 'Mine');
      assert.equal(h.prompts.messages.length, 0);
      h.dirty.delete(l.key);
      assert.equal((await h.files.stat(l)).mtime, toMs(sb.store.getTemplate(1)!.last_modified), 'the conflict is over');
    });

    it('the server changed again after VS Code showed the conflict: Overwrite asks (nothing is overwritten unseen)', async () => {
      const h = harness();
      const { l, text } = await open(h);
      sb.store.updateTemplate(1, { title: 'Theirs' }, SEED_USERS.bob);
      const mine = text.replace('"Tensile test"', '"Mine"');
      h.dirty.add(l.key);
      await h.files.stat(l, { saving: mine });
      sb.store.updateTemplate(1, { title: 'Theirs again' }, SEED_USERS.bob);
      h.prompts.buttons = [undefined];
      await h.files.stat(l, { saving: mine }); // the Overwrite's save
      const f = await fsFailure(h.files.write(l, enc(mine), 'upload'));
      assert.ok(h.prompts.messages.some((m) => m.level === 'warn' && /Theirs|title/.test(m.text)), 'asked');
      assert.equal(f.reason, 'serverChanged');
      assert.equal(sb.store.getTemplate(1)!.title, 'Theirs again');
    });

    it('changes to different fields are no conflict for VS Code either: merged on write', async () => {
      const h = harness();
      const { l, text } = await open(h);
      const before = await h.files.stat(l);
      sb.store.updateTemplate(1, { description: 'Theirs' }, SEED_USERS.bob);
      const mine = text.replace('"Tensile test"', '"Mine"');
      h.dirty.add(l.key);
      assert.equal((await h.files.stat(l, { saving: mine })).mtime, before.mtime);
      const out = await h.files.write(l, enc(mine), 'upload');
      assert.ok(out.kind === 'saved');
      assert.deepEqual(out.keptServerChanges, ['description']);
    });

    it('reverted to the server version in VS Code’s flow: that version becomes the base', async () => {
      const h = harness();
      const { l, text } = await open(h);
      sb.store.updateTemplate(1, { title: 'Theirs' }, SEED_USERS.bob);
      h.dirty.add(l.key);
      await h.files.stat(l, { saving: text.replace('"Tensile test"', '"Mine"') });
      assert.equal(await h.files.conflictResolvedByRevert(l), false, 'still dirty: nothing resolved');
      h.dirty.delete(l.key);
      assert.equal(await h.files.conflictResolvedByRevert(l), true);
      assert.equal(h.files.describe(l.key)!.base.title, 'Theirs');
      const out = await h.files.write(l, enc(renderTemplate(sb.store.getTemplate(1)! as unknown as Template).replace('"Theirs"', '"Mine"')), 'upload');
      assert.equal(out.kind, 'saved');
      assert.equal(h.prompts.messages.length, 0);
    });
  });

  describe('rights', () => {
    it('a template the user is a member of opens read-only and refuses writes', async () => {
      const h = harness();
      const { l, text } = await open(h, 6);
      assert.equal((await h.files.stat(l)).readonly, true);
      const f = await fsFailure(h.files.write(l, enc(text.replace('"Microscopy image"', '"x"')), 'upload'));
      assert.equal(f.code, 'NoPermissions');
      assert.match(f.message, /member role/);
    });

    it('a public template without a role is read-only; a group editor role keeps it editable', async () => {
      const h = harness();
      assert.equal((await h.files.stat((await open(h, 4)).l)).readonly, true);
      assert.equal((await h.files.stat((await open(h, 7)).l)).readonly, false);
      assert.equal((await h.files.stat((await open(h, 1)).l)).readonly, false);
    });

    it('a 403 on save says the editor role is missing', async () => {
      const h = harness('pat_sandbox_bob');
      const { l, text } = await open(h);
      sb.store.setUserRole(1, SEED_USERS.bob, 'member');
      const f = await fsFailure(h.files.write(l, enc(text.replace('"Tensile test"', '"Mine"')), 'upload'));
      assert.equal(f.code, 'NoPermissions');
      assert.match(f.message, /^You are not an editor of this template/);
      assert.equal(f.reason, 'forbidden');
    });

    it('a token without template.update: the 401 is reported, nothing written', async () => {
      const h = harness('pat_sandbox_alice_readonly');
      const { l, text } = await open(h);
      const f = await fsFailure(h.files.write(l, enc(text.replace('"Tensile test"', '"Mine"')), 'upload'));
      assert.match(f.message, /template\.update/);
      assert.equal(f.reason, 'unauthorized');
      assert.equal(sb.store.getTemplate(1)!.title, 'Tensile test');
    });
  });

  describe('revisions and exports', () => {
    it('serves a revision snapshot read-only in the document format', async () => {
      const h = harness();
      const first = sb.store.getTemplate(1)!.revisions[0];
      const l = loc(revisionPath(1, first.id, 'tensile-test'));
      const st = await h.files.stat(l);
      assert.equal(st.readonly, true);
      assert.equal(st.mtime, toMs(first.timestamp));
      const text = dec(await h.files.read(l));
      assert.match(text, /"title": "Tensile Test"/);
      assert.match(text, /"type": "extras"/);
      assert.equal(st.size, byteLength(text));
      const f = await fsFailure(h.files.write(l, enc(text), 'upload'));
      assert.equal(f.code, 'NoPermissions');
      assert.match(f.message, /Revisions are read-only.*Restore this Revision/);
    });

    it('serves exports read-only', async () => {
      const h = harness();
      const l = loc(exportPath(1, 'tensile-test', 'json-schema'));
      assert.equal((await h.files.stat(l)).readonly, true);
      assert.match(dec(await h.files.read(l)), /"\$schema"/);
      assert.equal((await fsFailure(h.files.write(l, enc('{}'), 'upload'))).code, 'NoPermissions');
    });

    it('a missing template is FileNotFound', async () => {
      const h = harness();
      const f = await fsFailure(h.files.stat(loc(templatePath(999, 'nope'))));
      assert.equal(f.code, 'FileNotFound');
    });
  });

  describe('changes made elsewhere', () => {
    it('checkRemote asks the server only when the last answer is old, and sees a newer version', async () => {
      const h = harness();
      const { l } = await open(h);
      const from = sb.requests.length;
      assert.equal(await h.files.checkRemote(l, 30_000), 'same');
      assert.deepEqual(since(from), []);
      sb.store.updateTemplate(1, { title: 'Theirs' }, SEED_USERS.bob);
      assert.equal(await h.files.checkRemote(l, 0), 'changed');
      assert.deepEqual(since(from), ['GET /templates/1']);
    });

    it('invalidate drops the base of clean documents (the next stat reads the server) but keeps a dirty one', async () => {
      const h = harness();
      const { l } = await open(h);
      sb.store.updateTemplate(1, { title: 'Theirs' }, SEED_USERS.bob);
      h.dirty.add(l.key);
      assert.deepEqual(h.files.invalidate('sandbox', 1), [l.key]);
      assert.notEqual((await h.files.stat(l)).mtime, toMs(sb.store.getTemplate(1)!.last_modified), 'dirty: still the read-at version');
      h.dirty.clear();
      h.files.invalidate('sandbox', 1);
      assert.equal((await h.files.stat(l)).mtime, toMs(sb.store.getTemplate(1)!.last_modified));
      assert.match(dec(await h.files.read(l)), /"title": "Theirs"/);
    });
  });

  describe('drafts (auto-save) and saves after a reload', () => {
    it('a draft sends nothing; stat/read describe it; the explicit save uploads it', async () => {
      const h = harness();
      const { l, text } = await open(h);
      const draftText = text.replace('"Tensile test"', '"Draft title"');
      const from = sb.requests.length;
      assert.deepEqual(await h.files.write(l, enc(draftText), 'draft'), { kind: 'draft' });
      assert.deepEqual(since(from), []);
      assert.equal((await h.files.stat(l)).size, byteLength(draftText));
      assert.equal(dec(await h.files.read(l)), draftText);
      const out = await h.files.uploadDraft(l);
      assert.equal(out.kind, 'saved');
      assert.equal(sb.store.getTemplate(1)!.title, 'Draft title');
      assert.equal(h.drafts.has(l.key), false);
    });

    it('a draft equal to the server version is dropped', async () => {
      const h = harness();
      const { l, text } = await open(h);
      await h.files.write(l, enc(text.replace('"Tensile test"', '"x"')), 'draft');
      assert.deepEqual(await h.files.write(l, enc(text), 'draft'), { kind: 'unchanged' });
      assert.equal(h.drafts.has(l.key), false);
    });

    it('after a reload, a save compares with the version the text was read at', async () => {
      const state = memoryState();
      const first = harness('pat_sandbox_alice', state);
      const { l, text } = await open(first);
      // A new window: nothing in memory, the unsaved text comes from VS Code's backup.
      const second = harness('pat_sandbox_alice', state);
      second.dirty.add(l.key);
      const st = await second.files.stat(l);
      assert.equal(st.mtime, toMs(sb.store.getTemplate(1)!.last_modified));
      const out = await second.files.write(l, enc(text.replace('"Tensile test"', '"Mine"')), 'upload');
      assert.equal(out.kind, 'saved');
      assert.deepEqual(JSON.parse(sb.requests[sb.requests.length - 1].body), { title: 'Mine' });

      // And when the server changed meanwhile, it asks.
      const third = harness('pat_sandbox_alice', state);
      sb.store.updateTemplate(1, { description: 'Theirs' }, SEED_USERS.bob);
      third.prompts.buttons = [undefined];
      const f = await fsFailure(third.files.write(l, enc(text.replace('"Tensile test"', '"Again"')), 'upload'));
      assert.match(f.message, /cancelled/);
      assert.equal(sb.store.getTemplate(1)!.title, 'Mine');
    });
  });
});
