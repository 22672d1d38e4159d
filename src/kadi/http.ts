// One HTTP exchange with a Kadi4Mat instance: token header, timeout, cancellation, redirects
// followed by hand (so the token never leaves the origin), 429 retries, error mapping.
import * as l10n from '../ui/l10n';
import { KadiError, describeNonJson, errorFromNetwork, errorFromResponse, nonJsonKind, redact } from './errors';

// node-fetch 3 is ESM-only; this package is CommonJS. Type imports need the resolution mode,
// and the runtime import is dynamic (esbuild bundles it; it also defers loading until needed).
export type FetchImpl = typeof import('node-fetch', { with: { 'resolution-mode': 'import' } }).default;

let defaultFetch: Promise<FetchImpl> | undefined;
function loadFetch(): Promise<FetchImpl> {
  return (defaultFetch ??= import('node-fetch').then((m) => m.default));
}

/**
 * Loads the HTTP stack ahead of the first request (it is not loaded at activation, see
 * esbuild.js): called when the tree first shows an instance, so the first listing does not
 * wait for it. Sends nothing.
 */
export function preloadHttp(): void {
  void loadFetch().catch(() => undefined);
}

export interface RequestEvent {
  method: string;
  path: string;
  status: number;
  ms: number;
  error?: string;
}

export interface TransportOptions {
  origin: string;
  token: string;
  timeoutMs: number;
  maxRetries: number;
  maxRetryWaitMs: number;
  /** Longest answer body read; beyond it the exchange fails ('bad-response'). Default DEFAULT_MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
  onRequest?: (e: RequestEvent) => void;
  onRetryWait?: (e: { seconds: number; attempt: number }) => void;
  fetchImpl?: FetchImpl;
}

export interface HttpRequest {
  method: string;
  /** Absolute URL; must be on the transport's origin. */
  url: string;
  body?: unknown;
  accept?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  contentType: string;
  text: string;
  method: string;
  /** Path (+query) of the URL that finally answered. */
  path: string;
}

