// The explorer's nodes against the sandbox: lazy children, one request per page, shared
// requests for concurrent expansions, "Load more", filters as request parameters, errors as
// one retryable item, trash and revisions.
import * as assert from 'node:assert/strict';
import { connectInstance } from '../../src/instances/connect';
import { ExplorerModel, type ExplorerNode, type LoadMoreNode, type MessageNode, type TemplateNode } from '../../src/explorer/model';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import { makeRegistry, type TestRegistry } from '../support/fakes';

const ALICE = 'pat_sandbox_alice';

function templateRequests(sb: Sandbox): string[] {
  return sb.requests.filter((r) => r.path.startsWith('/api/v1/templates?')).map((r) => r.path);
}

function labels(nodes: ExplorerNode[]): string[] {
  return nodes.map((n) => (n.kind === 'template' || n.kind === 'trashItem' ? n.identifier : n.kind === 'loadMore' ? n.label : n.kind === 'message' ? `${n.severity}: ${n.text}` : n.kind));
}

async function setup(extraTemplates = 0, token = ALICE, pageSize?: () => number) {
  const sb = await startSandbox({ port: 0, extraTemplates });
  const t = makeRegistry();
  const { info } = await connectInstance(t.registry, { baseUrl: sb.url, token });
  const model = new ExplorerModel({ clients: t.registry, pageSize });
  sb.requests.length = 0;
  const [instance] = await model.getChildren();
  const [templates, trash] = await model.getChildren(instance);
  return { sb, t, info, model, instance, templates, trash };
}

