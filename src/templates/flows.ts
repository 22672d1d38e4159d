// Creating and finding templates as plain flows over `Prompts`: New Template, Duplicate, New
// from JSON File, Open by Identifier, Export, Open in Browser. The VS Code glue supplies how to
// open a document, read a file and deliver an export. No `vscode` import.
import { isKadiError } from '../kadi/client';
import { KadiError } from '../kadi/errors';
import type { TemplateSummary } from '../kadi/summary';
import type { ExportType, LinkMap, Template, TemplateCreate, TemplateType, Visibility } from '../kadi/types';
import type { ClientSource, InstanceInfo } from '../instances/registry';
import { chooseInstance } from '../instances/flows';
import type { StepProgress, WithProgress } from '../ui/progress';
import { namesList, reportBatch, runBatch, type BatchResult } from '../ui/batch';
import * as l10n from '../ui/l10n';
import type { PickItem, Prompts } from '../ui/prompts';
import { copyIdentifier, normalizeIdentifier, suggestIdentifier, validateIdentifier, validateTitle } from './identifier';
import { parseTemplateFile, type ImportedTemplate } from './importFile';
import { skeletonData, type SkeletonKind } from './skeletons';

export interface TemplateFlowDeps {
  clients: ClientSource;
  prompts: Prompts;
  progress: WithProgress;
  /** Opens the template's `kadi:` document. */
  open(instanceId: string, template: Pick<Template, 'id' | 'identifier'>): Promise<void>;
  /** Tells the tree (and open editors) that something changed on the server. */
  changed(change: { instanceId: string; templateId: number; kind: 'created' }): void;
}

/** What tree nodes and callers pass: an instance, optionally a template of it. */
export interface TemplateTarget {
  instanceId: string;
  templateId?: number;
  identifier?: string;
  /** What a tree row carries (a summary); flows that need the whole template fetch it. */
  template?: TemplateSummary;
}

/** The template types to pick from. */
export function typeItems(): PickItem<TemplateType>[] {
  return [
    {
      label: `$(list-tree) ${l10n.t('Extras template')}`,
      description: 'extras', // l10n: not user-facing (the Kadi type value)
      detail: l10n.t('A list of generic metadata entries (extras) that records can be created with'),
      value: 'extras',
    },
    {
      label: `$(database) ${l10n.t('Record template')}`,
      description: 'record', // l10n: not user-facing (the Kadi type value)
      detail: l10n.t('Prefills a whole record: title, type, license, tags, extras, links, roles'),
      value: 'record',
    },
  ];
}

// ---------------------------------------------------------------------------- picking

/** Server-side search as the user types (Kadi's full-text query). */
export async function chooseTemplate(deps: Pick<TemplateFlowDeps, 'clients' | 'prompts'>, instanceId: string, title: string): Promise<Template | undefined> {
  const pick = await deps.prompts.pickDynamic<Template>(
    async (text) => {
      const page = await deps.clients.call(instanceId, (c) => c.searchTemplates({ query: text.trim() || undefined, per_page: 50 }));
      return page.items.map((t) => ({ label: t.title, description: t.identifier, detail: `${t.type} · ${t.visibility}`, value: t }));
    },
    { title, placeHolder: l10n.t('Type to search templates by title, identifier or description') },
  );
  return pick?.value;
}

