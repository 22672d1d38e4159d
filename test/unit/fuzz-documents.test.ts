// Fuzzing template documents (seeded, bounded): random mutations of the seed templates'
// documents — values of the wrong type, missing and extra keys, changed extra types, duplicate
// keys, over-long or blank strings, bad ranges/options/dates/IRIs, nesting changes, broken
// JSON — saved through the `kadi:` file-system core against the sandbox (the oracle for what
// Kadi4Mat accepts).
//
// 1. The validation engine (src/validation) never lets an invalid document through: whatever it
//    finds no blocking error in, the sandbox accepts (asked directly with a PATCH of the parsed
//    document, past the save core's gate). This is what makes it safe as the save gate.
// 2. The save core either refuses a document itself (no PATCH) or the sandbox accepts it — i.e.
//    a save never sends an invalid document (the save gate in src/fs/savePath.ts). A missing gate
//    fails the test (one known-invalid document must not be sent), it does not skip.
// A failing case prints the seed, iteration and document.
import * as assert from 'node:assert/strict';
import { FsFailure } from '../../src/fs/failure';
import { DraftStore, ReadAtStore, memoryState } from '../../src/fs/persisted';
import { TemplateFiles, type DocLocation } from '../../src/fs/templateFiles';
import { KadiClient, isKadiError } from '../../src/kadi/client';
import { parseDocument } from '../../src/kadi/document';
import { parseKadiPath, templatePath } from '../../src/kadi/templateUri';
import type { TemplatePatch, TemplateType } from '../../src/kadi/types';
import { LICENSES } from '../../src/sandbox/licenses';
import { blockingProblems, validateTemplateText } from '../../src/validation/index';
import { rng, type Rng } from '../support/rng';
import { sandboxPerTest } from '../support/sandbox';

const SEED = Number(process.env.KADI_FUZZ_SEED ?? 7_2026);
const ITERATIONS = Number(process.env.KADI_FUZZ_DOCUMENTS ?? 300);
/** Seed templates alice may edit (extras: 1, 3; record: 2, 7). */
const EDITABLE = [1, 2, 3, 7];


type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const EXTRA_TYPES = ['str', 'int', 'float', 'bool', 'date', 'dict', 'list'];
const FIELD_NAMES = ['key', 'type', 'value', 'unit', 'description', 'term', 'validation', 'required', 'options', 'range', 'min', 'max', 'iri', 'extras', 'tags', 'license', 'collections', 'record_links', 'roles', 'direction', 'record', 'name', 'subject_type', 'subject_id', 'role', 'bogus'];

function randomScalar(r: Rng): Json {
  return r.pick<Json>([
    null,
    true,
    false,
    0,
    -1,
    1.5,
    42,
    2 ** 53,
    -(2 ** 53) + 1,
    1e300,
    '',
    '   ',
    'x',
    'Some text',
    'UPPER case',
    'a'.repeat(151),
    'b'.repeat(51),
    '2024-03-01T09:15:22+00:00',
    '2024-13-45',
    'not a date',
    'http://example.org/term',
    'http://exa mple.org/<bad>',
    'CC-BY-4.0',
    'No Such License',
    'str',
    'dict',
    'in',
    'out',
    'editor',
    'owner',
  ]);
}

function randomValue(r: Rng, depth = 0): Json {
  if (depth > 2 || r.chance(0.6)) return randomScalar(r);
  if (r.chance(0.5)) return Array.from({ length: r.int(3) }, () => randomValue(r, depth + 1));
  const o: Record<string, Json> = {};
  for (let i = r.int(4); i > 0; i--) o[r.pick(FIELD_NAMES)] = randomValue(r, depth + 1);
  return o;
}

/** Every container (object or array) in the value, with a way to reach it. */
function containers(v: Json, out: (Json[] | Record<string, Json>)[] = []): (Json[] | Record<string, Json>)[] {
  if (Array.isArray(v)) {
    out.push(v);
    for (const x of v) containers(x, out);
  } else if (v && typeof v === 'object') {
    out.push(v);
    for (const x of Object.values(v)) containers(x, out);
  }
  return out;
}

/** The extra entries (objects with a `type` inside a `data`/`extras`/`value` array). */
function extras(doc: Record<string, Json>): Record<string, Json>[] {
  return containers(doc).filter((c): c is Record<string, Json> => !Array.isArray(c) && typeof c.type === 'string' && c !== doc && 'value' in c);
}

