// Extras in template mode (kadi-api.md §2.3): Kadi's ExtraSchema(is_template=True), recursive.
import type { ErrorTree, Extra, ExtraType, ExtraValidation } from '../../kadi/types';
import {
  ErrorCollector,
  MSG,
  fail,
  has,
  isPlainObject,
  isValidIri,
  jsonbOrder,
  loadString,
  normalize,
  ok,
  pyFloatRepr,
  strip,
  type Loaded,
} from './common';
import { parseIsoDateTime } from './dates';
import { pyBoolean } from '../../validation/pyText';
import { writtenAsFloat } from '../pyJson';

export const EXTRA_TYPES: readonly ExtraType[] = ['str', 'int', 'float', 'bool', 'date', 'dict', 'list'];

/** Type names as Kadi prints them in messages. */
export const PRETTY_TYPE: Record<ExtraType, string> = {
  str: 'string',
  int: 'integer',
  float: 'float',
  bool: 'boolean',
  date: 'date',
  dict: 'dictionary',
  list: 'list',
};

export const MAX_INTEGER = 9007199254740991;
export const MIN_INTEGER = -9007199254740991;
const INT_BOUNDS_MSG = `Integer values must be between ${MIN_INTEGER} and ${MAX_INTEGER}.`;

const isNested = (t: ExtraType): boolean => t === 'dict' || t === 'list';
const isNumeric = (t: ExtraType): boolean => t === 'int' || t === 'float';
const cannotBeUsed = (t: ExtraType): string => `Cannot be used together with ${PRETTY_TYPE[t]}.`;

/** Strings are stripped and blank becomes null, for every type (so "  " is null even for int). */
const stripValue = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  const s = strip(v);
  return s === '' ? null : s;
};

/**
 * Type check/conversion of a non-null scalar value; returns the stored value or a message.
 * `asFloat`: the number was written as a float (`5.0`, `1e3`), a float to Kadi (pyJson.ts).
 */
function convertScalar(type: ExtraType, v: unknown, asFloat = false): { value: unknown } | { error: string } {
  switch (type) {
    case 'str':
      return typeof v === 'string' ? { value: v } : { error: MSG.notString };
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v) || asFloat) return { error: MSG.notInteger };
      return v < MIN_INTEGER || v > MAX_INTEGER ? { error: INT_BOUNDS_MSG } : { value: v };
    case 'float':
      return typeof v === 'number' && Number.isFinite(v) ? { value: v } : { error: MSG.notFloat };
    case 'bool':
      return typeof v === 'boolean' ? { value: v } : { error: MSG.notBoolean };
    case 'date': {
      const d = typeof v === 'string' ? parseIsoDateTime(v) : null;
      return d === null ? { error: MSG.notDate } : { value: d };
    }
    default:
      return { error: MSG.invalidInput };
  }
}

/** A value as Python's `str()` prints it in Kadi's messages (float bounds print as "0.0"). */
export function formatValue(type: ExtraType, v: unknown): string {
  if (type === 'float' && typeof v === 'number') return pyFloatRepr(v);
  return String(v);
}

