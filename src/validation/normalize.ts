// Kadi's load filters (kadi-api.md §2), applied in place to a freshly parsed document before
// schema validation, so that the schema can describe what the server stores: identifiers
// lower-cased and stripped, titles and keys whitespace-normalised, blank values null, the key
// of an entry inside a list dropped. What the filters change without a word, and fields Kadi
// ignores, become warnings here. Runs on every keystroke over every extra: one mutable path,
// copied only when a problem is reported; known field names by `switch` (pointer compares of
// interned names, not a Set lookup per field); no closure per entry; warnings and infos past
// `maxProblems` of their severity not built (the cap would drop them).
import type { TemplateType } from '../kadi/types';
import * as l10n from '../ui/l10n';
import { RECORD_DATA_FIELDS, RECORD_LINK_FIELDS, RECORD_ROLE_FIELDS, has, isNestedType, isPlainObject } from './kadiRules';
import { Locator } from './locate';
import { fixedMessage } from './messages';
import type { Problem } from './problems';
import { pyBoolean, pyInteger, pyNormalize, pyStrip } from './pyText';
import type { JsonPath } from './types';

export interface NormalizeOptions {
  /** The template's real type; a document whose `type` differs cannot be saved. */
  type?: TemplateType;
  /** Warnings (and infos) past this many of a severity are not reported. */
  maxProblems?: number;
  /** The text `doc` was parsed from: how its numbers were written (`5.0` is no integer to Kadi). */
  text?: string;
}

type Obj = Record<string, unknown>;
type Filter = (s: string) => string;

const lowerStrip: Filter = (s) => pyStrip(s.toLowerCase());

type Known = (k: string) => boolean;

/** Fields of an extra entry Kadi reads (kadiRules.ENTRY_FIELDS); anything else is dropped without a word. */
function isEntryField(k: string): boolean {
  switch (k) {
    case 'type':
    case 'key':
    case 'value':
    case 'unit':
    case 'description':
    case 'term':
    case 'validation':
      return true;
    default:
      return false;
  }
}

/** kadiRules.VALIDATION_FIELDS */
function isValidationField(k: string): boolean {
  switch (k) {
    case 'required':
    case 'options':
    case 'range':
    case 'iri':
      return true;
    default:
      return false;
  }
}

/** kadiRules.RANGE_FIELDS */
const isRangeField: Known = (k) => k === 'min' || k === 'max';

const inSet =
  (set: Set<string>): Known =>
  (k) =>
    set.has(k);
const isRecordDataField = inSet(RECORD_DATA_FIELDS);
const isRecordLinkField = inSet(RECORD_LINK_FIELDS);
const isRecordRoleField = inSet(RECORD_ROLE_FIELDS);

class Normalizer {
  /** The path of the object being visited. */
  readonly path: JsonPath = [];
  /** Integral numbers of int extras, to be checked against the text (numbersWrittenAsFloats). */
  readonly intNumbers: { path: JsonPath; prefix: string }[] = [];
  /** Warnings and infos reported so far (past `max` each, the rest is not built). */
  private warnings = 0;
  private infos = 0;

  constructor(
    readonly problems: Problem[],
    private readonly max = Infinity,
  ) {}

  /** Room for one more problem of this severity (errors always). */
  private room(severity: Problem['severity']): boolean {
    if (severity === 'warning') return this.warnings++ < this.max;
    if (severity === 'info') return this.infos++ < this.max;
    return true;
  }

  at(k: string | number): JsonPath {
    return [...this.path, k];
  }

  filter(o: Obj, k: string, f: Filter): void {
    const v = o[k];
    if (typeof v !== 'string') return;
    const r = f(v);
    if (r !== v) o[k] = r; // usually unchanged: no store
  }

  /** Filter a title-like field and warn when Kadi would change it. */
  whitespace(o: Obj, k: string, f: Filter = pyNormalize): void {
    const raw = o[k];
    if (typeof raw !== 'string') return;
    const v = f(raw);
    if (v === raw) return;
    o[k] = v;
    if (v === '') return; // an error of the schema
    if (!this.room('warning')) return;
    const caseOnly = f === lowerStrip && raw.toLowerCase() !== raw;
    this.problems.push({
      path: this.at(k),
      severity: 'warning',
      code: caseOnly ? 'identifier-case' : 'whitespace',
      anchor: 'value',
      message: caseOnly
        ? l10n.t('Kadi4Mat stores identifiers in lower case: this is saved as "{0}".', v)
        : l10n.t('Kadi4Mat removes leading, trailing and repeated whitespace: this is saved as "{0}".', v),
      fix: { title: l10n.t('Change to "{0}"', v), ops: [{ op: 'replace', path: this.at(k), text: JSON.stringify(v) }] },
    });
  }