function mutate(r: Rng, doc: Record<string, Json>): void {
  const all = containers(doc);
  const ex = extras(doc);
  switch (r.int(12)) {
    case 0: {
      // a value of another type, anywhere
      const c = r.pick(all);
      if (Array.isArray(c)) {
        if (c.length) c[r.int(c.length)] = randomValue(r);
      } else {
        // The identifier has its own case: uniqueness is a rule only the server can check.
        const keys = Object.keys(c).filter((k) => c !== doc || k !== 'identifier');
        if (keys.length) c[r.pick(keys)] = randomValue(r);
      }
      return;
    }
    case 1: {
      // a key removed
      const objs = all.filter((c): c is Record<string, Json> => !Array.isArray(c) && c !== doc);
      if (!objs.length) return;
      const o = r.pick(objs);
      const keys = Object.keys(o);
      if (keys.length) delete o[r.pick(keys)];
      return;
    }
    case 2: {
      // a key added
      const objs = all.filter((c): c is Record<string, Json> => !Array.isArray(c) && c !== doc);
      if (objs.length) r.pick(objs)[r.pick(FIELD_NAMES)] = randomValue(r);
      return;
    }
    case 3:
      if (ex.length) r.pick(ex).type = r.pick([...EXTRA_TYPES, 'string', 'Integer', ' int ', '']);
      return;
    case 4: {
      // a duplicate entry (duplicate key) in some array of extras
      const arrays = all.filter((c): c is Json[] => Array.isArray(c) && c.some((x) => x && typeof x === 'object' && !Array.isArray(x) && 'type' in x));
      if (arrays.length) {
        const a = r.pick(arrays);
        a.push(JSON.parse(JSON.stringify(a[r.int(a.length)])) as Json);
      }
      return;
    }
    case 5: {
      const field = r.pick(['identifier', 'title', 'description', 'visibility']);
      doc[field] =
        field === 'identifier'
          ? r.pick<Json>([`fuzz-${r.int(1e9)}`, ` Fuzz_${r.int(1e9)} `, 'UPPER case', 'b'.repeat(51), '', '   ', 'bad id!', 5, null])
          : randomScalar(r);
      return;
    }
    case 6:
      if (ex.length) r.pick(ex).value = randomValue(r);
      return;
    case 7:
      if (ex.length) r.pick(ex).validation = r.pick<Json>([
        { range: { min: 5, max: 1 } },
        { range: { min: null, max: 3 } },
        { options: [1, 'a', null] },
        { options: [] },
        { required: 'yes' },
        { iri: true },
        { required: true, options: ['x', 'x'] },
        randomValue(r),
      ]);
      return;
    case 8:
      if (ex.length) r.pick(ex).unit = r.pick<Json>([null, '', 'mm', ' N ', 5]);
      return;
    case 9:
      if (ex.length) {
        const e = r.pick(ex);
        e.type = r.pick(['dict', 'list']);
        e.value = r.pick<Json>([[], null, [{ key: 'a', type: 'int', value: 1 }], [{ type: 'str', value: 'x' }], [{ key: 'a', type: 'int', value: 1 }, { key: 'a', type: 'int', value: 2 }]]);
      }
      return;
    case 10:
      if (ex.length) r.pick(ex).term = r.pick<Json>(['http://purl.org/x', 'has space', '', null, 'urn:x:y']);
      return;
    default:
      if (doc.type === 'record' && doc.data && typeof doc.data === 'object' && !Array.isArray(doc.data)) {
        const d = doc.data as Record<string, Json>;
        d[r.pick(['license', 'tags', 'collections', 'record_links', 'roles', 'type', 'identifier', 'title'])] = r.pick<Json>([
          'CC-BY-4.0',
          'Nope',
          null,
          ['steel', 'Steel', ' steel '],
          [0],
          [3],
          [{ direction: 'sideways', record: 1, name: 'x' }],
          [{ direction: 'in', record: 2, name: 'derived', term: null }],
          [{ subject_type: 'user', subject_id: 1, role: 'admin' }],
          [{ subject_type: 'user', subject_id: 1, role: 'owner' }],
          '',
          'Sample',
        ]);
      } else if (ex.length) {
        delete r.pick(ex).key;
      }
  }
}

