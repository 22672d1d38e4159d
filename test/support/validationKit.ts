// Shared helpers of the validation tests: documents, diagnostics as the user sees them
// (the covered text, not offsets), applying quick fixes.
import { startSandbox, SEED_TEMPLATES, type Sandbox } from '../../src/sandbox/index';
import type { Diagnostic, TextEdit } from '../../src/validation/types';
import { emptyRecordData } from '../../src/kadi/types';
import { mulberry32 } from './rng';

export const doc = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  identifier: 'tpl',
  title: 'Template',
  description: '',
  visibility: 'private',
  type: 'extras',
  data: [],
  ...over,
});

export const extrasDoc = (data: unknown[], over: Record<string, unknown> = {}): string => JSON.stringify(doc({ data, ...over }), null, 2);

export const RECORD_DATA = emptyRecordData();

export const recordDoc = (data: Record<string, unknown>, over: Record<string, unknown> = {}): string =>
  JSON.stringify(doc({ type: 'record', data: { ...RECORD_DATA, ...data }, ...over }), null, 2);

export interface Seen {
  severity: string;
  code: string;
  covered: string;
  message: string;
}

/** What the user sees of each diagnostic: severity, code, the underlined text, the message. */
export const seen = (text: string, diags: Diagnostic[]): Seen[] =>
  diags.map((d) => ({ severity: d.severity, code: d.code, covered: text.substr(d.offset, d.length), message: d.message }));

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].offset + sorted[i].length > sorted[i - 1].offset) throw new Error('overlapping edits');
  }
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

// ------------------------------------------------------------------ the sandbox as judge


const EDITABLE = ['identifier', 'title', 'description', 'visibility', 'data'];
const ALICE = { Authorization: 'Bearer pat_sandbox_alice' };

export interface Verdict {
  status: number;
  errors?: unknown;
}

/**
 * PATCHes documents onto two templates of alice's (one per type) on a server — the sandbox
 * (SandboxJudge.start) or the real Kadi4Mat (ServerJudge.connect) — and reports the answer.
 */
export class ServerJudge {
  protected constructor(
    readonly url: string,
    readonly targets: Record<'extras' | 'record', number>,
    readonly licenses: string[],
  ) {}

  static async connect(url: string): Promise<ServerJudge> {
    const { targets, licenses } = await ServerJudge.prepare(url);
    return new ServerJudge(url, targets, licenses);
  }

  protected static async prepare(url: string): Promise<{ targets: Record<'extras' | 'record', number>; licenses: string[] }> {
    const targets = { extras: 0, record: 0 };
    for (const type of ['extras', 'record'] as const) {
      const res = await fetch(`${url}/api/v1/templates`, {
        method: 'POST',
        headers: { ...ALICE, 'Content-Type': 'application/json' },
        body: JSON.stringify({ identifier: `xcheck-${type}`, title: 'Cross-check', type, data: type === 'record' ? {} : [] }),
      });
      if (res.status !== 201) throw new Error(`create ${type}: ${res.status} ${await res.text()}`);
      targets[type] = ((await res.json()) as { id: number }).id;
    }
    const lic = (await (await fetch(`${url}/api/v1/licenses?per_page=100`, { headers: ALICE })).json()) as { items: { name: string }[] };
    return { targets, licenses: lic.items.map((l) => l.name) };
  }

  /** Every active seed template as a document (identifier set to the target's, so it is free). */
  async seedDocuments(): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for (const [name, id] of Object.entries(SEED_TEMPLATES)) {
      const token = ['dftCalculation', 'bobNotes'].includes(name) ? 'pat_sandbox_bob' : 'pat_sandbox_alice';
      const res = await fetch(`${this.url}/api/v1/templates/${id}`, { headers: { Authorization: `Bearer ${token}` } });
      if (res.status !== 200) continue; // the one in the trash
      const t = (await res.json()) as Record<string, unknown>;
      out.push({ identifier: `xcheck-${t.type}`, title: t.title, description: t.description, visibility: t.visibility, type: t.type, data: t.data });
    }
    return out;
  }

  /** PATCH the document's editable fields onto the target of `type` (`serialize` writes the body text). */
  async verdict(document: unknown, type: 'extras' | 'record', serialize: (v: unknown) => string = (v) => JSON.stringify(v)): Promise<Verdict> {
    const body: Record<string, unknown> = {};
    if (document !== null && typeof document === 'object' && !Array.isArray(document)) {
      for (const k of EDITABLE) if (k in document) body[k] = (document as Record<string, unknown>)[k];
    }
    const res = await fetch(`${this.url}/api/v1/templates/${this.targets[type]}`, {
      method: 'PATCH',
      headers: { ...ALICE, 'Content-Type': 'application/json' },
      body: serialize(Array.isArray(document) ? document : body),
    });
    const json = (await res.json()) as { errors?: unknown };
    return { status: res.status, errors: json.errors };
  }
}