describe('explorer: tree model', function () {
  this.timeout(30_000);
  let env: Awaited<ReturnType<typeof setup>>;
  afterEach(async () => {
    env?.model.dispose();
    await env?.sb.close();
  });

  it('roots and their first level cost no request', async () => {
    env = await setup();
    assert.equal(env.instance.kind, 'instance');
    assert.equal(env.templates.kind, 'templates');
    assert.equal(env.trash.kind, 'trash');
    assert.equal(env.sb.requests.length, 0);
  });

  it('lists the seed templates with one request of 100, no "load more"', async () => {
    env = await setup();
    const children = await env.model.getChildren(env.templates);
    assert.deepEqual(templateRequests(env.sb), ['/api/v1/templates?page=1&per_page=100']);
    const ids = labels(children);
    for (const id of ['tensile-test', 'sample-record', 'simulation-run', 'microscopy-image']) assert.ok(ids.includes(id), `${id} missing in ${ids}`);
    assert.ok(!ids.includes('old-protocol'), 'a trashed template is not listed');
    assert.ok(children.every((n) => n.kind === 'template'));
  });

  it('pages: 100 + "Load more (100 of 263)", then 200, then all; one request per page', async () => {
    env = await setup(600);
    let children = await env.model.getChildren(env.templates);
    assert.equal(children.length, 101);
    const more = children[100] as LoadMoreNode;
    assert.equal(more.kind, 'loadMore');
    assert.equal(more.label, 'Load more (100 of 263)');
    await env.model.loadMore(more);
    await env.model.loadMore(more); // a second click on the same item adds nothing
    children = await env.model.getChildren(env.templates);
    assert.equal(children.length, 201);
    assert.equal((children[200] as LoadMoreNode).label, 'Load more (200 of 263)');
    await env.model.loadMore(children[200] as LoadMoreNode);
    children = await env.model.getChildren(env.templates);
    assert.equal(children.length, 263);
    assert.ok(children.every((n) => n.kind === 'template'));
    assert.equal(new Set(children.map((n) => (n as TemplateNode).templateId)).size, 263);
    assert.deepEqual(templateRequests(env.sb), [
      '/api/v1/templates?page=1&per_page=100',
      '/api/v1/templates?page=2&per_page=100',
      '/api/v1/templates?page=3&per_page=100',
    ]);
  });

  it('kadi4mat.pageSize: every list asks for that many; a change starts again at page 1 with the new size', async () => {
    let size = 25;
    env = await setup(100, ALICE, () => size);
    let children = await env.model.getChildren(env.templates);
    assert.equal(children.length, 26);
    assert.equal((children[25] as LoadMoreNode).label, 'Load more (25 of 49)');
    await env.model.loadMore(children[25] as LoadMoreNode);
    children = await env.model.getChildren(env.templates);
    assert.equal(children.length, 49);
    const [first] = children as TemplateNode[];
    const [revisions] = await env.model.getChildren(first);
    await env.model.getChildren(revisions);
    await env.model.getChildren(env.trash);
    assert.deepEqual(
      env.sb.requests.map((r) => r.path),
      [
        '/api/v1/templates?page=1&per_page=25',
        '/api/v1/templates?page=2&per_page=25',
        `/api/v1/templates/${first.templateId}/revisions?page=1&per_page=25`,
        '/api/v1/trash?page=1&per_page=25',
      ],
    );

    // Out-of-range values are brought into 10…100, as the setting's schema says.
    size = 3;
    let fired = 0;
    const sub = env.model.onDidChange((n) => n === undefined && fired++);
    env.model.pageSizeChanged();
    sub.dispose();
    assert.equal(fired, 1, 'the whole tree re-renders');
    env.sb.requests.length = 0;
    children = await env.model.getChildren(env.templates);
    assert.equal(children.length, 11);
    assert.equal((children[10] as LoadMoreNode).label, 'Load more (10 of 49)');
    assert.deepEqual(templateRequests(env.sb), ['/api/v1/templates?page=1&per_page=10']);
  });

  it('concurrent expansions share one request; a refresh keeps the pages shown', async () => {
    env = await setup(600);
    const [a, b] = await Promise.all([env.model.getChildren(env.templates), env.model.getChildren(env.templates)]);
    assert.equal(a.length, 101);
    assert.deepEqual(labels(a), labels(b));
    assert.equal(templateRequests(env.sb).length, 1);
    await env.model.loadMore(a[100] as LoadMoreNode);
    env.sb.requests.length = 0;
    let fired: ExplorerNode | undefined | null = null;
    env.model.onDidChange((n) => (fired = n));
    env.model.refresh(env.templates);
    assert.equal(fired, env.templates);
    const again = await env.model.getChildren(env.templates);
    assert.equal(again.length, 201, 'still two pages after refresh');
    assert.deepEqual(templateRequests(env.sb), ['/api/v1/templates?page=1&per_page=100', '/api/v1/templates?page=2&per_page=100']);
    // Nodes keep their identity across the refresh (VS Code refreshes by element).
    assert.equal(again[0], a[0]);
  });

  it('5000 templates: the first page after a single request', async () => {
    env = await setup(5000);
    const children = await env.model.getChildren(env.templates);
    assert.equal(env.sb.requests.length, 1);
    assert.equal(children.length, 101);
    assert.equal((children[100] as LoadMoreNode).label, 'Load more (100 of 2148)');
  });

  it('the filter becomes request parameters; "created by me" uses the stored user id', async () => {
    env = await setup();
    env.model.setFilter({ query: '"tensile test"', type: 'extras', visibility: 'private', createdByMe: true, sort: 'title' });
    const children = await env.model.getChildren(env.templates);
    const [path] = templateRequests(env.sb);
    const q = new URL(path, 'http://x').searchParams;
    assert.equal(q.get('query'), '"tensile test"');
    assert.equal(q.get('type'), 'extras');
    assert.equal(q.get('visibility'), 'private');
    assert.equal(q.get('sort'), 'title');
    assert.deepEqual(q.getAll('user'), ['1']);
    assert.deepEqual(labels(children), ['tensile-test']);
    assert.equal(env.sb.requests.filter((r) => r.path.includes('/users/me')).length, 0, 'no extra request for the user');
  });

  it('nothing matches: one "No templates match" item', async () => {
    env = await setup();
    env.model.setFilter({ query: 'zzzzqqqq' });
    assert.deepEqual(labels(await env.model.getChildren(env.templates)), ['empty: No templates match the filter.']);
  });

  it('a changed filter starts at page 1 again', async () => {
    env = await setup(600);
    const first = await env.model.getChildren(env.templates);
    await env.model.loadMore(first[100] as LoadMoreNode);
    env.model.setFilter({ type: 'record' });
    env.sb.requests.length = 0;
    await env.model.getChildren(env.templates);
    assert.deepEqual(templateRequests(env.sb), ['/api/v1/templates?page=1&per_page=100&type=record']);
  });

  it('"created by me" without user.read: an error item that says why', async () => {
    env = await setup(0, 'pat_sandbox_alice_readonly');
    env.model.setFilter({ createdByMe: true });
    const [item] = (await env.model.getChildren(env.templates)) as MessageNode[];
    assert.equal(item.severity, 'error');
    assert.match(String((item.error as Error).message), /lacks the user\.read scope/);
  });

  it('server down: one error item with retry; retry reloads once it is back', async () => {
    env = await setup();
    const port = env.sb.port;
    await env.sb.close();
    const children = await env.model.getChildren(env.templates);
    assert.equal(children.length, 1);
    const err = children[0] as MessageNode;
    assert.equal(err.kind, 'message');
    assert.equal(err.severity, 'error');
    assert.equal(err.retry, 'reload');
    assert.equal(err.parent, env.templates);
    // Refused, or a kept-alive socket cut when the server stopped.
    assert.match((err.error as Error).message, /connection was refused|closed unexpectedly/);
    env.sb = await startSandbox({ port });
    await env.model.retry(err);
    const back = await env.model.getChildren(env.templates);
    assert.ok(back.length > 3 && back.every((n) => n.kind === 'template'));
  });

  it('template → Revisions → revisions newest first, carrying what the revision commands take', async () => {
    env = await setup();
    const list = (await env.model.getChildren(env.templates)) as TemplateNode[];
    const tensile = list.find((n) => n.identifier === 'tensile-test')!;
    const [revisions] = await env.model.getChildren(tensile);
    assert.equal(revisions.kind, 'revisions');
    env.sb.requests.length = 0;
    const revs = await env.model.getChildren(revisions);
    assert.equal(env.sb.requests.length, 1);
    assert.match(env.sb.requests[0].path, new RegExp(`^/api/v1/templates/${tensile.templateId}/revisions\\?page=1&per_page=100$`));
    assert.ok(revs.length >= 3);
    const r = revs[0];
    assert.equal(r.kind, 'revision');
    if (r.kind !== 'revision') return;
    assert.deepEqual(
      { instanceId: r.instanceId, templateId: r.templateId, identifier: r.identifier, revisionId: typeof r.revisionId },
      { instanceId: env.info.id, templateId: tensile.templateId, identifier: 'tensile-test', revisionId: 'number' },
    );
    const times = revs.map((n) => (n.kind === 'revision' ? Date.parse(n.revision.timestamp) : 0));
    assert.deepEqual([...times].sort((a, b) => b - a), times, 'newest first');
  });

  it('trash lists alice\'s trashed templates with their deletion time', async () => {
    env = await setup();
    const items = await env.model.getChildren(env.trash);
    assert.deepEqual(labels(items), ['old-protocol']);
    const [item] = items;
    assert.equal(item.kind, 'trashItem');
    if (item.kind === 'trashItem') assert.ok(Date.parse(item.item.deleted_at) > 0);
    assert.deepEqual(env.sb.requests.map((r) => r.path), ['/api/v1/trash?page=1&per_page=100']);
  });

  it('a template change event reloads the list that shows it (and the trash on delete)', async () => {
    env = await setup();
    await env.model.getChildren(env.templates);
    await env.model.getChildren(env.trash);
    const fired: (ExplorerNode | undefined)[] = [];
    env.model.onDidChange((n) => fired.push(n));
    env.sb.requests.length = 0;
    env.model.templateChanged({ instanceId: env.info.id, templateId: 1, kind: 'deleted' });
    assert.ok(fired.includes(env.templates) && fired.includes(env.trash));
    await env.model.getChildren(env.templates);
    await env.model.getChildren(env.trash);
    assert.deepEqual(env.sb.requests.map((r) => r.path.split('?')[0]), ['/api/v1/templates', '/api/v1/trash']);
  });

  it('a save of this window updates its row in place: no listing request, no jump to the top', async () => {
    env = await setup();
    const before = (await env.model.getChildren(env.templates)).map((n) => n.id);
    const last = before[before.length - 1];
    const node = (await env.model.getChildren(env.templates)).find((n) => n.id === last)!;
    assert.equal(node.kind, 'template');
    if (node.kind !== 'template') return;
    const saved = await env.t.registry.call(env.info.id, (c) => c.updateTemplate(node.templateId, { title: 'Just saved' }));
    const fired: (ExplorerNode | undefined)[] = [];
    env.model.onDidChange((n) => fired.push(n));
    env.sb.requests.length = 0;
    env.model.templateChanged({ instanceId: env.info.id, templateId: node.templateId, kind: 'saved', template: saved });
    assert.ok(fired.includes(node), 'the row re-renders');
    assert.ok(!fired.includes(env.templates), 'not the list');
    const after = await env.model.getChildren(env.templates);
    assert.deepEqual(after.map((n) => n.id), before, 'same order: the saved template stays where it was');
    assert.equal(node.template.title, 'Just saved');
    assert.deepEqual(env.sb.requests, [], 'no request');
  });

  it('an instance-list change re-renders without refetching what loaded fine', async () => {
    env = await setup(600);
    const first = await env.model.getChildren(env.templates);
    await env.model.loadMore(first[100] as LoadMoreNode);
    env.sb.requests.length = 0;
    let fired: ExplorerNode | undefined | null = null;
    env.model.onDidChange((n) => (fired = n));
    env.t.registry.secretChanged(`kadi4mat.token.${env.info.id}`); // e.g. another window stored the token
    assert.equal(fired, undefined, 'whole tree re-rendered');
    assert.equal((await env.model.getChildren(env.templates)).length, 201);
    assert.equal(env.sb.requests.length, 0);
  });

  it('no token stored: the instance says so instead of listing', async () => {
    env = await setup();
    env.t.secrets.map.clear();
    const [instance] = await env.model.getChildren();
    assert.equal(instance.kind === 'instance' && instance.hasToken, false);
    const [msg] = (await env.model.getChildren(instance)) as MessageNode[];
    assert.equal(msg.severity, 'noToken');
    assert.match(msg.text, /No access token is stored/);
  });
});

describe('explorer: model without a server', () => {
  it('an empty instance list has no roots', async () => {
    const t: TestRegistry = makeRegistry();
    const model = new ExplorerModel({ clients: t.registry });
    assert.deepEqual(await model.getChildren(), []);
  });
});
