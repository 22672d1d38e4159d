// The core of the `kadi:` file system, without a `vscode` import (tested in plain Node against
// the sandbox): what stat/read/write mean for templates, revisions and exports.
//
// Per open template document it keeps the version the document was read at (the "base").
// That base answers stat() — so VS Code's own newer-file check, which compares sizes and misses
// same-size edits (zowe#2496), never fires — and it is what a save is compared with
// (savePath.ts). What the server answered lately is in serverCache.ts; who may edit, in the
// access service shared with the tree (../permissions/accessService.ts).
import type { ClientSource } from '../instances/registry';
import { changedFields } from '../kadi/changes';
import { documentFromSnapshot, editableValues, parseDocument, renderDocument, renderTemplate } from '../kadi/document';
import type { KadiPath } from '../kadi/templateUri';
import type { Revision, Template } from '../kadi/types';
import { editabilityOf, type Editability, type TemplateAccess } from '../permissions/access';
import { TemplateAccessService } from '../permissions/accessService';
import * as l10n from '../ui/l10n';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import { FsFailure, type DescribeError } from './failure';
import type { DraftStore, ReadAtStore } from './persisted';
import { SavePath, type WriteOutcome } from './savePath';
import { ServerCache } from './serverCache';

export type { WriteOutcome } from './savePath';

export interface DocLocation {
  /** Identity of the document: its URI without query. */
  key: string;
  instanceId: string;
  path: KadiPath;
  /** The read-only "server version" side of a conflict diff (same path, `?server`). */
  serverSnapshot?: boolean;
}

export interface FileInfo {
  mtime: number;
  ctime: number;
  size: number;
  readonly: boolean;
}

export interface TemplateFilesDeps {
  source: Pick<ClientSource, 'call' | 'currentUser'>;
  prompts: Prompts;
  log: Log;
  readAt: ReadAtStore;
  drafts: DraftStore;
  /** True when an editor holds unsaved changes of this document. */
  isDirty(key: string): boolean;
  /** Words a failure for people (the UI's `describeError`; injected so this file needs no `vscode`). */
  describeError: DescribeError;
  /** Shows the server's version (served at the `?server` location) next to the user's. */
  showConflict(loc: DocLocation, server: Template): Promise<void>;
  /**
   * License names of the instance, for the save gate (GET /api/licenses, cached by the caller);
   * undefined when unknown: then license names are left to the server.
   */
  licenses?(instanceId: string): Promise<readonly string[] | undefined>;
  /** Who may edit what: the service the tree and the commands share (made here when not given). */
  access?: TemplateAccessService;
  now?(): number;
}

interface OpenDocument {
  instanceId: string;
  templateId: number;
  /** The version the document was read at (or last saved as). */
  base: Template;
  /** renderTemplate(base) */
  text: string;
  editability: Editability;
  /**
   * Set by a save whose stored text differs from the written one (Kadi normalises values and
   * this format orders keys). Until the editor has taken the save, stat() describes the bytes
   * VS Code wrote; afterwards it describes the stored text, so the change event that follows
   * makes VS Code reload it (VS Code skips a reload when the stat's mtime+size are unchanged).
   */
  written?: { size: number; mtime: number };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export function byteLength(text: string): number {
  return encoder.encode(text).byteLength;
}

/** Kadi's ISO dates (microseconds, offset) as epoch ms; 0 when unparsable. */
export function toMs(iso: string | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : 0;
}

export class TemplateFiles {
  private readonly open = new Map<string, OpenDocument>();
  /** The server version a conflict was detected against, for the Compare view. */
  private readonly conflictSnapshots = new Map<string, Template>();
  /** When each open document's version was last confirmed with the server (ms). */
  private readonly checkedAt = new Map<string, number>();
  private readonly now: () => number;
  private readonly access: TemplateAccessService;
  private readonly cache: ServerCache;
  private readonly saves: SavePath;

  constructor(private readonly deps: TemplateFilesDeps) {
    this.now = deps.now ?? Date.now;
    this.access = deps.access ?? new TemplateAccessService(deps.source);
    this.cache = new ServerCache({ source: deps.source, describeError: deps.describeError, now: this.now });
    this.saves = new SavePath({
      ...deps,
      now: this.now,
      cache: this.cache,
      base: (key) => this.open.get(key)?.base,
      baseVersion: (loc) => this.baseVersion(loc),
      adopt: (loc, t, text) => this.adopt(loc, t, text),
      keepConflict: (key, server) => void this.conflictSnapshots.set(key, server),
    });
  }

