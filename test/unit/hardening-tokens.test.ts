// Token safety in the extension's own flows (plain Node, real registry, sandbox behind a
// fault proxy, a second local server on another port that records what reaches it):
// - links and pagination pointing at another origin are never followed with the token;
// - a redirect to another origin is refused (the tree, a save, Add Instance) and says where it pointed;
// - http:// to a host that is not this machine is refused unless kadi4mat.allowInsecureHttp is on,
//   and then Add Instance warns first;
// - error messages and log lines carry no token-shaped text;
// - after a whole session, no store, log, URI or event holds the token.
import * as assert from 'node:assert/strict';
import { ExplorerModel, type ExplorerNode, type LoadMoreNode, type MessageNode } from '../../src/explorer/model';
import { FsFailure } from '../../src/fs/failure';
import { templateFilesOn } from '../support/templateFiles';
import { TemplateFiles, type DocLocation } from '../../src/fs/templateFiles';
import { connectInstance } from '../../src/instances/connect';
import { addInstanceFlow, validateAddress } from '../../src/instances/flows';
import { instanceIdFor, secretKey, type ClientSettings } from '../../src/instances/registry';
import { KadiClient, isKadiError } from '../../src/kadi/client';
import { parseKadiPath, templatePath } from '../../src/kadi/templateUri';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import { describeError } from '../../src/ui/errors';
import { kadiError, startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { makeRegistry, noProgress, type TestRegistry } from '../support/fakes';

/** A token of this test's own, mapped to alice by the proxy: any trace of it is a leak. */
const TOKEN = 'pat_hardening_Zk29xQ7s';
const SECRET_PART = 'Zk29xQ7s';

/** Every absolute URL on `from` inside a JSON value, moved to `to`. */
function moveLinks(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.startsWith(from) ? to + value.slice(from.length) : value;
  if (Array.isArray(value)) return value.map((v) => moveLinks(v, from, to));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, moveLinks(v, from, to)]));
  return value;
}

