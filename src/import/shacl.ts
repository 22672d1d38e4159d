// SHACL shapes (Turtle) → extras, by the rules of Kadi4Mat's importer
// (kadi/modules/templates/imports.py `_shacl_to_extras`): the root sh:NodeShape's dcterms:title
// and dcterms:description; each sh:property in sh:order with sh:name → key, sh:path → term,
// sh:description, sh:qualifiedValueShape or sh:node → dict (list when the first key is "0"),
// sh:datatype → type (xsd:anyURI → str with IRI validation), sh:defaultValue → value,
// sh:minCount ≥ 1 → required, sh:in → options, sh:minInclusive/sh:maxInclusive → range.
// Parsed with n3 (a real RDF parser). Differences from Kadi are listed in README.md.
// No `vscode` import.
import type { Quad, Term } from 'n3';
import type { DraftExtra, ImportNote, ImportOutcome } from './model';
import { ImportError } from './model';
import { MAX_DEPTH, checkSize } from './source';
import * as l10n from '../ui/l10n';

const SH = 'http://www.w3.org/ns/shacl#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const DCT = 'http://purl.org/dc/terms/';
const OWL_IMPORTS = 'http://www.w3.org/2002/07/owl#imports';

const XSD_TYPES: Record<string, string> = {
  [`${XSD}string`]: 'str',
  [`${XSD}integer`]: 'int',
  [`${XSD}int`]: 'int',
  [`${XSD}float`]: 'float',
  [`${XSD}decimal`]: 'float',
  [`${XSD}double`]: 'float',
  [`${XSD}boolean`]: 'bool',
  [`${XSD}dateTime`]: 'date',
};

const INTEGER_TYPES = ['integer', 'int', 'long', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'negativeInteger', 'nonPositiveInteger', 'unsignedInt', 'unsignedLong', 'unsignedShort', 'unsignedByte'].map((t) => XSD + t);
const NUMBER_TYPES = ['float', 'double', 'decimal'].map((t) => XSD + t);

/** Predicates of a property shape that the mapping reads. */
const PROPERTY_USED = new Set(
  ['name', 'order', 'path', 'description', 'datatype', 'defaultValue', 'minCount', 'maxCount', 'in', 'minInclusive', 'maxInclusive', 'qualifiedValueShape', 'node', 'qualifiedMinCount', 'qualifiedMaxCount'].map((p) => SH + p),
);
/** Predicates of a node shape that the mapping reads (or that describe it, not its data). */
const SHAPE_USED = new Set([`${RDF}type`, `${SH}property`, `${SH}node`, `${SH}order`, OWL_IMPORTS, `${DCT}title`, `${DCT}description`, `${DCT}created`, `${DCT}creator`, `${DCT}modified`, `${DCT}license`]);

const key = (t: Term): string => `${t.termType}:${t.value}`;

/** A short, readable name of an IRI: sh:minLength, xsd:date, or the IRI itself. */
function short(iri: string): string {
  for (const [p, ns] of [['sh', SH], ['xsd', XSD], ['rdf', RDF], ['dcterms', DCT]] as const) if (iri.startsWith(ns)) return `${p}:${iri.slice(ns.length)}`;
  return `<${iri}>`;
}

class Graph {
  private readonly bySubject = new Map<string, Quad[]>();
  readonly quads: Quad[];
  constructor(quads: Quad[]) {
    this.quads = quads;
    for (const q of quads) {
      const k = key(q.subject);
      const list = this.bySubject.get(k);
      if (list) list.push(q);
      else this.bySubject.set(k, [q]);
    }
  }
  about(s: Term): Quad[] {
    return this.bySubject.get(key(s)) ?? [];
  }
  objects(s: Term, p: string): Term[] {
    return this.about(s)
      .filter((q) => q.predicate.value === p)
      .map((q) => q.object);
  }
  value(s: Term, p: string): Term | undefined {
    return this.objects(s, p)[0];
  }
  /** A literal in English or without a language, else any. */
  text(s: Term, p: string): string | undefined {
    const all = this.objects(s, p).filter((o) => o.termType === 'Literal');
    const best = all.find((o) => o.termType === 'Literal' && (o.language === '' || o.language.startsWith('en'))) ?? all[0];
    return best?.value;
  }
  /** The members of an RDF list, or undefined when it is not a well-formed list. */
  list(head: Term): Term[] | undefined {
    const out: Term[] = [];
    let node: Term | undefined = head;
    const seen = new Set<string>();
    while (node && !(node.termType === 'NamedNode' && node.value === `${RDF}nil`)) {
      if (seen.has(key(node))) return undefined;
      seen.add(key(node));
      const first = this.value(node, `${RDF}first`);
      if (!first) return undefined;
      out.push(first);
      node = this.value(node, `${RDF}rest`);
    }
    return node ? out : undefined;
  }
}

