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
    'Opens a template document as a new, unsaved editor for the user to review, edit and save (nothing is written to Kadi4Mat). Use it to hand over a finished draft after validate_template reports no errors. Returns the editor\'s name and how many problems remain.',
  inputSchema: {
    type: 'object',
    properties: { document: { type: ['string', 'object'], description: 'The template document (JSON text or object).' } },
    required: ['document'],
    additionalProperties: false,
  },
  needsEditor: true,
  async run(input, ctx) {
    if (!ctx.drafts) throw new ToolError('There is no editor to open a draft in here.');
    const raw = documentText(input.document);
    const text = raw.endsWith('\n') ? raw : `${raw}\n`;
    const errors = (await loadValidation()).validateTemplateText(text).filter((d) => d.severity === 'error').length;
    const name = await ctx.drafts.openTemplateDraft(text, draftName(text));
    const state = errors ? `It still has ${errors} error(s), marked in the editor.` : 'It has no errors.';
    return { text: `Opened the draft as the unsaved editor "${name}"; nothing was written to Kadi4Mat. ${state}` };
  },
};