const MAX_REDIRECTS = 5;
/** Backoff when a 429 carries no Retry-After: 1 s, 2 s, 4 s … (capped by maxRetryWaitMs). */
const BACKOFF_BASE_MS = 1000;
const USER_AGENT = 'vscode-kadi4mat-templates';
/** Failures of a reused connection before any answer: worth one new connection for a read. */
const RECONNECT_CODES = new Set(['ECONNRESET', 'EPIPE']);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
const MAX_RECONNECTS = 3;
/**
 * A body larger than this is not read to the end: a broken proxy or server streaming without end
 * would otherwise fill the extension host's memory until the timeout. Kadi caps request bodies at
 * about 51 MB (MAX_CONTENT_LENGTH), so no single template is larger than this.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 128 * 1024 * 1024;

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MiB` : n >= 1024 ? `${Math.round(n / 1024)} KiB` : l10n.t('{0} bytes', n);
}

export function abortedError(method?: string, path?: string): KadiError {
  return new KadiError({ kind: 'aborted', message: l10n.t('The request was cancelled.'), method, path });
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date); undefined if absent/invalid. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** Resolves after `ms`, or rejects with an 'aborted' KadiError as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class HttpTransport {
  readonly #token: string; // private field: not visible in console.log/JSON of the transport
  readonly #o: Omit<TransportOptions, 'token'>;
  readonly host: string;

  constructor(options: TransportOptions) {
    const { token, ...rest } = options;
    this.#token = token;
    this.#o = rest;
    this.host = new URL(options.origin).host;
  }

  /** Redacts the token (and anything token-shaped) from server-supplied text. */
  redact(text: string): string {
    return redact(text, this.#token);
  }

  /** Sends the request; resolves only for 2xx, otherwise throws a KadiError. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const path = this.pathOf(req.url);
    if (req.signal?.aborted) throw abortedError(req.method, path);
    for (let attempt = 0; ; attempt++) {
      const res = await this.followRedirects(req);
      if (res.status >= 200 && res.status < 300) return res;
      if (res.status >= 300 && res.status < 400) {
        throw new KadiError({
          kind: 'http',
          status: res.status,
          method: res.method,
          path: res.path,
          message: l10n.t('Kadi4Mat answered {0} (a redirect without a usable Location). Check the instance address.', res.status),
        });
      }
      const retryAfter = res.status === 429 ? parseRetryAfter(res.retryAfterHeader) : undefined;
      const error = errorFromResponse({
        method: res.method,
        path: res.path,
        status: res.status,
        host: this.host,
        contentType: res.contentType,
        body: res.text,
        retryAfter,
        secret: this.#token,
      });
      if (res.status !== 429 || attempt >= this.#o.maxRetries) throw error;
      // A rate-limited request was rejected before the handler ran, so repeating writes is safe.
      const waitMs = retryAfter !== undefined ? retryAfter * 1000 : BACKOFF_BASE_MS * 2 ** attempt;
      // Waiting less than the server asked would only earn another 429, so a wait above the
      // cap ends here and the caller can tell the user when to try again.
      if (retryAfter !== undefined && waitMs > this.#o.maxRetryWaitMs) throw error;
      const ms = Math.min(waitMs, this.#o.maxRetryWaitMs);
      this.safely(() => this.#o.onRetryWait?.({ seconds: ms / 1000, attempt: attempt + 1 }));
      try {
        await sleep(ms, req.signal);
      } catch {
        throw abortedError(req.method, path);
      }
    }
  }

  /** Path + query of a URL on this origin; what logs and errors show instead of the URL. */
  pathOf(url: string): string {
    const u = new URL(url);
    return this.redact(u.pathname + u.search);
  }

  private async followRedirects(req: HttpRequest): Promise<HttpResponse & { retryAfterHeader: string | null }> {
    let url = req.url;
    let method = req.method.toUpperCase();
    let body = req.body;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const res = await this.once(method, url, body, req.accept, req.signal);
      const location = res.location;
      if (res.status < 300 || res.status >= 400 || res.status === 304 || location === null) return res;

      let target: URL;
      try {
        target = new URL(location, url);
      } catch {
        return res;
      }
      const path = this.pathOf(url);
      if (target.origin !== this.#o.origin) {
        // Following would either leak the token to another host or silently drop it; say where
        // the server points instead, so the user can fix the instance address.
        throw new KadiError({
          kind: 'http',
          status: res.status,
          method,
          path,
          redirectOrigin: target.origin,
          message: l10n.t(
            'Kadi4Mat redirected {0} {1} to {2}, a different address. The access token is only sent to {3}; if the instance has moved, change its address to {2}.',
            method,
            path,
            target.origin,
            this.#o.origin,
          ),
        });
      }
      if (res.status === 303 || res.status === 301 || res.status === 302) {
        // These turn a write into a GET in browsers; a PATCH that silently became a GET would
        // look like a successful save.
        if (method !== 'GET' && method !== 'HEAD') {
          throw new KadiError({
            kind: 'http',
            status: res.status,
            method,
            path,
            message: l10n.t('Kadi4Mat redirected {0} {1} ({2}); the request was not repeated. Check the instance address.', method, path, res.status),
          });
        }
        method = 'GET';
        body = undefined;
      }
      url = target.href;
    }
    throw new KadiError({
      kind: 'http',
      status: 0,
      method,
      path: this.pathOf(url),
      message: l10n.t('Kadi4Mat redirected more than {0} times; giving up. Check the instance address.', MAX_REDIRECTS),
    });
  }

  private async once(
    method: string,
    url: string,
    body: unknown,
    accept: string | undefined,
    signal: AbortSignal | undefined,
    reconnects = 0,
  ): Promise<HttpResponse & { retryAfterHeader: string | null; location: string | null }> {
    const path = this.pathOf(url);
    if (new URL(url).origin !== this.#o.origin) {
      // Defence in depth: every caller already checks this.
      throw new KadiError({ kind: 'config', method, path, message: l10n.t('Refusing to send the access token to {0}.', new URL(url).origin) });
    }
    if (signal?.aborted) throw abortedError(method, path);

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#o.timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });

    const headers: Record<string, string> = {
      // No token: KadiClient.probe() asking whether a Kadi4Mat answers at an address at all.
      ...(this.#token ? { Authorization: `Bearer ${this.#token}` } : {}),
      Accept: accept ?? 'application/json',
      'User-Agent': USER_AGENT,
    };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }

    const started = Date.now();
    let status = 0;
    try {
      const fetch = this.#o.fetchImpl ?? (await loadFetch());
      const size = this.#o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
      const res = await fetch(url, { method, headers, body: payload, redirect: 'manual', signal: controller.signal, size });
      status = res.status;
      // Read the body under the same timer: a server that sends headers and then stalls is a timeout too.
      const text = await res.text();
      this.report({ method, path, status, ms: Date.now() - started });
      return {
        status,
        contentType: res.headers.get('content-type') ?? '',
        text,
        method,
        path,
        retryAfterHeader: res.headers.get('retry-after'),
        location: res.headers.get('location'),
      };
    } catch (e) {
      let error: KadiError;
      if (signal?.aborted) error = abortedError(method, path);
      else if (timedOut) {
        error = new KadiError({
          kind: 'timeout',
          status,
          method,
          path,
          message: l10n.t('{0} did not answer within {1} ({2} {3}).', this.host, formatDuration(this.#o.timeoutMs), method, path),
        });
      } else if (e instanceof KadiError) error = e;
      else if ((e as { type?: unknown })?.type === 'max-size') {
        const limit = formatBytes(this.#o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
        error = new KadiError({
          kind: 'bad-response',
          status,
          method,
          path,
          message: l10n.t('{0} sent more than {1} for {2} {3}; the answer was not read to the end. Is a proxy in the way?', this.host, limit, method, path),
        });
      } else error = errorFromNetwork(e, { method, path, host: this.host, secret: this.#token });
      this.report({ method, path, status, ms: Date.now() - started, error: error.message });
      // A kept-alive connection that the server closed while it sat idle (a restart, an idle
      // timeout) fails as soon as it is reused, before any answer. A read is repeated (each try
      // drops one such pooled connection); a write is not (it may have arrived) — the save
      // path's GET right before its PATCH weeds out stale connections first.
      if (reconnects < MAX_RECONNECTS && status === 0 && !signal?.aborted && error.kind === 'network' && RECONNECT_CODES.has(error.code ?? '') && IDEMPOTENT.has(method)) {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        return this.once(method, url, body, accept, signal, reconnects + 1);
      }
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Bad-response error for a 2xx whose body is not what the endpoint promises. */
  badResponse(res: HttpResponse, what: string): KadiError {
    return new KadiError({ kind: 'bad-response', status: res.status, method: res.method, path: res.path, message: what });
  }

  /** Parses a 2xx JSON body; malformed or non-JSON → 'bad-response'. */
  json(res: HttpResponse): unknown {
    try {
      return JSON.parse(res.text);
    } catch {
      const body = { body: res.text, contentType: res.contentType, host: this.host, secret: this.#token };
      const msg =
        nonJsonKind(body) === 'text'
          ? l10n.t('Kadi4Mat answered {0} with malformed JSON ({1} {2}).', res.status, res.method, res.path)
          : describeNonJson(body, res.status);
      throw this.badResponse(res, msg);
    }
  }

  private report(e: RequestEvent): void {
    this.safely(() => this.#o.onRequest?.(e));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch {
      // A failing log/UI callback must not fail the request.
    }
  }
}
