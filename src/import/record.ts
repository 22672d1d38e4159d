// A Kadi4Mat record (GET /api/records/<id>, or a record's JSON export) → a template, as Kadi's
// importer reads a JSON file without "data" (imports.py `_parse_json_data` with
// RecordImportSchema): identifier, title, description, type, license, tags and extras. Kadi
// always strips the extras' values (`remove_extra_values`); here the user may keep them as
// defaults instead. No `vscode` import.
import type { RecordTemplateData } from '../kadi/types';
import { TITLE_MAX, validateIdentifier } from '../templates/identifier';
import type { DraftExtra, ImportNote, ImportOutcome } from './model';
import { ImportError } from './model';
import { MAX_DEPTH, isObject, parseJson, pointer } from './source';
import * as l10n from '../ui/l10n';

export type ValuesChoice = 'keep' | 'strip';

/** Parts of a record that a template has no place for, noted when present. */
const RECORD_ONLY = ['files', 'links', 'record_links', 'collections', 'roles'] as const;

function recordOnlyNote(k: (typeof RECORD_ONLY)[number]): string {
  switch (k) {
    case 'files':
      return l10n.t("the record's files are not part of a template; left out");
    case 'links':
    case 'record_links':
      return l10n.t("the record's record links are not part of a template; left out");
    case 'collections':
      return l10n.t("the record's collections are not part of a template; left out");
    case 'roles':
      return l10n.t("the record's permissions are not part of a template; left out");
  }
}

export function importRecord(text: string, opts: { values: ValuesChoice; name?: string }): ImportOutcome {
  const name = opts.name ?? l10n.t('the record');
  const value = parseJson(text, name);
  return recordOutcome(value, opts.values, name);
}

/** The same from an already parsed record (e.g. fetched from the instance). */
export function recordOutcome(value: unknown, values: ValuesChoice, name = l10n.t('the record')): ImportOutcome {
  if (!isObject(value)) throw new ImportError(l10n.t('{0} is not a Kadi4Mat record: the top level must be an object.', name));
  if ('data' in value) throw new ImportError(l10n.t('{0} is a template, not a record: use "New Template from JSON File".', name));
  if (!('extras' in value) && !('identifier' in value) && !('title' in value)) {
    throw new ImportError(l10n.t('{0} is not a Kadi4Mat record: it has none of "identifier", "title" and "extras".', name));
  }
  const notes: ImportNote[] = [];
  const record: Partial<Omit<RecordTemplateData, 'extras'>> = {};
  const str = (k: 'identifier' | 'title' | 'description') => {
    if (typeof value[k] === 'string') record[k] = value[k] as string;
    else if (value[k] !== undefined && value[k] !== null) notes.push({ at: `/${k}`, message: l10n.t('{0} is not text; left out', JSON.stringify(value[k])) });
  };
  str('identifier');
  str('title');
  str('description');
  // Kadi's filters: identifier lower-cased and stripped, title whitespace collapsed, type lower-cased.
  if (record.identifier !== undefined) record.identifier = record.identifier.toLowerCase().trim();
  if (record.identifier && validateIdentifier(record.identifier)) {
    notes.push({ at: '/identifier', message: l10n.t('"{0}" is not a valid identifier; left out', record.identifier) });
    delete record.identifier;
  }
  if (record.title !== undefined) record.title = record.title.replace(/\s+/g, ' ').trim();
  if (record.title && record.title.length > TITLE_MAX) {
    notes.push({ at: '/title', message: l10n.t('longer than {0} characters; left out', TITLE_MAX) });
    delete record.title;
  }
  if (record.description !== undefined) record.description = record.description.trim();
  if (typeof value.type === 'string') record.type = value.type.toLowerCase().replace(/\s+/g, ' ').trim() || null;
  else if (value.type === null) record.type = null;
  else if (value.type !== undefined) notes.push({ at: '/type', message: l10n.t('{0} is not text; left out', JSON.stringify(value.type)) });
  // The API gives the license's name (a string); an export may give {name, title, url}.
  const lic = value.license;
  if (typeof lic === 'string') record.license = lic;
  else if (isObject(lic) && typeof lic.name === 'string') record.license = lic.name;
  else if (lic !== undefined && lic !== null) notes.push({ at: '/license', message: l10n.t('{0} is not a license name; left out', JSON.stringify(lic)) });
  if (Array.isArray(value.tags)) {
    const tags = value.tags.map((t) => (typeof t === 'string' ? t : isObject(t) && typeof t.name === 'string' ? t.name : undefined));
    const clean = tags.map((t) => t?.toLowerCase().replace(/\s+/g, ' ').trim());
    if (clean.some((t) => !t)) notes.push({ at: '/tags', message: l10n.t('entries that are not tag names left out') });
    record.tags = [...new Set(clean.filter((t): t is string => !!t))];
  }
  for (const k of RECORD_ONLY) {
    const v = value[k];
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) notes.push({ at: `/${k}`, message: recordOnlyNote(k) });
  }
  let extras: DraftExtra[] = [];
  if (value.extras !== undefined) {
    if (!Array.isArray(value.extras)) throw new ImportError(l10n.t('{0}: "extras" must be an array.', name));
    extras = drafts(value.extras, ['extras'], values, notes, 0);
  }
  const outcome: ImportOutcome = { extras, record, notes };
  if (record.title) outcome.title = record.title;
  return outcome;
}

function drafts(list: unknown[], path: (string | number)[], values: ValuesChoice, notes: ImportNote[], depth: number): DraftExtra[] {
  const out: DraftExtra[] = [];
  list.forEach((e, i) => {
    const at = pointer([...path, i]);
    if (!isObject(e)) {
      notes.push({ at, message: l10n.t('not an extra (an object with key, type and value); left out') });
      return;
    }
    const d: DraftExtra = { type: typeof e.type === 'string' ? e.type.trim() : String(e.type), at };
    if (typeof e.key === 'string') d.key = e.key;
    if (e.unit !== undefined) d.unit = e.unit;
    if (e.description !== undefined) d.description = e.description;
    if (e.term !== undefined) d.term = e.term;
    if (isObject(e.validation)) d.validation = e.validation as DraftExtra['validation'];
    if (d.type === 'dict' || d.type === 'list') {
      if (depth >= MAX_DEPTH) notes.push({ at, message: l10n.t('nested deeper than {0} levels; cut here', MAX_DEPTH) });
      d.value = Array.isArray(e.value) && depth < MAX_DEPTH ? drafts(e.value, [...path, i, 'value'], values, notes, depth + 1) : [];
    } else if (values === 'keep') d.value = e.value;
    out.push(d);
  });
  return out;
}
