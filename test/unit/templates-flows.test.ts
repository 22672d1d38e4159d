// Creating and finding templates: identifier rules and suggestions, reading a local file, and
// the command flows with scripted answers against the sandbox.
import * as assert from 'node:assert/strict';
import type { Template } from '../../src/kadi/types';
import { copyIdentifier, suggestIdentifier, validateIdentifier, validateTitle } from '../../src/templates/identifier';
import { fileStem, parseTemplateFile } from '../../src/templates/importFile';
import {
  browserUrl,
  duplicateTemplateFlow,
  exportFlow,
  exportTemplatesFlow,
  newFromFileFlow,
  newTemplateFlow,
  openByIdentifierFlow,
  type ExportResult,
  type TemplateFlowDeps,
} from '../../src/templates/flows';
import { skeletonData } from '../../src/templates/skeletons';
import { SEED_TEMPLATES } from '../../src/sandbox/index';
import { noProgress } from '../support/fakes';
import { connectedRegistry, sandboxPerTest, type ConnectedRegistry } from '../support/sandbox';

describe('templates: identifiers', () => {
  it('suggests an identifier from the title', () => {
    assert.equal(suggestIdentifier('Tensile Test'), 'tensile-test');
    assert.equal(suggestIdentifier('  Zugprüfung (DIN EN ISO 6892-1) — 2024 '), 'zugprufung-din-en-iso-6892-1-2024');
    assert.equal(suggestIdentifier('snake_case stays'), 'snake_case-stays');
    assert.equal(suggestIdentifier('???'), 'template');
    const long = suggestIdentifier('a very long title '.repeat(10));
    assert.ok(long.length <= 50 && !long.endsWith('-'), long);
    assert.equal(validateIdentifier(long), undefined);
  });

  it('checks the API\'s rules as the user types', () => {
    assert.equal(validateIdentifier('tensile-test_2'), undefined);
    assert.equal(validateIdentifier(' Tensile-Test '), undefined, 'the server lowercases and strips');
    assert.match(validateIdentifier('') ?? '', /Enter an identifier/);
    assert.match(validateIdentifier('a b.c') ?? '', /space, "\."/);
    assert.match(validateIdentifier('x'.repeat(51)) ?? '', /maximum length 50/);
    assert.equal(copyIdentifier('x'.repeat(50)).length, 50);
    assert.equal(copyIdentifier('tensile-test'), 'tensile-test-copy');
    assert.match(validateTitle('  ') ?? '', /Enter a title/);
    assert.match(validateTitle('t'.repeat(151)) ?? '', /150/);
  });

  it('skeletons have the shape of their type', () => {
    assert.deepEqual(skeletonData('extras', 'empty'), []);
    assert.ok(Array.isArray(skeletonData('extras', 'starter')) && (skeletonData('extras', 'starter') as unknown[]).length > 0);
    const rec = skeletonData('record', 'empty') as unknown as Record<string, unknown>;
    assert.deepEqual(Object.keys(rec).sort(), ['collections', 'description', 'extras', 'identifier', 'license', 'record_links', 'roles', 'tags', 'title', 'type']);
  });
});

describe('templates: reading a local JSON file', () => {
  it('a Kadi JSON export', () => {
    const text = JSON.stringify({ id: 3, identifier: 'Tensile-Test', title: 'Tensile', type: 'extras', description: 'd', creator: { id: 1 }, data: [{ key: 'a', type: 'str', value: null }] });
    assert.deepEqual(parseTemplateFile(text, 'tensile-test.json'), {
      type: 'extras',
      data: [{ key: 'a', type: 'str', value: null }],
      title: 'Tensile',
      identifier: 'tensile-test',
      description: 'd',
    });
  });

  it('a bare extras array; type inferred from data; mismatches and schemas refused', () => {
    assert.deepEqual(parseTemplateFile('[{"key":"a","type":"int","value":1}]', '/x/my-extras.json'), {
      type: 'extras',
      data: [{ key: 'a', type: 'int', value: 1 }],
      title: 'my-extras',
    });
    assert.equal(parseTemplateFile('{"title":"R","data":{"extras":[]}}', 'r.json').type, 'record');
    assert.throws(() => parseTemplateFile('{"type":"extras","data":{}}', 'a.json'), /needs an array/);
    assert.throws(() => parseTemplateFile('{"$schema":"x","type":"object"}', 'a.schema.json'), /JSON Schema/);
    assert.throws(() => parseTemplateFile('{nope', 'a.json'), /not valid JSON/);
    assert.throws(() => parseTemplateFile('[1,2]', 'a.json'), /not of extras/);
    assert.equal(fileStem('C:\\t\\x.kadi-template.json'), 'x');
  });
});

