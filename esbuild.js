// Bundles the extension, the sandbox CLI and the test suites.
//   node esbuild.js               development build (sourcemaps)
//   node esbuild.js --production  minified, no sourcemaps (what the .vsix ships)
//   node esbuild.js --watch       rebuild on change
//   node esbuild.js --tests       also bundle test/unit, test/real-kadi and test/host into out/
// Every build also writes media/schemas/template-document.editor.schema.json: the schema the
// JSON language features use for hover and completion in template documents (package.json
// `jsonValidation`), generated from src/validation's editorSchema(); and l10n/bundle.l10n.json,
// the code's strings for translators (scripts/l10n.js).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Every `*.test.ts` below a folder, plus extra entry files. */
function testEntries(dir, extra = []) {
  const found = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.test.ts')) found.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return [...found, ...extra.filter((f) => fs.existsSync(f))];
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  // jsonc-parser's UMD build requires its modules dynamically, which a bundle cannot follow.
  mainFields: ['module', 'main'],
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts', sandbox: 'src/sandbox/cli.ts', mcp: 'src/assistant/mcpMain.ts' },
    outdir: 'dist',
    external: ['vscode'],
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
  },
];

if (tests) {
  builds.push(
    {
      ...common,
      entryPoints: testEntries('test/unit'),
      outbase: 'test',
      outdir: 'out/test',
      external: ['vscode', 'mocha'],
      sourcemap: 'inline',
    },
    {
      ...common,
      entryPoints: testEntries('test/real-kadi', ['test/real-kadi/run.ts']),
      outbase: 'test',
      outdir: 'out/test',
      external: ['vscode', 'mocha'],
      sourcemap: 'inline',
    },
    {
      ...common,
      entryPoints: testEntries('test/host/suite', ['test/host/suite/index.ts']),
      outbase: 'test',
      outdir: 'out/test',
      external: ['vscode', 'mocha'],
      sourcemap: 'inline',
    },
  );
}

const EDITOR_SCHEMA = 'media/schemas/template-document.editor.schema.json';

async function writeEditorSchema() {
  const out = await esbuild.build({ ...common, entryPoints: ['src/validation/editorSchema.ts'], write: false });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, require);
  const text = JSON.stringify(mod.exports.editorSchema(), null, 2) + '\n';
  const file = path.join(__dirname, EDITOR_SCHEMA);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

async function main() {
  await writeEditorSchema();
  require('./scripts/l10n').write();
  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
    console.log('esbuild: watching for changes');
    return;
  }
  for (const b of builds) {
    if (b.entryPoints.length === 0) continue;
    await esbuild.build(b);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
