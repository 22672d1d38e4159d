// `npm run bench`: figures and ratios from one run (not a test: nothing here passes or fails
// on time). Prints a summary table:
//   - listing: a sandbox with 10,000 templates and 20 ms latency, through the explorer model
//     (not the raw client): requests and time until the first page shows, and for all pages;
//     the request count must equal the page count;
//   - save round trip with 20 ms latency: requests per save (target ≤ 2: the conflict check and
//     the PATCH) and time;
//   - activation of the production bundle (required with a stub `vscode` module that only
//     records registrations — a benchmark of our code, not of VS Code), each run in a fresh
//     process as in a new extension host; the size of what activation loads (lazy parts in
//     dist/lazy are not loaded by it); the
//     network it uses: none (sockets opened and servers listening during activate() and the
//     50 ms after it, with a stored sandbox instance and a remote instance, as after a reload);
//   - first diagnostics on a 10,000-extra record document (flat and nested), each in a fresh
//     process: the production validation bundle loaded as the extension loads it, then the
//     first validateRecordText (schema compiling included); target < 50 ms (issue #12);
//   - memory (heap used, after gc) of the extension-side model after listing 10,000 templates,
//     and after opening and closing 50 templates, five times over (growth that stays?).
// The sandbox runs in a child process (this script with --serve), so its memory and CPU are
// not counted; it binds 127.0.0.1 and exits when this process ends.
// Run with `node --expose-gc` (the npm script does).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as zlib from 'node:zlib';
import { ExplorerModel, type ExplorerNode, type LoadMoreNode } from '../src/explorer/model';
import { DraftStore, ReadAtStore, memoryState } from '../src/fs/persisted';
import { TemplateFiles, type DocLocation } from '../src/fs/templateFiles';
import { InstanceRegistry, instanceIdFor, type SecretStore, type StateStore } from '../src/instances/registry';
import { parseKadiPath, templatePath } from '../src/kadi/templateUri';
import { startSandbox } from '../src/sandbox/index';
import { deriveRecordSchema } from '../src/validation';
import { describeError } from '../src/ui/errors';
import type { Log } from '../src/ui/log';
import type { Prompts } from '../src/ui/prompts';
import { benchTemplate, recordValues } from './benchDocuments';

const LATENCY_MS = 20;
const TEMPLATES = 10_000;
const SAVES = 20;
const ACTIVATIONS = 21;
const FIRST_PAGES = 9;
const FIRST_DIAGNOSTICS = 9;
const OPEN_CLOSE = 50;
const CYCLES = 5;
const repo = path.resolve(__dirname, '..');

// ------------------------------------------------------------------------- the sandbox child

async function serve(opts: { templates: number; latencyMs: number; admin: boolean }): Promise<void> {
  const sb = await startSandbox({ port: 0, extraTemplates: opts.templates, latencyMs: opts.latencyMs });
  // A system admin sees every template: 10,000 listed, not just the third alice created.
  if (opts.admin) sb.store.activeUser(1)!.system_role = 'admin';
  // A running Kadi4Mat has answered searches before: one search here builds the sandbox's sorted
  // index, so the first measured page does not pay the server's own cold start.
  await fetch(`${sb.url}/api/v1/templates?per_page=1`, { headers: { Authorization: 'Bearer pat_sandbox_alice' } }).then((r) => r.arrayBuffer());
  process.stdout.write(`${JSON.stringify({ url: sb.url })}\n`);
  const stop = () => void sb.close().finally(() => process.exit(0));
  process.stdin.on('end', stop).on('close', stop).resume();
  setTimeout(stop, 15 * 60_000).unref();
}

interface Child {
  url: string;
  stop(): void;
}

function sandboxChild(opts: { templates: number; latencyMs: number; admin: boolean }): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, [__filename, '--serve', JSON.stringify(opts)], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`sandbox child exited (${code})`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        child.removeAllListeners('exit');
        resolve({ url: JSON.parse(line).url, stop: () => child.stdin!.end() });
      }
    });
  });
}

