// The core of the `kadi:` file system, without a `vscode` import (tested in plain Node against
// the sandbox): what stat/read/write mean for templates, revisions and exports.
//
// Per open template document it keeps the version the document was read at (the "base").
// That base answers stat() — so VS Code's own newer-file check, which compares sizes and misses
// same-size edits (zowe#2496), never fires — and it is what a save is compared with:
//   save = parse → fields changed against the base (none → no request at all)
//        → GET the template (the conflict check) → PATCH only the changed fields.
// Two requests per save; nothing is written when the server changed the same field meanwhile
// unless the user says Overwrite.
import type { ClientSource } from '../instances/registry';
import { changedFields } from '../kadi/changes';
import { flattenErrors, isKadiError } from '../kadi/errors';
import { decideConflict, overwritePatch, type ConflictDecision } from '../kadi/conflict';
import {
  documentFromSnapshot,
  editableValues,
  parseDocument,
  renderDocument,
  renderTemplate,
  type EditableField,
  type EditableValues,
} from '../kadi/document';
import { editabilityOf, type Editability, type TemplateAccess } from '../permissions/access';
import { TemplateAccessService } from '../permissions/accessService';
import type { KadiPath } from '../kadi/templateUri';
import type { ExportType, Revision, Template, TemplatePatch, TemplateType } from '../kadi/types';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import { blockingProblems, serverErrorsToDiagnostics, validateTemplateText } from '../validation';
import { FsFailure } from './failure';
import type { DraftStore, ReadAtStore } from './persisted';

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

export type WriteOutcome =
  /** Nothing differs from the server version: no request was made. */
  | { kind: 'unchanged' }
  /** Kept as a local draft (auto-save), not sent. */
  | { kind: 'draft' }
  | {
      kind: 'saved';
      template: Template;
      /** Fields the PATCH sent (empty: the server already had them). */
      fields: EditableField[];
      /** Fields changed on the server meanwhile that this save kept. */
      keptServerChanges: EditableField[];
      /** The stored text differs from what was written: the editor should reload it. */
      refresh: boolean;
    };

