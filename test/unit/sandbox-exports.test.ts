// Fidelity tests of the sandbox's template exports against kadi-api.md §7: filter mask,
// json, json-schema (deep-equal to hand-written schemas) and SHACL (parsed back into triples).
import * as assert from 'assert';
import type { Extra, Template } from '../../src/kadi/types';
import { exportJson, exportJsonSchema, exportShacl, filterExtras, parseExportFilter, pyQuote } from '../../src/sandbox/exports';
import { aTemplate } from '../support/builders';

// ---------------------------------------------------------------------------------------
// Fixtures (stored form, as validation produces it)

const EXTRAS: Extra[] = [
  {
    key: 'title',
    type: 'str',
    value: 'Sample',
    description: 'Name of the sample',
    term: 'http://purl.org/dc/terms/title',
    validation: { options: ['Sample', 'Probe'], required: true },
  },
  { key: 'count', type: 'int', unit: null, value: 3, validation: { range: { max: 10, min: 1 } } },
  { key: 'force', type: 'float', unit: 'N', value: null, validation: { range: { max: null, min: 0 }, required: true } },
  { key: 'done', type: 'bool', value: false },
  { key: 'measured at', type: 'date', value: '2024-01-02T03:04:05+00:00' },
  { key: 'link', type: 'str', value: 'http://a.example/x', validation: { iri: true, options: ['http://a.example/x', 'http://b.example/y'] } },
  {
    key: 'sample',
    type: 'dict',
    description: 'Sample data',
    value: [
      { key: 'id', type: 'int', unit: null, value: null, validation: { required: true } },
      {
        key: 'layers',
        type: 'list',
        value: [
          { type: 'float', unit: 'mm', value: 1.5, validation: { required: true } },
          { type: 'dict', value: [{ key: 'material', type: 'str', value: 'steel', validation: { required: true } }] },
        ],
      },
    ],
  },
];

const CREATOR = {
  id: 3,
  displayname: 'Jane Doe',
  orcid: null,
  state: 'active',
  identity: { type: 'local', username: 'jdoe', email: 'j@x.org', email_confirmed: true },
  _links: { self: 'http://127.0.0.1:5000/api/users/3' },
};

function extrasTemplate(data: Extra[] = EXTRAS): Template {
  return aTemplate({
    description: 'Template for *tensile* tests.',
    plain_description: 'Template for tensile tests.',
    data: structuredClone(data),
    creator: structuredClone(CREATOR),
    _links: { self: 'http://127.0.0.1:5000/api/templates/7' },
    _actions: { edit: 'http://127.0.0.1:5000/api/templates/7' },
  });
}

function recordTemplate(extras: Extra[] = EXTRAS): Template {
  return {
    ...extrasTemplate(),
    id: 8,
    identifier: 'sample-record',
    type: 'record',
    data: {
      identifier: 'rec',
      title: 'Sample {date}',
      description: '',
      type: 'sample',
      license: 'MIT',
      tags: ['steel'],
      extras: structuredClone(extras),
      collections: [12],
      record_links: [{ direction: 'out', record: 44, name: 'derived from', term: null }],
      roles: [{ subject_type: 'group', subject_id: 2, role: 'editor' }],
    },
  };
}

const keysOf = (extras: unknown): unknown =>
  (extras as Extra[]).map((e) => (e.type === 'dict' || e.type === 'list' ? [e.key ?? '-', keysOf(e.value)] : e.key ?? '-'));

// ---------------------------------------------------------------------------------------

describe('sandbox exports: filter parameter', () => {
  const cases: [string | null | undefined, unknown][] = [
    [null, {}],
    [undefined, {}],
    ['', {}],
    ['not json', {}],
    ['{"user": tru', {}],
    ['[1, 2]', {}],
    ['5', {}],
    ['"x"', {}],
    ['null', {}],
    ['{"user": true}', { user: true }],
    ['{"extras": {"a": {}, "b": {"0": {}}}}', { extras: { a: {}, b: { 0: {} } } }],
  ];
  for (const [raw, parsed] of cases) it(`${JSON.stringify(raw)}`, () => assert.deepStrictEqual(parseExportFilter(raw), parsed));
});

