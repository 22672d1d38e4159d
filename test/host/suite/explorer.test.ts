// The template explorer in a real extension host: an instance added through the extension's
// registry (token in SecretStorage only), the tree's items as VS Code gets them, paging with
// one request per page, the filter in the request and the view title, an error item.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { secretKey } from '../../../src/instances/registry';
import type { ExplorerNode } from '../../../src/explorer/model';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index';

import { activateWithSandbox, templatesNodeOf, type ExtensionApi } from './support';
const ALICE = 'pat_sandbox_alice';

type Api = ExtensionApi;

describe('explorer (host)', function () {
  this.timeout(60_000);
  let api: Api;
  let sb: Sandbox;
  let id: string;

  const templateRequests = () => sb.requests.filter((r) => r.path.startsWith('/api/v1/templates?')).map((r) => r.path);
  const provider = () => api.explorer.provider;
  async function templatesNode(): Promise<ExplorerNode> {
    const templates = await templatesNodeOf(provider(), id);
    assert.equal(templates.kind, 'templates');
    return templates;
  }

  before(async () => {
    ({ api, sb, id } = await activateWithSandbox({ sandbox: { extraTemplates: 600 }, token: ALICE }));
  });

  after(async () => {
    await api?.instances.remove(id).catch(() => undefined);
    await sb?.close();
  });

  it('keeps the token in SecretStorage only', async () => {
    assert.equal(await api.instances.hasToken(id), true);
    // The registry's stores are the extension's real context.secrets / context.globalState.
    const stores = (api.instances as unknown as { opts: { secrets: vscode.SecretStorage; state: vscode.Memento } }).opts;
    assert.equal(await stores.secrets.get(secretKey(id)), ALICE);
    const state = JSON.stringify(stores.state.keys().map((k) => [k, stores.state.get(k)]));
    assert.ok(state.includes(id), 'the instance is listed in globalState');
    assert.ok(!state.includes('pat_'), 'no token in globalState');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('kadi4mat'));
    assert.ok(!settings.includes('pat_'), 'no token in settings');
  });

  it('shows the seed templates, 100 per page with "Load more", one request per page', async () => {
    sb.requests.length = 0;
    const templates = await templatesNode();
    let children = await provider().getChildren(templates);
    assert.equal(children.length, 101);
    assert.deepEqual(templateRequests(), ['/api/v1/templates?page=1&per_page=100']);
    const items = children.map((n) => provider().getTreeItem(n));
    const more = items[100];
    assert.equal(more.label, 'Load more (100 of 263)');
    assert.equal(more.command?.command, 'kadi4mat.loadMore');

    // A seed template as VS Code shows it: title, identifier, icon by type, opens its kadi: document.
    const all = await loadAll(templates);
    const tensile = all.map((n) => [n, provider().getTreeItem(n)] as const).find(([, i]) => i.description === 'tensile-test');
    assert.ok(tensile, 'tensile-test listed');
    const [, tItem] = tensile;
    assert.equal(tItem.label, 'Tensile test');
    assert.equal(tItem.contextValue, 'template');
    assert.equal((tItem.iconPath as vscode.ThemeIcon).id, 'list-tree');
    assert.equal(tItem.command?.command, 'vscode.open');
    const uri = tItem.command?.arguments?.[0] as vscode.Uri;
    assert.equal(uri.scheme, 'kadi');
    assert.equal(uri.authority, id);
    assert.equal(uri.path, '/templates/1/tensile-test.kadi-template.json');
    assert.match(String((tItem.tooltip as vscode.MarkdownString).value), /Your role: \*\*admin\*\* \(creator\)/);
    assert.deepEqual(templateRequests(), [
      '/api/v1/templates?page=1&per_page=100',
      '/api/v1/templates?page=2&per_page=100',
      '/api/v1/templates?page=3&per_page=100',
    ]);
    children = await provider().getChildren(templates);
    assert.equal(children.length, 263);
  });

  async function loadAll(templates: ExplorerNode): Promise<ExplorerNode[]> {
    for (;;) {
      const children = await provider().getChildren(templates);
      const last = children[children.length - 1];
      if (last.kind !== 'loadMore') return children;
      await vscode.commands.executeCommand('kadi4mat.loadMore', last);
      const after = await provider().getChildren(templates);
      assert.equal(after.filter((n) => n.kind === 'template').length, Math.min(children.length - 1 + 100, 263));
    }
  }

  it('a filter changes the request and shows in the view title', async () => {
    api.explorer.setFilter({ query: 'tensile', type: 'extras' });
    assert.equal(api.explorer.view.description, '“tensile” · extras');
    sb.requests.length = 0;
    const templates = await templatesNode();
    const children = await provider().getChildren(templates);
    const [path] = templateRequests();
    const q = new URL(path, sb.url).searchParams;
    assert.equal(q.get('query'), 'tensile');
    assert.equal(q.get('type'), 'extras');
    assert.equal(q.get('page'), '1');
    assert.ok(children.some((n) => provider().getTreeItem(n).description === 'tensile-test'));
    await vscode.commands.executeCommand('kadi4mat.clearFilter');
    assert.equal(api.explorer.view.description, undefined);
  });

  it('the setting kadi4mat.pageSize sets how many the tree loads per request', async () => {
    const config = vscode.workspace.getConfiguration('kadi4mat');
    const reloaded = new Promise<void>((resolve) => {
      const sub = provider().onDidChangeTreeData((n) => {
        if (n === undefined) {
          sub.dispose();
          resolve();
        }
      });
    });
    await config.update('pageSize', 20, vscode.ConfigurationTarget.Global);
    try {
      await reloaded; // the whole tree re-renders, every list from page 1
      sb.requests.length = 0;
      const children = await provider().getChildren(await templatesNode());
      assert.equal(children.length, 21);
      assert.equal(provider().getTreeItem(children[20]).label, 'Load more (20 of 263)');
      assert.deepEqual(templateRequests(), ['/api/v1/templates?page=1&per_page=20']);
    } finally {
      await config.update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    }
    sb.requests.length = 0;
    const children = await provider().getChildren(await templatesNode());
    assert.equal(children.length, 101, 'back to the default, 100');
    assert.deepEqual(templateRequests(), ['/api/v1/templates?page=1&per_page=100']);
  });

  it('"Try the Local Sandbox" starts the embedded sandbox and connects as alice', async () => {
    await vscode.commands.executeCommand('kadi4mat.trySandbox');
    const info = api.instances.get('sandbox');
    assert.ok(info, 'sandbox instance added');
    assert.equal(info.label, 'Local sandbox');
    assert.equal(info.user?.username, 'alice');
    assert.equal(await api.instances.hasToken('sandbox'), true);
    const roots = await provider().getChildren();
    const node = roots.find((n) => n.instanceId === 'sandbox')!;
    const item = provider().getTreeItem(node);
    assert.equal(item.label, 'Local sandbox');
    assert.equal(item.description, 'Alice Anderson');
    const [templates] = await provider().getChildren(node);
    const children = await provider().getChildren(templates);
    assert.ok(children.some((n) => provider().getTreeItem(n).description === 'tensile-test'));
    // Shown in the view, for the screenshot (when the runner offers one).
    await vscode.commands.executeCommand('kadi4mat.templates.focus');
    await api.explorer.view.reveal(children[0], { select: true, focus: false, expand: true });
    const shots = process.env.KADI_HOST_SCREENSHOT_URL;
    if (shots) await fetch(`${shots}?name=explorer-sandbox`);
    await api.instances.remove('sandbox');
    await api.sandbox.stop();
  });

  it('an unreachable server gives one error item that retries', async () => {
    const port = sb.port;
    await sb.close();
    const templates = await templatesNode();
    await vscode.commands.executeCommand('kadi4mat.refreshNode', templates);
    const children = await provider().getChildren(templates);
    assert.equal(children.length, 1);
    const item = provider().getTreeItem(children[0]);
    assert.equal(item.contextValue, 'message.error');
    assert.match(String(item.label), /^Could not list the templates: /);
    assert.equal(item.command?.command, 'kadi4mat.retry');
    // Back up on the same port: the retry command reloads the list.
    sb = await startSandbox({ port, extraTemplates: 600 });
    await vscode.commands.executeCommand('kadi4mat.retry', children[0]);
    const again = await provider().getChildren(templates);
    assert.ok(again.length > 1 && again[0].kind === 'template');
  });
});
