// Delete Template, Restore, Delete Permanently and Empty Trash against the sandbox with scripted
// answers: what the sandbox holds afterwards, which editors were closed, what the user was told —
// for success, cancel at each step and each error status.
import * as assert from 'node:assert/strict';
import { connectInstance } from '../../src/instances/connect';
import type { Template } from '../../src/kadi/types';
import {
  deleteTemplateFlow,
  deleteTemplatesFlow,
  emptyTrashFlow,
  purgeTemplateFlow,
  purgeTemplatesFlow,
  restoreTemplateFlow,
  restoreTemplatesFlow,
  type Steps,
  type TrashFlowDeps,
} from '../../src/trash/flows';
import { selectedTargets } from '../../src/permissions/target';
import { SEED_TEMPLATES, SEED_USERS } from '../../src/sandbox/index';
import { makeRegistry, noProgress, ScriptedPrompts, type TestRegistry } from '../support/fakes';
import { sandboxPerTest } from '../support/sandbox';

const { alice, bob } = SEED_USERS;
const T = SEED_TEMPLATES;

/** Scripted prompts whose information messages can also have a button pressed. */
class Prompts extends ScriptedPrompts {
  infoButtons: (string | undefined)[] = [];
  override async info<B extends string>(message: string, ...buttons: B[]): Promise<B | undefined> {
    await super.info(message, ...buttons);
    return this.infoButtons.shift() as B | undefined;
  }
}

const settle = () => new Promise((r) => setImmediate(r));

