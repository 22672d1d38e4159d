// The save of a template document, without a `vscode` import:
//   parse → fields changed against the version it was read at (none → no request at all)
//   → the save gate (validation errors refuse it before any request)
//   → GET the template (the conflict check) → PATCH only the changed fields.
// Two requests per save; nothing is written when the server changed the same field meanwhile
// unless the user says Overwrite.
import type { ClientSource } from '../instances/registry';
import { changedFields } from '../kadi/changes';
import { decideConflict, overwritePatch, type ConflictDecision } from '../kadi/conflict';
import { editableValues, parseDocument, type EditableField, type EditableValues } from '../kadi/document';
import type { Template, TemplatePatch, TemplateType } from '../kadi/types';
import * as l10n from '../ui/l10n';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import { loadValidation } from '../validation/lazy';
import { FsFailure, saveFailure, type DescribeError } from './failure';
import type { DraftStore } from './persisted';
import type { ServerCache } from './serverCache';
import type { DocLocation } from './templateFiles';

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

export interface SavePathDeps {
  source: Pick<ClientSource, 'call'>;
  prompts: Prompts;
  log: Log;
  drafts: DraftStore;
  describeError: DescribeError;
  cache: ServerCache;
  showConflict(loc: DocLocation, server: Template): Promise<void>;
  licenses?(instanceId: string): Promise<readonly string[] | undefined>;
  /** The version an open document was read at (or last saved as); undefined when not open. */
  base(key: string): Template | undefined;
  /** `last_modified` of the version the text was made from, also for drafts and restored backups. */
  baseVersion(loc: DocLocation): string | undefined;
  /** Makes `t` the document's base after a save; true when the editor should reload. */
  adopt(loc: DocLocation, t: Template, writtenText: string): boolean;
  /** The server version a conflict was detected against, for the Compare view. */
  keepConflict(key: string, server: Template): void;
}

export function fieldList(fields: readonly EditableField[]): string {
  const names = fields.map((f) => `"${f}"`);
  return names.length <= 1 ? names.join('') : l10n.t('{0} and {1}', names.slice(0, -1).join(', '), names[names.length - 1]);
}

/** A server answer of the pre-save check serves the write that follows this soon. */
const CHECKED_MS = 2000;

export class SavePath {
  /** The server version fetched by the pre-save check, for the write that follows. */
  private readonly checked = new Map<string, { server: Template; at: number; shown?: Template }>();
  /**
   * The server version a save conflicted with (the same field changed on both sides), while
   * VS Code's own conflict flow is under way: stat() describes it, so VS Code refuses the save and
   * offers Compare / Overwrite; its Overwrite (a save that ignores the newer version) reaches
   * upload(), which then writes without asking again — as long as the server is still at it.
   */
  private readonly conflicts = new Map<string, Template>();

  constructor(private readonly deps: SavePathDeps & { now?(): number }) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** The server version of an unresolved conflict of the document, if there is one. */
  conflictWith(key: string): Template | undefined {
    return this.conflicts.get(key);
  }

  /** The conflict is over (saved, reverted to the server version, closed). */
  clearConflict(key: string): void {
    this.conflicts.delete(key);
    this.checked.delete(key);
  }

  /**
   * The check VS Code's save runs through stat() right before it writes: does the text to be
   * saved change a field that also changed on the server? Then the conflict is kept (stat
   * reports the newer version and VS Code shows its save-conflict flow) and returned. Changes to
   * different fields, invalid text, no base: no conflict here (upload() decides, as always).
   * Its GET serves the upload that follows, so a save still costs one GET and one PATCH.
   */
  async precheck(loc: DocLocation, text: string): Promise<Template | undefined> {
    const base = this.deps.base(loc.key);
    if (!base) return undefined;
    const parsed = parseDocument(text, base.type);
    if (!parsed.ok || !changedFields(editableValues(base), parsed.values).length) return undefined;
    // A text the save gate refuses sends nothing at all: the write reports it.
    if (await this.gate(loc.instanceId, text, base.type).then(() => false, () => true)) return undefined;
    const server = await this.deps.cache.fresh(loc, l10n.t("save '{0}'", base.identifier));
    // The version the user was shown before this save (VS Code's Overwrite saves again, and
    // comes through here first): only that one may be overwritten without asking.
    this.checked.set(loc.key, { server, at: this.now(), shown: this.conflicts.get(loc.key) });
    const decision = this.decide(loc, base, server, parsed.values);
    if (decision.kind === 'conflict' && decision.conflicting.length) {
      this.conflicts.set(loc.key, server);
      return server;
    }
    this.conflicts.delete(loc.key);
    return undefined;
  }

  private takeChecked(key: string): { server: Template; shown?: Template } | undefined {
    const hit = this.checked.get(key);
    this.checked.delete(key);
    return hit && this.now() - hit.at <= CHECKED_MS ? hit : undefined;
  }

