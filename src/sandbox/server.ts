// HTTP plumbing of the sandbox: latency, rate limit, auth, body limits, routing, JSON errors,
// request log (kadi-api.md §0, §8, §9).
import * as http from 'node:http';
import { authenticate, hasScope, SANDBOX_TOKENS, type Principal } from './auth';
import { errorBody, HttpError, toJson, type Reply } from './http';
import { parsePyJson } from './pyJson';
import { Router, type RequestCtx } from './router';
import { registerMiscRoutes } from './routes/misc';
import { registerRoleRoutes } from './routes/roles';
import { registerTemplateRoutes } from './routes/templates';
import { registerRecordRoutes } from './routes/records';
import { TemplateIndex } from './search';
import type { SandboxStore } from './store';

export interface RecordedRequest {
  method: string;
  /** Path including the query string. */
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

export interface ServerConfig {
  store: SandboxStore;
  latencyMs: number;
  rateLimitPerMinute: number;
  maxBodyBytes: number;
  log: (line: string) => void;
  requests: RecordedRequest[];
}

const API_VERSIONS = ['v1'];
/** Recorded bodies are cut here so a 50 MB upload does not stay in memory. */
const RECORD_BODY_LIMIT = 64 * 1024;

export function buildRouter(): Router {
  const r = new Router();
  registerTemplateRoutes(r);
  registerRoleRoutes(r);
  registerMiscRoutes(r);
  registerRecordRoutes(r);
  return r;
}

/**
 * Moving one-minute window per endpoint: Kadi's default limits (Flask-Limiter) count each
 * endpoint on its own, e.g. GET /templates/<id> apart from GET /info and from
 * GET /v1/templates/<id> (checked against 1.13.0).
 * Rejected hits do not count.
 */
class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly perMinute: number) {}

  /** undefined if allowed, else seconds until a slot frees up. */
  check(endpoint: string, now: number): number | undefined {
    if (!(this.perMinute > 0)) return undefined;
    const hits = this.hits.get(endpoint) ?? [];
    this.hits.set(endpoint, hits);
    while (hits.length && hits[0] <= now - 60_000) hits.shift();
    if (hits.length >= this.perMinute) return Math.max(1, Math.ceil((hits[0] + 60_000 - now) / 1000));
    hits.push(now);
    return undefined;
  }
}

class BodyTooLarge extends Error {}
/** The client went away while sending its body: nothing to answer. */
class ClientAborted extends Error {}

