// Notices templates changed on the server (by someone else, in the browser, by a script) while
// the window shows them: the tree's rows and open editors. No `vscode` import; the timer and
// the window focus are wired in watchRegister.ts.
//
// One listing request per instance per look: the templates most recently modified
// (`sort=-last_modified`), compared with what was seen before — the last look, else what the
// tree listed, else the version an open editor was read at. Only instances something is shown
// of are asked. A template whose `last_modified` moved is reported once per change.
import type { ClientSource } from '../instances/registry';
import type { Template } from '../kadi/types';

/** How many of the most recently modified templates one look lists. */
export const WATCH_PAGE = 20;

export const DEFAULT_REFRESH_INTERVAL = 60;

/** Seconds between looks; 0 = off; below 10 taken as 10 (a listing per look and instance). */
export function refreshIntervalSeconds(value: unknown): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : DEFAULT_REFRESH_INTERVAL;
  if (n <= 0) return 0;
  return Math.max(10, n);
}

export interface ServerWatchDeps {
  source: Pick<ClientSource, 'call'>;
  /** Instances something is shown of now (a listed tree, an open editor); none: no request. */
  shownInstances(): string[];
  /** What is shown of an instance: template id → the `last_modified` shown (tree row or editor base). */
  shownVersions(instanceId: string): Map<number, string>;
  /** Templates that changed on the server since they were shown. */
  changed(instanceId: string, templates: Template[]): void;
  log: { trace(message: string): void };
  now?(): number;
}

export class ServerWatch {
  /** Per instance: template id → `last_modified` at the last look. */
  private readonly seen = new Map<string, Map<number, string>>();
  private running: Promise<void> | undefined;
  private lastLook = 0;

  constructor(private readonly deps: ServerWatchDeps) {}

  /** One look at every shown instance; a look under way is joined, and looks are at least `minGapMs` apart. */
  look(minGapMs = 0): Promise<void> {
    if (this.running) return this.running;
    const now = this.deps.now?.() ?? Date.now();
    if (now - this.lastLook < minGapMs) return Promise.resolve();
    this.lastLook = now;
    this.running = this.lookAll().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Forget an instance (removed, token replaced). */
  forget(instanceId?: string): void {
    if (instanceId) this.seen.delete(instanceId);
    else this.seen.clear();
  }

  private async lookAll(): Promise<void> {
    await Promise.all(this.deps.shownInstances().map((id) => this.lookAt(id)));
  }

  private async lookAt(instanceId: string): Promise<void> {
    let items: Template[];
    try {
      items = (await this.deps.source.call(instanceId, (c) => c.searchTemplates({ per_page: WATCH_PAGE, sort: '-last_modified' }))).items;
    } catch (e) {
      // Not worth a notification: the next look, or the user's next action, tells.
      this.deps.log.trace(`Could not look for changes on ${instanceId}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const before = this.seen.get(instanceId);
    const shown = this.deps.shownVersions(instanceId);
    const changed = items.filter((t) => {
      const was = before?.get(t.id) ?? shown.get(t.id);
      return was !== undefined && was !== t.last_modified;
    });
    const next = new Map(before);
    for (const t of items) next.set(t.id, t.last_modified);
    this.seen.set(instanceId, next);
    if (changed.length) this.deps.changed(instanceId, changed);
  }
}
