// Export → import round trips: every sandbox seed template, a generated set and random extras,
// exported by the sandbox as JSON Schema and as SHACL (the sandbox writes what Kadi4Mat writes,
// test/unit/sandbox-exports.test.ts), imported again, give the same template up to what each
// export loses (LOSSES below, also in src/import/README.md). Every import result is also valid
// to our validator, which agrees with the real Kadi4Mat.
import * as assert from 'node:assert/strict';
import type { Extra, Template, TemplateType } from '../../src/kadi/types';
import { exportJsonSchema, exportShacl } from '../../src/sandbox/exports';
import { generateTemplates } from '../../src/sandbox/generate';
import { seedStore } from '../../src/sandbox/seed';
import { SandboxStore } from '../../src/sandbox/store';
import { importText } from '../../src/import/formats';
import { validateTemplateText } from '../../src/validation';
import { rng, type Rng } from '../support/rng';

type Format = 'json-schema' | 'shacl';

/** What each export cannot carry, applied to the original extras. */
function lossy(extras: Extra[], format: Format, inList = false): Extra[] {
  return extras.map((e) => {
    const out: Extra = { ...e };
    if (e.type === 'dict' || e.type === 'list') {
      out.value = lossy(e.value as Extra[], format, e.type === 'list');
      // SHACL: a list is told from a dict by its first key "0"; an empty list has none.
      if (format === 'shacl' && e.type === 'list' && (e.value as Extra[]).length === 0) out.type = 'dict';
      // …and a dict whose first key is "0" reads as a list (its keys go).
      if (format === 'shacl' && e.type === 'dict' && (e.value as Extra[])[0]?.key === '0') {
        out.type = 'list';
        out.value = (out.value as Extra[]).map(({ key: _key, ...rest }) => rest as Extra);
      }
    } else {
      if (e.type === 'int' || e.type === 'float') out.unit = format === 'shacl' ? null : (e.unit ?? null); // SHACL has no units
      if (format === 'json-schema') {
        delete out.term; // JSON Schema has no terms …
        if (out.validation) {
          out.validation = { ...out.validation };
          delete out.validation.iri; // … and no IRI validation
          if (inList) delete out.validation.required; // a list's prefixItems have no "required"
        }
      }
      if (out.validation && Object.keys(out.validation).length === 0) delete out.validation;
    }
    if (format === 'json-schema' && (e.type === 'dict' || e.type === 'list')) delete out.term;
    return out;
  });
}

/** Units absent and null mean the same for numbers. */
function canon(extras: Extra[]): Extra[] {
  return extras.map((e) => {
    const out: Extra = { ...e };
    if (e.type === 'int' || e.type === 'float') out.unit = e.unit ?? null;
    if (e.type === 'dict' || e.type === 'list') out.value = canon(e.value as Extra[]);
    return out;
  });
}

const extrasOf = (t: { type: TemplateType; data: unknown }): Extra[] => (t.type === 'extras' ? (t.data as Extra[]) : ((t.data as { extras: Extra[] }).extras ?? []));

function exportText(t: Template, format: Format): string {
  return format === 'json-schema' ? JSON.stringify(exportJsonSchema(t, {}), null, 2) : exportShacl(t, {}, { includeUser: false, webBase: 'http://127.0.0.1:5000' });
}

async function roundTrip(t: Template, format: Format): Promise<{ ok: boolean; why?: string; notes: number }> {
  const result = await importText(format, exportText(t, format), { type: t.type });
  const got = canon(extrasOf(result));
  const want = canon(lossy(extrasOf(t), format));
  try {
    assert.deepEqual(got, want);
  } catch (e) {
    return { ok: false, why: `${t.identifier} via ${format}: ${(e as Error).message.slice(0, 2000)}`, notes: result.notes.length };
  }
  const problems = validateTemplateText(JSON.stringify({ identifier: 'x', title: 'x', description: '', visibility: 'private', data: result.data }), { type: t.type }).filter((d) => d.severity === 'error');
  if (problems.length) return { ok: false, why: `${t.identifier} via ${format}: invalid: ${problems.map((p) => p.message).join('; ')}`, notes: result.notes.length };
  if (format === 'shacl' && result.title !== t.title) return { ok: false, why: `${t.identifier}: title ${result.title}`, notes: 0 };
  return { ok: true, notes: result.notes.length };
}

