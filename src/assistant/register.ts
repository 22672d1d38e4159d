// VS Code glue of the assistant (issue #16): language-model tools, the MCP server definition and
// the @kadi4mat chat participant, over the connected instances.
import type * as vscode from 'vscode';
import type { Log } from '../ui/log';
import { registerAssistantTools, type AssistantToolsHandle } from './lmTools';
import type { AssistantClients } from './tools';

export interface Assistant {
  tools: AssistantToolsHandle;
}

export function registerAssistant(context: vscode.ExtensionContext, deps: { clients: AssistantClients; log: Log }): Assistant {
  const tools = registerAssistantTools(context, deps);
  return { tools };
}
