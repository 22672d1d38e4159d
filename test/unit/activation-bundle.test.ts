// What activation loads: dist/extension.js. The parts most sessions never run are chunks of
// their own in dist/lazy (esbuild.js LAZY_CHUNKS), reached only through a dynamic import()
// (validation/lazy.ts and the like). One static import of such a part from the glue puts it —
// ajv, the schemas, the sandbox — back into every start-up (it happened once: the form editor
// imported the validation engine directly). The sizes and times are figures of `npm run bench`.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../../..');

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }>; imports?: { path: string; external?: boolean }[] }>;
}

describe('the bundle activation loads', () => {
  it('holds none of the lazy parts (the validation engine, ajv, the sandbox, the HTTP stack)', async function () {
    this.timeout(60_000);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { extensionBuilds, LAZY_CHUNKS } = require(path.join(repo, 'esbuild.js')) as { extensionBuilds(o: object): Record<string, unknown>[]; LAZY_CHUNKS: Record<string, string> };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require(path.join(repo, 'node_modules', 'esbuild')) as { build(o: object): Promise<{ metafile: Metafile }> };
    const main = extensionBuilds({ root: repo, outdir: path.join(repo, 'out', 'activation-bundle'), production: true })[0];
    const { metafile } = await esbuild.build({ ...main, entryPoints: { extension: path.join(repo, 'src/extension.ts') }, write: false, metafile: true, logLevel: 'silent' });
    const [, output] = Object.entries(metafile.outputs).find(([file]) => file.endsWith('extension.js'))!;
    const inputs = Object.keys(output.inputs);
    // The start-up target of issue #12 (`npm run bench` prints the figure): a new feature's code
    // belongs in a chunk (LAZY_CHUNKS) unless activation needs it.
    assert.ok(output.bytes < 200 * 1024, `the activation bundle is ${(output.bytes / 1024).toFixed(1)} KiB (budget 200 KiB)`);
    // A chunk's entry (src/validation/index.ts) and its packages must not be among them.
    const lazyEntries = Object.values(LAZY_CHUNKS).map((e) => (e.startsWith('src/') ? e : `node_modules/${e}/`));
    const forbidden = [...lazyEntries, 'node_modules/ajv/', 'node_modules/ajv-formats/', 'src/validation/schemas/', 'src/sandbox/'];
    const found = inputs.filter((i) => forbidden.some((f) => i === f || i.startsWith(f) || i.includes(`/${f}`)));
    assert.deepEqual(found, [], 'statically imported lazy parts (import them through their lazy loader instead)');
    // The check can see them: the same build of the engine's own entry does contain ajv.
    const engine = await esbuild.build({ ...main, entryPoints: { validation: path.join(repo, LAZY_CHUNKS.validation) }, write: false, metafile: true, logLevel: 'silent' });
    const engineInputs = Object.values(engine.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
    assert.ok(engineInputs.some((i) => i.includes('node_modules/ajv/')), 'the engine bundle has ajv');
  });

  it('reaches every lazy chunk through its import(), from activation or from another chunk', async function () {
    this.timeout(60_000);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { extensionBuilds, LAZY_CHUNKS } = require(path.join(repo, 'esbuild.js')) as { extensionBuilds(o: object): Record<string, any>[]; LAZY_CHUNKS: Record<string, string> };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require(path.join(repo, 'node_modules', 'esbuild')) as { build(o: object): Promise<{ metafile: Metafile }> };
    const [main, chunks] = extensionBuilds({ root: repo, outdir: path.join(repo, 'out', 'activation-bundle'), production: true });
    const requires = async (build: Record<string, unknown>, entryPoints: Record<string, string>) => {
      const { metafile } = await esbuild.build({ ...build, entryPoints, write: false, metafile: true, logLevel: 'silent' });
      return Object.values(metafile.outputs).flatMap((o) => (o.imports ?? []).filter((i) => i.external).map((i) => i.path));
    };
    const reached = new Set((await requires(main, { extension: path.join(repo, 'src/extension.ts') })).filter((p) => p.startsWith('./lazy/')).map((p) => p.slice('./lazy/'.length)));
    const own = Object.entries(LAZY_CHUNKS).filter(([, entry]) => entry.startsWith('src/'));
    for (const [name, entry] of own) {
      for (const p of await requires(chunks, { [name]: path.join(repo, entry) })) if (p.startsWith('./')) reached.add(p.slice(2));
    }
    // A chunk nobody imports (a renamed entry, a static import left behind) would be dead weight
    // in the .vsix while its code went back into activation.
    for (const name of Object.keys(LAZY_CHUNKS)) assert.ok(reached.has(`${name}.js`), `no import() reaches the ${name} chunk (${[...reached].join(', ')})`);
  });
});