// ------------------------------------------------------------------------- helpers

class Secrets implements SecretStore {
  private readonly m = new Map<string, string>();
  async get(k: string) {
    return this.m.get(k);
  }
  async store(k: string, v: string) {
    this.m.set(k, v);
  }
  async delete(k: string) {
    this.m.delete(k);
  }
}
class State implements StateStore {
  private readonly m = new Map<string, unknown>();
  get<T>(k: string) {
    return this.m.get(k) as T | undefined;
  }
  async update(k: string, v: unknown) {
    this.m.set(k, v);
  }
}

/** Counts HTTP exchanges: the registry logs each one (trace), failures as warnings. */
/** Counts the registry's request lines (info; warnings for failures). */
class CountingLog implements Log {
  requests = 0;
  trace() {}
  info(m: string) {
    if (/ → /.test(m)) this.requests++;
  }
  warn(m: string) {
    if (/ → /.test(m)) this.requests++;
  }
  error() {}
}

const noPrompts: Prompts = {
  status: () => undefined,
  input: async () => undefined,
  pick: async () => undefined,
  pickDynamic: async () => undefined,
  warn: async () => undefined,
  info: async () => undefined,
  error: async () => undefined,
};

async function registryFor(url: string, log: CountingLog): Promise<{ registry: InstanceRegistry; id: string }> {
  const registry = new InstanceRegistry({ state: new State(), secrets: new Secrets(), prompts: noPrompts, log, settings: () => ({ apiVersion: 'v1', timeoutMs: 30_000 }) });
  const id = instanceIdFor(url);
  await registry.add({ id, label: id, baseUrl: url }, 'pat_sandbox_alice');
  return { registry, id };
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) return;
  for (let i = 0; i < 3; i++) g();
}
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x)} ms`;
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MiB`;
const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;

interface Row {
  what: string;
  figure: string;
  ratio: string;
}
const rows: Row[] = [];
const row = (what: string, figure: string, ratio = '') => {
  rows.push({ what, figure, ratio });
  console.log(`  ${what}: ${figure}${ratio ? `  (${ratio})` : ''}`);
};

// ------------------------------------------------------------------------- listing

