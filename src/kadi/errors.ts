// The one error type of the Kadi4Mat client, plus the text helpers that keep tokens out of it.
// No `vscode` import: the UI maps `kind`/`status` to its own messages.
import * as l10n from '../ui/l10n';
import type { ApiErrorBody, ErrorTree } from './types';
import { brandClass } from '../ui/processWide';

export type KadiErrorKind = 'http' | 'network' | 'timeout' | 'aborted' | 'bad-response' | 'config';

export interface KadiErrorInit {
  kind: KadiErrorKind;
  message: string;
  status?: number;
  description?: string;
  errors?: ErrorTree;
  scopes?: string[];
  retryAfter?: number;
  method?: string;
  path?: string;
  code?: string;
  redirectOrigin?: string;
}

export class KadiError extends Error {
  readonly kind: KadiErrorKind;
  /** HTTP status; 0 when there was no HTTP answer. */
  readonly status: number;
  /** Kadi's `description` (redacted). */
  readonly description?: string;
  /** 400 validation errors, nested like the request body (§2.4). */
  readonly errors?: ErrorTree;
  /** 401 insufficient scope: the scopes the endpoint needs. */
  readonly scopes?: string[];
  /** 429: seconds the server asked us to wait. */
  readonly retryAfter?: number;
  readonly method?: string;
  /** Request path without origin (never contains the token). */
  readonly path?: string;
  /** System error code for network failures (ECONNREFUSED, ENOTFOUND, …). */
  readonly code?: string;
  /** Cross-origin redirect target (origin only), so the UI can suggest the new address. */
  readonly redirectOrigin?: string;

  constructor(init: KadiErrorInit) {
    super(init.message);
    this.name = 'KadiError';
    this.kind = init.kind;
    this.status = init.status ?? 0;
    // Only set keys that carry something, so deepEqual-style checks and logs stay small.
    if (init.description !== undefined) this.description = init.description;
    if (init.errors !== undefined) this.errors = init.errors;
    if (init.scopes !== undefined) this.scopes = init.scopes;
    if (init.retryAfter !== undefined) this.retryAfter = init.retryAfter;
    if (init.method !== undefined) this.method = init.method;
    if (init.path !== undefined) this.path = init.path;
    if (init.code !== undefined) this.code = init.code;
    if (init.redirectOrigin !== undefined) this.redirectOrigin = init.redirectOrigin;
  }
}
// The extension's client throws them, the lazy chunks' copies of this module check them.
brandClass(KadiError, 'KadiError');

export function isKadiError(e: unknown): e is KadiError {
  return e instanceof KadiError;
}

/**
 * True for errors the UI should drop silently: the user or the caller cancelled (an aborted
 * request, Escape in a prompt, VS Code's CancellationError, an AbortSignal's AbortError).
 */
export function isCancellation(e: unknown): boolean {
  if (isKadiError(e)) return e.kind === 'aborted';
  return e instanceof Error && (e.name === 'Canceled' || e.name === 'AbortError' || e.name === 'CancellationError');
}

// Kadi tokens are `pat_…` (personal) and `oat_…` (OAuth2); anything shaped like one is hidden,
// as is a `Bearer …` credential, whatever the server chose to echo back.
const TOKEN_SHAPED = /\b(pat|oat)_[A-Za-z0-9._~+/=-]+/gi;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;

/** Removes token-shaped substrings (and the literal `secret`, for un-prefixed legacy tokens). */
export function redact(text: string, secret?: string): string {
  // Bearer first: "Bearer pat_x" becomes "Bearer [redacted]", not "Bearer [redacted][redacted]".
  let out = text.replace(BEARER, '$1 [redacted]').replace(TOKEN_SHAPED, '$1_[redacted]');
  if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

function redactTree(tree: ErrorTree, secret?: string): ErrorTree {
  const out: ErrorTree = {};
  for (const [k, v] of Object.entries(tree)) {
    const key = redact(k, secret);
    if (Array.isArray(v)) out[key] = v.map((m) => redact(String(m), secret));
    else if (v && typeof v === 'object') out[key] = redactTree(v as ErrorTree, secret);
  }
  return out;
}

/** "data.0.key: Duplicate value." lines, depth-first, for the error message. */
export function flattenErrors(tree: ErrorTree, prefix = ''): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (Array.isArray(v)) for (const m of v) lines.push(k === '_schema' && !prefix ? String(m) : `${path}: ${m}`);
    else if (v && typeof v === 'object') lines.push(...flattenErrors(v, path));
  }
  return lines;
}