describe('fuzz: template documents', function () {
  this.timeout(120_000);
  const sb = sandboxPerTest();
  let files: TemplateFiles;
  let client: KadiClient;
  const licenses = LICENSES.map((l) => l.name);

  beforeEach(async () => {
    client = new KadiClient({ baseUrl: sb.url, token: 'pat_sandbox_alice', maxRetries: 0 });
    const state = memoryState();
    files = new TemplateFiles({
      source: { call: (_id, fn) => fn(client), currentUser: () => client.getCurrentUser().catch(() => undefined) },
      prompts: { input: async () => undefined, pick: async () => undefined, pickDynamic: async () => undefined, warn: async () => undefined, info: async () => undefined, error: async () => undefined, status: () => undefined },
      log: { trace() {}, info() {}, warn() {}, error() {} },
      readAt: new ReadAtStore(state),
      drafts: new DraftStore(state),
      isDirty: () => false,
      describeError: (e, action) => `Could not ${action}: ${e instanceof Error ? e.message : String(e)}`,
      showConflict: async () => undefined,
      // As the extension does (GET /api/licenses, cached per instance).
      licenses: async () => licenses,
    });
  });

  function loc(tid: number): DocLocation {
    const p = parseKadiPath(templatePath(tid, 'x'))!;
    return { key: `kadi://sandbox/templates/${tid}`, instanceId: 'sandbox', path: p };
  }

  async function current(tid: number): Promise<string> {
    const l = loc(tid);
    files.forget(l.key);
    await files.stat(l);
    return new TextDecoder().decode(await files.read(l));
  }

  type Outcome = 'refused' | 'accepted' | 'rejected' | 'unchanged';
  /** Saves through the core; what happened, judged by the requests the sandbox received. */
  async function save(tid: number, text: string): Promise<{ outcome: Outcome; detail: string }> {
    const from = sb.requests.length;
    try {
      const out = await files.write(loc(tid), new TextEncoder().encode(text), 'upload');
      if (out.kind !== 'saved' || !out.fields.length) return { outcome: 'unchanged', detail: out.kind };
    } catch (e) {
      if (!(e instanceof FsFailure)) throw e;
      const patch = sb.requests.slice(from).find((r) => r.method === 'PATCH');
      if (!patch) return { outcome: 'refused', detail: e.message };
      return { outcome: 'rejected', detail: `${patch.status}: ${e.message}` };
    }
    const patch = sb.requests.slice(from).find((r) => r.method === 'PATCH');
    assert.ok(patch && patch.status === 200, 'a save reported as done was accepted');
    return { outcome: 'accepted', detail: '' };
  }

  /** The sandbox's own verdict on a document, past the save core: PATCH of every field the document holds. */
  async function verdict(tid: number, type: TemplateType, text: string): Promise<{ outcome: 'refused' | 'accepted' | 'rejected'; detail: string }> {
    const parsed = parseDocument(text, type);
    if (!parsed.ok) return { outcome: 'refused', detail: parsed.message };
    try {
      await client.updateTemplate(tid, parsed.values as TemplatePatch);
      return { outcome: 'accepted', detail: '' };
    } catch (e) {
      if (isKadiError(e) && e.status === 400) return { outcome: 'rejected', detail: e.message };
      throw e;
    }
  }

  /** Documents: a mutated seed document (sometimes several mutations, sometimes broken JSON). */
  async function* documents(r: Rng): AsyncGenerator<{ i: number; tid: number; type: TemplateType; text: string }> {
    for (let i = 0; i < ITERATIONS; i++) {
      const tid = r.pick(EDITABLE);
      const base = await current(tid);
      const doc = JSON.parse(base) as Record<string, Json>;
      for (let m = 1 + r.int(3); m > 0; m--) mutate(r, doc);
      let text = JSON.stringify(doc, null, 2);
      if (r.chance(0.05)) {
        const at = r.int(text.length);
        text = text.slice(0, at) + text.slice(at + 1 + r.int(3));
      }
      yield { i, tid, type: sb.store.getTemplate(tid)!.type as TemplateType, text };
    }
  }

  it(`the validation engine lets no invalid document through: what it passes, the sandbox accepts (seed ${SEED})`, async () => {
    const r = rng(SEED);
    const counts = { passedAndAccepted: 0, blockedButAccepted: 0, blockedAndRejected: 0, refusedByParser: 0 };
    const falseAlarms: string[] = [];
    for await (const { i, tid, type, text } of documents(r)) {
      const gate = blockingProblems(validateTemplateText(text, { type, licenses }));
      const { outcome, detail } = await verdict(tid, type, text);
      const where = `seed ${SEED}, iteration ${i}, template ${tid}`;
      if (outcome === 'refused') counts.refusedByParser++;
      else if (!gate.summary) {
        assert.equal(outcome, 'accepted', `${where}: the validator found nothing, the sandbox said ${detail}\n${text}`);
        counts.passedAndAccepted++;
      } else if (outcome === 'accepted') {
        counts.blockedButAccepted++;
        if (falseAlarms.length < 5) falseAlarms.push(`${where}: ${gate.summary}`);
      } else counts.blockedAndRejected++;
    }
    console.log(`      ${JSON.stringify(counts)}`);
    for (const f of falseAlarms) console.log(`      blocked although the sandbox accepts it: ${f}`);
    // The mutations reach both sides (otherwise the test proves less than it says).
    assert.ok(counts.passedAndAccepted > ITERATIONS / 20, 'too few valid documents generated');
    assert.ok(counts.blockedAndRejected > ITERATIONS / 10, 'too few invalid documents generated');
  });

  it('a save never sends an invalid document: the save core refuses it, or the sandbox accepts it', async function () {
    // The gate is wired into the save: a float extra with a text value is invalid and parses
    // fine, and no PATCH may leave for it (a missing gate fails here, it does not skip).
    const probe = (await current(1)).replace(/"value": null/, '"value": "12 N"');
    const from = sb.requests.length;
    await files.write(loc(1), new TextEncoder().encode(probe), 'upload').catch(() => undefined);
    assert.deepEqual(sb.requests.slice(from).filter((x) => x.method === 'PATCH'), [], 'the save gate let an invalid document through');
    const r = rng(SEED + 1);
    for await (const { i, tid, text } of documents(r)) {
      const { outcome, detail } = await save(tid, text);
      assert.notEqual(outcome, 'rejected', `seed ${SEED + 1}, iteration ${i}, template ${tid}: sent and rejected (${detail})\n${text}`);
    }
  });
});
