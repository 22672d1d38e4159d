// eLabFTW "extra fields" (the `metadata` JSON of an experiment, resource or template:
// {"extra_fields": {name: {type, value, …}}, "elabftw": {"extra_fields_groups": […]}}) → extras.
// Kadi4Mat has no importer for these; the mapping is ours (README.md): fields in `position`
// order, each group a dict, text/number/select/checkbox/date/url… to the nearest extra type.
// eLabFTW keeps every value as text; numbers and checkboxes are converted.
// No `vscode` import.
import type { DraftExtra, ImportNote, ImportOutcome } from './model';
import { ImportError } from './model';
import type { ValuesChoice } from './record';
import { isObject, parseJson } from './source';
import * as l10n from '../ui/l10n';

type Field = Record<string, unknown>;

/** Field properties the mapping reads; others are noted. */
const USED = new Set(['type', 'value', 'options', 'unit', 'units', 'required', 'description', 'position', 'group_id', 'allow_multi_values']);
/** Field properties about eLabFTW's own form, with nothing to carry into Kadi4Mat. */
const FORM_ONLY = new Set(['blank_value_on_duplicate', 'readonly']);

export function importElabftw(text: string, opts: { values: ValuesChoice; name?: string }): ImportOutcome {
  const name = opts.name ?? l10n.t('the extra fields');
  const parsed = parseJson(text, name);
  const metadata = findMetadata(parsed, name);
  const fields = metadata.extra_fields;
  if (!isObject(fields)) throw new ImportError(l10n.t('{0}: "extra_fields" must be an object of fields by name.', name));
  const notes: ImportNote[] = [];
  const groupNames = new Map<string, string>();
  const groups = isObject(metadata.elabftw) ? metadata.elabftw.extra_fields_groups : undefined;
  if (Array.isArray(groups)) for (const g of groups) if (isObject(g) && typeof g.name === 'string') groupNames.set(String(g.id), g.name);

  const ordered = Object.entries(fields)
    .map(([k, f], i) => ({ k, f, i, pos: isObject(f) && Number.isFinite(Number(f.position)) && f.position !== null && f.position !== '' ? Number(f.position) : Infinity }))
    .sort((a, b) => a.pos - b.pos || a.i - b.i);
  const top: DraftExtra[] = [];
  const grouped = new Map<string, DraftExtra>();
  for (const { k, f } of ordered) {
    const at = `extra_fields › ${k}`;
    if (!isObject(f)) {
      notes.push({ at, message: l10n.t('not a field (an object with type and value); left out') });
      continue;
    }
    const extra = field(k, f, at, opts.values, notes);
    const gid = f.group_id;
    if (gid === undefined || gid === null || gid === '' || gid === -1 || gid === '-1') {
      top.push(extra);
      continue;
    }
    let group = grouped.get(String(gid));
    if (!group) {
      const gname = groupNames.get(String(gid));
      if (!gname) notes.push({ at, message: l10n.t('group {0} is not listed in elabftw.extra_fields_groups; named "{1}"', String(gid), `group ${String(gid)}`) });
      group = { key: gname ?? `group ${String(gid)}`, type: 'dict', value: [], at: `elabftw › extra_fields_groups › ${gname ?? String(gid)}` };
      grouped.set(String(gid), group);
      top.push(group);
    }
    (group.value as DraftExtra[]).push(extra);
  }
  const outcome: ImportOutcome = { extras: top, notes };
  const entity = Array.isArray(parsed) ? parsed[0] : parsed;
  if (isObject(entity) && entity !== metadata && typeof entity.title === 'string' && entity.title.trim()) outcome.title = entity.title.trim();
  if (Array.isArray(parsed) && parsed.length > 1) notes.push({ at: '/', message: l10n.t("{0} entities; only the first one's fields are imported", parsed.length) });
  return outcome;
}