/** The template a command acts on: from the tree node, or picked. Fetched fresh when `fresh`. */
/** The target's template: the summary a tree row carries, or with `fresh` the whole template, fetched. */
export async function resolveTemplate(
  deps: Pick<TemplateFlowDeps, 'clients' | 'prompts' | 'progress'>,
  target: TemplateTarget | undefined,
  title: string,
  fresh: true,
): Promise<{ info: InstanceInfo; template: Template } | undefined>;
export async function resolveTemplate(
  deps: Pick<TemplateFlowDeps, 'clients' | 'prompts' | 'progress'>,
  target: TemplateTarget | undefined,
  title: string,
  fresh?: false,
): Promise<{ info: InstanceInfo; template: TemplateSummary } | undefined>;
export async function resolveTemplate(
  deps: Pick<TemplateFlowDeps, 'clients' | 'prompts' | 'progress'>,
  target: TemplateTarget | undefined,
  title: string,
  fresh = false,
): Promise<{ info: InstanceInfo; template: TemplateSummary | Template } | undefined> {
  const info = await chooseInstance(deps.clients, deps.prompts, target, title);
  if (!info) return undefined;
  let template = target?.template;
  const templateId = target?.templateId ?? template?.id;
  if (templateId === undefined) {
    template = await chooseTemplate(deps, info.id, title);
    if (!template) return undefined;
  } else if (fresh || !template) {
    template = await deps.progress(l10n.t('Loading template {0}…', target?.identifier ?? templateId), () =>
      deps.clients.call(info.id, (c) => c.getTemplate(templateId)),
    );
  }
  return { info, template };
}

// ---------------------------------------------------------------------------- creating

export async function askTitle(prompts: Prompts, step: string, value: string): Promise<string | undefined> {
  const t = await prompts.input({ title: step, prompt: l10n.t('Title of the template'), value, ignoreFocusOut: true, validateInput: validateTitle });
  return t?.replace(/\s+/g, ' ').trim();
}

export async function askIdentifier(prompts: Prompts, step: string, value: string, rejected?: { value: string; message: string }): Promise<string | undefined> {
  const id = await prompts.input({
    title: step,
    prompt: l10n.t('Identifier: unique on the instance, lower case letters, digits, "-" and "_", at most 50 characters'),
    value,
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (rejected && normalizeIdentifier(v) === rejected.value) return rejected.message;
      return validateIdentifier(v);
    },
  });
  return id === undefined ? undefined : normalizeIdentifier(id);
}

/** The server's word on the identifier (e.g. "Identifier is already in use."), if that is what failed. */
function identifierError(e: unknown): string | undefined {
  if (!isKadiError(e) || e.status !== 400 || !e.errors) return undefined;
  const msgs = e.errors.identifier;
  return Array.isArray(msgs) && msgs.length ? msgs.join(' ') : undefined;
}

/**
 * POSTs the template; when the server rejects only the identifier (taken, also by a template
 * in someone's trash), asks for another one with the server's message and tries again.
 */
export async function createWithIdentifierRetry(deps: TemplateFlowDeps, info: InstanceInfo, body: TemplateCreate, step: string): Promise<Template | undefined> {
  let current = body;
  for (;;) {
    try {
      const created = await deps.progress(l10n.t('Creating template "{0}" on {1}…', current.identifier, info.label), () =>
        deps.clients.call(info.id, (c) => c.createTemplate(current)),
      );
      deps.changed({ instanceId: info.id, templateId: created.id, kind: 'created' });
      await deps.open(info.id, created);
      return created;
    } catch (e) {
      const message = identifierError(e);
      if (!message) throw e;
      const again = await askIdentifier(deps.prompts, step, current.identifier, { value: current.identifier, message });
      if (again === undefined) return undefined;
      current = { ...current, identifier: again };
    }
  }
}

