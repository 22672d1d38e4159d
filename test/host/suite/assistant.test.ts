// The assistant's language-model tools in the real extension host, through vscode.lm.invokeTool,
// against an in-process sandbox: inputs, outputs, errors (no instance, 404, invalid input), the
// draft as an unsaved editor, and the confirmation the writing tool asks for.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './support';
import type { Assistant } from '../../../src/assistant/register';
import { connectInstance } from '../../../src/instances/connect';
import type { InstanceRegistry } from '../../../src/instances/registry';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index';
import { EXAMPLE } from '../../../src/assistant/tools/rules';

interface Api {
  instances: InstanceRegistry;
  assistant: Assistant;
}

const none = new vscode.CancellationTokenSource().token;

async function invoke(name: string, input: object): Promise<string> {
  const r = await vscode.lm.invokeTool(`kadi4mat_${name}`, { input, toolInvocationToken: undefined }, none);
  return r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

describe('assistant tools (host)', function () {
  this.timeout(90_000);
  let api: Api;
  let sb: Sandbox;
  let id: string | undefined;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    api = (await ext.activate()) as Api;
    assert.ok(api.assistant, 'activate() must return the assistant outside production');
    sb = await startSandbox({ port: 0 });
  });

  after(async () => {
    if (id) await api.instances.remove(id).catch(() => undefined);
    // Drafts are dirty untitled editors: revert them, or closing would ask to save.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sb?.close();
  });

  it('every tool is registered with the manifest\'s schema', () => {
    const ours = vscode.lm.tools.filter((t) => t.name.startsWith('kadi4mat_'));
    assert.deepEqual(ours.map((t) => t.name).sort(), [...api.assistant.tools.tools.keys()].sort());
    const search = ours.find((t) => t.name === 'kadi4mat_search_templates');
    assert.deepEqual(Object.keys((search?.inputSchema as { properties: object }).properties), ['query', 'type', 'mine', 'limit', 'instance']);
    assert.ok(search?.tags.includes('kadi4mat'));
  });

  it('without a connected instance: says how to connect one', async () => {
    for (const i of api.instances.list()) await api.instances.remove(i.id);
    assert.equal(await invoke('search_templates', {}), 'No Kadi4Mat instance is connected. Connect one with "Kadi4Mat: Add Instance…" or "Kadi4Mat: Try the Local Sandbox".');
    // Offline tools work without one.
    assert.match(await invoke('template_rules', { type: 'extras' }), /^A Kadi4Mat template document is one JSON object/);
  });

  it('search, get (and a 404), validate, invalid input — against the sandbox', async () => {
    id = (await connectInstance(api.instances, { baseUrl: sb.url, token: 'pat_sandbox_alice' })).info.id;
    const found = await invoke('search_templates', { query: 'tensile' });
    assert.match(found, /"identifier": "tensile-test"/);
    const got = await invoke('get_template', { identifier: 'tensile-test' });
    assert.equal(JSON.parse(got.slice(got.indexOf('\n') + 1)).identifier, 'tensile-test');
    assert.match(await invoke('get_template', { id: 4242 }), /^Not found \(404\)/);
    const problems = await invoke('validate_template', { document: { ...JSON.parse(EXAMPLE), identifier: 'Not OK' } });
    assert.match(problems, /"path": "identifier"/);
    assert.match(await invoke('validate_record', { record: { force: 'much' }, identifier: 'tensile-test' }), /"path": "force"/);
    assert.match(await invoke('search_templates', { limit: 500 }), /^Invalid input for search_templates: .*limit must be <= 50/);
    for (const text of [found, got, problems]) assert.ok(!text.includes('pat_sandbox'));
  });

  it('open_template_draft opens an unsaved, validated editor and sends nothing', async () => {
    const before = sb.requests.length;
    const text = await invoke('open_template_draft', { document: { ...JSON.parse(EXAMPLE), identifier: 'host-draft' } });
    assert.match(text, /^Opened the draft as the unsaved editor "host-draft(-\d+)?\.kadi-template\.json"/);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.scheme === 'untitled' && editor.document.isDirty);
    assert.equal(JSON.parse(editor.document.getText()).identifier, 'host-draft');
    assert.equal(sb.requests.length, before);
    // The live validation of *.kadi-template.json picks it up: break it and see Kadi's message.
    const edit = new vscode.WorkspaceEdit();
    const at = editor.document.getText().indexOf('"host-draft"');
    edit.replace(editor.document.uri, new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 12)), '"Host Draft!"');
    await vscode.workspace.applyEdit(edit);
    await waitFor('a Kadi4Mat diagnostic on the identifier', () => vscode.languages.getDiagnostics(editor.document.uri).some((d) => d.source === 'Kadi4Mat' && d.severity === vscode.DiagnosticSeverity.Error));
  });

  it('save_template: prepareInvocation asks with the instance, identifier and changes; invalid documents are refused without asking or writing', async () => {
    const save = api.assistant.tools.tools.get('kadi4mat_save_template')!;
    const doc = { ...JSON.parse(EXAMPLE), identifier: 'host-save' };
    const prepared = await save.prepareInvocation!({ input: { document: doc } }, none);
    assert.equal(prepared?.confirmationMessages?.title, `Create template "host-save" on ${id}?`);
    const message = prepared?.confirmationMessages?.message as vscode.MarkdownString;
    assert.match(message.value, /Create the extras template "host-save" on 127\.0\.0\.1:\d+:/);
    assert.match(message.value, /6 extra\(s\): specimen, force, machine, tested_at, geometry, operators/);
    assert.equal(sb.requests.filter((r) => r.method === 'POST').length, 0, 'preparing writes nothing');

    const got = await invoke('get_template', { identifier: 'tensile-test' });
    const current = JSON.parse(got.slice(got.indexOf('\n') + 1));
    const tid = sb.store.getTemplateByIdentifier('tensile-test')!.id;
    const update = await save.prepareInvocation!({ input: { document: { ...current, title: 'Renamed' }, templateId: tid } }, none);
    assert.equal(update?.confirmationMessages?.title, `Update template "tensile-test" on ${id}?`);
    assert.match((update?.confirmationMessages?.message as vscode.MarkdownString).value, /title: "Tensile test" → "Renamed"/);

    // Not prepared (so never confirmed) for this input: invoking it does not write.
    const unconfirmed = (await save.invoke({ input: { document: { ...doc, identifier: 'host-unconfirmed' } }, toolInvocationToken: undefined }, none))!;
    assert.match((unconfirmed.content[0] as vscode.LanguageModelTextPart).value, /^Not saved: the user did not confirm/);

    const bad = await invoke('save_template', { document: { ...doc, data: [{ key: 'x', type: 'bool', value: null, unit: 'mm' }] } });
    assert.match(bad, /^Not saved: The template document has 1 error/);
    assert.equal(sb.requests.filter((r) => r.method !== 'GET').length, 0);
  });
});

