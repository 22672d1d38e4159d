// The editable text of a template: what a `kadi:` document shows and what a save parses.
// No `vscode` import.
//
// Format: pretty-printed JSON (2 spaces), trailing newline, top-level keys in the order
//   identifier, title, description, visibility, type, data
// (`type` sits next to `data` because it fixes the shape of `data`; it is shown but cannot
// be changed). Server-managed fields (id, state, creator, dates, links) are not part of the
// text; the editor shows them in the status bar.
//
// Kadi returns objects with sorted keys (Flask) or PostgreSQL's JSONB order, so the text is
// rendered in one canonical key order that does not depend on the order the server used;
// otherwise every save would reshuffle what the user sees. Inside `data`:
//   extra entry        key, type, value, unit, description, term, validation
//                      (`key` first: it names the entry; list children have no key and
//                      start with `type`)
//   validation         required, options, range, iri
//   range              min, max
//   record-template    identifier, title, description, type, license, tags, extras,
//   data               collections, record_links, roles   (the order of Kadi's own form)
//   record link        direction, record, name, term
//   role entry         subject_type, subject_id, role
// Keys this list does not know come after the known ones, in the order they arrived.
import * as l10n from '../ui/l10n';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { Template, TemplateData, TemplateSnapshot, TemplateType, Visibility } from './types';