export async function newTemplateFlow(deps: TemplateFlowDeps, target?: { instanceId?: string }): Promise<Template | undefined> {
  const { prompts } = deps;
  const info = await chooseInstance(deps.clients, prompts, target, l10n.t('Kadi4Mat: New Template'));
  if (!info) return undefined;
  const step = (n: number) => l10n.t('Kadi4Mat: New Template on {0} ({1}/5)', info.label, n);
  const type = (await prompts.pick(typeItems(), { title: step(1), placeHolder: l10n.t('Type (cannot be changed later)') }))?.value;
  if (!type) return undefined;
  const title = await askTitle(prompts, step(2), '');
  if (title === undefined) return undefined;
  const identifier = await askIdentifier(prompts, step(3), suggestIdentifier(title));
  if (identifier === undefined) return undefined;
  const visibility = await askVisibility(prompts, step(4), 'private');
  if (!visibility) return undefined;
  const skeleton = (
    await prompts.pick<SkeletonKind>(
      [
        { label: l10n.t('Empty'), detail: type === 'extras' ? l10n.t('No extras yet: []') : l10n.t('All record fields at their defaults'), value: 'empty' },
        {
          label: l10n.t('Starter example'),
          detail: l10n.t('A few typical extras (text, number with unit and range, options, date, nested) to edit'),
          value: 'starter',
        },
      ],
      { title: step(5), placeHolder: l10n.t('Start with') },
    )
  )?.value;
  if (!skeleton) return undefined;
  return createWithIdentifierRetry(deps, info, { identifier, title, type, visibility, description: '', data: skeletonData(type, skeleton) }, step(3));
}

async function askVisibility(prompts: Prompts, title: string, current: Visibility): Promise<Visibility | undefined> {
  const pick = await prompts.pick<Visibility>(
    [
      { label: `$(lock) ${l10n.t('Private')}`, detail: l10n.t('Only you and those you give a role can see it'), value: 'private', picked: current === 'private' },
      { label: `$(globe) ${l10n.t('Public')}`, detail: l10n.t('Every signed-in user of the instance can read it'), value: 'public', picked: current === 'public' },
    ],
    { title, placeHolder: l10n.t('Visibility') },
  );
  return pick?.value;
}

/** A new template with the source's type, data and description; private until shared. */
export async function duplicateTemplateFlow(deps: TemplateFlowDeps, target?: TemplateTarget): Promise<Template | undefined> {
  const source = await resolveTemplate(deps, target, l10n.t('Kadi4Mat: Duplicate Template'), true);
  if (!source) return undefined;
  const { info, template } = source;
  const step = l10n.t('Kadi4Mat: Duplicate "{0}"', template.identifier);
  const title = await askTitle(deps.prompts, step, l10n.t('{0} (copy)', template.title).slice(0, 150));
  if (title === undefined) return undefined;
  const identifier = await askIdentifier(deps.prompts, step, copyIdentifier(template.identifier));
  if (identifier === undefined) return undefined;
  return createWithIdentifierRetry(
    deps,
    info,
    { identifier, title, type: template.type, data: template.data, description: template.description ?? '', visibility: 'private' },
    step,
  );
}

/** `readFile` shows the open dialog; undefined = cancelled. */
export async function newFromFileFlow(
  deps: TemplateFlowDeps & { readFile(): Promise<{ name: string; text: string } | undefined> },
  target?: { instanceId?: string },
): Promise<Template | undefined> {
  const info = await chooseInstance(deps.clients, deps.prompts, target, l10n.t('Kadi4Mat: New Template from JSON File'));
  if (!info) return undefined;
  const file = await deps.readFile();
  if (!file) return undefined;
  const imported: ImportedTemplate = parseTemplateFile(file.text, file.name);
  const step = l10n.t('Kadi4Mat: New {0} template from {1}', imported.type, file.name);
  const title = await askTitle(deps.prompts, step, imported.title ?? '');
  if (title === undefined) return undefined;
  const identifier = await askIdentifier(deps.prompts, step, imported.identifier ?? suggestIdentifier(title));
  if (identifier === undefined) return undefined;
  return createWithIdentifierRetry(
    deps,
    info,
    { identifier, title, type: imported.type, data: imported.data, description: imported.description ?? '', visibility: imported.visibility ?? 'private' },
    step,
  );
}

// ---------------------------------------------------------------------------- finding

