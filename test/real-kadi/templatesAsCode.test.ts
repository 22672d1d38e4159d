// The kadi-templates CLI against the real Kadi4Mat: pull → edit → status → diff → push →
// status clean (exactly one revision, only the edited field changed); a change by someone else
// is a conflict, refused without --overwrite; a new file becomes a template; what `validate`
// calls an error, Kadi4Mat refuses too; the token shows up nowhere.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { KadiClient, isKadiError } from '../../src/kadi/client';
import { SEED_TEMPLATES } from '../../src/sandbox';
import { realKadi } from './instance';

const TOKEN = 'pat_sandbox_alice';
const T = SEED_TEMPLATES;

describe('real Kadi4Mat: templates as code (kadi-templates CLI)', function () {
  this.timeout(120_000);
  let dir: string;
  let transcript: string;
  const as = (token: string) => new KadiClient({ baseUrl: realKadi().url, token, maxRetries: 0 });

  async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), env: { KADI_PAT: TOKEN, KADI_HOST: realKadi().url }, cwd: dir, home: dir, isTTY: false });
    transcript += out + err;
    return { code, out, err };
  }
  const file = (n: string) => path.join(dir, n);
  const edit = (n: string, from: string, to: string) => {
    const text = fs.readFileSync(file(n), 'utf8');
    assert.ok(text.includes(from), `${n} lacks ${from}`);
    fs.writeFileSync(file(n), text.replace(from, to));
  };

  beforeEach(async () => {
    await realKadi().reset();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-templates-real-'));
    transcript = '';
  });
  afterEach(() => {
    assert.ok(!transcript.includes(TOKEN), 'token in the output');
    for (const f of fs.readdirSync(dir)) assert.ok(!fs.readFileSync(file(f), 'utf8').includes(TOKEN), `token in ${f}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pull → edit → status → diff → push → status clean, with one revision of only the edited field', async () => {
    const pulled = await run(['pull', '--type', 'extras']);
    assert.equal(pulled.code, 0, pulled.err + pulled.out);
    const manifest = JSON.parse(fs.readFileSync(file('kadi-templates.json'), 'utf8'));
    assert.equal(manifest.instance, realKadi().url);
    // Alice reads 1, 3, 6 (member) and the public 4 of bob; never bob's private 9 or the trashed 8.
    assert.deepEqual(
      Object.values(manifest.templates as Record<string, { id: number }>).map((e) => e.id).sort(),
      [T.tensileTest, T.measurementSeries, T.simulationRun, T.microscopyImage].sort(),
    );
    const server = await as(TOKEN).getTemplate(T.tensileTest);
    assert.equal(manifest.templates['tensile-test.kadi-template.json'].lastModified, server.last_modified);
    assert.equal((await run(['status'])).code, 0);

    edit('tensile-test.kadi-template.json', `"title": "${server.title}"`, '"title": "Tensile test (ISO 6892-1)"');
    const st = await run(['status']);
    assert.equal(st.code, 1);
    assert.match(st.out, /^M tensile-test.kadi-template.json {2}changed locally$/m);
    const diff = await run(['diff', 'tensile-test.kadi-template.json']);
    assert.match(diff.out, /^\+ {2}"title": "Tensile test \(ISO 6892-1\)",$/m);

    const revisions = (await as(TOKEN).listRevisions(T.tensileTest)).items.length;
    const pushed = await run(['push']);
    assert.equal(pushed.code, 0, pushed.out);
    assert.match(pushed.out, /tensile-test.kadi-template.json: updated — updated title\n/);
    const after = await as(TOKEN).getTemplate(T.tensileTest);
    assert.equal(after.title, 'Tensile test (ISO 6892-1)');
    assert.deepEqual(after.data, server.data);
    const revs = (await as(TOKEN).listRevisions(T.tensileTest)).items;
    assert.equal(revs.length, revisions + 1);
    assert.deepEqual(Object.keys(revs[0].diff), ['title']);
    assert.deepEqual(await run(['status']), { code: 0, out: `In sync with ${realKadi().url}: 4 templates.\n`, err: '' });
  });

  it('a change by someone else is a conflict: refused without --overwrite, sent with it', async () => {
    await run(['pull', '--type', 'extras']);
    edit('tensile-test.kadi-template.json', '"visibility": "private"', '"visibility": "public"');
    await as('pat_sandbox_bob').updateTemplate(T.tensileTest, { visibility: 'private', description: 'Bob was here.' });

    const st = await run(['status']);
    assert.match(st.out, /^C tensile-test.kadi-template.json {2}conflict/m);
    const refused = await run(['push']);
    assert.equal(refused.code, 1);
    assert.match(refused.out, /tensile-test.kadi-template.json: refused — conflict/);
    assert.equal((await as(TOKEN).getTemplate(T.tensileTest)).visibility, 'private');

    const forced = await run(['push', '--overwrite']);
    assert.equal(forced.code, 0, forced.out);
    const now = await as(TOKEN).getTemplate(T.tensileTest);
    assert.equal(now.visibility, 'public');
    // --overwrite makes the server equal to the file: bob's description is replaced too.
    assert.notEqual(now.description, 'Bob was here.');
    assert.equal((await run(['status'])).code, 0);
  });

  it('a new file becomes a template; what validate calls an error, Kadi4Mat refuses too', async () => {
    await run(['pull', '--type', 'extras']);
    const doc = (identifier: string, value: unknown) =>
      JSON.stringify({ identifier, title: 'Hardness', description: '', visibility: 'private', type: 'extras', data: [{ key: 'hv', type: 'int', value, unit: null }] }, null, 2) + '\n';
    fs.writeFileSync(file('hardness-test.kadi-template.json'), doc('hardness-test', 10));
    const pushed = await run(['push']);
    assert.equal(pushed.code, 0, pushed.out);
    const created = await as(TOKEN).getTemplateByIdentifier('hardness-test');
    assert.equal(JSON.parse(fs.readFileSync(file('kadi-templates.json'), 'utf8')).templates['hardness-test.kadi-template.json'].id, created.id);
    assert.equal((await run(['status'])).code, 0);

    fs.writeFileSync(file('bad-hardness.kadi-template.json'), doc('bad-hardness', 'ten'));
    const gh = await run(['validate', '--format', 'github']);
    assert.equal(gh.code, 1);
    assert.match(gh.out, /^::error file=bad-hardness.kadi-template.json,line=\d+,col=\d+,title=Kadi4Mat [^:]+::Not a valid integer\.$/m);
    const refused = await run(['push']);
    assert.equal(refused.code, 1);
    assert.match(refused.out, /bad-hardness.kadi-template.json: refused — 1 validation error: /);
    // The real server agrees that it is invalid.
    await assert.rejects(
      as(TOKEN).createTemplate({ identifier: 'bad-hardness', title: 'Hardness', type: 'extras', data: [{ key: 'hv', type: 'int', value: 'ten' }] }),
      (e) => isKadiError(e) && e.status === 400,
    );
  });
});
