// Checking tools: a template document, and record metadata against a template, with the
// extension's own validation engine (Kadi4Mat's messages). No `vscode` import.
import type { TemplateType } from '../../kadi/types';
import type { Diagnostic } from '../../validation';
import { loadValidation } from '../../validation/lazy';
import { documentText, INSTANCE_PROPERTY, problemsText, resolveInstance } from './common';
import { fetchTemplate } from './read';
import { ToolError, type AssistantTool, type ToolContext } from './types';
import * as l10n from '../../ui/l10n';

const DOCUMENT_PROPERTY = {
  type: ['string', 'object'],
  description: 'The template document: the JSON object with identifier, title, description, visibility, type and data (as JSON text or as an object).',
} as const;

/** Validates a template document; with an instance, also checks license names against it. */
export async function checkTemplate(ctx: ToolContext, text: string, options: { type?: TemplateType; instance?: unknown } = {}): Promise<Diagnostic[]> {
  let licenses: string[] | undefined;
  if (options.instance !== undefined) {
    const info = resolveInstance(ctx, options.instance);
    licenses = await ctx.clients.call(info.id, (c) => c.licenseNames(ctx.signal));
  }
  return (await loadValidation()).validateTemplateText(text, { type: options.type, licenses });
}

export const validateTemplate: AssistantTool = {
  name: 'validate_template',
  referenceName: 'kadiValidateTemplate',
  // Shown to the user ("Kadi4Mat: <title>" while the tool runs): translated when read, not at import.
  get title() {
    return l10n.t('Validate a Kadi4Mat template document');
  },
  description:
    'Checks a template document with the same rules Kadi4Mat applies and returns every problem with its JSON path, line and Kadi4Mat\'s own message; errors mean Kadi4Mat would refuse the template, warnings mean it would silently change or ignore something. Always validate a draft and fix every error before showing it to the user or saving it. Pass "instance" to check license names against that instance.',
  inputSchema: {
    type: 'object',
    properties: {
      document: DOCUMENT_PROPERTY,
      type: { type: 'string', enum: ['extras', 'record'], description: 'The template type as the server knows it, when validating changes to an existing template.' },
      instance: INSTANCE_PROPERTY,
    },
    required: ['document'],
    additionalProperties: false,
  },
  async run(input, ctx) {
    const text = documentText(input.document);
    const diags = await checkTemplate(ctx, text, { type: input.type as TemplateType | undefined, instance: input.instance });
    return { text: problemsText(text, diags, 'The template document'), isError: false };
  },
};

export const validateRecord: AssistantTool = {
  name: 'validate_record',
  referenceName: 'kadiValidateRecord',
  // Shown to the user ("Kadi4Mat: <title>" while the tool runs): translated when read, not at import.
  get title() {
    return l10n.t('Validate record metadata against a Kadi4Mat template');
  },
  description:
    'Checks record metadata (a JSON object of extra keys to values, as Kadi4Mat\'s JSON Schema export of the template describes it) against a template: one on the server (by "templateId" or "identifier") or a template document passed in "template". Returns every problem with its path, line and message.',
  inputSchema: {
    type: 'object',
    properties: {
      record: { type: ['string', 'object'], description: 'The record metadata: a JSON object whose properties are the extras\' keys (as JSON text or as an object).' },
      templateId: { type: 'integer', minimum: 1, description: 'The id of the template on the server.' },
      identifier: { type: 'string', description: 'The identifier of the template on the server.' },
      template: DOCUMENT_PROPERTY,
      instance: INSTANCE_PROPERTY,
    },
    required: ['record'],
    additionalProperties: false,
  },
  async run(input, ctx) {
    const recordText = documentText(input.record, 'record');
    let source: { type: string; data: unknown };
    if (input.template !== undefined) {
      const text = documentText(input.template, 'template');
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch {
        throw new ToolError('"template" is not valid JSON.');
      }
      const d = doc as { type?: unknown; data?: unknown };
      if (d?.type !== 'extras' && d?.type !== 'record') throw new ToolError('"template" must be a template document with "type" (extras or record) and "data".');
      source = { type: d.type, data: d.data };
    } else if (input.templateId !== undefined || input.identifier !== undefined) {
      const info = resolveInstance(ctx, input.instance);
      source = await fetchTemplate(ctx, info.id, { id: input.templateId, identifier: input.identifier });
    } else {
      throw new ToolError('Name the template: "templateId" or "identifier" (on the server), or pass its document in "template".');
    }
    const v = await loadValidation();
    const diags = v.validateRecordText(recordText, v.deriveRecordSchema(source));
    return { text: problemsText(recordText, diags, 'The record metadata') };
  },
};
