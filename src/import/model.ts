// What every importer returns, and the one pass that makes its extras acceptable to Kadi4Mat.
// Kadi's own importer loads its result through ExtraSchema and gives up on the whole file at the
// first value, option or range the schema refuses; we drop just that piece and say so in a note.
// No `vscode` import.
import { emptyRecordData, type Extra, type ExtraType, type RecordTemplateData, type TemplateData, type TemplateType } from '../kadi/types';
import { parseKadiDate } from '../validation/dates';
import * as l10n from '../ui/l10n';

/** One thing that was not carried over (or was changed on the way), with where it came from. */
export interface ImportNote {
  /** A place in the source: a JSON pointer, a SHACL property, an eLabFTW field name. */
  at: string;
  message: string;
}

/** An extra as an importer builds it: anything goes until `finishExtras` checks it. */
export interface DraftExtra {
  key?: string;
  type: string;
  value?: unknown;
  unit?: unknown;
  description?: unknown;
  term?: unknown;
  validation?: { required?: boolean; options?: unknown[]; range?: { min: unknown; max: unknown }; iri?: boolean };
  /** Where in the source it came from, for notes. */
  at: string;
}

export interface ImportOutcome {
  extras: DraftExtra[];
  title?: string;
  description?: string;
  /** Record fields besides extras (record import). */
  record?: Partial<Omit<RecordTemplateData, 'extras'>>;
  notes: ImportNote[];
}

/** The template an import produces: what New Template from JSON File creates too. */
export interface ImportResult {
  type: TemplateType;
  data: TemplateData;
  title?: string;
  description?: string;
  notes: ImportNote[];
}

export class ImportError extends Error {}

const TYPES: readonly string[] = ['str', 'int', 'float', 'bool', 'date', 'dict', 'list'];
const MAX_INTEGER = 2 ** 53 - 1; // kadi.lib.constants.EXTRAS_MAX_INTEGER

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

/** A value as Kadi's `_validate_extra_value` accepts it for `type`, or undefined. */
export function kadiValue(v: unknown, type: ExtraType): unknown {
  switch (type) {
    case 'str':
      return typeof v === 'string' ? v : undefined;
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= MAX_INTEGER ? v : undefined;
    case 'float':
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    case 'bool':
      return typeof v === 'boolean' ? v : undefined;
    case 'date':
      return typeof v === 'string' ? (parseKadiDate(v) ?? undefined) : undefined;
    default:
      return undefined;
  }
}

/** Kadi's `normalize` filter for keys and units: whitespace runs become one space, trimmed. */
const normalize = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * The drafts as Kadi4Mat stores extras: every key, value, unit and validation rule it would
 * refuse is dropped (never the whole import) and noted. `inList`: list entries have no keys.
 */
export function finishExtras(drafts: readonly DraftExtra[], notes: ImportNote[], inList = false): Extra[] {
  const out: Extra[] = [];
  const keys = new Set<string>();
  for (const d of drafts) {
    const note = (message: string) => notes.push({ at: d.at, message });
    if (!TYPES.includes(d.type)) {
      note(l10n.t('type {0} is not a Kadi4Mat type; imported as str', show(d.type)));
      d.type = 'str';
    }
    const type = d.type as ExtraType;
    // Built in the order Kadi4Mat's editor shows the fields.
    const extra = { key: undefined, type, description: undefined, term: undefined, value: null } as Extra;
    if (!inList) {
      const key = typeof d.key === 'string' ? normalize(d.key) : '';
      if (!key) {
        note(l10n.t('left out: no key'));
        continue;
      }
      if (keys.has(key)) {
        note(l10n.t('left out: the key "{0}" is used twice at this level', key));
        continue;
      }
      keys.add(key);
      extra.key = key;
    }
    if (type === 'dict' || type === 'list') {
      extra.value = finishExtras(Array.isArray(d.value) ? (d.value as DraftExtra[]) : [], notes, type === 'list');
      if (d.validation && Object.keys(d.validation).length) note(l10n.t('validation ({0}) cannot be used with {1}; left out', Object.keys(d.validation).join(', '), type));
    } else {
      finishScalar(d, extra, note);
    }
    // Kadi strips descriptions and refuses an empty one; an empty one says nothing, so it goes.
    const description = typeof d.description === 'string' ? d.description.trim() : d.description != null ? String(d.description).trim() : '';
    if (description) extra.description = description;
    if (typeof d.term === 'string' && d.term.trim()) extra.term = d.term.trim();
    for (const k of ['key', 'description', 'term'] as const) if (extra[k] === undefined) delete extra[k];
    out.push(extra);
  }
  return out;
}