describe('assistant MCP server definition (host)', function () {
  this.timeout(90_000);
  let api: Api;
  let sb: Sandbox;
  let id: string;

  before(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as Api;
    sb = await startSandbox({ port: 0 });
    id = (await connectInstance(api.instances, { baseUrl: sb.url, token: 'pat_sandbox_alice' })).info.id;
  });
  after(async () => {
    await vscode.workspace.getConfiguration().update('kadi4mat.assistant.mcpServer', undefined, vscode.ConfigurationTarget.Global);
    await api.instances.remove(id).catch(() => undefined);
    await sb?.close();
  });

  it('lists nothing until the setting is on; then one server per instance, the token only in the resolved definition, and it serves the tools', async () => {
    const provider = api.assistant.mcp;
    assert.deepEqual(await provider.provideMcpServerDefinitions(none), []);
    const fired = new Promise<void>((resolve) => provider.onDidChangeMcpServerDefinitions!(() => resolve()));
    await vscode.workspace.getConfiguration().update('kadi4mat.assistant.mcpServer', true, vscode.ConfigurationTarget.Global);
    await fired;
    const defs = (await provider.provideMcpServerDefinitions(none)) as vscode.McpStdioServerDefinition[];
    const def = defs.find((d) => d.label.includes(id));
    assert.ok(def, `a definition for ${id}: ${defs.map((d) => d.label).join(', ')}`);
    assert.equal(def.command, process.execPath);
    assert.match(def.args[0], /dist[\\/]mcp\.js$/);
    assert.deepEqual(Object.keys(def.env), ['KADI_HOST'], 'no token before the server is started');
    assert.ok(!JSON.stringify(defs).includes('pat_sandbox'));

    const resolved = (await provider.resolveMcpServerDefinition!(def, none)) as vscode.McpStdioServerDefinition;
    assert.equal(resolved.env.KADI_PAT, 'pat_sandbox_alice');
    assert.equal(resolved.env.KADI_HOST, sb.url);

    // Start it as VS Code would, and talk MCP to it.
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const client = new Client({ name: 'host-test', version: '1' });
    await client.connect(new StdioClientTransport({ command: resolved.command, args: resolved.args, env: { ...(resolved.env as Record<string, string>), PATH: process.env.PATH ?? '' } }));
    try {
      const r = await client.callTool({ name: 'get_template', arguments: { identifier: 'tensile-test' } });
      assert.match((r.content as { text: string }[])[0].text, /"identifier": "tensile-test"/);
    } finally {
      await client.close();
    }
  });
});

