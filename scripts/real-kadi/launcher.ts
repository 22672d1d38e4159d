// Starts a real Kadi4Mat (kadi from PyPI, see install.sh) on 127.0.0.1 with private PostgreSQL
// and Redis servers in a temporary folder, seeded like the sandbox: the same users, groups,
// templates, roles and token values. Everything it starts stops with stop(), and a reaper
// stops it too if this process dies or the time limit passes. See README.md beside this file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { SANDBOX_TOKENS, SEED_USER_ROWS } from '../../src/sandbox';
import { seedOverHttp } from './seed';

/** This file is bundled into out/…, so the repository is found by walking up to package.json. */
function findRepo(dir = __dirname): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'scripts', 'real-kadi', 'install.sh'))) return d;
    if (path.dirname(d) === d) throw new Error(`real-kadi: repository not found above ${dir}`);
  }
}
const repo = findRepo();
const here = path.join(repo, 'scripts', 'real-kadi');
const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface RealKadiOptions {
  /** HTTP port; 0 (default) = a free one. */
  port?: number;
  /** e.g. "20/minute": a limit for authenticated users, with 127.0.0.1 no longer exempt. */
  rateLimit?: string;
  /** Progress lines ("real-kadi: …"); default console.log. */
  log?: (line: string) => void;
  /** The reaper stops everything after this long even if stop() is never called. Default 2 h. */
  maxLifetimeMs?: number;
}

export interface RealKadi {
  /** "http://127.0.0.1:<port>" — exactly this host, Kadi answers 404 to any other. */
  readonly url: string;
  readonly version: string;
  /**
   * Back to the freshly seeded state (database and rate-limit counters). About 2 s. With
   * `rateLimit` (e.g. "5/minute") the server limits authenticated users from then on.
   */
  reset(options?: { rateLimit?: string }): Promise<void>;
  stop(): Promise<void>;
}

/** The venv's folder (install.sh puts it there). */
export const realKadiHome = (): string => process.env.REAL_KADI_HOME ?? path.join(repo, '.real-kadi');

