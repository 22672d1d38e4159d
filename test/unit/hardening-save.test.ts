// Hardening of the save path: the `kadi:` file-system core (src/fs/templateFiles.ts) with the
// real instance registry and the UI's own wording (describeError), talking to the sandbox
// through a fault-injecting proxy. For every fault: the message the user sees, that the save
// failed in a way VS Code keeps the editor dirty for (an FsFailure is thrown — the provider
// turns it into a FileSystemError), and what the server holds (nothing lost, nothing half-written).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TemplateFiles, type DocLocation } from '../../src/fs/templateFiles';
import { rateLimitText, secretKey } from '../../src/instances/registry';
import { parseKadiPath, templatePath } from '../../src/kadi/templateUri';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import { describeError } from '../../src/ui/errors';
import { kadiError, startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { registryWithLab, type LabRegistry } from '../support/fakes';
import { dec, enc, fsFailure, templateFilesOn } from '../support/templateFiles';

const STILL = 'Your changes are still in the editor.';
/** Unavailable: the one kind of failure VS Code's Retry can fix. */
const RETRY = 'Retry when it is back; your changes stay in the editor.';
const LATER = 'Retry later; your changes stay in the editor.';

interface Harness extends LabRegistry {
  files: TemplateFiles;
}

describe('hardening: saving through faults', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let proxy: FaultProxy;
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeEach(async () => {
    sb = await startSandbox({ port: 0 });
    proxy = await startFaultProxy({ upstream: sb.url });
  });
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!().catch(() => undefined);
    await proxy.close();
    await sb.close();
  });

  async function harness(o: { baseUrl?: string; token?: string; timeoutMs?: number; answers?: { input: string | undefined }[] } = {}): Promise<Harness> {
    const t = await registryWithLab(o.baseUrl ?? proxy.url, o);
    const { files } = templateFilesOn(t.registry, { prompts: t.prompts, log: t.log, describeError });
    return { ...t, files };
  }

  function loc(h: Harness, tid = 1): DocLocation {
    const p = parseKadiPath(templatePath(tid, sb.store.getTemplate(tid)!.identifier))!;
    return { key: `kadi://${h.id}${templatePath(tid, p.identifier)}`, instanceId: h.id, path: p };
  }

  async function open(h: Harness, tid = 1): Promise<{ l: DocLocation; text: string }> {
    const l = loc(h, tid);
    await h.files.stat(l);
    return { l, text: dec(await h.files.read(l)) };
  }

  const failure = (p: Promise<unknown>) => fsFailure(p, { expected: 'an FsFailure (the editor stays dirty)', none: 'expected the save to fail' });

  const patches = () => sb.requests.filter((r) => r.method === 'PATCH');
  const title = (tid = 1) => sb.store.getTemplate(tid)!.title;
  const revisions = (tid = 1) => sb.store.getTemplate(tid)!.revisions.length;
  const edit = (text: string) => enc(text.replace('"title": "Tensile test"', '"title": "Tensile test (edited)"'));

  /** A failed save: nothing reached the server, and the server's version is intact. */
  function assertUntouched(before: { revisions: number }): void {
    assert.deepEqual(patches(), [], 'no PATCH reached the server');
    assert.equal(title(), 'Tensile test');
    assert.equal(revisions(), before.revisions);
  }

  describe('the network', () => {
    it('connection refused: "could not connect", the editor keeps the text, nothing written', async () => {
      const h = await harness();
      const { l, text } = await open(h);
      const before = { revisions: revisions() };
      await proxy.close();
      const f = await failure(h.files.write(l, edit(text), 'upload'));
      assert.equal(f.code, 'Unavailable');
      assert.equal(
        f.message,
        `Could not connect to ${h.id}: the connection was refused. Is the server running and the address right? ${RETRY}`,
      );
      assertUntouched(before);
    });

    it('connection reset before the answer: a read is tried again on a new connection, a write is not', async () => {
      const h = await harness();
      const { l, text } = await open(h);
      const before = { revisions: revisions() };
      // A reset read (as when a kept-alive connection was closed by a restarting server) is repeated.
      proxy.add({ method: 'GET', path: '/api/v1/templates/1', fault: { kind: 'reset' }, times: 1 });
      // A reset write is reported: it may have arrived, and repeating it is the user's call.
      proxy.add({ method: 'PATCH', fault: { kind: 'reset' }, times: 1 });
      const f = await failure(h.files.write(l, edit(text), 'upload'));
      assert.equal(f.code, 'Unavailable');
      assert.equal(f.message, `The connection to ${h.id} was closed unexpectedly before an answer arrived. ${RETRY}`);
      assert.deepEqual(
        proxy.requests.filter((r) => r.path === '/api/v1/templates/1').map((r) => `${r.method} ${r.fault ?? r.status}`),
        ['GET 200', 'GET reset', 'GET 200', 'PATCH reset'],
      );
      assertUntouched(before);
      // The connection is back: the same save goes through.
      const out = await h.files.write(l, edit(text), 'upload');
      assert.equal(out.kind, 'saved');
      assert.equal(title(), 'Tensile test (edited)');
    });

    it('a read that keeps being reset: tried a bounded number of times, then said plainly', async () => {
      const h = await harness();
      const { l, text } = await open(h);
      const before = { revisions: revisions() };
      proxy.add({ method: 'GET', path: '/api/v1/templates/1', fault: { kind: 'reset' } });
      const from = proxy.requests.length;
      const f = await failure(h.files.write(l, edit(text), 'upload'));
      assert.equal(f.message, `The connection to ${h.id} was closed unexpectedly before an answer arrived. ${RETRY}`);
      assert.equal(proxy.requests.length - from, 4, 'one try and three on new connections');
      assertUntouched(before);
    });

    it('reset mid-answer of a PATCH the server did apply: the retry finds it saved, no prompt, no second revision', async () => {
      const h = await harness();
      const { l, text } = await open(h);
      const before = revisions();
      proxy.add({ method: 'PATCH', fault: { kind: 'resetMidBody', forward: true }, times: 1 });
      const f = await failure(h.files.write(l, edit(text), 'upload'));
      assert.match(f.message, new RegExp(`^The connection to ${h.id.replace(/\./g, '\\.')} was closed unexpectedly`));
      assert.ok(f.message.endsWith(RETRY));
      // The server did store it (the answer was lost on the way back).
      assert.equal(title(), 'Tensile test (edited)');
      assert.equal(revisions(), before + 1);
      // The editor is still dirty; saving again must neither ask about a conflict nor write twice.
      const out = await h.files.write(l, edit(text), 'upload');
      assert.equal(out.kind, 'saved');
      assert.ok(out.kind === 'saved' && out.fields.length === 0, 'nothing left to send');
      assert.equal(patches().length, 1);
      assert.equal(revisions(), before + 1);
      assert.deepEqual(h.prompts.messages, [], 'no conflict question');
    });

    it('DNS failure (.invalid host): "could not find the host", nothing stored locally as saved', async () => {
      const h = await harness({ baseUrl: 'https://kadi-hardening.invalid' });
      const l = loc(h);
      const f = await failure(h.files.write(l, enc('{"title": "x"}'), 'upload'));
      assert.equal(f.code, 'Unavailable');
      assert.equal(
        f.message,
        `Could not find the host kadi-hardening.invalid (DNS lookup failed). Check the address and your network connection. ${RETRY}`,
      );
    });

    it('request timeout (configurable): "did not answer within …", nothing written', async () => {
      const h = await harness({ timeoutMs: 400 });
      const { l, text } = await open(h);
      const before = { revisions: revisions() };
      proxy.add({ method: 'PATCH', fault: { kind: 'stall' } });
      const f = await failure(h.files.write(l, edit(text), 'upload'));
      assert.equal(f.code, 'Unavailable');
      assert.equal(f.message, `${h.id} did not answer within 400 ms (PATCH /api/v1/templates/1). ${RETRY}`);
      assertUntouched(before);
    });

    it('a slow server within the timeout: the save waits and succeeds', async () => {
      const h = await harness({ timeoutMs: 3000 });
      const { l, text } = await open(h);
      proxy.add({ fault: { kind: 'delay', ms: 300 } });
      const out = await h.files.write(l, edit(text), 'upload');
      assert.equal(out.kind, 'saved');
      assert.equal(title(), 'Tensile test (edited)');
    });

    it('the server restarts between open and save (sandbox with a data file): the save succeeds', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-restart-'));
      cleanup.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
      const dataFile = path.join(dir, 'data.json');
      let server = await startSandbox({ port: 0, dataFile });
      cleanup.push(() => server.close());
      const port = server.port;
      const h = await harness({ baseUrl: server.url });
      const l: DocLocation = { ...loc(h), key: `kadi://${h.id}/templates/1/tensile-test.kadi-template.json` };
      await h.files.stat(l);
      const text = dec(await h.files.read(l));
      await server.close();
      server = await startSandbox({ port, dataFile });
      const out = await h.files.write(l, edit(text), 'upload');
      assert.equal(out.kind, 'saved');
      assert.equal(server.store.getTemplate(1)!.title, 'Tensile test (edited)');
      await server.close();
      // And it was persisted by the restarted server.
      const again = await startSandbox({ port: 0, dataFile });
      cleanup.push(() => again.close());
      assert.equal(again.store.getTemplate(1)!.title, 'Tensile test (edited)');
    });
  });

  describe('bad answers', () => {
    const cases: { name: string; status: number; body: string; contentType?: string; message: (host: string) => string }[] = [
      {
        name: '500 with Kadi’s JSON',
        status: 500,
        contentType: 'application/json',
        body: kadiError(500, 'Internal Server Error', 'The server encountered an internal error and was unable to complete your request.'),
        message: () => 'Kadi4Mat answered 500: The server encountered an internal error and was unable to complete your request.',
      },
      {
        name: '502 with an HTML page of a proxy',
        status: 502,
        contentType: 'text/html',
        body: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><hr>nginx</body></html>',
        message: (host) => `Kadi4Mat answered 502 with an HTML page instead of JSON (page title: "502 Bad Gateway") — is ${host} the Kadi4Mat address, or is a proxy in the way?`,
      },
      {
        name: '503 with an empty body',
        status: 503,
        body: '',
        message: () => 'Kadi4Mat answered 503 with an empty body instead of JSON.',
      },
    ];
    for (const c of cases) {
      it(`${c.name}: said plainly, the editor keeps the text, nothing written`, async () => {
        const h = await harness();
        const { l, text } = await open(h);
        const before = { revisions: revisions() };
        proxy.add({ method: 'PATCH', fault: { kind: 'respond', status: c.status, body: c.body, contentType: c.contentType } });
        const f = await failure(h.files.write(l, edit(text), 'upload'));
        assert.equal(f.code, 'Unavailable');
        assert.equal(f.message, `${c.message(h.id)} ${LATER}`);
        assert.deepEqual(patches(), []);
        assertUntouched(before);
      });
    }

    it('200 with malformed JSON after the server stored the PATCH: reported, and the retry writes nothing twice', async () => {
      const h = await harness();
      const { l, text } = await open(h);
      const before = revisions();
      proxy.add({ method: 'PATCH', fault: { kind: 'respond', status: 200, contentType: 'application/json', body: '{"id": 1, "identifier": "tens', forward: true }, times: 1 });
      const f = await failure(h.files.write(l, edit(text), 'upload'));
      assert.equal(f.message, `Kadi4Mat answered 200 with malformed JSON (PATCH /api/v1/templates/1). ${STILL}`);
      const out = await h.files.write(l, edit(text), 'upload');
      assert.ok(out.kind === 'saved' && out.fields.length === 0);
      assert.equal(patches().length, 1);
      assert.equal(revisions(), before + 1);
    });

    it('200 whose JSON lacks the template fields (conflict check): reported, nothing written', async () => {
      const h = await harness();
      const { l, text } = await open(h);
      const before = { revisions: revisions() };
      proxy.add({ method: 'GET', path: '/api/v1/templates/1', fault: { kind: 'respond', status: 200, contentType: 'application/json', body: '{"id": 1, "items": []}' } });
      const f = await failure(h.files.write(l, edit(text), 'upload'));
      assert.equal(f.message, `Kadi4Mat answered GET /api/v1/templates/1 with JSON that is not a template. ${STILL}`);
      assertUntouched(before);
    });

    it('200 with a huge (20 MB) non-JSON body: a short message, nothing written', async () => {
      const h = await harness();
      const { l, text } = await open(h);
      const before = { revisions: revisions() };
      proxy.add({ method: 'GET', path: '/api/v1/templates/1', fault: { kind: 'respond', status: 200, contentType: 'text/plain', body: 'x'.repeat(20 * 1024 * 1024) } });
      const f = await failure(h.files.write(l, edit(text), 'upload'));
      assert.match(f.message, /^Kadi4Mat answered 200 with malformed JSON \(GET \/api\/v1\/templates\/1\)\./);
      assert.ok(f.message.length < 300, `a notification, not a dump (${f.message.length} characters)`);
      assertUntouched(before);
    });

    it('200 whose body never ends: stopped at the size cap, said plainly, nothing written', async () => {
      const h = await harness({ timeoutMs: 60_000 });
      const { l, text } = await open(h);
      const before = { revisions: revisions() };
      proxy.add({ method: 'GET', path: '/api/v1/templates/1', fault: { kind: 'endless' } });
      const f = await failure(h.files.write(l, edit(text), 'upload'));
      assert.equal(
        f.message,
        `${h.id} sent more than 128 MiB for GET /api/v1/templates/1; the answer was not read to the end. Is a proxy in the way? ${STILL}`,
      );
      assertUntouched(before);
    });
  });

  describe('memory', () => {
    it('closed documents leave no cached template behind; stale answers are swept', async () => {
      const h = await harness();
      let clock = 1_000_000;
      const { files } = templateFilesOn(h.registry, { prompts: h.prompts, log: h.log, describeError, now: () => clock });
      const cached = () => (files as unknown as { cache: { templates: Map<string, unknown> } }).cache.templates.size;
      const opened = [1, 2, 3, 7].map((tid) => loc(h, tid));
      for (const l of opened) {
        await files.stat(l);
        await files.read(l);
      }
      assert.equal(cached(), 4);
      for (const l of opened) files.forget(l.key);
      assert.equal(cached(), 0, 'closing forgets the answers kept for stat+read');
      // An open that is never closed (e.g. a failed read): its answer goes once it is stale.
      await files.stat(opened[0]);
      clock += 5000;
      await files.stat(opened[1]);
      assert.equal(cached(), 1);
    });
  });

  describe('the server says no', () => {
    it('401 "expired" mid-session: one prompt, then the pending saves succeed with the new token', async () => {
      await proxy.close();
      proxy = await startFaultProxy({ upstream: sb.url, tokenMap: { pat_session_old: 'pat_sandbox_alice', pat_session_new: 'pat_sandbox_alice' } });
      const h = await harness({ token: 'pat_session_old', answers: [{ input: 'pat_session_new' }] });
      const one = await open(h, 1);
      const three = await open(h, 3);
      proxy.add({ token: 'pat_session_old', fault: { kind: 'respond', status: 401, contentType: 'application/json', body: kadiError(401, 'Unauthorized', 'Access token has expired.') } });
      // Two editors saved at once (Save All): one question, both saves go through.
      const [a, b] = await Promise.all([
        h.files.write(one.l, edit(one.text), 'upload'),
        h.files.write(three.l, enc(three.text.replace('"title": "Measurement series"', '"title": "Measurement series 2"')), 'upload'),
      ]);
      assert.equal(a.kind, 'saved');
      assert.equal(b.kind, 'saved');
      assert.equal(h.prompts.asked.length, 1, 'exactly one token prompt');
      assert.match(h.prompts.asked[0].prompt ?? '', new RegExp(`^The access token for ${h.label} has expired\\. Paste a new personal access token`));
      assert.equal(h.prompts.asked[0].password, true);
      assert.equal(await h.secrets.get(secretKey(h.id)), 'pat_session_new');
      assert.equal(title(1), 'Tensile test (edited)');
      assert.equal(title(3), 'Measurement series 2');
      const sent = proxy.requests.filter((r) => r.method === 'PATCH').map((r) => r.headers.authorization);
      assert.deepEqual(sent, ['Bearer pat_session_new', 'Bearer pat_session_new']);
      h.prompts.done();
    });

    it('403 after the editor role was taken away: "you are not an editor", nothing written', async () => {
      const h = await harness({ token: 'pat_sandbox_bob' });
      const { l, text } = await open(h);
      const before = { revisions: revisions() };
      sb.store.setUserRole(1, 2, 'member'); // bob: editor → member
      const f = await failure(h.files.write(l, edit(text), 'upload'));
      assert.equal(f.code, 'NoPermissions');
      assert.match(f.message, /^You are not an editor of this template \(Kadi4Mat: "[^"]+"\)\. Ask its owner for the editor role\.$/);
      assert.equal(patches().length, 1, 'the PATCH was refused by the server');
      assert.equal(patches()[0].status, 403);
      assert.equal(title(), 'Tensile test');
      assert.equal(revisions(), before.revisions);
    });

    it('403 after every role was removed (even reading is refused): the same advice, nothing written', async () => {
      const h = await harness({ token: 'pat_sandbox_bob' });
      const { l, text } = await open(h);
      const before = { revisions: revisions() };
      sb.store.setUserRole(1, 2, null);
      const f = await failure(h.files.write(l, edit(text), 'upload'));
      assert.equal(f.code, 'NoPermissions');
      assert.match(f.message, /You are not an editor of this template/);
      assertUntouched(before);
    });

    it('404 because the template was deleted while open: keeps the text and offers Save As', async () => {
      const h = await harness();
      const { l, text } = await open(h);
      sb.store.deleteTemplate(1, 1);
      const f = await failure(h.files.write(l, edit(text), 'upload'));
      assert.equal(
        f.message,
        'The template no longer exists on the server (deleted or moved to the trash). "Save As…" keeps your text in a local file.',
      );
      assert.deepEqual(patches(), []);
      assert.equal(sb.store.getTemplate(1)!.state, 'deleted');
      assert.equal(title(), 'Tensile test');
    });

    it('409: "Kadi4Mat reported a conflict" with Kadi’s words (FileExists), nothing written', async () => {
      const h = await harness();
      const { l, text } = await open(h);
      const before = { revisions: revisions() };
      proxy.add({ method: 'PATCH', fault: { kind: 'respond', status: 409, contentType: 'application/json', body: kadiError(409, 'Conflict', 'The resource was modified concurrently.') } });
      const f = await failure(h.files.write(l, edit(text), 'upload'));
      assert.equal(f.code, 'FileExists');
      assert.equal(f.message, 'Kadi4Mat reported a conflict (Kadi4Mat: "The resource was modified concurrently.").');
      assertUntouched(before);
    });

    it('a burst of 429 with Retry-After: the client waits (the status bar says so) and the save succeeds', async () => {
      const h = await harness();
      const { l, text } = await open(h);
      const tooMany = kadiError(429, 'Too Many Requests', 'Too many requests.');
      proxy.add({ method: 'PATCH', fault: { kind: 'respond', status: 429, contentType: 'application/json', body: tooMany, headers: { 'Retry-After': '1' } }, times: 2 });
      const out = await h.files.write(l, edit(text), 'upload');
      assert.equal(out.kind, 'saved');
      assert.equal(title(), 'Tensile test (edited)');
      assert.deepEqual(h.status, [rateLimitText(h.label, 1), rateLimitText(h.label, 1)]);
      assert.equal(h.status[0], `Kadi4Mat: ${h.label} is rate-limiting requests — waiting 1 s, then trying again…`);
      assert.deepEqual(
        proxy.requests.filter((r) => r.method === 'PATCH').map((r) => r.status),
        [429, 429, 200],
      );
      assert.equal(patches().length, 1, 'only the last attempt reached the server');
    });

    it('429 asking for longer than the client waits: fails at once with when to try again, nothing written', async () => {
      const h = await harness();
      const { l, text } = await open(h);
      const before = { revisions: revisions() };
      proxy.add({ method: 'PATCH', fault: { kind: 'respond', status: 429, contentType: 'application/json', body: kadiError(429, 'Too Many Requests', 'Slow down.'), headers: { 'Retry-After': '600' } } });
      const started = Date.now();
      const f = await failure(h.files.write(l, edit(text), 'upload'));
      assert.ok(Date.now() - started < 5000, 'did not wait 10 minutes');
      assert.equal(f.message, 'Kadi4Mat is limiting requests; retry in 600 s.');
      assertUntouched(before);
    });
  });
});
