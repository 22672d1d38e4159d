// The @kadi4mat chat commands as plain functions over a ChatModel: draft → validate with our own
// engine → send Kadi4Mat's messages back → fix, for a bounded number of rounds. A model alone
// writes plausible JSON that Kadi4Mat refuses; checked this way, what the user gets is either
// valid or comes with the problems that remain. No `vscode` import.
import type { TemplateType } from '../../kadi/types';
import type { Diagnostic } from '../../validation';
import { loadValidation } from '../../validation/lazy';
import * as l10n from '../../ui/l10n';
import { problemsOut } from '../tools/common';
import { rulesText } from '../tools/rules';
import { extractJson, type ChatMessage, type ChatModel } from './model';

export const MAX_ROUNDS = 3;

export interface Drafted {
  /** The last JSON the model produced (undefined: it never produced any). */
  text?: string;
  /** Problems of `text` (errors and warnings). */
  problems: Diagnostic[];
  rounds: number;
}

export interface Progress {
  (message: string): void;
}

const errorsOf = (d: readonly Diagnostic[]) => d.filter((p) => p.severity === 'error');

/**
 * Asks, validates, and sends the problems back until there are no errors or `rounds` are used.
 * `check` validates a JSON text; `what` names the document in the follow-up prompts.
 */
async function refine(model: ChatModel, first: ChatMessage[], check: (text: string) => Promise<Diagnostic[]>, what: string, opts: { rounds?: number; progress?: Progress; signal?: AbortSignal }): Promise<Drafted> {
  const messages = [...first];
  const rounds = opts.rounds ?? MAX_ROUNDS;
  let best: Drafted = { problems: [], rounds: 0 };
  for (let round = 1; round <= rounds; round++) {
    const answer = await model.send(messages, opts.signal);
    messages.push({ role: 'assistant', content: answer });
    const text = extractJson(answer);
    if (!text) {
      best = { ...best, rounds: round };
      messages.push({ role: 'user', content: `Your answer contains no JSON object. Reply with the complete ${what} as one JSON object in a \`\`\`json block.` });
      continue;
    }
    const problems = await check(text);
    best = { text, problems, rounds: round };
    const errors = errorsOf(problems);
    opts.progress?.(errors.length ? l10n.t('Round {0}: Kadi4Mat would refuse it ({1} error(s)); asking the model to fix them…', round, errors.length) : l10n.t('Round {0}: valid.', round));
    if (errors.length === 0) return best;
    if (round < rounds) {
      messages.push({
        role: 'user',
        content: `Kadi4Mat would refuse this ${what}. Its validation found these problems (path, line, Kadi4Mat's message):\n${JSON.stringify(problemsOut(text, errors), null, 1)}\nFix every problem and reply with the complete corrected ${what} as one JSON object in a \`\`\`json block.`,
      });
    }
  }
  return best;
}

export async function draftPrompt(description: string, type?: TemplateType, example?: string): Promise<string> {
  return [
    'You write templates for Kadi4Mat, a research data platform. These are the rules of a template document:',
    await rulesText(type),
    example ? `\nAn existing template on the user's instance, for style and reuse of keys:\n${example}` : '',
    `\nWrite a new ${type ?? 'extras'} template document for this request:\n${description}`,
    '\nUse meaningful snake_case keys, units for physical quantities, descriptions, and validation where the request implies it. Reply with the complete document as one JSON object in a ```json block.',
  ].join('\n');
}

/** /new: a template document for `description`. */
export async function draftTemplate(model: ChatModel, description: string, opts: { type?: TemplateType; example?: string; rounds?: number; progress?: Progress; signal?: AbortSignal } = {}): Promise<Drafted> {
  const v = await loadValidation();
  return refine(model, [{ role: 'user', content: await draftPrompt(description, opts.type, opts.example) }], async (t) => v.validateTemplateText(t), 'template document', opts);
}

/** /fix: a corrected version of `text` (its type kept); undefined rounds when nothing needed fixing. */
export async function fixTemplate(model: ChatModel, text: string, opts: { type?: TemplateType; request?: string; rounds?: number; progress?: Progress; signal?: AbortSignal } = {}): Promise<Drafted & { before: Diagnostic[] }> {
  const v = await loadValidation();
  const before = v.validateTemplateText(text, { type: opts.type });
  if (errorsOf(before).length === 0 && !opts.request) return { text, problems: before, rounds: 0, before };
  const prompt = [
    'You fix templates for Kadi4Mat, a research data platform. These are the rules of a template document:',
    await rulesText(opts.type),
    `\nThe template document:\n\`\`\`json\n${text.trimEnd()}\n\`\`\``,
    errorsOf(before).length ? `\nKadi4Mat's validation found:\n${JSON.stringify(problemsOut(text, errorsOf(before)), null, 1)}` : '',
    opts.request ? `\nThe user asks: ${opts.request}` : '',
    `\nChange only what is needed; keep the type${opts.type ? ` ("${opts.type}")` : ''}, keys and order otherwise. Reply with the complete corrected document as one JSON object in a \`\`\`json block.`,
  ].join('\n');
  const r = await refine(model, [{ role: 'user', content: prompt }], async (t) => v.validateTemplateText(t, { type: opts.type }), 'template document', opts);
  return { ...r, before };
}

/** /explain: the model's explanation of a template, with our validation's findings as facts. */
export async function explainTemplate(model: ChatModel, text: string, question: string, signal?: AbortSignal): Promise<string> {
  const problems = (await loadValidation()).validateTemplateText(text);
  const prompt = [
    'Explain this Kadi4Mat template to a researcher: what it records, each extra (type, unit, constraints), and what a record made from it must contain. Be concise; use a short list.',
    question ? `They ask: ${question}` : '',
    `\`\`\`json\n${text.trimEnd()}\n\`\`\``,
    problems.length ? `Kadi4Mat's validation reports (mention them):\n${JSON.stringify(problemsOut(text, problems), null, 1)}` : 'Kadi4Mat\'s validation reports no problems.',
  ].join('\n');
  return model.send([{ role: 'user', content: prompt }], signal);
}

/** /record: record metadata for a template, checked against its JSON Schema (Kadi's export). */
export async function draftRecord(model: ChatModel, template: { type: string; data: unknown }, description: string, opts: { rounds?: number; progress?: Progress; signal?: AbortSignal } = {}): Promise<Drafted> {
  const v = await loadValidation();
  const schema = v.deriveRecordSchema(template);
  const prompt = [
    'Write record metadata for Kadi4Mat: one JSON object whose properties are the template\'s extras, valid against this JSON Schema (Kadi4Mat\'s export of the template):',
    `\`\`\`json\n${JSON.stringify(schema)}\n\`\`\``,
    `The record: ${description || 'an example record with plausible values'}`,
    'Reply with the JSON object in a ```json block.',
  ].join('\n');
  return refine(model, [{ role: 'user', content: prompt }], async (t) => v.validateRecordText(t, schema), 'record metadata', opts);
}