describe('@kadi4mat chat participant (host)', function () {
  this.timeout(90_000);
  let api: Api;

  /** A LanguageModelChat that answers from a script and records the prompts it got. */
  function scriptedModel(answers: string[], prompts: string[]): vscode.LanguageModelChat {
    return {
      id: 'scripted', vendor: 'test', family: 'scripted', name: 'Scripted', version: '1', maxInputTokens: 100_000,
      countTokens: async () => 1,
      sendRequest: async (messages: vscode.LanguageModelChatMessage[]) => {
        prompts.push(messages.map((m) => m.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('')).join('\n---\n'));
        const answer = answers.shift() ?? '';
        return { text: (async function* () { yield answer; })(), stream: (async function* () { yield new vscode.LanguageModelTextPart(answer); })() };
      },
    } as unknown as vscode.LanguageModelChat;
  }
  function stream() {
    const out = { markdown: [] as string[], progress: [] as string[], buttons: [] as vscode.Command[] };
    const s = {
      markdown: (v: string | vscode.MarkdownString) => out.markdown.push(typeof v === 'string' ? v : v.value),
      progress: (v: string) => out.progress.push(v),
      button: (c: vscode.Command) => out.buttons.push(c),
      anchor: () => undefined, reference: () => undefined, push: () => undefined, filetree: () => undefined,
    } as unknown as vscode.ChatResponseStream;
    return { s, out };
  }
  async function ask(command: string | undefined, prompt: string, model: vscode.LanguageModelChat | undefined) {
    const { s, out } = stream();
    const request = { prompt, command, references: [], toolReferences: [], toolInvocationToken: undefined, model } as unknown as vscode.ChatRequest;
    await api.assistant.chat.handler(request, { history: [] } as unknown as vscode.ChatContext, s, none);
    return out;
  }
  const fenced = (v: unknown) => `\`\`\`json\n${JSON.stringify(v, null, 2)}\n\`\`\``;

  before(async () => {
    api = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as Api;
  });
  after(async () => {
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('without any model: says so', async () => {
    assert.deepEqual(await vscode.lm.selectChatModels(), [], 'this host has no chat models');
    const out = await ask('new', 'a tensile test', undefined);
    assert.match(out.markdown.join(''), /^No language model is available\./);
  });

  it('/new drafts, sends Kadi4Mat\'s messages back, and opens the valid draft unsaved', async () => {
    const valid = { ...JSON.parse(EXAMPLE), identifier: 'chat-draft' };
    const invalid = { ...valid, data: [{ key: 'x', type: 'bool', value: 'maybe' }] };
    const prompts: string[] = [];
    const out = await ask('new', 'a tensile test', scriptedModel([fenced(invalid), fenced(valid)], prompts));
    assert.equal(prompts.length, 2);
    assert.match(prompts[1], /Kadi4Mat would refuse this template document/);
    assert.match(out.markdown.join(''), /Opened the draft as the unsaved editor \*\*chat-draft(-\d+)?\.kadi-template\.json\*\* \(checked by Kadi4Mat's rules in 2 round\(s\)\)/);
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc && doc.uri.scheme === 'untitled');
    assert.deepEqual(JSON.parse(doc.getText()), valid);
  });

  it('/fix proposes a corrected document; Apply replaces the editor text and leaves it unsaved', async () => {
    const broken = { ...JSON.parse(EXAMPLE), identifier: 'chat-fix', data: [{ key: 'n', type: 'int', value: 1.5 }] };
    const fixed = { ...broken, data: [{ key: 'n', type: 'int', value: 2 }] };
    await vscode.lm.invokeTool('kadi4mat_open_template_draft', { input: { document: broken }, toolInvocationToken: undefined }, none);
    const doc = vscode.window.activeTextEditor!.document;
    const prompts: string[] = [];
    const out = await ask('fix', '', scriptedModel([fenced(fixed)], prompts));
    assert.match(prompts[0], /"path": "data\[0\]\.value"/);
    assert.match(out.markdown.join(''), /Proposed changes:\n- extras changed: n/);
    assert.equal(out.buttons[0].command, 'kadi4mat.assistant.applyFix');
    assert.equal(await vscode.commands.executeCommand(out.buttons[0].command, ...(out.buttons[0].arguments ?? [])), true);
    assert.deepEqual(JSON.parse(doc.getText()), fixed);
    assert.equal(doc.isDirty, true);
    // Applying the same proposal again after the text changed is refused.
    assert.equal(await vscode.commands.executeCommand(out.buttons[0].command, ...(out.buttons[0].arguments ?? [])), false);
  });
});
