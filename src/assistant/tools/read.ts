// Reading tools: search the templates of an instance, get one as its document. No `vscode` import.
import { renderTemplate } from '../../kadi/document';
import type { Template } from '../../kadi/types';
import { INSTANCE_PROPERTY, resolveInstance } from './common';
import { ToolError, type AssistantTool, type ToolContext } from './types';
import * as l10n from '../../ui/l10n';

export const searchTemplates: AssistantTool = {
  name: 'search_templates',
  referenceName: 'kadiSearchTemplates',
  // Shown to the user ("Kadi4Mat: <title>" while the tool runs): translated when read, not at import.
  get title() {
    return l10n.t('Search Kadi4Mat templates');
  },
  description:
    'Searches the templates of a connected Kadi4Mat instance (full text over title, identifier and description). Returns id, identifier, title and type of each match, best first. Use it to find existing templates to reuse or imitate before drafting a new one, or to find the id of a template to read or update.',
  inputSchema: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'Words to search for; omit to list the most recently modified templates.' },
      type: { type: 'string', enum: ['extras', 'record'], description: 'Only templates of this type.' },
      mine: { type: 'boolean', description: 'Only templates created by the signed-in user.' },
      limit: { type: 'integer', minimum: 1, maximum: 50, description: 'At most this many results (default 20).' },
      instance: INSTANCE_PROPERTY,
    },
    additionalProperties: false,
  },
  async run(input, ctx) {
    const info = resolveInstance(ctx, input.instance);
    let user: number[] | undefined;
    if (input.mine === true) {
      const me = await ctx.clients.currentUser(info.id);
      if (!me) throw new ToolError(`Cannot tell which templates are yours on ${info.label}: the access token lacks the user.read scope.`);
      user = [me.id];
    }
    const query = typeof input.query === 'string' && input.query.trim() ? input.query.trim() : undefined;
    const page = await ctx.clients.call(info.id, (c) =>
      c.searchTemplates({ query, type: input.type as Template['type'] | undefined, user, per_page: (input.limit as number | undefined) ?? 20, sort: query ? '_score' : '-last_modified' }, ctx.signal),
    );
    const items = page.items.map((t) => ({ id: t.id, identifier: t.identifier, title: t.title, type: t.type }));
    const total = page._pagination?.total_items ?? items.length;
    if (items.length === 0) return { text: `No templates on ${info.label} match.` };
    return { text: `${total} template(s) on ${info.label} match${total > items.length ? `; the first ${items.length}` : ''}:\n${JSON.stringify(items, null, 1)}` };
  },
};

async function fetchTemplate(ctx: ToolContext, instanceId: string, input: Record<string, unknown>): Promise<Template> {
  if (typeof input.id === 'number') return ctx.clients.call(instanceId, (c) => c.getTemplate(input.id as number, ctx.signal));
  if (typeof input.identifier === 'string' && input.identifier.trim()) {
    const identifier = input.identifier.trim().toLowerCase();
    return ctx.clients.call(instanceId, (c) => c.getTemplateByIdentifier(identifier, ctx.signal));
  }
  throw new ToolError('Name the template by "id" (a number) or "identifier".');
}

export const getTemplate: AssistantTool = {
  name: 'get_template',
  referenceName: 'kadiTemplate',
  // Shown to the user ("Kadi4Mat: <title>" while the tool runs): translated when read, not at import.
  get title() {
    return l10n.t('Get a Kadi4Mat template');
  },
  description:
    'Reads one template of a connected Kadi4Mat instance, by id or identifier, and returns its id, last modification and its template document: the JSON with identifier, title, description, visibility, type and data that the editor shows and that validate_template and save_template take. Read a similar template before drafting one; read a template before proposing changes to it.',
  inputSchema: {
    type: 'object',
    properties: {
      id: { type: 'integer', minimum: 1, description: 'The template id (from search_templates).' },
      identifier: { type: 'string', description: 'The template identifier, e.g. "tensile-test".' },
      instance: INSTANCE_PROPERTY,
    },
    additionalProperties: false,
  },
  async run(input, ctx) {
    const info = resolveInstance(ctx, input.instance);
    const t = await fetchTemplate(ctx, info.id, input);
    return { text: `Template ${t.id} on ${info.label}, last modified ${t.last_modified}:\n${renderTemplate(t)}` };
  },
};

export { fetchTemplate };
