// The `kadi:` file-system core (src/fs/templateFiles.ts) as the save, hardening and real-Kadi
// suites set it up: one TemplateFiles with scripted prompts, in-memory persisted state, the
// dirty set and the conflicts it showed in reach of the test; and the failure a save throws.
import * as assert from 'node:assert/strict';
import type { KadiClient } from '../../src/kadi/client';
import type { Template } from '../../src/kadi/types';
import { FsFailure } from '../../src/fs/failure';
import { DraftStore, ReadAtStore, memoryState, type KeyValueState } from '../../src/fs/persisted';
import { TemplateFiles, type TemplateFilesDeps } from '../../src/fs/templateFiles';
import { ScriptedPrompts } from './fakes';

export const quietLog = { trace() {}, info() {}, warn() {}, error() {} };
export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** A plain-text describeError ("Could not <action>: <message>"), for tests that do not check the UI's wording. */
export const plainDescribeError: TemplateFilesDeps['describeError'] = (e, action) => `Could not ${action ?? 'do it'}: ${e instanceof Error ? e.message : String(e)}`;

/** One client for every instance id: the `source` of a TemplateFiles without a registry. */
export function clientSource(client: KadiClient): TemplateFilesDeps['source'] {
  return { call: (_id, fn) => fn(client), currentUser: () => client.getCurrentUser().catch(() => undefined) };
}

export interface FilesHarness {
  files: TemplateFiles;
  prompts: ScriptedPrompts;
  /** Keys of the documents an editor holds unsaved (isDirty). */
  dirty: Set<string>;
  /** The server versions showConflict was called with. */
  conflicts: Template[];
  state: KeyValueState;
  drafts: DraftStore;
}

export interface FilesOptions extends Partial<Omit<TemplateFilesDeps, 'source' | 'prompts' | 'readAt' | 'drafts' | 'isDirty'>> {
  /** The persisted state (read-at times and drafts); share one to "reload" the extension. */
  state?: KeyValueState;
  prompts?: ScriptedPrompts;
}

/**
 * A TemplateFiles over `source` (a registry, or clientSource(client)). Defaults: new scripted
 * prompts, a fresh memory state, a quiet log, plainDescribeError, conflicts collected.
 */
export function templateFilesOn(source: TemplateFilesDeps['source'], o: FilesOptions = {}): FilesHarness {
  const { state = memoryState(), prompts = new ScriptedPrompts(), ...deps } = o;
  const dirty = new Set<string>();
  const conflicts: Template[] = [];
  const drafts = new DraftStore(state);
  const files = new TemplateFiles({
    source,
    prompts,
    log: quietLog,
    readAt: new ReadAtStore(state),
    drafts,
    isDirty: (k) => dirty.has(k),
    describeError: plainDescribeError,
    showConflict: async (_loc, server) => void conflicts.push(server),
    ...deps,
  });
  return { files, prompts, dirty, conflicts, state, drafts };
}

/**
 * The FsFailure `p` rejects with (what VS Code keeps the editor dirty for); fails the test when
 * it rejects with something else or does not reject. `expected`/`none` word those two failures.
 */
export async function fsFailure(p: Promise<unknown>, words: { expected?: string; none?: string } = {}): Promise<FsFailure> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof FsFailure, `expected ${words.expected ?? 'FsFailure'}, got ${String(e)}`);
    return e;
  }
  return assert.fail(words.none ?? 'expected a failure');
}
