// Handing a draft to the user: an unsaved `*.kadi-template.json` editor (validated live like a
// server template), never a server write. No `vscode` import: the editor is behind DraftOpener.
import { normalizeIdentifier } from '../../templates/identifier';
import { loadValidation } from '../../validation/lazy';
import { documentText } from './common';
import { ToolError, type AssistantTool } from './types';
import * as l10n from '../../ui/l10n';

/** The draft's identifier for the editor's name, or a neutral one. */
export function draftName(text: string): string {
  try {
    const id = (JSON.parse(text) as { identifier?: unknown }).identifier;
    if (typeof id === 'string' && normalizeIdentifier(id)) return normalizeIdentifier(id);
  } catch {
    /* not JSON: the editor shows the syntax errors */
  }
  return 'new-template';
}

export const openTemplateDraft: AssistantTool = {
  name: 'open_template_draft',
  referenceName: 'kadiOpenDraft',
  // Shown to the user ("Kadi4Mat: <title>" while the tool runs): translated when read, not at import.
  get title() {
    return l10n.t('Open a template draft in an editor');
  },
  description:
    'Opens a template document as a new, unsaved editor for the user to review, edit and save (nothing is written to Kadi4Mat). Use it to hand over a finished draft after validate_template reports no errors. Returns the editor\'s name and how many problems remain.', // l10n: not user-facing (read by the language model)
  inputSchema: {
    type: 'object',
    // l10n: not user-facing (read by the language model)
    properties: { document: { type: ['string', 'object'], description: 'The template document (JSON text or object).' } },
    required: ['document'],
    additionalProperties: false,
  },
  needsEditor: true,
  async run(input, ctx) {
    // l10n: not user-facing (read by the language model)
    if (!ctx.drafts) throw new ToolError('There is no editor to open a draft in here.');
    const raw = documentText(input.document);
    const text = raw.endsWith('\n') ? raw : `${raw}\n`;
    const errors = (await loadValidation()).validateTemplateText(text).filter((d) => d.severity === 'error').length;
    const name = await ctx.drafts.openTemplateDraft(text, draftName(text));
    // l10n: not user-facing (read by the language model)
    const state = errors ? `It still has ${errors} error(s), marked in the editor.` : 'It has no errors.';
    // l10n: not user-facing (read by the language model)
    return { text: `Opened the draft as the unsaved editor "${name}"; nothing was written to Kadi4Mat. ${state}` };
  },
};