  async upload(loc: DocLocation, text: string): Promise<WriteOutcome> {
    const { templateId, identifier } = loc.path;
    const base = this.deps.base(loc.key);
    const what = l10n.t("save '{0}'", base?.identifier ?? identifier);

    let server: Template | undefined;
    let type = base?.type;
    if (!type) {
      server = await this.deps.cache.fresh(loc, what);
      type = server.type;
    }
    const parsed = parseDocument(text, type);
    if (!parsed.ok) throw new FsFailure('Unknown', l10n.t('{0} Nothing was sent to Kadi4Mat.', parsed.message), undefined, 'invalid');
    const local = parsed.values;

    if (base && !changedFields(editableValues(base), local).length) {
      await this.deps.drafts.delete(loc.key);
      return { kind: 'unchanged' };
    }
    await this.gate(loc.instanceId, text, type);

    // The conflict check, right before the PATCH (the pre-save check's answer, when just fetched).
    const checked = this.takeChecked(loc.key);
    server ??= checked?.server ?? (await this.deps.cache.fresh(loc, what));
    const shown = checked ? checked.shown : this.conflicts.get(loc.key);
    const decision = this.decide(loc, base, server, local);

    let patch: TemplatePatch;
    let fields: EditableField[];
    let kept: EditableField[] = [];
    if (decision.kind === 'conflict') {
      if (!decision.conflicting.length) {
        this.deps.adopt(loc, server, text);
        await this.deps.drafts.delete(loc.key);
        return { kind: 'unchanged' };
      }
      // VS Code's save-conflict flow ran and the user chose Overwrite (or "Accept Your Changes").
      if (shown?.last_modified === server.last_modified) ({ patch, fields } = overwritePatch(editableValues(server), local));
      else ({ patch, fields } = await this.resolveConflict(loc, server, local, decision));
    } else {
      ({ patch, fields } = decision);
      if (decision.kind === 'merge') kept = decision.serverChanged.filter((f) => !fields.includes(f));
    }

    let saved = server;
    if (fields.length) {
      try {
        saved = await this.deps.source.call(loc.instanceId, (c) => c.updateTemplate(templateId, patch));
      } catch (e) {
        const { serverErrorsToDiagnostics } = await loadValidation();
        throw saveFailure(e, what, this.deps.describeError, { text, locate: serverErrorsToDiagnostics });
      }
      this.deps.log.info(`Saved ${fieldList(fields)} of template ${templateId} on ${loc.instanceId}.`);
    }
    const refresh = this.deps.adopt(loc, saved, text);
    this.clearConflict(loc.key);
    await this.deps.drafts.delete(loc.key);
    return { kind: 'saved', template: saved, fields, keptServerChanges: kept, refresh };
  }

  /** Per field: what the user changed against what the server changed since the base. */
  private decide(loc: DocLocation, base: Template | undefined, server: Template, local: EditableValues): ConflictDecision {
    const serverValues = editableValues(server);
    if (base) {
      return decideConflict({ readAt: base.last_modified, base: editableValues(base), serverLastModified: server.last_modified, server: serverValues, local });
    }
    const readAt = this.deps.baseVersion(loc);
    if (readAt === server.last_modified) {
      return decideConflict({ readAt, base: serverValues, serverLastModified: server.last_modified, server: serverValues, local });
    }
    // No base known (text restored after a reload, read at an older version, or never read):
    // every difference from the server may undo someone else's change.
    return { kind: 'conflict', conflicting: changedFields(serverValues, local), serverChanged: [] };
  }

  /**
   * The save gate: a document the validation engine finds errors in is not sent (Kadi4Mat would
   * refuse it; the editor marks the errors as the user types, so the message only names them).
   */
  private async gate(instanceId: string, text: string, type: TemplateType): Promise<void> {
    // Only record templates name a license.
    const licenses = type === 'record' ? await this.deps.licenses?.(instanceId).catch(() => undefined) : undefined;
    const { blockingProblems, validateTemplateText } = await loadValidation();
    const { summary } = blockingProblems(validateTemplateText(text, { type, licenses }));
    if (!summary) return;
    throw new FsFailure('Unknown', l10n.t('{0} Nothing was sent to Kadi4Mat.', summary), undefined, 'invalid');
  }

  private async resolveConflict(
    loc: DocLocation,
    server: Template,
    local: EditableValues,
    decision: Extract<ConflictDecision, { kind: 'conflict' }>,
  ): Promise<{ patch: TemplatePatch; fields: EditableField[] }> {
    const theirs = decision.serverChanged.length ? decision.serverChanged : decision.conflicting;
    const overwrite = overwritePatch(editableValues(server), local);
    const compare = l10n.t('Compare');
    const overwriteButton = l10n.t('Overwrite');
    const answer = await this.deps.prompts.warn(
      l10n.t("'{0}' was changed on the server since you opened it.", server.identifier),
      { modal: true, detail: l10n.t('Changed there: {0}. Overwrite replaces it with your version.', fieldList(theirs)) },
      compare,
      overwriteButton,
    );
    if (answer === overwriteButton) return overwrite;
    // Not saved, by the user's choice: the reason keeps this from being announced as an error.
    if (answer === compare) {
      this.deps.keepConflict(loc.key, server);
      await this.deps.showConflict(loc, server);
      throw new FsFailure('Unknown', l10n.t('It changed on the server; compare the versions, then save again.'), undefined, 'serverChanged');
    }
    throw new FsFailure('Unknown', l10n.t('It changed on the server, and you cancelled the save.'), undefined, 'serverChanged');
  }
}