/** Fields a save may change (PATCH), in document order. */
export const EDITABLE_FIELDS = ['identifier', 'title', 'description', 'visibility', 'data'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

const DOCUMENT_KEYS = ['identifier', 'title', 'description', 'visibility', 'type', 'data'] as const;

/** Template fields the server manages; the document leaves them out and a save refuses them. */
export const SERVER_MANAGED_FIELDS = [
  'id',
  'plain_description',
  'state',
  'created_at',
  'last_modified',
  'creator',
  '_links',
  '_actions',
] as const;

/** The content of a template document. Values come from user text, so they are not trusted. */
export interface TemplateDocument {
  identifier: string;
  title: string;
  description: string;
  visibility: Visibility;
  type: TemplateType;
  data: TemplateData;
}

/** The five editable values, as parsed from a document (types unchecked: the server validates). */
export type EditableValues = Record<EditableField, unknown>;

const EXTRA_KEYS = ['key', 'type', 'value', 'unit', 'description', 'term', 'validation'];
const VALIDATION_KEYS = ['required', 'options', 'range', 'iri'];
const RANGE_KEYS = ['min', 'max'];
const RECORD_DATA_KEYS = ['identifier', 'title', 'description', 'type', 'license', 'tags', 'extras', 'collections', 'record_links', 'roles'];
const RECORD_LINK_KEYS = ['direction', 'record', 'name', 'term'];
const ROLE_KEYS = ['subject_type', 'subject_id', 'role'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A copy of `obj` whose keys come in `order` first, then the others in their original order. */
function ordered(obj: Record<string, unknown>, order: readonly string[], map?: (key: string, value: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (k: string) => {
    out[k] = map ? map(k, obj[k]) : obj[k];
  };
  for (const k of order) if (Object.prototype.hasOwnProperty.call(obj, k)) put(k);
  for (const k of Object.keys(obj)) if (!order.includes(k)) put(k);
  return out;
}

function canonicalValidation(v: unknown): unknown {
  if (!isPlainObject(v)) return v;
  return ordered(v, VALIDATION_KEYS, (k, val) => (k === 'range' && isPlainObject(val) ? ordered(val, RANGE_KEYS) : val));
}

function canonicalExtra(entry: unknown): unknown {
  if (!isPlainObject(entry)) return entry;
  return ordered(entry, EXTRA_KEYS, (k, val) => {
    // dict/list values are arrays of entries; any other array value is plain data.
    if (k === 'value' && Array.isArray(val) && (entry.type === 'dict' || entry.type === 'list')) return canonicalExtras(val);
    if (k === 'validation') return canonicalValidation(val);
    return val;
  });
}

/** Extras in canonical key order (recursively through dict/list values). */
export function canonicalExtras(extras: unknown): unknown {
  return Array.isArray(extras) ? extras.map(canonicalExtra) : extras;
}

function canonicalRecordData(data: Record<string, unknown>): Record<string, unknown> {
  return ordered(data, RECORD_DATA_KEYS, (k, val) => {
    if (k === 'extras') return canonicalExtras(val);
    if (k === 'record_links' && Array.isArray(val)) return val.map((l) => (isPlainObject(l) ? ordered(l, RECORD_LINK_KEYS) : l));
    if (k === 'roles' && Array.isArray(val)) return val.map((r) => (isPlainObject(r) ? ordered(r, ROLE_KEYS) : r));
    return val;
  });
}

/** `data` in the canonical key order of the document (see the header comment). */
export function canonicalData(data: unknown): unknown {
  if (Array.isArray(data)) return canonicalExtras(data);
  if (isPlainObject(data)) return canonicalRecordData(data);
  return data;
}

/** Kadi fixes the type at creation; a revision snapshot does not carry it, its data shape does. */
export function inferType(data: unknown): TemplateType {
  return Array.isArray(data) ? 'extras' : 'record';
}

export function documentFromTemplate(t: Pick<Template, 'identifier' | 'title' | 'description' | 'visibility' | 'type' | 'data'>): TemplateDocument {
  return {
    identifier: t.identifier,
    title: t.title,
    description: t.description,
    visibility: t.visibility,
    type: t.type,
    data: t.data,
  };
}

export function documentFromSnapshot(s: Pick<TemplateSnapshot, 'identifier' | 'title' | 'description' | 'visibility' | 'data'>, type?: TemplateType): TemplateDocument {
  return { ...documentFromTemplate({ ...s, type: type ?? inferType(s.data) }) };
}

/** The document text: canonical key order, 2-space indentation, trailing newline. */
export function renderDocument(doc: TemplateDocument): string {
  const out: Record<string, unknown> = {};
  for (const k of DOCUMENT_KEYS) out[k] = k === 'data' ? canonicalData(doc.data) : doc[k];
  return JSON.stringify(out, null, 2) + '\n';
}

export function renderTemplate(t: Pick<Template, 'identifier' | 'title' | 'description' | 'visibility' | 'type' | 'data'>): string {
  return renderDocument(documentFromTemplate(t));
}

export function editableValues(t: Pick<Template, EditableField>): EditableValues {
  return { identifier: t.identifier, title: t.title, description: t.description, visibility: t.visibility, data: t.data };
}

// ------------------------------------------------------------------------------- parsing

/** Zero-based line/character of an offset (LF, CRLF and CR line ends). */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: end - lineStart };
}

export type ParsedDocument =
  | { ok: true; values: EditableValues }
  | { ok: false; message: string; offset?: number; line?: number; column?: number };

const fieldsSentence = () => l10n.t('A template document has the fields identifier, title, description, visibility, type and data.');

function syntaxMessage(code: ParseError['error']): string {
  switch (printParseErrorCode(code)) {
    case 'InvalidSymbol':
      return l10n.t('unexpected character');
    case 'InvalidNumberFormat':
      return l10n.t('invalid number');
    case 'PropertyNameExpected':
      return l10n.t('property name expected');
    case 'ValueExpected':
      return l10n.t('value expected');
    case 'ColonExpected':
      return l10n.t('colon expected');
    case 'CommaExpected':
      return l10n.t('comma expected');
    case 'CloseBraceExpected':
      return l10n.t('closing brace "}" expected');
    case 'CloseBracketExpected':
      return l10n.t('closing bracket "]" expected');
    case 'EndOfFileExpected':
      return l10n.t('end of file expected (text after the closing brace)');
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return l10n.t('comments are not allowed in JSON');
    case 'UnexpectedEndOfString':
      return l10n.t('unterminated string');
    case 'UnexpectedEndOfNumber':
      return l10n.t('unterminated number');
    case 'InvalidUnicode':
      return l10n.t('invalid unicode escape');
    case 'InvalidEscapeCharacter':
      return l10n.t('invalid escape character');
    case 'InvalidCharacter':
      return l10n.t('invalid character in string');
    default:
      return l10n.t('invalid JSON');
  }
}

/**
 * Parses a document for saving. `type` is the template's type: changing it is refused, as
 * Kadi ignores `type` on PATCH and a silently dropped change would mislead.
 */
export function parseDocument(text: string, type: TemplateType): ParsedDocument {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length) {
    const first = errors[0];
    const pos = positionAt(text, first.offset);
    return {
      ok: false,
      message: l10n.t('The document is not valid JSON: {0} at line {1}, column {2}.', syntaxMessage(first.error), pos.line + 1, pos.character + 1),
      offset: first.offset,
      line: pos.line + 1,
      column: pos.character + 1,
    };
  }
  if (!isPlainObject(value)) return { ok: false, message: l10n.t('The document must be one JSON object. {0}', fieldsSentence()) };

  for (const key of Object.keys(value)) {
    if (key === '$schema' || (DOCUMENT_KEYS as readonly string[]).includes(key)) continue;
    if ((SERVER_MANAGED_FIELDS as readonly string[]).includes(key)) {
      return { ok: false, message: l10n.t('"{0}" is managed by the Kadi4Mat server and cannot be edited; remove it from the document.', key) };
    }
    return { ok: false, message: l10n.t('Unknown field "{0}". {1}', key, fieldsSentence()) };
  }
  if ('type' in value && value.type !== type) {
    return {
      ok: false,
      message:
        type === 'extras'
          ? l10n.t('The template type cannot be changed: this is an "{0}" template, and Kadi4Mat fixes the type when a template is created. Set "type" back to "{0}" (or create a new template of the other type).', type)
          : l10n.t('The template type cannot be changed: this is a "{0}" template, and Kadi4Mat fixes the type when a template is created. Set "type" back to "{0}" (or create a new template of the other type).', type),
    };
  }
  const missing = EDITABLE_FIELDS.filter((k) => !(k in value));
  if (missing.length) {
    const list = missing.map((m) => `"${m}"`).join(', ');
    return { ok: false, message: l10n.t('The document lacks {0}. {1}', list, fieldsSentence()) };
  }
  return {
    ok: true,
    values: { identifier: value.identifier, title: value.title, description: value.description, visibility: value.visibility, data: value.data },
  };
}

/** The `type` a document's text declares ("extras" or "record"), or undefined (not JSON, no type). */
export function declaredType(text: string): TemplateType | undefined {
  try {
    const t = (JSON.parse(text) as { type?: unknown }).type;
    return t === 'extras' || t === 'record' ? t : undefined;
  } catch {
    return undefined;
  }
}
