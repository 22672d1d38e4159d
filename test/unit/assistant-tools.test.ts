// The assistant's tools (src/assistant/tools) against the sandbox: inputs checked against the
// schemas, what the model reads, errors as text, drafts never written, and writes only after a
// confirmation that names the instance, the identifier and the changes.
import * as assert from 'node:assert/strict';
import { SingleInstanceClients } from '../../src/assistant/envClients';
import { ASSISTANT_TOOLS, findTool, rulesText, runTool, type ToolContext, type WritePlan } from '../../src/assistant/tools';
import { EXAMPLE } from '../../src/assistant/tools/rules';
import { SEED_USERS, startSandbox, type Sandbox } from '../../src/sandbox/index';
import { validateTemplateText } from '../../src/validation';

const TOKEN = 'pat_sandbox_alice';

describe('assistant tools', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let outputs: string[];
  let plans: WritePlan[];
  let answer: boolean;
  let opened: { text: string; identifier: string }[];

  const ctx = (over: Partial<ToolContext> = {}): ToolContext => ({
    clients: new SingleInstanceClients({ baseUrl: sb.url, token: TOKEN }),
    connectHint: 'Run "Kadi4Mat: Add Instance…".',
    drafts: { openTemplateDraft: async (text, identifier) => (opened.push({ text, identifier }), `${identifier}.kadi-template.json`) },
    confirm: async (plan) => (plans.push(plan), answer),
    ...over,
  });
  async function call(name: string, input: unknown, c = ctx()) {
    const tool = findTool(name);
    assert.ok(tool, name);
    const r = await runTool(tool, input, c);
    outputs.push(r.text);
    return r;
  }
  const writes = () => sb.requests.filter((r) => r.method !== 'GET');
  const tensileId = () => sb.store.getTemplateByIdentifier('tensile-test')!.id;

  beforeEach(async () => {
    sb = await startSandbox({ port: 0 });
    outputs = [];
    plans = [];
    answer = true;
    opened = [];
  });
  afterEach(async () => {
    for (const o of outputs) assert.ok(!o.includes('pat_sandbox'), `token in output: ${o}`);
    await sb.close();
  });

  it('every tool has a snake_case name, a description and an object schema without unknown fields', () => {
    for (const t of ASSISTANT_TOOLS) {
      assert.match(t.name, /^[a-z]+(_[a-z]+)*$/);
      assert.ok(t.description.length > 80, t.name);
      assert.equal(t.inputSchema.type, 'object');
      assert.equal(t.inputSchema.additionalProperties, false, t.name);
    }
  });

  it('without an instance: says how to connect one', async () => {
    const r = await call('search_templates', {}, ctx({ clients: { list: () => [], call: () => Promise.reject(new Error('no')), currentUser: async () => undefined } }));
    assert.equal(r.isError, true);
    assert.equal(r.text, 'No Kadi4Mat instance is connected. Run "Kadi4Mat: Add Instance…".');
  });

  it('invalid input is refused with what is wrong, before any request', async () => {
    const before = sb.requests.length;
    const r = await call('search_templates', { limit: 0, colour: 'red' });
    assert.equal(r.isError, true);
    assert.match(r.text, /^Invalid input for search_templates: /);
    assert.match(r.text, /limit must be >= 1/);
    assert.match(r.text, /"colour"/);
    assert.equal((await call('get_template', { id: 'seven' })).isError, true);
    assert.equal(sb.requests.length, before);
  });

  it('search_templates: by words, by type, only mine', async () => {
    const r = await call('search_templates', { query: 'tensile' });
    assert.equal(r.isError, undefined);
    const items = JSON.parse(r.text.slice(r.text.indexOf('\n') + 1)) as { id: number; identifier: string; title: string; type: string }[];
    assert.deepEqual(items[0], { id: tensileId(), identifier: 'tensile-test', title: 'Tensile test', type: 'extras' });
    const records = await call('search_templates', { type: 'record', limit: 50 });
    assert.ok(!records.text.includes('"type": "extras"') && records.text.includes('"type": "record"'));
    sb.store.createTemplate({ identifier: 'bobs-own', title: 'Bobs own', type: 'extras', data: [], visibility: 'public' } as never, SEED_USERS.bob);
    const mine = await call('search_templates', { mine: true, limit: 50 });
    assert.ok(!mine.text.includes('bobs-own'));
    assert.ok((await call('search_templates', { limit: 50 })).text.includes('bobs-own'));
    assert.equal((await call('search_templates', { query: 'zzzz-nothing' })).text, `No templates on ${new URL(sb.url).host} match.`);
  });

  it('get_template: the document by identifier or id; 404 as text', async () => {
    const r = await call('get_template', { identifier: 'Tensile-Test' });
    const doc = JSON.parse(r.text.slice(r.text.indexOf('\n') + 1));
    assert.equal(doc.identifier, 'tensile-test');
    assert.deepEqual(Object.keys(doc), ['identifier', 'title', 'description', 'visibility', 'type', 'data']);
    assert.ok((await call('get_template', { id: tensileId() })).text.startsWith(`Template ${tensileId()} on`));
    const missing = await call('get_template', { id: 9999 });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /^Not found \(404\)/);
    assert.equal((await call('get_template', {})).text, 'Name the template by "id" (a number) or "identifier".');
  });

  it('template_rules: generated from the schema, and its example passes the validator', async () => {
    const text = (await call('template_rules', {})).text;
    assert.match(text, /- str — Text; value: text or null; may carry: options, iri/);
    assert.match(text, /- int — .*may carry: unit, options, range\n/);
    assert.match(text, /- bool — .*none of unit\/options\/range\/iri/);
    assert.ok(!/^- id:/m.test(text), 'server-managed fields are not offered');
    assert.ok(!(await call('template_rules', { type: 'extras' })).text.includes('data of a record template'));
    assert.deepEqual(validateTemplateText(EXAMPLE), []);
    assert.equal((await rulesText('record')).includes('license'), true);
  });

  it('validate_template: Kadi\'s messages with paths and lines; licenses from the instance', async () => {
    const bad = { identifier: 'x', title: 'X', description: '', visibility: 'private', type: 'extras', data: [{ key: 'a', type: 'str', value: null, unit: 'mm' }, { key: 'a', type: 'int', value: 5.5 }] };
    const r = await call('validate_template', { document: bad });
    assert.match(r.text, /has 3 error\(s\)/);
    const problems = JSON.parse(r.text.slice(r.text.indexOf('\n') + 1)) as { path: string; message: string; code: string; line: number }[];
    assert.deepEqual(problems.find((p) => p.code === 'not-allowed'), { severity: 'error', code: 'not-allowed', path: 'data[0].unit', line: 12, message: 'Cannot be used together with string.' });
    assert.ok(problems.some((p) => p.code === 'duplicate-key' && p.path === 'data[1].key'));
    assert.equal((await call('validate_template', { document: EXAMPLE })).text, 'The template document is valid: no problems.');
    const record = { identifier: 'r', title: 'R', description: '', visibility: 'private', type: 'record', data: { license: 'No-Such-License' } };
    assert.equal((await call('validate_template', { document: record })).text, 'The template document is valid: no problems.');
    assert.match((await call('validate_template', { document: record, instance: new URL(sb.url).host })).text, /"code": "license"/);
    assert.match((await call('validate_template', { document: '{ "identifier": ' })).text, /"code": "syntax"/);
  });

  it('validate_record: against a server template or a document', async () => {
    const r = await call('validate_record', { record: { force: -1, operator: 'lab' }, identifier: 'tensile-test' });
    assert.match(r.text, /The record metadata has \d+ error/);
    assert.match(r.text, /"path": "force"/);
    const doc = { type: 'extras', data: [{ key: 'n', type: 'int', value: null }] };
    assert.equal((await call('validate_record', { record: '{"n": 3}', template: doc })).text, 'The record metadata is valid: no problems.');
    assert.match((await call('validate_record', { record: { n: 'three' }, template: doc })).text, /Not a valid integer|"path": "n"/);
    assert.equal((await call('validate_record', { record: {} })).isError, true);
  });

  it('open_template_draft: an unsaved editor, nothing sent to the server; not offered without an editor', async () => {
    const before = sb.requests.length;
    const r = await call('open_template_draft', { document: EXAMPLE });
    assert.equal(r.text, 'Opened the draft as the unsaved editor "tensile-test.kadi-template.json"; nothing was written to Kadi4Mat. It has no errors.');
    assert.equal(opened[0].text, `${EXAMPLE}\n`);
    assert.equal(sb.requests.length, before);
    const noEditor = await call('open_template_draft', { document: EXAMPLE }, ctx({ drafts: undefined }));
    assert.equal(noEditor.isError, true);
  });

  it('save_template creates only after a confirmation naming the instance, the identifier and the contents', async () => {
    const doc = JSON.parse(EXAMPLE);
    doc.identifier = 'tensile-draft';
    answer = false;
    const declined = await call('save_template', { document: doc });
    assert.match(declined.text, /^Not saved: the user did not confirm/);
    assert.equal(writes().length, 0);
    const host = new URL(sb.url).host;
    assert.equal(plans[0].summary, `Create the extras template "tensile-draft" on ${host}:\n• identifier: "tensile-draft"\n• title: "Tensile test"\n• visibility: "private"\n• 6 extra(s): specimen, force, machine, tested_at, geometry, operators`);
    answer = true;
    const done = await call('save_template', { document: doc });
    assert.match(done.text, /^Created template \d+ \("tensile-draft"\)/);
    assert.equal(sb.store.getTemplateByIdentifier('tensile-draft')?.title, 'Tensile test');
  });

  it('save_template refuses a document with errors before asking, and says why', async () => {
    const r = await call('save_template', { document: { identifier: 'Bad Id!', title: '', description: '', visibility: 'private', type: 'extras', data: [] } });
    assert.equal(r.isError, true);
    assert.match(r.text, /^Not saved: The template document has 2 error/);
    assert.equal(plans.length, 0);
    assert.equal(writes().length, 0);
  });

  it('save_template updates only the changed fields after confirming; nothing to save; a change on the server in between refuses', async () => {
    const id = tensileId();
    const got = await call('get_template', { id });
    const doc = JSON.parse(got.text.slice(got.text.indexOf('\n') + 1));
    assert.equal((await call('save_template', { document: doc, templateId: id })).text, `Nothing to save: the document is the same as template ${id} ("tensile-test") on ${new URL(sb.url).host}.`);
    doc.title = 'Tensile test (ISO 6892)';
    doc.data = doc.data.filter((e: { key: string }) => e.key !== 'elongation');
    doc.data.push({ key: 'speed', type: 'float', value: null, unit: 'mm/s' });
    const r = await call('save_template', { document: doc, templateId: id });
    assert.match(r.text, /^Updated template/);
    assert.deepEqual(plans[0].changes, ['title: "Tensile test" → "Tensile test (ISO 6892)"', 'extras added: speed', 'extras removed: elongation']);
    assert.match(plans[0].summary, /^Update the template "tensile-test" \(id \d+\) on 127\.0\.0\.1:\d+; Kadi4Mat keeps the current version as a revision:/);
    const patch = writes().find((w) => w.method === 'PATCH');
    assert.deepEqual(Object.keys(JSON.parse(patch!.body ?? '{}')).sort(), ['data', 'title']);

    // Someone else saves while the user reads the confirmation.
    doc.title = 'Third title';
    const slow = ctx({ confirm: async () => (sb.store.updateTemplate(id, { title: 'Changed by bob' }, SEED_USERS.bob), true) });
    const refused = await call('save_template', { document: doc, templateId: id }, slow);
    assert.equal(refused.isError, true);
    assert.match(refused.text, /changed on .* since it was read/);
    assert.equal(sb.store.getTemplate(id)?.title, 'Changed by bob');
  });
});