export function installRealKadi(log: (line: string) => void = console.log): void {
  // Inherit stdio so apt/pip progress shows; a clean env keeps npm's settings out of pip.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
  log('real-kadi: checking the installation (PostgreSQL, Redis, kadi from PyPI)');
  const r = spawnSync('bash', [path.join(here, 'install.sh')], { stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`real-kadi: install.sh failed (exit ${r.status ?? r.signal})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion; throws with its output on failure. */
function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: opts.env ?? process.env, input: opts.input, cwd: opts.cwd, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`real-kadi: ${path.basename(cmd)} ${args.slice(0, 3).join(' ')} failed (exit ${r.status ?? r.signal}):\n${(r.stdout ?? '') + (r.stderr ?? '')}`.trim());
  }
  return r.stdout;
}

/** PostgreSQL refuses to run as root: as root its commands run as the `postgres` user. */
const asPostgres = (cmd: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, died?: () => string | undefined): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    const reason = died?.();
    if (reason) throw new Error(`real-kadi: ${what} stopped: ${reason}`);
    if (Date.now() > end) throw new Error(`real-kadi: ${what} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function startRealKadi(options: RealKadiOptions = {}): Promise<RealKadi> {
  const log = options.log ?? console.log;
  const t0 = Date.now();
  const venv = path.join(realKadiHome(), 'venv');
  if (!fs.existsSync(path.join(venv, 'bin', 'kadi'))) throw new Error(`real-kadi: ${venv} missing; run installRealKadi() (bash scripts/real-kadi/install.sh) first`);

  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'real-kadi-'));
  fs.chmodSync(runDir, 0o755); // the postgres user must reach its data folder
  const pgDir = path.join(runDir, 'pg');
  fs.mkdirSync(pgDir, { mode: 0o700 });
  if (process.getuid?.() === 0) run('chown', ['postgres:postgres', pgDir]);
  for (const d of ['storage', 'uploads']) fs.mkdirSync(path.join(runDir, d));

  const [port, pgPort, redisPort, esPort] = [options.port || (await freePort()), await freePort(), await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_'))),
    PATH: `${path.join(venv, 'bin')}:${process.env.PATH ?? ''}`,
    KADI_CONFIG_FILE: path.join(here, 'config.py'),
    KADI_ENV: 'production',
    REAL_KADI_RUN_DIR: runDir,
    REAL_KADI_PORT: String(port),
    REAL_KADI_PG_PORT: String(pgPort),
    REAL_KADI_REDIS_PORT: String(redisPort),
    REAL_KADI_ES_PORT: String(esPort),
    // The rate limit applies once seeding is done (seeding alone exceeds small limits).
    REAL_KADI_RATELIMIT: '',
  };

  const children: ChildProcess[] = [];
  let web: ChildProcess | undefined;
  const reaper = startReaper(runDir, pgDir, [`kadi.wsgi:app run --host 127.0.0.1 --port ${port} `, `redis-server 127.0.0.1:${redisPort}`], options.maxLifetimeMs ?? 2 * 3600_000);

  const stopWeb = async (): Promise<void> => {
    const w = web;
    web = undefined;
    if (!w || w.exitCode !== null) return;
    const exited = new Promise<void>((r) => w.once('exit', () => r()));
    w.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (w.exitCode === null) w.kill('SIGKILL');
  };
  const stopAll = async (): Promise<void> => {
    await stopWeb();
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    spawnSync(...asPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', pgDir, '-m', 'fast', '-w', 'stop']), { stdio: 'ignore' });
    reaper.kill('SIGTERM');
    fs.rmSync(runDir, { recursive: true, force: true });
  };

  const startWeb = async (): Promise<void> => {
    const logFile = fs.openSync(path.join(runDir, 'web.log'), 'a');
    // Flask's threaded server with Kadi's production settings (JSON errors, no debugger).
    const w = spawn(path.join(venv, 'bin', 'flask'), ['--app', 'kadi.wsgi:app', 'run', '--host', '127.0.0.1', '--port', String(port), '--no-reload'], {
      env,
      cwd: runDir,
      stdio: ['ignore', logFile, logFile],
    });
    fs.closeSync(logFile);
    web = w;
    await waitFor(
      'the Kadi4Mat web server',
      async () => (await fetch(`${url}/api/info`, { headers: { Authorization: 'Bearer pat_sandbox_alice' } })).ok,
      60_000,
      () => (w.exitCode !== null ? `exit ${w.exitCode}; ${tail(path.join(runDir, 'web.log'))}` : undefined),
    );
    // The readiness probe counted as a request: start every run with empty rate-limit counters.
    if (env.REAL_KADI_RATELIMIT) run('redis-cli', ['-h', '127.0.0.1', '-p', String(redisPort), 'flushall']);
  };

  try {
    log(`real-kadi: PostgreSQL and Redis in ${runDir}`);
    run(...asPostgres(path.join(PG_BIN, 'initdb'), ['-D', pgDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']));
    run(...asPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', pgDir, '-l', path.join(pgDir, 'server.log'), '-w', '-o', `-p ${pgPort} -k ${pgDir} -c listen_addresses=127.0.0.1`, 'start']));
    const psql = (sql: string): string => run('psql', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', sql]);
    psql("CREATE ROLE kadi LOGIN PASSWORD 'kadi'");
    psql("CREATE DATABASE kadi OWNER kadi ENCODING 'UTF8' TEMPLATE template0");

    const redis = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(redisPort), '--save', '', '--appendonly', 'no', '--dir', runDir], { stdio: 'ignore' });
    children.push(redis);

    log('real-kadi: kadi db init (about 15 s)');
    run(path.join(venv, 'bin', 'kadi'), ['db', 'init'], { env, cwd: runDir });
    const provisioned = run(path.join(venv, 'bin', 'python'), [path.join(here, 'provision.py')], {
      env,
      cwd: runDir,
      input: JSON.stringify({ users: SEED_USER_ROWS, tokens: SANDBOX_TOKENS }),
    });
    log(`real-kadi: ${provisioned.trim().split('\n').pop()}`);

    await startWeb();
    const version = ((await (await fetch(`${url}/api/info`, { headers: { Authorization: 'Bearer pat_sandbox_alice' } })).json()) as { version: string }).version;
    log(`real-kadi: Kadi4Mat ${version} at ${url}; seeding it like the sandbox`);
    await seedOverHttp(url);
    // The seeded database becomes the template every reset() copies.
    await stopWeb();
    psql('CREATE DATABASE kadi_seed TEMPLATE kadi');
    env.REAL_KADI_RATELIMIT = options.rateLimit ?? '';
    await startWeb();
    log(`real-kadi: ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    return {
      url,
      version,
      async reset(opts = {}) {
        await stopWeb();
        env.REAL_KADI_RATELIMIT = opts.rateLimit ?? '';
        psql('DROP DATABASE kadi');
        psql('CREATE DATABASE kadi OWNER kadi TEMPLATE kadi_seed');
        run('redis-cli', ['-h', '127.0.0.1', '-p', String(redisPort), 'flushall']);
        await startWeb();
      },
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * A detached shell that stops PostgreSQL, Redis and the web server when this process dies or
 * the time limit passes, so nothing is left running after a crash or a killed test run.
 */
function startReaper(runDir: string, pgDir: string, patterns: string[], maxLifetimeMs: number): ChildProcess {
  const pgStop = process.getuid?.() === 0 ? `runuser -u postgres -- ${PG_BIN}/pg_ctl` : `${PG_BIN}/pg_ctl`;
  const script = [
    `end=$(( $(date +%s) + ${Math.ceil(maxLifetimeMs / 1000)} ))`,
    `while kill -0 ${process.pid} 2>/dev/null && [ $(date +%s) -lt $end ]; do sleep 1; done`,
    ...patterns.map((p) => `pkill -f "${p}" 2>/dev/null`),
    `${pgStop} -D ${pgDir} -m immediate stop >/dev/null 2>&1`,
    `rm -rf ${runDir}`,
  ].join('\n');
  const r = spawn('bash', ['-c', script], { detached: true, stdio: 'ignore' });
  r.unref();
  return r;
}
