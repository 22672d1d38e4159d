// The command flows behind Add Instance, New Template, Duplicate and New from JSON File,
// with scripted answers, against the real Kadi4Mat: what the user sees and what the server made.
import * as assert from 'node:assert/strict';
import { connectInstance } from '../../src/instances/connect';
import { duplicateTemplateFlow, newFromFileFlow, newTemplateFlow, type TemplateFlowDeps } from '../../src/templates/flows';
import { SEED_TEMPLATES } from '../../src/sandbox';
import { makeRegistry, noProgress, type TestRegistry } from '../support/fakes';
import { realKadi } from './instance';

describe('real Kadi4Mat: command flows', function () {
  this.timeout(60_000);
  let t: TestRegistry;
  let id: string;
  let opened: string[];
  const deps = (): TemplateFlowDeps => ({
    clients: t.registry,
    prompts: t.prompts,
    progress: noProgress,
    open: async (_instanceId, tpl) => void opened.push(tpl.identifier),
    changed: () => undefined,
  });

  beforeEach(async () => {
    await realKadi().reset();
    t = makeRegistry();
    opened = [];
    const connected = await connectInstance(t.registry, { baseUrl: realKadi().url, token: 'pat_sandbox_alice' });
    id = connected.info.id;
  });

  it('Add Instance: connects as alice; an expired token is refused with the reason', async () => {
    const r = makeRegistry();
    await assert.rejects(connectInstance(r.registry, { baseUrl: realKadi().url, token: 'pat_sandbox_expired' }), /expired/i);
    const info = (await connectInstance(r.registry, { baseUrl: realKadi().url, token: 'pat_sandbox_alice' })).info;
    assert.match(JSON.stringify(info), /Alice Anderson/);
  });

  it('New Template: an identifier in use is asked again with the server\'s message; then created and opened', async () => {
    t.prompts.answers.push(
      { pick: /Record template/ },
      { input: 'Tensile test' },
      { input: 'tensile-test' },
      { pick: /Private/ },
      { pick: /Starter example/ },
      { input: 'tensile-test-real' },
    );
    const created = await newTemplateFlow(deps(), { instanceId: id });
    t.prompts.done();
    assert.equal(created?.identifier, 'tensile-test-real');
    assert.equal(created?.type, 'record');
    assert.equal(t.prompts.asked[5].value, 'tensile-test', 'the rejected identifier is offered for editing');
    assert.deepEqual(opened, ['tensile-test-real']);
  });

  it('an identifier taken by a template in the trash is refused by the real server too', async () => {
    t.prompts.answers.push({ pick: /Extras/ }, { input: 'Old protocol' }, { input: 'old-protocol' }, { pick: /Private/ }, { pick: /Empty/ }, { input: undefined });
    assert.equal(await newTemplateFlow(deps(), { instanceId: id }), undefined);
    assert.deepEqual(opened, []);
  });

  it('Duplicate: the same type, data and description under a new identifier, private', async () => {
    t.prompts.answers.push({ search: 'tensile', pick: /Tensile/ }, { input: 'Tensile test (copy)' }, { input: 'tensile-test-copy' });
    const copy = await duplicateTemplateFlow(deps());
    t.prompts.done();
    const source = await t.registry.call(id, (c) => c.getTemplate(SEED_TEMPLATES.tensileTest));
    assert.equal(copy?.visibility, 'private');
    assert.deepEqual(copy?.data, source.data);
    assert.equal(copy?.description, source.description);
  });

  it('New from JSON File: the real server\'s own JSON export comes back as an equal template', async () => {
    const exported = await t.registry.call(id, (c) => c.exportTemplate(SEED_TEMPLATES.sampleRecord, 'json'));
    t.prompts.answers.push({ input: 'Steel sample again' }, { input: 'sample-record-again' });
    const created = await newFromFileFlow({ ...deps(), readFile: async () => ({ name: 'sample-record.json', text: exported }) }, { instanceId: id });
    const source = await t.registry.call(id, (c) => c.getTemplate(SEED_TEMPLATES.sampleRecord));
    assert.equal(created?.type, 'record');
    assert.deepEqual(created?.data, source.data);
  });
});