  // ------------------------------------------------------------------------ stat / read

  /**
   * `saving`: the text VS Code is about to write (its save calls stat() first): a field changed
   * on both sides makes stat() describe the server's newer version, so VS Code refuses the write
   * with its own save-conflict flow (Compare / Overwrite) instead of our modal.
   */
  async stat(loc: DocLocation, opts: { saving?: string } = {}): Promise<FileInfo> {
    const p = loc.path;
    if (loc.serverSnapshot) {
      const t = this.conflictSnapshots.get(loc.key) ?? (await this.cache.template(loc));
      return { mtime: toMs(t.last_modified), ctime: toMs(t.created_at), size: byteLength(renderTemplate(t)), readonly: true };
    }
    if (p.kind === 'revision') {
      const r = await this.cache.revision(loc.instanceId, p.templateId, p.revisionId, p.identifier);
      const ms = toMs(r.timestamp);
      return { mtime: ms, ctime: ms, size: byteLength(revisionText(r)), readonly: true };
    }
    if (p.kind === 'export') {
      const [text, t] = await Promise.all([this.cache.exportText(loc.instanceId, p.templateId, p.exportType, p.identifier), this.cache.template(loc)]);
      return { mtime: toMs(t.last_modified), ctime: toMs(t.created_at), size: byteLength(text), readonly: true };
    }

    const draft = this.deps.drafts.get(loc.key);
    const doc = this.open.get(loc.key);
    if (doc && opts.saving !== undefined && !draft) {
      // A failed check leaves the decision to the write (which reports the failure).
      await this.saves.precheck(loc, opts.saving).catch(() => undefined);
    }
    const conflict = doc && this.saves.conflictWith(loc.key);
    if (doc && conflict) {
      // VS Code's check compares mtime and size with what it read: both must differ.
      const own = byteLength(doc.text);
      const size = byteLength(renderTemplate(conflict));
      return { mtime: toMs(conflict.last_modified), ctime: toMs(conflict.created_at), size: size === own ? size + 1 : size, readonly: !doc.editability.editable };
    }
    if (doc) {
      const info: FileInfo = {
        mtime: toMs(doc.base.last_modified),
        ctime: toMs(doc.base.created_at),
        size: byteLength(doc.text),
        readonly: !doc.editability.editable,
      };
      if (draft) return { ...info, mtime: toMs(draft.readAt ?? doc.base.last_modified) + 1, size: byteLength(draft.text) };
      if (doc.written) return { ...info, ...doc.written };
      return info;
    }

    const t = await this.cache.template(loc);
    const editability = await this.access.editability(loc.instanceId, t);
    const info: FileInfo = {
      mtime: toMs(t.last_modified),
      ctime: toMs(t.created_at),
      size: byteLength(renderTemplate(t)),
      readonly: !editability.editable,
    };
    if (draft) return { ...info, mtime: toMs(draft.readAt ?? t.last_modified) + 1, size: byteLength(draft.text) };
    // Unsaved text restored from a backup after a window reload: describe the version it was
    // read at, so the save reaches our conflict check instead of VS Code's size-based one.
    const readAt = this.deps.readAt.get(loc.key);
    if (readAt && this.deps.isDirty(loc.key)) info.mtime = toMs(readAt);
    return info;
  }

  async read(loc: DocLocation): Promise<Uint8Array> {
    const p = loc.path;
    if (loc.serverSnapshot) {
      return encoder.encode(renderTemplate(this.conflictSnapshots.get(loc.key) ?? (await this.cache.template(loc))));
    }
    if (p.kind === 'revision') return encoder.encode(revisionText(await this.cache.revision(loc.instanceId, p.templateId, p.revisionId, p.identifier)));
    if (p.kind === 'export') return encoder.encode(await this.cache.exportText(loc.instanceId, p.templateId, p.exportType, p.identifier));

    // VS Code's "Compare" of a save conflict reads the file: the server version, while the
    // editor keeps the user's text (and the document its base: the conflict is not resolved).
    const conflict = this.saves.conflictWith(loc.key);
    if (conflict && this.deps.isDirty(loc.key)) return encoder.encode(renderTemplate(conflict));
    const t = await this.cache.template(loc);
    const draft = this.deps.drafts.get(loc.key);
    if (draft) {
      // The draft was made from draft.readAt; only that version can serve as its base.
      if (draft.readAt === t.last_modified) await this.remember(loc, t);
      else this.open.delete(loc.key);
      return encoder.encode(draft.text);
    }
    await this.remember(loc, t);
    return encoder.encode(renderTemplate(t));
  }

