// Hardening of the template tree: the explorer model with the real instance registry, talking
// to the sandbox through a fault-injecting proxy. For each fault the tree shows one error item
// whose text is what VS Code displays (describeError, as treeProvider.ts words it) and whose
// Retry loads the list once the fault is gone; loaded items stay when only "load more" fails.
import * as assert from 'node:assert/strict';
import { ExplorerModel, type ExplorerNode, type LoadMoreNode, type MessageNode } from '../../src/explorer/model';
import { rateLimitText, secretKey } from '../../src/instances/registry';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import { describeError } from '../../src/ui/errors';
import { kadiError, startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { registryWithLab, type Answer, type LabRegistry } from '../support/fakes';

interface Tree extends LabRegistry {
  model: ExplorerModel;
  templates: ExplorerNode;
  trash: ExplorerNode;
}

/** What the tree shows for a node: the error item's label is describeError(error, action). */
function shown(n: ExplorerNode): string {
  if (n.kind === 'message') return n.severity === 'error' ? `error: ${describeError(n.error, n.action)}` : `${n.severity}: ${n.text}`;
  if (n.kind === 'template' || n.kind === 'trashItem') return n.identifier;
  if (n.kind === 'loadMore') return n.label;
  return n.kind;
}

describe('hardening: the template tree through faults', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let proxy: FaultProxy;
  let tree: Tree | undefined;

  beforeEach(async () => {
    sb = await startSandbox({ port: 0, extraTemplates: 600 });
    proxy = await startFaultProxy({ upstream: sb.url, tokenMap: { pat_tree_old: 'pat_sandbox_alice', pat_tree_new: 'pat_sandbox_alice' } });
  });
  afterEach(async () => {
    tree?.model.dispose();
    tree = undefined;
    await proxy.close();
    await sb.close();
  });

  async function open(o: { baseUrl?: string; token?: string; timeoutMs?: number; answers?: Answer[] } = {}): Promise<Tree> {
    const t = await registryWithLab(o.baseUrl ?? proxy.url, o);
    const model = new ExplorerModel({ clients: t.registry });
    const [instance] = await model.getChildren();
    const [templates, trash] = await model.getChildren(instance);
    tree = { ...t, model, templates, trash };
    return tree;
  }

  async function oneError(t: Tree, node: ExplorerNode): Promise<MessageNode> {
    const children = await t.model.getChildren(node);
    assert.equal(children.length, 1, `one item, not ${children.map(shown).join(' | ')}`);
    const m = children[0] as MessageNode;
    assert.equal(m.kind, 'message');
    assert.equal(m.severity, 'error');
    assert.equal(m.retry, 'reload');
    return m;
  }

  async function retryWorks(t: Tree, m: MessageNode): Promise<void> {
    proxy.clear();
    await t.model.retry(m);
    const children = await t.model.getChildren(m.parent);
    assert.equal(children.length, 101, children.slice(0, 3).map(shown).join(' | '));
    assert.equal(children[100].kind, 'loadMore');
  }

  const faults: { name: string; add: (p: FaultProxy) => void; text: (host: string) => string; timeoutMs?: number }[] = [
    {
      name: 'a reset connection',
      add: (p) => p.add({ path: '/api/v1/templates?', fault: { kind: 'reset' } }),
      text: (host) => `The connection to ${host} was closed unexpectedly before an answer arrived.`,
    },
    {
      name: 'no answer within the timeout',
      timeoutMs: 300,
      add: (p) => p.add({ path: '/api/v1/templates?', fault: { kind: 'stall' } }),
      text: (host) => `${host} did not answer within 300 ms (GET /api/v1/templates?page=1&per_page=100).`,
    },
    {
      name: '500 with Kadi’s JSON',
      add: (p) => p.add({ path: '/api/v1/templates?', fault: { kind: 'respond', status: 500, contentType: 'application/json', body: kadiError(500, 'Internal Server Error', 'The server encountered an internal error.') } }),
      text: () => 'Kadi4Mat answered 500: The server encountered an internal error.',
    },
    {
      name: '502 with an HTML page',
      add: (p) => p.add({ path: '/api/v1/templates?', fault: { kind: 'respond', status: 502, contentType: 'text/html', body: '<html><head><title>Bad Gateway</title></head></html>' } }),
      text: (host) => `Kadi4Mat answered 502 with an HTML page instead of JSON (page title: "Bad Gateway") — is ${host} the Kadi4Mat address, or is a proxy in the way?`,
    },
    {
      name: '503 with an empty body',
      add: (p) => p.add({ path: '/api/v1/templates?', fault: { kind: 'respond', status: 503, body: '' } }),
      text: () => 'Kadi4Mat answered 503 with an empty body instead of JSON.',
    },
    {
      name: '200 with malformed JSON',
      add: (p) => p.add({ path: '/api/v1/templates?', fault: { kind: 'respond', status: 200, contentType: 'application/json', body: '{"items": [' } }),
      text: () => 'Kadi4Mat answered 200 with malformed JSON (GET /api/v1/templates?page=1&per_page=100).',
    },
    {
      name: '200 with JSON that lacks _pagination',
      add: (p) => p.add({ path: '/api/v1/templates?', fault: { kind: 'rewrite', transform: (j) => ({ items: j.items }) } }),
      text: () => 'Kadi4Mat answered GET /api/v1/templates?page=1&per_page=100 with JSON that is not a paginated list.',
    },
    {
      name: '200 with items lacking their fields',
      add: (p) => p.add({ path: '/api/v1/templates?', fault: { kind: 'rewrite', transform: (j) => ({ ...j, items: j.items.map((i: { id: number }) => ({ id: i.id })) }) } }),
      text: () => 'Kadi4Mat answered GET /api/v1/templates?page=1&per_page=100 with list items of an unexpected shape.',
    },
    {
      name: '403 (the role was removed)',
      add: (p) => p.add({ path: '/api/v1/templates?', fault: { kind: 'respond', status: 403, contentType: 'application/json', body: kadiError(403, 'Forbidden', 'You do not have the required permissions.') } }),
      text: () => 'you do not have the required role on this resource (Kadi4Mat: "You do not have the required permissions."). Ask its owner for the editor (to edit) or admin (permissions, delete) role.',
    },
  ];
  for (const f of faults) {
    it(`${f.name}: one error item that says so, and Retry lists the templates`, async () => {
      const t = await open({ timeoutMs: f.timeoutMs });
      f.add(proxy);
      const m = await oneError(t, t.templates);
      assert.equal(shown(m), `error: Could not list the templates: ${f.text(t.id)}`);
      await retryWorks(t, m);
    });
  }

  it('connection refused: the error item, and Retry works once the server is back on its port', async () => {
    const t = await open();
    const port = proxy.port;
    await proxy.close();
    const m = await oneError(t, t.templates);
    assert.equal(shown(m), `error: Could not list the templates: Could not connect to ${t.id}: the connection was refused. Is the server running and the address right?`);
    proxy = await startFaultProxy({ upstream: sb.url, port });
    await retryWorks(t, m);
  });

  it('DNS failure (.invalid host): the error item names the host', async () => {
    const t = await open({ baseUrl: 'https://kadi-tree.invalid' });
    const m = await oneError(t, t.templates);
    assert.equal(shown(m), 'error: Could not list the templates: Could not find the host kadi-tree.invalid (DNS lookup failed). Check the address and your network connection.');
  });

  it('a failed "load more" keeps the loaded items and adds an error item that retries only that page', async () => {
    const t = await open();
    const first = await t.model.getChildren(t.templates);
    proxy.add({ path: '/api/v1/templates?page=2', fault: { kind: 'respond', status: 502, body: '' }, times: 1 });
    await t.model.loadMore(first[100] as LoadMoreNode);
    const after = await t.model.getChildren(t.templates);
    assert.equal(after.length, 101);
    assert.deepEqual(after.slice(0, 100).map(shown), first.slice(0, 100).map(shown));
    const m = after[100] as MessageNode;
    assert.equal(m.retry, 'more');
    assert.equal(shown(m), 'error: Could not load more (100 of 263 shown): Kadi4Mat answered 502 with an empty body instead of JSON.');
    const from = proxy.requests.length;
    await t.model.retry(m);
    const done = await t.model.getChildren(t.templates);
    assert.equal(done.length, 201);
    assert.deepEqual(proxy.requests.slice(from).map((r) => r.path), ['/api/v1/templates?page=2&per_page=100']);
  });

  it('a 429 burst: the list waits for Retry-After (the status bar says so) and then shows', async () => {
    const t = await open();
    proxy.add({ path: '/api/v1/templates?', fault: { kind: 'respond', status: 429, contentType: 'application/json', body: kadiError(429, 'Too Many Requests', 'Slow down.'), headers: { 'Retry-After': '1' } }, times: 1 });
    const children = await t.model.getChildren(t.templates);
    assert.equal(children.length, 101);
    assert.deepEqual(t.status, [rateLimitText(t.label, 1)]);
  });

  it('401 "expired" while two lists load: one token prompt, then both lists show', async () => {
    const t = await open({ token: 'pat_tree_old', answers: [{ input: 'pat_tree_new' }] });
    proxy.add({ token: 'pat_tree_old', fault: { kind: 'respond', status: 401, contentType: 'application/json', body: kadiError(401, 'Unauthorized', 'Access token has expired.') } });
    const [templates, trash] = await Promise.all([t.model.getChildren(t.templates), t.model.getChildren(t.trash)]);
    assert.equal(templates.length, 101);
    assert.deepEqual(trash.map(shown), ['old-protocol']);
    assert.equal(t.prompts.asked.length, 1);
    assert.match(t.prompts.asked[0].prompt ?? '', /has expired/);
    assert.equal(await t.secrets.get(secretKey(t.id)), 'pat_tree_new');
    t.prompts.done();
  });

  it('401 and the prompt cancelled: an error item, and no second prompt on the next expansion', async () => {
    const t = await open({ token: 'pat_tree_old', answers: [{ input: undefined }] });
    proxy.add({ token: 'pat_tree_old', fault: { kind: 'respond', status: 401, contentType: 'application/json', body: kadiError(401, 'Unauthorized', 'Access token has expired.') } });
    const m = await oneError(t, t.templates);
    assert.equal(shown(m), 'error: Could not list the templates: the access token was not accepted (Kadi4Mat: "Access token has expired."). Use "Kadi4Mat: Replace Token" to enter a valid one.');
    const again = await oneError(t, t.trash);
    assert.match(shown(again), /^error: Could not list the trash: the access token was not accepted/);
    assert.equal(t.prompts.asked.length, 1, 'no prompt loop');
    const [instance] = await t.model.getChildren();
    assert.equal(instance.kind === 'instance' && instance.tokenDeclined, true);
  });
});
