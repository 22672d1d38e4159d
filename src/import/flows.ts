// "New Template from JSON Schema / SHACL / Record / eLabFTW Extra Fields…" as a plain flow over
// `Prompts`: the file (given, or from the open dialog), keep or strip values, the template type,
// then the same title → identifier → create → open path as New Template from JSON File
// (src/templates/flows.ts). What was not carried over is reported once the template is open.
// No `vscode` import.
import type { KadiRecord, Template, TemplateType } from '../kadi/types';
import type { InstanceInfo } from '../instances/registry';
import { chooseInstance } from '../instances/flows';
import { askIdentifier, askTitle, createWithIdentifierRetry, typeItems, type TemplateFlowDeps } from '../templates/flows';
import { suggestIdentifier } from '../templates/identifier';
import { fileStem } from '../templates/importFile';
import * as l10n from '../ui/l10n';
import type { PickItem } from '../ui/prompts';
import { detectFormat, FORMATS, importText, type ImportFormat } from './formats';
import type { ImportNote, ImportResult } from './model';
import type { ValuesChoice } from './record';

export interface SourceFile {
  name: string;
  text: string;
}

export interface ImportFlowDeps extends TemplateFlowDeps {
  /** The open dialog for a format; undefined = cancelled. */
  pickFile(format: ImportFormat): Promise<SourceFile | undefined>;
  /** Tells the user what was not carried over (after the template opened). */
  report(report: ImportReport): Promise<void>;
}

export interface ImportReport {
  source: string;
  format: ImportFormat;
  template: Pick<Template, 'id' | 'identifier' | 'title'>;
  notes: ImportNote[];
}

/** `format` undefined: recognised from the file (asked when unclear). `file`: e.g. from the explorer's context menu. */
export async function importTemplateFlow(
  deps: ImportFlowDeps,
  format: ImportFormat | undefined,
  target?: { instanceId?: string },
  file?: SourceFile,
): Promise<Template | undefined> {
  const label = format ? FORMATS[format].label : l10n.t('a File');
  const info = await chooseInstance(deps.clients, deps.prompts, target, l10n.t('Kadi4Mat: New Template from {0}', label));
  if (!info) return undefined;
  const source = file ?? (format === 'record' ? await chooseRecordSource(deps, info) : format ? await deps.pickFile(format) : undefined);
  if (!source) return undefined;
  const fmt = format ?? detectFormat(source.name, source.text) ?? (await askFormat(deps, source.name));
  if (!fmt) return undefined;
  const step = l10n.t('Kadi4Mat: New Template from {0} {1}', FORMATS[fmt].label, source.name);

  let values: ValuesChoice | undefined;
  if (FORMATS[fmt].hasValues) {
    const items: PickItem<ValuesChoice>[] = [
      { label: l10n.t('Strip the values'), detail: l10n.t('Only the structure: keys, types, units, validation (what Kadi4Mat does)'), value: 'strip' },
      { label: l10n.t('Keep the values as defaults'), detail: l10n.t('Records created from the template start with these values'), value: 'keep' },
    ];
    if (fmt === 'elabftw') items.reverse();
    values = (await deps.prompts.pick(items, { title: step, placeHolder: l10n.t('The values in {0}', source.name) }))?.value;
    if (!values) return undefined;
  }
  const items = fmt === 'record' ? typeItems().reverse() : typeItems();
  const type: TemplateType | undefined = (await deps.prompts.pick(items, { title: step, placeHolder: l10n.t('Type (cannot be changed later)') }))?.value;
  if (!type) return undefined;

  // Throws an ImportError naming the place for input it cannot read; nothing is created then.
  const result: ImportResult = await importText(fmt, source.text, { type, values, name: source.name });
  const title = await askTitle(deps.prompts, step, (result.title ?? fileStem(source.name).replace(/\.(ttl|turtle)$/i, '')).slice(0, 150));
  if (title === undefined) return undefined;
  const identifier = await askIdentifier(deps.prompts, step, suggestIdentifier(title));
  if (identifier === undefined) return undefined;
  const created = await createWithIdentifierRetry(deps, info, { identifier, title, type, data: result.data, description: result.description ?? '', visibility: 'private' }, step);
  if (created) await deps.report({ source: source.name, format: fmt, template: created, notes: result.notes });
  return created;
}

/** A record's JSON from a file, or a record on the instance found by title, identifier or id. */
async function chooseRecordSource(deps: ImportFlowDeps, info: InstanceInfo): Promise<SourceFile | undefined> {
  const title = l10n.t('Kadi4Mat: New Template from Record');
  const where = (
    await deps.prompts.pick<'file' | 'instance'>(
      [
        { label: l10n.t('A record on {0}…', info.label), detail: l10n.t('Search by title or identifier, or type its id'), value: 'instance' },
        { label: l10n.t('A JSON file…'), detail: l10n.t('A record as the API returns it, or its JSON export'), value: 'file' },
      ],
      { title, placeHolder: l10n.t('Where is the record?') },
    )
  )?.value;
  if (where !== 'instance') return where === 'file' ? deps.pickFile('record') : undefined;
  const pick = await deps.prompts.pickDynamic<KadiRecord>(
    async (text) => {
      const q = text.trim();
      const found: KadiRecord[] = [];
      // An id or an exact identifier is looked up directly (search may not know it yet).
      const direct = /^\d+$/.test(q)
        ? deps.clients.call(info.id, (c) => c.getRecord(Number(q)))
        : /^[a-z0-9_-]+$/i.test(q)
          ? deps.clients.call(info.id, (c) => c.getRecordByIdentifier(q))
          : undefined;
      const [one, page] = await Promise.all([direct?.catch(() => undefined), deps.clients.call(info.id, (c) => c.searchRecords({ query: q || undefined, per_page: 50 }))]);
      if (one) found.push(one);
      for (const r of page.items) if (r.id !== one?.id) found.push(r);
      return found.map((r) => ({ label: r.title, description: `${r.identifier} · #${r.id}`, detail: l10n.t('{0} extras', r.extras.length), value: r }));
    },
    { title, placeHolder: l10n.t('Type to search records by title or identifier, or an id') },
  );
  if (!pick) return undefined;
  const record = pick.value;
  return { name: l10n.t('record "{0}"', record.identifier), text: JSON.stringify(record) };
}

async function askFormat(deps: Pick<ImportFlowDeps, 'prompts'>, name: string): Promise<ImportFormat | undefined> {
  const pick = await deps.prompts.pick(
    Object.values(FORMATS).map((f) => ({ label: f.label, description: f.id, value: f.id })),
    { title: l10n.t('Kadi4Mat: New Template from {0}', name), placeHolder: l10n.t('What does {0} hold?', name) },
  );
  return pick?.value;
}

/** The notes as lines for a log or a details view. */
export function reportLines(r: ImportReport): string[] {
  const head = l10n.t('"{0}" from {1} ({2}): {3} not carried over', r.template.identifier, r.source, FORMATS[r.format].label, r.notes.length === 1 ? l10n.t('1 thing') : l10n.t('{0} things', r.notes.length));
  return [head, ...r.notes.map((n) => `  ${n.at}: ${n.message}`)];
}
