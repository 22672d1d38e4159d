// Bundles the extension, the sandbox CLI, the kadi-templates CLI and the test suites.
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

/**
 * Parts most sessions never run load on first use, not at activation: each is its own file in
 * dist/lazy/, and the extension reaches it through a dynamic import(), which `lazyChunks` turns
 * into a require of that file instead of bundling it (CommonJS has no code splitting). Tests
 * bundle them inline. Activation keeps thin glue (command and provider registrations whose
 * callbacks load the chunk); test/unit/activation-bundle.test.ts keeps the chunks out of it.
 * A chunk has its own copy of every module it shares with the extension: what must be one per
 * process (the translator, the date locale, the identity of KadiError and FsFailure) lives on
 * globalThis (src/ui/processWide.ts); other module-level state of a shared module must be
 * harmless twice (a cache, a memoised import()). The extension's objects (clients, log, prompts,
 * events) cross as arguments.
 */
const LAZY_CHUNKS = {
  validation: 'src/validation/index.ts', // ajv, the schemas and rules: on the first document or save
  sandbox: 'src/sandbox/index.ts', // the embedded sandbox: Try the Local Sandbox
  fetch: 'node-fetch', // the HTTP stack (node-fetch 3 + web streams): on the first request
  n3: 'n3', // the Turtle parser: on the first SHACL import
  assistant: 'src/assistant/impl.ts', // the assistant's tools and chat: on the first tool call or @kadi4mat request
  formEditor: 'src/formEditor/provider.ts', // the template form (webview session, model, edits): on the first form
  import: 'src/import/commands.ts', // the importers and their flow: on the first New Template from …
  permissions: 'src/permissions/flows.ts', // Add User/Group, Change/Remove Role: on the first such command
  trash: 'src/trash/flows.ts', // Delete, Restore, Delete Permanently, Empty Trash: on the first such command
  templates: 'src/templates/impl.ts', // New/Duplicate/Export/Copy to Instance…: on the first such command
  scm: 'src/scm/impl.ts', // templates as code (Source Control providers, pull, push): on a kadi-templates.json or a command
};

/** Keeps `import()` of a lazy chunk as a require of `<prefix><name>.js`. */
function lazyChunks(root, prefix) {
  const byFile = new Map(Object.entries(LAZY_CHUNKS).map(([name, entry]) => [entry.startsWith('src/') ? path.join(root, entry) : entry, name]));
  return {
    name: 'lazy-chunks',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        let name = byFile.get(args.path);
        if (!name && args.path.startsWith('.')) {
          const abs = path.resolve(args.resolveDir, args.path).replace(/\.js$/, '');
          name = byFile.get(`${abs}.ts`) ?? byFile.get(path.join(abs, 'index.ts'));
        }
        return name ? { path: `${prefix}${name}.js`, external: true } : undefined;
      });
    },
  };
}

/**
 * One `vscode` namespace for the whole bundle. esbuild wraps every `import * as vscode` of an
 * external CommonJS module in its own interop copy (27 modules: 27 copies of the API's few
 * hundred properties at load time); importing it once through this shim makes it one.
 */
function oneVscodeNamespace() {
  return {
    name: 'one-vscode-namespace',
    setup(build) {
      build.onResolve({ filter: /^vscode$/ }, (args) =>
        args.namespace === 'vscode-namespace' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-namespace' },
      );
      build.onLoad({ filter: /.*/, namespace: 'vscode-namespace' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
    },
  };
}

/**
 * fetch-blob (under node-fetch) falls back to a web-streams polyfill where Node has no
 * ReadableStream; every Node VS Code runs on (≥ 18) has it, so the 59 KiB fallback stays out.
 */
function noStreamsPolyfill() {
  return {
    name: 'no-web-streams-polyfill',
    setup(build) {
      build.onResolve({ filter: /^web-streams-polyfill(\/|$)/ }, () => ({ path: 'web-streams-polyfill', namespace: 'no-polyfill' }));
      build.onLoad({ filter: /.*/, namespace: 'no-polyfill' }, () => ({ contents: 'throw new Error("web-streams-polyfill is not bundled");', loader: 'js' }));
    },
  };
}

/** The extension (dist/extension.js, what activation loads), the sandbox CLI, and the lazy chunks. */
function extensionBuilds({ root = __dirname, outdir = path.join(root, 'dist'), production: prod = production } = {}) {
  // `supported`: a lazy chunk is loaded with require() (esbuild's ESM interop picks its default
  // export), not with Node's import(), which would wrap the CommonJS chunk once more.
  const shared = { ...common, absWorkingDir: root, external: ['vscode'], minify: prod, sourcemap: !prod, sourcesContent: false, supported: { 'dynamic-import': false } };
  return [
    {
      ...shared,
      entryPoints: { extension: path.join(root, 'src/extension.ts'), sandbox: path.join(root, 'src/sandbox/cli.ts') },
      outdir,
      plugins: [lazyChunks(root, './lazy/'), oneVscodeNamespace()],
    },
    {
      ...shared,
      entryPoints: Object.fromEntries(Object.entries(LAZY_CHUNKS).map(([name, entry]) => [name, entry.startsWith('src/') ? path.join(root, entry) : entry])),
      outdir: path.join(outdir, 'lazy'),
      plugins: [lazyChunks(root, './'), noStreamsPolyfill()],
    },
  ];
}

const builds = [
  ...extensionBuilds(),
  {
    // The `kadi-templates` command-line tool (package.json `bin`): plain Node, no VS Code, one
    // file (its dynamic imports are bundled inline; no lazy chunks outside the extension).
    ...common,
    entryPoints: { 'kadi-templates': 'src/cli/bin.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
  },
];
// The MCP server (src/assistant/mcp.ts): a standalone program, `node dist/mcp.js`; no lazy chunks.
builds.push({ ...common, entryPoints: { mcp: 'src/assistant/mcpMain.ts' }, outdir: 'dist', minify: production, sourcemap: !production, sourcesContent: false });

// The form editor's webview script (src/formEditor/webview): a browser bundle beside the extension.
builds.push({
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  logLevel: 'warning',
  entryPoints: { formEditor: 'src/formEditor/webview/main.ts' },
  outdir: 'dist',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
});

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

/** The codicon font for the form editor's webview (its icons look like the rest of VS Code). */
function copyCodicons() {
  const from = path.join(__dirname, 'node_modules/@vscode/codicons/dist/codicon.ttf');
  fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
  fs.copyFileSync(from, path.join(__dirname, 'dist/codicon.ttf'));
}

async function main() {
  await writeEditorSchema();
  copyCodicons();
  require('./scripts/l10n').write();
  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
    console.log('esbuild: watching for changes');
    return;
  }
  for (const b of builds) {
    if (Array.isArray(b.entryPoints) && b.entryPoints.length === 0) continue;
    await esbuild.build(b);
  }
}

module.exports = { extensionBuilds, LAZY_CHUNKS };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