export async function openByIdentifierFlow(deps: TemplateFlowDeps, target?: { instanceId?: string }): Promise<Template | undefined> {
  const info = await chooseInstance(deps.clients, deps.prompts, target, l10n.t('Kadi4Mat: Open Template by Identifier'));
  if (!info) return undefined;
  const typed = await deps.prompts.input({
    title: l10n.t('Kadi4Mat: Open Template by Identifier — {0}', info.label),
    prompt: l10n.t('Identifier of the template'),
    placeHolder: l10n.t('e.g. tensile-test'),
    validateInput: validateIdentifier,
  });
  if (typed === undefined) return undefined;
  const identifier = normalizeIdentifier(typed);
  let template: Template;
  try {
    template = await deps.progress(l10n.t('Looking up "{0}" on {1}…', identifier, info.label), () =>
      deps.clients.call(info.id, (c) => c.getTemplateByIdentifier(identifier)),
    );
  } catch (e) {
    if (isKadiError(e) && e.status === 404) {
      throw new KadiError({ kind: 'config', message: l10n.t('{0} has no active template "{1}" (it may be in the trash).', info.label, identifier) });
    }
    throw e;
  }
  await deps.open(info.id, template);
  return template;
}

/** `_links.view` (the web page), checked to be an http(s) address. */
export function browserUrl(info: InstanceInfo, template: Pick<Template, 'id'> & { _links?: Partial<LinkMap> }): string {
  const view = template._links?.view;
  if (view) {
    try {
      const u = new URL(view);
      if (u.protocol === 'https:' || u.protocol === 'http:') return u.href;
    } catch {
      /* fall through to the address built from the instance */
    }
  }
  return `${info.baseUrl.replace(/\/$/, '')}/templates/${template.id}`;
}

// ---------------------------------------------------------------------------- export

export interface ExportFormat {
  type: ExportType;
  label: string;
  detail: string;
  /** VS Code language id for an untitled editor. */
  language: string;
  extension: string;
}

/** The export formats (a function: l10n.t must not run at module load). Their names are the same in every language. */
export const exportFormats = (): readonly ExportFormat[] => [
  // l10n: not user-facing (the format's name, the same in every language)
  { type: 'json', label: 'JSON', detail: l10n.t('The template as Kadi4Mat exports it'), language: 'json', extension: '.json' },
  // l10n: not user-facing (the format's name, the same in every language)
  { type: 'json-schema', label: 'JSON Schema', detail: l10n.t('A JSON Schema (2020-12) of the extras'), language: 'json', extension: '.schema.json' },
  // l10n: not user-facing (the format's name, the same in every language)
  { type: 'shacl', label: 'SHACL (Turtle)', detail: l10n.t('A SHACL node shape in Turtle'), language: 'turtle', extension: '.ttl' },
];

export type ExportDestination = 'editor' | 'file';

export interface ExportResult {
  format: ExportFormat;
  text: string;
  fileName: string;
  destination: ExportDestination;
  template: TemplateSummary;
}

/** JSON exports are re-indented for reading; Turtle is kept as sent. */
export function prettyExport(text: string, type: ExportType): string {
  if (type === 'shacl') return text;
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return text;
  }
}

export async function exportFlow(
  deps: TemplateFlowDeps & { deliver(result: ExportResult): Promise<void> },
  target?: TemplateTarget,
): Promise<ExportResult | undefined> {
  const resolved = await resolveTemplate(deps, target, l10n.t('Kadi4Mat: Export Template'));
  if (!resolved) return undefined;
  const { info, template } = resolved;
  const format = (
    await deps.prompts.pick(
      exportFormats().map((f) => ({ label: f.label, description: f.type, detail: f.detail, value: f })),
      { title: l10n.t('Kadi4Mat: Export "{0}"', template.identifier), placeHolder: l10n.t('Format') },
    )
  )?.value;
  if (!format) return undefined;
  const destination = (
    await deps.prompts.pick<ExportDestination>(
      [
        { label: `$(new-file) ${l10n.t('Open in an editor')}`, detail: l10n.t('An untitled editor you can save anywhere'), value: 'editor' },
        { label: `$(save-as) ${l10n.t('Save to a file…')}`, value: 'file' },
      ],
      { title: l10n.t('Kadi4Mat: Export "{0}" as {1}', template.identifier, format.label) },
    )
  )?.value;
  if (!destination) return undefined;
  const raw = await deps.progress(l10n.t('Exporting "{0}" as {1}…', template.identifier, format.label), () =>
    deps.clients.call(info.id, (c) => c.exportTemplate(template.id, format.type)),
  );
  const result: ExportResult = { format, text: prettyExport(raw, format.type), fileName: `${template.identifier}${format.extension}`, destination, template };
  await deps.deliver(result);
  return result;
}

