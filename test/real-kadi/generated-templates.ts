// Seeded, valid template bodies for the export comparison: every extra type, nesting (dicts and
// lists, three levels), units, options, ranges, required, iri, terms, descriptions and keys
// that need quoting in IRIs. The same seed gives the same bodies.
import { mulberry32 } from '../../src/sandbox/random';

type Json = Record<string, unknown>;

const UNITS = ['N', 'mm', 'K', 'Pa', '%', 'µm', null];
const KEYS = ['force', 'mass flow', 'température', 'a/b', 'x.y', 'Höhe', 'id', 'note', 'rate', 'step'];
const TERMS = ['http://purl.obolibrary.org/obo/CHEBI_33341', 'http://qudt.org/vocab/quantitykind/Temperature', 'https://w3id.org/x#y'];

export function generatedTemplates(count = 20, seed = 20261207): Json[] {
  const rand = mulberry32(seed);
  const chance = (p: number) => rand() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

  /** One scalar extra of `type`, with the optional parts drawn at random. */
  function scalar(type: string, key: string | undefined): Json {
    const e: Json = key === undefined ? { type } : { key, type };
    const validation: Json = {};
    let value: unknown = null;
    if (type === 'int' || type === 'float') {
      const num = () => (type === 'int' ? int(-5, 500) : Math.round((rand() * 200 - 20) * 1000) / 1000 + (chance(0.3) ? 0.5 : 0));
      e.unit = pick(UNITS);
      if (chance(0.4)) {
        const opts = [...new Set([num(), num(), num()])];
        validation.options = opts;
        value = chance(0.5) ? pick(opts) : null;
      } else {
        const min = chance(0.7) ? (type === 'int' ? int(-10, 10) : Math.round(rand() * 10 * 1000) / 1000) : null;
        const max = chance(0.7) ? (type === 'int' ? int(600, 1000) : 250.25) : null;
        if (min !== null || max !== null) validation.range = { min, max };
        value = chance(0.6) ? Math.max(min ?? -Infinity, Math.min(max ?? Infinity, num())) : null;
      }
    } else if (type === 'str') {
      if (chance(0.3)) {
        validation.iri = true;
        const opts = ['https://example.org/a', 'https://example.org/b#c'];
        if (chance(0.5)) validation.options = opts;
        value = chance(0.5) ? pick(opts) : null;
      } else if (chance(0.4)) {
        validation.options = ['lab', 'field', 'Ünïcode "quoted"'];
        value = chance(0.5) ? pick(validation.options as string[]) : null;
      } else value = chance(0.6) ? pick(['steel', 'multi\nline', 'tab\tand \\ backslash']) : null;
    } else if (type === 'bool') value = chance(0.3) ? null : chance(0.5);
    else if (type === 'date') value = chance(0.5) ? pick(['2024-05-01T10:00:00+00:00', '2023-12-31T23:59:59.500000+00:00']) : null;
    if (chance(0.3)) validation.required = true;
    if (Object.keys(validation).length) e.validation = validation;
    if (chance(0.3)) e.term = pick(TERMS);
    if (chance(0.35)) e.description = pick(['Maximum force', 'Measured *after* the test.', 'Ä description with "quotes"']);
    e.value = value;
    return e;
  }

  /** A list of extras: keyed in dicts and at the top, unkeyed inside lists. */
  function extras(depth: number, keyed: boolean): Json[] {
    const n = int(1, depth === 0 ? 6 : 3);
    const keys = [...KEYS].sort(() => rand() - 0.5);
    const out: Json[] = [];
    for (let i = 0; i < n; i++) {
      const key = keyed ? keys[i] : undefined;
      const nested = depth < 2 && chance(0.3);
      if (nested) {
        const type = chance(0.5) ? 'dict' : 'list';
        const e: Json = key === undefined ? { type } : { key, type };
        if (chance(0.3)) e.description = 'Nested values';
        if (chance(0.2)) e.term = pick(TERMS);
        e.value = extras(depth + 1, type === 'dict');
        out.push(e);
      } else out.push(scalar(pick(['str', 'int', 'float', 'bool', 'date']), key));
    }
    return out;
  }

  const out: Json[] = [];
  for (let i = 1; i <= count; i++) {
    const id = `gen-${String(i).padStart(2, '0')}`;
    const data = extras(0, true);
    const record = i % 4 === 0;
    out.push({
      identifier: id,
      title: `Generated ${i}${chance(0.3) ? ' "quoted" ünïcode' : ''}`,
      type: record ? 'record' : 'extras',
      description: chance(0.7) ? `Generated template *${i}*.` : '',
      data: record ? { title: `Run ${i}`, type: 'sample', license: 'CC-BY-4.0', tags: ['gen', `t${i}`], extras: data } : data,
    });
  }
  return out;
}
