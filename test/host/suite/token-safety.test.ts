// Token safety in a real extension host. An instance is added through the extension's registry
// (the real SecretStorage and globalState) with a token of this suite's own, a session is run
// (tree, paging, open, save, server errors that echo the token), and then every place VS Code
// keeps things is searched: the user-data dir on disk (settings, logs — this extension's log file
// included —, workspace storage, history), globalState, workspaceState, settings, open documents'
// URIs, tabs and tree items. The token must be in SecretStorage and nowhere else. A second local
// server on another port records whether anything reached it when links and redirects point there.
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, templatesNodeOf, waitFor } from './support';
import type { Explorer } from '../../../src/explorer/register';
import type { ExplorerNode, LoadMoreNode } from '../../../src/explorer/model';
import { connectInstance } from '../../../src/instances/connect';
import { secretKey, type InstanceRegistry } from '../../../src/instances/registry';
import { templateUri } from '../../../src/fs/uris';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index';
import { kadiError, startFaultProxy, type FaultProxy } from '../../support/faultProxy';

const SECRET_PART = `H0st${Date.now().toString(36)}`;
const TOKEN = `pat_hostsafety_${SECRET_PART}`;

interface Api {
  instances: InstanceRegistry;
  explorer: Explorer;
  storage: { globalStorage: string; logs: string; workspaceState: vscode.Memento };
}

function files(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function moveLinks(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.startsWith(from) ? to + value.slice(from.length) : value;
  if (Array.isArray(value)) return value.map((v) => moveLinks(v, from, to));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, moveLinks(v, from, to)]));
  return value;
}

