// Public API of the Kadi4Mat-compatible sandbox: start an in-process server on 127.0.0.1.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateTemplates } from './generate';
import { seedStore } from './seed';
import { createRequestHandler, type RecordedRequest } from './server';
import { SandboxStore } from './store';

export { SANDBOX_TOKENS, type SandboxToken } from './auth';
export { SEED_GROUPS, SEED_GROUP_ROWS, SEED_STEPS, SEED_TEMPLATES, SEED_USERS, SEED_USER_ROWS, type SeedStep } from './seed';
export { SandboxStore } from './store';
export type { GroupRow, RevisionRow, StoreState, TemplateChanges, TemplateRow, UserRow, RoleName } from './store';
export type { RecordedRequest } from './server';

export interface SandboxOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 = a free port. */
  port?: number;
  /** Persist state as JSON (atomic write: temp file + rename); loaded at start if present. */
  dataFile?: string;
  /** Delay added to every request. */
  latencyMs?: number;
  /** Above N requests per minute answer 429 with Retry-After (whole seconds). */
  rateLimitPerMinute?: number;
  /** N generated templates on top of the seed data (ignored when `dataFile` already exists). */
  extraTemplates?: number;
  /** Request bodies above this answer 413 (default 50 MiB, like Kadi's MAX_CONTENT_LENGTH). */
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export interface Sandbox {
  /** "http://127.0.0.1:<port>" */
  readonly url: string;
  readonly port: number;
  /** Every request in arrival order (status filled in when answered). */
  readonly requests: RecordedRequest[];
  /** Direct access for tests, e.g. change a template "as another user" via updateTemplate(). */
  readonly store: SandboxStore;
  close(): Promise<void>;
}

export function createStore(options: Pick<SandboxOptions, 'dataFile' | 'extraTemplates'> = {}): SandboxStore {
  const loaded = options.dataFile ? SandboxStore.readFile(options.dataFile) : undefined;
  const store = loaded ?? seedStore();
  if (!loaded && options.extraTemplates && options.extraTemplates > 0) generateTemplates(store, Math.floor(options.extraTemplates));
  if (options.dataFile) store.attachFile(options.dataFile);
  return store;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const store = createStore(options);
  const requests: RecordedRequest[] = [];
  const server = http.createServer(
    createRequestHandler({
      store,
      latencyMs: options.latencyMs ?? 0,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
      maxBodyBytes: options.maxBodyBytes ?? 50 * 1024 * 1024,
      log: options.log ?? (() => undefined),
      requests,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests,
    store,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still in flight (e.g. waiting out latency) get a moment, then are cut.
        setTimeout(() => server.closeAllConnections(), 200).unref();
      }).then(() => store.flush());
      return closing;
    },
  };
}