describe('sandbox exports: extras mask', () => {
  it('without a mask keeps everything (as a copy)', () => {
    const out = filterExtras(EXTRAS, undefined);
    assert.deepStrictEqual(out, EXTRAS);
    assert.notStrictEqual(out[6], EXTRAS[6]);
  });
  it('removes entries mapped to {} and recurses into non-empty objects', () => {
    const out = filterExtras(EXTRAS, { title: {}, done: {}, sample: { layers: { 1: {} } }, nothing: {} });
    assert.deepStrictEqual(keysOf(out), ['count', 'force', 'measured at', 'link', ['sample', ['id', ['layers', ['-']]]]]);
    const layers = (out[4].value as Extra[])[1];
    assert.deepStrictEqual(layers, { ...(EXTRAS[6].value as Extra[])[1], value: [((EXTRAS[6].value as Extra[])[1].value as Extra[])[0]] });
  });
  it('addresses list children by index string and nested dicts inside lists', () => {
    const out = filterExtras(EXTRAS, { sample: { layers: { 1: { material: {} } }, id: {} } });
    assert.deepStrictEqual(keysOf(out), ['title', 'count', 'force', 'done', 'measured at', 'link', ['sample', [['layers', ['-', ['-', []]]]]]]);
  });
  it('removes a scalar named with a non-empty mask, and entries named with a non-object', () => {
    assert.deepStrictEqual(keysOf(filterExtras(EXTRAS, { count: { x: {} }, done: true, force: null })), [
      'title',
      'measured at',
      'link',
      ['sample', ['id', ['layers', ['-', ['-', ['material']]]]]],
    ]);
  });
  it('ignores a mask that is not an object', () => {
    assert.deepStrictEqual(filterExtras(EXTRAS, ['title']), EXTRAS);
  });
  it('does not modify the template', () => {
    const t = extrasTemplate();
    exportJson(t, { extras: { sample: { id: {} } } }, { includeUser: true });
    assert.deepStrictEqual(t.data, EXTRAS);
  });
});

describe('sandbox exports: json (§7.1)', () => {
  it('drops the server-only fields and reduces the creator', () => {
    assert.deepStrictEqual(exportJson(extrasTemplate(), {}, { includeUser: true }), {
      id: 7,
      identifier: 'tensile-test',
      title: 'Tensile test',
      description: 'Template for *tensile* tests.',
      type: 'extras',
      data: EXTRAS,
      created_at: '2024-03-01T09:15:22.123456+00:00',
      last_modified: '2024-03-04T16:02:10.554201+00:00',
      creator: { id: 3, displayname: 'Jane Doe', orcid: null },
    });
  });
  it('omits the creator without user access or with filter user: true', () => {
    assert.ok(!('creator' in exportJson(extrasTemplate(), {}, { includeUser: false })));
    assert.ok(!('creator' in exportJson(extrasTemplate(), { user: true }, { includeUser: true })));
    assert.ok('creator' in exportJson(extrasTemplate(), { user: false }, { includeUser: true }));
    const noCreator = extrasTemplate();
    delete noCreator.creator;
    assert.ok(!('creator' in exportJson(noCreator, {}, { includeUser: true })));
  });
  it('applies the mask to extras', () => {
    const out = exportJson(extrasTemplate(), { extras: { sample: {}, link: {} } }, { includeUser: false });
    assert.deepStrictEqual(keysOf(out.data), ['title', 'count', 'force', 'done', 'measured at']);
  });
  it('applies the mask to data.extras of a record template and keeps the other data', () => {
    const out = exportJson(recordTemplate(), { extras: { title: {}, sample: { layers: {} } } }, { includeUser: true });
    const data = out.data as Record<string, unknown>;
    assert.deepStrictEqual(keysOf(data.extras), ['count', 'force', 'done', 'measured at', 'link', ['sample', ['id']]]);
    assert.deepStrictEqual({ ...data, extras: [] }, { ...(recordTemplate().data as object), extras: [] });
    assert.strictEqual(out.type, 'record');
  });
});

// ---------------------------------------------------------------------------------------