/** A literal's value as rdflib's `Literal.value` gives it (numbers, booleans), else its text. */
function literalValue(t: Term): unknown {
  if (t.termType !== 'Literal') return t.value;
  const dt = t.datatype.value;
  if (INTEGER_TYPES.includes(dt) && /^[+-]?\d+$/.test(t.value.trim())) return Number(t.value);
  if (NUMBER_TYPES.includes(dt)) {
    const n = Number(t.value.trim().replace(/^\+/, ''));
    return Number.isFinite(n) ? n : t.value;
  }
  if (dt === `${XSD}boolean`) return t.value === 'true' || t.value === '1' ? true : t.value === 'false' || t.value === '0' ? false : t.value;
  return t.value;
}

export async function importShacl(text: string, name = l10n.t('the shapes')): Promise<ImportOutcome> {
  checkSize(text, name);
  // n3 loads on the first SHACL import, not with the extension (dist/lazy/n3.js, esbuild.js).
  const { Parser } = await import('n3');
  let quads: Quad[];
  try {
    quads = new Parser({ format: 'text/turtle' }).parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ImportError(l10n.t('{0} is not valid Turtle: {1}', name, e instanceof Error ? e.message : String(e)));
  }
  const g = new Graph(quads);
  const shapes: Term[] = [];
  for (const q of quads) {
    if (q.predicate.value === `${RDF}type` && q.object.value === `${SH}NodeShape` && !shapes.some((s) => key(s) === key(q.subject))) shapes.push(q.subject);
  }
  if (!shapes.length) throw new ImportError(l10n.t('{0} has no sh:NodeShape: nothing to import.', name));
  // The root is the first shape no other shape refers to (Kadi takes whichever rdflib yields first).
  const referenced = new Set(quads.filter((q) => [`${SH}node`, `${SH}qualifiedValueShape`, OWL_IMPORTS].includes(q.predicate.value)).map((q) => key(q.object)));
  const roots = shapes.filter((s) => !referenced.has(key(s)));
  const root = roots[0] ?? shapes[0];
  const walker = new Walker(g, root);
  if (roots.length > 1) walker.note(label(root), l10n.t('{0} top-level node shapes; only the first is imported (left out: {1})', roots.length, roots.slice(1).map((r) => label(r)).join(', ')));
  const extras = walker.shapeExtras(root, [key(root)], '', 0);
  const outcome: ImportOutcome = { extras, notes: walker.notes };
  const title = g.text(root, `${DCT}title`);
  if (title?.trim()) outcome.title = title.trim();
  const description = g.text(root, `${DCT}description`);
  if (description?.trim()) outcome.description = description.trim();
  return outcome;
}

const label = (t: Term): string => (t.termType === 'NamedNode' ? short(t.value) : l10n.t('a blank node shape'));

class Walker {
  readonly notes: ImportNote[] = [];
  /** Paths in the exported template's own namespace (<root>#key) were made up by Kadi's export; they are no terms. */
  private readonly ownNamespace: string | undefined;
  constructor(
    private readonly g: Graph,
    root: Term,
  ) {
    this.ownNamespace = root.termType === 'NamedNode' ? `${root.value}#` : undefined;
  }

  note(at: string, message: string): void {
    this.notes.push({ at, message });
  }

  private ordered(s: Term, p: string): Term[] {
    const order = (t: Term): number => {
      const o = this.g.value(t, `${SH}order`);
      const v = o ? Number(o.value) : 0;
      return Number.isFinite(v) ? v : 0;
    };
    return this.g
      .objects(s, p)
      .map((t, i) => ({ t, i, o: order(t) }))
      .sort((a, b) => a.o - b.o || a.i - b.i)
      .map((x) => x.t);
  }

  /** `stack`: the shapes being expanded, so a shape that refers back to itself stops. `prefix`: the parent keys. */
  shapeExtras(shape: Term, stack: string[], prefix: string, depth: number): DraftExtra[] {
    const extras: DraftExtra[] = [];
    const at = prefix || label(shape);
    const unused = [...new Set(this.g.about(shape).map((q) => q.predicate.value).filter((p) => !SHAPE_USED.has(p)))];
    if (unused.length) this.note(at, l10n.t('not carried over: {0}', unused.map(short).join(', ')));
    for (const node of this.ordered(shape, `${SH}node`)) {
      if (stack.includes(key(node)) || depth >= MAX_DEPTH) {
        this.note(at, l10n.t('sh:node {0} refers back to a shape being imported; cut here', label(node)));
        continue;
      }
      extras.push(...this.shapeExtras(node, [...stack, key(node)], prefix, depth + 1));
    }
    for (const prop of this.ordered(shape, `${SH}property`)) {
      const extra = this.property(prop, stack, prefix, depth);
      if (extra) extras.push(extra);
    }
    return extras;
  }

