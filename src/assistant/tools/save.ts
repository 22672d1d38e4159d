// Writing to the server: create a template, or update one, from a template document. The write
// happens only after ToolContext.confirm has shown the user the instance, the identifier and a
// summary of the changes; a document with errors is refused before anything is asked.
// No `vscode` import.
import { changedFields, jsonEqual, patchOf } from '../../kadi/changes';
import { editableValues, parseDocument, type EditableValues } from '../../kadi/document';
import type { Template, TemplateType } from '../../kadi/types';
import { loadValidation } from '../../validation/lazy';
import { documentText, INSTANCE_PROPERTY, problemsText, resolveInstance } from './common';
import * as l10n from '../../ui/l10n';
import { checkTemplate } from './validate';
import { ToolError, type AssistantTool, type ToolContext, type WritePlan } from './types';

/** Keys of the extras of `data` (top level), for "extras added/removed/changed". */
function extrasByKey(data: unknown): Map<string, unknown> {
  const list = Array.isArray(data) ? data : (data as { extras?: unknown })?.extras;
  const out = new Map<string, unknown>();
  if (Array.isArray(list)) list.forEach((e, i) => out.set(typeof e?.key === 'string' ? e.key : `#${i}`, e));
  return out;
}

const short = (v: unknown) => {
  const s = JSON.stringify(v) ?? 'null';
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

/** Lines describing what changes from `from` to `to` (null `from`: a new template); the user reads them before a save and in `/fix`. */
export function describeChanges(from: EditableValues | null, to: EditableValues): string[] {
  const lines: string[] = [];
  for (const f of ['identifier', 'title', 'visibility', 'description'] as const) {
    if (from === null) {
      if (f !== 'description') lines.push(`${f}: ${short(to[f])}`);
    } else if (!jsonEqual(from[f], to[f])) lines.push(f === 'description' ? l10n.t('description changed') : `${f}: ${short(from[f])} → ${short(to[f])}`);
  }
  const before = extrasByKey(from?.data);
  const after = extrasByKey(to.data);
  const added = [...after.keys()].filter((k) => !before.has(k));
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const changed = [...after.keys()].filter((k) => before.has(k) && !jsonEqual(before.get(k), after.get(k)));
  if (from === null) lines.push(after.size ? l10n.t('{0} extra(s): {1}', after.size, [...after.keys()].join(', ')) : l10n.t('{0} extra(s)', after.size));
  else {
    if (added.length) lines.push(l10n.t('extras added: {0}', added.join(', ')));
    if (removed.length) lines.push(l10n.t('extras removed: {0}', removed.join(', ')));
    if (changed.length) lines.push(l10n.t('extras changed: {0}', changed.join(', ')));
    const order = [...after.keys()].filter((k) => before.has(k));
    const oldOrder = [...before.keys()].filter((k) => after.has(k));
    if (!added.length && !removed.length && !changed.length && !jsonEqual(order, oldOrder)) lines.push(l10n.t('extras reordered'));
    if (!jsonEqual(from.data, to.data) && !added.length && !removed.length && !changed.length && jsonEqual(order, oldOrder)) lines.push(l10n.t('other record defaults changed'));
  }
  return lines;
}

/** Validates the document and works out the write; throws a ToolError the model can act on. */
export async function planSave(input: Record<string, unknown>, ctx: ToolContext): Promise<WritePlan> {
  const info = resolveInstance(ctx, input.instance);
  const text = documentText(input.document);
  const templateId = input.templateId as number | undefined;
  const current: Template | undefined = templateId === undefined ? undefined : await ctx.clients.call(info.id, (c) => c.getTemplate(templateId, ctx.signal));
  const diags = await checkTemplate(ctx, text, { type: current?.type, instance: info.id });
  // l10n: not user-facing (read by the language model)
  if ((await loadValidation()).blockingProblems(diags).summary) throw new ToolError(`Not saved: ${problemsText(text, diags, 'The template document')}`);
  const docType = (JSON.parse(text) as { type?: TemplateType }).type;
  const parsed = parseDocument(text, current?.type ?? docType ?? 'extras');
  // l10n: not user-facing (read by the language model)
  if (!parsed.ok) throw new ToolError(`Not saved: ${parsed.message}`);
  const to = parsed.values;
  const identifier = String(to.identifier);

  if (!current) {
    // l10n: not user-facing (read by the language model)
    if (docType !== 'extras' && docType !== 'record') throw new ToolError('Not saved: a new template needs "type": "extras" or "record".');
    const changes = describeChanges(null, to);
    return {
      kind: 'create',
      instanceId: info.id,
      instanceLabel: info.label,
      identifier,
      changes,
      summary: l10n.t('Create the {0} template "{1}" on {2}:\n{3}', docType, identifier, info.label, changes.map((l) => `• ${l}`).join('\n')),
      execute: async (signal) => {
        const t = await ctx.clients.call(info.id, (c) =>
          c.createTemplate({ identifier, title: String(to.title), type: docType, visibility: to.visibility as Template['visibility'], description: String(to.description ?? ''), data: to.data as Template['data'] }, signal),
        );
        return { id: t.id, identifier: t.identifier };
      },
    };
  }
  const from = editableValues(current);
  const fields = changedFields(from, to);
  // l10n: not user-facing (read by the language model)
  if (fields.length === 0) throw new ToolError(`Nothing to save: the document is the same as template ${current.id} ("${current.identifier}") on ${info.label}.`);
  const changes = describeChanges(from, to);
  const readAt = current.last_modified;
  return {
    kind: 'update',
    instanceId: info.id,
    instanceLabel: info.label,
    identifier: current.identifier,
    templateId: current.id,
    changes,
    summary: l10n.t('Update the template "{0}" (id {1}) on {2}; Kadi4Mat keeps the current version as a revision:\n{3}', current.identifier, current.id, info.label, changes.map((l) => `• ${l}`).join('\n')),
    execute: async (signal) => {
      // Kadi has no If-Match: compare last_modified right before the PATCH, as the editor does.
      const now = await ctx.clients.call(info.id, (c) => c.getTemplate(current.id, signal));
      // l10n: not user-facing (read by the language model)
      if (now.last_modified !== readAt) throw new ToolError(`Not saved: template "${current.identifier}" changed on ${info.label} since it was read; read it again and redo the changes.`);
      const t = await ctx.clients.call(info.id, (c) => c.updateTemplate(current.id, patchOf(to, fields), signal));
      return { id: t.id, identifier: t.identifier };
    },
  };
}

export const saveTemplate: AssistantTool = {
  name: 'save_template',
  referenceName: 'kadiSaveTemplate',
  // Shown to the user ("Kadi4Mat: <title>" while the tool runs): translated when read, not at import.
  get title() {
    return l10n.t('Save a template to Kadi4Mat');
  },
  description:
    'Creates a new template on a Kadi4Mat instance from a template document, or updates an existing one (pass its "templateId"; only the changed fields are sent). The document is validated first and refused with the problems if Kadi4Mat would refuse it. The user is shown the instance, the identifier and a summary of the changes and must confirm; nothing is written otherwise. Prefer open_template_draft unless the user asked to save to the server.', // l10n: not user-facing (read by the language model)
  inputSchema: {
    type: 'object',
    properties: {
      // l10n: not user-facing (read by the language model)
      document: { type: ['string', 'object'], description: 'The complete template document (JSON text or object).' },
      // l10n: not user-facing (read by the language model)
      templateId: { type: 'integer', minimum: 1, description: 'Update this template (from get_template or search_templates). Omit to create a new template.' },
      instance: INSTANCE_PROPERTY,
    },
    required: ['document'],
    additionalProperties: false,
  },
  writes: true,
  async run(input, ctx) {
    const plan = await planSave(input, ctx);
    // l10n: not user-facing (read by the language model)
    if (!ctx.confirm || !(await ctx.confirm(plan))) return { text: `Not saved: the user did not confirm. Nothing was written to ${plan.instanceLabel}.`, isError: true };
    const done = await plan.execute(ctx.signal);
    const verb = plan.kind === 'create' ? 'Created' : 'Updated';
    return { text: `${verb} template ${done.id} ("${done.identifier}") on ${plan.instanceLabel}: ${plan.changes.join('; ')}.` };
  },
};