/** Kadi's `_ValidationSchema` for a given extra type; errors come back flattened and prefixed. */
function loadValidation(raw: Record<string, unknown>, type: ExtraType): Loaded<ExtraValidation> {
  const msgs: string[] = [];
  const push = (m: string): void => {
    if (!msgs.includes(m)) msgs.push(m);
  };

  // Field deserialisation first (marshmallow order), then the type-dependent checks.
  const boolField = (name: string, label: string): boolean | undefined => {
    if (!has(raw, name)) return undefined;
    const v = raw[name];
    const b = pyBoolean(v);
    if (v === null) push(`${label}: ${MSG.nullValue}`);
    else if (b === undefined) push(`${label}: ${MSG.notBoolean}`);
    else return b;
    return undefined;
  };
  const required = boolField('required', 'Required');
  let options: unknown[] | undefined;
  if (has(raw, 'options')) {
    const v = raw.options;
    if (v === null) push(`Options: ${MSG.nullValue}`);
    else if (!Array.isArray(v)) push(`Options: ${MSG.notList}`);
    else options = v;
  }
  let range: Record<string, unknown> | undefined;
  if (has(raw, 'range')) {
    const v = raw.range;
    if (v === null) push(`Range: ${MSG.nullValue}`);
    else if (!isPlainObject(v)) push(`Range: ${MSG.invalidInput}`);
    else range = v;
  }
  const iri = boolField('iri', 'IRI');

  const out: ExtraValidation = {};
  if (required) out.required = true;

  // Kadi's @validates_schema: range, then options, then iri; it raises at the first error, so
  // at most one of these messages follows the field errors (checked against 1.13.0).
  const schemaError = ((): string | undefined => {
    if (range !== undefined) {
      if (!isNumeric(type)) return `Range: ${cannotBeUsed(type)}`;
      const bounds: Record<'min' | 'max', number | null> = { min: null, max: null };
      for (const name of ['min', 'max'] as const) {
        // Raw too: "" or " " is no number ("Range: Not a valid float.").
        const v = has(range, name) ? range[name] : null;
        if (v === null) continue;
        const c = convertScalar(type, v, writtenAsFloat(range, name));
        if ('error' in c) return `Range: ${c.error}`;
        bounds[name] = c.value as number;
      }
      const { min, max } = bounds;
      if (min !== null && max !== null && min > max) return 'Range: Minimum value cannot be greater than maximum value.';
      if (min !== null || max !== null) out.range = jsonbOrder({ min, max });
    }
    if (options !== undefined) {
      if (type !== 'str' && type !== 'int' && type !== 'float') return `Options: ${cannotBeUsed(type)}`;
      const converted: unknown[] = [];
      // Options are read raw: not stripped, a blank string is an option like any other.
      for (const [i, v] of options.entries()) {
        const c = v === null ? { error: nullOptionMsg(type) } : convertScalar(type, v, writtenAsFloat(options, i));
        if ('error' in c) return `Options: ${c.error}`;
        if (iri === true && type === 'str' && !isValidIri(c.value as string)) return `Options: ${MSG.notIri}`;
        if (!converted.includes(c.value)) converted.push(c.value);
      }
      if (converted.length) out.options = converted;
    }
    if (iri !== undefined) {
      if (type !== 'str') return `IRI: ${cannotBeUsed(type)}`;
      if (iri) out.iri = true;
    }
    return undefined;
  })();
  if (schemaError !== undefined) push(schemaError);

  return msgs.length ? fail(msgs) : ok(jsonbOrder(out as Record<string, unknown>) as ExtraValidation);
}

/** An option of `null`/blank is not a value of the type. */
function nullOptionMsg(type: ExtraType): string {
  return (convertScalar(type, undefined) as { error: string }).error;
}

/** A loaded validation applied to a non-null value (also in templates, except `required`). */
function applyValidation(type: ExtraType, value: unknown, v: ExtraValidation): string[] {
  const msgs: string[] = [];
  if (v.range) {
    const n = value as number;
    if (v.range.min !== null && n < v.range.min) msgs.push(`Must be equal to or greater than ${formatValue(type, v.range.min)}.`);
    if (v.range.max !== null && n > v.range.max) msgs.push(`Must be equal to or smaller than ${formatValue(type, v.range.max)}.`);
  }
  if (v.options && !v.options.includes(value)) {
    msgs.push(`Must be one of: ${v.options.map((o) => formatValue(type, o)).join(', ')}.`);
  }
  if (v.iri && typeof value === 'string' && !isValidIri(value)) msgs.push(MSG.notIri);
  return msgs;
}

