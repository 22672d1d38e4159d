// Kadi's load filters (kadi-api.md §2), applied in place to a freshly parsed document before
// schema validation, so that the schema can describe what the server stores: identifiers
// lower-cased and stripped, titles and keys whitespace-normalised, blank values null, the key
// of an entry inside a list dropped. What the filters change without a word, and fields Kadi
// ignores, become warnings here.
import type { TemplateType } from '../kadi/types';
import { ENTRY_FIELDS, RANGE_FIELDS, RECORD_DATA_FIELDS, RECORD_LINK_FIELDS, RECORD_ROLE_FIELDS, VALIDATION_FIELDS, has, isNestedType, isPlainObject } from './kadiRules';
import type { Problem } from './problems';
import { pyNormalize, pyStrip } from './pyText';
import type { JsonPath } from './types';

export interface NormalizeOptions {
  /** The template's real type; a document whose `type` differs cannot be saved. */
  type?: TemplateType;
}

type Obj = Record<string, unknown>;
type Filter = (s: string) => string;

const lowerStrip: Filter = (s) => pyStrip(s.toLowerCase());

class Normalizer {
  constructor(readonly problems: Problem[]) {}

  /** Filters `o[k]` when it is a string; returns [raw, filtered] for the caller's warnings. */
  filter(o: Obj, k: string, f: Filter): [string, string] | undefined {
    const raw = o[k];
    if (typeof raw !== 'string') return undefined;
    const v = f(raw);
    o[k] = v;
    return [raw, v];
  }

  /** Filter a title-like field and warn when Kadi would change it. */
  whitespace(o: Obj, k: string, path: JsonPath, f: Filter = pyNormalize): void {
    const r = this.filter(o, k, f);
    if (!r || r[0] === r[1] || r[1] === '') return;
    const [raw, v] = r;
    const caseOnly = raw.toLowerCase() !== raw && f === lowerStrip;
    this.problems.push({
      path: [...path, k],
      severity: 'warning',
      code: caseOnly ? 'identifier-case' : 'whitespace',
      anchor: 'value',
      message: caseOnly
        ? `Kadi4Mat stores identifiers in lower case: this is saved as "${v}".`
        : `Kadi4Mat removes leading, trailing and repeated whitespace: this is saved as "${v}".`,
      fix: { title: `Change to "${v}"`, ops: [{ op: 'replace', path: [...path, k], text: JSON.stringify(v) }] },
    });
  }

  ignored(o: Obj, known: Set<string>, path: JsonPath): void {
    for (const k of Object.keys(o)) {
      if (known.has(k)) continue;
      this.problems.push({
        path: [...path, k],
        severity: 'warning',
        code: 'ignored-field',
        anchor: 'key',
        message: `Kadi4Mat ignores "${k}" here: it is not saved.`,
        fix: { title: `Remove "${k}"`, ops: [{ op: 'remove', path: [...path, k] }] },
      });
    }
  }

  /** A value as Kadi reads it: strings stripped, blank → null (for every type). */
  blankToNull(o: Obj, k: string): void {
    const v = o[k];
    if (typeof v === 'string') {
      const s = pyStrip(v);
      o[k] = s === '' ? null : s;
    }
  }

  extras(list: unknown, path: JsonPath, inList: boolean): void {
    if (!Array.isArray(list)) return;
    list.forEach((entry, i) => {
      if (isPlainObject(entry)) this.entry(entry, [...path, i], inList);
    });
  }

  entry(e: Obj, path: JsonPath, inList: boolean): void {
    this.ignored(e, ENTRY_FIELDS, path);
    this.filter(e, 'type', pyStrip);
    if (inList) {
      if (has(e, 'key')) {
        this.problems.push({
          path: [...path, 'key'],
          severity: 'warning',
          code: 'key-in-list',
          anchor: 'key',
          message: 'Entries directly inside a list have no key: Kadi4Mat drops it.',
          fix: { title: 'Remove "key"', ops: [{ op: 'remove', path: [...path, 'key'] }] },
        });
        delete e.key;
      }
    } else {
      this.whitespace(e, 'key', path);
    }
    this.filter(e, 'unit', pyNormalize);
    this.filter(e, 'description', pyStrip);
    this.filter(e, 'term', pyStrip);
    this.blankToNull(e, 'value');
    if (isNestedType(e.type)) this.extras(e.value, [...path, 'value'], e.type === 'list');
    if (isPlainObject(e.validation)) this.validation(e.validation, [...path, 'validation']);
  }

