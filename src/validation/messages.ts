// ajv errors → problems with Kadi-style messages. A message comes from the failing schema's
// `kadiMessages` (keyed by keyword, plus "null" for a null value) or `errorMessage` (one string
// for every keyword: the form VS Code's JSON language features also show), otherwise from the
// defaults below, phrased like Kadi/marshmallow. Cascades are
// collapsed: "must match then" of if/then, and all but the closest branch of anyOf/oneOf.
import type { ErrorObject } from 'ajv';
import { pointerToPath } from './pointer';
import { pyFloatRepr } from './pyText';
import type { Problem } from './problems';

const TYPE_MESSAGES: Record<string, string> = {
  string: 'Not a valid string.',
  integer: 'Not a valid integer.',
  number: 'Not a valid float.',
  boolean: 'Not a valid boolean.',
  object: 'Not a valid mapping type.',
  array: 'Not a valid list.',
  null: 'Must be null.',
};

const show = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' && !Number.isInteger(v) ? pyFloatRepr(v) : JSON.stringify(v));

/** Kadi's message for a value that is not one of `options`. */
export const enumMessage = (options: readonly unknown[]): string => `Must be one of: ${options.map(show).join(', ')}.`;

function defaultMessage(e: ErrorObject): string {
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'type': {
      const types = String(p.type).split(',');
      const named = types.length > 1 ? types.filter((t) => t !== 'null') : types;
      return named.length === 1 ? TYPE_MESSAGES[named[0]] ?? `Not a valid ${named[0]}.` : `Not a valid ${named.join(' or ')}.`;
    }
    case 'required':
      return 'Missing data for required field.';
    case 'additionalProperties':
      return 'Unknown field.';
    case 'enum':
      return enumMessage(p.allowedValues as unknown[]);
    case 'const':
      return `Must be equal to ${show(p.allowedValue)}.`;
    case 'minLength':
      return p.limit === 1 ? 'String must not be empty.' : `Shorter than minimum length ${p.limit}.`;
    case 'maxLength':
      return `Longer than maximum length ${p.limit}.`;
    case 'minItems':
      return `Shorter than minimum length ${p.limit}.`;
    case 'maxItems':
      return `Longer than maximum length ${p.limit}.`;
    case 'minimum':
      return `Must be equal to or greater than ${show(p.limit)}.`;
    case 'maximum':
      return `Must be equal to or smaller than ${show(p.limit)}.`;
    case 'exclusiveMinimum':
      return `Must be greater than ${show(p.limit)}.`;
    case 'exclusiveMaximum':
      return `Must be smaller than ${show(p.limit)}.`;
    case 'pattern':
      return 'String does not match expected pattern.';
    case 'format':
      return p.format === 'date-time' || p.format === 'date' || p.format === 'kadi-date' ? 'Not a valid date.' : `Not a valid ${p.format}.`;
    case 'uniqueItems':
      return 'Items must be unique.';
    case 'not':
      return 'Not allowed here.';
    default:
      return (e.message ?? 'Invalid value.').replace(/^./, (c) => c.toUpperCase()).replace(/([^.])$/, '$1.');
  }
}

const CODES: Record<string, string> = {
  type: 'type',
  required: 'required',
  additionalProperties: 'unknown-field',
  enum: 'enum',
  const: 'enum',
  maxLength: 'max-length',
  maxItems: 'max-length',
  minItems: 'min-length',
  minimum: 'bounds',
  maximum: 'bounds',
  exclusiveMinimum: 'bounds',
  exclusiveMaximum: 'bounds',
  pattern: 'pattern',
  format: 'format',
  not: 'not-allowed',
};

function message(e: ErrorObject): string {
  const schema = e.parentSchema as Record<string, unknown> | undefined;
  const em = schema?.errorMessage;
  if (typeof em === 'string') return em;
  const table = schema?.kadiMessages as Record<string, string | undefined> | undefined;
  if (table) {
    if (e.keyword === 'type' && e.data === null) return table.null ?? 'Field may not be null.';
    if (table[e.keyword]) return table[e.keyword]!;
  }
  if (e.keyword === 'type' && e.data === null) return 'Field may not be null.';
  return defaultMessage(e);
}

function code(e: ErrorObject, msg: string): string {
  const c = (e.parentSchema as Record<string, unknown> | undefined)?.kadiCode;
  if (typeof c === 'string') return c;
  if (e.keyword === 'type' && (msg.endsWith('Field may not be null.') || (e.data === null && msg === 'Value is required.'))) return 'null';
  if (e.keyword === 'minLength' && (e.params as { limit: number }).limit === 1) return 'empty';
  return CODES[e.keyword] ?? e.keyword;
}

const isCombinator = (e: ErrorObject): boolean => e.keyword === 'anyOf' || e.keyword === 'oneOf';
const depth = (e: ErrorObject): number => (e.instancePath.match(/\//g) ?? []).length;

/** Keep, for each failed anyOf/oneOf, only the errors of its closest branch. */
function collapse(errors: ErrorObject[]): ErrorObject[] {
  // A failed `if` repeats its `then` errors; a discriminator error repeats the tag's own error.
  let out = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'discriminator');
  const combinators = out.filter(isCombinator).sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const c of combinators) {
    if (!out.includes(c)) continue;
    const prefix = `${c.schemaPath}/`;
    const inside = out.filter((e) => e !== c && e.schemaPath.startsWith(prefix) && e.instancePath.startsWith(c.instancePath));
    // oneOf matched by several branches has no branch errors: keep the combinator itself.
    if (inside.length === 0) continue;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of inside) {
      const b = e.schemaPath.slice(prefix.length).split('/')[0];
      branches.set(b, [...(branches.get(b) ?? []), e]);
    }
    const groups = [...branches.values()];
    let keep: ErrorObject[];
    if (groups.every((g) => g.length === 1 && g[0].keyword === 'type' && g[0].instancePath === c.instancePath)) {
      // Every branch wanted another type here: one message naming them all.
      const types = [...new Set(groups.flatMap((g) => String((g[0].params as { type: string }).type).split(',')))];
      keep = [{ ...groups[0][0], params: { type: types.join(',') }, parentSchema: {} }];
    } else {
      // The branch that got furthest into the data (deepest error), then the one with fewest errors.
      const score = (g: ErrorObject[]) => Math.max(...g.map(depth)) * 1000 - g.length;
      keep = groups.reduce((best, g) => (score(g) > score(best) ? g : best));
    }
    out = out.filter((e) => e !== c && !inside.includes(e)).concat(keep);
  }
  return out;
}

/** ajv errors of one validation run → problems (paths into `root`, the validated value). */
export function problemsFromAjv(errors: readonly ErrorObject[] | null | undefined, root: unknown): Problem[] {
  if (!errors?.length) return [];
  return collapse([...errors]).map((e): Problem => {
    const path = pointerToPath(e.instancePath, root);
    const msg = message(e);
    const c = code(e, msg);
    if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { path, message: `${msg.replace(/\.$/, '')} "${missing}".`, severity: 'error', code: c, anchor: 'key' };
    }
    if (e.keyword === 'additionalProperties') {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      return { path: [...path, name], message: msg, severity: 'error', code: c, anchor: 'key' };
    }
    // A field that may not be there at all is marked at its name.
    return { path, message: msg, severity: 'error', code: c, anchor: e.keyword === 'not' || c === 'not-allowed' ? 'key' : 'value' };
  });
}