export interface TemplateFilesDeps {
  source: Pick<ClientSource, 'call' | 'currentUser'>;
  prompts: Prompts;
  log: Log;
  readAt: ReadAtStore;
  drafts: DraftStore;
  /** True when an editor holds unsaved changes of this document. */
  isDirty(key: string): boolean;
  /** Words a failure for people (the UI's `describeError`; injected so this file needs no `vscode`). */
  describeError(e: unknown, action?: string): string;
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

/** stat() and readFile() of one open come right after another: one GET serves both. */
const RECENT_MS = 2000;

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

const FIELD_NAMES: Record<EditableField, string> = {
  identifier: 'identifier',
  title: 'title',
  description: 'description',
  visibility: 'visibility',
  data: 'data',
};

function list(fields: readonly EditableField[]): string {
  const names = fields.map((f) => `"${FIELD_NAMES[f]}"`);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export class TemplateFiles {
  private readonly open = new Map<string, OpenDocument>();
  private readonly recent = new Map<string, { at: number; value: Promise<Template> }>();
  private readonly recentExports = new Map<string, { at: number; value: Promise<string> }>();
  private readonly revisions = new Map<string, Promise<Revision>>();
  /** The server version a conflict was detected against, for the Compare view. */
  private readonly conflictSnapshots = new Map<string, Template>();
  /** When each open document's version was last confirmed with the server (ms). */
  private readonly checkedAt = new Map<string, number>();
  private readonly now: () => number;
  private readonly access: TemplateAccessService;

  constructor(private readonly deps: TemplateFilesDeps) {
    this.now = deps.now ?? Date.now;
    this.access = deps.access ?? new TemplateAccessService(deps.source);
  }

  // ------------------------------------------------------------------------ stat / read

  async stat(loc: DocLocation): Promise<FileInfo> {
    const p = loc.path;
    if (loc.serverSnapshot) {
      const t = this.conflictSnapshots.get(loc.key) ?? (await this.template(loc));
      return { mtime: toMs(t.last_modified), ctime: toMs(t.created_at), size: byteLength(renderTemplate(t)), readonly: true };
    }
    if (p.kind === 'revision') {
      const r = await this.revision(loc.instanceId, p.templateId, p.revisionId, p.identifier);
      const ms = toMs(r.timestamp);
      return { mtime: ms, ctime: ms, size: byteLength(revisionText(r)), readonly: true };
    }
    if (p.kind === 'export') {
      const [text, t] = await Promise.all([this.exportText(loc.instanceId, p.templateId, p.exportType, p.identifier), this.template(loc)]);
      return { mtime: toMs(t.last_modified), ctime: toMs(t.created_at), size: byteLength(text), readonly: true };
    }

    const draft = this.deps.drafts.get(loc.key);
    const doc = this.open.get(loc.key);
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

    const t = await this.template(loc);
    const editability = await this.editability(loc.instanceId, t);
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
      return encoder.encode(renderTemplate(this.conflictSnapshots.get(loc.key) ?? (await this.template(loc))));
    }
    if (p.kind === 'revision') return encoder.encode(revisionText(await this.revision(loc.instanceId, p.templateId, p.revisionId, p.identifier)));
    if (p.kind === 'export') return encoder.encode(await this.exportText(loc.instanceId, p.templateId, p.exportType, p.identifier));

    const t = await this.template(loc);
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
    const refusal = this.readOnlyReason(loc);
    if (refusal) throw new FsFailure('NoPermissions', refusal);
    const text = decoder.decode(content);
    const doc = this.open.get(loc.key);
    if (doc && !doc.editability.editable) throw new FsFailure('NoPermissions', `Not saved: ${doc.editability.reason}`);

    if (mode === 'draft') {
      const parsed = doc && parseDocument(text, doc.base.type);
      if (doc && parsed?.ok && !changedFields(editableValues(doc.base), parsed.values).length) {
        await this.deps.drafts.delete(loc.key);
        return { kind: 'unchanged' };
      }
      const readAt = doc?.base.last_modified ?? this.deps.drafts.get(loc.key)?.readAt ?? this.deps.readAt.get(loc.key);
      await this.deps.drafts.set(loc.key, { text, savedAt: this.now(), readAt });
      return { kind: 'draft' };
    }
    return this.upload(loc, text);
  }

  /** Uploads the local draft of a document (focus change, or the "save draft" command). */
  async uploadDraft(loc: DocLocation): Promise<WriteOutcome> {
    const draft = this.deps.drafts.get(loc.key);
    if (!draft) return { kind: 'unchanged' };
    const outcome = await this.upload(loc, draft.text);
    // The editor shows the draft as saved; it must reload the stored text now.
    const doc = this.open.get(loc.key);
    if (doc) doc.written = undefined;
    return outcome.kind === 'saved' ? { ...outcome, refresh: true } : outcome;
  }

  private async upload(loc: DocLocation, text: string): Promise<WriteOutcome> {
    const { templateId, identifier } = loc.path;
    const doc = this.open.get(loc.key);
    const what = `save '${doc?.base.identifier ?? identifier}'`;

    let server: Template | undefined;
    let type = doc?.base.type;
    if (!type) {
      server = await this.fresh(loc, what);
      type = server.type;
    }
    const parsed = parseDocument(text, type);
    if (!parsed.ok) throw new FsFailure('Unknown', `Not saved: ${parsed.message}`);
    const local = parsed.values;

    if (doc && !changedFields(editableValues(doc.base), local).length) {
      await this.deps.drafts.delete(loc.key);
      return { kind: 'unchanged' };
    }
    await this.gate(loc.instanceId, text, type);

    server ??= await this.fresh(loc, what); // the conflict check, right before the PATCH
    const serverValues = editableValues(server);
    let decision: ConflictDecision;
    const readAt = doc?.base.last_modified ?? this.deps.drafts.get(loc.key)?.readAt ?? this.deps.readAt.get(loc.key);
    if (doc) {
      decision = decideConflict({ readAt: doc.base.last_modified, base: editableValues(doc.base), serverLastModified: server.last_modified, server: serverValues, local });
    } else if (readAt === server.last_modified) {
      decision = decideConflict({ readAt, base: serverValues, serverLastModified: server.last_modified, server: serverValues, local });
    } else {
      // No base known (text restored after a reload, read at an older version, or never read):
      // every difference from the server may undo someone else's change.
      decision = { kind: 'conflict', conflicting: changedFields(serverValues, local), serverChanged: [] };
    }

    let patch: TemplatePatch;
    let fields: EditableField[];
    let kept: EditableField[] = [];
    if (decision.kind === 'conflict') {
      if (!decision.conflicting.length) {
        this.adopt(loc, server, text);
        await this.deps.drafts.delete(loc.key);
        return { kind: 'unchanged' };
      }
      ({ patch, fields } = await this.resolveConflict(loc, server, local, decision));
    } else {
      ({ patch, fields } = decision);
      if (decision.kind === 'merge') kept = decision.serverChanged.filter((f) => !fields.includes(f));
    }

    let saved = server;
    if (fields.length) {
      try {
        saved = await this.deps.source.call(loc.instanceId, (c) => c.updateTemplate(templateId, patch));
      } catch (e) {
        throw this.saveFailure(e, what, text);
      }
      this.deps.log.info(`Saved ${list(fields)} of template ${templateId} on ${loc.instanceId}.`);
    }
    const refresh = this.adopt(loc, saved, text);
    await this.deps.drafts.delete(loc.key);
    return { kind: 'saved', template: saved, fields, keptServerChanges: kept, refresh };
  }

  /**
   * The save gate: a document the validation engine finds errors in is not sent (Kadi4Mat would
   * refuse it; the editor marks the errors as the user types, so the message only names them).
   */
  private async gate(instanceId: string, text: string, type: TemplateType): Promise<void> {
    // Only record templates name a license.
    const licenses = type === 'record' ? await this.deps.licenses?.(instanceId).catch(() => undefined) : undefined;
    const { blocking, summary } = blockingProblems(validateTemplateText(text, { type, licenses }));
    if (!summary) return;
    const where = blocking.length === 1 ? 'It is marked in the editor.' : 'They are marked in the editor (Problems view).';
    throw new FsFailure('Unknown', `Not saved: ${summary} ${where} Nothing was sent to Kadi4Mat.`);
  }

  private async resolveConflict(
    loc: DocLocation,
    server: Template,
    local: EditableValues,
    decision: Extract<ConflictDecision, { kind: 'conflict' }>,
  ): Promise<{ patch: TemplatePatch; fields: EditableField[] }> {
    const name = `'${server.identifier}'`;
    const theirs = decision.serverChanged.length ? `Changed there: ${list(decision.serverChanged)}. ` : '';
    const overwrite = overwritePatch(editableValues(server), local);
    const answer = await this.deps.prompts.warn(
      `${name} was changed on the Kadi4Mat server since you opened it.`,
      {
        modal: true,
        detail:
          `${theirs}Your save would replace ${list(overwrite.fields)} there.\n\n` +
          'Compare: show the server version next to yours (nothing is saved).\n' +
          'Overwrite: save your version as shown.\n' +
          'Cancel: keep your changes unsaved in the editor.',
      },
      'Compare',
      'Overwrite',
    );
    if (answer === 'Overwrite') return overwrite;
    if (answer === 'Compare') {
      this.conflictSnapshots.set(loc.key, server);
      await this.deps.showConflict(loc, server);
      throw new FsFailure(
        'Unknown',
        `Not saved: ${name} was changed on the server meanwhile. Its server version is shown next to yours; save again to overwrite it, or use "Revert File" to take the server version.`,
      );
    }
    throw new FsFailure('Unknown', `Not saved: ${name} was changed on the server meanwhile, and the save was cancelled. Your changes are still in the editor.`);
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
    const tk = this.templateKey(loc.instanceId, t.id);
    this.recent.set(tk, { at: this.now(), value: Promise.resolve(t) });
    // Exports fetched just before the save describe the old version.
    for (const k of [...this.recentExports.keys()]) if (k.startsWith(`${tk}#`)) this.recentExports.delete(k);
    this.conflictSnapshots.delete(loc.key);
    void this.deps.readAt.set(loc.key, t.last_modified);
    return refresh;
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
    // The answer kept for the stat+read of an open is not needed once no editor shows the template.
    if (doc && ![...this.open.values()].some((d) => d.instanceId === doc.instanceId && d.templateId === doc.templateId)) {
      this.recent.delete(this.templateKey(doc.instanceId, doc.templateId));
    }
  }

  /** Answers older than RECENT_MS serve nothing any more; without this they stayed for good. */
  private sweepRecent(): void {
    const now = this.now();
    for (const [k, v] of this.recent) if (now - v.at > RECENT_MS) this.recent.delete(k);
    for (const [k, v] of this.recentExports) if (now - v.at > RECENT_MS) this.recentExports.delete(k);
  }

  /**
   * The template may have changed on the server (restored revision, role change, …). Cached
   * answers are dropped; documents without unsaved changes forget their base, so the next
   * stat/read fetches the server version. Returns the keys of those documents.
   */
  invalidate(instanceId: string, templateId: number, opts: { roles?: boolean } = {}): string[] {
    const tk = this.templateKey(instanceId, templateId);
    this.recent.delete(tk);
    for (const k of [...this.recentExports.keys()]) if (k.startsWith(`${tk}#`)) this.recentExports.delete(k);
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
    this.recent.clear();
    this.recentExports.clear();
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
    const t = await this.fresh(loc, 'check for changes');
    return t.last_modified === doc.base.last_modified ? 'same' : 'changed';
  }

  /** True when an open document of the template shows another read-only state than `access` implies. */
  editabilityDiffers(instanceId: string, templateId: number, access: TemplateAccess): boolean {
    for (const doc of this.open.values()) {
      if (doc.instanceId === instanceId && doc.templateId === templateId && doc.editability.editable !== editabilityOf(doc.base, access).editable) return true;
    }
    return false;
  }

  /** What the status bar shows: the base version and whether it can be edited. */
  describe(key: string): { base: Template; editability: Editability } | undefined {
    const doc = this.open.get(key);
    return doc && { base: doc.base, editability: doc.editability };
  }

  // ----------------------------------------------------------------------------- fetching

  private templateKey(instanceId: string, templateId: number): string {
    return `${instanceId}#${templateId}`;
  }

  private readOnlyReason(loc: DocLocation): string | undefined {
    if (loc.serverSnapshot) return 'This is the server version shown for comparison; it is read-only. Save your own document instead.';
    if (loc.path.kind === 'revision') {
      return 'Revisions are read-only snapshots of the template. To go back to this version, use "Restore this Revision"; to edit, open the template itself.';
    }
    if (loc.path.kind === 'export') return 'Exports are generated by Kadi4Mat from the template and are read-only; edit the template itself.';
    return undefined;
  }

  /** The template, from a fetch of the last ~2 s if there is one (stat and read of one open). */
  private template(loc: DocLocation): Promise<Template> {
    const tk = this.templateKey(loc.instanceId, loc.path.templateId);
    const hit = this.recent.get(tk);
    if (hit && this.now() - hit.at <= RECENT_MS) return hit.value;
    return this.fetchInto(loc, tk, `open '${loc.path.identifier}'`);
  }

  /** Always a new GET (the conflict check). */
  private fresh(loc: DocLocation, what: string): Promise<Template> {
    return this.fetchInto(loc, this.templateKey(loc.instanceId, loc.path.templateId), what, true);
  }

  private fetchInto(loc: DocLocation, tk: string, what: string, forSave = false): Promise<Template> {
    const value = this.deps.source
      .call(loc.instanceId, (c) => c.getTemplate(loc.path.templateId))
      .catch((e) => {
        if (this.recent.get(tk)?.value === value) this.recent.delete(tk);
        throw forSave ? this.saveFailure(e, what) : this.readFailure(e, what);
      });
    this.sweepRecent();
    this.recent.set(tk, { at: this.now(), value });
    return value;
  }

  private revision(instanceId: string, templateId: number, revisionId: number, identifier: string): Promise<Revision> {
    const k = `${instanceId}#${templateId}#${revisionId}`;
    let p = this.revisions.get(k);
    if (!p) {
      p = this.deps.source.call(instanceId, (c) => c.getRevision(templateId, revisionId));
      p.catch(() => this.revisions.delete(k));
      // Revisions never change: keep them (a bounded number).
      if (this.revisions.size >= 200) this.revisions.delete(this.revisions.keys().next().value as string);
      this.revisions.set(k, p);
    }
    return p.catch((e) => {
      throw this.readFailure(e, `open revision ${revisionId} of '${identifier}'`);
    });
  }

  private exportText(instanceId: string, templateId: number, type: ExportType, identifier: string): Promise<string> {
    const k = `${this.templateKey(instanceId, templateId)}#${type}`;
    const hit = this.recentExports.get(k);
    if (hit && this.now() - hit.at <= RECENT_MS) return hit.value;
    const value = this.deps.source.call(instanceId, (c) => c.exportTemplate(templateId, type)).catch((e) => {
      this.recentExports.delete(k);
      throw this.readFailure(e, `export '${identifier}'`);
    });
    this.sweepRecent();
    this.recentExports.set(k, { at: this.now(), value });
    return value;
  }

  private async remember(loc: DocLocation, t: Template): Promise<void> {
    const editability = await this.editability(loc.instanceId, t);
    const prev = this.open.get(loc.key);
    this.open.set(loc.key, { instanceId: loc.instanceId, templateId: t.id, base: t, text: renderTemplate(t), editability, written: undefined });
    this.checkedAt.set(loc.key, this.now());
    if (prev?.base.last_modified !== t.last_modified) this.conflictSnapshots.delete(loc.key);
    await this.deps.readAt.set(loc.key, t.last_modified);
  }

  /** Known lack of rights only; anything unknown keeps the document editable (a 403 explains). */
  private editability(instanceId: string, t: Template): Promise<Editability> {
    return this.access.editability(instanceId, t);
  }

  // ------------------------------------------------------------------------------- errors

  private readFailure(e: unknown, what: string): FsFailure {
    if (e instanceof FsFailure) return e;
    if (isKadiError(e) && e.kind === 'http') {
      if (e.status === 404) return new FsFailure('FileNotFound', this.deps.describeError(e, what));
      if (e.status === 403) return new FsFailure('NoPermissions', this.deps.describeError(e, what));
    }
    return new FsFailure('Unavailable', this.deps.describeError(e, what));
  }

  private saveFailure(e: unknown, what: string, text?: string): FsFailure {
    if (e instanceof FsFailure) return e;
    const still = ' Your changes are still in the editor.';
    if (isKadiError(e) && e.kind === 'http') {
      const server = e.description ? ` (Kadi4Mat: "${e.description}")` : '';
      switch (e.status) {
        case 400: {
          if (!e.errors) break;
          const lines = flattenErrors(e.errors);
          const shown = lines.slice(0, 3).map((l) => l.replace(/\.$/, '')).join('; ') + (lines.length > 3 ? ` (and ${lines.length - 3} more)` : '');
          const problems = text === undefined ? undefined : { text, items: serverErrorsToDiagnostics(text, e.errors) };
          return new FsFailure('Unknown', `Could not ${what}: Kadi4Mat rejected it: ${shown}. The fields are marked in the editor.`, problems);
        }
        case 403:
          return new FsFailure(
            'NoPermissions',
            `Could not ${what}: you lack the editor role on this template${server}. Rights can also come through a group; ask the template's owner for the editor role.${still}`,
          );
        case 404:
          return new FsFailure(
            'Unknown',
            `Could not ${what}: the template no longer exists on the server (it was deleted or moved to the trash meanwhile). Use "Save As…" to keep your text in a local file.`,
          );
      }
    }
    const code = isKadiError(e) && (e.kind === 'network' || e.kind === 'timeout' || e.status >= 500) ? 'Unavailable' : 'Unknown';
    return new FsFailure(code, this.deps.describeError(e, what) + still);
  }
}

/** A revision's snapshot, in the same document format as the template. */
export function revisionText(r: Revision): string {
  return renderDocument(documentFromSnapshot(r.data));
}
