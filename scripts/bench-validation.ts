// `npm run bench:validation`: figures (not a test) for the validation engine on generated
// template documents and record-metadata documents with 100, 1,000 and 10,000 extras (flat and
// nested, about 1 % with errors). For each: our full diagnostic pass (parse + validate +
// ranges), vscode-json-languageservice (parseJSONDocument + doValidation, schema configured
// once so it is resolved once) and JSON.parse of the same text; medians, with ratios.
// Targets: at 10,000 extras ours ≥ 4× faster than the language service and ≤ 3× JSON.parse;
// at 1,000 extras under 16 ms.
import { performance } from 'node:perf_hooks';
import { getLanguageService, TextDocument, type JSONSchema } from 'vscode-json-languageservice';
import { deriveRecordSchema, templateDocumentSchema, validateRecordText, validateTemplateText } from '../src/validation';

type Obj = Record<string, unknown>;

/** One extra of each kind in turn; 1 % carry an error (five in a row: one of each kind). */
function scalarExtra(i: number, inList: boolean): Obj {
  const kind = i % 5;
  const bad = i % 500 >= 495;
  const key = inList ? {} : { key: `field_${i}` };
  switch (kind) {
    case 0:
      return { ...key, type: 'str', value: bad ? 12 : `text ${i}`, description: 'A text field', validation: { options: [`text ${i}`, 'other'] } };
    case 1:
      return { ...key, type: 'int', unit: 'mm', value: bad ? 'x' : i, validation: { range: { min: 0, max: null }, required: true } };
    case 2:
      return { ...key, type: 'float', unit: null, value: i / 7, term: 'http://qudt.org/vocab/quantitykind/Length', ...(bad ? { validation: { range: { min: 5, max: 1 } } } : {}) };
    case 3:
      return { ...key, type: 'bool', value: i % 2 === 0, ...(bad ? { unit: 'x' } : {}) };
    default:
      return { ...key, type: 'date', value: bad ? 'not a date' : '2024-03-01T09:15:22+00:00' };
  }
}

/** `n` extras in all: flat, or dicts of 8 with a list of 3 inside (nested). */
function extras(n: number, nested: boolean): Obj[] {
  if (!nested) return Array.from({ length: n }, (_, i) => scalarExtra(i, false));
  const out: Obj[] = [];
  let i = 0;
  while (i < n) {
    const group = i;
    const children: Obj[] = [];
    i++; // the dict itself
    for (let c = 0; c < 6 && i < n; c++) children.push(scalarExtra(i++, false));
    if (i < n) {
      i++; // the list
      const items: Obj[] = [];
      for (let c = 0; c < 3 && i < n; c++) items.push(scalarExtra(i++, true));
      children.push({ key: 'series', type: 'list', value: items });
    }
    out.push({ key: `group_${group}`, type: 'dict', description: 'A group', value: children });
  }
  return out;
}

/** Values for a record-metadata document of that template, with errors in about 1 %. */
function recordValues(schema: Obj, state = { i: 0 }): Obj {
  const out: Obj = {};
  const props = (schema.properties ?? {}) as Record<string, Obj>;
  for (const [name, p] of Object.entries(props)) {
    const bad = ++state.i % 100 === 0;
    if (p.type === 'object') out[name] = recordValues(p, state);
    else if (p.type === 'array') out[name] = ((p.prefixItems as Obj[]) ?? []).map((x) => sample(x, false));
    else out[name] = sample(p, bad);
  }
  return out;
}