const UNIT = { type: 'string', minLength: 1 };
const FULL_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    title: { type: 'string', minLength: 1, default: 'Sample', enum: ['Sample', 'Probe'], description: 'Name of the sample' },
    count: { type: 'integer', default: 3, unit: UNIT, minimum: 1, maximum: 10 },
    force: { type: 'number', unit: { ...UNIT, default: 'N' }, minimum: 0 },
    done: { type: 'boolean', default: false },
    'measured at': { type: 'string', format: 'date-time', default: '2024-01-02T03:04:05+00:00' },
    link: { type: 'string', minLength: 1, default: 'http://a.example/x', enum: ['http://a.example/x', 'http://b.example/y'] },
    sample: {
      type: 'object',
      description: 'Sample data',
      properties: {
        id: { type: 'integer', unit: UNIT },
        layers: {
          type: 'array',
          prefixItems: [
            { type: 'number', default: 1.5, unit: { ...UNIT, default: 'mm' } },
            {
              type: 'object',
              properties: { material: { type: 'string', minLength: 1, default: 'steel' } },
              propertiesOrder: ['material'],
              required: ['material'],
            },
          ],
        },
      },
      propertiesOrder: ['id', 'layers'],
      required: ['id'],
    },
  },
  propertiesOrder: ['title', 'count', 'force', 'done', 'measured at', 'link', 'sample'],
  required: ['title', 'force'],
};

describe('sandbox exports: json-schema (§7.2)', () => {
  it('describes every extra type, nesting, defaults, units, enum, range and required', () => {
    assert.deepStrictEqual(exportJsonSchema(extrasTemplate(), {}), FULL_SCHEMA);
  });
  it('uses only data.extras of a record template', () => {
    assert.deepStrictEqual(exportJsonSchema(recordTemplate(), {}), FULL_SCHEMA);
  });
  it('has only $schema when there are no extras', () => {
    assert.deepStrictEqual(exportJsonSchema(extrasTemplate([]), {}), { $schema: 'https://json-schema.org/draft/2020-12/schema' });
    assert.deepStrictEqual(exportJsonSchema(recordTemplate([]), {}), { $schema: 'https://json-schema.org/draft/2020-12/schema' });
    assert.deepStrictEqual(exportJsonSchema(extrasTemplate(), { extras: Object.fromEntries(EXTRAS.map((e) => [e.key!, {}])) }), {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
    });
  });
  it('omits required when nothing is required, keeps empty dicts', () => {
    assert.deepStrictEqual(
      exportJsonSchema(
        extrasTemplate([
          { key: 'a', type: 'str', value: null, validation: { iri: true } },
          { key: 'b', type: 'dict', value: [] },
          { key: 'c', type: 'list', value: [] },
        ]),
        {},
      ),
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {
          a: { type: 'string', minLength: 1 },
          b: { type: 'object', properties: {}, propertiesOrder: [] },
          c: { type: 'array', prefixItems: [] },
        },
        propertiesOrder: ['a', 'b', 'c'],
      },
    );
  });
  it('applies the mask first', () => {
    assert.deepStrictEqual(exportJsonSchema(extrasTemplate(), { extras: { title: {}, count: {}, done: {}, 'measured at': {}, link: {}, sample: { id: {}, layers: { 0: {} } } } }), {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        force: FULL_SCHEMA.properties.force,
        sample: {
          type: 'object',
          description: 'Sample data',
          properties: { layers: { type: 'array', prefixItems: [FULL_SCHEMA.properties.sample.properties.layers.prefixItems[1]] } },
          propertiesOrder: ['layers'],
        },
      },
      propertiesOrder: ['force', 'sample'],
      required: ['force'],
    });
  });
});

// ---------------------------------------------------------------------------------------
// SHACL: a small Turtle reader for the subset the exporter writes, so tests compare triples.

type Triple = [string, string, string];
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const SH = 'http://www.w3.org/ns/shacl#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const DCT = 'http://purl.org/dc/terms/';
const OWL = 'http://www.w3.org/2002/07/owl#';

