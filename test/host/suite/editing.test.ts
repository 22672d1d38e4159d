// Editing templates in a real extension host through the `kadi:` file system, against an
// in-process sandbox: what the server receives on save (and when it receives nothing),
// conflicts with scripted answers, failures that keep the editor dirty, read-only documents,
// revision diffs and restore, auto-save drafts.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateWithSandbox, replaceInDocument, waitFor, shot, type ExtensionApi } from './support';
import { revisionUri, templateUri } from '../../../src/fs/uris';
import { renderTemplate } from '../../../src/kadi/document';
import type { Template } from '../../../src/kadi/types';
import type { TemplateChange } from '../../../src/ui/events';
import { SEED_USERS, type Sandbox } from '../../../src/sandbox/index';
import { ScriptedPrompts } from '../../support/fakes';

type Api = ExtensionApi;

describe('editing templates (host)', function () {
  this.timeout(60_000);
  let api: Api;
  let sb: Sandbox;
  let id: string;
  let prompts: ScriptedPrompts;
  const changes: TemplateChange[] = [];

  /** "METHOD path" of the requests for template `tid` itself since `from`. */
  const templateRequests = (from: number, tid: number) =>
    sb.requests
      .slice(from)
      .filter((r) => r.path.split('?')[0] === `/api/v1/templates/${tid}`)
      .map((r) => `${r.method} ${r.path}`);
  const row = (tid: number) => sb.store.getTemplate(tid)!;

  async function open(tid: number): Promise<vscode.TextDocument> {
    const doc = await vscode.workspace.openTextDocument(templateUri(id, tid, row(tid).identifier));
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }

  const replace = replaceInDocument;

  async function closeAll(): Promise<void> {
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'kadi' && d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }

  before(async () => {
    ({ api, sb, id } = await activateWithSandbox());
    api.events.onDidChangeTemplate((c) => changes.push(c));
  });

  beforeEach(() => {
    prompts = new ScriptedPrompts();
    api.usePrompts(prompts);
  });

  afterEach(async () => {
    await closeAll();
  });

  after(async () => {
    api?.usePrompts(undefined);
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('files').update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    await api?.instances.remove(id).catch(() => undefined);
    await sb?.close();
  });

  it('opens a template as its editable JSON, with where it is saved in the status bar', async () => {
    const doc = await open(1);
    assert.equal(doc.languageId, 'json');
    assert.equal(doc.getText(), renderTemplate(row(1) as unknown as Template));
    assert.ok(!doc.getText().includes('last_modified'));
    await waitFor('status bar', () => api.editing.status.text.includes('› tensile-test (#1)'));
    assert.match(api.editing.status.text, /^\$\(cloud\) Kadi4Mat: .+ › tensile-test \(#1\)$/);
    const st = await vscode.workspace.fs.stat(doc.uri);
    assert.equal(st.mtime, Date.parse(row(1).last_modified));
    assert.equal(st.size, Buffer.byteLength(doc.getText()));
  });

  it('saves with exactly one GET and one PATCH of the changed field; a revision results', async () => {
    const doc = await open(1);
    const revisions = row(1).revisions.length;
    await replace(doc, '"title": "Tensile test"', '"title": "Tensile test (ISO 6892)"');
    const from = sb.requests.length;
    changes.length = 0;
    assert.equal(await doc.save(), true);
    assert.deepEqual(templateRequests(from, 1), ['GET /api/v1/templates/1', 'PATCH /api/v1/templates/1']);
    const patch = sb.requests.slice(from).find((r) => r.method === 'PATCH')!;
    assert.deepEqual(JSON.parse(patch.body), { title: 'Tensile test (ISO 6892)' });
    assert.equal(row(1).title, 'Tensile test (ISO 6892)');
    assert.equal(row(1).revisions.length, revisions + 1);
    assert.equal(doc.isDirty, false);
    assert.deepEqual(changes.map(({ template, ...c }) => ({ ...c, title: template?.title })), [{ instanceId: id, templateId: 1, kind: 'saved', title: row(1).title }], 'announced with the template as saved (the tree updates its row in place)');
  });

  it('a save that changes nothing sends nothing', async () => {
    const doc = await open(1);
    const from = sb.requests.length;
    // Reformatting is no change of the template.
    await replace(doc, '"title": ', '"title":    ');
    assert.equal(await doc.save(), true);
    // An explicit save of an unmodified editor reaches writeFile too.
    await vscode.commands.executeCommand('workbench.action.files.save');
    assert.deepEqual(templateRequests(from, 1).filter((r) => !r.startsWith('GET')), []);
    assert.ok(!sb.requests.slice(from).some((r) => r.method === 'PATCH'), 'no PATCH');
  });

  it('shows what the server stored after a save (normalised values)', async () => {
    const doc = await open(3);
    await replace(doc, '"title": "Measurement series"', '"title": "  Measurement   series v2 "');
    assert.equal(await doc.save(), true);
    assert.equal(row(3).title, 'Measurement series v2');
    await waitFor('the editor to reload the stored text', () => doc.getText().includes('"title": "Measurement series v2"'));
    assert.equal(doc.isDirty, false);
    assert.equal(doc.getText(), renderTemplate(row(3) as unknown as Template));
  });

  describe('conflicts', () => {
    it("the same field changed on the server: VS Code's own save conflict, no modal of ours, nothing written; its Compare reads the server version", async () => {
      const doc = await open(1);
      await replace(doc, /"title":\s*"[^"]*"/, '"title": "Mine"');
      sb.store.updateTemplate(1, { title: 'Theirs' }, SEED_USERS.bob);
      const from = sb.requests.length;
      assert.equal(await doc.save(), false);
      assert.deepEqual(templateRequests(from, 1), ['GET /api/v1/templates/1'], 'the check in the save’s stat(), no PATCH');
      assert.equal(doc.isDirty, true);
      assert.match(doc.getText(), /"title": "Mine"/);
      assert.equal(row(1).title, 'Theirs');
      assert.deepEqual(prompts.messages, [], 'neither a modal nor an error of ours: VS Code shows Compare / Overwrite');
      await shot('editing-conflict-native');
      // What VS Code's Compare shows on the left: the server version; the editor keeps mine.
      assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(doc.uri)), /"title": "Theirs"/);
      assert.equal(await doc.save(), false, 'saving again without choosing still conflicts');
      assert.equal(row(1).title, 'Theirs');
    });

    it('reverting to the server version ends the conflict: the next change saves without asking', async () => {
      const doc = await open(1);
      await replace(doc, /"title":\s*"[^"]*"/, '"title": "Mine 2"');
      sb.store.updateTemplate(1, { title: 'Theirs 2' }, SEED_USERS.bob);
      assert.equal(await doc.save(), false);
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor('the server version in the editor', () => !doc.isDirty && /"title": "Theirs 2"/.test(doc.getText()));
      await replace(doc, /"description":\s*"[^"]*"/, '"description": "after the conflict"');
      assert.equal(await doc.save(), true);
      assert.equal(row(1).title, 'Theirs 2');
      assert.equal(row(1).description, 'after the conflict');
      assert.deepEqual(prompts.messages, []);
    });

    it('changes to different fields are merged without any conflict', async () => {
      const doc = await open(1);
      await replace(doc, /"title":\s*"[^"]*"/, '"title": "Merged title"');
      sb.store.updateTemplate(1, { description: 'Bob was here' }, SEED_USERS.bob);
      assert.equal(await doc.save(), true);
      assert.equal(row(1).title, 'Merged title');
      assert.equal(row(1).description, 'Bob was here');
      await waitFor('the kept change in the editor', () => /"description": "Bob was here"/.test(doc.getText()));
    });
  });

  describe('failed saves: one short reason, and our notification only where it adds an action', () => {
    it('the save gate: kept dirty; "Show Problems" offered', async () => {
      const doc = await open(3);
      const identifier = row(3).identifier;
      await replace(doc, /"identifier":\s*"[^"]*"/, '"identifier": "not valid!"');
      assert.equal(await doc.save(), false);
      assert.equal(doc.isDirty, true);
      await waitFor('our notification', () => prompts.messages.some((m) => m.level === 'error'));
      const shown = prompts.messages.filter((m) => m.level === 'error');
      assert.equal(shown.length, 1);
      assert.equal(shown[0].text.startsWith(`'${identifier}' was not saved to Kadi4Mat: The template has 1 error: identifier: `), true, shown[0].text);
      assert.match(shown[0].text, /Nothing was sent to Kadi4Mat\.$/);
      assert.deepEqual(shown[0].buttons, ['Show Problems']);
    });

    it('a 403: NoPermissions with "Open in Browser"; a 404: nothing of ours (VS Code offers Save As)', async () => {
      const doc = await open(1);
      await replace(doc, /"title":\s*"[^"]*"/, '"title": "Not allowed"');
      sb.store.setUserRole(1, SEED_USERS.alice, 'member');
      try {
        assert.equal(await doc.save(), false);
        await waitFor('our notification', () => prompts.messages.some((m) => m.level === 'error'));
        const [e] = prompts.messages.filter((m) => m.level === 'error');
        assert.match(e.text, /was not saved to Kadi4Mat: You are not an editor of this template/);
        assert.deepEqual(e.buttons, ['Open in Browser']);
      } finally {
        sb.store.setUserRole(1, SEED_USERS.alice, 'admin');
      }
      const doc2 = await open(2);
      await replace(doc2, /"title":\s*"[^"]*"/, '"title": "Gone"');
      sb.store.deleteTemplate(2, SEED_USERS.alice);
      prompts.messages.length = 0;
      try {
        assert.equal(await doc2.save(), false);
        assert.equal(doc2.isDirty, true);
        await new Promise((r) => setTimeout(r, 300));
        assert.deepEqual(prompts.messages.filter((m) => m.level === 'error'), []);
      } finally {
        sb.store.restoreTemplate(2, SEED_USERS.alice);
      }
    });
  });

  it('invalid JSON and a 400 keep the editor dirty; the 400 errors are shown in place', async () => {
    const doc = await open(3);
    const from = sb.requests.length;
    await replace(doc, '"visibility": "private",', '"visibility": "private"');
    assert.equal(await doc.save(), false);
    assert.equal(doc.isDirty, true);
    assert.deepEqual(templateRequests(from, 3), []);

    await replace(doc, '"visibility": "private"', '"visibility": "private",');
    // Identifiers in use are something only the server knows (other rules: the save gate, validation.test.ts).
    const taken = row(1).identifier;
    await replace(doc, '"identifier": "measurement-series"', `"identifier": "${taken}"`);
    assert.equal(await doc.save(), false);
    assert.equal(doc.isDirty, true);
    assert.equal(row(3).identifier, 'measurement-series');
    const diags = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Kadi4Mat');
    assert.equal(diags.length, 1);
    assert.equal(doc.getText(diags[0].range), `"${taken}"`);
    assert.match(diags[0].message, /identifier/i);

    await replace(doc, `"identifier": "${taken}"`, '"identifier": "measurement-series-2"');
    assert.equal(await doc.save(), true);
    assert.deepEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'Kadi4Mat'), []);
  });

  describe('read-only documents', () => {
    it('a template the user is only a member of opens read-only', async () => {
      const doc = await open(6);
      const st = await vscode.workspace.fs.stat(doc.uri);
      assert.equal(st.permissions, vscode.FilePermission.Readonly);
      await waitFor('status bar', () => api.editing.status.text.includes('(#6)'));
      assert.match(api.editing.status.text, /^\$\(lock\) .*\(read-only\)$/);
      await shot('editing-read-only');
      await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(doc.uri, new TextEncoder().encode(doc.getText()))));
      assert.equal(row(6).title, 'Microscopy image');
    });

    it('revisions are read-only', async () => {
      const rev = row(1).revisions[0];
      const uri = revisionUri(id, 1, rev.id, 'tensile-test');
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.match(doc.getText(), /"title": "Tensile Test"/);
      assert.equal((await vscode.workspace.fs.stat(uri)).permissions, vscode.FilePermission.Readonly);
      await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{}'))));
    });
  });

  describe('revisions', () => {
    const target = (revisionId: number) => ({ instanceId: id, templateId: 1, revisionId, identifier: 'tensile-test' });
    const diffTab = (original: vscode.Uri, modified: vscode.Uri) =>
      vscode.window.tabGroups.all.some((g) =>
        g.tabs.some(
          (t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.toString() === original.toString() && t.input.modified.toString() === modified.toString(),
        ),
      );

    it('Compare with Previous and with Current open the diff editor', async () => {
      const [first, second] = row(1).revisions;
      await vscode.commands.executeCommand('kadi4mat.compareRevisionWithPrevious', target(second.id));
      await waitFor('previous diff', () => diffTab(revisionUri(id, 1, first.id, 'tensile-test'), revisionUri(id, 1, second.id, 'tensile-test')));
      const labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
      assert.ok(labels.includes(`tensile-test #${first.id} ↔ #${second.id}`), `one naming scheme (#N, as in the tree): ${labels.join(' | ')}`);
      await vscode.window.showTextDocument(revisionUri(id, 1, second.id, 'tensile-test'), { preview: false });
      await open(1);
      const names = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
      assert.ok(names.includes(`tensile-test #${second.id}.kadi-template.json`) && names.includes('tensile-test.kadi-template.json'), `a revision's tab is not named like the template's: ${names.join(' | ')}`);
      await vscode.commands.executeCommand('kadi4mat.compareRevisionWithCurrent', target(second.id));
      await waitFor('current diff', () => diffTab(revisionUri(id, 1, second.id, 'tensile-test'), templateUri(id, 1, 'tensile-test')));
    });

    it('Compare with… diffs any two revisions, older left, titled with #ids as in the tree', async () => {
      const revs = row(1).revisions;
      const [a, b] = [revs[0], revs[revs.length - 1]];
      prompts = new ScriptedPrompts([{ pick: new RegExp(`^#${b.id} · `) }]);
      api.usePrompts(prompts);
      await vscode.commands.executeCommand('kadi4mat.compareRevisionWith', target(a.id));
      const [older, newer] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
      await waitFor('the diff', () => diffTab(revisionUri(id, 1, older, 'tensile-test'), revisionUri(id, 1, newer, 'tensile-test')));
      const labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
      assert.ok(labels.includes(`tensile-test #${older} ↔ #${newer}`), labels.join(' | '));
      await shot('editing-compare-with');
    });

    it('Restore this Revision asks, PATCHes the snapshot back (a new revision) and reloads open editors', async () => {
      const doc = await open(1);
      const first = row(1).revisions[0];
      const count = row(1).revisions.length;
      prompts.buttons = ['Restore'];
      await vscode.commands.executeCommand('kadi4mat.restoreRevision', target(first.id));
      assert.match(prompts.messages.find((m) => m.level === 'warn')?.text ?? '', /Restore 'tensile-test' to revision/);
      assert.equal(row(1).title, 'Tensile Test');
      assert.equal(row(1).revisions.length, count + 1);
      assert.deepEqual(row(1).data, first.data.data);
      await waitFor('the open editor to show the restored version', () => doc.getText().includes('"title": "Tensile Test"'));
      assert.equal(doc.isDirty, false);
    });
  });

  describe('changes made on the server while the window shows them', () => {
    it('one look (focus, interval): the tree row and a clean editor take the new version; a dirty editor is marked, one listing request', async () => {
      const roots = await api.explorer.provider.getChildren();
      const instance = roots.find((n) => n.instanceId === id)!;
      const [templates] = await api.explorer.provider.getChildren(instance);
      await api.explorer.provider.getChildren(templates);
      // Mocha runs this suite's own tests first: the auto-save test may have left its setting
      // settling; a draft instead of unsaved changes is not what this test is about.
      await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
      await waitFor('auto-save off', () => vscode.workspace.getConfiguration('files').get('autoSave') === 'off');
      const clean = await open(1);
      const dirty = await open(2);
      await replace(dirty, /"description":\s*"[^"]*"/, '"description": "mine, unsaved"');
      sb.store.updateTemplate(1, { title: 'Renamed in the browser' }, SEED_USERS.bob);
      sb.store.updateTemplate(2, { title: 'Changed by bob' }, SEED_USERS.bob);
      const from = sb.requests.length;
      await api.watch.look();
      const listings = sb.requests.slice(from).filter((r) => r.path.startsWith('/api/v1/templates?'));
      assert.equal(listings.length, 1, 'one listing request for the look');
      assert.equal(api.explorer.model.templateNode(id, 1)?.template.title, 'Renamed in the browser', 'the tree row, in place');
      await waitFor('the clean editor shows the new title', () => /"title": "Renamed in the browser"/.test(clean.getText()));
      assert.equal(clean.isDirty, false);
      assert.match(dirty.getText(), /"description": "mine, unsaved"/, 'unsaved text untouched');
      assert.equal(dirty.isDirty, true);
      assert.equal(api.editing.drafts.has(dirty.uri.toString()), false, 'unsaved changes, not a draft');
      assert.equal(api.editing.isChangedOnServer(dirty.uri), true);
      assert.equal(api.editing.decorations.provideFileDecoration(dirty.uri)?.badge, '!');
      await vscode.window.showTextDocument(dirty);
      await waitFor('status bar', () => api.editing.status.text.includes('changed on the server'));
      await new Promise((r) => setTimeout(r, 800)); // the tab's decoration is drawn a moment later
      await shot('editing-changed-on-server');
      // Another field changed there: the save merges, and the mark goes.
      assert.equal(await dirty.save(), true);
      assert.equal(row(2).title, 'Changed by bob');
      assert.equal(row(2).description, 'mine, unsaved');
      assert.equal(api.editing.isChangedOnServer(dirty.uri), false);
      const again = sb.requests.length;
      await api.watch.look();
      assert.equal(sb.requests.slice(again).filter((r) => r.path.startsWith('/api/v1/templates?')).length, 1);
      assert.equal(sb.requests.slice(again).filter((r) => r.path.startsWith('/api/v1/templates/')).length, 0, 'nothing changed: nothing reloaded');
    });
  });

  it('auto-save after a delay keeps a local draft; an explicit save uploads it', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSaveDelay', 100, vscode.ConfigurationTarget.Global);
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    try {
      const doc = await open(2);
      const from = sb.requests.length;
      await replace(doc, '"title": "Steel sample"', '"title": "Steel sample (draft)"');
      await waitFor('auto-save', () => !doc.isDirty);
      const key = doc.uri.toString();
      assert.equal(api.editing.drafts.has(key), true);
      assert.ok(!sb.requests.slice(from).some((r) => r.method === 'PATCH'), 'auto-save sent nothing');
      assert.equal(row(2).title, 'Steel sample');
      await waitFor('status bar', () => api.editing.status.text.includes('not yet saved to Kadi4Mat'));
      assert.equal(api.editing.status.command, 'kadi4mat.saveDraft', 'one click saves it');
      const mark = api.editing.decorations.provideFileDecoration(doc.uri);
      assert.equal(mark?.badge, '↑', 'not a letter that reads as Git’s D(eleted)');
      assert.match(mark?.tooltip ?? '', /^Not yet saved to Kadi4Mat/);
      await shot('editing-draft');

      await vscode.commands.executeCommand('kadi4mat.saveDraft', doc.uri);
      await waitFor('the draft to be saved', () => row(2).title === 'Steel sample (draft)');
      assert.equal(api.editing.drafts.has(key), false);
    } finally {
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      await files.update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