/** One extra entry; `inList` entries have no key (a supplied one is dropped unchecked). */
function loadExtra(raw: unknown, inList: boolean): Loaded<Extra> {
  if (!isPlainObject(raw)) return fail({ _schema: [MSG.invalidInput] });
  const errs = new ErrorCollector();
  const out: Record<string, unknown> = {};

  // type: a field error and the schema-level "Invalid value." both land on `type`.
  let type: ExtraType | null = null;
  if (!has(raw, 'type')) errs.add('type', [MSG.missing]);
  else {
    const t = loadString(raw.type, { filters: [strip] });
    if (!t.ok) errs.add('type', t.errors);
    else if ((EXTRA_TYPES as readonly string[]).includes(t.value!)) type = t.value as ExtraType;
  }
  if (type === null) errs.add('type', ['Invalid value.']);
  else out.type = type;

  if (!inList) {
    if (!has(raw, 'key')) errs.add('key', [MSG.missing]);
    else errs.take('key', loadString(raw.key, { filters: [normalize], nonEmpty: true }), out);
  }

  let unit: string | null | undefined = null;
  if (has(raw, 'unit')) {
    const u = loadString(raw.unit, { filters: [normalize], nonEmpty: true, allowNull: true });
    if (u.ok) unit = u.value;
    else {
      errs.add('unit', u.errors);
      unit = undefined;
    }
  }
  if (has(raw, 'description')) errs.take('description', loadString(raw.description, { filters: [strip], nonEmpty: true }), out);
  if (has(raw, 'term')) {
    errs.take('term', loadString(raw.term, { filters: [strip], nonEmpty: true, validators: [(s) => (isValidIri(s) ? null : MSG.notIri)] }), out);
  }
  let validationRaw: Record<string, unknown> | undefined;
  if (has(raw, 'validation')) {
    const v = raw.validation;
    if (v === null) errs.add('validation', [MSG.nullValue]);
    else if (!isPlainObject(v)) errs.add('validation', [MSG.notMapping]);
    else validationRaw = v;
  }

  const value = stripValue(has(raw, 'value') ? raw.value : null);
  if (type !== null) {
    if (unit !== undefined && unit !== null && !isNumeric(type)) errs.add('unit', [cannotBeUsed(type)]);
    if (isNumeric(type) && unit !== undefined) out.unit = unit;

    let validation: ExtraValidation | undefined;
    let validationOk = true;
    if (validationRaw !== undefined) {
      if (isNested(type)) {
        errs.add('validation', [cannotBeUsed(type)]);
        validationOk = false;
      } else {
        const v = loadValidation(validationRaw, type);
        if (v.ok) validation = v.value;
        else {
          errs.add('validation', v.errors);
          validationOk = false;
        }
      }
    }
    if (validation && Object.keys(validation).length) out.validation = validation;

    if (isNested(type)) {
      const nested = loadExtras(value === null ? [] : value, type === 'list');
      if (nested.ok) out.value = nested.value;
      else errs.add('value', nested.errors);
    } else if (value === null) {
      out.value = null;
    } else {
      const c = convertScalar(type, value, writtenAsFloat(raw, 'value'));
      if ('error' in c) errs.add('value', [c.error]);
      else {
        out.value = c.value;
        const msgs = validationOk && validation ? applyValidation(type, c.value, validation) : [];
        if (msgs.length) errs.add('value', msgs);
      }
    }
  }

  return errs.empty ? ok(jsonbOrder(out) as unknown as Extra) : fail(errs.tree);
}

/** An array of extras (template mode). Errors are keyed by the index as a string. */
export function loadExtras(raw: unknown, inList = false): Loaded<Extra[]> {
  if (!Array.isArray(raw)) return fail({ _schema: [MSG.invalidInput] });
  const tree: ErrorTree = {};
  const result: Extra[] = [];
  const seen = new Set<string>();
  raw.forEach((item, i) => {
    const res = loadExtra(item, inList);
    let errors: ErrorTree | undefined = res.ok ? undefined : (res.errors as ErrorTree);
    // Duplicate keys: the 2nd and later occurrence of a (normalised, valid) key.
    if (!inList && isPlainObject(item) && has(item, 'key')) {
      const k = loadString(item.key, { filters: [normalize], nonEmpty: true });
      if (k.ok) {
        if (seen.has(k.value!)) {
          errors ??= {};
          errors.key = [...((errors.key as string[] | undefined) ?? []), 'Duplicate value.'];
        }
        seen.add(k.value!);
      }
    }
    if (errors) tree[String(i)] = errors;
    else if (res.ok) result.push(res.value);
  });
  return Object.keys(tree).length ? fail(tree) : ok(result);
}
