// The import commands' flow with scripted answers against the sandbox: what is asked, what is
// POSTed, what is reported; a file that cannot be read creates nothing.
import * as assert from 'node:assert/strict';
import { importTemplateFlow, reportLines, type ImportFlowDeps, type ImportReport } from '../../src/import/flows';
import { FIXTURES, fixtureText } from '../support/importFixtures';
import { noProgress } from '../support/fakes';
import { connectedRegistry, sandboxPerTest, type ConnectedRegistry } from '../support/sandbox';

const fixture = (file: string) => ({ name: file, text: fixtureText(FIXTURES.find((f) => f.file === file)!) });

describe('import: command flows', function () {
  this.timeout(20_000);
  const sb = sandboxPerTest();
  let t: ConnectedRegistry;
  let id: string;
  let opened: string[];
  let reports: ImportReport[];
  let picked: string[];
  const deps = (file?: { name: string; text: string }): ImportFlowDeps => ({
    clients: t.registry,
    prompts: t.prompts,
    progress: noProgress,
    open: async (_instanceId, tpl) => void opened.push(tpl.identifier),
    changed: () => undefined,
    pickFile: async (format) => {
      picked.push(format);
      return file;
    },
    report: async (r) => void reports.push(r),
  });
  const posts = () => sb.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/templates');

  beforeEach(async () => {
    t = await connectedRegistry(sb);
    id = t.id;
    opened = [];
    reports = [];
    picked = [];
  });

  it('from JSON Schema: file, type, title from the schema, identifier → created, opened, notes reported', async () => {
    t.prompts.answers.push({ pick: /Extras template/ }, { input: 'Person' }, { input: 'person' });
    const created = await importTemplateFlow(deps(fixture('person.draft-07.schema.json')), 'json-schema', { instanceId: id });
    t.prompts.done();
    assert.deepEqual(picked, ['json-schema']);
    assert.equal(t.prompts.asked[1].value, 'Person', 'the title is suggested from the schema');
    assert.equal(t.prompts.asked[2].value, 'person');
    assert.equal(created?.identifier, 'person');
    assert.deepEqual(opened, ['person']);
    const body = JSON.parse(posts()[0].body);
    assert.equal(body.type, 'extras');
    assert.equal(body.visibility, 'private');
    assert.equal(body.description, 'A person, as in the JSON Schema getting-started guide');
    assert.deepEqual(body.data.map((e: { key: string }) => e.key), ['firstName', 'lastName', 'age', 'email', 'orcid', 'role', 'address', 'nicknames', 'position']);
    assert.equal(reports.length, 1);
    assert.equal(reports[0].notes.length, 5);
    assert.equal(reportLines(reports[0])[0], '"person" from person.draft-07.schema.json (JSON Schema): 5 things not carried over');
  });

  it('from a record: values kept or stripped as chosen; a record template is offered first', async () => {
    t.prompts.answers.push({ pick: /A JSON file/ }, { pick: /Keep the values/ }, { pick: /Record template/ }, { input: 'Steel batch' }, { input: 'steel-batch' });
    const created = await importTemplateFlow(deps(fixture('kadi-record-export.json')), 'record', { instanceId: id });
    t.prompts.done();
    assert.deepEqual(picked, ['record']);
    assert.deepEqual(t.prompts.asked[1].items, ['Strip the values', 'Keep the values as defaults']);
    assert.match(t.prompts.asked[2].items?.[0] ?? '', /Record template/);
    assert.equal(t.prompts.asked[3].value, 'Steel S355, batch 7');
    assert.equal(created?.type, 'record');
    const data = JSON.parse(posts()[0].body).data;
    assert.equal(data.extras[0].value, 121.5);
    assert.equal(data.license, 'CC-BY-4.0');
    assert.deepEqual(data.tags, ['steel', 'tensile']);
  });

  it('from a record on the instance: found by search, by identifier or by id; values stripped by default choice', async () => {
    t.prompts.answers.push(
      { pick: /A record on/ },
      { search: 'steel', pick: /Steel S355, specimen 7/ },
      { pick: /Strip the values/ },
      { pick: /Extras template/ },
      { input: 'Specimen' },
      { input: 'specimen' },
    );
    const created = await importTemplateFlow(deps(), 'record', { instanceId: id });
    t.prompts.done();
    assert.deepEqual(picked, [], 'no file dialog');
    assert.deepEqual(t.prompts.asked[1].items, ['Steel S355, specimen 7']);
    assert.equal(created?.type, 'extras');
    const data = JSON.parse(posts()[0].body).data;
    assert.deepEqual(data.map((e: { key: string }) => e.key), ['force', 'elongation', 'tested_on', 'passed', 'material', 'geometry']);
    assert.equal(data[0].value, null);
    assert.equal(data[0].unit, 'kN');
    assert.match(reportLines(reports[0])[1], /an extras template holds only extras: identifier, title, description, type, license, tags left out/);
    // by identifier and by id, and Carol's private record stays hidden from Alice
    for (const [text, want] of [['xrd-scan-2024-031', 'XRD scan 2024-031'], ['1', 'Steel S355, specimen 7']]) {
      t.prompts.answers.push({ pick: /A record on/ }, { search: text, pick: undefined });
      await importTemplateFlow(deps(), 'record', { instanceId: id });
      assert.equal(t.prompts.asked.at(-1)?.items?.[0], want);
    }
    t.prompts.answers.push({ pick: /A record on/ }, { search: 'dft-run-co2-adsorption', pick: undefined });
    await importTemplateFlow(deps(), 'record', { instanceId: id });
    assert.deepEqual(t.prompts.asked.at(-1)?.items, []);
  });

  it('a file from the explorer: the format is recognised, no dialog', async () => {
    t.prompts.answers.push({ pick: /Extras template/ }, { input: 'Sample' }, { input: 'sample' });
    const created = await importTemplateFlow(deps(), undefined, { instanceId: id }, fixture('sample.shapes.ttl'));
    t.prompts.done();
    assert.deepEqual(picked, []);
    assert.match(t.prompts.asked[0].title ?? '', /SHACL \(Turtle\) sample\.shapes\.ttl/);
    assert.equal(created?.identifier, 'sample');
    assert.equal(reports[0].format, 'shacl');
  });

  it('a file that cannot be read: the error names the place, nothing is created; cancel at any step creates nothing', async () => {
    t.prompts.answers.push({ pick: /Extras template/ });
    await assert.rejects(importTemplateFlow(deps({ name: 'bad.ttl', text: '@prefix sh: <x> .\nsh:a sh:b' }), 'shacl', { instanceId: id }), /bad\.ttl is not valid Turtle: .*line 2/);
    t.prompts.answers.push({ pick: /Extras template/ }, { input: undefined });
    assert.equal(await importTemplateFlow(deps(fixture('sample.shapes.ttl')), 'shacl', { instanceId: id }), undefined);
    assert.equal(await importTemplateFlow(deps(undefined), 'shacl', { instanceId: id }), undefined, 'dialog cancelled');
    assert.equal(posts().length, 0);
    assert.equal(reports.length, 0);
  });
});
