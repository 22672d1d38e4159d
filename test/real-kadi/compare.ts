// Comparing one HTTP answer of the sandbox with the real Kadi4Mat's: what is normalised away
// (host and port, server-generated timestamps) and how two JSON values or two Turtle graphs
// differ.
import { Parser, type Quad, type Term } from 'n3';

/** The parts of an answer that are compared. */
export interface Answer {
  status: number;
  /** Only the headers in COMPARED_HEADERS, lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when the body is not JSON (exports, HTML). */
  body: unknown;
}

export const COMPARED_HEADERS = ['allow', 'retry-after', 'content-type', 'content-disposition'];

/** Keys whose values the server sets from its own clock: compared as "present", not by value. */
export const TIMESTAMP_KEYS = new Set(['created_at', 'last_modified', 'timestamp', 'deleted_at']);

export const ORIGIN = '<origin>';
export const TIME = '<timestamp>';

export async function readAnswer(res: Response): Promise<Answer> {
  const headers: Record<string, string> = {};
  for (const h of COMPARED_HEADERS) {
    const v = res.headers.get(h);
    // werkzeug builds Allow from a set: its order varies between processes.
    if (v !== null) headers[h] = h === 'allow' ? v.split(/,\s*/).sort().join(', ') : v;
  }
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').startsWith('text/turtle')) {
    body = { turtle: text };
  } else if ((res.headers.get('content-type') ?? '').includes('json') && text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      /* compared as text */
    }
  }
  return { status: res.status, headers, body };
}

/** Replaces `origin` (e.g. "http://127.0.0.1:5000") by ORIGIN everywhere, and server timestamps by TIME. */
export function normalise(value: unknown, origin: string, key?: string): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && TIMESTAMP_KEYS.has(key) && /^\d{4}-\d\d-\d\dT/.test(value)) return TIME;
    return value.split(origin).join(ORIGIN);
  }
  if (Array.isArray(value)) return value.map((v) => normalise(v, origin));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, origin, k)]));
  }
  return value;
}

export function normaliseAnswer(a: Answer, origin: string): Answer {
  const turtle = (a.body as { turtle?: unknown } | null)?.turtle;
  if (typeof turtle === 'string') return { ...a, body: { turtle: turtleStatements(turtle, origin) } };
  return { status: a.status, headers: a.headers, body: normalise(a.body, origin) };
}

const DCTERMS_CREATED = 'http://purl.org/dc/terms/created';

/**
 * A Turtle document as a sorted list of statements, one per triple of a named subject, with
 * blank nodes written out in place (`[ p o ; … ]`, their statements sorted). Kadi's Turtle comes
 * from rdflib, whose blank-node order changes from run to run, so the graphs are compared, not
 * the text. This suffices because the exports' blank nodes form trees (property shapes, lists).
 * `dcterms:created` is the server's date: replaced by TIME.
 */
export function turtleStatements(text: string, origin: string): string[] {
  const quads = new Parser().parse(text);
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = `${q.subject.termType}:${q.subject.value}`;
    bySubject.set(key, [...(bySubject.get(key) ?? []), q]);
  }
  const show = (t: Term, predicate?: string): string => {
    if (t.termType === 'BlankNode') return `[ ${described(`BlankNode:${t.value}`).join(' ; ')} ]`;
    if (t.termType === 'Literal') {
      if (predicate === DCTERMS_CREATED) return TIME;
      const lit = t as Term & { language: string; datatype: { value: string } };
      return `${JSON.stringify(lit.value.split(origin).join(ORIGIN))}${lit.language ? `@${lit.language}` : `^^<${lit.datatype.value}>`}`;
    }
    return `<${t.value.split(origin).join(ORIGIN)}>`;
  };
  const described = (key: string): string[] =>
    (bySubject.get(key) ?? []).map((q) => `<${q.predicate.value}> ${show(q.object, q.predicate.value)}`).sort();
  const out: string[] = [];
  for (const [key, qs] of bySubject) {
    if (key.startsWith('BlankNode:')) continue;
    for (const q of qs) out.push(`${show(q.subject)} <${q.predicate.value}> ${show(q.object, q.predicate.value)}`);
  }
  return out.sort();
}

/** A search answer with its items sorted by id: for the real server's fallback order. */
export function itemsAsSet(a: Answer): Answer {
  const body = a.body as { items?: Array<{ id?: number }> } | undefined;
  if (!body || !Array.isArray(body.items)) return a;
  return { ...a, body: { ...body, items: [...body.items].sort((x, y) => (x.id ?? 0) - (y.id ?? 0)) } };
}

const show = (v: unknown): string => {
  if (process.env.DIFFERENTIAL_FULL) return JSON.stringify(v) ?? "undefined";
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
};

/**
 * Every place where two JSON values differ, as "path: sandbox ≠ real" lines (`a` = sandbox,
 * `b` = real). Objects are compared key by key, arrays index by index.
 */
export function diffJson(a: unknown, b: unknown, path = '$'): string[] {
  if (Object.is(a, b)) return [];
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length) out.push(`${path}[${i}]: missing in the sandbox, real ${show(b[i])}`);
      else if (i >= b.length) out.push(`${path}[${i}]: only in the sandbox ${show(a[i])}`);
      else out.push(...diffJson(a[i], b[i], `${path}[${i}]`));
    }
    return out;
  }
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const out: string[] = [];
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!(k in a)) out.push(`${path}.${k}: missing in the sandbox, real ${show(b[k])}`);
      else if (!(k in b)) out.push(`${path}.${k}: only in the sandbox ${show(a[k])}`);
      else out.push(...diffJson(a[k], b[k], `${path}.${k}`));
    }
    return out;
  }
  return [`${path}: sandbox ${show(a)} ≠ real ${show(b)}`];
}

/** Differences between two normalised answers: status, compared headers, body. */
export function diffAnswers(sandbox: Answer, real: Answer): string[] {
  const out: string[] = [];
  if (sandbox.status !== real.status) out.push(`status: sandbox ${sandbox.status} ≠ real ${real.status}`);
  out.push(...diffJson(sandbox.headers, real.headers, 'header'));
  const turtle = (x: Answer) => (x.body as { turtle?: unknown } | null)?.turtle;
  const [ts, tr] = [turtle(sandbox), turtle(real)];
  if (Array.isArray(ts) && Array.isArray(tr)) {
    // Graphs: statements only one side has.
    for (const st of ts) if (!tr.includes(st)) out.push(`turtle: only in the sandbox ${show(st)}`);
    for (const st of tr) if (!ts.includes(st)) out.push(`turtle: only in the real ${show(st)}`);
  } else out.push(...diffJson(sandbox.body, real.body, 'body'));
  return out;
}
