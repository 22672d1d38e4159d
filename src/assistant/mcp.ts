// The assistant's tools over the Model Context Protocol (stdio), for MCP clients outside VS Code
// (and VS Code itself through mcpDefinition.ts). No `vscode` import. The instance comes from the
// environment: KADI_HOST (address) and KADI_PAT (personal access token). The token is read once
// into the KadiClient and goes only into the Authorization header of requests to that host:
// never into a tool's input, output or the log on stderr.
//
// Writes: save_template asks the user through MCP elicitation (the client shows the instance,
// the identifier and the changes, and the user accepts or declines). A client that cannot
// elicit gets a refusal: a model's own "yes" is not the user's.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { SingleInstanceClients } from './envClients';
import { ASSISTANT_TOOLS, findTool, runTool, type AssistantClients, type ToolContext, type WritePlan } from './tools';
import { ToolError } from './tools/types';

export const MCP_SERVER_NAME = 'kadi4mat-templates';
const VERSION = '0.1.0';

export const MCP_CONNECT_HINT = 'Start the MCP server with the environment variables KADI_HOST (the instance address, e.g. https://kadi.example.edu) and KADI_PAT (a personal access token).';

/** The tools an MCP client gets: all but the one that needs an editor. */
export const MCP_TOOLS = ASSISTANT_TOOLS.filter((t) => !t.needsEditor);

type Env = Record<string, string | undefined>;

/** The instance named by KADI_HOST/KADI_PAT, or none (the tools then say how to set them). */
export function clientsFromEnv(env: Env): AssistantClients {
  const host = env.KADI_HOST?.trim();
  const token = env.KADI_PAT?.trim();
  if (!host || !token) return { list: () => [], call: () => Promise.reject(new ToolError(MCP_CONNECT_HINT)), currentUser: async () => undefined };
  const timeout = Number(env.KADI_TIMEOUT_SECONDS);
  return new SingleInstanceClients({
    baseUrl: host,
    token,
    allowInsecureHttp: env.KADI_ALLOW_INSECURE_HTTP === '1',
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : undefined,
  });
}

export function createMcpServer(clients: AssistantClients): Server {
  const server = new Server({ name: MCP_SERVER_NAME, version: VERSION }, { capabilities: { tools: {} } });

  const confirm = async (plan: WritePlan): Promise<boolean> => {
    if (!server.getClientCapabilities()?.elicitation) {
      throw new ToolError(`Not saved: this MCP client cannot ask the user to confirm a write (it does not support elicitation). Nothing was written to ${plan.instanceLabel}. Show the user the document instead.`);
    }
    const answer = await server.elicitInput({
      message: `${plan.summary}\n\nSave this to Kadi4Mat?`,
      requestedSchema: {
        type: 'object',
        properties: { confirm: { type: 'boolean', title: plan.kind === 'create' ? 'Create the template' : 'Update the template', description: `${plan.identifier} on ${plan.instanceLabel}` } },
        required: ['confirm'],
      },
    });
    return answer.action === 'accept' && answer.content?.confirm === true;
  };

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: MCP_TOOLS.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: t.inputSchema as { type: 'object' },
      annotations: { title: t.title, readOnlyHint: !t.writes, destructiveHint: false, idempotentHint: !t.writes, openWorldHint: false },
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = findTool(request.params.name);
    if (!tool || tool.needsEditor) return { content: [{ type: 'text', text: `Unknown tool "${request.params.name}". Tools: ${MCP_TOOLS.map((t) => t.name).join(', ')}.` }], isError: true };
    const ctx: ToolContext = { clients, confirm, connectHint: MCP_CONNECT_HINT, signal: extra.signal };
    const r = await runTool(tool, request.params.arguments ?? {}, ctx);
    return { content: [{ type: 'text', text: r.text }], ...(r.isError ? { isError: true } : {}) };
  });
  return server;
}

export interface McpRun {
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves the tools until the transport closes: stdio by default (`node dist/mcp.js`, or
 * `kadi-templates mcp`). `log` gets one line at start (never the token), default stderr.
 */
export async function runMcpServer(options: { env: Env; transport?: Transport; log?: (line: string) => void }): Promise<McpRun> {
  const clients = clientsFromEnv(options.env);
  const server = createMcpServer(clients);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  await server.connect(options.transport ?? new StdioServerTransport());
  const instance = clients.list()[0];
  log(instance ? `${MCP_SERVER_NAME}: serving ${MCP_TOOLS.length} tools for ${instance.label}` : `${MCP_SERVER_NAME}: no instance configured. ${MCP_CONNECT_HINT}`);
  return { server, close: () => server.close() };
}