const asTemplate = (row: Template): Template => ({ ...row, creator: undefined });

/** Random extras of every type and rule, as the server stores them. */
function randomExtras(r: Rng, depth: number, inList: boolean): Extra[] {
  const n = r.int(depth === 0 ? 7 : 4);
  const out: Extra[] = [];
  for (let i = 0; i < n; i++) {
    const type = r.pick(depth < 3 ? (['str', 'int', 'float', 'bool', 'date', 'dict', 'list'] as const) : (['str', 'int', 'float', 'bool', 'date'] as const));
    const e: Extra = { type, value: null };
    if (!inList) e.key = r.pick(['a', 'b c', 'temp', 'Größe', 'x/y', '0', 'id#1', 'k:v']) + String(i);
    if (r.chance(0.3)) e.description = r.pick(['a "quoted" text', 'line\nbreak', 'plain']);
    if (r.chance(0.2) && type !== 'dict' && type !== 'list') e.term = r.pick(['http://purl.org/dc/terms/title', 'https://example.org/onto#x']);
    if (type === 'dict' || type === 'list') e.value = randomExtras(r, depth + 1, type === 'list');
    else {
      const v: NonNullable<Extra['validation']> = {};
      if (type === 'int' || type === 'float') {
        e.unit = r.chance(0.5) ? r.pick(['K', 'mm', 'N/m²']) : null;
        if (r.chance(0.4)) v.range = { min: r.chance(0.5) ? 0 : null, max: r.chance(0.5) ? (type === 'int' ? 100 : 99.5) : null };
        if (v.range && v.range.min === null && v.range.max === null) delete v.range;
        if (r.chance(0.3)) v.options = type === 'int' ? [1, 2, 3] : [0.5, 1.5];
        if (r.chance(0.5)) e.value = v.options ? v.options[0] : type === 'int' ? 7 : 2.25;
      } else if (type === 'str') {
        if (r.chance(0.3)) v.iri = true;
        if (r.chance(0.3)) v.options = v.iri ? ['http://a.example/1', 'http://b.example/2'] : ['red', 'green', 'blue "b"'];
        if (r.chance(0.5)) e.value = v.options ? v.options[1] : v.iri ? 'http://c.example/' : 'some text';
      } else if (type === 'bool') {
        if (r.chance(0.5)) e.value = r.chance(0.5);
      } else if (r.chance(0.5)) e.value = '2024-03-04T05:06:07+00:00';
      if (r.chance(0.3)) v.required = true;
      if (Object.keys(v).length) e.validation = v;
    }
    out.push(e);
  }
  return out;
}

describe('import: export → import round trips', function () {
  this.timeout(30_000); // 480 imports and validations: seconds on a busy machine
  const store = seedStore();
  const seeds = [...store.templates.values()].map((t) => asTemplate(t as unknown as Template));
  const generated = new SandboxStore();
  generateTemplates(generated, 40);
  const gen = [...generated.templates.values()].map((t) => asTemplate(t as unknown as Template));
  const r = rng(20261207);
  const random: Template[] = Array.from({ length: 200 }, (_, i) => {
    const type: TemplateType = i % 3 === 0 ? 'record' : 'extras';
    const extras = randomExtras(r, 0, false);
    const base = seeds[0];
    return { ...base, id: 1000 + i, identifier: `random-${i}`, title: `Random ${i}`, type, data: type === 'record' ? { ...(seeds.find((s) => s.type === 'record')!.data as object), extras } : extras } as Template;
  });

  for (const format of ['json-schema', 'shacl'] as const) {
    it(`${format}: every sandbox seed template comes back as it was, up to what the export loses`, async () => {
      assert.ok(seeds.length >= 8);
      const failures = (await Promise.all(seeds.map((t) => roundTrip(t, format)))).filter((x) => !x.ok);
      assert.deepEqual(failures.map((f) => f.why), []);
    });
    it(`${format}: 40 generated and 200 random templates come back too`, async () => {
      const all = await Promise.all([...gen, ...random].map((t) => roundTrip(t, format)));
      assert.deepEqual(all.filter((x) => !x.ok).map((f) => f.why).slice(0, 3), []);
      // An export of Kadi's own writes nothing the importer has to leave out.
      assert.equal(all.reduce((n, x) => n + x.notes, 0), 0);
    });
  }
});
