// Small per-document records that must survive a window reload, kept in globalState
// (`kadi:` documents belong to no workspace). No `vscode` import.
//   - read-at: the `last_modified` each open document was read at, so a save after a reload
//     (VS Code restores the unsaved text from its backup, not from the server) still detects
//     a change made on the server meanwhile;
//   - drafts: text kept by auto-save instead of uploading (see autoSave.ts).
import { Emitter, type Event } from '../ui/emitter';

/** The part of `vscode.Memento` used here. */
export interface KeyValueState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const READ_AT_KEY = 'kadi4mat.documents.readAt';
const DRAFTS_KEY = 'kadi4mat.documents.drafts';
/** Entries of documents not seen for this long are dropped (their editors are long gone). */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

interface ReadAt {
  lastModified: string;
  at: number;
}

export class ReadAtStore {
  constructor(
    private readonly state: KeyValueState,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): string | undefined {
    return this.all()[key]?.lastModified;
  }

  async set(key: string, lastModified: string): Promise<void> {
    const all = this.all();
    if (all[key]?.lastModified === lastModified) return;
    const cutoff = this.now() - MAX_AGE_MS;
    const kept = Object.fromEntries(Object.entries(all).filter(([, v]) => v.at >= cutoff));
    kept[key] = { lastModified, at: this.now() };
    await this.state.update(READ_AT_KEY, kept);
  }

  async delete(key: string): Promise<void> {
    const all = this.all();
    if (!(key in all)) return;
    delete all[key];
    await this.state.update(READ_AT_KEY, all);
  }

  private all(): Record<string, ReadAt> {
    const v = this.state.get<Record<string, ReadAt>>(READ_AT_KEY);
    return v && typeof v === 'object' ? { ...v } : {};
  }
}

export interface Draft {
  text: string;
  /** When it was kept (ms). */
  savedAt: number;
  /** `last_modified` of the server version the draft was made from. */
  readAt?: string;
}

export class DraftStore {
  private readonly changed = new Emitter<string>();
  /** Fires with the document key whose draft appeared or went away. */
  readonly onDidChange: Event<string> = this.changed.event;

  constructor(private readonly state: KeyValueState) {}

  get(key: string): Draft | undefined {
    return this.all()[key];
  }

  has(key: string): boolean {
    return key in this.all();
  }

  keys(): string[] {
    return Object.keys(this.all());
  }

  async set(key: string, draft: Draft): Promise<void> {
    const all = this.all();
    all[key] = draft;
    await this.state.update(DRAFTS_KEY, all);
    this.changed.fire(key);
  }

  async delete(key: string): Promise<void> {
    const all = this.all();
    if (!(key in all)) return;
    delete all[key];
    await this.state.update(DRAFTS_KEY, all);
    this.changed.fire(key);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private all(): Record<string, Draft> {
    const v = this.state.get<Record<string, Draft>>(DRAFTS_KEY);
    return v && typeof v === 'object' ? { ...v } : {};
  }
}

/** An in-memory `KeyValueState` for tests. */
export function memoryState(): KeyValueState {
  const m = new Map<string, unknown>();
  return {
    get: <T>(k: string) => m.get(k) as T | undefined,
    update: async (k, v) => {
      if (v === undefined) m.delete(k);
      else m.set(k, JSON.parse(JSON.stringify(v)));
    },
  };
}