describe('token safety (host)', function () {
  this.timeout(60_000);
  let api: Api;
  let sb: Sandbox;
  let proxy: FaultProxy;
  let other: FaultProxy;
  let id: string;

  const provider = () => api.explorer.provider;
  const templatesNode = (): Promise<ExplorerNode> => templatesNodeOf(provider(), id);
  /** Everything VS Code gets for a tree node. */
  const itemText = (n: ExplorerNode) => {
    const item = provider().getTreeItem(n);
    return JSON.stringify({ id: item.id, label: item.label, description: item.description, tooltip: String(item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip), command: item.command, context: item.contextValue });
  };

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension not found');
    api = (await ext.activate()) as Api;
    assert.ok(api.instances && api.explorer && api.storage, 'activate() must return instances, explorer and storage outside production');
    sb = await startSandbox({ port: 0, extraTemplates: 600 });
    proxy = await startFaultProxy({ upstream: sb.url, tokenMap: { [TOKEN]: 'pat_sandbox_alice' } });
    other = await startFaultProxy();
    id = (await connectInstance(api.instances, { baseUrl: proxy.url, token: TOKEN, label: 'Token safety lab' })).info.id;
  });

  after(async () => {
    await vscode.workspace.getConfiguration('kadi4mat').update('allowInsecureHttp', undefined, vscode.ConfigurationTarget.Global);
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'kadi' && d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api?.instances.remove(id).catch(() => undefined);
    await other?.close();
    await proxy?.close();
    await sb?.close();
  });

  afterEach(() => {
    proxy.clear();
    assert.equal(other.sawInHeaders(SECRET_PART), false, 'the token reached another origin');
  });

  it('paging the tree through answers whose links point to another origin: nothing reaches it', async () => {
    proxy.add({ path: '/api/v1/', fault: { kind: 'rewrite', transform: (j) => moveLinks(j, proxy.url, other.url) } });
    const templates = await templatesNode();
    await vscode.commands.executeCommand('kadi4mat.refreshNode', templates);
    const from = proxy.requests.length;
    let children = await provider().getChildren(templates);
    while (children[children.length - 1].kind === 'loadMore') {
      await vscode.commands.executeCommand('kadi4mat.loadMore', children[children.length - 1] as LoadMoreNode);
      children = await provider().getChildren(templates);
    }
    assert.equal(children.length, 263);
    assert.deepEqual(
      proxy.requests.slice(from).filter((r) => r.path.startsWith('/api/v1/templates?')).map((r) => r.path),
      ['/api/v1/templates?page=1&per_page=100', '/api/v1/templates?page=2&per_page=100', '/api/v1/templates?page=3&per_page=100'],
    );
    assert.equal(other.requests.length, 0);
    // The tree keeps no links: ask the instance itself whether they did point elsewhere.
    const page = await api.instances.call(id, (c) => c.searchTemplates({ per_page: 1 }));
    assert.ok(page.items[0]._links.self.startsWith(other.url), 'the links did point elsewhere');
    assert.equal(other.requests.length, 0);
  });

  it('a redirect to another origin shows an error item naming it; nothing reaches it', async () => {
    proxy.add({ path: '/api/v1/templates?', fault: { kind: 'redirect', status: 302, location: `${other.url}/api/v1/templates` } });
    const templates = await templatesNode();
    await vscode.commands.executeCommand('kadi4mat.refreshNode', templates);
    const children = await provider().getChildren(templates);
    assert.equal(children.length, 1);
    const item = provider().getTreeItem(children[0]);
    assert.equal(item.contextValue, 'message.error');
    assert.match(String(item.label), new RegExp(`^Could not list the templates: Kadi4Mat redirected GET .* to ${other.url.replace(/\./g, '\\.')}, a different address\\.`));
    assert.equal(other.requests.length, 0);
    proxy.clear();
    await vscode.commands.executeCommand('kadi4mat.retry', children[0]);
  });

  it('http:// to another machine: refused unless kadi4mat.allowInsecureHttp is on', async () => {
    // [::ffff:127.0.0.1] is this machine, but not a name the extension treats as loopback.
    const insecure = `http://[::ffff:127.0.0.1]:${proxy.port}`;
    await assert.rejects(connectInstance(api.instances, { baseUrl: insecure, token: TOKEN }), /Refusing plain http:\/\/.*kadi4mat\.allowInsecureHttp/);
    await vscode.workspace.getConfiguration('kadi4mat').update('allowInsecureHttp', true, vscode.ConfigurationTarget.Global);
    await waitFor('the setting', () => api.instances.allowsInsecureHttp());
    const r = await connectInstance(api.instances, { baseUrl: insecure, token: TOKEN });
    assert.equal(r.info.baseUrl, 'http://[::ffff:7f00:1]:' + proxy.port);
    await api.instances.remove(r.info.id);
    await vscode.workspace.getConfiguration('kadi4mat').update('allowInsecureHttp', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('the setting off', () => !api.instances.allowsInsecureHttp());
  });

  it('after a session the token is in SecretStorage only: not on disk, in state, settings, URIs, tabs or tree items', async () => {
    // A session: list, open, save, and server errors that echo the token back.
    const templates = await templatesNode();
    await vscode.commands.executeCommand('kadi4mat.refreshNode', templates);
    const nodes = await provider().getChildren(templates);
    const uri = templateUri(id, 1, sb.store.getTemplate(1)!.identifier);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('"Tensile test"');
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + '"Tensile test"'.length)), '"Tensile test (token safety)"');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    assert.equal(await doc.save(), true);
    assert.equal(sb.store.getTemplate(1)!.title, 'Tensile test (token safety)');
    proxy.add({ method: 'PATCH', fault: { kind: 'respond', status: 403, contentType: 'application/json', body: kadiError(403, 'Forbidden', `Token ${TOKEN} may not do this (Bearer ${TOKEN}).`) } });
    const edit2 = new vscode.WorkspaceEdit();
    edit2.insert(uri, doc.positionAt(doc.getText().indexOf('(token safety)') + 1), 'x');
    assert.equal(await vscode.workspace.applyEdit(edit2), true);
    assert.equal(await doc.save(), false, 'the 403 fails the save');
    assert.equal(doc.isDirty, true);
    proxy.clear();
    proxy.add({ path: '/api/v1/templates?', fault: { kind: 'respond', status: 502, contentType: 'text/html', body: `<html><title>upstream said ${TOKEN}</title></html>` } });
    await vscode.commands.executeCommand('kadi4mat.refreshNode', templates);
    const failed = await provider().getChildren(templates);
    assert.match(String(provider().getTreeItem(failed[0]).label), /page title: "upstream said pat_\[redacted\]"/);
    proxy.clear();

    // It is where it belongs.
    const stores = (api.instances as unknown as { opts: { secrets: vscode.SecretStorage; state: vscode.Memento } }).opts;
    assert.equal(await stores.secrets.get(secretKey(id)), TOKEN);

    // The log was written (so searching it proves something), with the echoed token redacted.
    const logFile = path.join(api.storage.logs, 'Kadi4Mat.log');
    await waitFor('the log file to show the failed save', () => fs.existsSync(logFile) && /Save of kadi:.* failed: .*pat_\[redacted\]/.test(fs.readFileSync(logFile, 'utf8')));
    assert.match(fs.readFileSync(logFile, 'utf8'), /Saved "title" of template 1/);
    // One line per request — method, path, status, time — at the log's default level (the
    // search below shows the token is in none of them).
    await waitFor('request lines in the log', () => /\[info\] PATCH \/api\/v1\/templates\/1 → 200 \(\d+ ms\)/.test(fs.readFileSync(logFile, 'utf8')));
    assert.match(fs.readFileSync(logFile, 'utf8'), /\[warning\] PATCH \/api\/v1\/templates\/1 → 403 \(\d+ ms\)/);
    assert.match(fs.readFileSync(logFile, 'utf8'), /\[info\] GET \/api\/v1\/templates\/1 → 200 \(\d+ ms\)/);

    // The user-data dir: settings, logs, workspace storage, history, caches.
    const userData = path.resolve(api.storage.globalStorage, '..', '..', '..');
    assert.equal(path.resolve(api.storage.logs, '..', '..', '..', '..'), userData, 'logs and global storage share the user-data dir');
    const onDisk = files(userData).filter((f) => !f.includes(`${path.sep}extensions${path.sep}`));
    assert.ok(onDisk.some((f) => f.endsWith(`${path.sep}User${path.sep}settings.json`)), 'settings.json searched');
    assert.ok(onDisk.includes(logFile), 'the extension log searched');
    const leaks = onDisk.filter((f) => {
      try {
        return fs.statSync(f).size < 64 * 1024 * 1024 && fs.readFileSync(f).includes(SECRET_PART);
      } catch {
        return false;
      }
    });
    assert.deepEqual(leaks, [], 'files holding the token');

    // State, settings, URIs, tabs, tree items.
    const state = JSON.stringify(stores.state.keys().map((k) => [k, stores.state.get(k)]));
    assert.ok(state.includes(id), 'the instance is in globalState');
    const workspaceState = JSON.stringify(api.storage.workspaceState.keys().map((k) => [k, api.storage.workspaceState.get(k)]));
    const settings = JSON.stringify(vscode.workspace.getConfiguration('kadi4mat')) + JSON.stringify(vscode.workspace.getConfiguration().inspect('kadi4mat'));
    const uris = vscode.workspace.textDocuments.map((d) => d.uri.toString()).join('\n');
    assert.ok(uris.includes(uri.toString()));
    const tabs = JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => ({ label: t.label, input: (t.input as { uri?: vscode.Uri })?.uri?.toString() }))));
    const items = [...nodes, ...failed].map(itemText).join('\n');
    for (const [where, text] of Object.entries({ state, workspaceState, settings, uris, tabs, items })) {
      assert.ok(!text.includes(SECRET_PART), `the token is in ${where}`);
    }
  });
});
