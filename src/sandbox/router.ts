// Minimal werkzeug-like router: `<int:id>` and `<identifier>` converters, 404 vs 405.
import type { Principal } from './auth';
import type { Reply } from './http';
import type { TemplateIndex } from './search';
import type { View } from './serialize';
import type { SandboxStore } from './store';

export interface RequestCtx {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  principal: Principal;
  store: SandboxStore;
  index: TemplateIndex;
  view: View;
  /** The parsed JSON body; throws 400 "Failed to decode JSON object." (parsed even without content-type). */
  json(): unknown;
}

export type Handler = (ctx: RequestCtx) => Reply | Promise<Reply>;

interface Route {
  method: string;
  /** "GET /templates/<int:id>": one Flask endpoint (rate limits count per endpoint). */
  endpoint: string;
  regex: RegExp;
  keys: string[];
  handler: Handler;
}

export type Match = { handler: Handler; params: Record<string, string>; endpoint: string } | { allowed: string[] } | undefined;

export class Router {
  private readonly routes: Route[] = [];

  /** `pattern` like "/templates/<int:id>/roles/users"; relative to /api[/v1]. */
  add(method: string, pattern: string, handler: Handler): this {
    const keys: string[] = [];
    const src = pattern.replace(/<(?:(int|path):)?(\w+)>/g, (_m, conv: string | undefined, key: string) => {
      keys.push(key);
      return conv === 'int' ? '(\\d+)' : '([^/]+)';
    });
    this.routes.push({ method, endpoint: `${method} ${pattern}`, regex: new RegExp(`^${src}$`), keys, handler });
    return this;
  }

  /** Handler and params, or the methods the path allows (405), or undefined (404). */
  match(method: string, path: string): Match {
    const allowed = new Set<string>();
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => (params[k] = m[i + 1]));
      if (r.method === method || (method === 'HEAD' && r.method === 'GET')) return { handler: r.handler, params, endpoint: r.endpoint };
      allowed.add(r.method);
    }
    if (allowed.size === 0) return undefined;
    if (allowed.has('GET')) allowed.add('HEAD');
    allowed.add('OPTIONS');
    return { allowed: [...allowed].sort() };
  }
}

/** Parse an int path parameter (already `\d+`); ids beyond any real row are simply not found. */
export function intParam(ctx: RequestCtx, key: string): number {
  const n = Number(ctx.params[key]);
  return Number.isSafeInteger(n) ? n : -1;
}
