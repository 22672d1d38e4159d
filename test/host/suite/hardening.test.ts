// Faults in a real extension host, for the outcomes only VS Code can show: a failed save leaves
// the editor dirty with the user's text (VS Code then offers Retry / Save As / Revert), the
// message the user gets (VS Code shows the FileSystemError's text; the extension logs the same
// line), the tree's error item with its Retry command, the request-timeout setting taking
// effect, and a save after the server restarted. The sandbox (with a data file) sits behind a
// fault-injecting proxy on 127.0.0.1.
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor, shot } from './support';
import type { Explorer } from '../../../src/explorer/register';
import type { ExplorerNode } from '../../../src/explorer/model';
import { connectInstance } from '../../../src/instances/connect';
import type { InstanceRegistry } from '../../../src/instances/registry';
import { templateUri } from '../../../src/fs/uris';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index';
import { startFaultProxy, type FaultProxy } from '../../support/faultProxy';

interface Api {
  instances: InstanceRegistry;
  explorer: Explorer;
  storage: { logs: string };
}

describe('hardening (host)', function () {
  this.timeout(60_000);
  let api: Api;
  let sb: Sandbox;
  let proxy: FaultProxy;
  let id: string;
  let dir: string;
  let dataFile: string;

  const row = (tid: number) => sb.store.getTemplate(tid)!;
  const logText = () => {
    const f = path.join(api.storage.logs, 'Kadi4Mat.log');
    return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
  };
  /** The line the extension logs for a failed save: the same text VS Code shows in its notification. */
  async function saveFailure(uri: vscode.Uri, pattern: RegExp): Promise<string> {
    let line = '';
    await waitFor(`the failed save of ${uri.toString()} in the log`, () => {
      line = logText().split('\n').reverse().find((l) => l.includes(`Save of ${uri.toString()} failed: `)) ?? '';
      return pattern.test(line);
    });
    return line.slice(line.indexOf(' failed: ') + ' failed: '.length);
  }

  async function open(tid: number): Promise<vscode.TextDocument> {
    const doc = await vscode.workspace.openTextDocument(templateUri(id, tid, row(tid).identifier));
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }
  async function retitle(doc: vscode.TextDocument, title: string): Promise<void> {
    const m = /"title": "[^"]*"/.exec(doc.getText());
    assert.ok(m);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + m[0].length)), `"title": "${title}"`);
    assert.equal(await vscode.workspace.applyEdit(edit), true);
  }
  async function templatesNode(): Promise<ExplorerNode> {
    const roots = await api.explorer.provider.getChildren();
    const instance = roots.find((n) => n.instanceId === id);
    assert.ok(instance);
    const [templates] = await api.explorer.provider.getChildren(instance);
    return templates;
  }

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension not found');
    api = (await ext.activate()) as Api;
    assert.ok(api.instances && api.explorer && api.storage);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-hardening-'));
    dataFile = path.join(dir, 'data.json');
    sb = await startSandbox({ port: 0, dataFile });
    proxy = await startFaultProxy({ upstream: sb.url });
    id = (await connectInstance(api.instances, { baseUrl: proxy.url, token: 'pat_sandbox_alice' })).info.id;
  });

  afterEach(async () => {
    proxy.clear();
    await vscode.workspace.getConfiguration('kadi4mat').update('requestTimeout', undefined, vscode.ConfigurationTarget.Global);
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'kadi' && d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await api?.instances.remove(id).catch(() => undefined);
    await proxy?.close();
    await sb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a proxy’s 502 page on save: the save fails with a plain message, the editor stays dirty, the server is unchanged; then it saves', async () => {
    const doc = await open(1);
    const before = { title: row(1).title, revisions: row(1).revisions.length };
    await retitle(doc, 'Through a broken proxy');
    proxy.add({ method: 'PATCH', fault: { kind: 'respond', status: 502, contentType: 'text/html', body: '<html><head><title>502 Bad Gateway</title></head></html>' } });
    assert.equal(await doc.save(), false);
    assert.equal(doc.isDirty, true);
    assert.match(doc.getText(), /"title": "Through a broken proxy"/);
    const message = await saveFailure(doc.uri, /502/);
    assert.equal(
      message,
      `Kadi4Mat answered 502 with an HTML page instead of JSON (page title: "502 Bad Gateway") — is ${id} the Kadi4Mat address, or is a proxy in the way? Retry later; your changes stay in the editor.`,
    );
    await shot('hardening-save-502');
    assert.deepEqual({ title: row(1).title, revisions: row(1).revisions.length }, before);
    proxy.clear();
    assert.equal(await doc.save(), true);
    assert.equal(doc.isDirty, false);
    assert.equal(row(1).title, 'Through a broken proxy');
  });

  it('kadi4mat.requestTimeout applies: a save the server never answers fails after 1 s and stays dirty', async () => {
    await vscode.workspace.getConfiguration('kadi4mat').update('requestTimeout', 1, vscode.ConfigurationTarget.Global);
    const doc = await open(3);
    await retitle(doc, 'Never answered');
    proxy.add({ method: 'PATCH', fault: { kind: 'stall' } });
    const started = Date.now();
    assert.equal(await doc.save(), false);
    assert.ok(Date.now() - started < 10_000);
    assert.equal(doc.isDirty, true);
    const message = await saveFailure(doc.uri, /did not answer/);
    assert.equal(message, `${id} did not answer within 1 s (PATCH /api/v1/templates/3). Retry when it is back; your changes stay in the editor.`);
    assert.equal(row(3).title, 'Measurement series');
  });

  it('the template was deleted while open: the save fails, the text stays, the message offers Save As', async () => {
    const doc = await open(7);
    await retitle(doc, 'Saved too late');
    sb.store.deleteTemplate(7, 3);
    assert.equal(await doc.save(), false);
    assert.equal(doc.isDirty, true);
    assert.match(doc.getText(), /"title": "Saved too late"/);
    const message = await saveFailure(doc.uri, /no longer exists/);
    assert.equal(message, 'The template no longer exists on the server (deleted or moved to the trash). "Save As…" keeps your text in a local file.');
    assert.equal(row(7).state, 'deleted');
    sb.store.restoreTemplate(7, 3);
  });

  it('the server restarts between open and save (sandbox with a data file, proxy restarted on its port): the save succeeds', async () => {
    const doc = await open(2);
    await retitle(doc, 'After a restart');
    const [sandboxPort, proxyPort] = [sb.port, proxy.port];
    await proxy.close();
    await sb.close();
    sb = await startSandbox({ port: sandboxPort, dataFile });
    proxy = await startFaultProxy({ upstream: sb.url, port: proxyPort });
    const saved = await doc.save();
    assert.equal(saved, true, saved ? '' : await saveFailure(doc.uri, /./));
    assert.equal(doc.isDirty, false);
    assert.equal(row(2).title, 'After a restart');
  });

  it('the tree: one error item with Retry for a 503; the Retry command lists the templates', async () => {
    proxy.add({ path: '/api/v1/templates?', fault: { kind: 'respond', status: 503, body: '' } });
    const templates = await templatesNode();
    await vscode.commands.executeCommand('kadi4mat.refreshNode', templates);
    const children = await api.explorer.provider.getChildren(templates);
    assert.equal(children.length, 1);
    const item = api.explorer.provider.getTreeItem(children[0]);
    assert.equal(item.label, 'Could not list the templates: Kadi4Mat answered 503 with an empty body instead of JSON.');
    assert.equal(item.contextValue, 'message.error');
    assert.equal(item.command?.command, 'kadi4mat.retry');
    await vscode.commands.executeCommand('kadi4mat.templates.focus');
    await api.explorer.view.reveal(children[0], { select: true, focus: false }).then(undefined, () => undefined);
    await shot('hardening-tree-error');
    proxy.clear();
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const again = await api.explorer.provider.getChildren(templates);
    assert.ok(again.length > 1 && again.every((n) => n.kind === 'template'));
  });
});