function finishScalar(d: DraftExtra, extra: Extra, note: (m: string) => void): void {
  const type = extra.type;
  let value: unknown = typeof d.value === 'string' ? d.value.trim() || null : (d.value ?? null);
  if (value !== null) {
    const v = kadiValue(value, type);
    if (v === undefined) note(l10n.t('default value {0} is not a valid {1}; left out', show(value), type));
    value = v ?? null;
  }
  if (type === 'int' || type === 'float') {
    extra.unit = typeof d.unit === 'string' && normalize(d.unit) ? normalize(d.unit) : null;
    if (d.unit !== undefined && d.unit !== null && typeof d.unit !== 'string') note(l10n.t('unit {0} is not text; left out', show(d.unit)));
  } else if (d.unit !== undefined && d.unit !== null && d.unit !== '') {
    note(l10n.t('unit {0} cannot be used with {1}; left out', show(d.unit), type));
  }
  const v = d.validation ?? {};
  const validation: NonNullable<Extra['validation']> = {};
  // A record's JSON may hold anything here; only Kadi's shapes are read.
  if (v.options !== undefined && !Array.isArray(v.options)) {
    note(l10n.t('options {0} are not a list; left out', show(v.options)));
    delete v.options;
  }
  if (v.range !== undefined && (typeof v.range !== 'object' || v.range === null || Array.isArray(v.range))) {
    note(l10n.t('range {0} is not {"min", "max"}; left out', show(v.range)));
    delete v.range;
  }
  if (v.required) validation.required = true;
  if (v.iri) {
    if (type === 'str') validation.iri = true;
    else note(l10n.t('IRI validation cannot be used with {0}; left out', type));
  }
  if (v.range && (v.range.min != null || v.range.max != null)) {
    if (type !== 'int' && type !== 'float') note(l10n.t('range cannot be used with {0}; left out', type));
    else {
      const bound = (b: unknown, which: 'minimum' | 'maximum'): number | null => {
        if (b === null || b === undefined) return null;
        const ok = kadiValue(b, type) as number | undefined;
        if (ok === undefined) note(which === 'minimum' ? l10n.t('range minimum {0} is not a valid {1}; left out', show(b), type) : l10n.t('range maximum {0} is not a valid {1}; left out', show(b), type));
        return ok ?? null;
      };
      const min = bound(v.range.min, 'minimum');
      const max = bound(v.range.max, 'maximum');
      if (min !== null && max !== null && min > max) note(l10n.t('range {0}…{1}: the minimum is greater than the maximum; left out', min, max));
      else if (min !== null || max !== null) validation.range = { min, max };
    }
  }
  if (v.options && v.options.length) {
    if (type !== 'str' && type !== 'int' && type !== 'float') note(l10n.t('options cannot be used with {0}; left out', type));
    else {
      const options: unknown[] = [];
      for (const o of v.options) {
        const ok = kadiValue(o, type);
        if (ok === undefined) note(l10n.t('option {0} is not a valid {1}; left out', show(o), type));
        else if (!options.includes(ok)) options.push(ok);
      }
      if (options.length) validation.options = options;
    }
  }
  // The default must satisfy the rules Kadi applies to values.
  if (value !== null && validation.options && !validation.options.includes(value)) {
    note(l10n.t('default value {0} is not one of the options; left out', show(value)));
    value = null;
  }
  const r = validation.range;
  if (value !== null && r && ((r.min !== null && (value as number) < r.min) || (r.max !== null && (value as number) > r.max))) {
    note(l10n.t('default value {0} is outside the range; left out', show(value)));
    value = null;
  }
  extra.value = value;
  if (Object.keys(validation).length) extra.validation = validation;
}

/** The template of `type` from an outcome; record fields an extras template cannot hold are noted. */
export function toTemplate(outcome: ImportOutcome, type: TemplateType): ImportResult {
  const notes = [...outcome.notes];
  const extras = finishExtras(outcome.extras, notes);
  let data: TemplateData;
  if (type === 'record') {
    data = { ...emptyRecordData(), ...(outcome.record ?? {}), extras };
  } else {
    data = extras;
    const r = outcome.record ?? {};
    const dropped = Object.entries(r).filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)).map(([k]) => k);
    if (dropped.length) notes.push({ at: '/', message: l10n.t('an extras template holds only extras: {0} left out (choose a record template to keep them)', dropped.join(', ')) });
  }
  const result: ImportResult = { type, data, notes };
  if (outcome.title) result.title = outcome.title;
  if (outcome.description) result.description = outcome.description;
  return result;
}
