// `data` of record templates (kadi-api.md §2.2): Kadi's RecordTemplateDataSchema.
import type { ErrorTree, RecordTemplateData } from '../../kadi/types';
import {
  ErrorCollector,
  MSG,
  compareCodePoints,
  fail,
  has,
  isPlainObject,
  isValidIri,
  jsonbOrder,
  loadInteger,
  loadString,
  lower,
  normalize,
  ok,
  oneOfMsg,
  strip,
  type Loaded,
} from './common';
import { loadExtras } from './extras';

export const IDENTIFIER_RE = /^[a-z0-9-_]+$/;
export const identifierValidator = (s: string): string | null => (IDENTIFIER_RE.test(s) ? null : MSG.identifier);
const iriValidator = (s: string): string | null => (isValidIri(s) ? null : MSG.notIri);

/** Roles a record can be given (Python set in Kadi, so the real message order varies). */
export const RECORD_ROLES = ['member', 'collaborator', 'editor', 'admin'] as const;

export interface LicenseLookup {
  licenseExists(name: string): boolean;
}

const oneOf = (choices: readonly string[]) => (v: unknown): Loaded<string> => {
  if (v === null) return fail([MSG.nullValue]);
  if (typeof v !== 'string') return fail([MSG.notString]);
  return choices.includes(v) ? ok(v) : fail([oneOfMsg(choices)]);
};

/** A list field of nested objects: non-list → "Not a valid list.", items keyed by index. */
function loadObjectList<T>(v: unknown, item: (o: Record<string, unknown>) => Loaded<T>): Loaded<T[]> {
  if (v === null) return fail([MSG.nullValue]);
  if (!Array.isArray(v)) return fail([MSG.notList]);
  const tree: ErrorTree = {};
  const out: T[] = [];
  v.forEach((o, i) => {
    const r = isPlainObject(o) ? item(o) : fail<T>({ _schema: [MSG.invalidInput] });
    if (r.ok) out.push(r.value);
    else tree[String(i)] = r.errors as ErrorTree;
  });
  return Object.keys(tree).length ? fail(tree) : ok(out);
}

/** A list of scalars: errors of items keyed by index, their messages as lists. */
function loadScalarList<T>(v: unknown, item: (x: unknown) => Loaded<T>): Loaded<T[]> {
  if (v === null) return fail([MSG.nullValue]);
  if (!Array.isArray(v)) return fail([MSG.notList]);
  const tree: ErrorTree = {};
  const out: T[] = [];
  v.forEach((x, i) => {
    const r = item(x);
    if (r.ok) out.push(r.value);
    else tree[String(i)] = r.errors;
  });
  return Object.keys(tree).length ? fail(tree) : ok(out);
}

function loadFields(
  o: Record<string, unknown>,
  spec: Record<string, { required?: boolean; default?: unknown; load: (v: unknown) => Loaded<unknown> }>,
): Loaded<Record<string, unknown>> {
  const errs = new ErrorCollector();
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(spec)) {
    if (!has(o, name)) {
      if (f.required) errs.add(name, [MSG.missing]);
      else out[name] = f.default;
      continue;
    }
    errs.take(name, f.load(o[name]), out);
  }
  return errs.empty ? ok(jsonbOrder(out)) : fail(errs.tree);
}

const loadRecordLink = (o: Record<string, unknown>): Loaded<Record<string, unknown>> =>
  loadFields(o, {
    direction: { required: true, load: oneOf(['out', 'in']) },
    record: { required: true, load: (v) => loadInteger(v, { min: 1 }) },
    name: { required: true, load: (v) => loadString(v, { filters: [normalize], nonEmpty: true, maxLength: 150 }) },
    term: {
      default: null,
      load: (v) => loadString(v, { filters: [strip], nonEmpty: true, allowNull: true, maxLength: 2048, validators: [iriValidator] }),
    },
  });

const loadRole = (o: Record<string, unknown>): Loaded<Record<string, unknown>> =>
  loadFields(o, {
    subject_type: { required: true, load: oneOf(['user', 'group']) },
    subject_id: { required: true, load: (v) => loadInteger(v, { min: 1 }) },
    role: { required: true, load: oneOf(RECORD_ROLES) },
  });

/** Record-template `data`; every key optional, missing ones filled with their defaults. */
export function loadRecordData(raw: unknown, ctx: LicenseLookup): Loaded<RecordTemplateData> {
  if (!isPlainObject(raw)) return fail({ _schema: [MSG.invalidInput] });
  const res = loadFields(raw, {
    identifier: {
      default: '',
      // May be empty; the pattern only applies to a non-empty identifier.
      load: (v) =>
        loadString(v, { filters: [lower, strip], maxLength: 50, validators: [(s) => (s === '' ? null : identifierValidator(s))] }),
    },
    title: { default: '', load: (v) => loadString(v, { filters: [normalize], maxLength: 150 }) },
    description: { default: '', load: (v) => loadString(v, { filters: [strip], maxLength: 50000 }) },
    type: {
      default: null,
      load: (v) => loadString(v, { filters: [lower, normalize], nonEmpty: true, allowNull: true, maxLength: 50 }),
    },
    license: {
      default: null,
      load: (v) => {
        const s = loadString(v, { filters: [strip], allowNull: true });
        if (s.ok && s.value !== null && !ctx.licenseExists(s.value)) return fail(['No license with this name exists.']);
        return s;
      },
    },
    tags: {
      default: [],
      load: (v) => {
        // Kadi's tags are a marshmallow Pluck(many=True): a non-list is "Invalid type.".
        if (v !== null && !Array.isArray(v)) return fail([MSG.invalidType]);
        const r = loadScalarList(v, (x) => loadString(x, { filters: [lower, normalize], nonEmpty: true, maxLength: 50 }));
        if (!r.ok) return r;
        return ok([...new Set(r.value as string[])].sort(compareCodePoints));
      },
    },
    extras: { default: [], load: (v) => (v === null ? fail([MSG.nullValue]) : loadExtras(v)) },
    collections: { default: [], load: (v) => loadScalarList(v, (x) => loadInteger(x, { min: 1 })) },
    record_links: { default: [], load: (v) => loadObjectList(v, loadRecordLink) },
    roles: { default: [], load: (v) => loadObjectList(v, loadRole) },
  });
  return res as Loaded<RecordTemplateData>;
}