async function listing(): Promise<void> {
  console.log(`\nListing: ${TEMPLATES.toLocaleString('en-US')} templates, ${LATENCY_MS} ms latency, through the explorer model`);
  const sandbox = await sandboxChild({ templates: TEMPLATES, latencyMs: LATENCY_MS, admin: true });
  try {
    const log = new CountingLog();
    const { registry } = await registryFor(sandbox.url, log);
    const model = new ExplorerModel({ clients: registry });
    const [instance] = await model.getChildren();
    const [templates] = await model.getChildren(instance);
    const r0 = log.requests;
    const t0 = performance.now();
    let children: ExplorerNode[] = await model.getChildren(templates);
    const first = performance.now() - t0;
    const firstRequests = log.requests - r0;
    let pages = 1;
    while (children[children.length - 1]?.kind === 'loadMore') {
      await model.loadMore(children[children.length - 1] as LoadMoreNode);
      children = await model.getChildren(templates);
      pages++;
    }
    const all = performance.now() - t0;
    const allRequests = log.requests - r0;
    const listed = children.filter((n) => n.kind === 'template').length;
    const last = children[children.length - 1];
    model.dispose();
    children = [];
    // The tree's memory: a second listing by a new model, measured from before it was made (the
    // HTTP stack the first request of the session loaded is not memory of the tree).
    const before = heap();
    const second = new ExplorerModel({ clients: registry });
    const [instance2] = await second.getChildren();
    const [templates2] = await second.getChildren(instance2);
    let rows = await second.getChildren(templates2);
    while (rows[rows.length - 1]?.kind === 'loadMore') {
      await second.loadMore(rows[rows.length - 1] as LoadMoreNode);
      rows = await second.getChildren(templates2);
    }
    rows = [];
    const after = heap();
    // One sample is at the mercy of a busy machine: more sessions, each with a new registry,
    // model and connection (the HTTP stack stays loaded, as in a window after its first list).
    const sessions = [first];
    for (let i = 1; i < FIRST_PAGES; i++) {
      const other = await registryFor(sandbox.url, new CountingLog());
      const m = new ExplorerModel({ clients: other.registry });
      const [inst] = await m.getChildren();
      const [list] = await m.getChildren(inst);
      const t = performance.now();
      await m.getChildren(list);
      sessions.push(performance.now() - t);
      m.dispose();
    }
    const ratio = median(sessions) / LATENCY_MS;
    row(
      'first page (100 templates)',
      `${ms(median(sessions))} median, ${firstRequests} request`,
      `${ratio.toFixed(1)}× the latency; target < 2× ${ratio < 2 ? '✓' : '✗'}; ${FIRST_PAGES} sessions, the first (HTTP stack cold): ${ms(first)}`,
    );
    row(`all pages (${listed.toLocaleString('en-US')} templates)`, `${ms(all)}, ${allRequests} requests for ${pages} pages`, `requests/pages = ${(allRequests / pages).toFixed(2)} ${allRequests === pages ? '✓' : '✗'}; ${ms(all / pages)} per page`);
    if (last?.kind === 'message') console.log(`  last item: ${last.text}`);
    const perTemplate = (after - before) / listed / 1024;
    row('tree memory', `${perTemplate.toFixed(2)} KiB per template`, `${mib(after - before)} after listing ${listed.toLocaleString('en-US')}; target < 0.5 KiB ${perTemplate < 0.5 ? '✓' : '✗'}`);
    second.dispose();
  } finally {
    sandbox.stop();
  }
}

// ------------------------------------------------------------------------- saving

function filesFor(registry: InstanceRegistry, log: Log): TemplateFiles {
  const state = memoryState();
  return new TemplateFiles({
    source: registry,
    prompts: noPrompts,
    log,
    readAt: new ReadAtStore(state),
    drafts: new DraftStore(state),
    isDirty: () => false,
    describeError,
    showConflict: async () => undefined,
  });
}

function loc(id: string, tid: number, identifier: string): DocLocation {
  const p = parseKadiPath(templatePath(tid, identifier))!;
  return { key: `kadi://${id}${templatePath(tid, identifier)}`, instanceId: id, path: p };
}

async function saving(): Promise<void> {
  console.log(`\nSave round trip: ${LATENCY_MS} ms latency, ${SAVES} saves of one field`);
  const sandbox = await sandboxChild({ templates: 0, latencyMs: LATENCY_MS, admin: false });
  try {
    const log = new CountingLog();
    const { registry, id } = await registryFor(sandbox.url, log);
    const files = filesFor(registry, log);
    const l = loc(id, 1, 'tensile-test');
    const r0 = log.requests;
    const t0 = performance.now();
    await files.stat(l);
    let text = new TextDecoder().decode(await files.read(l));
    const openMs = performance.now() - t0;
    const openRequests = log.requests - r0;
    const times: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < SAVES; i++) {
      const next = text.replace(/"title": "[^"]*"/, `"title": "Tensile test ${i}"`);
      const r = log.requests;
      const t = performance.now();
      const out = await files.write(l, new TextEncoder().encode(next), 'upload');
      times.push(performance.now() - t);
      counts.push(log.requests - r);
      if (out.kind !== 'saved') throw new Error(`save ${i}: ${out.kind}`);
      text = next;
    }
    const r = log.requests;
    await files.write(l, new TextEncoder().encode(text), 'upload');
    const unchanged = log.requests - r;
    row('open a template (stat + read + role check)', `${ms(openMs)}, ${openRequests} requests`);
    row('save (one changed field)', `${ms(median(times))} median, ${Math.max(...counts)} requests`, `target ≤ 2 ${Math.max(...counts) <= 2 ? '✓' : '✗'}; ${(median(times) / LATENCY_MS).toFixed(1)}× the latency`);
    row('save without changes', `${unchanged} requests`);
  } finally {
    sandbox.stop();
  }
}