  // ------------------------------------------------------------------------------ write

  /** `mode: 'draft'` keeps the text locally (auto-save); 'upload' saves it to the server. */
  async write(loc: DocLocation, content: Uint8Array, mode: 'upload' | 'draft'): Promise<WriteOutcome> {
    const refusal = readOnlyReason(loc);
    if (refusal) throw new FsFailure('NoPermissions', refusal, undefined, 'readOnly');
    const text = decoder.decode(content);
    const doc = this.open.get(loc.key);
    if (doc && !doc.editability.editable) throw new FsFailure('NoPermissions', doc.editability.reason, undefined, 'forbidden');

    if (mode === 'draft') {
      const parsed = doc && parseDocument(text, doc.base.type);
      if (doc && parsed?.ok && !changedFields(editableValues(doc.base), parsed.values).length) {
        await this.deps.drafts.delete(loc.key);
        return { kind: 'unchanged' };
      }
      await this.deps.drafts.set(loc.key, { text, savedAt: this.now(), readAt: this.baseVersion(loc) });
      return { kind: 'draft' };
    }
    return this.saves.upload(loc, text);
  }

  /** Uploads the local draft of a document (focus change, or the "save draft" command). */
  async uploadDraft(loc: DocLocation): Promise<WriteOutcome> {
    const draft = this.deps.drafts.get(loc.key);
    if (!draft) return { kind: 'unchanged' };
    const outcome = await this.saves.upload(loc, draft.text);
    // The editor shows the draft as saved; it must reload the stored text now.
    const doc = this.open.get(loc.key);
    if (doc) doc.written = undefined;
    return outcome.kind === 'saved' ? { ...outcome, refresh: true } : outcome;
  }

  /**
   * `last_modified` of the version the document's text was made from: the open document's base,
   * else its draft's, else the one persisted when it was read (text restored after a reload).
   */
  private baseVersion(loc: DocLocation): string | undefined {
    return this.open.get(loc.key)?.base.last_modified ?? this.deps.drafts.get(loc.key)?.readAt ?? this.deps.readAt.get(loc.key);
  }

  /** Makes `t` the document's base after a save; true when the editor should reload. */
  private adopt(loc: DocLocation, t: Template, writtenText: string): boolean {
    const prev = this.open.get(loc.key);
    const text = renderTemplate(t);
    const doc: OpenDocument = {
      instanceId: loc.instanceId,
      templateId: t.id,
      base: t,
      text,
      editability: prev?.editability ?? { editable: true },
    };
    let refresh = false;
    if (text !== writtenText) {
      const size = byteLength(writtenText);
      const m = toMs(t.last_modified);
      // Same size: only the mtime can tell VS Code that the stored text differs.
      doc.written = { size, mtime: size === byteLength(text) ? m - 1 : m };
      refresh = true;
    }
    this.open.set(loc.key, doc);
    this.checkedAt.set(loc.key, this.now());
    this.cache.stored(loc.instanceId, t);
    this.conflictSnapshots.delete(loc.key);
    void this.deps.readAt.set(loc.key, t.last_modified);
    return refresh;
  }

  /**
   * The editor of a document with an unresolved conflict shows no unsaved changes any more
   * (reverted to the server version in VS Code's conflict flow): that version is its base now.
   * True when there was such a conflict.
   */
  async conflictResolvedByRevert(loc: DocLocation): Promise<boolean> {
    const server = this.saves.conflictWith(loc.key);
    if (!server || this.deps.isDirty(loc.key)) return false;
    this.saves.clearConflict(loc.key);
    await this.remember(loc, server);
    return true;
  }

  /** The editor took the save: from now on stat() describes the stored text. */
  settle(key: string): boolean {
    const doc = this.open.get(key);
    if (!doc?.written) return false;
    doc.written = undefined;
    return true;
  }

  // --------------------------------------------------------------------------- lifecycle

  /**
   * The document was closed: its base is no longer needed. Drafts stay, and so does the
   * persisted read-at version (VS Code may close documents while shutting down and restore
   * their unsaved text at the next start; entries age out after 30 days).
   */
  forget(key: string): void {
    const doc = this.open.get(key);
    this.open.delete(key);
    this.checkedAt.delete(key);
    this.conflictSnapshots.delete(key);
    this.saves.clearConflict(key);
    // The answer kept for the stat+read of an open is not needed once no editor shows the template.
    if (doc && ![...this.open.values()].some((d) => d.instanceId === doc.instanceId && d.templateId === doc.templateId)) {
      this.cache.forgetTemplate(doc.instanceId, doc.templateId);
    }
  }