  ignored(o: Obj, known: Known): void {
    for (const k in o) {
      if (known(k) || !this.room('warning')) continue;
      this.problems.push({
        path: this.at(k),
        severity: 'warning',
        code: 'ignored-field',
        anchor: 'key',
        message: l10n.t('Kadi4Mat ignores "{0}" here: it is not saved.', k),
        fix: { title: l10n.t('Remove "{0}"', k), ops: [{ op: 'remove', path: this.at(k) }] },
      });
    }
  }

  /** Visits `o[k]` with the path extended by `k`. */
  within(k: string | number, visit: () => void): void {
    this.path.push(k);
    visit();
    this.path.pop();
  }

  extras(list: unknown, inList: boolean): void {
    if (!Array.isArray(list)) return;
    const path = this.path;
    for (let i = 0; i < list.length; i++) {
      const entry = list[i];
      if (!isPlainObject(entry)) continue;
      path.push(i);
      this.entry(entry, inList);
      path.pop();
    }
  }

  entry(e: Obj, inList: boolean): void {
    this.ignored(e, isEntryField);
    // The fields of every extra: named loads, stores only when a filter changed something.
    const type = e.type;
    if (typeof type === 'string') {
      const r = pyStrip(type);
      if (r !== type) e.type = r;
    }
    if (inList) {
      if (has(e, 'key')) {
        if (this.room('warning')) this.problems.push({
          path: this.at('key'),
          severity: 'warning',
          code: 'key-in-list',
          anchor: 'key',
          message: l10n.t('Entries directly inside a list have no key: Kadi4Mat drops it.'),
          fix: { title: l10n.t('Remove "{0}"', 'key'), ops: [{ op: 'remove', path: this.at('key') }] },
        });
        delete e.key;
      }
    } else {
      this.whitespace(e, 'key');
    }
    const unit = e.unit;
    if (typeof unit === 'string') {
      const r = pyNormalize(unit);
      if (r !== unit) e.unit = r;
    }
    const description = e.description;
    if (typeof description === 'string') {
      const r = pyStrip(description);
      if (r !== description) e.description = r;
    }
    const term = e.term;
    if (typeof term === 'string') {
      const r = pyStrip(term);
      if (r !== term) e.term = r;
    }
    const value = e.value;
    if (typeof value === 'string') {
      const r = pyStrip(value);
      if (r === '') e.value = null;
      else if (r !== value) e.value = r;
    }
    const path = this.path;
    if (e.type === 'int') this.integralNumber(e, 'value', '');
    if (isNestedType(e.type)) {
      path.push('value');
      this.extras(e.value, e.type === 'list');
      path.pop();
    }
    const v = e.validation;
    if (isPlainObject(v)) {
      path.push('validation');
      this.validation(v, e.type);
      path.pop();
    }
  }

  validation(v: Obj, type: unknown): void {
    this.ignored(v, isValidationField);
    this.coerce(v, 'required', pyBoolean, 'boolean');
    this.coerce(v, 'iri', pyBoolean, 'boolean');
    // `required: true` is not a problem of the template (it binds records made from it): the hover
    // of the JSON language features explains it, no diagnostic marks every template using it.
    // Options and range bounds are read raw (no stripping, a blank string stays a string).
    const range = v.range;
    if (isPlainObject(range)) {
      this.path.push('range');
      this.ignored(range, isRangeField);
      if (type === 'int') {
        this.integralNumber(range, 'min', 'Range: ');
        this.integralNumber(range, 'max', 'Range: ');
      }
      this.path.pop();
    }
    const options = v.options;
    if (type === 'int' && Array.isArray(options)) {
      this.path.push('options');
      for (let i = 0; i < options.length; i++) this.integralNumber(options, i, 'Options: ');
      this.path.pop();
    }
  }

  /**
   * Kadi checks an int extra's numbers by their Python type: `5.0` or `1e3` is a float there,
   * "Not a valid integer.", though JSON.parse makes them 5 and 1000. The text decides
   * (numbersWrittenAsFloats); here the candidates are collected.
   */
  integralNumber(o: Obj | unknown[], k: string | number, prefix: string): void {
    const v = (o as Record<string | number, unknown>)[k];
    if (typeof v === 'number' && Number.isInteger(v)) this.intNumbers.push({ path: this.at(k), prefix });
  }

