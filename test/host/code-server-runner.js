#!/usr/bin/env node
// Stand-in for a VS Code executable, for @vscode/test-electron's `runTests({ vscodeExecutablePath })`.
// Desktop VS Code cannot be downloaded on our machines, so this runs the same extension tests in
// code-server (real Node extension host) driven by headless Chromium — see test/host/README.md.
//
// Understands --extensionDevelopmentPath=… and --extensionTestsPath=… (also as two arguments) and
// an optional positional workspace folder; every other flag test-electron passes is ignored.
// Environment (all optional):
//   KADI_HOST_DIR         where install-host.sh put Node 24 + code-server (default <repo>/.vscode-test/host)
//   KADI_HOST_TIMEOUT     seconds before the run counts as failed (default 300)
//   KADI_HOST_SCREENSHOT  write a PNG of the workbench here when the tests end
//   KADI_HOST_SCREENSHOT_DIR  where /screenshot requests go (default <repo>/test-results/screenshots)
//   KADI_HOST_VERBOSE=1   print every browser console message and code-server's log
// Everything else in the environment reaches code-server and so the extension host (KADI_TEST_*).
// The host also gets KADI_HOST_SCREENSHOT_URL: `GET <url>?name=x` saves a screenshot named x.
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const util = require('util');
const cs = require('./code-server');

const repo = cs.repo;
const timeoutMs = Number(process.env.KADI_HOST_TIMEOUT || 300) * 1000;
const verbose = process.env.KADI_HOST_VERBOSE === '1';

/** First line test/host/suite/index.ts logs; output before it is the workbench's own. */
const SUITE_START = 'host suite:';
/** Workbench errors of an offline machine (gallery, GitHub, telemetry lookups). */
const HARMLESS = /ENOTFOUND|EAI_AGAIN|open-vsx\.org|api\.github\.com|^Failed$/;
/** Workbench INFO lines that can still arrive after the suite started. */
const WORKBENCH_INFO = /^\[(AccountPolicyGate|AgentHost[^\]]*|Service Worker|reconnection-grace-time)\]/;

function parseArgs(argv) {
  const out = { extensionDevelopmentPath: undefined, extensionTestsPath: undefined, folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    for (const key of ['extensionDevelopmentPath', 'extensionTestsPath']) {
      if (a.startsWith(`--${key}=`)) out[key] = a.slice(key.length + 3);
      else if (a === `--${key}`) out[key] = argv[++i];
    }
    // test-electron style: a bare path among launchArgs is the folder to open.
    if (!a.startsWith('-') && !out.folder && fs.existsSync(a) && fs.statSync(a).isDirectory()) out.folder = path.resolve(a);
  }
  return out;
}

/** Turns a page console message of the extension host (`%c INFO`, css, format, ...args) into text. */
async function formatConsole(msg) {
  let args;
  try {
    args = await Promise.all(msg.args().map((a) => a.jsonValue()));
  } catch {
    args = [msg.text()];
  }
  const level = typeof args[0] === 'string' ? /^%c\s*(\w+)/.exec(args[0]) : null;
  if (!level) return { ext: false, text: msg.text() };
  // args[0] is "%c INFO" (+ maybe more), args[1] its CSS; the rest is what the host logged.
  const rest = args.slice(2);
  return { ext: true, level: level[1], text: rest.length ? util.format(...rest) : '' };
}

/**
 * GET /screenshot?name=<name> writes <KADI_HOST_SCREENSHOT_DIR or test-results/screenshots>/<name>.png
 * and answers with its path, so a host test can capture the workbench at a given moment.
 */
