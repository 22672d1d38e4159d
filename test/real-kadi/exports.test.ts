// Export agreement: json, json-schema and shacl (with and without the `filter` parameter) of
// every seed template and of 20 generated ones, from the real Kadi4Mat and from the sandbox
// (src/sandbox/exports.ts). JSON is compared after normalising host/port and timestamps, SHACL
// as RDF graphs (compare.ts: rdflib's blank-node order is random, so not byte for byte).
import * as assert from 'assert';
import { SEED_TEMPLATES, startSandbox, type Sandbox } from '../../src/sandbox';
import { diffAnswers, normaliseAnswer, readAnswer, type Answer } from './compare';
import { generatedTemplates } from './generated-templates';
import { realKadi } from './instance';

const ALICE = 'pat_sandbox_alice';
const BOB = 'pat_sandbox_bob';
const CAROL = 'pat_sandbox_carol';
/** Each seed template read by its creator (src/sandbox/README.md, "Seed data"). */
const CREATOR_TOKEN: Record<number, string> = { 1: ALICE, 2: ALICE, 3: ALICE, 4: BOB, 5: BOB, 6: CAROL, 7: CAROL, 9: BOB };

async function call(base: string, path: string, token: string, init: { method?: string; body?: unknown } = {}): Promise<Answer> {
  const res = await fetch(base + path, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${token}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  return normaliseAnswer(await readAnswer(res), base);
}

/** The key of a template's first extra (to filter it out), if it has one. */
function firstKey(template: unknown): string | undefined {
  const data = (template as { data?: Array<{ key?: string }> | { extras: Array<{ key?: string }> } }).data;
  if (!data) throw new Error(`not a template: ${JSON.stringify(template).slice(0, 300)}`);
  return (Array.isArray(data) ? data : data.extras)[0]?.key;
}

/** The export URLs compared for one template: each type plain and with a filter. */
function exportPaths(id: number, firstKey: string | undefined): string[] {
  const q = (f: unknown) => `?filter=${encodeURIComponent(JSON.stringify(f))}`;
  const mask = firstKey === undefined ? {} : { extras: { [firstKey]: {} } };
  return [
    `/api/templates/${id}/export/json`,
    `/api/templates/${id}/export/json${q({ user: true })}`,
    `/api/templates/${id}/export/json-schema`,
    `/api/templates/${id}/export/json-schema${q(mask)}`,
    `/api/templates/${id}/export/shacl`,
    `/api/templates/${id}/export/shacl${q({ ...mask, user: true })}`,
  ];
}

describe('real Kadi4Mat: exports agree with the sandbox', () => {
  let sandbox: Sandbox;
  const results: Array<{ path: string; differences: string[] }> = [];

  before(async () => {
    await realKadi().reset();
    sandbox = await startSandbox({ port: 0 });
    const real = realKadi().url;
    // The generated templates, created on both through the API (ids 10…).
    const created: Array<{ id: number; firstKey?: string; token: string }> = [];
    for (const body of generatedTemplates()) {
      const [sb, rk] = [await call(sandbox.url, '/api/templates', ALICE, { method: 'POST', body }), await call(real, '/api/templates', ALICE, { method: 'POST', body })];
      assert.deepStrictEqual([sb.status, rk.status], [201, 201], `create ${String(body.identifier)}: ${JSON.stringify([sb.body, rk.body]).slice(0, 600)}`);
      const id = (rk.body as { id: number }).id;
      assert.strictEqual((sb.body as { id: number }).id, id, 'both servers give the same id');
      created.push({ id, firstKey: firstKey(body), token: ALICE });
    }
    const seeds = [];
    for (const id of Object.values(SEED_TEMPLATES)) {
      if (id === SEED_TEMPLATES.oldProtocol) continue; // in the trash: exports are 404 on both
      const token = CREATOR_TOKEN[id];
      seeds.push({ id, token, firstKey: firstKey((await call(real, `/api/templates/${id}`, token)).body) });
    }
    for (const t of [...seeds, ...created]) {
      for (const path of exportPaths(t.id, t.firstKey)) {
        const [sb, rk] = [await call(sandbox.url, path, t.token), await call(real, path, t.token)];
        assert.strictEqual(rk.status, 200, `${path} on the real server: ${rk.status}`);
        results.push({ path, differences: diffAnswers(sb, rk) });
      }
    }
  });
  after(() => sandbox?.close());

  it('every export is identical after normalisation', () => {
    const differing = results.filter((r) => r.differences.length > 0);
    console.log(`exports: ${results.length - differing.length}/${results.length} identical`);
    for (const r of differing) {
      console.log(`  DIFFERS: ${r.path}`);
      for (const d of r.differences.slice(0, 8)) console.log(`      ${d}`);
    }
    assert.ok(results.length >= 150, `only ${results.length} exports compared`);
    assert.deepStrictEqual(differing.map((r) => r.path), []);
  });
});
