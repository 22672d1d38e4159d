// VS Code glue of the assistant (issue #16): language-model tools, the MCP server definition and
// the @kadi4mat chat participant, over the connected instances.
import type * as vscode from 'vscode';
import type { InstanceRegistry } from '../instances/registry';
import type { Log } from '../ui/log';
import { registerChatParticipant } from './chatParticipant';
import { registerAssistantTools, type AssistantToolsHandle } from './lmTools';
import { registerMcpDefinitions } from './mcpDefinition';

export interface Assistant {
  tools: AssistantToolsHandle;
  mcp: vscode.McpServerDefinitionProvider;
  /** The participant and its handler (host tests drive it with a scripted model). */
  chat: { participant: vscode.ChatParticipant; handler: vscode.ChatRequestHandler };
}

export function registerAssistant(context: vscode.ExtensionContext, deps: { clients: InstanceRegistry; log: Log }): Assistant {
  const tools = registerAssistantTools(context, deps);
  const mcp = registerMcpDefinitions(context, deps.clients);
  const chat = registerChatParticipant(context, deps);
  return { tools, mcp, chat };
}