  validation(v: Obj, path: JsonPath): void {
    this.ignored(v, VALIDATION_FIELDS, path);
    if (v.required === true) {
      this.problems.push({
        path: [...path, 'required'],
        severity: 'info',
        code: 'required-in-template',
        anchor: 'key',
        message: '"required" is not enforced in the template itself: it makes the value mandatory in records created from this template.',
      });
    }
    if (Array.isArray(v.options)) {
      v.options = v.options.map((o) => (typeof o === 'string' ? pyStrip(o) || null : o));
    }
    if (isPlainObject(v.range)) {
      this.ignored(v.range, RANGE_FIELDS, [...path, 'range']);
      this.blankToNull(v.range, 'min');
      this.blankToNull(v.range, 'max');
    }
  }

  recordData(d: Obj, path: JsonPath): void {
    this.ignored(d, RECORD_DATA_FIELDS, path);
    this.whitespace(d, 'identifier', path, lowerStrip);
    this.whitespace(d, 'title', path);
    this.filter(d, 'description', pyStrip);
    this.filter(d, 'type', (s) => pyNormalize(s.toLowerCase()));
    this.filter(d, 'license', pyStrip);
    if (Array.isArray(d.tags)) d.tags = d.tags.map((t) => (typeof t === 'string' ? pyNormalize(t.toLowerCase()) : t));
    this.extras(d.extras, [...path, 'extras'], false);
    if (Array.isArray(d.record_links)) {
      d.record_links.forEach((l, i) => {
        if (!isPlainObject(l)) return;
        this.ignored(l, RECORD_LINK_FIELDS, [...path, 'record_links', i]);
        this.filter(l, 'name', pyNormalize);
        this.filter(l, 'term', pyStrip);
      });
    }
    if (Array.isArray(d.roles)) {
      d.roles.forEach((r, i) => {
        if (isPlainObject(r)) this.ignored(r, RECORD_ROLE_FIELDS, [...path, 'roles', i]);
      });
    }
  }
}

/** Applies Kadi's filters to `doc` (mutated) and appends the warnings to `problems`. */
export function normalizeDocument(doc: unknown, options: NormalizeOptions, problems: Problem[]): void {
  if (!isPlainObject(doc)) return;
  const n = new Normalizer(problems);
  n.whitespace(doc, 'identifier', [], lowerStrip);
  n.whitespace(doc, 'title', []);
  n.filter(doc, 'description', pyStrip);
  n.filter(doc, 'visibility', lowerStrip);
  if (options.type) {
    if (has(doc, 'type') && doc.type !== options.type) {
      const article = options.type === 'extras' ? 'an' : 'a';
      problems.push({
        path: ['type'],
        severity: 'error',
        code: 'type-changed',
        anchor: 'value',
        message: `The template type cannot be changed: this is ${article} "${options.type}" template, and Kadi4Mat fixes the type when a template is created.`,
        fix: { title: `Change back to "${options.type}"`, ops: [{ op: 'replace', path: ['type'], text: JSON.stringify(options.type) }] },
      });
    }
    // The data is checked against the real type, whatever the text says.
    doc.type = options.type;
  }
  if (doc.type === 'record' && isPlainObject(doc.data)) n.recordData(doc.data, ['data']);
  else if (doc.type === 'extras') n.extras(doc.data, ['data'], false);
}

/** Kadi's normalisation of the extras alone (for deriving schemas from edited documents). */
export function normalizeExtras(list: unknown, inList = false): void {
  new Normalizer([]).extras(list, [], inList);
}