function parseTurtle(text: string): { prefixes: Record<string, string>; triples: Triple[] } {
  const prefixes: Record<string, string> = {};
  const triples: Triple[] = [];
  let pos = 0;
  let bnodes = 0;
  const fail = (what: string): never => {
    throw new Error(`Turtle: ${what} at ${pos}: ${JSON.stringify(text.slice(pos, pos + 40))}`);
  };
  const ws = (): void => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const peek = (): string | undefined => {
    ws();
    return text[pos];
  };
  const expect = (c: string): void => {
    if (peek() !== c) fail(`expected ${c}`);
    pos++;
  };
  const uchar = (len: number): string => {
    const cp = parseInt(text.slice(pos, pos + len), 16);
    pos += len;
    return String.fromCodePoint(cp);
  };
  const iri = (): string => {
    expect('<');
    let s = '';
    while (text[pos] !== '>') {
      if (pos >= text.length || /[\s<"{}|^`]/.test(text[pos])) fail('bad IRI char');
      if (text[pos] === '\\') {
        pos++;
        const k = text[pos++];
        s += k === 'u' ? uchar(4) : k === 'U' ? uchar(8) : fail('bad IRI escape');
      } else s += text[pos++];
    }
    pos++;
    return s;
  };
  const pname = (): string => {
    const m = /^([A-Za-z][\w-]*)?:((?:[A-Za-z0-9_:.-]|%[0-9A-Fa-f]{2})*)/.exec(text.slice(pos));
    if (!m) return fail('expected a name');
    let local = m[2];
    while (local.endsWith('.')) local = local.slice(0, -1);
    pos += (m[1] ?? '').length + 1 + local.length;
    if (!((m[1] ?? '') in prefixes)) fail(`unknown prefix ${m[1]}`);
    return prefixes[m[1] ?? ''] + local;
  };
  const literal = (): string => {
    pos++;
    let s = '';
    const esc: Record<string, string> = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' };
    while (text[pos] !== '"') {
      if (pos >= text.length || text[pos] === '\n') fail('unterminated string');
      if (text[pos] === '\\') {
        pos++;
        const k = text[pos++];
        s += k === 'u' ? uchar(4) : k === 'U' ? uchar(8) : (esc[k] ?? fail('bad escape'));
      } else s += text[pos++];
    }
    pos++;
    if (text[pos] === '@') {
      const m = /^@([a-zA-Z]+(-[a-zA-Z0-9]+)*)/.exec(text.slice(pos))!;
      pos += m[0].length;
      return `${JSON.stringify(s)}@${m[1]}`;
    }
    if (text.startsWith('^^', pos)) {
      pos += 2;
      const dt = text[pos] === '<' ? iri() : pname();
      return `${JSON.stringify(s)}^^${dt}`;
    }
    return JSON.stringify(s);
  };
  const term = (): string => {
    const c = peek();
    if (c === '<') return `<${iri()}>`;
    if (c === '"') return literal();
    if (c === '[') {
      pos++;
      const b = `_:b${bnodes++}`;
      if (peek() !== ']') predicateObjects(b);
      expect(']');
      return b;
    }
    if (c === '(') {
      pos++;
      const items: string[] = [];
      while (peek() !== ')') items.push(term());
      pos++;
      let head = `<${RDF}nil>`;
      for (const item of items.reverse()) {
        const b = `_:b${bnodes++}`;
        triples.push([b, `<${RDF}first>`, item], [b, `<${RDF}rest>`, head]);
        head = b;
      }
      return head;
    }
    const num = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos));
    if (num) {
      pos += num[0].length;
      if (num[1] && !num[2]) fail('decimals are not written bare');
      return `${JSON.stringify(num[0])}^^${XSD}${num[2] ? 'double' : 'integer'}`;
    }
    for (const b of ['true', 'false']) {
      if (text.startsWith(b, pos) && !/[\w:]/.test(text[pos + b.length])) {
        pos += b.length;
        return `${JSON.stringify(b)}^^${XSD}boolean`;
      }
    }
    return `<${pname()}>`;
  };
  const predicateObjects = (subject: string): void => {
    for (;;) {
      let pred: string;
      if (peek() === 'a' && /\s/.test(text[pos + 1])) {
        pos++;
        pred = `<${RDF}type>`;
      } else pred = term();
      for (;;) {
        triples.push([subject, pred, term()]);
        if (peek() !== ',') break;
        pos++;
      }
      if (peek() !== ';') return;
      pos++;
      const next = peek();
      if (next === '.' || next === ']' || next === undefined) return;
    }
  };
  while (peek() !== undefined) {
    if (text.startsWith('@prefix', pos)) {
      pos += 7;
      ws();
      const m = /^([A-Za-z][\w-]*)?:/.exec(text.slice(pos)) ?? fail('bad prefix');
      pos += m[0].length;
      ws();
      prefixes[m[1] ?? ''] = iri();
      expect('.');
    } else {
      const subject = term();
      predicateObjects(subject);
      expect('.');
    }
  }
  return { prefixes, triples };
}

