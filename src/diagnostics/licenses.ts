// The license names of each instance (GET /api/licenses), for the "No license with this name
// exists." check of record templates. Fetched once per instance and kept; a failure is kept for
// a while too (then license names are simply not checked: the server still does). No `vscode`.
import type { ClientSource } from '../instances/registry';
import type { Log } from '../ui/log';

/** After a failed fetch, ask again no sooner than this. */
const RETRY_MS = 5 * 60_000;

type Entry = { names?: readonly string[]; pending?: Promise<readonly string[] | undefined>; failedAt?: number };

export class LicenseCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly source: Pick<ClientSource, 'call'>,
    private readonly log: Pick<Log, 'trace'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The names if known now (no waiting); undefined while unknown. */
  peek(instanceId: string): readonly string[] | undefined {
    return this.entries.get(instanceId)?.names;
  }

  /** The names, fetched on first use; undefined when the instance cannot tell. */
  load(instanceId: string): Promise<readonly string[] | undefined> {
    const e = this.entries.get(instanceId) ?? {};
    if (e.names) return Promise.resolve(e.names);
    if (e.pending) return e.pending;
    if (e.failedAt !== undefined && this.now() - e.failedAt < RETRY_MS) return Promise.resolve(undefined);
    const pending = this.source
      .call(instanceId, (c) => c.licenseNames())
      .then(
        (names): readonly string[] | undefined => {
          // An empty list means the endpoint knows none; checking against it would flag every name.
          this.entries.set(instanceId, names.length ? { names } : { failedAt: this.now() });
          return names.length ? names : undefined;
        },
        (err: unknown) => {
          this.log.trace(`Licenses of ${instanceId} unavailable, license names are not checked: ${err instanceof Error ? err.message : String(err)}`);
          this.entries.set(instanceId, { failedAt: this.now() });
          return undefined;
        },
      );
    this.entries.set(instanceId, { pending });
    return pending;
  }

  /** Instances or tokens changed: ask again. */
  clear(): void {
    this.entries.clear();
  }
}