// ------------------------------------------------------------------------- activation, bundle

/** A `vscode` module that answers every access with a callable stand-in and records registrations. */
function vscodeStub(registrations: string[]): unknown {
  const cache = new Map<string, unknown>();
  const ARRAYS = new Set(['textDocuments', 'visibleTextEditors', 'all', 'tabs', 'workspaceFolders']);
  const configuration = { get: (_k: string, d?: unknown) => d, has: () => false, inspect: () => undefined, update: async () => undefined };
  // What a call or `new` returns: a plain object (code assigns fields such as `item.name`),
  // whose unknown members are stand-ins too.
  const instance = (name: string): object =>
    new Proxy({} as Record<string | symbol, unknown>, {
      get(o, prop) {
        if (prop in o || typeof prop === 'symbol' || prop === 'then') return o[prop];
        if (ARRAYS.has(prop)) return [];
        return make(`${name}.${prop}`);
      },
    });
  const make = (name: string, fresh = false): unknown => {
    if (!fresh && cache.has(name)) return cache.get(name);
    const p: unknown = new Proxy(function () {}, {
      get(target, prop) {
        if (typeof prop === 'symbol' || prop === 'then') return undefined;
        if (prop === 'prototype') return (target as { prototype: unknown }).prototype;
        if (ARRAYS.has(prop)) return [];
        if (Object.prototype.hasOwnProperty.call(target, prop)) return (target as unknown as Record<string, unknown>)[prop];
        return make(`${name}.${prop}`);
      },
      apply(_t, _this, args: unknown[]) {
        const short = name.replace(/^vscode\./, '');
        if (/\.(register|create)[A-Z]\w*$/.test(name)) registrations.push(`${short}${typeof args[0] === 'string' ? ` ${args[0]}` : ''}`);
        if (short === 'workspace.getConfiguration') return configuration;
        // No template folder in the workspace (the Source Control provider looks at activation).
        if (short === 'workspace.findFiles') return Promise.resolve([]);
        return instance(`${name}()`);
      },
      construct() {
        return instance(`new ${name}`);
      },
    });
    if (!fresh) cache.set(name, p);
    return p;
  };
  // esbuild's ESM interop copies the module's own keys, so the top level is a plain object with
  // every `vscode.<name>` the sources use.
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) for (const m of fs.readFileSync(p, 'utf8').matchAll(/\bvscode\.([A-Za-z_]\w*)/g)) names.add(m[1]);
    }
  };
  walk(path.join(repo, 'src'));
  return Object.fromEntries([...names].map((n) => [n, make(`vscode.${n}`)]));
}

let built: Promise<{ file: string; lazyBytes: number }> | undefined;
/** The production bundle, built once per run. */
const bundle = (): Promise<{ file: string; lazyBytes: number }> => (built ??= buildBundle());

async function buildBundle(): Promise<{ file: string; lazyBytes: number }> {
  const esbuild = await import('esbuild');
  const outdir = path.join(repo, 'out', 'bench-dist');
  fs.rmSync(outdir, { recursive: true, force: true });
  // The builds of `node esbuild.js --production` (what the .vsix ships), into out/ so dist/ is untouched.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { extensionBuilds } = require(path.join(repo, 'esbuild.js')) as { extensionBuilds(o: object): object[] };
  for (const b of extensionBuilds({ root: repo, outdir, production: true })) await esbuild.build(b as Parameters<typeof esbuild.build>[0]);
  const lazyDir = path.join(outdir, 'lazy');
  const lazyBytes = fs.existsSync(lazyDir) ? fs.readdirSync(lazyDir).reduce((sum, f) => sum + fs.statSync(path.join(lazyDir, f)).size, 0) : 0;
  return { file: path.join(outdir, 'extension.js'), lazyBytes };
}