class Graph {
  constructor(readonly triples: Triple[]) {}
  objects(s: string, p: string): string[] {
    return this.triples.filter((t) => t[0] === s && t[1] === `<${p}>`).map((t) => t[2]);
  }
  /** All predicate → objects of a node, predicates shortened, lists expanded. */
  describe(s: string): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [, p, o] of this.triples.filter((t) => t[0] === s)) {
      const short = p.replace(`<${SH}`, 'sh:').replace(`<${DCT}`, 'dcterms:').replace(`<${OWL}`, 'owl:').replace(`<${RDF}`, 'rdf:').replace(/>$/, '');
      (out[short] ??= []).push(short === 'sh:in' ? `(${this.list(o).join(' ')})` : o);
    }
    return out;
  }
  list(head: string): string[] {
    const items: string[] = [];
    while (head !== `<${RDF}nil>`) {
      items.push(this.objects(head, `${RDF}first`)[0]);
      head = this.objects(head, `${RDF}rest`)[0];
    }
    return items;
  }
  /** The sh:property node of `shape` whose sh:name is `name`. */
  property(shape: string, name: string): string {
    const found = this.objects(shape, `${SH}property`).filter((b) => this.objects(b, `${SH}name`).includes(en(name)));
    assert.strictEqual(found.length, 1, `one property ${name} on ${shape}`);
    return found[0];
  }
}

const en = (s: string): string => `${JSON.stringify(s)}@en`;
const lit = (s: string): string => JSON.stringify(s);
const typed = (s: string, t: string): string => `${JSON.stringify(s)}^^${XSD}${t}`;
const int = (n: number): string => typed(String(n), 'integer');
const xsd = (t: string): string => `<${XSD}${t}>`;

const WEB = 'http://127.0.0.1:5000';
const ROOT = `<${WEB}/templates/7>`;
const NS = `${WEB}/templates/7#`;
const k4m = (local: string): string => `<${NS}${local}>`;

function shacl(t: Template, filter = {}, includeUser = true): Graph {
  return new Graph(parseTurtle(exportShacl(t, filter, { includeUser, webBase: WEB })).triples);
}