  private property(prop: Term, stack: string[], prefix: string, depth: number): DraftExtra | undefined {
    const g = this.g;
    const path = g.value(prop, `${SH}path`);
    let name = g.text(prop, `${SH}name`);
    const at = `${prefix ? `${prefix} › ` : ''}${name ?? (path ? short(path.value) : 'a property')}`;
    if (name === undefined) {
      // Kadi skips a property without sh:name; its sh:path's last segment is a good key.
      const local = path?.termType === 'NamedNode' ? /([^/#:]+)[/#]?$/.exec(path.value)?.[1] : undefined;
      if (!local) {
        this.note(at, l10n.t('left out: no sh:name and no named sh:path to take a key from'));
        return undefined;
      }
      name = decodeURIComponent(local);
      this.note(at, l10n.t('no sh:name; the key "{0}" is taken from sh:path', name));
    }
    const extra: DraftExtra = { key: name, type: 'str', value: null, at };
    if (path?.termType === 'NamedNode') {
      if (!this.ownNamespace || !path.value.startsWith(this.ownNamespace)) extra.term = path.value;
    } else if (path) this.note(at, l10n.t('a complex sh:path (sequence, inverse, …) is no term; not carried over'));
    const description = g.text(prop, `${SH}description`);
    if (description !== undefined) extra.description = description;

    const nested = this.ordered(prop, `${SH}qualifiedValueShape`);
    const shapes = nested.length ? nested : this.ordered(prop, `${SH}node`);
    if (shapes.length > 1) this.note(at, l10n.t('{0} nested shapes; only the first is imported', shapes.length));
    const inner = shapes[0];
    if (inner) {
      if (stack.includes(key(inner)) || depth >= MAX_DEPTH) this.note(at, l10n.t('the nested shape {0} refers back to a shape being imported; cut here', label(inner)));
      else {
        const children = this.shapeExtras(inner, [...stack, key(inner)], at, depth + 1);
        extra.type = children.length > 0 && children[0].key === '0' ? 'list' : 'dict';
        extra.value = children;
      }
    }

    const datatype = g.value(prop, `${SH}datatype`);
    const unused = [...new Set(g.about(prop).map((q) => q.predicate.value).filter((p) => !PROPERTY_USED.has(p)))];
    const lost = unused.map(short);
    const maxCount = g.value(prop, `${SH}maxCount`);
    if (maxCount && Number(maxCount.value) > 1) lost.push(l10n.t('sh:maxCount {0} (an extra holds one value)', maxCount.value));
    if (datatype) {
      extra.type = XSD_TYPES[datatype.value] ?? 'str';
      if (!XSD_TYPES[datatype.value] && datatype.value !== `${XSD}anyURI`) this.note(at, l10n.t('sh:datatype {0} imported as text (str)', short(datatype.value)));
      const def = g.value(prop, `${SH}defaultValue`);
      if (def) extra.value = literalValue(def);
      const validation: NonNullable<DraftExtra['validation']> = {};
      if (datatype.value === `${XSD}anyURI`) validation.iri = true;
      const minCount = g.value(prop, `${SH}minCount`);
      if (minCount && Number(minCount.value) >= 1) validation.required = true;
      const options = g.value(prop, `${SH}in`);
      if (options) {
        const members = g.list(options);
        if (members) validation.options = members.map(literalValue);
        else this.note(at, l10n.t('sh:in is not a well-formed RDF list; left out'));
      }
      const min = g.value(prop, `${SH}minInclusive`);
      const max = g.value(prop, `${SH}maxInclusive`);
      if (min || max) validation.range = { min: min ? literalValue(min) : null, max: max ? literalValue(max) : null };
      if (Object.keys(validation).length) extra.validation = validation;
    } else {
      // As in Kadi, defaults and constraints are read only next to a sh:datatype.
      for (const p of ['defaultValue', 'minCount', 'in', 'minInclusive', 'maxInclusive']) {
        if (g.value(prop, SH + p) && !(p === 'minCount' && g.value(prop, SH + p)?.value === '0')) lost.push(l10n.t('sh:{0} (read only with a sh:datatype)', p));
      }
    }
    if (lost.length) this.note(at, l10n.t('not carried over: {0}', lost.join(', ')));
    return extra;
  }
}
