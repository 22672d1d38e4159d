// Trash in a real extension host against an in-process sandbox: Delete Template closes the
// template's editors (keeps one with unsaved changes), the tree moves it to the Trash, Restore
// brings it back and it opens again, Delete Permanently and Empty Trash remove it from the
// sandbox for good, and a read-only token gets a clear scope message.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { instanceIdFor } from '../../../src/instances/registry';
import type { ExplorerNode } from '../../../src/explorer/model';
import { revisionUri, templateUri } from '../../../src/fs/uris';
import { startSandbox, SEED_TEMPLATES, SEED_USERS, type Sandbox } from '../../../src/sandbox/index';
import { ScriptedPrompts } from '../../support/fakes';

import { activateWithSandbox, type ExtensionApi } from './support';
const T = SEED_TEMPLATES;

type Api = ExtensionApi;

function openTabsOf(instanceId: string, templateId: number): string[] {
  const out: string[] = [];
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
    const input = tab.input;
    const uris = input instanceof vscode.TabInputText ? [input.uri] : input instanceof vscode.TabInputTextDiff ? [input.original, input.modified] : [];
    if (uris.some((u) => u.scheme === 'kadi' && u.authority === instanceId && u.path.startsWith(`/templates/${templateId}/`))) out.push(tab.label);
  }
  return out;
}

