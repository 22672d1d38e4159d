// Server-side rules of the Kadi4Mat sandbox: template create/patch validation exactly as
// Kadi's TemplateSchema does it (kadi-api.md §2). Pure functions; the server supplies the
// lookups through RulesContext. Rule pieces live in ./validation/.
import type { ErrorTree, TemplateType, Visibility, TemplateData } from '../kadi/types';
import { ErrorCollector, MSG, has, isPlainObject, loadString, lower, normalize, oneOfMsg, strip, type Loaded } from './validation/common';
import { loadExtras } from './validation/extras';
import { identifierValidator, loadRecordData } from './validation/record';

export { plainDescription } from './validation/markdown';

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: ErrorTree };

export interface RulesContext {
  /** true if another template (any state, incl. deleted) already uses this identifier (already lowercased/stripped). */
  identifierInUse(identifier: string): boolean;
  /** true if a license with this name exists. */
  licenseExists(name: string): boolean;
}

export type TemplateCreateFields = {
  identifier: string;
  title: string;
  type: TemplateType;
  description: string;
  visibility: Visibility;
  data: TemplateData;
};
export type TemplatePatchFields = Partial<{
  identifier: string;
  title: string;
  description: string;
  visibility: Visibility;
  data: TemplateData;
}>;

const TEMPLATE_TYPES: readonly TemplateType[] = ['record', 'extras'];
const VISIBILITIES: readonly Visibility[] = ['private', 'public'];

const loadIdentifier = (v: unknown, ctx: RulesContext): Loaded<string | null> => {
  const s = loadString(v, { filters: [lower, strip], nonEmpty: true, maxLength: 50, validators: [identifierValidator] });
  // A @validates hook: runs only once the field itself is valid.
  if (s.ok && ctx.identifierInUse(s.value!)) return { ok: false, errors: ['Identifier is already in use.'] };
  return s;
};

const loadChoice = (v: unknown, choices: readonly string[], filters: ((s: string) => string)[]): Loaded<string | null> =>
  loadString(v, { filters, validators: [(s) => (choices.includes(s) ? null : oneOfMsg(choices))] });

/** `data` field of the schema (Raw, non-nullable), validated for the template type. */
function loadData(v: unknown, type: TemplateType, ctx: RulesContext): Loaded<TemplateData> {
  return type === 'record' ? loadRecordData(v, ctx) : loadExtras(v);
}

/** Shared by POST and PATCH: top-level fields, then `data` only if all of them were valid. */
function loadTemplate(
  body: unknown,
  ctx: RulesContext,
  mode: { partial: boolean; type?: TemplateType },
): Validated<Record<string, unknown>> {
  if (!isPlainObject(body)) return { ok: false, errors: { _schema: [MSG.invalidInput] } };
  const errs = new ErrorCollector();
  const out: Record<string, unknown> = {};
  const present = (name: string, required: boolean): boolean => {
    if (has(body, name)) return true;
    if (required && !mode.partial) errs.add(name, [MSG.missing]);
    return false;
  };

  if (present('identifier', true)) errs.take('identifier', loadIdentifier(body.identifier, ctx), out);
  if (present('title', true)) {
    errs.take('title', loadString(body.title, { filters: [normalize], nonEmpty: true, maxLength: 150 }), out);
  }
  if (present('description', false)) {
    errs.take('description', loadString(body.description, { filters: [strip], maxLength: 50000 }), out);
  } else if (!mode.partial) out.description = '';
  if (present('visibility', false)) errs.take('visibility', loadChoice(body.visibility, VISIBILITIES, [lower, strip]), out);
  else if (!mode.partial) out.visibility = 'private';
  // PATCH excludes `type`: the template's fixed type is used instead.
  if (mode.type === undefined && present('type', true)) errs.take('type', loadChoice(body.type, TEMPLATE_TYPES, []), out);

  let dataRaw: unknown;
  if (present('data', true)) {
    if (body.data === null) errs.add('data', [MSG.nullValue]);
    else dataRaw = body.data;
  }

  if (!errs.empty) return { ok: false, errors: errs.tree };
  // post_load: marshmallow only gets here when every other field was valid.
  if (dataRaw !== undefined) {
    const data = loadData(dataRaw, (mode.type ?? out.type) as TemplateType, ctx);
    if (!data.ok) return { ok: false, errors: { data: data.errors } };
    out.data = data.value;
  }
  return { ok: true, value: out };
}

/** POST /api/templates body → normalised fields as the server would store them, or the 400 `errors` tree. */
export function validateTemplateCreate(body: unknown, ctx: RulesContext): Validated<TemplateCreateFields> {
  return loadTemplate(body, ctx, { partial: false }) as Validated<TemplateCreateFields>;
}

/** PATCH body for a template of the given (fixed) type → only the fields present, normalised. `type`/`id`/unknown keys ignored. */
export function validateTemplatePatch(body: unknown, type: TemplateType, ctx: RulesContext): Validated<TemplatePatchFields> {
  return loadTemplate(body, ctx, { partial: true, type }) as Validated<TemplatePatchFields>;
}