/** Where an export of several templates goes: a folder the user chooses (the VS Code glue: a folder dialog and workspace.fs). */
export interface ExportFolder {
  /** A folder (as the glue names it, e.g. a URI string), or undefined when cancelled. */
  choose(title: string): Promise<{ folder: string; label: string } | undefined>;
  /** Which of these file names already exist in the folder. */
  existing(folder: string, names: readonly string[]): Promise<string[]>;
  write(folder: string, name: string, text: string): Promise<void>;
}

export interface ExportTarget {
  instanceId: string;
  templateId: number;
  identifier: string;
  template?: TemplateSummary;
}

/**
 * Export… on several selected templates of one instance: one format, one folder, one
 * confirmation (naming the templates, and the files it would replace), one progress, files
 * `<identifier><extension>`, one summary. One selected template: the single export.
 */
export async function exportTemplatesFlow(
  deps: TemplateFlowDeps & { deliver(result: ExportResult): Promise<void>; steps: StepProgress; folder: ExportFolder },
  targets: readonly ExportTarget[],
): Promise<BatchResult<ExportTarget> | ExportResult | undefined> {
  if (targets.length === 1) return exportFlow(deps, targets[0]);
  if (new Set(targets.map((t) => t.instanceId)).size !== 1) throw new Error(l10n.t('Select templates of one instance at a time.'));
  const info = await chooseInstance(deps.clients, deps.prompts, { instanceId: targets[0].instanceId }, l10n.t('Kadi4Mat: Export Template'));
  if (!info) return undefined;
  const count = targets.length;
  const format = (
    await deps.prompts.pick(
      exportFormats().map((f) => ({ label: f.label, description: f.type, detail: f.detail, value: f })),
      { title: l10n.t('Kadi4Mat: Export {0} templates', count), placeHolder: l10n.t('Format') },
    )
  )?.value;
  if (!format) return undefined;
  const place = await deps.folder.choose(l10n.t('Kadi4Mat: Folder for the {0} export of {1} templates', format.label, count));
  if (!place) return undefined;
  const fileOf = (t: ExportTarget) => `${t.identifier}${format.extension}`;
  const replaced = await deps.folder.existing(place.folder, targets.map(fileOf));
  const exportButton = l10n.t('Export');
  const answer = await deps.prompts.warn(
    l10n.t('Export {0} templates as {1} to {2}?', count, format.label, place.label),
    {
      modal: true,
      detail:
        l10n.t('{0}, one file each (<identifier>{1}).', namesList(targets.map((t) => t.identifier)), format.extension) +
        (replaced.length ? ` ${l10n.t('{0} existing file(s) will be replaced: {1}.', replaced.length, namesList(replaced))}` : ''),
    },
    exportButton,
  );
  if (answer !== exportButton) return undefined;
  const result = await runBatch(
    deps.steps,
    l10n.t('Exporting {0} templates as {1}', count, format.label),
    targets,
    (t) => t.identifier,
    async (t) => {
      const raw = await deps.clients.call(info.id, (c) => c.exportTemplate(t.templateId, format.type));
      await deps.folder.write(place.folder, fileOf(t), prettyExport(raw, format.type));
    },
    { fatal: (e) => isKadiError(e) && (e.status === 401 || e.kind !== 'http') },
  );
  reportBatch(deps.prompts, result, l10n.t('Exported {0} of {1} templates as {2} to {3}', result.done.length, count, format.label, place.label), (t) => t.identifier);
  return result;
}