function sample(p: Obj, bad: boolean): unknown {
  if (bad) return p.type === 'string' ? 42 : 'wrong';
  if (p.default !== undefined) return p.default;
  return { string: 'x', integer: 1, number: 1.5, boolean: true }[p.type as string] ?? null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(runs: number, f: () => unknown): number {
  for (let i = 0; i < 3; i++) f(); // warm-up: compile, JIT
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

async function timeAsync(runs: number, f: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    t.push(performance.now() - t0);
  }
  return median(t);
}

interface Row {
  what: string;
  n: number;
  kb: number;
  problems: number;
  /** The first call: includes compiling the schema (once per schema, then cached). */
  first: number;
  ours: number;
  ls: number;
  lsProblems: number;
  parse: number;
}

async function measure(what: string, n: number, text: string, schema: JSONSchema, ours: () => unknown[]): Promise<Row> {
  const ls = getLanguageService({});
  const uri = `bench://${what.replace(/\W+/g, '-')}-${n}.json`;
  // The language service resolves $refs inside the schema object it is given: hand it a copy.
  ls.configure({ validate: true, schemas: [{ uri: `bench://schema/${uri.slice(8)}`, fileMatch: [uri], schema: structuredClone(schema) }] });
  const doc = TextDocument.create(uri, 'json', 1, text);
  const lsPass = async () => ls.doValidation(doc, ls.parseJSONDocument(doc));
  const runs = n >= 10000 ? 15 : n >= 1000 ? 31 : 51;
  const t0 = performance.now();
  const problems = ours().length;
  const first = performance.now() - t0;
  return {
    what,
    n,
    kb: Math.round(text.length / 1024),
    problems,
    first,
    ours: time(runs, ours),
    ls: await timeAsync(runs, lsPass),
    lsProblems: (await lsPass()).length,
    parse: time(runs, () => JSON.parse(text)),
  };
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1)).padStart(8);

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const n of [100, 1000, 10000]) {
    for (const nested of [false, true]) {
      const shape = nested ? 'nested' : 'flat';
      const data = extras(n, nested);
      const template = { identifier: 'bench', title: 'Benchmark', description: 'Generated.', visibility: 'private', type: 'extras', data };
      const templateText = JSON.stringify(template, null, 2);
      rows.push(await measure(`template ${shape}`, n, templateText, templateDocumentSchema as unknown as JSONSchema, () => validateTemplateText(templateText, { type: 'extras' })));

      const schema = deriveRecordSchema(template);
      // No $schema: the language service would try to fetch it instead of the configured schema.
      const recordText = JSON.stringify(recordValues(schema), null, 2);
      rows.push(await measure(`record ${shape}`, n, recordText, schema as JSONSchema, () => validateRecordText(recordText, schema, { cacheKey: `bench/${n}/${shape}` })));
    }
  }

  console.log('Validation benchmark (median ms; node ' + process.version + ')\n');
  console.log('document            extras    KiB  problems   ours   lang.svc  JSON.parse  lang.svc/ours  ours/parse   1st call');
  for (const r of rows) {
    console.log(
      `${r.what.padEnd(18)} ${String(r.n).padStart(7)} ${String(r.kb).padStart(6)} ${String(r.problems).padStart(9)} ${fmt(r.ours)} ${fmt(r.ls)} ${fmt(r.parse).padStart(11)} ${(r.ls / r.ours).toFixed(1).padStart(13)}× ${(r.ours / r.parse).toFixed(2).padStart(10)}× ${fmt(r.first)}`,
    );
  }
  console.log('\n(1st call: with compiling the schema; the template schema is compiled once per process, record schemas once per template version.)');
  console.log('(lang.svc problems: ' + rows.map((r) => `${r.what} ${r.n}: ${r.lsProblems}`).join(', ') + ')');

  const big = rows.filter((r) => r.n === 10000);
  const mid = rows.filter((r) => r.n === 1000);
  const check = (ok: boolean, text: string) => console.log(`${ok ? 'met    ' : 'MISSED '} ${text}`);
  console.log('\nTargets:');
  check(big.every((r) => r.ls / r.ours >= 4), `10,000 extras: ours ≥ 4× faster than the language service (worst ${Math.min(...big.map((r) => r.ls / r.ours)).toFixed(1)}×)`);
  check(big.every((r) => r.ours / r.parse <= 3), `10,000 extras: ours ≤ 3× JSON.parse (worst ${Math.max(...big.map((r) => r.ours / r.parse)).toFixed(2)}×)`);
  check(mid.every((r) => r.ours < 16), `1,000 extras: under 16 ms (worst ${Math.max(...mid.map((r) => r.ours)).toFixed(2)} ms)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