function startScreenshotServer(getPage) {
  const dir = process.env.KADI_HOST_SCREENSHOT_DIR || path.join(repo, 'test-results', 'screenshots');
  const srv = http.createServer(async (req, res) => {
    const url = new URL(req.url || '/', 'http://127.0.0.1');
    const name = (url.searchParams.get('name') || `shot-${Date.now()}`).replace(/[^\w.-]+/g, '_');
    const page = getPage();
    if (url.pathname !== '/screenshot' || !page) {
      res.writeHead(404).end();
      return;
    }
    try {
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, name.endsWith('.png') ? name : `${name}.png`);
      await page.screenshot({ path: file });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(file);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  return new Promise((resolve, reject) => {
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve(srv));
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.extensionDevelopmentPath || !opts.extensionTestsPath) {
    console.error('code-server-runner: need --extensionDevelopmentPath= and --extensionTestsPath=');
    return 2;
  }
  for (const why of cs.missingHost()) {
    console.error(`code-server-runner: ${why}`);
    return 2;
  }
  const devPath = path.resolve(opts.extensionDevelopmentPath);
  const testsPath = path.resolve(opts.extensionTestsPath);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-host-'));
  const profile = cs.prepareProfile(tmp);
  const folder = opts.folder || path.join(tmp, 'workspace');
  fs.mkdirSync(folder, { recursive: true });
  const logFile = path.join(tmp, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');

  let server;
  let browser;
  let shotServer;
  let page;
  // One cleanup, however many signals/timeouts ask for it; later callers wait for the first.
  let cleaning;
  const cleanup = () => (cleaning ??= doCleanup());
  const doCleanup = async () => {
    if (shotServer) shotServer.close();
    if (browser) await browser.close().catch(() => {});
    if (server) await cs.stopGroup(server);
    fs.closeSync(logFd);
    disposeErrors = extensionHostDisposeErrors(path.join(profile.ud, 'logs'));
    for (const line of disposeErrors) console.error(`code-server-runner: extension host log: ${line}`);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  // test-electron forwards Ctrl+C as SIGINT; stop the server instead of leaving it behind.
  const abort = (why) => {
    if (cleaning) return;
    console.error(`code-server-runner: ${why}, stopping`);
    cleanup().finally(() => process.exit(130));
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, () => abort(sig));
  // If whoever started us is killed outright, do not keep code-server running until the timeout.
  const parent = process.ppid;
  setInterval(() => { if (process.ppid !== parent) abort('parent process gone'); }, 1000).unref();
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

  const showServerLog = () => {
    try {
      const log = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-40).join('\n');
      if (log) console.error(`--- code-server log (last lines) ---\n${log}\n---`);
    } catch { /* already removed */ }
  };

  try {
    // Tests cannot reach the browser; they ask the runner for screenshots over loopback HTTP.
    shotServer = await startScreenshotServer(() => page);
    let finish = () => {};
    const cserver = await cs.startCodeServer({
      profile,
      env: { KADI_HOST_SCREENSHOT_URL: `http://127.0.0.1:${shotServer.address().port}/screenshot` },
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
      out: logFd,
      // Set at once, so a Ctrl+C while it starts still stops it.
      onSpawn: (child) => { server = child; },
    });
    const { port, origin } = cserver;
    if (cserver.exited() !== null) throw new Error(`code-server exited (${cserver.exited()})`);
    server.once('exit', (code, signal) => finish({ crashed: `code-server exited (${signal || code})` }));

    // Our own signal handlers clean up; playwright's would exit the process before code-server is stopped.
    browser = await cs.launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    const done = new Promise((r) => { finish = r; });
    browser.once('disconnected', () => finish({ crashed: 'chromium disconnected' }));
    page.once('crash', () => finish({ crashed: 'the workbench page crashed' }));
    // The workbench logs its own messages through the same "%c INFO" logger as the extension
    // host's output, so only what follows the suite's start line (suite/index.ts) is shown.
    // Console handlers are async (jsonValue); chain them so the output keeps its order.
    let suiteStarted = false;
    let printing = Promise.resolve();
    page.on('console', (msg) => {
      printing = printing.then(async () => {
        const m = await formatConsole(msg);
        if (verbose) {
          process.stderr.write(`[${m.ext ? m.level : 'browser ' + msg.type()}] ${m.text}\n`);
          return;
        }
        if (!m.ext) return;
        if (!suiteStarted) suiteStarted = m.text.startsWith(SUITE_START);
        if (!suiteStarted) return;
        if (m.level === 'INFO' || m.level === 'TRACE' || m.level === 'DEBUG') {
          if (!WORKBENCH_INFO.test(m.text)) process.stdout.write(m.text + '\n');
        }
        else if (!HARMLESS.test(m.text)) process.stderr.write(m.text + '\n');
      }).catch(() => {});
    });
    page.on('pageerror', (err) => { if (verbose) console.error(`[pageerror] ${err.message}`); });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code: Number(code) || 0 }));

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p.split('/').map(encodeURIComponent).join('/')}`;
    const payload = [['extensionDevelopmentPath', remote(devPath)], ['extensionTestsPath', remote(testsPath)]];
    const url = `${origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const timer = setTimeout(() => finish({ timeout: true }), timeoutMs);
    await page.goto(url);
    const result = await done;
    clearTimeout(timer);
    await printing;

    const shot = process.env.KADI_HOST_SCREENSHOT || (result.timeout ? path.join(repo, 'test-results', 'host-timeout.png') : '');
    if (shot) {
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot, timeout: 10000 }).then(() => console.error(`code-server-runner: screenshot ${shot}`), () => {});
    }
    if (result.timeout || result.crashed) {
      console.error(`code-server-runner: ${result.crashed || `tests did not finish within ${timeoutMs / 1000} s`}`);
      showServerLog();
      return 1;
    }
    if (verbose) showServerLog();
    return result.code;
  } catch (err) {
    console.error(`code-server-runner: ${err && err.stack || err}`);
    showServerLog();
    return 1;
  } finally {
    await cleanup();
  }
}

/**
 * When the workbench closes, the extension host deactivates the extension and disposes its
 * subscriptions; a throwing dispose is only logged there ("An error occurred when disposing the
 * subscriptions …"). Those lines (and the error after each) from the extension host logs.
 */
function extensionHostDisposeErrors(dir) {
  const out = [];
  const walk = (d) => {
    let entries = [];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/exthost.*\.log$/i.test(e.name)) {
        const lines = fs.readFileSync(p, 'utf8').split('\n');
        lines.forEach((line, i) => {
          if (/An error occurred when (disposing the subscriptions|deactivating the extension).*kadi4mat-templates/.test(line)) out.push(line, lines[i + 1] ?? '');
        });
      }
    }
  };
  walk(dir);
  return out;
}

let disposeErrors = [];

main().then((code) => process.exit(code === 0 && disposeErrors.length ? 1 : code), (err) => {
  console.error(err);
  process.exit(1);
});
