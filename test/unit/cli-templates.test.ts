// The kadi-templates CLI, run in-process (main(argv, io)) against the sandbox: pull → edit →
// status → diff → push → status clean; conflicts; new files; deletions; validate formats and
// exit codes; where the token comes from and that it never shows up.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { parseIni } from '../../src/cli/credentials';
import { SEED_USERS, startSandbox, type Sandbox } from '../../src/sandbox/index';
import { KadiClient } from '../../src/kadi/client';
import { applyPull } from '../../src/templatesAsCode/pull';
import { runPush } from '../../src/templatesAsCode/push';
import { folderStatus } from '../../src/templatesAsCode/session';

const TOKEN = 'pat_sandbox_alice';

interface Run {
  code: number;
  out: string;
  err: string;
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-templates-'));
}

/** Every text file below dir, concatenated (to look for the token). */
function allText(dir: string): string {
  let s = '';
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    s += e.isDirectory() ? allText(p) : fs.readFileSync(p, 'utf8');
  }
  return s;
}

describe('kadi-templates CLI against the sandbox', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let dir: string;
  let home: string;
  let transcript: string;

  async function run(argv: string[], env: Record<string, string | undefined> = { KADI_PAT: TOKEN, KADI_HOST: sb.url }): Promise<Run> {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), env, cwd: dir, home, isTTY: false };
    const code = await main(argv, io);
    transcript += out + err;
    return { code, out, err };
  }
  const file = (name: string) => path.join(dir, name);
  const read = (name: string) => fs.readFileSync(file(name), 'utf8');
  const edit = (name: string, from: string, to: string) => {
    const text = read(name);
    assert.ok(text.includes(from), `${name} lacks ${from}`);
    fs.writeFileSync(file(name), text.replace(from, to));
  };
  const patches = () => sb.requests.filter((r) => r.method === 'PATCH' || r.method === 'POST');

  beforeEach(async () => {
    sb = await startSandbox({ port: 0 });
    dir = tmpDir();
    home = tmpDir();
    transcript = '';
  });
  afterEach(async () => {
    await sb.close();
    // The token never appears in anything printed or written.
    assert.ok(!transcript.includes(TOKEN), 'token in the output');
    assert.ok(!allText(dir).includes(TOKEN), 'token in a file');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('pull → edit → status → diff → push (only the changed field) → status clean', async () => {
    const pulled = await run(['pull', '--type', 'extras']);
    assert.equal(pulled.code, 0, pulled.err);
    const manifest = JSON.parse(read('kadi-templates.json'));
    assert.equal(manifest.instance, sb.url);
    assert.deepEqual(manifest.pull, { type: 'extras' });
    assert.deepEqual(Object.keys(manifest.templates), ['measurement-series.kadi-template.json', 'microscopy-image.kadi-template.json', 'simulation-run.kadi-template.json', 'tensile-test.kadi-template.json']);
    assert.equal(manifest.templates['tensile-test.kadi-template.json'].id, 1);
    assert.match(read('tensile-test.kadi-template.json'), /^\{\n {2}"identifier": "tensile-test",\n {2}"title": "Tensile test",/);

    assert.deepEqual(await run(['status']), { code: 0, out: 'In sync with ' + sb.url + ': 4 templates.\n', err: '' });
    edit('tensile-test.kadi-template.json', '"title": "Tensile test"', '"title": "Tensile test (ISO)"');
    const st = await run(['status']);
    assert.equal(st.code, 1);
    assert.equal(st.out, `M tensile-test.kadi-template.json  changed locally\n1 of 4 differ (${sb.url}).\n`);

    const diff = await run(['diff']);
    assert.equal(diff.code, 0);
    assert.match(diff.out, /^--- server\/tensile-test.kadi-template.json/m);
    assert.match(diff.out, /^\+\+\+ local\/tensile-test.kadi-template.json/m);
    assert.match(diff.out, /^-  "title": "Tensile test",$/m);
    assert.match(diff.out, /^\+  "title": "Tensile test \(ISO\)",$/m);

    const dry = await run(['push', '--dry-run']);
    assert.equal(dry.code, 0);
    assert.match(dry.out, /would update title/);
    assert.equal(patches().length, 0, 'a dry run sends nothing');

    const pushed = await run(['push']);
    assert.equal(pushed.code, 0, pushed.out);
    assert.deepEqual(patches().map((r) => [r.method, r.path, JSON.parse(r.body)]), [['PATCH', '/api/v1/templates/1', { title: 'Tensile test (ISO)' }]]);
    assert.equal(sb.store.getTemplate(1)?.title, 'Tensile test (ISO)');
    assert.equal((await run(['status'])).code, 0);
    assert.equal(JSON.parse(read('kadi-templates.json')).templates['tensile-test.kadi-template.json'].lastModified, sb.store.getTemplate(1)?.last_modified);
  });

  it('status costs one listing request per page, not one per template', async () => {
    await sb.close();
    sb = await startSandbox({ port: 0, extraTemplates: 230 });
    assert.equal((await run(['pull'])).code, 0);
    const from = sb.requests.length;
    assert.equal((await run(['status'])).code, 0);
    const paths = sb.requests.slice(from).map((r) => r.path.replace(/\?.*/, ''));
    const listed = Object.keys(JSON.parse(read('kadi-templates.json')).templates).length;
    assert.ok(listed > 100, `${listed} templates: more than one page`);
    assert.deepEqual(paths, Array(Math.ceil(listed / 100)).fill('/api/v1/templates'));
  });

  it('a conflict is refused without --overwrite, kept by pull, and resolved either way', async () => {
    await run(['pull', '--type', 'extras']);
    edit('tensile-test.kadi-template.json', '"title": "Tensile test"', '"title": "Mine"');
    sb.store.updateTemplate(1, { title: 'Theirs' }, SEED_USERS.bob);

    const st = await run(['status']);
    assert.equal(st.code, 1);
    assert.match(st.out, /^C tensile-test.kadi-template.json {2}conflict \(changed on the server and here\)$/m);
    const refused = await run(['push']);
    assert.equal(refused.code, 1);
    assert.match(refused.out, /tensile-test.kadi-template.json: refused — conflict/);
    assert.equal(patches().length, 0);
    assert.equal(sb.store.getTemplate(1)?.title, 'Theirs');

    const pulled = await run(['pull']);
    assert.equal(pulled.code, 1);
    assert.match(pulled.out, /tensile-test.kadi-template.json: conflict: kept your file/);
    assert.match(read('tensile-test.kadi-template.json'), /"title": "Mine"/);

    const forced = await run(['push', '--overwrite', 'tensile-test.kadi-template.json']);
    assert.equal(forced.code, 0, forced.out);
    assert.match(forced.out, /updated title \(overwrote changes on the server\)/);
    assert.equal(sb.store.getTemplate(1)?.title, 'Mine');
    assert.equal((await run(['status'])).code, 0);
  });

  it('the server changing between status and push is caught by the re-check before the PATCH', async () => {
    await run(['pull', '--type', 'extras']);
    edit('tensile-test.kadi-template.json', '"title": "Tensile test"', '"title": "Mine"');
    // Someone edits while the push runs: right after the listing, before the GET of the re-check.
    let listed = false;
    const original = sb.store.getTemplate.bind(sb.store);
    sb.store.getTemplate = (id: number) => {
      if (listed && id === 1) sb.store.updateTemplate(1, { description: 'changed meanwhile' }, SEED_USERS.bob);
      return original(id);
    };
    const origSearch = sb.requests.push.bind(sb.requests);
    sb.requests.push = (...r) => {
      if (r[0].method === 'GET' && r[0].path.startsWith('/api/v1/templates/1')) listed = true;
      return origSearch(...r);
    };
    const pushed = await run(['push']);
    sb.store.getTemplate = original;
    assert.equal(pushed.code, 1, pushed.out);
    assert.match(pushed.out, /conflict — changed on the server since the last pull/);
    assert.equal(sb.store.getTemplate(1)?.title, 'Tensile test');
  });

  it('pull keeps local edits unless --discard-local names the file', async () => {
    await run(['pull', '--type', 'extras']);
    edit('tensile-test.kadi-template.json', '"title": "Tensile test"', '"title": "Mine"');
    const kept = await run(['pull']);
    assert.equal(kept.code, 0);
    assert.match(kept.out, /tensile-test.kadi-template.json: kept: changed here and not pushed/);
    assert.match(read('tensile-test.kadi-template.json'), /"title": "Mine"/);
    const discarded = await run(['pull', '--discard-local', 'tensile-test.kadi-template.json']);
    assert.equal(discarded.code, 0);
    assert.match(read('tensile-test.kadi-template.json'), /"title": "Tensile test"/);
  });

  it('a new file is created on the server; a file with validation errors is not sent', async () => {
    await run(['pull', '--type', 'extras']);
    const doc = (identifier: string, value: string) =>
      JSON.stringify({ identifier, title: 'Hardness', description: '', visibility: 'private', type: 'extras', data: [{ key: 'hv', type: 'int', value: JSON.parse(value) }] }, null, 2) + '\n';
    fs.writeFileSync(file('hardness.kadi-template.json'), doc('hardness', '10'));
    fs.writeFileSync(file('broken.kadi-template.json'), doc('broken', '"ten"'));
    assert.match((await run(['status'])).out, /^A hardness.kadi-template.json {2}new locally$/m);
    const pushed = await run(['push']);
    assert.equal(pushed.code, 1);
    assert.match(pushed.out, /hardness.kadi-template.json: created — created as #\d+/);
    assert.match(pushed.out, /broken.kadi-template.json: refused — 1 validation error: /);
    const created = sb.store.getTemplateByIdentifier('hardness');
    assert.equal(created?.title, 'Hardness');
    assert.equal(sb.store.getTemplateByIdentifier('broken'), undefined);
    assert.equal(JSON.parse(read('kadi-templates.json')).templates['hardness.kadi-template.json'].id, created?.id);
  });

  it('deleted on the server: status X, pull removes the unchanged file; deleted here: D, push never deletes', async () => {
    await run(['pull', '--type', 'extras']);
    sb.store.deleteTemplate(3, SEED_USERS.alice);
    fs.rmSync(file('tensile-test.kadi-template.json'));
    const st = await run(['status']);
    assert.match(st.out, /^X measurement-series.kadi-template.json {2}deleted on the server$/m);
    assert.match(st.out, /^D tensile-test.kadi-template.json {2}deleted locally$/m);
    const pushed = await run(['push']);
    assert.match(pushed.out, /tensile-test.kadi-template.json: skipped — deleted here: push never deletes/);
    assert.equal(sb.store.getTemplate(1)?.state, 'active');
    assert.equal((await run(['pull'])).code, 0);
    assert.ok(!fs.existsSync(file('measurement-series.kadi-template.json')));
    assert.ok(fs.existsSync(file('tensile-test.kadi-template.json')), 'pull restores a file deleted here');
    assert.equal((await run(['status'])).code, 0);
  });

  it('a file saved while a pull or push runs is not overwritten', async () => {
    await run(['pull', '--type', 'extras']);
    const client = new KadiClient({ baseUrl: sb.url, token: TOKEN });
    sb.store.updateTemplate(1, { title: 'Theirs' }, SEED_USERS.bob);
    const st = await folderStatus(dir, client);
    edit('tensile-test.kadi-template.json', '"title": "Tensile test"', '"title": "Saved meanwhile"'); // after the status read
    const pulled = await applyPull(dir, st.manifest, st.entries);
    assert.deepEqual(pulled.find((r) => r.file === 'tensile-test.kadi-template.json')?.outcome, 'kept');
    assert.match(read('tensile-test.kadi-template.json'), /"title": "Saved meanwhile"/);

    edit('measurement-series.kadi-template.json', '"visibility": "private"', '"visibility": "public"');
    const st2 = await folderStatus(dir, client);
    const update = client.updateTemplate.bind(client);
    client.updateTemplate = async (id, patch, signal) => {
      // The user saves a (whitespace) edit while the PATCH is on its way.
      edit('measurement-series.kadi-template.json', '"visibility": "public"', '"visibility": "public" ');
      return update(id, patch, signal);
    };
    const pushed = await runPush(dir, client, st2.manifest, st2.entries, { only: new Set(['measurement-series.kadi-template.json']) });
    assert.equal(pushed[0].outcome, 'updated');
    assert.equal(sb.store.getTemplate(3)?.visibility, 'public');
    assert.match(read('measurement-series.kadi-template.json'), /"visibility": "public" ,/, 'the edit made during the push stays');
  });

  it('usage and connection errors exit 2 and say why', async () => {
    const noToken = await run(['pull'], {});
    assert.deepEqual([noToken.code, noToken.out], [2, '']);
    assert.match(noToken.err, /No access token: set KADI_PAT/);
    const elsewhere = await run(['pull', '--instance', 'https://kadi.example.edu'], { KADI_PAT: TOKEN, KADI_HOST: sb.url });
    assert.equal(elsewhere.code, 2);
    assert.match(elsewhere.err, /belongs to http:\/\/127\.0\.0\.1:\d+, not https:\/\/kadi\.example\.edu; it is not sent elsewhere/);
    assert.equal((await run(['status'])).code, 2, 'no manifest');
    assert.equal((await run(['push', '--nope'])).code, 2);
    assert.equal((await run(['pull', '--type', 'folder'])).code, 2);
    assert.equal((await run(['frobnicate'])).code, 2);
    const refused = await run(['pull', '--instance', 'http://127.0.0.1:9'], { KADI_PAT: TOKEN });
    assert.equal(refused.code, 2);
    assert.match(refused.err, /127\.0\.0\.1:9/);
    const bad = await run(['pull'], { KADI_PAT: 'pat_sandbox_expired', KADI_HOST: sb.url });
    assert.equal(bad.code, 2);
    assert.match(bad.err, /401/);
    assert.ok(!bad.err.includes('pat_sandbox_expired'));
    for (const c of ['pull', 'status', 'diff', 'push', 'validate']) {
      const help = await run([c, '--help'], {});
      assert.equal(help.code, 0);
      assert.match(help.out, new RegExp(`^Usage: kadi-templates ${c}`));
    }
  });

  it("reads the token from kadi-apy's ~/.kadiconfig (named or default section)", async () => {
    fs.writeFileSync(path.join(home, '.kadiconfig'), `[global]\ndefault = local\nverify = True\ntimeout = 60\n\n[local]\nhost = ${sb.url}\npat = ${TOKEN}\n\n[other]\nhost = https://kadi.example.edu\npat = pat_other\n`);
    const named = await run(['pull', '--config-instance', 'local', '--type', 'record'], {});
    assert.equal(named.code, 0, named.err);
    assert.equal((await run(['status'], {})).code, 0, 'the [global] default');
    const other = await run(['status', '--config-instance', 'other'], {});
    assert.equal(other.code, 2);
    assert.match(other.err, /belongs to https:\/\/kadi\.example\.edu/);
    assert.equal((await run(['status', '--config-instance', 'missing'], {})).code, 2);
    assert.deepEqual([...parseIni('; c\n[a]\nhost: x\n# c\npat = y = z\n').get('a')!], [['host', 'x'], ['pat', 'y = z']]);
  });
});

describe('kadi-templates validate (offline)', () => {
  let dir: string;
  async function run(argv: string[]): Promise<Run> {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), env: {}, cwd: dir, home: dir, isTTY: false });
    return { code, out, err };
  }
  const good = JSON.stringify({ identifier: 'good', title: 'Good', description: '', visibility: 'private', type: 'extras', data: [{ key: 'n', type: 'int', value: 5 }] }, null, 2) + '\n';
  const bad = good.replace('"identifier": "good"', '"identifier": "bad"').replace('"value": 5', '"value": "five"');
  const warn = good.replace('"title": "Good"', '"title": " Good"');

  beforeEach(() => {
    dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.writeFileSync(path.join(dir, 'good.kadi-template.json'), good);
    fs.writeFileSync(path.join(dir, 'other.json'), '{ not a template');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exit 0 for valid files and for warnings only; 1 with errors; 2 for a missing file', async () => {
    assert.deepEqual(await run(['validate']), { code: 0, out: '1 file checked: 0 errors, 0 warnings.\n', err: '' });
    fs.writeFileSync(path.join(dir, 'nested', 'warn.kadi-template.json'), warn);
    const w = await run(['validate']);
    assert.equal(w.code, 0);
    assert.match(w.out, /^nested\/warn.kadi-template.json:3:12: warning \[\S+\] /m);
    fs.writeFileSync(path.join(dir, 'bad.kadi-template.json'), bad);
    assert.equal((await run(['validate'])).code, 1);
    assert.equal((await run(['validate', 'good.kadi-template.json'])).code, 0);
    assert.equal((await run(['validate', 'nope.kadi-template.json'])).code, 2);
    assert.equal((await run(['validate', '--format', 'xml'])).code, 2);
  });

  it('text, json and github formats point at the line and column', async () => {
    fs.writeFileSync(path.join(dir, 'bad.kadi-template.json'), bad);
    const line = bad.split('\n').findIndex((l) => l.includes('"five"')) + 1;
    const col = bad.split('\n')[line - 1].indexOf('"five"') + 1;

    const text = await run(['validate', 'bad.kadi-template.json']);
    assert.equal(text.code, 1);
    assert.match(text.out, new RegExp(`^bad\\.kadi-template\\.json:${line}:${col}: error \\[\\S+\\] Not a valid integer\\.$`, 'm'));
    assert.match(text.out, /1 file checked: 1 error, 0 warnings\.\n$/);

    const json = await run(['validate', '--format', 'json']);
    assert.equal(json.code, 1);
    const parsed = JSON.parse(json.out);
    assert.equal(parsed.files, 2);
    assert.deepEqual(
      parsed.problems.map((p: { file: string; line: number; column: number; severity: string }) => [p.file, p.line, p.column, p.severity]),
      [['bad.kadi-template.json', line, col, 'error']],
    );

    const gh = await run(['validate', '--format', 'github']);
    assert.equal(gh.code, 1);
    assert.equal(gh.out, `::error file=bad.kadi-template.json,line=${line},col=${col},title=Kadi4Mat ${parsed.problems[0].code}::Not a valid integer.\n`);
  });
});

describe('kadi-templates: the bundled executable', () => {
  const bin = path.resolve(__dirname, '..', '..', '..', 'dist', 'kadi-templates.js');

  it('is a Node script of its own (no VS Code) with exit codes and clean stdout', () => {
    assert.ok(fs.readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n'));
    const dir = tmpDir();
    try {
      fs.writeFileSync(path.join(dir, 'a.kadi-template.json'), '{"identifier": "a"}\n');
      const r = spawnSync(process.execPath, [bin, 'validate', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
      assert.equal(r.status, 1, r.stderr);
      assert.equal(JSON.parse(r.stdout).files, 1);
      assert.ok(JSON.parse(r.stdout).problems.some((p: { severity: string }) => p.severity === 'error'));
      const usage = spawnSync(process.execPath, [bin, 'status'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
      assert.equal(usage.status, 2);
      assert.equal(usage.stdout, '');
      assert.match(usage.stderr, /No access token|no kadi-templates\.json/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
