// The template form (src/formEditor) in a real extension host, against an in-process sandbox:
// the webview loads and asks for the form (its script runs under the CSP), form actions are
// edits of the one TextDocument (dirty state, undo, save = the usual PATCH), and a text edit
// from elsewhere reaches the form.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor, shot } from './support';
import { connectInstance } from '../../../src/instances/connect';
import type { ExtensionApi } from '../../../src/extension';
import { templateUri } from '../../../src/fs/uris';
import type { FormSession } from '../../../src/formEditor/provider';
import type { FormModel } from '../../../src/formEditor/model';
import type { FormProblem, ToWebview } from '../../../src/formEditor/protocol';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index';
import { ScriptedPrompts } from '../../support/fakes';

type Api = ExtensionApi;

type ModelMessage = Extract<ToWebview, { type: 'model' }>;

describe('template form editor (host)', function () {
  this.timeout(60_000);
  let api: Api;
  let sb: Sandbox;
  let id: string;

  const model = (s: FormSession) => s.sent.get('model') as ModelMessage | undefined;
  const form = (s: FormSession) => model(s)?.model as FormModel;

  /** Opens template `tid` in the form and waits until its webview has asked for and got the form. */
  async function openForm(tid: number): Promise<{ doc: vscode.TextDocument; session: FormSession }> {
    const uri = templateUri(id, tid, sb.store.getTemplate(tid)!.identifier);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'kadi4mat.templateForm');
    await waitFor('the form session', () => api.formEditor.sessions.has(uri.toString()));
    const session = api.formEditor.sessions.get(uri.toString())!;
    // 'init' is only sent when the webview script reported 'ready'.
    await waitFor('the webview to load and receive the form', () => session.sent.has('init') && session.sent.has('model'), 20_000);
    return { doc: session.document, session };
  }

  async function synced(session: FormSession): Promise<void> {
    await waitFor('the form to show the current text', () => model(session)?.version === session.document.version);
  }

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension not found');
    api = (await ext.activate()) as Api;
    assert.ok(api.formEditor, 'activate() must return formEditor outside production');
    sb = await startSandbox({ port: 0 });
    id = (await connectInstance(api.instances, { baseUrl: sb.url, token: 'pat_sandbox_alice' })).info.id;
    api.usePrompts(new ScriptedPrompts());
  });

  afterEach(async () => {
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'kadi' && d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor(`${doc.uri.toString()} reverted`, () => !doc.isDirty);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    api?.usePrompts(undefined);
    await api?.instances.remove(id).catch(() => undefined);
    await sb?.close();
  });

  it('opens with "Open With… → Kadi4Mat Template Form": header, extras tree and the record preview', async () => {
    const { session } = await openForm(1);
    const m = form(session);
    assert.equal(m.kind, 'form');
    assert.equal(m.title, sb.store.getTemplate(1)!.title);
    assert.deepEqual(m.extras.map((e) => e.key).slice(0, 3), ['force', 'elongation', 'operator']);
    const init = session.sent.get('init') as Extract<ToWebview, { type: 'init' }>;
    assert.equal(init.strings.addExtra, 'Add Extra');
    const preview = session.sent.get('preview') as Extract<ToWebview, { type: 'preview' }>;
    assert.deepEqual((preview.schema.required as string[]).includes('force'), true);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(tab instanceof vscode.TabInputCustom && tab.viewType === 'kadi4mat.templateForm');
    await shot('form-editor-open');
  });

  it('a form change is one edit of the document: dirty, undo restores it, the form follows', async () => {
    const { doc, session } = await openForm(1);
    const before = doc.getText();
    assert.equal(doc.isDirty, false);
    assert.ok(await session.receive({ type: 'action', action: { kind: 'set', path: ['data', 0, 'validation', 'range', 'max'], value: 500 } }));
    assert.equal(doc.isDirty, true);
    assert.match(doc.getText(), /"min": 0,\n\s+"max": 500/);
    assert.equal(doc.getText().length, before.length - 1, 'only "null" → "500" changed');
    await synced(session);
    assert.deepEqual(form(session).extras[0].validation?.range, { min: 0, max: 500 });
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to restore the text', () => doc.getText() === before);
    await synced(session);
    assert.equal(form(session).extras[0].validation?.range?.max, null);
  });

  it('moving an entry into a dict and out again: one edit each, one undo each restores the text', async () => {
    const { doc, session } = await openForm(1);
    const original = doc.getText();
    const keys = () => form(session).extras.map((e) => e.key);
    assert.deepEqual(keys().slice(3, 5), ['tested_on', 'specimen']);
    // Alt+→ on tested_on: into the dict above it (specimen), as its last child.
    assert.ok(await session.receive({ type: 'action', action: { kind: 'relocate', path: ['data', 3], to: ['data', 4, 'value'], index: 3 } }));
    assert.equal(doc.isDirty, true);
    await synced(session);
    assert.ok(!keys().includes('tested_on'));
    const specimen = form(session).extras[3];
    assert.deepEqual(specimen.children?.map((c) => c.key), ['id', 'material', 'geometry', 'tested_on']);
    assert.match(doc.getText(), /\n {8}\{\n {10}"key": "tested_on",/);
    const moved = doc.getText();
    // Alt+← on specimen.id: out of specimen, right after it; the key is free at the top level.
    assert.ok(await session.receive({ type: 'action', action: { kind: 'relocate', path: ['data', 3, 'value', 0], to: ['data'], index: 4 } }));
    await synced(session);
    assert.deepEqual(keys().slice(3, 5), ['specimen', 'id']);
    assert.deepEqual(model(session)!.problems.filter((p) => p.code === 'duplicate-key'), []);
    await shot('form-editor-moved');
    // The form's commands for Alt+→ / Alt+← reach the webview of the active form.
    session.sent.delete('keyMove');
    await vscode.commands.executeCommand('kadi4mat.formEditor.moveOut');
    assert.deepEqual(session.sent.get('keyMove'), { type: 'keyMove', direction: 'out' });
    await vscode.commands.executeCommand('undo');
    await waitFor('one undo to put id back into specimen', () => doc.getText() === moved);
    await vscode.commands.executeCommand('undo');
    await waitFor('a second undo to put tested_on back', () => doc.getText() === original);
    await synced(session);
    assert.deepEqual(keys().slice(3, 5), ['tested_on', 'specimen']);
  });

  it('errors of the validation engine reach the form with their path and message', async () => {
    const { session } = await openForm(1);
    await session.receive({ type: 'action', action: { kind: 'set', path: ['data', 0, 'validation', 'range', 'max'], value: -5 } });
    await synced(session);
    const problems = model(session)!.problems as FormProblem[];
    const order = problems.find((p) => p.code === 'range-order');
    assert.ok(order, `no range-order problem in ${JSON.stringify(problems)}`);
    assert.equal(order.severity, 'error');
    assert.deepEqual(order.path.slice(0, 3), ['data', 0, 'validation']);
    // The same problem is in the Problems view (the validation glue sees the same document).
    await waitFor('the diagnostic', () => vscode.languages.getDiagnostics(session.document.uri).some((d) => d.code === 'range-order' && d.message === order.message));
    // Clicking the problem shows its place in a text editor beside the form.
    await session.receive({ type: 'reveal', offset: order.offset, length: order.length });
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document === session.document, 'the text editor beside the form');
    assert.equal(editor.document.offsetAt(editor.selection.start), order.offset);
    assert.equal(editor.document.getText(editor.selection), session.document.getText().substr(order.offset, order.length));
    // Leave the template as it was (undo in the text editor: the same document).
    await vscode.commands.executeCommand('undo');
    await waitFor('the change undone', () => !session.document.isDirty);
  });

  it('save sends the PATCH of the changed data', async () => {
    const { doc, session } = await openForm(1);
    const from = sb.requests.length;
    const n = form(session).extras.length;
    await session.receive({ type: 'action', action: { kind: 'add', parent: ['data'] } });
    await session.receive({ type: 'action', action: { kind: 'set', path: ['data', n, 'key'], value: 'notes' } });
    assert.ok(await doc.save(), 'save failed');
    const patches = sb.requests.slice(from).filter((r) => r.method === 'PATCH' && r.path.split('?')[0] === '/api/v1/templates/1');
    assert.equal(patches.length, 1);
    const body = JSON.parse(patches[0].body) as { data: { key: string; type: string; value: unknown }[] };
    assert.deepEqual(Object.keys(body), ['data']);
    assert.deepEqual(body.data[n], { key: 'notes', type: 'str', value: null });
    assert.equal((sb.store.getTemplate(1)!.data as unknown[]).length, n + 1);
    assert.equal(doc.isDirty, false);
  });

  it('the editor title commands switch between form and text in place; with unsaved changes both stay open', async () => {
    const { doc, session } = await openForm(2);
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => (t.input as { uri?: vscode.Uri }).uri?.toString() === doc.uri.toString());
    await vscode.commands.executeCommand('kadi4mat.formEditor.showText');
    await waitFor('one tab, the text editor', () => tabs().length === 1 && tabs()[0].input instanceof vscode.TabInputText);
    assert.equal(vscode.window.activeTextEditor?.document, doc);
    await vscode.commands.executeCommand('kadi4mat.formEditor.open');
    await waitFor('one tab, the form', () => tabs().length === 1 && tabs()[0].input instanceof vscode.TabInputCustom);
    const form2 = api.formEditor.sessions.get(doc.uri.toString())!;
    await waitFor('the new form', () => form2 !== session && form2.sent.has('model'));
    assert.ok(await form2.receive({ type: 'action', action: { kind: 'set', path: ['title'], value: 'Switched' } }));
    await vscode.commands.executeCommand('kadi4mat.formEditor.showText');
    await waitFor('the text editor', () => vscode.window.activeTextEditor?.document === doc);
    assert.equal(tabs().length, 2, 'the dirty form tab is not closed');
    assert.equal(doc.isDirty, true);
    assert.match(doc.getText(), /"title": "Switched"/);
  });

  it('kadi4mat.formEditor.default makes the form the default editor, and undoing it removes only our association', async () => {
    const workbench = () => vscode.workspace.getConfiguration('workbench').inspect<Record<string, string>>('editorAssociations')?.globalValue ?? {};
    const uri = templateUri(id, 4, sb.store.getTemplate(4)!.identifier);
    await vscode.workspace.getConfiguration('kadi4mat.formEditor').update('default', true, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the association', () => workbench()['*.kadi-template.json'] === 'kadi4mat.templateForm');
      await vscode.commands.executeCommand('vscode.open', uri);
      await waitFor('the form to open by default', () => api.formEditor.sessions.has(uri.toString()), 20_000);
    } finally {
      await vscode.workspace.getConfiguration('kadi4mat.formEditor').update('default', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the association removed', () => !('*.kadi-template.json' in workbench()));
  });

  it('a text edit (another editor on the same document) updates the form', async () => {
    const { doc, session } = await openForm(2);
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('"title": "') + '"title": "'.length;
    edit.insert(doc.uri, doc.positionAt(at), 'Edited: ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await synced(session);
    assert.match(String(form(session).title), /^Edited: /);
  });

  it('a local file with 1,000 extras: drawn collapsed, a form edit round trip stays quick', async () => {
    const dir = vscode.Uri.joinPath(vscode.Uri.file(require('os').tmpdir()), `kadi-form-${Date.now()}`);
    const uri = vscode.Uri.joinPath(dir, 'big.kadi-template.json');
    const data = Array.from({ length: 1000 }, (_, i) => ({ key: `value_${i}`, type: 'float', value: i, unit: 'N', validation: { range: { min: 0, max: 1e6 } } }));
    const text = JSON.stringify({ identifier: 'big', title: 'Big', description: '', visibility: 'private', type: 'extras', data }, null, 2) + '\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, 'kadi4mat.templateForm');
      await waitFor('the form session', () => api.formEditor.sessions.has(uri.toString()), 20_000);
      const session = api.formEditor.sessions.get(uri.toString())!;
      const doc = session.document;
      await waitFor('the first drawing', () => session.lastRender?.version === doc.version, 20_000);
      const first = session.lastRender!.ms;
      const t0 = Date.now();
      assert.ok(await session.receive({ type: 'action', action: { kind: 'set', path: ['data', 998, 'validation', 'range', 'max'], value: 500 } }));
      await waitFor('the form of the edited text', () => session.lastRender?.version === doc.version, 20_000);
      const roundTrip = Date.now() - t0;
      const sent = session.lastUpdate!;
      console.log(`      1,000 extras: first drawing ${first.toFixed(0)} ms; form edit → text → model → drawn ${roundTrip} ms ` +
        `(model sent after ${sent.at - t0} ms, of which building it ${sent.ms.toFixed(0)} ms; drawing ${session.lastRender!.ms.toFixed(0)} ms)`);
      assert.match(doc.getText(), /"max": 500\n/);
      assert.equal(doc.getText().length, text.length - 4, 'one bound changed, nothing else');
      // Generous: a shared 2-core machine; what matters is that it is not seconds.
      assert.ok(roundTrip < 3000, `round trip ${roundTrip} ms`);
      assert.ok(await doc.save(), 'the temporary file saves');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(dir, { recursive: true });
    }
  });

  it('the record preview validates a sample against the unsaved template', async () => {
    const { session } = await openForm(1);
    session.sent.delete('sampleProblems');
    await session.receive({ type: 'sample', text: '{"elongation": "a lot"}' });
    const got = session.sent.get('sampleProblems') as Extract<ToWebview, { type: 'sampleProblems' }>;
    const messages = got.problems.map((p) => `${p.path.join('.')}: ${p.message}`);
    assert.ok(messages.some((m) => m.startsWith('elongation: ')), messages.join('; '));
    assert.ok(got.problems.some((p) => p.code === 'required'), 'force is required and missing');

    // "Save as Record Metadata…": the sample with $schema naming the template's export.
    const dir = vscode.Uri.joinPath(vscode.Uri.file(require('os').tmpdir()), `kadi-sample-${Date.now()}`);
    const target = vscode.Uri.joinPath(dir, 'sample.json');
    let asked: vscode.SaveDialogOptions | undefined;
    api.formEditor.useSaveDialog(async (o) => ((asked = o), target));
    try {
      assert.ok(await session.receive({ type: 'saveSample', text: '{"force": 12.5}' }));
      assert.match(asked?.defaultUri?.path ?? '', /tensile-test\.record\.json$/);
      const saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)));
      assert.deepEqual(saved, { $schema: `kadi://${id}/templates/1/tensile-test.schema.json`, force: 12.5 });
    } finally {
      api.formEditor.useSaveDialog(undefined);
      await vscode.workspace.fs.delete(dir, { recursive: true }).then(undefined, () => undefined);
    }
  });
});