describe('trash (host)', function () {
  this.timeout(60_000);
  let api: Api;
  let sb: Sandbox;
  let id: string;
  let prompts: ScriptedPrompts;
  const provider = () => api.explorer.provider;
  const item = (n: ExplorerNode) => provider().getTreeItem(n);

  async function instanceChildren(instanceId: string): Promise<{ templates: ExplorerNode; trash: ExplorerNode }> {
    const roots = await provider().getChildren();
    const instance = roots.find((n) => n.instanceId === instanceId)!;
    const [templates, trash] = await provider().getChildren(instance);
    return { templates, trash };
  }
  async function listed(instanceId: string): Promise<string[]> {
    const { templates } = await instanceChildren(instanceId);
    return (await provider().getChildren(templates)).filter((n) => n.kind === 'template').map((n) => (n.kind === 'template' ? n.identifier : ''));
  }
  async function trashed(instanceId: string): Promise<ExplorerNode[]> {
    const { trash } = await instanceChildren(instanceId);
    return provider().getChildren(trash);
  }
  async function templateNode(identifier: string): Promise<ExplorerNode> {
    const { templates } = await instanceChildren(id);
    const node = (await provider().getChildren(templates)).find((n) => n.kind === 'template' && n.identifier === identifier);
    assert.ok(node, `${identifier} not listed`);
    return node;
  }
  async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  }

  before(async () => {
    ({ api, sb, id } = await activateWithSandbox());
  });
  beforeEach(() => {
    prompts = new ScriptedPrompts();
    api.usePrompts(prompts);
  });
  afterEach(async () => {
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'kadi' && d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    api?.usePrompts(undefined);
    await api?.instances.remove(id).catch(() => undefined);
    await sb?.close();
  });

  it('the Trash node lists the user\'s deleted templates with deletion time and the one-week hint', async () => {
    const { trash } = await instanceChildren(id);
    assert.equal(item(trash).description, 'purged after a week');
    const items = await trashed(id);
    assert.deepEqual(items.map((n) => item(n).label), ['old-protocol']);
    const old = item(items[0]);
    assert.equal(old.contextValue, 'trashedTemplate');
    // Short in the row ("deleted 3 d ago"), exact in the tooltip.
    assert.match(String(old.description), /^deleted (just now|\d+ (min|h|d) ago|[A-Z][a-z]{2} \d{1,2}, \d{4})$/);
    assert.match((old.tooltip as vscode.MarkdownString).value, /In the trash since [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d\s?[AP]M\. Kadi4Mat deletes it for good/);
  });

  it('delete → editors closed, gone from the tree, in the trash → restore → listed again and opens', async () => {
    const [rev] = (await api.instances.call(id, (c) => c.listRevisions(T.tensileTest))).items;
    await open(templateUri(id, T.tensileTest, 'tensile-test'));
    await open(revisionUri(id, T.tensileTest, rev.id, 'tensile-test'));
    assert.equal(openTabsOf(id, T.tensileTest).length, 2);
    prompts.buttons = ['Delete'];
    await vscode.commands.executeCommand('kadi4mat.deleteTemplate', await templateNode('tensile-test'));
    assert.match(prompts.messages[0].text, /^Delete the template "Tensile test" \(tensile-test\) on /);
    assert.equal(sb.store.getTemplate(T.tensileTest)!.state, 'deleted');
    assert.deepEqual(openTabsOf(id, T.tensileTest), [], 'its editors are closed');
    assert.ok(!(await listed(id)).includes('tensile-test'), 'gone from Templates');
    const inTrash = (await trashed(id)).find((n) => item(n).label === 'tensile-test');
    assert.ok(inTrash, 'listed in the Trash');
    assert.ok(prompts.messages.some((m) => m.level === 'status' && m.text === 'Moved "tensile-test" to your trash.' && m.buttons.includes('Undo')));

    await vscode.commands.executeCommand('kadi4mat.restoreTemplate', inTrash);
    assert.equal(sb.store.getTemplate(T.tensileTest)!.state, 'active');
    assert.ok((await listed(id)).includes('tensile-test'), 'back in Templates');
    assert.ok(!(await trashed(id)).some((n) => item(n).label === 'tensile-test'));
    const editor = await open(templateUri(id, T.tensileTest, 'tensile-test'));
    assert.match(editor.document.getText(), /"identifier": "tensile-test"/);
  });

  it('from the editor title (a kadi: URI): an editor with unsaved changes stays open, the user is told', async () => {
    const uri = templateUri(id, T.measurementSeries, 'measurement-series');
    const editor = await open(uri);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), ' '));
    assert.equal(editor.document.isDirty, true);
    prompts.buttons = ['Delete'];
    await vscode.commands.executeCommand('kadi4mat.deleteTemplate', uri);
    assert.equal(sb.store.getTemplate(T.measurementSeries)!.state, 'deleted');
    assert.equal(openTabsOf(id, T.measurementSeries).length, 1, 'the dirty editor is kept');
    assert.match(prompts.messages.find((m) => m.level === 'info')?.text ?? '', /stayed open: they can no longer be saved to Kadi4Mat; use "Save As…"/);
    // Undo the typing (a revert would read the deleted template) so closing asks nothing.
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.isDirty, false);
  });

  it('Delete Permanently removes it from the sandbox for good', async () => {
    const old = (await trashed(id)).find((n) => item(n).label === 'old-protocol')!;
    prompts.buttons = ['Delete Permanently'];
    await vscode.commands.executeCommand('kadi4mat.purgeTemplate', old);
    assert.match(prompts.messages[0].text, /^Delete "old-protocol" permanently\? This cannot be undone/);
    assert.equal(sb.store.getTemplate(T.oldProtocol), undefined);
    assert.ok(!(await trashed(id)).some((n) => item(n).label === 'old-protocol'));
    await assert.rejects(api.instances.call(id, (c) => c.getTemplate(T.oldProtocol)), (e: { status?: number }) => e.status === 404);
  });

  it('Empty Trash on the Trash node: one confirmation, all of them purged', async () => {
    sb.store.deleteTemplate(T.sampleRecord, SEED_USERS.alice);
    await vscode.commands.executeCommand('kadi4mat.refreshNode', (await instanceChildren(id)).trash);
    assert.deepEqual((await trashed(id)).map((n) => item(n).label).sort(), ['measurement-series', 'sample-record']);
    prompts.buttons = ['Empty Trash'];
    await vscode.commands.executeCommand('kadi4mat.emptyTrash', (await instanceChildren(id)).trash);
    assert.match(prompts.messages[0].text, /^Permanently delete all 2 templates in your trash on /);
    assert.equal(sb.store.getTemplate(T.sampleRecord), undefined);
    assert.equal(sb.store.getTemplate(T.measurementSeries), undefined);
    assert.deepEqual((await trashed(id)).map((n) => item(n).label), ['No templates in the trash.']);
  });

  it('a read-only token: Delete and the Trash say which scope is missing', async () => {
    const other = await startSandbox({ port: 0 });
    // Added as stored (the connection check would only add a warning about user.read).
    const ro = instanceIdFor(other.url);
    await api.instances.add({ id: ro, label: `read-only ${ro}`, baseUrl: other.url }, 'pat_sandbox_alice_readonly');
    try {
      const [err] = await trashed(ro);
      assert.equal(item(err).contextValue, 'message.error');
      assert.match(String(item(err).label), /misc\.manage_trash/);
      prompts.buttons = ['Delete'];
      await vscode.commands.executeCommand('kadi4mat.deleteTemplate', { instanceId: ro, templateId: T.tensileTest, identifier: 'tensile-test' });
      const shown = prompts.messages.filter((m) => m.level === 'error').map((m) => m.text);
      assert.match(shown[0] ?? '', /^Could not delete "tensile-test": the access token lacks the scope template\.delete\. /);
      assert.equal(other.store.getTemplate(T.tensileTest)!.state, 'active');
    } finally {
      await api.instances.remove(ro).catch(() => undefined);
      await other.close();
    }
  });

  it('several selected: Delete, Restore and Delete Permanently act on all of them (the command gets the clicked node and the selection)', async () => {
    const extra = sb.store.createTemplate({ identifier: 'multi-extra', title: 'Multi extra', type: 'extras', data: [] }, SEED_USERS.alice).id;
    await vscode.commands.executeCommand('kadi4mat.refreshNode', (await instanceChildren(id)).templates);
    const selected = [await templateNode('tensile-test'), await templateNode('multi-extra'), await templateNode('microscopy-image')];
    prompts.buttons = ['Delete'];
    await vscode.commands.executeCommand('kadi4mat.deleteTemplate', selected[0], selected);
    const warns = prompts.messages.filter((m) => m.level === 'warn').map((m) => m.text);
    assert.match(warns[0], /^Delete 3 templates on .+\? "tensile-test", "multi-extra", "microscopy-image"\./);
    assert.equal(sb.store.getTemplate(T.tensileTest)!.state, 'deleted');
    assert.equal(sb.store.getTemplate(extra)!.state, 'deleted');
    assert.equal(sb.store.getTemplate(T.microscopyImage)!.state, 'active', 'carol\'s: alice is only a member');
    assert.match(warns[1], /^Moved 2 of 3 templates to the trash\. 1 failed: "microscopy-image": Could not delete "microscopy-image": only users with the admin role/);
    assert.deepEqual((await trashed(id)).map((n) => item(n).label).sort(), ['multi-extra', 'tensile-test']);

    const inTrash = await trashed(id);
    await vscode.commands.executeCommand('kadi4mat.restoreTemplate', inTrash[1], inTrash);
    assert.equal(sb.store.getTemplate(T.tensileTest)!.state, 'active');
    assert.equal(sb.store.getTemplate(extra)!.state, 'active');
    assert.ok(prompts.messages.some((m) => m.level === 'status' && /^Restored 2 of 2 templates on /.test(m.text)));
    const names = await listed(id);
    assert.ok(names.includes('tensile-test') && names.includes('multi-extra'), 'both back in Templates');

    sb.store.deleteTemplate(T.tensileTest, SEED_USERS.alice);
    sb.store.deleteTemplate(extra, SEED_USERS.alice);
    await vscode.commands.executeCommand('kadi4mat.refreshNode', (await instanceChildren(id)).trash);
    const again = await trashed(id);
    assert.equal(again.length, 2);
    prompts.buttons = ['Delete Permanently'];
    await vscode.commands.executeCommand('kadi4mat.purgeTemplate', again[0], again);
    assert.match(prompts.messages.filter((m) => m.level === 'warn').at(-1)!.text, /^Delete 2 templates permanently\?/);
    assert.equal(sb.store.getTemplate(T.tensileTest), undefined);
    assert.equal(sb.store.getTemplate(extra), undefined);
    assert.ok(prompts.messages.some((m) => m.level === 'status' && m.text === 'Deleted 2 of 2 templates permanently.'));
  });
});
