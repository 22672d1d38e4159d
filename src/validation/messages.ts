// ajv errors → problems with Kadi-style messages. A message comes from the failing schema's
// `kadiMessages` (keyed by keyword, plus "null" for a null value) or `errorMessage` (one string
// for every keyword: the form VS Code's JSON language features also show), otherwise from the
// defaults below, phrased like Kadi/marshmallow. Cascades are
// collapsed: "must match then" of if/then, and all but the closest branch of anyOf/oneOf.
import type { ErrorObject } from 'ajv';
import { pointerToPath } from './pointer';
import * as l10n from '../ui/l10n';
import { pyFloatRepr } from './pyText';
import type { Problem } from './problems';

/** Kadi's message for a value not of the JSON type `type` (undefined for an unknown type). */
export function typeMessage(type: string): string | undefined {
  switch (type) {
    case 'string':
      return l10n.t('Not a valid string.');
    case 'integer':
      return l10n.t('Not a valid integer.');
    case 'number':
      return l10n.t('Not a valid float.');
    case 'boolean':
      return l10n.t('Not a valid boolean.');
    case 'object':
      return l10n.t('Not a valid mapping type.');
    case 'array':
      return l10n.t('Not a valid list.');
    case 'null':
      return l10n.t('Must be null.');
    default:
      return undefined;
  }
}

const show = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' && !Number.isInteger(v) ? pyFloatRepr(v) : JSON.stringify(v));

/** Kadi's message for a value that is not one of `options`. */
export const enumMessage = (options: readonly unknown[]): string => l10n.t('Must be one of: {0}.', options.map(show).join(', '));

/** Kadi's message for a number below `minimum` or above `maximum` (`limit`). */
export function boundMessage(keyword: 'minimum' | 'maximum', limit: unknown): string {
  return keyword === 'minimum' ? l10n.t('Must be equal to or greater than {0}.', show(limit)) : l10n.t('Must be equal to or smaller than {0}.', show(limit));
}

/** Kadi's message for a missing required property `name` (no message of the schema's own). */
export const requiredMessage = (name: string): string => l10n.t('Missing data for required field "{0}".', name);

