// The sandbox CLI (dist/sandbox.js): banner, a real request, clean stop on SIGTERM/SIGINT.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
let cli = path.join(ROOT, 'dist', 'sandbox.js');

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawn the CLI and wait (bounded) for its banner line. */
function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no banner within 10 s:\n${out}`));
    }, 10_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Kadi4Mat sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out, exit });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    void exit.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before the banner:\n${out}`));
    });
  });
}

describe('sandbox CLI', function () {
  this.timeout(30_000);
  let tmp: string;

  before(function () {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-sandbox-cli-'));
    if (!fs.existsSync(cli)) {
      // Not built yet (e.g. the test bundle was made alone): bundle the CLI into a temp folder.
      cli = path.join(tmp, 'sandbox.js');
      const r = spawnSync(process.execPath, [require.resolve('esbuild/bin/esbuild', { paths: [ROOT] }), path.join(ROOT, 'src/sandbox/cli.ts'), '--bundle', '--platform=node', `--outfile=${cli}`, '--log-level=error'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('--port 0: prints the banner and tokens, answers requests, exits 0 on SIGTERM', async () => {
    const run = await startCli(['--port', '0']);
    try {
      const res = await fetch(`${run.url}/api/users/me`, { headers: { Authorization: 'Bearer pat_sandbox_alice' } });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { identity: { username: string } }).identity.username, 'alice');
      await new Promise((r) => setTimeout(r, 100));
      for (const t of ['pat_sandbox_alice', 'pat_sandbox_bob', 'pat_sandbox_carol', 'pat_sandbox_alice_readonly', 'pat_sandbox_expired']) {
        assert.ok(run.output().includes(t), t);
      }
      assert.match(run.output(), /GET \/api\/users\/me 200/);
    } finally {
      run.child.kill('SIGTERM');
    }
    const { code } = await run.exit;
    assert.equal(code, 0, run.output());
  });

  it('SIGINT also stops cleanly; --data persists between runs', async () => {
    const file = path.join(tmp, 'state.json');
    const first = await startCli(['--port=0', '--data', file, '--quiet']);
    try {
      const res = await fetch(`${first.url}/api/templates/1`, {
        method: 'PATCH',
        headers: { Authorization: 'Bearer pat_sandbox_alice' },
        body: JSON.stringify({ title: 'From the CLI' }),
      });
      assert.equal(res.status, 200);
    } finally {
      first.child.kill('SIGINT');
    }
    assert.equal((await first.exit).code, 0, first.output());
    assert.ok(!first.output().includes('PATCH /api'), '--quiet');

    const second = await startCli(['--port', '0', '--data', file]);
    try {
      const res = await fetch(`${second.url}/api/templates/1`, { headers: { Authorization: 'Bearer pat_sandbox_alice' } });
      assert.equal(((await res.json()) as { title: string }).title, 'From the CLI');
    } finally {
      second.child.kill('SIGTERM');
    }
    assert.equal((await second.exit).code, 0);
  });

  it('--templates N and --latency / --rate-limit are applied', async () => {
    const run = await startCli(['--port', '0', '--templates', '25', '--rate-limit', '2', '--latency', '10', '--quiet']);
    try {
      const h = { Authorization: 'Bearer pat_sandbox_bob' };
      const list = await fetch(`${run.url}/api/templates?user=1&user=2&user=3&per_page=1`, { headers: h });
      const total = ((await list.json()) as { _pagination: { total_items: number } })._pagination.total_items;
      assert.ok(total > 4, String(total)); // bob's 4 seed templates + generated ones he can read
      // The limit counts per endpoint (as Kadi's): two answered, the third limited.
      assert.equal((await fetch(`${run.url}/api/info`, { headers: h })).status, 200);
      assert.equal((await fetch(`${run.url}/api/info`, { headers: h })).status, 200);
      const limited = await fetch(`${run.url}/api/info`, { headers: h });
      assert.equal(limited.status, 429);
      assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
    } finally {
      run.child.kill('SIGTERM');
    }
    assert.equal((await run.exit).code, 0);
  });

  it('--help prints usage and exits 0; bad options exit 2', () => {
    const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage:/);
    assert.match(help.stdout, /--rate-limit N/);
    for (const args of [['--bogus'], ['--port', 'abc'], ['--port', '70000'], ['--latency']]) {
      const bad = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 10_000 });
      assert.equal(bad.status, 2, `${args.join(' ')}: ${bad.stderr}`);
      assert.ok(bad.stderr.length > 0);
    }
  });
});