describe('templates: command flows', function () {
  this.timeout(20_000);
  const sb = sandboxPerTest();
  let t: ConnectedRegistry;
  let id: string;
  let opened: { instanceId: string; id: number; identifier: string }[];
  let changes: { instanceId: string; templateId: number; kind: string }[];
  const deps = (): TemplateFlowDeps => ({
    clients: t.registry,
    prompts: t.prompts,
    progress: noProgress,
    open: async (instanceId, tpl) => void opened.push({ instanceId, id: tpl.id, identifier: tpl.identifier }),
    changed: (c) => void changes.push(c),
  });
  const posts = () => sb.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/templates');

  beforeEach(async () => {
    t = await connectedRegistry(sb);
    id = t.id;
    opened = [];
    changes = [];
  });

  it('New Template: type, title, suggested identifier, visibility, skeleton → POST, event, open', async () => {
    t.prompts.answers.push(
      { pick: /Extras template/ },
      { input: 'Hardness Test (Vickers)' },
      { input: 'hardness-test-vickers' },
      { pick: /Public/ },
      { pick: /Starter example/ },
    );
    const created = await newTemplateFlow(deps(), { instanceId: id });
    t.prompts.done();
    assert.equal(t.prompts.asked[2].value, 'hardness-test-vickers', 'identifier suggested from the title');
    assert.equal(created?.identifier, 'hardness-test-vickers');
    assert.equal(created?.visibility, 'public');
    assert.equal(posts().length, 1);
    const body = JSON.parse(posts()[0].body);
    assert.equal(body.type, 'extras');
    assert.ok(Array.isArray(body.data) && body.data.length > 0);
    assert.deepEqual(changes, [{ instanceId: id, templateId: created!.id, kind: 'created' }]);
    assert.deepEqual(opened, [{ instanceId: id, id: created!.id, identifier: 'hardness-test-vickers' }]);
  });

  it('New Template: an identifier in use is asked again with the server\'s message', async () => {
    t.prompts.answers.push(
      { pick: /Record template/ },
      { input: 'Tensile test' },
      { input: 'tensile-test' },
      { pick: /Private/ },
      { pick: /Empty/ },
      { input: 'tensile-test-2' },
    );
    const created = await newTemplateFlow(deps(), { instanceId: id });
    t.prompts.done();
    assert.equal(created?.identifier, 'tensile-test-2');
    assert.equal(created?.type, 'record');
    assert.equal(posts().length, 2);
    assert.equal(posts()[0].status, 400);
    assert.equal(t.prompts.asked[5].value, 'tensile-test', 'the rejected identifier is offered for editing');
    assert.equal(opened.length, 1);
  });

  it('an identifier taken by a template in the trash is reported the same way', async () => {
    t.prompts.answers.push({ pick: /Extras/ }, { input: 'Old protocol' }, { input: 'old-protocol' }, { pick: /Private/ }, { pick: /Empty/ }, { input: undefined });
    assert.equal(await newTemplateFlow(deps(), { instanceId: id }), undefined);
    assert.equal(posts()[0].status, 400);
    assert.equal(opened.length, 0);
  });

  it('Duplicate: fresh copy of type, data and description under a new identifier, private', async () => {
    t.prompts.answers.push({ search: 'tensile', pick: /Tensile/ }, { input: 'Tensile test (copy)' }, { input: 'tensile-test-copy' });
    const copy = await duplicateTemplateFlow(deps());
    t.prompts.done();
    const source = await t.registry.call(id, (c) => c.getTemplateByIdentifier('tensile-test'));
    assert.equal(copy?.identifier, 'tensile-test-copy');
    assert.equal(copy?.visibility, 'private');
    assert.deepEqual(copy?.data, source.data);
    assert.equal(copy?.description, source.description);
    assert.equal(t.prompts.asked[1].value, 'Tensile test (copy)');
  });

  it('New from JSON file: an extras array becomes an extras template', async () => {
    t.prompts.answers.push({ input: 'My extras' }, { input: 'my-extras' });
    const created = await newFromFileFlow(
      { ...deps(), readFile: async () => ({ name: 'my-extras.json', text: '[{"key":"force","type":"float","unit":"N","value":null}]' }) },
      { instanceId: id },
    );
    assert.equal(created?.type, 'extras');
    assert.equal(t.prompts.asked[0].value, 'my-extras');
    assert.deepEqual(created?.data, [{ key: 'force', type: 'float', unit: 'N', value: null }]);
  });

  it('Open by Identifier: opens it; an unknown one says so', async () => {
    t.prompts.answers.push({ input: 'Sample-Record' });
    const found = await openByIdentifierFlow(deps(), { instanceId: id });
    assert.equal(found?.identifier, 'sample-record');
    assert.deepEqual(opened.map((o) => o.identifier), ['sample-record']);
    t.prompts.answers.push({ input: 'old-protocol' });
    await assert.rejects(openByIdentifierFlow(deps(), { instanceId: id }), /has no active template "old-protocol"/);
  });

  describe('Export… on several selected templates', () => {
    let files: Map<string, string>;
    let stepsSeen: string[];
    let chosen: { folder: string; label: string } | undefined;
    const batchDeps = () => ({
      ...deps(),
      deliver: async () => assert.fail('the single export is not used'),
      steps: async <R>(_title: string, work: (s: { report(m: string): void; readonly cancelled: boolean }) => Promise<R>) =>
        work({ report: (m: string) => void stepsSeen.push(m), cancelled: false }),
      folder: {
        choose: async () => chosen,
        existing: async (dir: string, names: readonly string[]) => names.filter((n) => files.has(`${dir}/${n}`)),
        write: async (dir: string, name: string, text: string) => void files.set(`${dir}/${name}`, text),
      },
    });
    const sel = (...pairs: [number, string][]) => pairs.map(([templateId, identifier]) => ({ instanceId: id, templateId, identifier }));
    beforeEach(() => {
      files = new Map();
      stepsSeen = [];
      chosen = { folder: 'mem:/out', label: 'out' };
    });

    it('one format, one folder, one confirmation naming them and the file it replaces; a file each; one failing (bob\'s private) reported', async () => {
      files.set('mem:/out/tensile-test.json', 'old');
      t.prompts.answers.push({ pick: /^JSON$/ });
      t.prompts.buttons = ['Export'];
      const { tensileTest, measurementSeries, bobNotes } = SEED_TEMPLATES;
      const result = await exportTemplatesFlow(batchDeps(), sel([tensileTest, 'tensile-test'], [bobNotes, 'bob-notes'], [measurementSeries, 'measurement-series']));
      t.prompts.done();
      const warns = t.prompts.messages.filter((m) => m.level === 'warn').map((m) => m.text);
      assert.match(warns[0], /^Export 3 templates as JSON to out\? "tensile-test", "bob-notes", "measurement-series", one file each \(<identifier>\.json\)\. 1 existing file\(s\) will be replaced: "tensile-test\.json"\.$/);
      assert.deepEqual([...files.keys()].sort(), ['mem:/out/measurement-series.json', 'mem:/out/tensile-test.json']);
      assert.match(files.get('mem:/out/tensile-test.json')!, /^\{\n {2}"/, 're-indented like the single export');
      assert.equal(JSON.parse(files.get('mem:/out/measurement-series.json')!).identifier, 'measurement-series');
      assert.equal(stepsSeen.length, 3);
      assert.match(warns[1], /^Exported 2 of 3 templates as JSON to out\. 1 failed: "bob-notes": /);
      assert.ok(result && 'failed' in result && result.failed.length === 1);
    });

    it('all exported: one status-bar message; cancelled at the folder: nothing fetched or written', async () => {
      const { tensileTest, sampleRecord } = SEED_TEMPLATES;
      chosen = undefined;
      t.prompts.answers.push({ pick: /SHACL/ });
      sb.requests.length = 0;
      assert.equal(await exportTemplatesFlow(batchDeps(), sel([tensileTest, 'tensile-test'], [sampleRecord, 'sample-record'])), undefined);
      assert.ok(!sb.requests.some((r) => r.path.includes('/export/')));
      chosen = { folder: 'mem:/o', label: 'o' };
      t.prompts.answers.push({ pick: /SHACL/ });
      t.prompts.buttons = ['Export'];
      await exportTemplatesFlow(batchDeps(), sel([tensileTest, 'tensile-test'], [sampleRecord, 'sample-record']));
      assert.deepEqual([...files.keys()], ['mem:/o/tensile-test.ttl', 'mem:/o/sample-record.ttl']);
      assert.match(files.get('mem:/o/sample-record.ttl')!, /sh:NodeShape/);
      assert.deepEqual(t.prompts.messages.filter((m) => m.level === 'status').map((m) => m.text), ['Exported 2 of 2 templates as SHACL (Turtle) to o.']);
    });
  });

  it('Export: json is re-indented; shacl kept as Turtle; the file name fits the format', async () => {
    const delivered: ExportResult[] = [];
    const d = { ...deps(), deliver: async (r: ExportResult) => void delivered.push(r) };
    const tpl = await t.registry.call(id, (c) => c.getTemplateByIdentifier('tensile-test'));
    t.prompts.answers.push({ pick: /^JSON Schema$/ }, { pick: /editor/ });
    await exportFlow(d, { instanceId: id, templateId: tpl.id, template: tpl });
    t.prompts.answers.push({ pick: /SHACL/ }, { pick: /Save to a file/ });
    await exportFlow(d, { instanceId: id, templateId: tpl.id, template: tpl });
    assert.equal(delivered[0].fileName, 'tensile-test.schema.json');
    assert.equal(delivered[0].format.language, 'json');
    assert.match(delivered[0].text, /^\{\n {2}"\$schema"/);
    assert.equal(delivered[1].fileName, 'tensile-test.ttl');
    assert.equal(delivered[1].destination, 'file');
    assert.match(delivered[1].text, /sh:NodeShape/);
  });

  it('Open in Browser uses _links.view', async () => {
    const tpl: Template = await t.registry.call(id, (c) => c.getTemplateByIdentifier('tensile-test'));
    const info = t.registry.get(id)!;
    assert.equal(browserUrl(info, tpl), `${sb.url}/templates/${tpl.id}`);
    assert.equal(browserUrl(info, { ...tpl, _links: { view: 'javascript:alert(1)' } }), `${sb.url}/templates/${tpl.id}`);
  });
});