function defaultMessage(e: ErrorObject): string {
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'type': {
      const types = String(p.type).split(',');
      const named = types.length > 1 ? types.filter((t) => t !== 'null') : types;
      return (named.length === 1 && typeMessage(named[0])) || l10n.t('Not a valid {0}.', named.reduce((a, b) => l10n.t('{0} or {1}', a, b)));
    }
    case 'required':
      return l10n.t('Missing data for required field.');
    case 'additionalProperties':
      return l10n.t('Unknown field.');
    case 'enum':
      return enumMessage(p.allowedValues as unknown[]);
    case 'const':
      return l10n.t('Must be equal to {0}.', show(p.allowedValue));
    case 'minLength':
      return p.limit === 1 ? l10n.t('String must not be empty.') : l10n.t('Shorter than minimum length {0}.', p.limit);
    case 'maxLength':
      return l10n.t('Longer than maximum length {0}.', p.limit);
    case 'minItems':
      return l10n.t('Shorter than minimum length {0}.', p.limit);
    case 'maxItems':
      return l10n.t('Longer than maximum length {0}.', p.limit);
    case 'minimum':
    case 'maximum':
      return boundMessage(e.keyword, p.limit);
    case 'exclusiveMinimum':
      return l10n.t('Must be greater than {0}.', show(p.limit));
    case 'exclusiveMaximum':
      return l10n.t('Must be smaller than {0}.', show(p.limit));
    case 'pattern':
      return l10n.t('String does not match expected pattern.');
    case 'format':
      return p.format === 'date-time' || p.format === 'date' || p.format === 'kadi-date' ? l10n.t('Not a valid date.') : l10n.t('Not a valid {0}.', p.format);
    case 'uniqueItems':
      return l10n.t('Items must be unique.');
    case 'not':
      return l10n.t('Not allowed here.');
    default:
      // ajv's own message (English), for keywords Kadi's schemas do not use.
      return e.message ? e.message.replace(/^./, (c) => c.toUpperCase()).replace(/([^.])$/, '$1.') : l10n.t('Invalid value.');
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

/**
 * The message the schema sets for this error (`errorMessage`, `kadiMessages`), or Kadi's for a
 * null value, in English as written there: code() reads it, fixedMessage() shows it.
 */
function schemaMessage(e: ErrorObject): string | undefined {
  const schema = e.parentSchema as Record<string, unknown> | undefined;
  const em = schema?.errorMessage;
  if (typeof em === 'string') return em;
  const table = schema?.kadiMessages as Record<string, string | undefined> | undefined;
  if (table) {
    // l10n: not user-facing (English source text, shown through fixedMessage())
    if (e.keyword === 'type' && e.data === null) return table.null ?? 'Field may not be null.';
    if (table[e.keyword]) return table[e.keyword]!;
  }
  // l10n: not user-facing (English source text, shown through fixedMessage())
  if (e.keyword === 'type' && e.data === null) return 'Field may not be null.';
  return undefined;
}

const MAX_INT = 2 ** 53 - 1;

/**
 * A message as the schemas write it (template-document.schema.json, kadiRecords.ts), English,
 * in the user's language. Every message of the schemas is listed (a unit test checks it); one
 * that is not stays English.
 */
export function fixedMessage(english: string): string {
  switch (english) {
    case 'Cannot be used together with boolean.':
      return l10n.t('Cannot be used together with boolean.');
    case 'Cannot be used together with date.':
      return l10n.t('Cannot be used together with date.');
    case 'Cannot be used together with dictionary.':
      return l10n.t('Cannot be used together with dictionary.');
    case 'Cannot be used together with list.':
      return l10n.t('Cannot be used together with list.');
    case 'Cannot be used together with string.':
      return l10n.t('Cannot be used together with string.');
    case 'Field may not be null.':
      return l10n.t('Field may not be null.');
    case 'IRI: Cannot be used together with boolean.':
      return l10n.t('IRI: Cannot be used together with boolean.');
    case 'IRI: Cannot be used together with date.':
      return l10n.t('IRI: Cannot be used together with date.');
    case 'IRI: Cannot be used together with float.':
      return l10n.t('IRI: Cannot be used together with float.');
    case 'IRI: Cannot be used together with integer.':
      return l10n.t('IRI: Cannot be used together with integer.');
    case 'IRI: Field may not be null.':
      return l10n.t('IRI: Field may not be null.');
    case 'IRI: Not a valid boolean.':
      return l10n.t('IRI: Not a valid boolean.');
    case 'Integer values must be between -9007199254740991 and 9007199254740991.':
      return l10n.t('Integer values must be between {0} and {1}.', -MAX_INT, MAX_INT);
    case 'Invalid input type.':
      return l10n.t('Invalid input type.');
    case 'Invalid input type: an extra is an object with "type", "key", "value" …':
      return l10n.t('Invalid input type: an extra is an object with "type", "key", "value" …');
    case 'Invalid input type: expected an array of extras.':
      return l10n.t('Invalid input type: expected an array of extras.');
    case 'Invalid input type: the data of a record template is an object (identifier, title, description, type, license, tags, extras, collections, record_links, roles).':
      return l10n.t('Invalid input type: the data of a record template is an object (identifier, title, description, type, license, tags, extras, collections, record_links, roles).');
    case 'Invalid input type: the value of a dictionary is an array of extras.':
      return l10n.t('Invalid input type: the value of a dictionary is an array of extras.');
    case 'Invalid input type: the value of a list is an array of extras.':
      return l10n.t('Invalid input type: the value of a list is an array of extras.');
    case 'Invalid value. Must be one of: str, int, float, bool, date, dict, list.':
      return l10n.t('Invalid value. Must be one of: {0}.', 'str, int, float, bool, date, dict, list'); // l10n: not user-facing (Kadi's values, shown as they are)
    case 'Longer than maximum length 150.':
      return l10n.t('Longer than maximum length {0}.', 150);
    case 'Longer than maximum length 2048.':
      return l10n.t('Longer than maximum length {0}.', 2048);
    case 'Longer than maximum length 50.':
      return l10n.t('Longer than maximum length {0}.', 50);
    case 'Longer than maximum length 50000.':
      return l10n.t('Longer than maximum length {0}.', 50000);
    case 'Managed by the Kadi4Mat server: it cannot be edited. Remove it from the document.':
      return l10n.t('Managed by the Kadi4Mat server: it cannot be edited. Remove it from the document.');
    case 'Must be greater than or equal to 1.':
      return l10n.t('Must be greater than or equal to {0}.', 1);
    case 'Must be one of: member, collaborator, editor, admin.':
      return l10n.t('Must be one of: {0}.', 'member, collaborator, editor, admin'); // l10n: not user-facing (Kadi's values, shown as they are)
    case 'Must be one of: out, in.':
      return l10n.t('Must be one of: {0}.', 'out, in'); // l10n: not user-facing (Kadi's values, shown as they are)
    case 'Must be one of: private, public.':
      return l10n.t('Must be one of: {0}.', 'private, public'); // l10n: not user-facing (Kadi's values, shown as they are)
    case 'Must be one of: record, extras.':
      return l10n.t('Must be one of: {0}.', 'record, extras'); // l10n: not user-facing (Kadi's values, shown as they are)
    case 'Must be one of: user, group.':
      return l10n.t('Must be one of: {0}.', 'user, group'); // l10n: not user-facing (Kadi's values, shown as they are)
    case 'Not a valid IRI.':
      return l10n.t('Not a valid IRI.');
    case 'Not a valid boolean.':
      return l10n.t('Not a valid boolean.');
    case 'Not a valid date.':
      return l10n.t('Not a valid date.');
    case 'Not a valid float.':
      return l10n.t('Not a valid float.');
    case 'Not a valid identifier. Valid are lower case alphanumeric characters, hyphens and underscores.':
      return l10n.t('Not a valid identifier. Valid are lower case alphanumeric characters, hyphens and underscores.');
    case 'Not a valid integer.':
      return l10n.t('Not a valid integer.');
    case 'Not a valid list.':
      return l10n.t('Not a valid list.');
    case 'Not a valid mapping type.':
      return l10n.t('Not a valid mapping type.');
    case 'Not a valid string.':
      return l10n.t('Not a valid string.');
    case 'Options: Cannot be used together with boolean.':
      return l10n.t('Options: Cannot be used together with boolean.');
    case 'Options: Cannot be used together with date.':
      return l10n.t('Options: Cannot be used together with date.');
    case 'Options: Field may not be null.':
      return l10n.t('Options: Field may not be null.');
    case 'Options: Integer values must be between -9007199254740991 and 9007199254740991.':
      return l10n.t('Options: Integer values must be between {0} and {1}.', -MAX_INT, MAX_INT);
    case 'Options: Not a valid IRI.':
      return l10n.t('Options: Not a valid IRI.');
    case 'Options: Not a valid float.':
      return l10n.t('Options: Not a valid float.');
    case 'Options: Not a valid integer.':
      return l10n.t('Options: Not a valid integer.');
    case 'Options: Not a valid list.':
      return l10n.t('Options: Not a valid list.');
    case 'Options: Not a valid string.':
      return l10n.t('Options: Not a valid string.');
    case 'Range: Cannot be used together with boolean.':
      return l10n.t('Range: Cannot be used together with boolean.');
    case 'Range: Cannot be used together with date.':
      return l10n.t('Range: Cannot be used together with date.');
    case 'Range: Cannot be used together with string.':
      return l10n.t('Range: Cannot be used together with string.');
    case 'Range: Field may not be null.':
      return l10n.t('Range: Field may not be null.');
    case 'Range: Integer values must be between -9007199254740991 and 9007199254740991.':
      return l10n.t('Range: Integer values must be between {0} and {1}.', -MAX_INT, MAX_INT);
    case 'Range: Invalid input type.':
      return l10n.t('Range: Invalid input type.');
    case 'Range: Not a valid float.':
      return l10n.t('Range: Not a valid float.');
    case 'Range: Not a valid integer.':
      return l10n.t('Range: Not a valid integer.');
    case 'Required: Field may not be null.':
      return l10n.t('Required: Field may not be null.');
    case 'Required: Not a valid boolean.':
      return l10n.t('Required: Not a valid boolean.');
    case 'String must not be empty.':
      return l10n.t('String must not be empty.');
    case 'The document must be one JSON object with the fields identifier, title, description, visibility, type and data.':
      return l10n.t('The document must be one JSON object with the fields identifier, title, description, visibility, type and data.');
    case 'Unknown field. A template document has the fields identifier, title, description, visibility, type and data.':
      return l10n.t('Unknown field. A template document has the fields identifier, title, description, visibility, type and data.');
    case 'Value is required.':
      return l10n.t('Value is required.');
    default:
      return english;
  }
}

function code(e: ErrorObject, english: string): string {
  const c = (e.parentSchema as Record<string, unknown> | undefined)?.kadiCode;
  if (typeof c === 'string') return c;
  // l10n: not user-facing (compared with the English source text, never with what is shown)
  if (e.keyword === 'type' && (english.endsWith('Field may not be null.') || (e.data === null && english === 'Value is required.'))) return 'null';
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
    const english = schemaMessage(e);
    const msg = english === undefined ? defaultMessage(e) : fixedMessage(english);
    const c = code(e, english ?? '');
    if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const text = english === undefined ? requiredMessage(missing) : `${msg.replace(/\.$/, '')} "${missing}".`;
      return { path, message: text, severity: 'error', code: c, anchor: 'key' };
    }
    if (e.keyword === 'additionalProperties') {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      return { path: [...path, name], message: msg, severity: 'error', code: c, anchor: 'key' };
    }
    // A field that may not be there at all is marked at its name.
    return { path, message: msg, severity: 'error', code: c, anchor: e.keyword === 'not' || c === 'not-allowed' ? 'key' : 'value' };
  });
}
