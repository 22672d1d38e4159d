// `kadi-templates import`: runImport with an in-memory io (the shared command line wires it to
// the process). What a user sees: the template document on stdout, notes on stderr, exit codes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { IMPORT_USAGE, runImport } from '../../src/import/cli';
import { parseTemplateFile } from '../../src/templates/importFile';
import { FIXTURES, fixtureText } from '../support/importFixtures';

async function run(argv: string[], files: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runImport(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: async (p) => {
      if (!(p in files)) throw new Error(`ENOENT: no such file, open '${p}'`);
      return files[p];
    },
  });
  return { code, stdout, stderr };
}

const fixture = (file: string) => fixtureText(FIXTURES.find((f) => f.file === file)!);

describe('import: the command line (runImport)', () => {
  it('writes a template document that "New Template from JSON File" reads, the format recognised', async () => {
    const r = await run(['tensile.ttl'], { 'tensile.ttl': fixture('kadi-export-tensile-test.ttl') });
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(doc), ['identifier', 'title', 'type', 'description', 'data']);
    assert.equal(doc.identifier, 'tensile-test');
    assert.equal(doc.type, 'extras');
    const again = parseTemplateFile(r.stdout, 'out.kadi-template.json');
    assert.equal(again.type, 'extras');
    assert.deepEqual(again.data, doc.data);
  });

  it('--from, --type and --values; notes on stderr with the file and place, exit 0', async () => {
    const r = await run(['--from', 'elabftw', '--type=record', '--values', 'strip', 'dir/fields.json'], { 'dir/fields.json': fixture('elabftw-experiment.json') });
    assert.equal(r.code, 0);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.type, 'record');
    assert.equal(doc.title, 'fields');
    assert.equal(doc.data.extras[0].value, null);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines[0], 'fields.json: extra_fields › Mass: the other units to choose from (g) are not carried over; unit "mg" kept');
    assert.equal(lines.at(-1), `fields.json: ${lines.length - 1} things not carried over (listed above)`);
  });

  it('a record defaults to a record template with values stripped, as Kadi4Mat does', async () => {
    const r = await run(['rec.json'], { 'rec.json': fixture('kadi-record-export.json') });
    assert.equal(r.code, 0);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.type, 'record');
    assert.equal(doc.data.extras[0].value, null);
    assert.equal(doc.data.license, 'CC-BY-4.0');
  });

  it('errors: unreadable, unrecognisable or malformed files exit 1 with the reason and the place', async () => {
    let r = await run(['missing.json']);
    assert.deepEqual([r.code, r.stdout], [1, '']);
    assert.match(r.stderr, /cannot read missing\.json: ENOENT/);
    r = await run(['x.json'], { 'x.json': '{"hello": 1}' });
    assert.deepEqual([r.code, r.stdout], [1, '']);
    assert.match(r.stderr, /cannot tell what x\.json holds; say it with --from json-schema\|shacl\|record\|elabftw/);
    r = await run(['--from', 'json-schema', 'x.json'], { 'x.json': '{\n "properties": [\n' });
    assert.deepEqual([r.code, r.stdout], [1, '']);
    assert.match(r.stderr, /x\.json is not valid JSON: .* at line 3, column 1/);
    r = await run(['s.ttl'], { 's.ttl': '@prefix sh: <http://www.w3.org/ns/shacl#> .\n<a> a sh:NodeShape ; sh:property [ sh:name . ]' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /s\.ttl is not valid Turtle: .*line 2/);
  });

  it('usage errors exit 2 with the usage; --help prints it', async () => {
    for (const argv of [[], ['--from', 'xml', 'a'], ['--type', 'both', 'a'], ['--values', 'maybe', 'a'], ['--bogus', 'a'], ['a', 'b']]) {
      const r = await run(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.ok(r.stderr.includes(IMPORT_USAGE), argv.join(' '));
    }
    const h = await run(['--help']);
    assert.deepEqual([h.code, h.stdout], [0, IMPORT_USAGE]);
  });

  it('is the "import" command of kadi-templates, reading files relative to the working folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-import-cli-'));
    try {
      fs.writeFileSync(path.join(dir, 'shapes.ttl'), fixture('sample.shapes.ttl'));
      let out = '';
      let err = '';
      const code = await main(['import', 'shapes.ttl', '--type', 'record'], { out: (t) => (out += t), err: (t) => (err += t), env: {}, cwd: dir, home: dir, isTTY: false });
      assert.equal(code, 0);
      assert.equal(JSON.parse(out).type, 'record');
      assert.equal(JSON.parse(out).identifier, 'sample');
      assert.match(err, /shapes\.ttl: mass: not carried over/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
