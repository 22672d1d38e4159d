#!/usr/bin/env node
// `npm run demo`: try the packaged extension against a local sandbox, in VS Code in the browser.
//   1. builds and packs the .vsix (scripts/package-check.js: vsce package, offline),
//   2. starts the sandbox with its seed data (dist/sandbox.js, free port, state in a temp file,
//      so edits persist while the demo runs),
//   3. installs the .vsix into a private code-server (own user-data and extensions dirs) and starts
//      it with KADI4MAT_DEMO_SANDBOX_URL, which makes the extension add that sandbox as an instance
//      when it activates (src/instances/demo.ts) — no prompts,
//   4. prints the address to open in a browser. Ctrl+C stops everything it started.
// Options:
//   --desktop      open desktop VS Code (`code` on PATH) with the same private profile instead
//   --port N       code-server port (default: a free one)
//   --quiet        do not print the sandbox's request log
//   --no-package   reuse kadi4mat-templates.vsix from the last `npm run package`
//   --vsix FILE    install this .vsix (implies --no-package; dist/sandbox.js must be built)
// Without --desktop it needs the code-server host, and installs it first when missing
// (scripts/install-host.sh, about 2 minutes, once).
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');
const cs = require('../test/host/code-server');
const { packageVsix } = require('./package-check');

const repo = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const desktop = flag('--desktop');
const quiet = flag('--quiet');
const option = (f) => (args.includes(f) ? args[args.indexOf(f) + 1] : undefined);
const portArg = Number(option('--port') || 0);
const vsixArg = option('--vsix');

/** Besides the host's quiet, offline settings: no empty secondary side bar (chat is off). */
const DEMO_SETTINGS = { 'workbench.secondarySideBar.defaultVisibility': 'hidden' };

const say = (line) => console.log(`demo: ${line}`);

function onPath(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Starts dist/sandbox.js on a free port; resolves with { child, url } once it listens. */
function startSandbox(dataFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, 'dist', 'sandbox.js'), '--port', '0', '--data', dataFile, ...(quiet ? ['--quiet'] : [])], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let url;
    let bannerDone = false;
    const timer = setTimeout(() => reject(new Error('the sandbox did not start within 20 s')), 20000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!url) reject(new Error(`the sandbox exited (${signal || code}) before it listened`));
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (!url && m) {
        url = m[1];
        clearTimeout(timer);
        resolve({ child, url });
        return;
      }
      // Its banner (tokens; the demo prints its own) ends with "Press Ctrl+C"; then, unless --quiet,
      // one line per request.
      if (bannerDone) console.log(`sandbox: ${line}`);
      else bannerDone = /Press Ctrl\+C/.test(line);
    });
  });
}

async function main() {
  const code = desktop ? onPath('code') : undefined;
  if (desktop && !code) {
    console.error('demo: --desktop needs desktop VS Code\'s "code" command on PATH. Without --desktop the demo runs in code-server, in your browser.');
    return 1;
  }
  if (!desktop && cs.missingHost().length) {
    // First run on this machine: the installer prints what it installs and how long that takes.
    say('the VS Code host is not installed yet');
    const r = spawnSync('bash', [path.join(repo, 'scripts', 'install-host.sh')], { cwd: repo, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error('demo: installing the VS Code host failed (see above); "bash scripts/install-host.sh" retries');
      return 1;
    }
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-demo-'));
  const started = [];
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      for (const s of started.reverse()) await s().catch(() => {});
      fs.rmSync(tmp, { recursive: true, force: true });
    })());
  let wake = () => {};
  const ended = new Promise((r) => { wake = r; });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (!stopping) console.log(`\ndemo: ${sig}, stopping…`);
      wake(0);
    });
  }

  try {
    let vsix = vsixArg ? path.resolve(vsixArg) : path.join(repo, 'kadi4mat-templates.vsix');
    if (vsixArg && !fs.existsSync(vsix)) throw new Error(`${vsix} does not exist`);
    if ((vsixArg || flag('--no-package')) && fs.existsSync(vsix) && fs.existsSync(path.join(repo, 'dist', 'sandbox.js'))) {
      say(`using ${path.relative(process.cwd(), vsix)}${vsixArg ? '' : ' from the last build'}`);
    } else {
      say('building and packaging the extension…');
      vsix = path.join(tmp, 'kadi4mat-templates.vsix');
      const { bytes } = packageVsix(vsix, { quiet: true });
      say(`packaged ${path.basename(vsix)} (${(bytes / 1024).toFixed(1)} KB)`);
    }

    const sandbox = await startSandbox(path.join(tmp, 'sandbox-data.json'));
    started.push(() => stopChild(sandbox.child));
    sandbox.child.once('exit', () => wake(1));
    say(`sandbox with the sample templates on ${sandbox.url} (state: ${path.join(tmp, 'sandbox-data.json')})`);

    const workspace = path.join(tmp, 'workspace');
    fs.mkdirSync(workspace);
    const env = { KADI4MAT_DEMO_SANDBOX_URL: sandbox.url, KADI4MAT_DEMO_SANDBOX_TOKEN: 'pat_sandbox_alice' };
    const profile = cs.prepareProfile(tmp, DEMO_SETTINGS);

    if (desktop) {
      const codeArgs = ['--user-data-dir', profile.ud, '--extensions-dir', profile.ext];
      const inst = spawnSync(code, [...codeArgs, '--install-extension', vsix], { encoding: 'utf8', env: cs.cleanEnv() });
      if (inst.status !== 0) throw new Error(`code --install-extension failed: ${inst.stderr || inst.stdout}`);
      // A separate user-data dir makes a new VS Code instance, which inherits this environment;
      // --wait keeps the CLI running until the window is closed.
      const child = spawn(code, [...codeArgs, '--new-window', '--wait', workspace], { stdio: 'inherit', env: cs.cleanEnv(env) });
      started.push(() => stopChild(child));
      child.once('exit', () => wake(0));
      say('opened desktop VS Code with a private profile. Click the Kadi4Mat icon in the activity bar:');
      say('"Demo sandbox" lists the templates. Close the window or press Ctrl+C to stop.');
    } else {
      cs.installExtension(profile, vsix);
      const logFile = path.join(tmp, 'code-server.log');
      const logFd = fs.openSync(logFile, 'a');
      const server = await cs.startCodeServer({
        profile,
        port: portArg || undefined,
        env,
        out: logFd,
        onSpawn: (child) => started.push(() => cs.stopGroup(child)),
      });
      server.child.once('exit', () => {
        if (!stopping) console.error(`demo: code-server stopped unexpectedly; its log was ${logFile}`);
        wake(1);
      });
      const url = `${server.origin}/?folder=${encodeURIComponent(workspace)}`;
      console.log(`
  Kadi4Mat Templates demo is running.

    Open   ${url}
           in a browser on this machine, then click the Kadi4Mat icon in the activity bar:
           "Demo sandbox" lists the sample templates, signed in as alice.
    API    ${sandbox.url}/api/v1  (tokens: pat_sandbox_alice, pat_sandbox_bob, pat_sandbox_carol)

  Edits are saved to the sandbox and kept until the demo stops. Press Ctrl+C to stop.
`);
    }
    return await ended;
  } catch (e) {
    console.error(`demo: ${e && e.message ? e.message : e}`);
    return 1;
  } finally {
    await stop();
    say('stopped.');
  }
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

main().then((code) => process.exit(code));
