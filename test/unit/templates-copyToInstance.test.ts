// Copy to Instance: a template of one sandbox created on a second one, instance-bound ids left
// out, an identifier in use there asked again.
import * as assert from 'node:assert/strict';
import { connectInstance } from '../../src/instances/connect';
import { copyToInstanceFlow, portableData } from '../../src/templates/copyToInstance';
import type { TemplateFlowDeps } from '../../src/templates/flows';
import { SEED_TEMPLATES, startSandbox, type Sandbox } from '../../src/sandbox/index';
import { makeRegistry, noProgress, type TestRegistry } from '../support/fakes';

describe('templates: Copy to Instance', function () {
  this.timeout(20_000);
  let from: Sandbox;
  let to: Sandbox;
  let t: TestRegistry;
  let fromId: string;
  let opened: { instanceId: string; identifier: string }[];
  const deps = (): TemplateFlowDeps => ({
    clients: t.registry,
    prompts: t.prompts,
    progress: noProgress,
    open: async (instanceId, tpl) => void opened.push({ instanceId, identifier: tpl.identifier }),
    changed: () => undefined,
  });

  beforeEach(async () => {
    from = await startSandbox({ port: 0 });
    to = await startSandbox({ port: 0 });
    t = makeRegistry();
    fromId = (await connectInstance(t.registry, { baseUrl: from.url, token: 'pat_sandbox_alice' })).info.id;
    await connectInstance(t.registry, { baseUrl: to.url, token: 'pat_sandbox_bob' });
    opened = [];
  });
  afterEach(async () => {
    await from.close();
    await to.close();
  });

  it('creates the template on the other instance, private, asking again for an identifier in use there', async () => {
    to.store.purgeTemplate(SEED_TEMPLATES.measurementSeries);
    t.prompts.answers.push({ pick: new RegExp(new URL(to.url).host.replace(/\./g, '\\.')) });
    const r = await copyToInstanceFlow(deps(), { instanceId: fromId, templateId: SEED_TEMPLATES.measurementSeries });
    t.prompts.done();
    const source = from.store.getTemplate(SEED_TEMPLATES.measurementSeries)!;
    const copy = to.store.getTemplateByIdentifier('measurement-series')!;
    assert.equal(r?.template.id, copy.id);
    assert.deepEqual(copy.data, source.data);
    assert.equal(copy.visibility, 'private');
    assert.deepEqual(opened.map((o) => o.identifier), ['measurement-series']);

    // tensile-test exists on the target too: the server's message, then a new identifier.
    t.prompts.answers.push({ pick: /127\.0\.0\.1/ }, { input: 'tensile-test-lab-a' });
    const again = await copyToInstanceFlow(deps(), { instanceId: fromId, templateId: SEED_TEMPLATES.tensileTest });
    t.prompts.done();
    assert.equal(again?.template.identifier, 'tensile-test-lab-a');
    assert.equal(to.store.getTemplateByIdentifier('tensile-test-lab-a')?.title, from.store.getTemplate(SEED_TEMPLATES.tensileTest)?.title);
  });

  it('leaves out record links, collections and roles, and says so', async () => {
    t.prompts.answers.push({ pick: /127\.0\.0\.1/ }, { input: 'sample-record-copy' });
    const r = await copyToInstanceFlow(deps(), { instanceId: fromId, templateId: SEED_TEMPLATES.sampleRecord });
    assert.deepEqual(r?.dropped, ['collections', 'record_links', 'roles']);
    const copy = to.store.getTemplateByIdentifier('sample-record-copy')!;
    const data = copy.data as unknown as Record<string, unknown>;
    assert.deepEqual([data.collections, data.record_links, data.roles], [[], [], []]);
    assert.equal(data.license, 'CC-BY-4.0');
    assert.match(t.prompts.messages.map((m) => m.text).join('\n'), /without collections, record_links, roles: they name records, collections, users or groups of/);
    assert.deepEqual(portableData({ type: 'extras', data: [] }), { data: [], dropped: [] });
  });

  it('needs a second instance', async () => {
    await t.registry.remove([...t.registry.list()].find((i) => i.id !== fromId)!.id);
    await assert.rejects(copyToInstanceFlow(deps(), { instanceId: fromId, templateId: 1 }), /needs a second connected instance/);
  });
});
