// The @kadi4mat chat participant's handler (register.ts creates the participant and loads this
// chunk on the first request). The model is the one the user picked
// (request.model); the work is done by the vscode-free orchestration (chat/orchestrate.ts):
//   /new      draft a template from a description → validate → fix (bounded) → unsaved editor
//   /explain  explain the open template (or one named by identifier)
//   /fix      propose a corrected version of the open template; "Apply" replaces the editor text
//             (unsaved: the user reviews and saves)
//   /record   draft record metadata for a template → validate against its schema → unsaved editor
// Nothing is written to a server here.
import * as vscode from 'vscode';
import type { TemplateType } from '../kadi/types';
import type { InstanceRegistry } from '../instances/registry';
import { openUntitled } from '../ui/untitled';
import type { Log } from '../ui/log';
import { describeChanges } from './tools/save';
import { problemsOut } from './tools/common';
import { draftName } from './tools/draft';
import { editorDrafts } from './lmTools';
import type { ChatMessage, ChatModel } from './chat/model';
import { draftRecord, draftTemplate, explainTemplate, fixTemplate, type Drafted } from './chat/orchestrate';
import { rulesText } from './tools/rules';
import { declaredType, renderTemplate, type EditableValues } from '../kadi/document';

import { APPLY_FIX_COMMAND } from './ids';

/** The picked model as a ChatModel; the answer is collected whole (it is validated before use). */
function asChatModel(model: vscode.LanguageModelChat, token: vscode.CancellationToken): ChatModel {
  return {
    async send(messages: readonly ChatMessage[]) {
      const msgs = messages.map((m) => (m.role === 'user' ? vscode.LanguageModelChatMessage.User(m.content) : vscode.LanguageModelChatMessage.Assistant(m.content)));
      const response = await model.sendRequest(msgs, {}, token);
      let text = '';
      for await (const part of response.text) text += part;
      return text;
    },
  };
}

function isTemplateDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'kadi' || doc.uri.path.endsWith('.kadi-template.json');
}


function problemLines(d: Drafted): string {
  const errors = d.problems.filter((p) => p.severity === 'error');
  if (!d.text || errors.length === 0) return '';
  return `\n\n${vscode.l10n.t('Kadi4Mat would still refuse it:')}\n${problemsOut(d.text, errors)
    .map((p) => `- ${vscode.l10n.t('`{0}` (line {1}): {2}', p.path, p.line, p.message)}`)
    .join('\n')}`;
}