  /**
   * The template may have changed on the server (restored revision, role change, …). Cached
   * answers are dropped; documents without unsaved changes forget their base, so the next
   * stat/read fetches the server version. Returns the keys of those documents.
   */
  invalidate(instanceId: string, templateId: number, opts: { roles?: boolean } = {}): string[] {
    this.cache.forgetTemplate(instanceId, templateId);
    this.cache.forgetExports(instanceId, templateId);
    if (opts.roles) this.access.invalidate(instanceId, templateId);
    const keys: string[] = [];
    for (const [key, doc] of this.open) {
      if (doc.instanceId !== instanceId || doc.templateId !== templateId) continue;
      keys.push(key);
      if (!this.deps.isDirty(key)) this.open.delete(key);
    }
    return keys;
  }

  /** The user or instance list changed: who may edit what must be asked again. */
  invalidateAll(): void {
    this.cache.clear();
    this.access.invalidate();
  }

  /**
   * Whether the server has a newer version than the one the document was read at. Asks the
   * server only when the last answer is older than `maxAgeMs`.
   */
  async checkRemote(loc: DocLocation, maxAgeMs = 0): Promise<'same' | 'changed' | 'unknown'> {
    const doc = this.open.get(loc.key);
    if (!doc) return 'unknown';
    if (this.now() - (this.checkedAt.get(loc.key) ?? 0) < maxAgeMs) return 'same';
    this.checkedAt.set(loc.key, this.now());
    const t = await this.cache.fresh(loc, l10n.t('check for changes'));
    return t.last_modified === doc.base.last_modified ? 'same' : 'changed';
  }

  /** True when an open document of the template shows another read-only state than `access` implies. */
  editabilityDiffers(instanceId: string, templateId: number, access: TemplateAccess): boolean {
    for (const doc of this.open.values()) {
      if (doc.instanceId === instanceId && doc.templateId === templateId && doc.editability.editable !== editabilityOf(doc.base, access).editable) return true;
    }
    return false;
  }

  /** Instances with open template documents. */
  openInstances(): string[] {
    return [...new Set([...this.open.values()].map((d) => d.instanceId))];
  }

  /** Open documents of an instance: template id → `last_modified` of the version shown. */
  openVersions(instanceId: string): Map<number, string> {
    const m = new Map<number, string>();
    for (const d of this.open.values()) if (d.instanceId === instanceId) m.set(d.templateId, d.base.last_modified);
    return m;
  }

  /** Keys of the open documents of a template whose base is not `lastModified`. */
  behind(instanceId: string, templateId: number, lastModified: string): string[] {
    return [...this.open].filter(([, d]) => d.instanceId === instanceId && d.templateId === templateId && d.base.last_modified !== lastModified).map(([k]) => k);
  }

  /** What the status bar shows: the base version and whether it can be edited. */
  describe(key: string): { base: Template; editability: Editability } | undefined {
    const doc = this.open.get(key);
    return doc && { base: doc.base, editability: doc.editability };
  }

  private async remember(loc: DocLocation, t: Template): Promise<void> {
    // Known lack of rights only; anything unknown keeps the document editable (a 403 explains).
    const editability = await this.access.editability(loc.instanceId, t);
    const prev = this.open.get(loc.key);
    this.open.set(loc.key, { instanceId: loc.instanceId, templateId: t.id, base: t, text: renderTemplate(t), editability, written: undefined });
    this.checkedAt.set(loc.key, this.now());
    if (prev?.base.last_modified !== t.last_modified) this.conflictSnapshots.delete(loc.key);
    await this.deps.readAt.set(loc.key, t.last_modified);
  }
}

function readOnlyReason(loc: DocLocation): string | undefined {
  if (loc.serverSnapshot) return l10n.t('This is the server version shown for comparison; it is read-only. Save your own document instead.');
  if (loc.path.kind === 'revision') {
    return l10n.t('Revisions are read-only snapshots of the template. To go back to this version, use "Restore this Revision"; to edit, open the template itself.');
  }
  if (loc.path.kind === 'export') return l10n.t('Exports are generated by Kadi4Mat from the template and are read-only; edit the template itself.');
  return undefined;
}

/** A revision's snapshot, in the same document format as the template. */
export function revisionText(r: Revision): string {
  return renderDocument(documentFromSnapshot(r.data));
}
