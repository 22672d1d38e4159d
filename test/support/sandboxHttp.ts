// Shared helpers of the sandbox conformance tests: HTTP calls with a token, JSON decoding.
import type { Sandbox } from '../../src/sandbox/index';

export const TOKENS = {
  alice: 'pat_sandbox_alice',
  bob: 'pat_sandbox_bob',
  carol: 'pat_sandbox_carol',
  readonly: 'pat_sandbox_alice_readonly',
  expired: 'pat_sandbox_expired',
  dave: 'pat_sandbox_dave',
} as const;
export type Who = keyof typeof TOKENS | 'none';

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface CallOptions {
  as?: Who;
  body?: unknown;
  /** Sent verbatim (no JSON encoding, no content-type). */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

/** Call `path` (relative to the sandbox root, e.g. "/api/templates") as a seed user. */
export async function call(sb: Sandbox, method: string, path: string, o: CallOptions = {}): Promise<Res> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  const who = o.as ?? 'alice';
  if (who !== 'none') headers.Authorization = `Bearer ${TOKENS[who]}`;
  let body: string | Buffer | undefined;
  if (o.raw !== undefined) body = o.raw;
  else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(sb.url + path, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const get = (sb: Sandbox, path: string, as: Who = 'alice') => call(sb, 'GET', path, { as });

/** ISO-8601 with microseconds and +00:00, as Kadi writes timestamps. */
export const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/;