export function createChatHandler(deps: { clients: InstanceRegistry; log: Log }): vscode.ChatRequestHandler {
  const { clients, log } = deps;

  /** A template named in the prompt ("tensile-test") on the only/first instance, if any. */
  async function templateFromPrompt(prompt: string): Promise<{ text: string; identifier: string } | undefined> {
    const instance = clients.list()[0];
    if (!instance) return undefined;
    for (const word of prompt.toLowerCase().match(/[a-z0-9][a-z0-9_-]{1,49}/g) ?? []) {
      if (!/[-_]/.test(word) && prompt.split(/\s+/).length > 1) continue; // plain words are rarely identifiers
      try {
        const t = await clients.call(instance.id, (c) => c.getTemplateByIdentifier(word));
        return { text: renderTemplate(t), identifier: t.identifier };
      } catch {
        /* not a template: try the next word */
      }
    }
    return undefined;
  }

  /** The open template document, else one named in the prompt. */
  async function targetTemplate(prompt: string): Promise<{ text: string; identifier: string; document?: vscode.TextDocument } | undefined> {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && isTemplateDocument(doc)) return { text: doc.getText(), identifier: draftName(doc.getText()), document: doc };
    return templateFromPrompt(prompt);
  }

  /** An existing template like the request, to imitate (only when an instance is connected). */
  async function exampleFor(prompt: string): Promise<string | undefined> {
    const instance = clients.list()[0];
    if (!instance) return undefined;
    try {
      const page = await clients.call(instance.id, (c) => c.searchTemplates({ query: prompt.slice(0, 200), per_page: 1 }));
      return page.items[0] ? renderTemplate(page.items[0]) : undefined;
    } catch {
      return undefined; // an example is a help, not a requirement
    }
  }

  const handler: vscode.ChatRequestHandler = async (request, _ctx, stream, token) => {
    const picked = request.model ?? (await vscode.lm.selectChatModels())[0];
    if (!picked) {
      stream.markdown(vscode.l10n.t('No language model is available. Install or enable a chat model provider (for example GitHub Copilot) and pick a model in the chat view, then ask again.'));
      return {};
    }
    const model = asChatModel(picked, token);
    const progress = (m: string) => stream.progress(m);
    try {
      switch (request.command) {
        case 'new': {
          if (!request.prompt.trim()) {
            stream.markdown(vscode.l10n.t('Describe the template, e.g. `/new tensile test with force in kN, elongation in %, operator from a fixed list`.'));
            return {};
          }
          stream.progress(vscode.l10n.t('Drafting with the rules of Kadi4Mat templates…'));
          const type: TemplateType = /\brecord template\b/i.test(request.prompt) ? 'record' : 'extras';
          const d = await draftTemplate(model, request.prompt, { type, example: await exampleFor(request.prompt), progress });
          if (!d.text) {
            stream.markdown(vscode.l10n.t('The model did not produce a template document in {0} rounds.', d.rounds));
            return {};
          }
          const name = await editorDrafts.openTemplateDraft(d.text, draftName(d.text));
          stream.markdown(vscode.l10n.t('Opened the draft as the unsaved editor **{0}** (checked by Kadi4Mat\'s rules in {1} round(s)). Nothing was written to a server: review it, then save it to a file or create it with "Kadi4Mat: New Template from JSON File…".', name, d.rounds) + problemLines(d));
          return {};
        }
        case 'fix': {
          const doc = vscode.window.activeTextEditor?.document;
          if (!doc || !isTemplateDocument(doc)) {
            stream.markdown(vscode.l10n.t('Open a template (a Kadi4Mat template or a *.kadi-template.json file) and ask again.'));
            return {};
          }
          const text = doc.getText();
          const r = await fixTemplate(model, text, { type: declaredType(text), request: request.prompt.trim() || undefined, progress });
          if (r.rounds === 0) {
            stream.markdown(vscode.l10n.t('Kadi4Mat\'s validation finds no errors in this template: nothing to fix.'));
            return {};
          }
          if (!r.text) {
            stream.markdown(vscode.l10n.t('The model did not produce a corrected document.'));
            return {};
          }
          let changes: string[] = [];
          try {
            changes = describeChanges(JSON.parse(text) as EditableValues, JSON.parse(r.text) as EditableValues);
          } catch {
            changes = [vscode.l10n.t('the whole document (it was not valid JSON)')];
          }
          stream.markdown(`${vscode.l10n.t('Proposed changes:')}\n${changes.map((c) => `- ${c}`).join('\n') || '-'}\n\n\`\`\`json\n${r.text.trimEnd()}\n\`\`\`${problemLines(r)}`);
          stream.button({ command: APPLY_FIX_COMMAND, title: vscode.l10n.t('Apply to the Editor'), arguments: [doc.uri.toString(), doc.version, r.text] });
          return {};
        }
        case 'explain': {
          const t = await targetTemplate(request.prompt);
          if (!t) {
            stream.markdown(vscode.l10n.t('Open a template, or name its identifier (e.g. `/explain tensile-test`).'));
            return {};
          }
          stream.markdown(await explainTemplate(model, t.text, request.prompt));
          return {};
        }
        case 'record': {
          const t = await targetTemplate(request.prompt);
          const type = t && declaredType(t.text);
          if (!t || !type) {
            stream.markdown(vscode.l10n.t('Open a template, or name its identifier (e.g. `/record tensile-test specimen S1, 12 kN`).'));
            return {};
          }
          const r = await draftRecord(model, { type, data: (JSON.parse(t.text) as { data: unknown }).data }, request.prompt, { progress });
          if (!r.text) {
            stream.markdown(vscode.l10n.t('The model did not produce record metadata.'));
            return {};
          }
          const doc = await openUntitled(t.identifier, '.record.json', r.text, 'json');
          await vscode.window.showTextDocument(doc, { preview: false });
          stream.markdown(vscode.l10n.t('Opened record metadata for **{0}** as an unsaved editor (checked against the template\'s JSON Schema in {1} round(s)).', t.identifier, r.rounds) + problemLines(r));
          return {};
        }
        default: {
          const t = await targetTemplate('');
          // l10n: not user-facing (the prompt the language model reads)
          const prompt = `You help with Kadi4Mat templates. Rules of template documents:\n${await rulesText()}\n${t ? `\nThe open template:\n\`\`\`json\n${t.text.trimEnd()}\n\`\`\`\n` : ''}\nQuestion: ${request.prompt}`;
          stream.markdown(await model.send([{ role: 'user', content: prompt }]));
          return {};
        }
      }
    } catch (e) {
      if (token.isCancellationRequested) return {};
      if (e instanceof vscode.LanguageModelError) {
        stream.markdown(vscode.l10n.t('The language model could not answer ({0}): {1}', e.code, e.message));
        return {};
      }
      log.error(`@kadi4mat: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  };

  return handler;
}
