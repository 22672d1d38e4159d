// The assistant's tools and the one way to run them: the input is checked against the tool's
// schema first, and failures come back as text the model can act on. No `vscode` import.
import type { ValidateFunction } from 'ajv';
import { loadValidation } from '../../validation/lazy';
import { describeFailure } from './common';
import { openTemplateDraft } from './draft';
import { getTemplate, searchTemplates } from './read';
import { templateRules } from './rules';
import { saveTemplate } from './save';
import { type AssistantTool, type ToolContext, type ToolResult } from './types';
import { validateRecord, validateTemplate } from './validate';

export type { AssistantClients, AssistantTool, DraftOpener, ToolContext, ToolResult, WritePlan } from './types';
export { planSave } from './save';
export { rulesText } from './rules';

export const ASSISTANT_TOOLS: readonly AssistantTool[] = [searchTemplates, getTemplate, templateRules, validateTemplate, validateRecord, openTemplateDraft, saveTemplate];

// ajv comes with the validation engine, which loads on first use (not at activation).
let ajv: ReturnType<Awaited<ReturnType<typeof loadValidation>>['createAjv']> | undefined;
const validators = new Map<string, ValidateFunction>();

/** The input's problems as one sentence, or undefined when it fits the schema. */
export async function inputProblems(tool: AssistantTool, input: unknown): Promise<string | undefined> {
  let v = validators.get(tool.name);
  ajv ??= (await loadValidation()).createAjv(false);
  if (!v) validators.set(tool.name, (v = ajv.compile(tool.inputSchema)));
  if (v(input)) return undefined;
  const errs = (v.errors ?? []).map((e) => `${e.instancePath || 'input'} ${e.message}${e.keyword === 'additionalProperties' ? ` ("${(e.params as { additionalProperty: string }).additionalProperty}")` : ''}`);
  return `Invalid input for ${tool.name}: ${errs.join('; ')}.`;
}

export function findTool(name: string): AssistantTool | undefined {
  return ASSISTANT_TOOLS.find((t) => t.name === name);
}

/** Runs `tool`; never throws for a bad input or a server error: the model reads the text. */
export async function runTool(tool: AssistantTool, input: unknown, ctx: ToolContext): Promise<ToolResult> {
  const bad = await inputProblems(tool, input ?? {});
  if (bad) return { text: bad, isError: true };
  try {
    return await tool.run((input ?? {}) as Record<string, unknown>, ctx);
  } catch (e) {
    if (ctx.signal?.aborted) throw e;
    if (!(e instanceof Error)) throw e;
    return { text: describeFailure(e), isError: true };
  }
}
