// The MCP server (src/assistant/mcp.ts) driven by the MCP SDK's own client against the sandbox:
// in memory for every tool and the confirmation by elicitation, and the bundled dist/mcp.js over
// stdio as an MCP client would start it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type ElicitRequest } from '@modelcontextprotocol/sdk/types.js';
import { MCP_CONNECT_HINT, runMcpServer, type McpRun } from '../../src/assistant/mcp';
import { EXAMPLE } from '../../src/assistant/tools/rules';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';

const TOKEN = 'pat_sandbox_alice';
type Text = { content: { type: string; text: string }[]; isError?: boolean };

describe('assistant MCP server', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let run: McpRun | undefined;
  let client: Client | undefined;
  let logged: string[];

  async function connect(env: Record<string, string>, elicit?: (r: ElicitRequest) => { action: 'accept' | 'decline'; content?: Record<string, boolean> }): Promise<Client> {
    const [a, b] = InMemoryTransport.createLinkedPair();
    logged = [];
    run = await runMcpServer({ env, transport: a, log: (l) => logged.push(l) });
    client = new Client({ name: 'test', version: '1' }, { capabilities: elicit ? { elicitation: {} } : {} });
    if (elicit) client.setRequestHandler(ElicitRequestSchema, async (r) => elicit(r));
    await client.connect(b);
    return client;
  }
  const text = (r: unknown) => (r as Text).content.map((c) => c.text).join('');
  const writes = () => sb.requests.filter((r) => r.method !== 'GET');

  beforeEach(async () => {
    sb = await startSandbox({ port: 0 });
  });
  afterEach(async () => {
    await client?.close();
    await run?.close();
    client = run = undefined;
    await sb.close();
  });

  it('lists the tools without the editor-only one, with schemas and read-only hints', async () => {
    const c = await connect({ KADI_HOST: sb.url, KADI_PAT: TOKEN });
    const { tools } = await c.listTools();
    assert.deepEqual(tools.map((t) => t.name), ['search_templates', 'get_template', 'template_rules', 'validate_template', 'validate_record', 'save_template']);
    assert.equal(tools.find((t) => t.name === 'save_template')?.annotations?.readOnlyHint, false);
    assert.equal(tools.find((t) => t.name === 'get_template')?.annotations?.readOnlyHint, true);
    assert.deepEqual(tools.find((t) => t.name === 'validate_template')?.inputSchema.required, ['document']);
    assert.equal(logged.length, 1);
    assert.match(logged[0], /serving 6 tools for 127\.0\.0\.1:\d+$/);
    assert.ok(!logged[0].includes(TOKEN));
  });

  it('calls every reading tool; 404, invalid input and unknown tools come back as errors', async () => {
    const c = await connect({ KADI_HOST: sb.url, KADI_PAT: TOKEN });
    const all: string[] = [];
    const call = async (name: string, args: Record<string, unknown>) => {
      const r = await c.callTool({ name, arguments: args });
      all.push(text(r));
      return r as Text;
    };
    assert.match(text(await call('search_templates', { query: 'tensile' })), /"identifier": "tensile-test"/);
    assert.match(text(await call('get_template', { identifier: 'tensile-test' })), /"identifier": "tensile-test"/);
    assert.match(text(await call('template_rules', {})), /Extra types:/);
    assert.equal(text(await call('validate_template', { document: EXAMPLE })), 'The template document is valid: no problems.');
    assert.match(text(await call('validate_record', { record: { force: -5 }, identifier: 'tensile-test' })), /"path": "force"/);
    const missing = await call('get_template', { id: 999 });
    assert.equal(missing.isError, true);
    assert.match(text(missing), /^Not found \(404\)/);
    const invalid = await call('validate_template', {});
    assert.equal(invalid.isError, true);
    assert.match(text(invalid), /must have required property 'document'/);
    const unknown = await call('open_template_draft', { document: EXAMPLE });
    assert.equal(unknown.isError, true);
    assert.match(text(unknown), /^Unknown tool "open_template_draft"/);
    for (const t of all) assert.ok(!t.includes(TOKEN));
  });

  it('without KADI_HOST/KADI_PAT: the server tools say how to configure it; the offline ones work', async () => {
    const c = await connect({});
    assert.match(logged[0], /no instance configured/);
    const r = (await c.callTool({ name: 'search_templates', arguments: {} })) as Text;
    assert.equal(r.isError, true);
    assert.equal(text(r), `No Kadi4Mat instance is connected. ${MCP_CONNECT_HINT}`);
    assert.equal(text(await c.callTool({ name: 'validate_template', arguments: { document: EXAMPLE } })), 'The template document is valid: no problems.');
  });

  it('save_template asks the user by elicitation (instance, identifier, changes); declined or unsupported writes nothing', async () => {
    const doc = { ...JSON.parse(EXAMPLE), identifier: 'mcp-made' };
    const asked: string[] = [];
    let yes = false;
    const c = await connect({ KADI_HOST: sb.url, KADI_PAT: TOKEN }, (r) => {
      asked.push(r.params.message);
      return yes ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
    });
    const declined = (await c.callTool({ name: 'save_template', arguments: { document: doc } })) as Text;
    assert.match(text(declined), /^Not saved: the user did not confirm/);
    assert.equal(writes().length, 0);
    assert.match(asked[0], /^Create the extras template "mcp-made" on 127\.0\.0\.1:\d+:\n• identifier: "mcp-made"/);
    assert.match(asked[0], /Save this to Kadi4Mat\?$/);
    yes = true;
    assert.match(text(await c.callTool({ name: 'save_template', arguments: { document: doc } })), /^Created template \d+ \("mcp-made"\)/);
    assert.ok(sb.store.getTemplateByIdentifier('mcp-made'));
  });

  it('a client without elicitation cannot save', async () => {
    const c = await connect({ KADI_HOST: sb.url, KADI_PAT: TOKEN });
    const r = (await c.callTool({ name: 'save_template', arguments: { document: { ...JSON.parse(EXAMPLE), identifier: 'never' } } })) as Text;
    assert.equal(r.isError, true);
    assert.match(text(r), /cannot ask the user to confirm a write/);
    assert.equal(writes().length, 0);
  });

  it('the bundle dist/mcp.js serves over stdio with the token from the environment', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [path.resolve(__dirname, '..', '..', '..', 'dist', 'mcp.js')],
      env: { KADI_HOST: sb.url, KADI_PAT: TOKEN, PATH: process.env.PATH ?? '' },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    client = new Client({ name: 'stdio-test', version: '1' });
    await client.connect(transport);
    assert.equal((await client.listTools()).tools.length, 6);
    assert.match(text(await client.callTool({ name: 'search_templates', arguments: { query: 'tensile' } })), /"identifier": "tensile-test"/);
    assert.ok(sb.requests.some((r) => r.headers.authorization === `Bearer ${TOKEN}`), 'the token went in the Authorization header');
    assert.match(stderr, /serving 6 tools/);
    assert.ok(!stderr.includes(TOKEN));
  });

  it('`kadi-templates mcp` serves the same tools and ends when the client closes', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [path.resolve(__dirname, '..', '..', '..', 'dist', 'kadi-templates.js'), 'mcp'],
      env: { KADI_HOST: sb.url, KADI_PAT: TOKEN, PATH: process.env.PATH ?? '' },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    client = new Client({ name: 'cli-test', version: '1' });
    await client.connect(transport);
    assert.deepEqual((await client.listTools()).tools.map((t) => t.name).sort(), ['get_template', 'save_template', 'search_templates', 'template_rules', 'validate_record', 'validate_template']);
    assert.match(text(await client.callTool({ name: 'get_template', arguments: { identifier: 'tensile-test' } })), /"title": "Tensile test"/);
    assert.ok(!stderr.includes(TOKEN));
  });
});
