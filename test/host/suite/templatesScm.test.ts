// Templates as code in a real extension host: Pull Templates to Folder, then the "Kadi4Mat"
// Source Control provider lists the right groups after local and remote changes, opens the
// server side read-only, offers it as the quick diff, and pushes / pulls / discards.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, shot, waitFor } from './support';
import { connectInstance } from '../../../src/instances/connect';
import type { InstanceRegistry } from '../../../src/instances/registry';
import type { TemplatesScm } from '../../../src/scm/register';
import type { FolderScm } from '../../../src/scm/folderScm';
import { renderTemplate } from '../../../src/kadi/document';
import type { Template } from '../../../src/kadi/types';
import { startSandbox, SEED_USERS, type Sandbox } from '../../../src/sandbox/index';
import { ScriptedPrompts } from '../../support/fakes';

interface Api {
  instances: InstanceRegistry;
  scm: TemplatesScm;
}

describe('templates as code: Source Control view (host)', function () {
  this.timeout(60_000);
  let api: Api;
  let sb: Sandbox;
  let instanceId: string;
  let dir: string;
  let prompts: ScriptedPrompts;
  let scm: FolderScm;

  const file = (n: string) => path.join(dir, n);
  const groups = () =>
    Object.fromEntries(Object.entries(scm.groups).map(([k, g]) => [k, g.resourceStates.map((r) => path.basename(r.resourceUri.fsPath)).sort()])) as Record<string, string[]>;
  const state = (n: string) => Object.values(scm.groups).flatMap((g) => g.resourceStates).find((r) => path.basename(r.resourceUri.fsPath) === n)!;
  const editFile = (n: string, from: string, to: string) => {
    const text = fs.readFileSync(file(n), 'utf8');
    assert.ok(text.includes(from), `${n} lacks ${from}`);
    fs.writeFileSync(file(n), text.replace(from, to));
  };
  async function refreshed(expected: Record<string, string[]>): Promise<void> {
    await vscode.commands.executeCommand('kadi4mat.scm.refresh', scm.sc);
    await waitFor(`groups ${JSON.stringify(expected)}, have ${JSON.stringify(groups())}`, () => JSON.stringify(groups()) === JSON.stringify(expected));
  }
  const empty = { conflict: [], local: [], new: [], server: [] };

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    api = (await ext.activate()) as Api;
    sb = await startSandbox({ port: 0 });
    instanceId = (await connectInstance(api.instances, { baseUrl: sb.url, token: 'pat_sandbox_alice' })).info.id;
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'the host opens a workspace folder');
    dir = path.join(ws.uri.fsPath, `templates-${Date.now()}`);
    fs.mkdirSync(dir);
  });

  beforeEach(() => {
    prompts = new ScriptedPrompts();
    api.scm.usePrompts(prompts);
  });

  after(async () => {
    api?.scm.usePrompts(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api?.instances.remove(instanceId).catch(() => undefined);
    await sb?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Pull Templates to Folder writes the files and manifest; the folder gets a clean Kadi4Mat provider', async () => {
    await vscode.commands.executeCommand('kadi4mat.pullToFolder', { instanceId, folder: vscode.Uri.file(dir), filter: { type: 'extras' } });
    assert.deepEqual(fs.readdirSync(dir).sort(), [
      'kadi-templates.json',
      'measurement-series.kadi-template.json',
      'microscopy-image.kadi-template.json',
      'simulation-run.kadi-template.json',
      'tensile-test.kadi-template.json',
    ]);
    assert.match(prompts.messages.map((m) => m.text).join('\n'), /Pulled 4 templates into /);
    await waitFor('the provider of the folder', () => api.scm.folders.has(dir));
    scm = api.scm.folders.get(dir)!;
    assert.equal(scm.sc.id, 'kadi4mat');
    assert.equal(scm.sc.label, 'Kadi4Mat');
    await refreshed(empty);
    assert.equal(scm.sc.count, 0);
    assert.ok(!fs.readFileSync(file('kadi-templates.json'), 'utf8').includes('pat_sandbox'), 'no token in the manifest');
  });

  it('lists local, new, server and conflicting changes in their groups', async () => {
    editFile('tensile-test.kadi-template.json', '"title": "Tensile test"', '"title": "Tensile test (local)"');
    fs.writeFileSync(file('hardness.kadi-template.json'), JSON.stringify({ identifier: 'hardness', title: 'Hardness', description: '', visibility: 'private', type: 'extras', data: [] }, null, 2) + '\n');
    sb.store.updateTemplate(3, { title: 'Measurement series (server)' }, SEED_USERS.alice);
    editFile('microscopy-image.kadi-template.json', '"description": "', '"description": "Local. ');
    sb.store.updateTemplate(6, { description: 'Changed by carol.' }, SEED_USERS.carol);
    await refreshed({
      conflict: ['microscopy-image.kadi-template.json'],
      local: ['tensile-test.kadi-template.json'],
      new: ['hardness.kadi-template.json'],
      server: ['measurement-series.kadi-template.json'],
    });
    assert.equal(scm.sc.count, 4);
    assert.equal(state('microscopy-image.kadi-template.json').contextValue, 'conflict');
    await shot('scm-groups');
  });

  it('a click opens server ↔ local; the server side is read-only text from the server; quick diff uses it', async () => {
    const r = state('tensile-test.kadi-template.json');
    assert.equal(r.command?.command, 'vscode.diff');
    const [left, right] = r.command!.arguments as vscode.Uri[];
    assert.equal(right.fsPath, file('tensile-test.kadi-template.json'));
    const serverDoc = await vscode.workspace.openTextDocument(left);
    assert.equal(serverDoc.getText(), renderTemplate(sb.store.getTemplate(1) as unknown as Template));
    const original = await scm.sc.quickDiffProvider!.provideOriginalResource!(vscode.Uri.file(file('tensile-test.kadi-template.json')), new vscode.CancellationTokenSource().token);
    assert.equal(original?.toString(), left.toString());
    // A file that is not on the server is compared with nothing: all of it shows as added.
    const newFile = await scm.sc.quickDiffProvider!.provideOriginalResource!(vscode.Uri.file(file('hardness.kadi-template.json')), new vscode.CancellationTokenSource().token);
    assert.equal((await vscode.workspace.openTextDocument(newFile!)).getText(), '');
    await vscode.commands.executeCommand('vscode.diff', left, right, 'diff');
    // The content provider's documents cannot be saved back: editing them is refused by VS Code.
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(left, new TextEncoder().encode('x'))));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('template files on disk are validated like kadi: documents', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file('hardness.kadi-template.json')));
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('"data": []');
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + '"data": []'.length)), '"data": [{"key": "hv", "type": "int", "value": "ten"}]');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const kadi = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Kadi4Mat');
    await waitFor('a Kadi4Mat diagnostic on the local file', () => kadi().some((d) => d.message === 'Not a valid integer.'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor('diagnostics cleared after the revert', () => kadi().length === 0);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Push from the view updates the server (only the changed field) and creates the new template', async () => {
    const from = sb.requests.length;
    await vscode.commands.executeCommand('kadi4mat.scm.push', state('tensile-test.kadi-template.json'), [state('tensile-test.kadi-template.json'), state('hardness.kadi-template.json')]);
    assert.equal(sb.store.getTemplate(1)?.title, 'Tensile test (local)');
    const writes = sb.requests.slice(from).filter((r) => r.method !== 'GET');
    assert.deepEqual(writes.map((r) => `${r.method} ${r.path}`), ['POST /api/v1/templates', 'PATCH /api/v1/templates/1']);
    assert.deepEqual(JSON.parse(writes[1].body), { title: 'Tensile test (local)' });
    assert.equal(sb.store.getTemplateByIdentifier('hardness')?.title, 'Hardness');
    await refreshed({ conflict: ['microscopy-image.kadi-template.json'], local: [], new: [], server: ['measurement-series.kadi-template.json'] });
  });

  it('a conflict is pushed only after the user chooses Overwrite', async () => {
    prompts.buttons = [undefined];
    await vscode.commands.executeCommand('kadi4mat.scm.push', state('microscopy-image.kadi-template.json'));
    assert.match(prompts.messages[0].text, /changed on the server too/);
    assert.equal(sb.store.getTemplate(6)?.description, 'Changed by carol.');
    // alice is only a member of carol's template: Overwrite is tried and the server's 403 is reported.
    prompts.buttons = ['Overwrite'];
    await vscode.commands.executeCommand('kadi4mat.scm.push', state('microscopy-image.kadi-template.json'));
    assert.equal(sb.store.getTemplate(6)?.description, 'Changed by carol.');
    assert.match(prompts.messages.map((m) => m.text).join('\n'), /Not pushed: microscopy-image.kadi-template.json: .*403/);
  });

  it('Discard on a conflict asks, then takes the server version; Pull takes server changes', async () => {
    prompts.buttons = ['Discard Changes'];
    await vscode.commands.executeCommand('kadi4mat.scm.discard', state('microscopy-image.kadi-template.json'));
    assert.match(fs.readFileSync(file('microscopy-image.kadi-template.json'), 'utf8'), /"description": "Changed by carol\."/);
    await vscode.commands.executeCommand('kadi4mat.scm.pull', state('measurement-series.kadi-template.json'));
    assert.match(fs.readFileSync(file('measurement-series.kadi-template.json'), 'utf8'), /"title": "Measurement series \(server\)"/);
    await refreshed(empty);
  });
});
