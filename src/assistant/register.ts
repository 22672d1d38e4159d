// VS Code glue of the assistant (issue #16): language-model tools, the MCP server definition and
// the @kadi4mat chat participant, over the connected instances. Activation registers them only:
// the tools' and the participant's work (the tools, the orchestration, the prompts) is a chunk of
// its own (impl.ts, dist/lazy/assistant.js), loaded on the first tool call or chat request.
import * as vscode from 'vscode';
import type { InstanceRegistry } from '../instances/registry';
import type { Log } from '../ui/log';
import { APPLY_FIX_COMMAND, PARTICIPANT_ID } from './ids';
import { registerMcpDefinitions } from './mcpDefinition';

type Tool = vscode.LanguageModelTool<Record<string, unknown>>;

export interface AssistantToolsHandle {
  /** The registered tools by VS Code name, for tests (prepareInvocation is not reachable through vscode.lm). */
  tools: Map<string, Tool>;
}

export interface Assistant {
  tools: AssistantToolsHandle;
  mcp: vscode.McpServerDefinitionProvider;
  /** The participant and its handler (host tests drive it with a scripted model). */
  chat: { participant: vscode.ChatParticipant; handler: vscode.ChatRequestHandler };
}

export function registerAssistant(context: vscode.ExtensionContext, deps: { clients: InstanceRegistry; log: Log }): Assistant {
  let impl: Promise<{ tools: Map<string, Tool>; chat: vscode.ChatRequestHandler }> | undefined;
  const load = () =>
    (impl ??= import('./impl.js').then((m) => ({ tools: m.createAssistantTools(deps), chat: m.createChatHandler(deps) })));

  // Every tool package.json declares (a unit test keeps them equal to src/assistant/tools).
  const declared = ((context.extension.packageJSON as { contributes?: { languageModelTools?: { name: string }[] } }).contributes?.languageModelTools ?? []).map((t) => t.name);
  const tools = new Map<string, Tool>();
  for (const name of declared) {
    const real = async () => {
      const t = (await load()).tools.get(name);
      if (!t) throw new Error(`Unknown tool ${name}`); // l10n: not user-facing (a manifest/code mismatch)
      return t;
    };
    const tool: Tool = {
      invoke: async (options, token) => (await real()).invoke(options, token),
      prepareInvocation: async (options, token) => (await real()).prepareInvocation?.(options, token),
    };
    tools.set(name, tool);
    context.subscriptions.push(vscode.lm.registerTool(name, tool));
  }

  const mcp = registerMcpDefinitions(context, deps.clients);

  const handler: vscode.ChatRequestHandler = async (request, ctx, stream, token) => (await load()).chat(request, ctx, stream, token);
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, handler);
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
  context.subscriptions.push(
    participant,
    vscode.commands.registerCommand(APPLY_FIX_COMMAND, async (uri: string, version: number, text: string) => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      if (!doc) throw new Error(vscode.l10n.t('The template is no longer open.'));
      if (doc.version !== version) {
        void vscode.window.showWarningMessage(vscode.l10n.t('The template changed since the fix was proposed; ask @kadi4mat /fix again.'));
        return false;
      }
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
      const ok = await vscode.workspace.applyEdit(edit);
      if (ok) await vscode.window.showTextDocument(doc);
      return ok;
    }),
  );
  return { tools: { tools }, mcp, chat: { participant, handler } };
}