/** The metadata object: given as is, or inside an entity (`metadata` as text or object), or the first of an export's list. */
function findMetadata(v: unknown, name: string): Field {
  if (Array.isArray(v) && v.length) v = v[0];
  if (isObject(v) && !('extra_fields' in v) && 'metadata' in v) {
    const m = v.metadata;
    if (typeof m === 'string') {
      try {
        v = JSON.parse(m);
      } catch {
        throw new ImportError(l10n.t('{0}: "metadata" holds text that is not JSON.', name));
      }
    } else v = m;
  }
  if (!isObject(v) || !('extra_fields' in v)) throw new ImportError(l10n.t('{0} has no eLabFTW "extra_fields".', name));
  return v;
}

const asNumber = (v: unknown): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || !v.trim()) return undefined;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : undefined;
};

function field(key: string, f: Field, at: string, values: ValuesChoice, notes: ImportNote[]): DraftExtra {
  const note = (message: string) => notes.push({ at, message });
  const type = typeof f.type === 'string' ? f.type : 'text';
  const extra: DraftExtra = { key, type: 'str', at };
  const validation: NonNullable<DraftExtra['validation']> = {};
  if (f.required === true || f.required === 'true' || f.required === 1) validation.required = true;
  if (typeof f.description === 'string' && f.description.trim()) extra.description = f.description;
  let value: unknown = f.value;
  switch (type) {
    case 'text':
    case 'email':
      break;
    case 'url':
      validation.iri = true;
      break;
    case 'number': {
      extra.type = 'float';
      if (typeof f.unit === 'string' && f.unit.trim()) extra.unit = f.unit;
      else extra.unit = null;
      const others = Array.isArray(f.units) ? f.units.filter((u) => u !== f.unit) : [];
      if (others.length) note(l10n.t('the other units to choose from ({0}) are not carried over; unit "{1}" kept', others.join(', '), String(f.unit ?? '')));
      if (value !== undefined && value !== null && value !== '') {
        const n = asNumber(value);
        if (n === undefined) note(l10n.t('value {0} is not a number; left out', JSON.stringify(value)));
        value = n;
      }
      break;
    }
    case 'select':
    case 'radio':
      if (Array.isArray(f.options)) validation.options = f.options.map(String);
      if (f.allow_multi_values === true || f.allow_multi_values === 'true') {
        const many = Array.isArray(value) && value.length > 1;
        note(
          many && values === 'keep'
            ? l10n.t('several values may be chosen in eLabFTW; an extra holds one (the values {0} left out)', (value as unknown[]).map(String).join(', '))
            : l10n.t('several values may be chosen in eLabFTW; an extra holds one'),
        );
        if (Array.isArray(value)) value = value.length === 1 ? value[0] : undefined;
      }
      break;
    case 'checkbox':
      extra.type = 'bool';
      value = value === 'on' || value === true ? true : value === '' || value === 'off' || value === false ? false : value;
      break;
    case 'date':
      extra.type = 'date';
      // A Kadi date needs a time: midnight UTC.
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim())) value = `${value.trim()}T00:00:00+00:00`;
      break;
    case 'datetime-local':
      extra.type = 'date';
      // eLabFTW stores local time without a zone; read as UTC.
      if (typeof value === 'string' && value.trim()) note(l10n.t('the local date and time has no time zone; read as UTC'));
      break;
    case 'time':
      note(l10n.t('a time of day has no Kadi4Mat type; imported as text (str)'));
      break;
    case 'items':
    case 'experiments':
    case 'users':
      note(l10n.t('a link to eLabFTW {0} (by id) has no Kadi4Mat counterpart; imported as text (str)', type));
      if (typeof value === 'number') value = String(value);
      break;
    default:
      note(l10n.t('field type "{0}" is unknown; imported as text (str)', type));
  }
  if (values === 'keep' && value !== undefined && value !== null && value !== '') extra.value = value;
  if (Object.keys(validation).length) extra.validation = validation;
  const lost = Object.keys(f).filter((k) => !USED.has(k) && !(FORM_ONLY.has(k) && (f[k] === false || f[k] === 0)));
  if (lost.length) note(l10n.t('not carried over: {0}', lost.join(', ')));
  return extra;
}
