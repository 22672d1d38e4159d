// HTTP helpers shared by the sandbox routes: error objects (kadi-api.md §9) and Flask-like JSON output.

export const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** Default descriptions: Kadi's where kadi-api.md names them, werkzeug's otherwise. */
export const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'The browser (or proxy) sent a request that this server could not understand.',
  401: 'No valid access token was supplied.',
  403: 'You do not have permission to access the requested resource.',
  404: 'The requested URL could not be found.',
  405: 'The method is not allowed for the requested URL.',
  409: 'A conflict happened while processing the request. The resource might have been modified while the request was being processed.',
  413: 'The data value transmitted exceeds the capacity limit.',
  429: 'Request limit exceeded, please try again later.',
  500: 'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.',
};

/** Thrown by handlers; turned into a JSON error response by the server. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly description?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(description ?? DEFAULT_DESCRIPTIONS[status] ?? REASONS[status] ?? String(status));
  }
}

export function errorBody(status: number, description?: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: status,
    message: REASONS[status] ?? 'Error',
    description: description ?? DEFAULT_DESCRIPTIONS[status] ?? '',
    ...extra,
  };
}

/** Body of a JSON handler result, or a raw download (exports). */
export interface Reply {
  status: number;
  json?: unknown;
  raw?: { contentType: string; data: string; headers?: Record<string, string> };
  headers?: Record<string, string>;
}

export const ok = (json: unknown, status = 200): Reply => ({ status, json });
export const noContent = (): Reply => ({ status: 204 });

/**
 * Compact JSON text (Flask's separators) with object keys sorted (Flask sorts them, §11a) and values of `float` extras
 * written with a fractional part (`5` → `5.0`), as Kadi's float extras come back.
 */
export function toJson(value: unknown, indent = 0): string {
  const out: string[] = [];
  write(value, false, 0);
  return out.join('');

  function nl(level: number): string {
    return indent ? '\n' + ' '.repeat(indent * level) : '';
  }
  function write(v: unknown, asFloat: boolean, level: number): void {
    if (v === null || v === undefined) {
      out.push('null');
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) out.push('null');
      else if (asFloat && Number.isInteger(v) && Math.abs(v) < 1e16) out.push(v.toFixed(1));
      else out.push(JSON.stringify(v));
    } else if (typeof v === 'string' || typeof v === 'boolean') {
      out.push(JSON.stringify(v));
    } else if (Array.isArray(v)) {
      if (v.length === 0) return void out.push('[]');
      out.push('[');
      v.forEach((item, i) => {
        if (i) out.push(',');
        out.push(nl(level + 1));
        write(item, asFloat, level + 1);
      });
      out.push(nl(level) + ']');
    } else if (typeof v === 'object') {
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
      if (keys.length === 0) return void out.push('{}');
      // An extra of type float: its value, options and range bounds are floats.
      const isFloatExtra = obj.type === 'float' && 'value' in obj;
      out.push('{');
      keys.forEach((k, i) => {
        if (i) out.push(',');
        out.push(nl(level + 1) + JSON.stringify(k) + (indent ? ': ' : ':'));
        // Inside a float extra's validation every number (options, range bounds) is a float.
        const floaty = asFloat || (isFloatExtra && (k === 'value' || k === 'validation'));
        write(obj[k], floaty, level + 1);
      });
      out.push(nl(level) + '}');
    } else {
      out.push('null');
    }
  }
}

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]));
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
