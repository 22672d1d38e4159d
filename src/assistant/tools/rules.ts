// The rules of a template document as compact reference text for a model. The field lists,
// extra types, what each type may carry and the limits are read from the validator's own
// schema (src/validation/schemas/template-document.schema.json), so the text cannot drift from
// what validate_template checks; only the list of silent changes and the example are written here.
import { loadValidation } from '../../validation/lazy';
import type { AssistantTool } from './types';
import * as l10n from '../../ui/l10n';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let schema: Schema;

function limits(s: Schema): string {
  const out: string[] = [];
  if (s.enum) out.push(`one of ${s.enum.map((v: unknown) => JSON.stringify(v)).join(', ')}`);
  if (s.type) out.push(Array.isArray(s.type) ? s.type.join(' or ') : s.type);
  if (s.minLength === 1) out.push('not empty');
  if (s.maxLength) out.push(`at most ${s.maxLength} characters`);
  if (s.pattern === '^[a-z0-9_-]*$') out.push('lower case letters, digits, "-" and "_"');
  return out.length ? ` (${out.join('; ')})` : '';
}

function fieldLines(props: Schema, indent = '- '): string[] {
  return Object.entries(props)
    .filter(([k, v]) => k !== '$schema' && (v.description || REFS[v.$ref])) // server-managed fields: neither
    .map(([k, v]) => `${indent}${k}${limits(v)}: ${v.description ?? REFS[v.$ref] ?? ''}`.trimEnd());
}

const REFS: Record<string, string> = { '#/$defs/validation': 'an object, see "validation" below', '#/$defs/keyedExtras': 'an array of extras' };

const TYPE_NAMES: Record<string, string> = { string: 'text', integer: 'integer', number: 'number', boolean: 'true/false', array: 'array of extras' };

/** Per extra type: its value and which of unit/options/range/iri it may carry, from the schema's branches. */
function typeLines(): string[] {
  const entry = schema.$defs.entry;
  const descriptions: string[] = entry.properties.type.enumDescriptions;
  return entry.oneOf.map((branch: Schema, i: number) => {
    const type = branch.properties.type.const as string;
    const p = branch.properties;
    const valueType = (p.value.type as string[]).filter((t) => t !== 'null').map((t) => TYPE_NAMES[t] ?? t)[0];
    const forbidden = (s: Schema | undefined) => s?.kadiCode === 'not-allowed';
    const vp = p.validation?.properties ?? {};
    const allowed = [
      !forbidden(p.unit) && 'unit',
      ...['options', 'range', 'iri'].filter((k) => !(k in vp ? forbidden(vp[k]) : type === 'dict' || type === 'list' ? true : false)),
    ].filter(Boolean);
    const nested = type === 'dict' || type === 'list';
    const what = nested ? 'value: array of nested extras' : `value: ${valueType} or null`;
    return `- ${type} — ${descriptions[i]}; ${what}; may carry: ${allowed.length ? allowed.join(', ') : 'none of unit/options/range/iri'}${nested ? '; validation: only required' : ''}`;
  });
}

const SILENT_CHANGES = [
  'Kadi4Mat refuses (errors): unknown fields, duplicate keys in one list of extras, a key missing outside a list, unit/options/range/iri on a type that does not take them, a value or option of the wrong type (5.0 is a float, not an int), range min > max, a default value outside its own range or options, an unknown license name, invalid dates (ISO 8601, e.g. "2024-05-01T12:00:00Z"), integers beyond ±(2^53−1), an identifier already in use on the instance (only the server knows).',
  'Kadi4Mat changes silently (warnings): identifiers are lower-cased and stripped; titles and keys have runs of whitespace collapsed; blank strings become null; the key of an entry directly inside a list is dropped; "yes"/"1" for a boolean and "3" for an id are read leniently.',
  'The type of a template (extras or record) is fixed when it is created.',
];

const EXAMPLE_DOCUMENT = {
  identifier: 'tensile-test',
  title: 'Tensile test',
  description: 'Metadata of one tensile test.',
  visibility: 'private',
  type: 'extras',
  data: [
    { key: 'specimen', type: 'str', value: null, validation: { required: true } },
    { key: 'force', type: 'float', value: null, unit: 'kN', validation: { range: { min: 0, max: null } } },
    { key: 'machine', type: 'str', value: 'Z100', validation: { options: ['Z100', 'Z250'] } },
    { key: 'tested_at', type: 'date', value: null },
    { key: 'geometry', type: 'dict', value: [{ key: 'length', type: 'float', value: null, unit: 'mm' }] },
    { key: 'operators', type: 'list', value: [{ type: 'str', value: null }] },
  ],
};

/** The example, one extra per line (a model reads it as well as the indented form, with a third of the tokens). */
export const EXAMPLE = [
  '{',
  ...Object.entries(EXAMPLE_DOCUMENT).map(([k, v], i, all) => {
    const end = i < all.length - 1 ? ',' : '';
    if (k !== 'data') return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}${end}`;
    return `  "data": [\n${(v as unknown[]).map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]${end}`;
  }),
  '}',
].join('\n');

export async function rulesText(type?: 'extras' | 'record'): Promise<string> {
  schema ??= (await loadValidation()).templateDocumentSchema as Schema;
  const parts = [
    'A Kadi4Mat template document is one JSON object with these fields:',
    ...fieldLines(schema.properties),
    '',
    'An extra (one metadata field) is an object:',
    ...fieldLines(schema.$defs.entry.properties),
    '',
    'Extra types:',
    ...typeLines(),
    '',
    'validation:',
    ...fieldLines(schema.$defs.validation.properties),
  ];
  if (type !== 'extras') parts.push('', 'data of a record template (defaults of new records):', ...fieldLines(schema.$defs.recordData.properties));
  if (type !== 'record') parts.push('', 'data of an extras template: an array of extras.');
  parts.push('', ...SILENT_CHANGES, '', 'Example (an extras template):', EXAMPLE);
  return parts.join('\n');
}

export const templateRules: AssistantTool = {
  name: 'template_rules',
  referenceName: 'kadiTemplateRules',
  // Shown to the user ("Kadi4Mat: <title>" while the tool runs): translated when read, not at import.
  get title() {
    return l10n.t('Rules of Kadi4Mat template documents');
  },
  description:
    'Returns the rules of a Kadi4Mat template document: its fields, the extra types (str, int, float, bool, date, dict, list) and what each may carry (unit, options, range, iri), limits, what Kadi4Mat refuses or silently changes, and an example. Read it before drafting or changing a template; then check the draft with validate_template.',
  inputSchema: {
    type: 'object',
    properties: { type: { type: 'string', enum: ['extras', 'record'], description: 'Only the rules for this template type.' } },
    additionalProperties: false,
  },
  async run(input) {
    return { text: await rulesText(input.type as 'extras' | 'record' | undefined) };
  },
};