interface ActivationRun {
  requireMs: number;
  activateMs: number;
  registrations: string[];
  network: string[];
  /** Files of dist/lazy that were loaded by the time activation settled. */
  lazy: string[];
  error?: string;
}

/**
 * One load + activate() of the bundle in this (fresh) process, as an extension host does it
 * once per window: a second require in the same process would measure V8 and GC state instead.
 */
async function activateOnce(file: string): Promise<ActivationRun> {
  const lazyFiles = () => Object.keys(require.cache).filter((k) => k.startsWith(path.join(path.dirname(file), 'lazy')));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-bench-'));
  const mod = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const load = mod._load;
  // Every socket connect and server listen while activating (net underlies http, fetch's
  // undici and the sandbox's node:http server).
  const network: string[] = [];
  const connect = net.Socket.prototype.connect;
  const listen = net.Server.prototype.listen;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    network.push(`connect ${JSON.stringify(args[0])}`);
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
  net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
    network.push(`listen ${JSON.stringify(args[0])}`);
    return (listen as (...a: unknown[]) => net.Server).apply(this, args);
  } as typeof listen;
  const recorded: string[] = [];
  try {
    const stub = vscodeStub(recorded) as { ExtensionMode: { Production: unknown } };
    mod._load = function (request, parent, isMain) {
      return request === 'vscode' ? stub : load.call(this, request, parent, isMain);
    };
    const memento = (seed: [string, unknown][] = []) => {
      const m = new Map<string, unknown>(seed);
      return { get: (k: string, d?: unknown) => (m.has(k) ? m.get(k) : d), update: async (k: string, v: unknown) => void m.set(k, v), keys: () => [...m.keys()], setKeysForSync: () => undefined };
    };
    const context = {
      subscriptions: [] as { dispose(): unknown }[],
      // As after a reload: the embedded sandbox was used before, and a remote instance is listed.
      globalState: memento([
        [
          'kadi4mat.instances',
          [
            { id: 'sandbox', label: 'Local sandbox', baseUrl: 'http://127.0.0.1:5999', sandbox: true },
            { id: 'kadi.example.edu', label: 'kadi.example.edu', baseUrl: 'https://kadi.example.edu' },
          ],
        ],
      ]),
      workspaceState: memento(),
      secrets: { get: async () => 'pat_bench_token', store: async () => undefined, delete: async () => undefined, onDidChange: () => ({ dispose() {} }) },
      globalStorageUri: { fsPath: tmp },
      logUri: { fsPath: tmp },
      storageUri: undefined,
      extensionUri: { fsPath: repo },
      extensionPath: repo,
      extensionMode: stub.ExtensionMode.Production,
      // VS Code hands the parsed manifest over (the assistant registers the tools it declares).
      extension: { packageJSON: JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as unknown },
    };
    gc(); // the garbage of this script's own start-up is not the extension's
    const t0 = performance.now();
    const ext = require(file) as { activate(c: unknown): unknown; deactivate?(): unknown };
    const t1 = performance.now();
    await ext.activate(context);
    const t2 = performance.now();
    await new Promise((r) => setTimeout(r, 50)); // anything activate() started without awaiting
    return { requireMs: t1 - t0, activateMs: t2 - t1, registrations: recorded, network, lazy: lazyFiles().map((k) => path.basename(k)) };
  } catch (e) {
    return { requireMs: NaN, activateMs: NaN, registrations: recorded, network, lazy: [], error: e instanceof Error ? e.stack : String(e) };
  } finally {
    mod._load = load;
    net.Socket.prototype.connect = connect;
    net.Server.prototype.listen = listen;
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function activation(): Promise<void> {
  console.log(`\nActivation of the production bundle (stub vscode module), ${ACTIVATIONS} fresh processes`);
  const { file, lazyBytes } = await bundle();
  const bytes = fs.statSync(file).size;
  const gz = zlib.gzipSync(fs.readFileSync(file)).length;
  const runs: ActivationRun[] = [];
  for (let i = 0; i < ACTIVATIONS; i++) {
    const child = spawnSync(process.execPath, ['--expose-gc', __filename, '--activate', file], { encoding: 'utf8' });
    const run = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as ActivationRun;
    if (run.error) {
      console.log(`  activation failed under the stub: ${run.error}`);
      return;
    }
    runs.push(run);
  }
  const last = runs[runs.length - 1];
  const commands = last.registrations.filter((r) => r.startsWith('commands.registerCommand')).length;
  const startup = median(runs.map((r) => r.requireMs + r.activateMs));
  const lazy = [...new Set(runs.flatMap((r) => r.lazy))];
  const network = runs.flatMap((r) => r.network);
  row('bundle loaded at activation (production)', `${kib(bytes)}, ${kib(gz)} gzipped`, `target < 200 KiB ${bytes < 200 * 1024 ? '✓' : '✗'}; + ${kib(lazyBytes)} in dist/lazy, loaded on first use`);
  row('start-up (load + activate)', `${ms(startup)} median`, `target < 8 ms ${startup < 8 ? '✓' : '✗'}; lazy parts loaded: ${lazy.length ? lazy.join(', ') : 'none'}`);
  row('load the bundle (require)', `${ms(median(runs.map((r) => r.requireMs)))} median`);
  row('activate()', `${ms(median(runs.map((r) => r.activateMs)))} median`, `${last.registrations.length} registrations, ${commands} commands`);
  row('network during activation', `${network.length} sockets/servers`, network.length ? network.slice(0, 3).join('; ') : 'no request; the stored sandbox instance is not started');
}

// ------------------------------------------------------------------------- first diagnostics

/**
 * In a fresh process, as the extension does on the first record document it opens: load the
 * production validation bundle (dist/lazy/validation.js) and validate the document read from
 * disk against its schema (already fetched and parsed: the schema cache holds it parsed).
 */
function firstDiagnosticsOnce(engineFile: string, dir: string): void {
  const text = fs.readFileSync(path.join(dir, 'record.json'), 'utf8');
  const schema = JSON.parse(fs.readFileSync(path.join(dir, 'schema.json'), 'utf8')) as Record<string, unknown>;
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require(engineFile) as typeof import('../src/validation');
  const t1 = performance.now();
  const diags = engine.validateRecordText(text, schema, { cacheKey: 'bench' });
  const t2 = performance.now();
  process.stdout.write(`${JSON.stringify({ loadMs: t1 - t0, validateMs: t2 - t1, problems: diags.length })}\n`);
}

async function firstDiagnostics(): Promise<void> {
  console.log(`\nFirst diagnostics on a 10,000-extra record document (production bundle, ${FIRST_DIAGNOSTICS} fresh processes)`);
  const { file } = await bundle();
  const engineFile = path.join(path.dirname(file), 'lazy', 'validation.js');
  for (const nested of [false, true]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-bench-record-'));
    try {
      const schema = deriveRecordSchema(benchTemplate(10_000, nested));
      fs.writeFileSync(path.join(dir, 'schema.json'), JSON.stringify(schema));
      fs.writeFileSync(path.join(dir, 'record.json'), JSON.stringify(recordValues(schema), null, 2));
      const runs: { loadMs: number; validateMs: number; problems: number }[] = [];
      for (let i = 0; i < FIRST_DIAGNOSTICS; i++) {
        const child = spawnSync(process.execPath, [__filename, '--first-diagnostics', engineFile, dir], { encoding: 'utf8' });
        if (child.status !== 0) throw new Error(`first diagnostics: ${child.stderr}`);
        runs.push(JSON.parse(child.stdout.trim().split('\n').pop()!));
      }
      const total = median(runs.map((r) => r.loadMs + r.validateMs));
      row(
        `first diagnostics, 10,000-extra record (${nested ? 'nested' : 'flat'})`,
        ms(total),
        `target < 50 ms ${total < 50 ? '✓' : '✗'}; load the engine ${ms(median(runs.map((r) => r.loadMs)))} + validate ${ms(median(runs.map((r) => r.validateMs)))}; ${runs[0].problems} problems`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

// ------------------------------------------------------------------------- memory: open/close

async function openClose(): Promise<void> {
  console.log(`\nMemory: open and close ${OPEN_CLOSE} templates, ${CYCLES} times`);
  const sandbox = await sandboxChild({ templates: 400, latencyMs: 0, admin: false });
  try {
    const log = new CountingLog();
    const { registry, id } = await registryFor(sandbox.url, log);
    const files = filesFor(registry, log);
    const page = await registry.call(id, (c) => c.searchTemplates({ per_page: 100 }));
    const mine = page.items.filter((t) => t.creator?.id === 1).slice(0, OPEN_CLOSE);
    if (mine.length < OPEN_CLOSE) throw new Error(`only ${mine.length} templates of alice`);
    const base = heap();
    const after: number[] = [];
    for (let c = 0; c < CYCLES; c++) {
      for (const t of mine) {
        const l = loc(id, t.id, t.identifier);
        await files.stat(l);
        await files.read(l);
      }
      for (const t of mine) files.forget(loc(id, t.id, t.identifier).key);
      // The "recent answer" cache lives 2 s (one open = stat + read); wait it out.
      await new Promise((r) => setTimeout(r, 2100));
      after.push(heap());
    }
    row(`heap after ${OPEN_CLOSE} open+close, first cycle`, mib(after[0] - base), 'caches of the first cycle');
    const perCycle = (after[CYCLES - 1] - after[0]) / (CYCLES - 1);
    row(`growth from cycle 1 to cycle ${CYCLES}`, mib(after[CYCLES - 1] - after[0]), `${kib(perCycle)} per cycle of ${OPEN_CLOSE} (${((perCycle / Math.max(1, after[0] - base)) * 100).toFixed(0)} % of the first)`);
  } finally {
    sandbox.stop();
  }
}

// ------------------------------------------------------------------------- main

async function main(): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc) console.log('(run with node --expose-gc for memory figures; `npm run bench` does)');
  const cpu = os.cpus();
  const machine = `${cpu.length} cores (${cpu[0]?.model.trim() ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}`;
  const date = new Date().toISOString().slice(0, 10);
  console.log(`Kadi4Mat Templates benchmark — ${date} — ${machine}`);
  // BENCH_ONLY=activation (or validation, listing, saving, memory) runs one part.
  const only = process.env.BENCH_ONLY;
  if (!only || only === 'activation') await activation();
  if (!only || only === 'validation') await firstDiagnostics();
  if (!only || only === 'listing') await listing();
  if (!only || only === 'saving') await saving();
  if (!only || only === 'memory') await openClose();
  const w1 = Math.max(...rows.map((r) => r.what.length), 4);
  const w2 = Math.max(...rows.map((r) => r.figure.length), 6);
  console.log(`\nSummary (${date}, ${machine})\n`);
  console.log(`| ${'what'.padEnd(w1)} | ${'figure'.padEnd(w2)} | ratio / check |`);
  console.log(`|${'-'.repeat(w1 + 2)}|${'-'.repeat(w2 + 2)}|---|`);
  for (const r of rows) console.log(`| ${r.what.padEnd(w1)} | ${r.figure.padEnd(w2)} | ${r.ratio} |`);
}

if (process.argv[2] === '--serve') {
  void serve(JSON.parse(process.argv[3]));
} else if (process.argv[2] === '--first-diagnostics') {
  firstDiagnosticsOnce(process.argv[3], process.argv[4]);
} else if (process.argv[2] === '--activate') {
  void activateOnce(process.argv[3]).then((run) => {
    process.stdout.write(`${JSON.stringify(run)}\n`);
    process.exit(0);
  });
} else {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
