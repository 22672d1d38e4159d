// Restore this Revision against the sandbox: what is asked, what the PATCH sends, what is
// announced — and that nothing is sent when the user cancels or nothing differs.
import * as assert from 'node:assert/strict';
import { pickRevisionToCompare, restoreRevisionFlow, type RevisionFlowDeps } from '../../src/revisions/flows';
import { SEED_TEMPLATES } from '../../src/sandbox/index';
import { MemoryLog, ScriptedPrompts } from '../support/fakes';
import { connectedRegistry, sandboxPerTest, type ConnectedRegistry } from '../support/sandbox';

const tid = SEED_TEMPLATES.tensileTest;

describe('revisions: Restore this Revision (flow)', function () {
  this.timeout(20_000);
  const sb = sandboxPerTest();
  let t: ConnectedRegistry;
  let id: string;
  let prompts: ScriptedPrompts;
  let changes: { instanceId: string; templateId: number; kind: string }[];
  let dirty: boolean;

  const deps = (): RevisionFlowDeps => ({
    clients: t.registry,
    prompts,
    log: new MemoryLog(),
    hasUnsavedChanges: (instanceId, templateId) => dirty && instanceId === id && templateId === tid,
    changed: (c) => void changes.push(c),
  });
  const patches = (from: number) => sb.requests.slice(from).filter((r) => r.method === 'PATCH');

  /** Changes the title on the server (a new revision) and returns the revision before the change. */
  async function revisionBeforeRetitle(): Promise<{ instanceId: string; templateId: number; revisionId: number; identifier: string }> {
    const before = (await t.registry.call(id, (c) => c.listRevisions(tid, { per_page: 100 }))).items[0];
    await t.registry.call(id, (c) => c.updateTemplate(tid, { title: 'Renamed meanwhile' }));
    return { instanceId: id, templateId: tid, revisionId: before.id, identifier: 'tensile-test' };
  }

  beforeEach(async () => {
    t = await connectedRegistry(sb);
    id = t.id;
    prompts = new ScriptedPrompts();
    changes = [];
    dirty = false;
  });

  it('asks, PATCHes only what differs, announces the change and says so', async () => {
    const original = sb.store.getTemplate(tid)!.title;
    const target = await revisionBeforeRetitle();
    prompts.buttons = ['Restore'];
    const from = sb.requests.length;
    assert.equal(await restoreRevisionFlow(deps(), target), true);
    assert.deepEqual(patches(from).map((r) => JSON.parse(r.body)), [{ title: original }]);
    assert.equal(sb.store.getTemplate(tid)!.title, original);
    assert.match(prompts.messages[0].text, new RegExp(`^Restore 'tensile-test' to revision ${target.revisionId} of .*\\? This saves the revision's "title" on the server\\.`));
    assert.deepEqual(prompts.messages[0].buttons, ['Restore']);
    assert.deepEqual(changes, [{ instanceId: id, templateId: tid, kind: 'saved' }]);
    assert.equal(prompts.messages[1].text, `Restored 'tensile-test' to revision ${target.revisionId}.`);
    assert.equal(prompts.messages[1].level, 'status', 'a status-bar message, not a notification');
  });

  it('cancelled: nothing is sent, nothing announced', async () => {
    const target = await revisionBeforeRetitle();
    prompts.buttons = [undefined];
    const from = sb.requests.length;
    assert.equal(await restoreRevisionFlow(deps(), target), false);
    assert.deepEqual(patches(from), []);
    assert.deepEqual(changes, []);
    assert.equal(sb.store.getTemplate(tid)!.title, 'Renamed meanwhile');
  });

  it('an editor with unsaved changes is mentioned in the question', async () => {
    const target = await revisionBeforeRetitle();
    dirty = true;
    prompts.buttons = [undefined];
    await restoreRevisionFlow(deps(), target);
    assert.match(prompts.messages[0].text, /open with unsaved changes: saving them afterwards will ask before it replaces the restored version/);
  });

  it('the template already matches the revision: says so, sends nothing', async () => {
    const latest = (await t.registry.call(id, (c) => c.listRevisions(tid, { per_page: 100 }))).items[0];
    const from = sb.requests.length;
    assert.equal(await restoreRevisionFlow(deps(), { instanceId: id, templateId: tid, revisionId: latest.id, identifier: 'tensile-test' }), false);
    assert.deepEqual(patches(from), []);
    assert.deepEqual(prompts.messages.map((m) => m.text), [`'tensile-test' already matches revision ${latest.id}; there is nothing to restore.`]);
  });

  describe('Compare with… (any two revisions)', () => {
    it('offers the other revisions, labelled #id as in the tree, one request; the pair comes back older first', async () => {
      await t.registry.call(id, (c) => c.updateTemplate(tid, { title: 'Second' }));
      await t.registry.call(id, (c) => c.updateTemplate(tid, { description: 'Third' }));
      const all = (await t.registry.call(id, (c) => c.listRevisions(tid, { per_page: 100 }))).items;
      const [newest, , oldest] = all;
      const answers = new ScriptedPrompts([{ pick: new RegExp(`^#${newest.id} · `) }]);
      const from = sb.requests.length;
      const pair = await pickRevisionToCompare({ clients: t.registry, prompts: answers }, { instanceId: id, templateId: tid, revisionId: oldest.id, identifier: 'tensile-test' });
      assert.deepEqual(pair, { older: oldest.id, newer: newest.id });
      assert.equal(sb.requests.slice(from).length, 1, 'one request');
      const asked = answers.asked[0];
      assert.equal(asked.items?.length, all.length - 1, 'the revision itself is not offered');
      assert.ok(asked.items?.every((label: string) => /^#\d+ · /.test(label)));
      assert.equal(asked.title, `Compare tensile-test #${oldest.id} with…`);
    });

    it('cancelled: nothing; a single revision: says so', async () => {
      const all = (await t.registry.call(id, (c) => c.listRevisions(tid, { per_page: 100 }))).items;
      const cancel = new ScriptedPrompts([{ pick: undefined }]);
      assert.ok(all.length > 1);
      assert.equal(await pickRevisionToCompare({ clients: t.registry, prompts: cancel }, { instanceId: id, templateId: tid, revisionId: all[0].id, identifier: 'tensile-test' }), undefined);
      const created = await t.registry.call(id, (c) => c.createTemplate({ identifier: 'lonely', title: 'Lonely', type: 'extras', data: [] }));
      const only = (await t.registry.call(id, (c) => c.listRevisions(created.id, { per_page: 100 }))).items;
      assert.equal(only.length, 1);
      const told = new ScriptedPrompts();
      assert.equal(await pickRevisionToCompare({ clients: t.registry, prompts: told }, { instanceId: id, templateId: created.id, revisionId: only[0].id, identifier: 'lonely' }), undefined);
      assert.match(told.messages[0].text, /^'lonely' has no other revision to compare #\d+ with\.$/);
    });
  });
});