describe('hardening: the token stays with its instance', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let proxy: FaultProxy;
  let other: FaultProxy;
  let t: TestRegistry;
  let id: string;
  let settings: ClientSettings;
  let model: ExplorerModel | undefined;

  beforeEach(async () => {
    sb = await startSandbox({ port: 0, extraTemplates: 600 });
    proxy = await startFaultProxy({ upstream: sb.url, tokenMap: { [TOKEN]: 'pat_sandbox_alice' } });
    other = await startFaultProxy(); // another origin: records, answers 404
    settings = { apiVersion: 'v1', timeoutMs: 5000 };
    t = makeRegistry({ settings: () => settings });
    id = instanceIdFor(proxy.url);
  });
  afterEach(async () => {
    model?.dispose();
    model = undefined;
    // Whatever happened in the test: the other origin never saw the token.
    assert.equal(other.sawInHeaders(SECRET_PART), false, 'the token reached another origin');
    await other.close();
    await proxy.close();
    await sb.close();
  });

  async function connect(): Promise<void> {
    await connectInstance(t.registry, { baseUrl: proxy.url, token: TOKEN, label: 'Lab' });
  }

  async function tree(): Promise<{ templates: ExplorerNode; trash: ExplorerNode }> {
    model = new ExplorerModel({ clients: t.registry });
    const [instance] = await model.getChildren();
    const [templates, trash] = await model.getChildren(instance);
    return { templates, trash };
  }

  function files(): TemplateFiles {
    return templateFilesOn(t.registry, { prompts: t.prompts, log: t.log, describeError }).files;
  }

  function loc(tid = 1): DocLocation {
    const p = parseKadiPath(templatePath(tid, sb.store.getTemplate(tid)!.identifier))!;
    return { key: `kadi://${id}${templatePath(tid, p.identifier)}`, instanceId: id, path: p };
  }

  describe('links to another origin', () => {
    it('paging the tree through answers whose _links and pagination links point elsewhere: one request per page, all to the instance', async () => {
      await connect();
      proxy.add({ path: '/api/v1/', fault: { kind: 'rewrite', transform: (j) => moveLinks(j, proxy.url, other.url) } });
      const { templates } = await tree();
      const from = proxy.requests.length;
      let children = await model!.getChildren(templates);
      while (children[children.length - 1].kind === 'loadMore') {
        await model!.loadMore(children[children.length - 1] as LoadMoreNode);
        children = await model!.getChildren(templates);
      }
      assert.equal(children.length, 263);
      assert.ok(children.every((n) => n.kind === 'template'));
      // The links were not followed: 3 pages, 3 requests, all to the instance, none to the other origin…
      assert.deepEqual(
        proxy.requests.slice(from).map((r) => r.path),
        ['/api/v1/templates?page=1&per_page=100', '/api/v1/templates?page=2&per_page=100', '/api/v1/templates?page=3&per_page=100'],
      );
      assert.equal(other.requests.length, 0);
      // …though they did point elsewhere (the tree keeps no links, so ask the instance itself).
      const page = await t.registry.call(id, (c) => c.searchTemplates({ per_page: 1 }));
      assert.ok(page.items[0]._links.self.startsWith(other.url));
      assert.equal(other.requests.length, 0);
    });

    it('the client refuses to follow a cross-origin link it is handed', async () => {
      await connect();
      proxy.add({ path: '/api/v1/templates/1', fault: { kind: 'rewrite', transform: (j) => moveLinks(j, proxy.url, other.url) } });
      const template = await t.registry.call(id, (c) => c.getTemplate(1));
      const e = await t.registry.call(id, (c) => c.getByUrl(template._links.revisions)).then(
        () => assert.fail('followed'),
        (err: unknown) => err,
      );
      assert.ok(isKadiError(e) && e.kind === 'config');
      assert.equal(e.message, `Refusing to follow a link to ${other.url}: the access token is only sent to ${proxy.url}.`);
      assert.equal(other.requests.length, 0);
    });

    it('opening and saving a template whose links point elsewhere talks only to the instance', async () => {
      await connect();
      proxy.add({ path: '/api/v1/', fault: { kind: 'rewrite', transform: (j) => moveLinks(j, proxy.url, other.url) } });
      const f = files();
      const l = loc(1);
      await f.stat(l);
      const text = new TextDecoder().decode(await f.read(l));
      const out = await f.write(l, new TextEncoder().encode(text.replace('"Tensile test"', '"Tensile test 2"')), 'upload');
      assert.equal(out.kind, 'saved');
      assert.equal(sb.store.getTemplate(1)!.title, 'Tensile test 2');
      assert.equal(other.requests.length, 0);
    });
  });

  describe('redirects to another origin', () => {
    it('the tree: an error item that names the other address; nothing reaches it', async () => {
      await connect();
      proxy.add({ path: '/api/v1/templates?', fault: { kind: 'redirect', status: 302, location: `${other.url}/api/v1/templates?page=1` } });
      const { templates } = await tree();
      const children = await model!.getChildren(templates);
      assert.equal(children.length, 1);
      const m = children[0] as MessageNode;
      assert.equal(m.severity, 'error');
      assert.equal(
        describeError(m.error, m.action),
        `Could not list the templates: Kadi4Mat redirected GET /api/v1/templates?page=1&per_page=100 to ${other.url}, a different address. ` +
          `The access token is only sent to ${proxy.url}; if the instance has moved, change its address to ${other.url}.`,
      );
      assert.equal(other.requests.length, 0);
    });

    it('a save answered with 307 to another origin: refused, the editor keeps the text, nothing written anywhere', async () => {
      await connect();
      const f = files();
      const l = loc(1);
      await f.stat(l);
      const text = new TextDecoder().decode(await f.read(l));
      proxy.add({ method: 'PATCH', fault: { kind: 'redirect', status: 307, location: `${other.url}/api/v1/templates/1` } });
      const e = await f.write(l, new TextEncoder().encode(text.replace('"Tensile test"', '"Stolen"')), 'upload').then(
        () => assert.fail('saved'),
        (err: unknown) => err,
      );
      assert.ok(e instanceof FsFailure);
      assert.match(e.message, new RegExp(`^Kadi4Mat redirected PATCH /api/v1/templates/1 to ${other.url.replace(/\./g, '\\.')}, a different address\\.`));
      assert.ok(e.message.endsWith('Your changes are still in the editor.'));
      assert.equal(sb.store.getTemplate(1)!.title, 'Tensile test');
      assert.equal(other.requests.length, 0);
    });

    it('Add Instance against an address that redirects elsewhere: nothing is stored, the other server sees nothing', async () => {
      proxy.add({ fault: { kind: 'redirect', status: 301, location: `${other.url}/api/v1/users/me` } });
      await assert.rejects(connectInstance(t.registry, { baseUrl: proxy.url, token: TOKEN }), (e: Error) => {
        assert.match(e.message, new RegExp(`redirected GET /api/v1/users/me to ${other.url.replace(/\./g, '\\.')}`));
        return true;
      });
      assert.deepEqual(t.registry.list(), []);
      assert.equal(t.secrets.map.size, 0);
      assert.equal(other.requests.length, 0);
    });
  });

  describe('plain http:// to another machine', () => {
    // [::ffff:127.0.0.1] is this machine (an IPv4-mapped loopback address), but it is not one of
    // the names the extension treats as loopback: it stands in for a remote http:// host while
    // every byte stays on 127.0.0.1.
    let insecure: string;
    beforeEach(() => {
      insecure = `http://[::ffff:127.0.0.1]:${proxy.port}`;
    });

    it('is refused by default, naming the setting, before any request', async () => {
      assert.match(validateAddress('http://kadi.example.edu') ?? '', /^Refusing plain http:\/\/ for kadi\.example\.edu: the access token would travel unencrypted\. .*kadi4mat\.allowInsecureHttp/);
      assert.equal(validateAddress('http://127.0.0.1:5000'), undefined, 'loopback is fine');
      await assert.rejects(connectInstance(t.registry, { baseUrl: insecure, token: TOKEN }), /Refusing plain http:\/\/ for \[::ffff:7f00:1\]/);
      assert.equal(proxy.requests.length, 0);
      assert.deepEqual(t.registry.list(), []);
    });

    it('with kadi4mat.allowInsecureHttp on, Add Instance warns before the token is asked for; Cancel stores nothing, the token is never sent', async () => {
      settings.allowInsecureHttp = true;
      t.prompts.answers.push({ input: insecure });
      t.prompts.buttons.push(undefined);
      assert.equal(await addInstanceFlow({ registry: t.registry, prompts: t.prompts, progress: noProgress }), undefined);
      assert.equal(t.prompts.messages.length, 1);
      assert.equal(t.prompts.messages[0].level, 'warn');
      assert.match(t.prompts.messages[0].text, /^\[::ffff:7f00:1\]:\d+ would be reached over plain http:\/\/\. Your access token would travel unencrypted/);
      assert.deepEqual(t.prompts.messages[0].buttons, ['Connect Anyway']);
      // Only the address check (is a Kadi4Mat there?) went out, and it carries no token.
      assert.deepEqual(proxy.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization ?? 'no token'}`), ['GET /api/v1/info no token']);
      assert.deepEqual(t.registry.list(), []);
      t.prompts.done();
    });

    it('with the setting on and "Connect Anyway": connects, and the log warns on every client made', async () => {
      settings.allowInsecureHttp = true;
      t.prompts.answers.push({ input: insecure }, { input: TOKEN });
      t.prompts.buttons.push('Connect Anyway');
      const r = await addInstanceFlow({ registry: t.registry, prompts: t.prompts, progress: noProgress });
      assert.ok(r);
      assert.ok(proxy.requests.length > 0);
      assert.ok(t.log.lines.some((l) => /^warn .*: using plain http:\/\/ because kadi4mat\.allowInsecureHttp is on; the access token travels unencrypted\.$/.test(l)));
      // Turned off again: the stored instance is refused before any request.
      settings.allowInsecureHttp = false;
      t.registry.invalidateClients();
      const before = proxy.requests.length;
      await assert.rejects(t.registry.call(r.info.id, (c) => c.getTemplate(1)), /Refusing plain http:\/\/.*kadi4mat\.allowInsecureHttp/);
      assert.equal(proxy.requests.length, before);
    });
  });

  describe('redaction', () => {
    it('token-shaped text echoed by the server never reaches a message or the log', async () => {
      await connect();
      const echo = `Bad token ${TOKEN}; also Bearer ${TOKEN} and oat_Other_Secret9 and pat_someone_elses`;
      proxy.add({ method: 'PATCH', fault: { kind: 'respond', status: 403, contentType: 'application/json', body: kadiError(403, 'Forbidden', echo) }, times: 1 });
      proxy.add({ path: '/api/v1/templates?', fault: { kind: 'respond', status: 502, contentType: 'text/html', body: `<html><title>proxy error for ${TOKEN}</title></html>` } });
      proxy.add({ path: '/api/v1/templates/3', fault: { kind: 'respond', status: 500, contentType: 'text/plain', body: `session=${TOKEN} oat_x9Y` } });
      const f = files();
      const l = loc(1);
      await f.stat(l);
      const text = new TextDecoder().decode(await f.read(l));
      const messages: string[] = [];
      await f.write(l, new TextEncoder().encode(text.replace('"Tensile test"', '"X"')), 'upload').catch((e: Error) => messages.push(e.message));
      await f.stat(loc(3)).catch((e: Error) => messages.push(e.message));
      const { templates } = await tree();
      const [m] = (await model!.getChildren(templates)) as MessageNode[];
      messages.push(describeError(m.error, m.action));
      assert.equal(messages.length, 3);
      assert.match(messages[0], /Kadi4Mat: "Bad token pat_\[redacted\]; also Bearer \[redacted\] and oat_\[redacted\] and pat_\[redacted\]"/);
      assert.match(messages[1], /with text instead of JSON: "session=pat_\[redacted\] oat_\[redacted\]"/);
      assert.match(messages[2], /page title: "proxy error for pat_\[redacted\]"/);
      const everything = [...messages, ...t.log.lines].join('\n');
      assert.ok(!everything.includes(SECRET_PART), everything);
      assert.ok(!/oat_(Other|x9Y)|pat_someone/.test(everything), everything);
    });

    it('a token-shaped identifier in a request path is redacted in the log', async () => {
      await connect();
      await t.registry.call(id, (c) => c.getTemplateByIdentifier('pat_looks_like_a_token')).catch(() => undefined);
      const line = t.log.lines.find((l) => l.includes('/templates/identifier/'));
      assert.ok(line, t.log.lines.join('\n'));
      assert.match(line, /GET \/api\/v1\/templates\/identifier\/pat_\[redacted\] → 404/);
    });
  });

  it('after a whole session the token is only in the secret store and the Authorization header', async () => {
    await connect();
    const events: string[] = [];
    t.registry.onDidChange(() => events.push(JSON.stringify(t.registry.list())));
    const { templates, trash } = await tree();
    await model!.getChildren(templates);
    await model!.getChildren(trash);
    const f = files();
    const l = loc(1);
    await f.stat(l);
    const text = new TextDecoder().decode(await f.read(l));
    await f.write(l, new TextEncoder().encode(text.replace('"Tensile test"', '"Tensile test 3"')), 'upload');
    proxy.add({ fault: { kind: 'respond', status: 401, contentType: 'application/json', body: kadiError(401, 'Unauthorized', 'Access token has expired.') } });
    t.prompts.answers.push({ input: undefined });
    await t.registry.call(id, (c) => c.getTemplate(2)).catch(() => undefined);
    // Where it must be: the secret store, and the header of requests to the instance.
    assert.equal(await t.secrets.get(secretKey(id)), TOKEN);
    assert.ok(proxy.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`));
    // Where it must not be.
    const places: Record<string, string> = {
      globalState: t.state.dump(),
      log: t.log.lines.join('\n'),
      uris: [loc(1).key, loc(2).key].join('\n'),
      events: events.join('\n'),
      instances: JSON.stringify(t.registry.list()),
      prompts: JSON.stringify([t.prompts.asked, t.prompts.messages]),
      requestPaths: proxy.requests.map((r) => r.path).join('\n'),
      client: (() => {
        const c = new KadiClient({ baseUrl: proxy.url, token: TOKEN });
        return `${JSON.stringify(c)} ${String(c)} ${Object.keys(c).join(',')}`;
      })(),
    };
    for (const [where, content] of Object.entries(places)) assert.ok(!content.includes(SECRET_PART), `the token is in ${where}`);
    assert.ok(t.log.lines.length > 5, 'the session was logged');
  });
});
