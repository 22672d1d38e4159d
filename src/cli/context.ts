// What most commands need: the folder, its manifest, and a client for its instance.
import * as path from 'node:path';
import { KadiClient, normalizeBaseUrl } from '../kadi/client';
import { readFolder } from '../templatesAsCode/folder';
import { NoManifestError, statusOf } from '../templatesAsCode/session';
import { resolveCredentials } from './credentials';
import { UsageError, type CliIo } from './io';

export function folderOf(io: CliIo, dir: string | undefined): string {
  return path.resolve(io.cwd, dir ?? '.');
}

/** "https://kadi.example.edu" (with the sub-path, if Kadi4Mat is mounted under one). */
export function instanceAddress(url: string): string {
  try {
    return normalizeBaseUrl(url).webRoot;
  } catch (e) {
    throw new UsageError(`Invalid instance address "${url}": ${(e as Error).message}`);
  }
}

export interface Connection {
  client: KadiClient;
  instance: string;
  /** Only for redacting output; never printed. */
  token: string;
}

/**
 * The client for `instance` (or, without one, the credentials' own host). A token is sent only
 * to the instance it was configured for: a mismatch is a usage error, not a silent leak.
 */
export function connect(io: CliIo, opts: { instance?: string; configInstance?: string }): Connection {
  const creds = resolveCredentials(io, opts.configInstance);
  const target = opts.instance ?? creds.host;
  if (!target) throw new UsageError(`No instance address: give --instance URL or set KADI_HOST (the token comes from ${creds.source}).`);
  const instance = instanceAddress(target);
  if (creds.host && instanceAddress(creds.host) !== instance) {
    throw new UsageError(`The token from ${creds.source} belongs to ${instanceAddress(creds.host)}, not ${instance}; it is not sent elsewhere. Use --config-instance for that instance.`);
  }
  const client = new KadiClient({ baseUrl: instance, token: creds.token, timeoutMs: creds.timeoutMs, maxRetries: 3 });
  return { client, instance, token: creds.token };
}

/** "listed 200 of 263" on stderr, overwritten in place, only on a terminal. */
export function progress(io: CliIo, what: string): { update(done: number, total: number): void; done(): void } {
  let shown = false;
  return {
    update(done, total) {
      if (!io.isTTY) return;
      shown = true;
      io.err(`\r${what} ${done} of ${total}…`);
    },
    done() {
      if (shown) io.err('\r\x1b[K');
    },
  };
}

/** A folder's manifest, a client for its instance, and its status against the server (one listing request per page). */
export async function folderStatus(io: CliIo, dir: string, configInstance: string | undefined) {
  const folder = await readFolder(dir);
  if (!folder.manifest) throw new NoManifestError(dir);
  const conn = connect(io, { instance: folder.manifest.instance, configInstance });
  const p = progress(io, 'listing templates:');
  const st = await statusOf(folder, folder.manifest, conn.client, { signal: io.signal, onProgress: p.update });
  p.done();
  return { folder, conn, st };
}