export function createRequestHandler(cfg: ServerConfig): http.RequestListener {
  const router = buildRouter();
  const index = new TemplateIndex(cfg.store);
  const limiter = new RateLimiter(cfg.rateLimitPerMinute);

  return (req, res) => {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const record: RecordedRequest = { method, path: rawUrl, headers, body: '', status: 0 };
    cfg.requests.push(record);
    res.on('error', () => undefined);
    res.on('finish', () => cfg.log(`${method} ${rawUrl} ${record.status} ${Date.now() - started}ms`));

    const send = (reply: Reply) => {
      record.status = reply.status;
      if (res.headersSent || res.destroyed) return;
      const h: Record<string, string | number> = { ...(reply.headers ?? {}) };
      let payload: Buffer | undefined;
      if (reply.raw) {
        Object.assign(h, reply.raw.headers ?? {});
        h['Content-Type'] = reply.raw.contentType;
        payload = Buffer.from(reply.raw.data, 'utf8');
      } else if (reply.status === 204) {
        h['Content-Type'] = 'application/json'; // Kadi's json_response(204) keeps its type
      } else if (reply.json !== undefined) {
        h['Content-Type'] = 'application/json';
        payload = Buffer.from(toJson(reply.json) + '\n', 'utf8');
      }
      if (payload) h['Content-Length'] = payload.length;
      res.writeHead(reply.status, h);
      res.end(method === 'HEAD' ? undefined : payload);
    };
    const fail = (e: unknown) => {
      if (e instanceof ClientAborted) {
        cfg.log(`${method} ${rawUrl} aborted by the client`);
      } else if (e instanceof HttpError) {
        send({ status: e.status, json: errorBody(e.status, e.description, e.extra), headers: e.headers });
      } else {
        cfg.log(`ERROR ${method} ${rawUrl}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        send({ status: 500, json: errorBody(500) });
      }
    };

    const run = async () => {
      const q = rawUrl.indexOf('?');
      let path: string;
      try {
        path = decodeURIComponent(q < 0 ? rawUrl : rawUrl.slice(0, q));
      } catch {
        path = q < 0 ? rawUrl : rawUrl.slice(0, q);
      }
      const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
      const host = req.headers.host || `${(req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '')}:${req.socket.localPort}`;
      const web = `http://${host}`;

      const api = /^\/api(\/.*)?$/.exec(path);
      if (!api) {
        req.resume();
        return send(webPage(path, method, !!req.headers.authorization, web));
      }
      let rest = api[1] ?? '';
      const version = /^\/(v\d+)(\/.*)?$/.exec(rest);
      let versioned = false;
      if (version && API_VERSIONS.includes(version[1])) {
        versioned = true;
        rest = version[2] ?? '';
      }

      // werkzeug answers OPTIONS on a known URL itself, before Kadi's login check (1.13.0).
      const match = router.match(method, rest);
      // Rate limits apply to known endpoints, before the login check (unknown URLs: none);
      // /api/v1/… is a blueprint of its own in Kadi, so it counts apart from /api/….
      const retry = match && 'endpoint' in match ? limiter.check(`${versioned ? 'v1 ' : ''}${match.endpoint}`, Date.now()) : undefined;
      if (retry !== undefined) {
        req.resume();
        throw new HttpError(429, undefined, {}, { 'Retry-After': String(retry) });
      }
      if (method === 'OPTIONS' && match && 'allowed' in match) {
        req.resume();
        return send({ status: 200, headers: { Allow: match.allowed.join(', ') }, raw: { contentType: 'text/html; charset=utf-8', data: '' } });
      }

      // Unauthenticated: every error below 500 becomes the login 401 (quirk §9), so check first.
      let principal: Principal;
      try {
        principal = authenticate(req.headers.authorization, cfg.store);
      } catch (e) {
        req.resume();
        throw e;
      }
      const body = await readBody(req, cfg.maxBodyBytes).catch((e: unknown) => {
        if (e instanceof BodyTooLarge) {
          res.setHeader('Connection', 'close');
          throw new HttpError(413);
        }
        throw e;
      });
      record.body = body.length > RECORD_BODY_LIMIT ? body.subarray(0, RECORD_BODY_LIMIT).toString('utf8') : body.toString('utf8');

      if (!match) throw new HttpError(404);
      // Kadi's JSON error handler drops werkzeug's Allow header (checked against 1.13.0).
      if ('allowed' in match) throw new HttpError(405);

      let parsed: { value: unknown } | undefined;
      const ctx: RequestCtx = {
        method,
        params: match.params,
        query,
        principal,
        store: cfg.store,
        index,
        view: { urls: { web, api: `${web}/api${versioned ? '/v1' : ''}` }, viewer: principal.user, includeUser: hasScope(principal, 'user.read') },
        json() {
          if (!parsed) {
            try {
              const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
              parsed = { value: parsePyJson(text) };
            } catch {
              throw new HttpError(400, 'Failed to decode JSON object.');
            }
          }
          return parsed.value;
        },
      };
      send(await match.handler(ctx));
    };

    const go = () => run().catch(fail);
    if (cfg.latencyMs > 0) setTimeout(go, cfg.latencyMs);
    else void go();
  };
}

/** Buffer the body up to `max` bytes; beyond that drain the rest and reject. */
function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      req.resume();
      return reject(new BodyTooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      if (tooLarge) return;
      size += c.length;
      if (size > max) {
        tooLarge = true;
        chunks.length = 0;
        reject(new BodyTooLarge());
      } else chunks.push(c);
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      if (!tooLarge) resolve(Buffer.concat(chunks));
    });
    req.on('error', () => {
      if (!tooLarge) reject(new ClientAborted());
    });
    // Client gave up mid-upload: settle instead of leaving the request pending forever.
    req.on('close', () => {
      if (!ended && !tooLarge) reject(new ClientAborted());
    });
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Non-API paths: a small landing page and stand-ins for the web views linked by `_links.view`. */
function webPage(path: string, method: string, hasToken: boolean, web: string): Reply {
  const page = (status: number, title: string, body: string): Reply => ({
    status,
    raw: {
      contentType: 'text/html; charset=utf-8',
      data: `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>\n`,
    },
  });
  // Tokens are only accepted on API paths; Kadi answers 404 otherwise.
  if (hasToken || (method !== 'GET' && method !== 'HEAD')) return page(404, 'Not Found', '<p>The requested URL could not be found.</p>');
  if (path === '/') {
    const rows = Object.entries(SANDBOX_TOKENS)
      .map(([t, info]) => `<li><code>${escapeHtml(t)}</code> — ${escapeHtml(info.note ?? info.user)}</li>`)
      .join('');
    return page(
      200,
      'Kadi4Mat sandbox',
      `<p>A local Kadi4Mat-compatible API for trying things out. API root: <a href="${web}/api">${web}/api</a> ` +
        `(send <code>Authorization: Bearer &lt;token&gt;</code>).</p><ul>${rows}</ul>`,
    );
  }
  const m = /^\/(templates|users|groups)\/(\d+)$/.exec(path);
  if (m) {
    const api = `${web}/api/${m[1]}/${m[2]}`;
    return page(200, `${m[1].slice(0, -1)} ${m[2]}`, `<p>The sandbox has no web interface. Data: <a href="${api}">${api}</a> (needs a token).</p>`);
  }
  return page(404, 'Not Found', '<p>The requested URL could not be found.</p>');
}
