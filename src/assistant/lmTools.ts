// The assistant's tools (./tools) as language-model tools (declared in package.json
// `languageModelTools`; register.ts registers them and loads this chunk on the first call). The writing tool asks first: prepareInvocation
// returns a confirmation naming the instance, the identifier and the changes (VS Code shows it in
// the chat, or as a modal dialog when another extension invokes the tool), and invoke writes only
// what was confirmed for exactly this input.
import * as vscode from 'vscode';
import { openUntitled } from '../ui/untitled';
import type { Log } from '../ui/log';
import { ASSISTANT_TOOLS, planSave, runTool, type AssistantClients, type AssistantTool, type DraftOpener, type ToolContext } from './tools';

const TOOL_PREFIX = 'kadi4mat_';

/** Opens a draft as an unsaved `<identifier>.kadi-template.json` editor (validated live). */
export const editorDrafts: DraftOpener = {
  async openTemplateDraft(text, identifier) {
    const doc = await openUntitled(identifier, '.kadi-template.json', text, 'json');
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc.uri.path.split('/').pop() ?? identifier;
  },
};

export function connectHint(): string {
  return vscode.l10n.t('Connect one with "Kadi4Mat: Add Instance…" or "Kadi4Mat: Try the Local Sandbox".');
}

function signalOf(token?: vscode.CancellationToken): AbortSignal | undefined {
  if (!token) return undefined;
  const ac = new AbortController();
  if (token.isCancellationRequested) ac.abort();
  else token.onCancellationRequested(() => ac.abort());
  return ac.signal;
}

/** The tools' implementations by VS Code name (register.ts registers them, loading this chunk on first use). */
export function createAssistantTools(deps: { clients: AssistantClients; log: Log }): Map<string, vscode.LanguageModelTool<Record<string, unknown>>> {
  // Summaries the user confirmed, by input: invoke writes only when its fresh plan matches.
  const confirmed = new Map<string, string>();
  const key = (name: string, input: unknown) => `${name}\u0000${JSON.stringify(input)}`;
  const base = (token?: vscode.CancellationToken): ToolContext => ({ clients: deps.clients, drafts: editorDrafts, connectHint: connectHint(), signal: signalOf(token) });

  const tools = new Map<string, vscode.LanguageModelTool<Record<string, unknown>>>();
  const make = (tool: AssistantTool): vscode.LanguageModelTool<Record<string, unknown>> => ({
    async invoke(options, token) {
      const k = key(tool.name, options.input);
      const ctx: ToolContext = { ...base(token), confirm: async (plan) => confirmed.get(k) === plan.summary };
      const r = await runTool(tool, options.input, ctx);
      confirmed.delete(k);
      deps.log.info(`assistant: ${tool.name}${r.isError ? ' failed' : ''}`);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(r.text)]);
    },
    async prepareInvocation(options, token) {
      if (!tool.writes) return { invocationMessage: vscode.l10n.t('Kadi4Mat: {0}', tool.title) };
      try {
        const plan = await planSave(options.input, base(token));
        confirmed.set(key(tool.name, options.input), plan.summary);
        return {
          invocationMessage: plan.kind === 'create' ? vscode.l10n.t('Creating "{0}" on {1}…', plan.identifier, plan.instanceLabel) : vscode.l10n.t('Updating "{0}" on {1}…', plan.identifier, plan.instanceLabel),
          confirmationMessages: {
            title: plan.kind === 'create' ? vscode.l10n.t('Create template "{0}" on {1}?', plan.identifier, plan.instanceLabel) : vscode.l10n.t('Update template "{0}" on {1}?', plan.identifier, plan.instanceLabel),
            message: new vscode.MarkdownString(plan.summary.split('\n').join('\n\n')),
          },
        };
      } catch {
        // Nothing would be written (invalid document, no instance…): invoke explains why.
        return { invocationMessage: vscode.l10n.t('Kadi4Mat: {0}', tool.title) };
      }
    },
  });
  for (const tool of ASSISTANT_TOOLS) tools.set(TOOL_PREFIX + tool.name, make(tool));
  return tools;
}