/** The judge on a fresh in-process sandbox. */
export class SandboxJudge extends ServerJudge {
  private constructor(
    readonly sb: Sandbox,
    targets: Record<'extras' | 'record', number>,
    licenses: string[],
  ) {
    super(sb.url, targets, licenses);
  }

  static async start(): Promise<SandboxJudge> {
    const sb = await startSandbox({ port: 0 });
    const { targets, licenses } = await ServerJudge.prepare(sb.url);
    return new SandboxJudge(sb, targets, licenses);
  }

  close(): Promise<void> {
    return this.sb.close();
  }
}

/** The document format (src/kadi/document.ts) refuses these on save; the server would ignore them. */
export const DOCUMENT_FORMAT_CODES = new Set(['type-changed', 'unknown-field', 'server-managed']);

/** Errors that are about the document format rather than Kadi's rules (see DOCUMENT_FORMAT_CODES; a missing top-level field too). */
export const isDocumentFormatError = (d: Diagnostic): boolean =>
  DOCUMENT_FORMAT_CODES.has(d.code) || (d.code === 'required' && d.path.length === 0);

/** Uniqueness of identifiers cannot be known offline. */
export const isIdentifierInUse = (v: Verdict): boolean =>
  JSON.stringify(v.errors) === JSON.stringify({ identifier: ['Identifier is already in use.'] });

// ------------------------------------------------------------------ deterministic mutations

/** mulberry32: a small seeded PRNG, so every run mutates alike. */
export const prng = mulberry32;

export const VALUE_POOL: unknown[] = [
  '', ' ', 'x', ' x ', 'A  b', 'abc', 'ABC', 'a b', 'http://x/y', 'http://x/a b', '2024-01-02', '2024-13-01', '2024-01-02T03:04:05Z',
  '2024-01-02 03:04', '5', '1.5', 'x'.repeat(151), 'a'.repeat(51), 'MIT', 'WTFPL', 'CC-BY-4.0',
  0, 1, -1, 5, 1.5, 0.1, 9007199254740991, 9007199254740992, -9007199254740992, 1e20,
  true, false, null, [], {}, [1, 2], ['lab', 'field'], [{ key: 'a', type: 'str' }], [{ type: 'int', value: 1 }],
  { min: 1, max: 0 }, { min: 0, max: 10 }, { min: null, max: 5 }, { required: true }, { options: [1, 2] }, { iri: true }, { range: { min: 1 } },
  'str', 'int', 'float', 'bool', 'date', 'dict', 'list', 'record', 'extras', 'private', 'public', 'PUBLIC', 'out', 'in', 'user', 'editor',
];
export const KEY_POOL = [
  'key', 'type', 'value', 'unit', 'description', 'term', 'validation', 'required', 'options', 'range', 'min', 'max', 'iri', 'foo',
  'identifier', 'title', 'license', 'tags', 'extras', 'collections', 'record_links', 'roles', 'direction', 'record', 'name', 'subject_type', 'subject_id', 'role',
];

type Path = (string | number)[];

function allPaths(v: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(v)) v.forEach((x, i) => allPaths(x, [...path, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) allPaths(x, [...path, k], out);
  return out;
}

function parentOf(root: unknown, path: Path): any {
  let n: any = root;
  for (const s of path.slice(0, -1)) n = n[s];
  return n;
}

/** One random change to `root` (mutated in place; a deep copy is the caller's business). */
export function mutate(root: Record<string, unknown>, rnd: () => number): void {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const paths = allPaths(root).filter((p) => p.length > 0);
  const path = pick(paths);
  const parent = parentOf(root, path);
  const last = path[path.length - 1];
  const op = rnd();
  if (op < 0.4) parent[last] = structuredClone(pick(VALUE_POOL));
  else if (op < 0.55) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (op < 0.7) {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) target[pick(KEY_POOL)] = structuredClone(pick(VALUE_POOL));
    else if (Array.isArray(target) && target.length) target.push(structuredClone(pick(target)));
    else parent[last] = structuredClone(pick(VALUE_POOL));
  } else if (op < 0.85) {
    // Retype an extra: the most consequential change.
    const extras = allPaths(root).map((p) => parentOf(root, [...p, 'x'])).filter((o) => o && typeof o === 'object' && typeof o.type === 'string' && 'value' in o);
    if (extras.length) pick(extras).type = pick(['str', 'int', 'float', 'bool', 'date', 'dict', 'list']);
  } else {
    const v = parent[last];
    if (typeof v === 'string') parent[last] = pick([` ${v}`, `${v}  x`, v.toUpperCase(), `${v}\t`, '']);
    else if (typeof v === 'number') parent[last] = pick([String(v), -v, v + 0.5, v * 1e6]);
  }
}