describe('trash: command flows', function () {
  this.timeout(20_000);
  const sb = sandboxPerTest();
  let t: TestRegistry;
  let prompts: Prompts;
  let id: string;
  let changes: { templateId: number; kind: string }[];
  let closed: { instanceId: string; templateId: number }[];
  let opened: number[];
  let dirtyEditors: number;
  let steps: { message: string; increment: number }[];
  let cancelAfter: number | undefined;

  const deps = (): TrashFlowDeps => ({
    clients: t.registry,
    prompts,
    progress: noProgress,
    steps: async (_title, work) => {
      const s: Steps = {
        report: (message, increment) => void steps.push({ message, increment }),
        get cancelled() {
          return cancelAfter !== undefined && steps.length >= cancelAfter;
        },
      };
      return work(s);
    },
    changed: (c) => void changes.push({ templateId: c.templateId, kind: c.kind }),
    closeEditors: async (instanceId, templateId) => {
      closed.push({ instanceId, templateId });
      return { closed: 1, dirty: dirtyEditors };
    },
    open: async (_i, tpl) => void opened.push(tpl.id),
  });
  async function connect(token: string): Promise<void> {
    t = makeRegistry();
    prompts = new Prompts();
    id = (await connectInstance(t.registry, { baseUrl: sb.url, token })).info.id;
    sb.requests.length = 0;
  }
  const row = (tid: number) => sb.store.getTemplate(tid);
  const writes = () => sb.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path} ${r.status}`);
  const told = (level: 'info' | 'warn' | 'error' | 'status') => prompts.messages.filter((m) => m.level === level).map((m) => m.text);
  const node = async (tid: number): Promise<{ instanceId: string; templateId: number; identifier: string; template: Template }> => {
    const template = await t.registry.call(id, (c) => c.getTemplate(tid));
    sb.requests.length = 0;
    return { instanceId: id, templateId: tid, identifier: template.identifier, template };
  };
  function beforeWarn(hook: () => void): void {
    const warn = prompts.warn.bind(prompts);
    prompts.warn = (async (m: string, o: never, ...b: never[]) => {
      hook();
      prompts.warn = warn;
      return warn(m, o, ...b);
    }) as typeof prompts.warn;
  }

  beforeEach(async () => {
    changes = [];
    closed = [];
    opened = [];
    dirtyEditors = 0;
    steps = [];
    cancelAfter = undefined;
    await connect('pat_sandbox_alice');
  });

  describe('Delete Template', () => {
    it('confirmation names the template; DELETE; its editors closed; tree told; "Undo" offered to the creator', async () => {
      prompts.buttons = ['Delete'];
      assert.equal(await deleteTemplateFlow(deps(), await node(T.tensileTest)), true);
      const [ask] = prompts.messages;
      assert.equal(ask.level, 'warn');
      assert.match(ask.text, /^Delete the template "Tensile test" \(tensile-test\) on .+\? It moves to your trash in Kadi4Mat/);
      assert.match(ask.text, /after a week/);
      assert.deepEqual(ask.buttons, ['Delete']);
      assert.deepEqual(writes(), [`DELETE /api/v1/templates/${T.tensileTest} 204`]);
      assert.equal(row(T.tensileTest)?.state, 'deleted');
      assert.deepEqual(closed, [{ instanceId: id, templateId: T.tensileTest }]);
      assert.deepEqual(changes, [{ templateId: T.tensileTest, kind: 'deleted' }]);
      assert.deepEqual(prompts.messages[1], { level: 'status', text: 'Moved "tensile-test" to your trash.', buttons: ['Undo'] }, 'the status bar, with Undo: nothing stays behind after an undo');
    });

    it('"Undo" restores it', async () => {
      prompts.buttons = ['Delete'];
      prompts.statusClicks = ['Undo'];
      await deleteTemplateFlow(deps(), await node(T.tensileTest));
      // The undo runs when the message's button is pressed, after the flow returned.
      for (let i = 0; i < 200 && changes.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(row(T.tensileTest)?.state, 'active');
      assert.deepEqual(changes.map((c) => c.kind), ['deleted', 'restored']);
    });

    it('cancel at the confirmation: nothing sent', async () => {
      prompts.buttons = [undefined];
      assert.equal(await deleteTemplateFlow(deps(), await node(T.tensileTest)), false);
      assert.deepEqual(writes(), []);
      assert.equal(row(T.tensileTest)?.state, 'active');
      assert.deepEqual(closed, []);
      assert.deepEqual(changes, []);
    });

    it('from the palette with a kadi: editor active (URI only): the template is loaded, then named', async () => {
      prompts.buttons = ['Delete'];
      await deleteTemplateFlow(deps(), { instanceId: id, templateId: T.measurementSeries, identifier: 'measurement-series' });
      assert.match(told('warn')[0], /^Delete the template "Measurement series" \(measurement-series\)|^Delete the template ".*" \(measurement-series\)/);
      assert.equal(row(T.measurementSeries)?.state, 'deleted');
    });

    it('from the palette without an editor: a template search, cancel there', async () => {
      prompts.answers.push({ search: 'tensile', pick: undefined });
      assert.equal(await deleteTemplateFlow(deps(), undefined), false);
      prompts.done();
      assert.deepEqual(writes(), []);
    });

    it('editors with unsaved changes stay open and the message says how to keep the text', async () => {
      dirtyEditors = 1;
      prompts.buttons = ['Delete'];
      await deleteTemplateFlow(deps(), await node(T.tensileTest));
      assert.match(told('info')[0], /An editor with unsaved changes stayed open: they can no longer be saved to Kadi4Mat; use "Save As…" to keep the text\./);
    });

    it('an admin who is not the creator is told it goes to the creator\'s trash; no "Undo"', async () => {
      sb.store.setUserRole(T.tensileTest, bob, 'admin');
      await connect('pat_sandbox_bob');
      prompts.buttons = ['Delete'];
      await deleteTemplateFlow(deps(), await node(T.tensileTest));
      assert.match(told('warn')[0], /It moves to the trash of its creator, Alice Anderson: only the creator can restore it.*You will not be able to restore it yourself\./);
      assert.deepEqual(prompts.messages[1], { level: 'status', text: 'Moved "tensile-test" to the trash of Alice Anderson.', buttons: [] });
    });

    it('403 (editor): explained with the admin rule and the user\'s role', async () => {
      await connect('pat_sandbox_bob');
      prompts.buttons = ['Delete'];
      await assert.rejects(deleteTemplateFlow(deps(), await node(T.tensileTest)), (e: Error) => {
        assert.equal(e.message, 'Could not delete "tensile-test": only users with the admin role on a template can delete it, and your role is editor (direct role).');
        return true;
      });
      assert.deepEqual(writes(), [`DELETE /api/v1/templates/${T.tensileTest} 403`]);
      assert.equal(row(T.tensileTest)?.state, 'active');
      assert.deepEqual(closed, []);
    });

    it('404 (deleted meanwhile): says so and refreshes', async () => {
      prompts.buttons = ['Delete'];
      const target = await node(T.tensileTest);
      beforeWarn(() => sb.store.deleteTemplate(T.tensileTest, alice));
      await assert.rejects(deleteTemplateFlow(deps(), target), /Could not delete "tensile-test": it is no longer on .* — it was deleted or moved to the trash meanwhile\./);
      assert.deepEqual(changes, [{ templateId: T.tensileTest, kind: 'deleted' }]);
    });

    it('401 without template.delete names it', async () => {
      const target = await node(T.tensileTest);
      await connect('pat_sandbox_alice_readonly');
      prompts.buttons = ['Delete'];
      await assert.rejects(deleteTemplateFlow(deps(), target), /^ExplainedError: Could not delete "tensile-test": the access token lacks the scope template\.delete\./);
      assert.equal(row(T.tensileTest)?.state, 'active');
    });
  });

  describe('Restore', () => {
    it('from a trash item: POST restore, back in the list, "Open" opens it', async () => {
      prompts.statusClicks = ['Open'];
      const restored = await restoreTemplateFlow(deps(), { instanceId: id, templateId: T.oldProtocol, identifier: 'old-protocol' });
      await settle();
      assert.equal(restored?.identifier, 'old-protocol');
      assert.deepEqual(writes(), [`POST /api/v1/templates/${T.oldProtocol}/restore 200`]);
      assert.equal(row(T.oldProtocol)?.state, 'active');
      assert.deepEqual(changes, [{ templateId: T.oldProtocol, kind: 'restored' }]);
      assert.match(told('status')[0], /^Restored "old-protocol": it is back among the templates of /);
      assert.deepEqual(told('info'), [], 'no notification for a routine success');
      assert.deepEqual(opened, [T.oldProtocol]);
      const listed = await t.registry.call(id, (c) => c.searchTemplates({ per_page: 100 }));
      assert.ok(listed.items.some((x) => x.id === T.oldProtocol));
    });

    it('from the palette: picked from the trash (templates only, with deletion time and purge hint)', async () => {
      sb.store.deleteTemplate(T.measurementSeries, alice);
      prompts.answers.push({ pick: /old-protocol/ });
      let details: (string | undefined)[] = [];
      const pick = prompts.pick.bind(prompts);
      prompts.pick = (async (items: readonly { detail?: string }[], o: never) => {
        details = items.map((i) => i.detail);
        return pick(items as never, o);
      }) as unknown as typeof prompts.pick;
      await restoreTemplateFlow(deps(), undefined);
      prompts.done();
      assert.deepEqual(prompts.asked[0].items, ['$(file) measurement-series', '$(file) old-protocol'], 'newest deletion first');
      assert.match(details[0] ?? '', /^Kadi4Mat deletes it for good in about (7 days|6 days)/);
      assert.equal(row(T.oldProtocol)?.state, 'active');
      assert.equal(row(T.measurementSeries)?.state, 'deleted');
    });

    it('cancel at the pick; an empty trash says so', async () => {
      prompts.answers.push({ pick: undefined });
      assert.equal(await restoreTemplateFlow(deps(), { instanceId: id }), undefined);
      sb.store.purgeTemplate(T.oldProtocol);
      assert.equal(await restoreTemplateFlow(deps(), { instanceId: id }), undefined);
      assert.match(told('info')[0], /^There are no templates in your trash on /);
      assert.deepEqual(writes(), []);
    });

    it('404 for someone else\'s template: explained as creator-only', async () => {
      await connect('pat_sandbox_bob');
      await assert.rejects(restoreTemplateFlow(deps(), { instanceId: id, templateId: T.oldProtocol, identifier: 'old-protocol' }), (e: Error) => {
        assert.match(e.message, /^Could not restore "old-protocol": Kadi4Mat answered 404\. Only the creator of a template can restore it or delete it permanently, and only while it is in the trash/);
        return true;
      });
      assert.equal(row(T.oldProtocol)?.state, 'deleted');
    });

    it('401 without misc.manage_trash names it', async () => {
      await connect('pat_sandbox_alice_readonly');
      await assert.rejects(restoreTemplateFlow(deps(), { instanceId: id }), /^ExplainedError: Could not list the trash: the access token lacks the scope misc\.manage_trash\./);
    });
  });

  describe('Delete Permanently', () => {
    it('a modal confirmation that it cannot be undone, then POST purge: gone for good', async () => {
      prompts.buttons = ['Delete Permanently'];
      assert.equal(await purgeTemplateFlow(deps(), { instanceId: id, templateId: T.oldProtocol, identifier: 'old-protocol' }), true);
      assert.deepEqual(prompts.messages[0], {
        level: 'warn',
        text: `Delete "old-protocol" permanently? This cannot be undone: the template, its revisions and its roles are removed from ${t.registry.get(id)!.label} for good.`,
        buttons: ['Delete Permanently'],
      });
      assert.deepEqual(writes(), [`POST /api/v1/templates/${T.oldProtocol}/purge 204`]);
      assert.equal(row(T.oldProtocol), undefined);
      assert.deepEqual(changes, [{ templateId: T.oldProtocol, kind: 'purged' }]);
      const trash = await t.registry.call(id, (c) => c.listTrash());
      assert.equal(trash.items.length, 0);
    });

    it('cancel at the confirmation: kept', async () => {
      prompts.buttons = [undefined];
      assert.equal(await purgeTemplateFlow(deps(), { instanceId: id, templateId: T.oldProtocol, identifier: 'old-protocol' }), false);
      assert.deepEqual(writes(), []);
      assert.equal(row(T.oldProtocol)?.state, 'deleted');
    });

    it('404 (restored meanwhile, or not the creator): explained', async () => {
      prompts.buttons = ['Delete Permanently'];
      beforeWarn(() => sb.store.restoreTemplate(T.oldProtocol, alice));
      await assert.rejects(purgeTemplateFlow(deps(), { instanceId: id, templateId: T.oldProtocol, identifier: 'old-protocol' }), /Could not delete "old-protocol" permanently: Kadi4Mat answered 404\. Only the creator/);
      assert.equal(row(T.oldProtocol)?.state, 'active');
    });
  });

  describe('Empty Trash', () => {
    beforeEach(() => {
      sb.store.deleteTemplate(T.tensileTest, alice);
      sb.store.deleteTemplate(T.measurementSeries, alice);
      sb.store.deleteTemplate(T.simulationRun, bob); // bob's trash, not alice's
    });

    it('one confirmation listing them; every template purged with progress; others\' trash untouched', async () => {
      prompts.buttons = ['Empty Trash'];
      const result = await emptyTrashFlow(deps(), { instanceId: id });
      assert.match(told('warn')[0], /^Permanently delete all 3 templates in your trash on .+\? This cannot be undone: "measurement-series", "tensile-test", "old-protocol", with their revisions and roles\./);
      assert.deepEqual(result?.purged.map((i) => i.identifier), ['measurement-series', 'tensile-test', 'old-protocol']);
      assert.deepEqual(steps.map((s) => s.message), ['1 of 3: "measurement-series"', '2 of 3: "tensile-test"', '3 of 3: "old-protocol"']);
      assert.ok(Math.abs(steps.reduce((a, s) => a + s.increment, 0) - 100) < 1e-9);
      for (const tid of [T.tensileTest, T.measurementSeries, T.oldProtocol]) assert.equal(row(tid), undefined);
      assert.equal(row(T.simulationRun)?.state, 'deleted');
      assert.deepEqual(changes.map((c) => c.kind), ['purged', 'purged', 'purged']);
      assert.deepEqual(told('info'), ['Deleted 3 of 3 templates permanently: the trash holds no templates any more.']);
    });

    it('cancel at the confirmation: nothing purged', async () => {
      prompts.buttons = [undefined];
      assert.equal(await emptyTrashFlow(deps(), { instanceId: id }), undefined);
      assert.deepEqual(writes(), []);
      assert.equal(row(T.oldProtocol)?.state, 'deleted');
    });

    it('Cancel on the progress notification stops after the current one', async () => {
      prompts.buttons = ['Empty Trash'];
      cancelAfter = 1;
      const result = await emptyTrashFlow(deps(), { instanceId: id });
      assert.equal(result?.cancelled, true);
      assert.equal(result?.purged.length, 1);
      assert.equal(row(T.oldProtocol)?.state, 'deleted');
      assert.deepEqual(told('info'), ['Deleted 1 of 3 templates permanently; stopped on request.']);
    });

    it('one that fails (restored meanwhile) is reported; the rest are purged', async () => {
      prompts.buttons = ['Empty Trash'];
      beforeWarn(() => sb.store.restoreTemplate(T.tensileTest, alice));
      const result = await emptyTrashFlow(deps(), { instanceId: id });
      assert.deepEqual(result?.failed.map((f) => f.item.identifier), ['tensile-test']);
      assert.equal(result?.purged.length, 2);
      assert.match(told('error')[0], /^Deleted 2 of 3 templates permanently\. 1 could not be deleted: "tensile-test" \(no longer in your trash/);
      assert.equal(row(T.tensileTest)?.state, 'active');
    });

    it('an empty trash says so; a read-only token names misc.manage_trash', async () => {
      await connect('pat_sandbox_carol');
      assert.equal(await emptyTrashFlow(deps(), { instanceId: id }), undefined);
      assert.match(told('info')[0], /^There are no templates in your trash on /);
      await connect('pat_sandbox_alice_readonly');
      await assert.rejects(emptyTrashFlow(deps(), { instanceId: id }), /lacks the scope misc\.manage_trash/);
    });
  });

  describe('several selected (multi-select)', () => {
    const nodes = async (...tids: number[]) => Promise.all(tids.map((tid) => node(tid)));
    const trashNode = (tid: number) => ({ instanceId: id, templateId: tid, identifier: row(tid)!.identifier });

    it('Delete: one confirmation naming the count and identifiers, one progress, every DELETE, one status-bar summary', async () => {
      prompts.buttons = ['Delete'];
      const result = await deleteTemplatesFlow(deps(), await nodes(T.tensileTest, T.measurementSeries));
      assert.equal(prompts.messages.filter((m) => m.level === 'warn').length, 1, 'one confirmation');
      assert.match(told('warn')[0], /^Delete 2 templates on .+\? "tensile-test", "measurement-series"\. Each moves to the trash of its creator/);
      assert.deepEqual(prompts.messages[0].buttons, ['Delete']);
      assert.deepEqual(writes(), [`DELETE /api/v1/templates/${T.tensileTest} 204`, `DELETE /api/v1/templates/${T.measurementSeries} 204`]);
      assert.equal(row(T.tensileTest)?.state, 'deleted');
      assert.equal(row(T.measurementSeries)?.state, 'deleted');
      assert.deepEqual(steps.map((s) => s.message), ['1 of 2: "tensile-test"', '2 of 2: "measurement-series"']);
      assert.deepEqual(closed.map((c) => c.templateId), [T.tensileTest, T.measurementSeries]);
      assert.deepEqual(changes, [
        { templateId: T.tensileTest, kind: 'deleted' },
        { templateId: T.measurementSeries, kind: 'deleted' },
      ]);
      assert.deepEqual(told('status'), ['Moved 2 of 2 templates to the trash.']);
      assert.deepEqual(told('info'), []);
      assert.equal(result?.done.length, 2);
    });

    it('Delete: one the user may not delete (bob\'s, 403) is reported with its reason; the others are deleted', async () => {
      sb.store.setUserRole(T.bobNotes, alice, 'editor'); // she can see it, not delete it
      prompts.buttons = ['Delete'];
      const result = await deleteTemplatesFlow(deps(), await nodes(T.tensileTest, T.bobNotes, T.measurementSeries));
      assert.deepEqual(writes(), [
        `DELETE /api/v1/templates/${T.tensileTest} 204`,
        `DELETE /api/v1/templates/${T.bobNotes} 403`,
        `DELETE /api/v1/templates/${T.measurementSeries} 204`,
      ]);
      assert.equal(row(T.bobNotes)?.state, 'active');
      assert.equal(row(T.measurementSeries)?.state, 'deleted');
      assert.deepEqual(result?.failed.map((f) => f.item.templateId), [T.bobNotes]);
      assert.deepEqual(told('status'), [], 'no success message');
      const summary = told('warn')[1];
      assert.match(summary, /^Moved 2 of 3 templates to the trash\. 1 failed: "bob-notes": Could not delete "bob-notes": only users with the admin role on a template can delete it, and your role is editor \(direct role\)\.$/);
      assert.deepEqual(prompts.messages.at(-1)?.buttons, []);
      assert.equal(prompts.messages.filter((m) => m.level === 'warn').length, 2, 'the confirmation and the summary only');
    });

    it('Delete: cancel at the confirmation sends nothing; Cancel on the progress stops between items', async () => {
      prompts.buttons = [undefined];
      assert.equal(await deleteTemplatesFlow(deps(), await nodes(T.tensileTest, T.measurementSeries)), undefined);
      assert.deepEqual(writes(), []);
      prompts.buttons = ['Delete'];
      cancelAfter = 1;
      const result = await deleteTemplatesFlow(deps(), await nodes(T.tensileTest, T.measurementSeries));
      assert.equal(result?.cancelled, true);
      assert.deepEqual(writes(), [`DELETE /api/v1/templates/${T.tensileTest} 204`]);
      assert.equal(row(T.measurementSeries)?.state, 'active');
      assert.deepEqual(told('status'), ['Moved 1 of 2 templates to the trash; stopped on request.']);
    });

    it('Delete: a missing scope stops the batch at the first one and says the rest were not tried', async () => {
      const targets = await nodes(T.tensileTest, T.measurementSeries, T.simulationRun);
      await connect('pat_sandbox_alice_readonly');
      prompts.buttons = ['Delete'];
      const result = await deleteTemplatesFlow(deps(), targets);
      assert.equal(result?.failed.length, 1);
      assert.deepEqual(writes(), [`DELETE /api/v1/templates/${T.tensileTest} 401`]);
      assert.match(told('warn')[1], /^Moved 0 of 3 templates to the trash\. 1 failed: "tensile-test": Could not delete "tensile-test": the access token lacks the scope template\.delete\..* Stopped there: the other 2 were not tried\.$/);
    });

    it('Delete: one selected behaves as the single command (its own confirmation, "Undo")', async () => {
      prompts.buttons = ['Delete'];
      await deleteTemplatesFlow(deps(), await nodes(T.tensileTest));
      assert.match(told('warn')[0], /^Delete the template "Tensile test" \(tensile-test\)/);
      assert.deepEqual(prompts.messages[1], { level: 'status', text: 'Moved "tensile-test" to your trash.', buttons: ['Undo'] });
      assert.deepEqual(steps, []);
    });

    it('Restore: no confirmation, every POST restore, one summary; bob\'s (404) reported as creator-only', async () => {
      sb.store.deleteTemplate(T.tensileTest, alice);
      sb.store.deleteTemplate(T.bobNotes, bob);
      sb.requests.length = 0;
      let result = await restoreTemplatesFlow(deps(), [trashNode(T.oldProtocol), trashNode(T.tensileTest)]);
      assert.deepEqual(writes(), [`POST /api/v1/templates/${T.oldProtocol}/restore 200`, `POST /api/v1/templates/${T.tensileTest}/restore 200`]);
      assert.equal(row(T.oldProtocol)?.state, 'active');
      assert.equal(row(T.tensileTest)?.state, 'active');
      assert.deepEqual(told('warn'), [], 'restoring asks nothing');
      assert.match(told('status')[0], /^Restored 2 of 2 templates on .+\.$/);
      assert.equal(result?.done.length, 2);

      sb.store.deleteTemplate(T.tensileTest, alice);
      sb.requests.length = 0;
      result = await restoreTemplatesFlow(deps(), [trashNode(T.bobNotes), trashNode(T.tensileTest)]);
      assert.deepEqual(writes(), [`POST /api/v1/templates/${T.bobNotes}/restore 404`, `POST /api/v1/templates/${T.tensileTest}/restore 200`]);
      assert.equal(row(T.bobNotes)?.state, 'deleted');
      assert.match(told('warn')[0], /^Restored 1 of 2 templates on .+\. 1 failed: "bob-notes": Could not restore "bob-notes": Kadi4Mat answered 404\. Only the creator/);
    });

    it('Delete Permanently: one confirmation that it cannot be undone, every purge, one summary', async () => {
      sb.store.deleteTemplate(T.tensileTest, alice);
      sb.store.deleteTemplate(T.measurementSeries, alice);
      sb.requests.length = 0;
      prompts.buttons = ['Delete Permanently'];
      const result = await purgeTemplatesFlow(deps(), [trashNode(T.oldProtocol), trashNode(T.tensileTest), trashNode(T.measurementSeries)]);
      assert.equal(prompts.messages.filter((m) => m.level === 'warn').length, 1);
      assert.match(told('warn')[0], /^Delete 3 templates permanently\? "old-protocol", "tensile-test", "measurement-series"\. This cannot be undone/);
      assert.deepEqual(prompts.messages[0].buttons, ['Delete Permanently']);
      assert.deepEqual(writes(), [T.oldProtocol, T.tensileTest, T.measurementSeries].map((tid) => `POST /api/v1/templates/${tid}/purge 204`));
      for (const tid of [T.oldProtocol, T.tensileTest, T.measurementSeries]) assert.equal(row(tid), undefined);
      assert.deepEqual(changes.map((c) => c.kind), ['purged', 'purged', 'purged']);
      assert.deepEqual(told('status'), ['Deleted 3 of 3 templates permanently.']);
      assert.equal(result?.failed.length, 0);
    });

    it('Delete Permanently: cancel at the confirmation keeps them; one restored meanwhile is reported', async () => {
      sb.store.deleteTemplate(T.tensileTest, alice);
      sb.requests.length = 0;
      prompts.buttons = [undefined];
      assert.equal(await purgeTemplatesFlow(deps(), [trashNode(T.oldProtocol), trashNode(T.tensileTest)]), undefined);
      assert.deepEqual(writes(), []);
      prompts.buttons = ['Delete Permanently'];
      beforeWarn(() => sb.store.restoreTemplate(T.oldProtocol, alice));
      await purgeTemplatesFlow(deps(), [trashNode(T.oldProtocol), trashNode(T.tensileTest)]);
      assert.equal(row(T.oldProtocol)?.state, 'active');
      assert.equal(row(T.tensileTest), undefined);
      assert.match(told('warn').at(-1)!, /^Deleted 1 of 2 templates permanently\. 1 failed: "old-protocol": Could not delete "old-protocol" permanently: Kadi4Mat answered 404/);
    });

    it('long lists are shortened in the confirmation', async () => {
      const many = Array.from({ length: 7 }, (_, i) => ({ instanceId: id, templateId: 100 + i, identifier: `${'x'.repeat(50)}-${i}` }));
      prompts.buttons = [undefined];
      await purgeTemplatesFlow(deps(), many);
      assert.match(told('warn')[0], /^Delete 7 templates permanently\? "x{39}…", .*, and 2 more\. This cannot be undone/);
    });

    it('selectedTargets: the selected nodes of the kind on the clicked node\'s instance; undefined for one', () => {
      const a = { kind: 'template', instanceId: 'i1', templateId: 1, identifier: 'a' };
      const b = { kind: 'template', instanceId: 'i1', templateId: 2, identifier: 'b' };
      const other = { kind: 'template', instanceId: 'i2', templateId: 3, identifier: 'c' };
      const trash = { kind: 'trashItem', instanceId: 'i1', templateId: 4, identifier: 'd' };
      assert.deepEqual(selectedTargets(a, [a, b, other, trash], ['template'])?.map((x) => x.templateId), [1, 2]);
      assert.equal(selectedTargets(a, [a], ['template']), undefined);
      assert.equal(selectedTargets(a, undefined, ['template']), undefined);
      assert.equal(selectedTargets(a, [a, other, trash], ['template']), undefined, 'only one of the kind on that instance');
    });
  });
});
