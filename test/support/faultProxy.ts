// A small fault-injecting HTTP reverse proxy for tests (127.0.0.1 only). It forwards to an
// upstream (usually the sandbox) and, for requests matching a rule, misbehaves instead:
// resets the connection, stalls, answers slowly, answers an error page, mangles the JSON,
// redirects, or streams an endless body. It records every request it receives with its
// headers, so tests can also prove where the token went. Without an upstream it is a plain
// recorder that answers 404 (the "other origin" of the token-safety tests).
//
// Everything stops by itself: stalled and endless answers end when the proxy closes, and an
// endless body also stops after `STREAM_LIMIT_MS`.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  /** Destroy the connection before any answer. */
  | { kind: 'reset' }
  /**
   * Send the status line, headers and part of the body, then destroy the connection. With
   * `forward`, the upstream handles the request first (a save that reached the server, whose
   * answer was lost on the way back).
   */
  | { kind: 'resetMidBody'; forward?: boolean }
  /** Accept the request and never answer (until the proxy closes). */
  | { kind: 'stall' }
  /** Forward after `ms`. */
  | { kind: 'delay'; ms: number }
  /**
   * Answer this instead of the upstream. With `forward`, the upstream handles the request
   * first and only its answer is replaced.
   */
  | { kind: 'respond'; status: number; body?: string; contentType?: string; headers?: Record<string, string>; forward?: boolean }
  /** A 2xx whose body never ends (until the client gives up or STREAM_LIMIT_MS). */
  | { kind: 'endless'; contentType?: string }
  /** Forward, then replace the JSON answer by `transform(json)` (status and headers kept). */
  | { kind: 'rewrite'; transform: (json: any, req: ProxiedRequest) => unknown }
  /** Answer a redirect. */
  | { kind: 'redirect'; status: number; location: string };

export interface FaultRule {
  /** Matches when every given condition holds. */
  method?: string;
  /** A prefix of the path (with query) or a regular expression on it. */
  path?: string | RegExp;
  /** The bearer token the request carries. */
  token?: string;
  fault: Fault;
  /** How many requests the rule applies to (default: all). */
  times?: number;
}

export interface ProxiedRequest {
  method: string;
  /** Path with query, as received. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The fault applied, if any. */
  fault?: Fault['kind'];
  /** Status sent (0: none — reset or stalled). */
  status: number;
}

export interface FaultProxyOptions {
  /** "http://127.0.0.1:<port>"; without it every unmatched request gets a 404 (a recorder). */
  upstream?: string;
  /** Default 0 = a free port. */
  port?: number;
  /**
   * Incoming token → token sent upstream, so a test can play "the token expired" with a
   * token of its own while the sandbox still sees one of its seed tokens.
   */
  tokenMap?: Record<string, string>;
}

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  readonly requests: ProxiedRequest[];
  readonly rules: FaultRule[];
  /** Adds a rule (rules are tried in order; the first that matches applies). */
  add(rule: FaultRule): FaultProxy;
  clear(): void;
  /** True when any received request carried `text` in any header. */
  sawInHeaders(text: string): boolean;
  close(): Promise<void>;
}

const STREAM_LIMIT_MS = 10_000;

function bearer(headers: http.IncomingHttpHeaders): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return m?.[1];
}

function matches(rule: FaultRule, req: ProxiedRequest): boolean {
  if (rule.times !== undefined && rule.times <= 0) return false;
  if (rule.method && rule.method.toUpperCase() !== req.method) return false;
  if (rule.path !== undefined) {
    if (typeof rule.path === 'string' ? !req.path.startsWith(rule.path) : !rule.path.test(req.path)) return false;
  }
  if (rule.token !== undefined && bearer(req.headers) !== rule.token) return false;
  return true;
}