/** What an error body says, as one sentence: its field errors (the first three), else its description. */
export function errorDetail(body: { errors?: ErrorTree; description?: string; scopes?: string[] }): string {
  const lines = body.errors ? flattenErrors(body.errors) : [];
  if (lines.length) {
    // The 400 description is werkzeug's generic text; the field errors say what is wrong.
    const shown = lines.slice(0, 3).map(withoutFinalStop).join('; ');
    return lines.length > 3 ? l10n.t('{0} (and {1} more).', shown, lines.length - 3) : `${shown}.`;
  }
  if (body.description) return body.scopes?.length ? l10n.t('{0} (needs {1}).', withoutFinalStop(body.description), body.scopes.join(', ')) : sentence(body.description);
  return l10n.t('no description given.');
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function withoutFinalStop(text: string): string {
  return text.trim().replace(/\.$/, '');
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

export interface ResponseContext {
  method: string;
  path: string;
  status: number;
  host: string;
  contentType: string;
  body: string;
  retryAfter?: number;
  secret?: string;
}

/** Builds the KadiError for a non-2xx answer, from Kadi's JSON error body (§9) or whatever came instead. */
export function errorFromResponse(ctx: ResponseContext): KadiError {
  const { method, path, status, secret } = ctx;
  const base = { kind: 'http' as const, status, method, path, retryAfter: ctx.retryAfter };
  const parsed = parseJson(ctx.body);
  if (parsed.ok && parsed.value && typeof parsed.value === 'object' && !Array.isArray(parsed.value)) {
    const body = parsed.value as Partial<ApiErrorBody> & Record<string, unknown>;
    const description =
      typeof body.description === 'string' && body.description.trim()
        ? redact(body.description, secret)
        : typeof body.message === 'string'
          ? redact(body.message, secret)
          : undefined;
    const errors =
      body.errors && typeof body.errors === 'object' && !Array.isArray(body.errors)
        ? redactTree(body.errors as ErrorTree, secret)
        : undefined;
    const scopes = isStringArray(body.scopes) ? body.scopes.map((s) => redact(s, secret)) : undefined;

    let detail = errorDetail({ errors, description, scopes });
    if (status === 429 && ctx.retryAfter !== undefined) detail += ` ${l10n.t('Try again in {0} s.', ctx.retryAfter)}`;
    return new KadiError({ ...base, message: l10n.t('Kadi4Mat answered {0}: {1}', status, detail), description, errors, scopes });
  }
  return new KadiError({ ...base, message: describeNonJson(ctx, status) });
}

/** What came instead of JSON: nothing, an HTML page (a proxy, a login page), or other text. */
export function nonJsonKind(ctx: Pick<ResponseContext, 'body' | 'contentType'>): 'empty' | 'html' | 'text' {
  const body = ctx.body.trim();
  if (!body) return 'empty';
  return /html/i.test(ctx.contentType) || /^<(!doctype|html|head|body)\b/i.test(body) ? 'html' : 'text';
}

/** Text for a `status` answer whose body is not the JSON we expected (HTML from a proxy, empty, plain text). */
export function describeNonJson(ctx: Pick<ResponseContext, 'body' | 'contentType' | 'secret' | 'host'>, status: number): string {
  const body = ctx.body.trim();
  switch (nonJsonKind(ctx)) {
    case 'empty':
      return l10n.t('Kadi4Mat answered {0} with an empty body instead of JSON.', status);
    case 'html': {
      const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.replace(/\s+/g, ' ').trim();
      return title
        ? l10n.t('Kadi4Mat answered {0} with an HTML page instead of JSON (page title: "{1}") — is {2} the Kadi4Mat address, or is a proxy in the way?', status, redact(title, ctx.secret).slice(0, 100), ctx.host)
        : l10n.t('Kadi4Mat answered {0} with an HTML page instead of JSON — is {1} the Kadi4Mat address, or is a proxy in the way?', status, ctx.host);
    }
    case 'text': {
      const snippet = redact(body.replace(/\s+/g, ' '), ctx.secret).slice(0, 200);
      return l10n.t('Kadi4Mat answered {0} with text instead of JSON: "{1}".', status, snippet);
    }
  }
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Maps a failure of the fetch call itself (no HTTP answer) to a KadiError naming the host. */
export function errorFromNetwork(e: unknown, ctx: { method: string; path: string; host: string; secret?: string }): KadiError {
  const err = e as { code?: unknown; errno?: unknown; message?: unknown; cause?: { code?: unknown } };
  const code = String(err?.code ?? err?.cause?.code ?? err?.errno ?? '');
  const base = { status: 0, method: ctx.method, path: ctx.path, code: code || undefined };
  const host = ctx.host;
  switch (code) {
    case 'ECONNREFUSED':
      return new KadiError({ ...base, kind: 'network', message: l10n.t('Could not connect to {0}: the connection was refused. Is the server running and the address right?', host) });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new KadiError({ ...base, kind: 'network', message: l10n.t('Could not find the host {0} (DNS lookup failed). Check the address and your network connection.', host) });
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return new KadiError({ ...base, kind: 'network', message: l10n.t('The connection to {0} was closed unexpectedly before an answer arrived.', host) });
    case 'ETIMEDOUT':
      return new KadiError({ ...base, kind: 'timeout', message: l10n.t('Connecting to {0} timed out.', host) });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new KadiError({ ...base, kind: 'network', message: l10n.t('{0} is not reachable from this machine ({1}). Check your network or VPN.', host, code) });
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new KadiError({ ...base, kind: 'network', message: l10n.t('The TLS certificate of {0} could not be verified ({1}).', host, code) });
  }
  const raw = typeof err?.message === 'string' ? redact(err.message, ctx.secret) : String(e);
  return new KadiError({ ...base, kind: 'network', message: l10n.t('Could not reach {0}: {1}', host, raw) });
}