describe('sandbox exports: SHACL (§7.3)', () => {
  it('binds the expected prefixes', () => {
    assert.deepStrictEqual(parseTurtle(exportShacl(extrasTemplate(), {}, { includeUser: true, webBase: WEB })).prefixes, {
      dcterms: DCT,
      k4m7: NS,
      owl: OWL,
      sh: SH,
      xsd: XSD,
    });
  });

  it('describes the root node shape', () => {
    assert.deepStrictEqual(shacl(extrasTemplate()).describe(ROOT), {
      'rdf:type': [`<${SH}NodeShape>`],
      'dcterms:title': [en('Tensile test')],
      'dcterms:created': [typed('2024-03-01', 'date')],
      'dcterms:description': [en('Template for *tensile* tests.')],
      'dcterms:creator': [`<${WEB}/users/3>`],
      'owl:imports': [k4m('sample')],
      'sh:property': shacl(extrasTemplate()).objects(ROOT, `${SH}property`),
    });
    assert.strictEqual(shacl(extrasTemplate()).objects(ROOT, `${SH}property`).length, 7);
  });

  it('uses the ORCID as creator when there is one, and no creator without user access', () => {
    const t = extrasTemplate();
    t.creator!.orcid = '0000-0002-1825-0097';
    assert.deepStrictEqual(shacl(t).objects(ROOT, `${DCT}creator`), ['<https://orcid.org/0000-0002-1825-0097>']);
    assert.deepStrictEqual(shacl(t, {}, false).objects(ROOT, `${DCT}creator`), []);
    assert.deepStrictEqual(shacl(t, { user: true }, true).objects(ROOT, `${DCT}creator`), []);
  });

  it('omits an empty description', () => {
    const t = extrasTemplate();
    t.description = '';
    assert.deepStrictEqual(shacl(t).objects(ROOT, `${DCT}description`), []);
  });

  it('writes each scalar extra as a property shape', () => {
    const g = shacl(extrasTemplate());
    const prop = (name: string) => g.describe(g.property(ROOT, name));
    assert.deepStrictEqual(prop('title'), {
      'sh:name': [en('title')],
      'sh:order': [int(0)],
      'sh:path': ['<http://purl.org/dc/terms/title>'],
      'sh:maxCount': [int(1)],
      'sh:description': [en('Name of the sample')],
      'sh:datatype': [xsd('string')],
      'sh:defaultValue': [lit('Sample')],
      'sh:minCount': [int(1)],
      'sh:in': [`(${lit('Sample')} ${lit('Probe')})`],
    });
    assert.deepStrictEqual(prop('count'), {
      'sh:name': [en('count')],
      'sh:order': [int(1)],
      'sh:path': [k4m('count')],
      'sh:maxCount': [int(1)],
      'sh:datatype': [xsd('integer')],
      'sh:defaultValue': [int(3)],
      'sh:minInclusive': [int(1)],
      'sh:maxInclusive': [int(10)],
    });
    assert.deepStrictEqual(prop('force'), {
      'sh:name': [en('force')],
      'sh:order': [int(2)],
      'sh:path': [k4m('force')],
      'sh:maxCount': [int(1)],
      'sh:datatype': [xsd('float')],
      'sh:minCount': [int(1)],
      'sh:minInclusive': [typed('0e+00', 'double')], // rdflib's Literal(0.0), as Kadi 1.13.0 writes it
    });
    assert.deepStrictEqual(prop('done'), {
      'sh:name': [en('done')],
      'sh:order': [int(3)],
      'sh:path': [k4m('done')],
      'sh:maxCount': [int(1)],
      'sh:datatype': [xsd('boolean')],
      'sh:defaultValue': [typed('false', 'boolean')],
    });
    assert.deepStrictEqual(prop('measured at'), {
      'sh:name': [en('measured at')],
      'sh:order': [int(4)],
      'sh:path': [k4m('measured%20at')],
      'sh:maxCount': [int(1)],
      'sh:datatype': [xsd('dateTime')],
      'sh:defaultValue': [typed('2024-01-02T03:04:05+00:00', 'dateTime')],
    });
    assert.deepStrictEqual(prop('link'), {
      'sh:name': [en('link')],
      'sh:order': [int(5)],
      'sh:path': [k4m('link')],
      'sh:maxCount': [int(1)],
      'sh:datatype': [xsd('anyURI')],
      'sh:defaultValue': [typed('http://a.example/x', 'anyURI')],
      'sh:in': [`(${typed('http://a.example/x', 'anyURI')} ${typed('http://b.example/y', 'anyURI')})`],
    });
  });

  it('writes dicts and lists as nested node shapes, recursing with dotted paths', () => {
    const g = shacl(extrasTemplate());
    assert.deepStrictEqual(g.describe(g.property(ROOT, 'sample')), {
      'sh:name': [en('sample')],
      'sh:order': [int(6)],
      'sh:path': [k4m('sample')],
      'sh:maxCount': [int(1)],
      'sh:description': [en('Sample data')],
      'sh:qualifiedValueShape': [k4m('sample')],
    });
    const sample = k4m('sample');
    const sampleProps = g.objects(sample, `${SH}property`);
    assert.deepStrictEqual(g.describe(sample), {
      'rdf:type': [`<${SH}NodeShape>`],
      'dcterms:title': [en('sample')],
      'owl:imports': [k4m('sample.layers')],
      'sh:property': sampleProps,
    });
    assert.deepStrictEqual(g.describe(g.property(sample, 'id')), {
      'sh:name': [en('id')],
      'sh:order': [int(0)],
      'sh:path': [k4m('sample.id')],
      'sh:maxCount': [int(1)],
      'sh:datatype': [xsd('integer')],
      'sh:minCount': [int(1)],
    });
    const layers = k4m('sample.layers');
    assert.deepStrictEqual(g.describe(g.property(sample, 'layers'))['sh:qualifiedValueShape'], [layers]);
    assert.deepStrictEqual(g.objects(layers, `${DCT}title`), [en('layers')]);
    assert.deepStrictEqual(g.describe(g.property(layers, '0')), {
      'sh:name': [en('0')],
      'sh:order': [int(0)],
      'sh:path': [k4m('sample.layers.0')],
      'sh:maxCount': [int(1)],
      'sh:datatype': [xsd('float')],
      'sh:defaultValue': [typed('1.5', 'float')],
      'sh:minCount': [int(1)],
    });
    const inner = k4m('sample.layers.1');
    assert.deepStrictEqual(g.describe(g.property(layers, '1'))['sh:qualifiedValueShape'], [inner]);
    assert.deepStrictEqual(g.objects(layers, `${OWL}imports`), [inner]);
    assert.deepStrictEqual(g.describe(g.property(inner, 'material'))['sh:path'], [k4m('sample.layers.1.material')]);
  });

  it('applies the mask, numbering what is left', () => {
    const g = shacl(extrasTemplate(), { extras: { title: {}, count: {}, force: {}, done: {}, 'measured at': {}, sample: { id: {} } } });
    assert.strictEqual(g.objects(ROOT, `${SH}property`).length, 2);
    assert.deepStrictEqual(g.describe(g.property(ROOT, 'sample'))['sh:order'], [int(1)]);
    const sample = k4m('sample');
    assert.strictEqual(g.objects(sample, `${SH}property`).length, 1);
    assert.deepStrictEqual(g.describe(g.property(sample, 'layers'))['sh:order'], [int(0)]);
  });

  it('exports data.extras of a record template', () => {
    const g = new Graph(parseTurtle(exportShacl(recordTemplate(), {}, { includeUser: false, webBase: `${WEB}/` })).triples);
    const root = `<${WEB}/templates/8>`;
    assert.strictEqual(g.objects(root, `${SH}property`).length, 7);
    assert.deepStrictEqual(g.describe(g.property(root, 'count'))['sh:path'], [`<${WEB}/templates/8#count>`]);
  });

  it('escapes literals and quotes keys into IRIs', () => {
    const t = extrasTemplate([
      { key: 'a "quoted"\\ key\twith\nlines', type: 'str', value: 'multi\nline "x" \\ \u0001' },
      { key: 'ümlaut/ä.b', type: 'bool', value: true },
      { key: 'ends.', type: 'int', unit: null, value: -5 },
      { key: '-dash', type: 'float', unit: null, value: 1e-7 },
    ]);
    t.title = 'Title with "quotes" and \\ backslash';
    const g = shacl(t);
    assert.deepStrictEqual(g.objects(ROOT, `${DCT}title`), [en('Title with "quotes" and \\ backslash')]);
    const a = g.describe(g.property(ROOT, 'a "quoted"\\ key\twith\nlines'));
    assert.deepStrictEqual(a['sh:defaultValue'], [lit('multi\nline "x" \\ \u0001')]);
    assert.deepStrictEqual(a['sh:path'], [k4m('a%20%22quoted%22%5C%20key%09with%0Alines')]);
    assert.deepStrictEqual(g.describe(g.property(ROOT, 'ümlaut/ä.b'))['sh:path'], [k4m('%C3%BCmlaut%2F%C3%A4.b')]);
    assert.deepStrictEqual(g.describe(g.property(ROOT, 'ends.'))['sh:path'], [k4m('ends.')]);
    const dash = g.describe(g.property(ROOT, '-dash'));
    assert.deepStrictEqual(dash['sh:path'], [k4m('-dash')]);
    assert.deepStrictEqual(dash['sh:defaultValue'], [typed('1e-07', 'float')]);
    assert.deepStrictEqual(g.describe(g.property(ROOT, 'ends.'))['sh:defaultValue'], [int(-5)]);
  });

  it('quotes like Python urllib.parse.quote', () => {
    assert.strictEqual(pyQuote('a b/c~d_e-f.g'), 'a%20b/c~d_e-f.g');
    assert.strictEqual(pyQuote('ä#?&%'), '%C3%A4%23%3F%26%25');
    assert.strictEqual(pyQuote('a b/c', ''), 'a%20b%2Fc'); // Kadi's paths: quote(key, safe="")
  });

  it('writes readable Turtle for a small template', () => {
    const t = extrasTemplate([{ key: 'n', type: 'int', unit: 'mm', value: 2, validation: { options: [1, 2] } }]);
    t.description = '';
    assert.strictEqual(
      exportShacl(t, {}, { includeUser: false, webBase: WEB }),
      [
        '@prefix dcterms: <http://purl.org/dc/terms/> .',
        '@prefix k4m7: <http://127.0.0.1:5000/templates/7#> .',
        '@prefix owl: <http://www.w3.org/2002/07/owl#> .',
        '@prefix sh: <http://www.w3.org/ns/shacl#> .',
        '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .',
        '',
        '<http://127.0.0.1:5000/templates/7>',
        '    a sh:NodeShape ;',
        '    dcterms:title "Tensile test"@en ;',
        '    dcterms:created "2024-03-01"^^xsd:date ;',
        '    sh:property [',
        '        sh:name "n"@en ;',
        '        sh:order 0 ;',
        '        sh:path k4m7:n ;',
        '        sh:maxCount 1 ;',
        '        sh:datatype xsd:integer ;',
        '        sh:defaultValue 2 ;',
        '        sh:in ( 1 2 )',
        '    ] .',
        '',
      ].join('\n'),
    );
  });
});
