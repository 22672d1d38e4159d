// `npm run bench:validation`: figures (not a test) for the validation engine on generated
// template documents and record-metadata documents with 100, 1,000 and 10,000 extras (flat and
// nested, about 1 % with errors). For each: our full diagnostic pass (parse + validate +
// ranges), vscode-json-languageservice (parseJSONDocument + doValidation, schema configured
// once so it is resolved once) and JSON.parse of the same text; medians, with ratios.
// Targets: at 10,000 extras ours ≥ 4× faster than the language service and ≤ 3× JSON.parse;
// at 1,000 extras under 16 ms.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { getLanguageService, TextDocument, type JSONSchema } from 'vscode-json-languageservice';
import { deriveRecordSchema, templateDocumentSchema, validateRecordText, validateTemplateText } from '../src/validation';
import { benchTemplate, recordValues } from './benchDocuments';

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
  return {
    what,
    n,
    kb: Math.round(text.length / 1024),
    problems: ours().length,
    first: firstCall(what, n),
    ours: time(runs, ours),
    ls: await timeAsync(runs, lsPass),
    lsProblems: (await lsPass()).length,
    parse: time(runs, () => JSON.parse(text)),
  };
}

const FRESH_RUNS = 5;

/** The documents of one row: the text, the schema and our pass over them. */
function row(what: string, n: number): { text: string; schema: JSONSchema; ours: () => unknown[] } {
  const [kind, shape] = what.split(' ');
  const template = benchTemplate(n, shape === 'nested');
  if (kind === 'template') {
    const text = JSON.stringify(template, null, 2);
    return { text, schema: templateDocumentSchema as unknown as JSONSchema, ours: () => validateTemplateText(text, { type: 'extras' }) };
  }
  const schema = deriveRecordSchema(template);
  // No $schema: the language service would try to fetch it instead of the configured schema.
  const text = JSON.stringify(recordValues(schema), null, 2);
  return { text, schema: schema as JSONSchema, ours: () => validateRecordText(text, schema, { cacheKey: `bench/${n}/${shape}` }) };
}

/**
 * The first pass over a document in a fresh process (median of several): compiling the schema
 * included, nothing cached or warmed by the rows before (the engine itself is loaded).
 */
function firstCall(what: string, n: number): number {
  const times: number[] = [];
  for (let i = 0; i < FRESH_RUNS; i++) {
    const child = spawnSync(process.execPath, [__filename, '--first', what, String(n)], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`first call of ${what} ${n}: ${child.stderr}`);
    times.push(Number(child.stdout.trim()));
  }
  return median(times);
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1)).padStart(8);

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const n of [100, 1000, 10000]) {
    for (const what of ['template flat', 'record flat', 'template nested', 'record nested']) {
      const { text, schema, ours } = row(what, n);
      rows.push(await measure(what, n, text, schema, ours));
    }
  }

  console.log('Validation benchmark (median ms; node ' + process.version + ')\n');
  console.log('document            extras    KiB  problems   ours   lang.svc  JSON.parse  lang.svc/ours  ours/parse   1st call');
  for (const r of rows) {
    console.log(
      `${r.what.padEnd(18)} ${String(r.n).padStart(7)} ${String(r.kb).padStart(6)} ${String(r.problems).padStart(9)} ${fmt(r.ours)} ${fmt(r.ls)} ${fmt(r.parse).padStart(11)} ${(r.ls / r.ours).toFixed(1).padStart(13)}× ${(r.ours / r.parse).toFixed(2).padStart(10)}× ${fmt(r.first)}`,
    );
  }
  console.log(`\n(1st call: the first pass in a fresh process with the engine loaded, compiling the schema included; median of ${FRESH_RUNS} processes. The template schema is compiled once per process, record schemas once per template version.)`);
  console.log('(lang.svc problems: ' + rows.map((r) => `${r.what} ${r.n}: ${r.lsProblems}`).join(', ') + ')');

  const big = rows.filter((r) => r.n === 10000);
  const mid = rows.filter((r) => r.n === 1000);
  const check = (ok: boolean, text: string) => console.log(`${ok ? 'met    ' : 'MISSED '} ${text}`);
  console.log('\nTargets:');
  check(big.every((r) => r.ls / r.ours >= 4), `10,000 extras: ours ≥ 4× faster than the language service (worst ${Math.min(...big.map((r) => r.ls / r.ours)).toFixed(1)}×)`);
  check(big.every((r) => r.ours / r.parse <= 3), `10,000 extras: ours ≤ 3× JSON.parse (worst ${Math.max(...big.map((r) => r.ours / r.parse)).toFixed(2)}×)`);
  check(mid.every((r) => r.ours < 16), `1,000 extras: under 16 ms (worst ${Math.max(...mid.map((r) => r.ours)).toFixed(2)} ms)`);
}

/** In a fresh process: the time of the first pass over one row's document. */
function first(what: string, n: number): void {
  const { ours } = row(what, n);
  const t0 = performance.now();
  ours();
  process.stdout.write(`${performance.now() - t0}\n`);
}

if (process.argv[2] === '--first') first(process.argv[3], Number(process.argv[4]));
else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