interface UpstreamAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function forward(upstream: string, req: ProxiedRequest, tokenMap: Record<string, string> | undefined): Promise<UpstreamAnswer> {
  const headers = { ...req.headers };
  const token = bearer(headers);
  if (token && tokenMap?.[token]) headers.authorization = `Bearer ${tokenMap[token]}`;
  delete headers['content-length'];
  const payload = req.body ? Buffer.from(req.body, 'utf8') : undefined;
  if (payload) headers['content-length'] = String(payload.length);
  // The Host header is kept: the sandbox builds its links from it, so they point at the proxy.
  return new Promise((resolve, reject) => {
    const out = http.request(`${upstream}${req.path}`, { method: req.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    out.on('error', reject);
    out.end(payload);
  });
}

function sendAnswer(res: http.ServerResponse, a: UpstreamAnswer): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(a.headers)) {
    if (v === undefined || ['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(k)) continue;
    headers[k] = v;
  }
  headers['content-length'] = a.body.length;
  res.writeHead(a.status, headers);
  res.end(a.body);
}

export async function startFaultProxy(options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const requests: ProxiedRequest[] = [];
  const rules: FaultRule[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, body: string) => {
    const rec: ProxiedRequest = { method: (req.method ?? 'GET').toUpperCase(), path: req.url ?? '/', headers: req.headers, body, status: 0 };
    requests.push(rec);
    res.on('finish', () => (rec.status = res.statusCode));
    const rule = rules.find((r) => matches(r, rec));
    if (rule && rule.times !== undefined) rule.times--;
    const fault = rule?.fault;
    rec.fault = fault?.kind;

    const upstream = async (): Promise<UpstreamAnswer> => {
      if (!options.upstream) {
        return { status: 404, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ code: 404, message: 'Not Found', description: 'Recorder.' })) };
      }
      return forward(options.upstream, rec, options.tokenMap);
    };

    switch (fault?.kind) {
      case undefined:
        return sendAnswer(res, await upstream());
      case 'reset':
        req.socket.destroy();
        return;
      case 'stall':
        return; // the socket is destroyed when the proxy closes
      case 'delay':
        return later(fault.ms, () => void upstream().then((a) => sendAnswer(res, a), () => req.socket.destroy()));
      case 'resetMidBody': {
        const a: UpstreamAnswer = fault.forward
          ? await upstream()
          : { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ id: 1, identifier: 'x', padding: 'y'.repeat(4096) })) };
        res.writeHead(a.status, { 'content-type': String(a.headers['content-type'] ?? 'application/json'), 'content-length': a.body.length });
        res.write(a.body.subarray(0, Math.max(1, Math.floor(a.body.length / 2))));
        // Let the partial body reach the client before the connection dies.
        later(20, () => req.socket.destroy());
        return;
      }
      case 'respond': {
        if (fault.forward) await upstream();
        const payload = Buffer.from(fault.body ?? '', 'utf8');
        const headers: http.OutgoingHttpHeaders = { ...(fault.headers ?? {}), 'content-length': payload.length };
        if (fault.contentType !== undefined) headers['content-type'] = fault.contentType;
        res.writeHead(fault.status, headers);
        res.end(payload);
        return;
      }
      case 'endless': {
        res.writeHead(200, { 'content-type': fault.contentType ?? 'application/json' });
        const chunk = Buffer.from(`{"padding": "${'x'.repeat(64 * 1024 - 16)}", `, 'utf8');
        const started = Date.now();
        const pump = () => {
          while (!res.destroyed && !closed && Date.now() - started < STREAM_LIMIT_MS) {
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (!res.destroyed) req.socket.destroy();
        };
        res.on('close', () => res.removeAllListeners('drain'));
        pump();
        return;
      }
      case 'rewrite': {
        const a = await upstream();
        let body = a.body;
        try {
          body = Buffer.from(JSON.stringify(fault.transform(JSON.parse(a.body.toString('utf8')), rec)), 'utf8');
        } catch {
          /* not JSON: pass it on unchanged */
        }
        return sendAnswer(res, { ...a, body });
      }
      case 'redirect':
        res.writeHead(fault.status, { location: fault.location, 'content-length': 0 });
        res.end();
        return;
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => {
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end('fault proxy: upstream failed');
        } else req.socket.destroy();
      });
    });
    res.on('error', () => undefined);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    rules,
    add(rule) {
      rules.push(rule);
      return proxy;
    },
    clear() {
      rules.length = 0;
    },
    sawInHeaders(text) {
      return requests.some((r) => JSON.stringify(r.headers).includes(text));
    },
    close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
  return proxy;
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function unusedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Kadi's JSON error body (kadi-api.md §9). */
export function kadiError(status: number, message: string, description: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ code: status, message, description, ...extra });
}