  /** Marshmallow's lenient conversions (booleans from "yes", integers from "3" or 1.5): what Kadi stores, with a warning. */
  coerce(o: Obj | unknown[], k: string | number, convert: (v: unknown) => unknown, what: 'boolean' | 'integer'): void {
    const raw = (o as Record<string | number, unknown>)[k];
    const v = convert(raw);
    if (v === undefined || v === raw) return;
    (o as Record<string | number, unknown>)[k] = v;
    if (!this.room('warning')) return;
    const text = JSON.stringify(v);
    this.problems.push({
      path: this.at(k),
      severity: 'warning',
      code: 'coerced',
      anchor: 'value',
      message:
        what === 'boolean'
          ? l10n.t('Kadi4Mat reads {0} as a boolean: this is saved as {1}.', JSON.stringify(raw), text)
          : l10n.t('Kadi4Mat reads {0} as an integer: this is saved as {1}.', JSON.stringify(raw), text),
      fix: { title: l10n.t('Change to {0}', text), ops: [{ op: 'replace', path: this.at(k), text }] },
    });
  }

  recordData(d: Obj): void {
    this.ignored(d, isRecordDataField);
    this.whitespace(d, 'identifier', lowerStrip);
    this.whitespace(d, 'title');
    this.filter(d, 'description', pyStrip);
    this.filter(d, 'type', (s) => pyNormalize(s.toLowerCase()));
    this.filter(d, 'license', pyStrip);
    if (Array.isArray(d.tags)) d.tags = d.tags.map((t) => (typeof t === 'string' ? pyNormalize(t.toLowerCase()) : t));
    this.within('extras', () => this.extras(d.extras, false));
    const collections = d.collections;
    if (Array.isArray(collections)) this.within('collections', () => collections.forEach((_, i) => this.coerce(collections, i, pyInteger, 'integer')));
    const objects = (k: string, known: Known, each: (o: Obj) => void) => {
      const list = d[k];
      if (!Array.isArray(list)) return;
      this.within(k, () =>
        list.forEach((o, i) => {
          if (isPlainObject(o)) this.within(i, () => (this.ignored(o, known), each(o)));
        }),
      );
    };
    objects('record_links', isRecordLinkField, (l) => {
      this.filter(l, 'name', pyNormalize);
      this.filter(l, 'term', pyStrip);
      this.coerce(l, 'record', pyInteger, 'integer');
    });
    objects('roles', isRecordRoleField, (r) => this.coerce(r, 'subject_id', pyInteger, 'integer'));
  }
}

/** Applies Kadi's filters to `doc` (mutated) and appends the warnings to `problems`. */
export function normalizeDocument(doc: unknown, options: NormalizeOptions, problems: Problem[]): void {
  if (!isPlainObject(doc)) return;
  const n = new Normalizer(problems, options.maxProblems);
  n.whitespace(doc, 'identifier', lowerStrip);
  n.whitespace(doc, 'title');
  n.filter(doc, 'description', pyStrip);
  n.filter(doc, 'visibility', lowerStrip);
  if (options.type) {
    if (has(doc, 'type') && doc.type !== options.type) {
      problems.push({
        path: ['type'],
        severity: 'error',
        code: 'type-changed',
        anchor: 'value',
        message:
          options.type === 'extras'
            ? l10n.t('The template type cannot be changed: this is an "{0}" template, and Kadi4Mat fixes the type when a template is created.', options.type)
            : l10n.t('The template type cannot be changed: this is a "{0}" template, and Kadi4Mat fixes the type when a template is created.', options.type),
        fix: { title: l10n.t('Change back to "{0}"', options.type), ops: [{ op: 'replace', path: ['type'], text: JSON.stringify(options.type) }] },
      });
    }
    // The data is checked against the real type, whatever the text says.
    doc.type = options.type;
  }
  const data = doc.data;
  if (doc.type === 'record' && isPlainObject(data)) n.within('data', () => n.recordData(data));
  else if (doc.type === 'extras') n.within('data', () => n.extras(data, false));
  if (options.text !== undefined) numbersWrittenAsFloats(options.text, n.intNumbers, problems);
}

/**
 * "Not a valid integer." for the integral numbers of int extras written with a fraction or an
 * exponent. Looked up in the text only when it has such a number somewhere at all.
 */
function numbersWrittenAsFloats(text: string, candidates: { path: JsonPath; prefix: string }[], problems: Problem[]): void {
  if (candidates.length === 0 || !/\d[.eE]/.test(text)) return;
  const locator = new Locator(text);
  for (const c of candidates) locator.want(c.path);
  locator.run();
  for (const c of candidates) {
    const { node, missing } = locator.get(c.path);
    if (missing > 0 || !/[.eE]/.test(text.substr(node.value.offset, node.value.length))) continue;
    // l10n: not user-facing (the English of the schemas, "Range: Not a valid integer.", shown through fixedMessage())
    problems.push({ path: c.path, severity: 'error', code: 'type', anchor: 'value', message: fixedMessage(`${c.prefix}Not a valid integer.`) });
  }
}

/** Kadi's normalisation of the extras alone (for deriving schemas from edited documents). */
export function normalizeExtras(list: unknown, inList = false): void {
  new Normalizer([]).extras(list, inList);
}
