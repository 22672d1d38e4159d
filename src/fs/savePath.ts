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

const FIELD_NAMES: Record<EditableField, string> = {
  identifier: 'identifier',
  title: 'title',
  description: 'description',
  visibility: 'visibility',
  data: 'data',
};

export function fieldList(fields: readonly EditableField[]): string {
  const names = fields.map((f) => `"${FIELD_NAMES[f]}"`);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export class SavePath {
  constructor(private readonly deps: SavePathDeps) {}

  async upload(loc: DocLocation, text: string): Promise<WriteOutcome> {
    const { templateId, identifier } = loc.path;
    const base = this.deps.base(loc.key);
    const what = `save '${base?.identifier ?? identifier}'`;

    let server: Template | undefined;
    let type = base?.type;
    if (!type) {
      server = await this.deps.cache.fresh(loc, what);
      type = server.type;
    }
    const parsed = parseDocument(text, type);
    if (!parsed.ok) throw new FsFailure('Unknown', `Not saved: ${parsed.message}`);
    const local = parsed.values;

    if (base && !changedFields(editableValues(base), local).length) {
      await this.deps.drafts.delete(loc.key);
      return { kind: 'unchanged' };
    }
    await this.gate(loc.instanceId, text, type);

    server ??= await this.deps.cache.fresh(loc, what); // the conflict check, right before the PATCH
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
        const { serverErrorsToDiagnostics } = await loadValidation();
        throw saveFailure(e, what, this.deps.describeError, { text, locate: serverErrorsToDiagnostics });
      }
      this.deps.log.info(`Saved ${fieldList(fields)} of template ${templateId} on ${loc.instanceId}.`);
    }
    const refresh = this.deps.adopt(loc, saved, text);
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
    const theirs = decision.serverChanged.length ? `Changed there: ${fieldList(decision.serverChanged)}. ` : '';
    const overwrite = overwritePatch(editableValues(server), local);
    const answer = await this.deps.prompts.warn(
      `${name} was changed on the Kadi4Mat server since you opened it.`,
      {
        modal: true,
        detail:
          `${theirs}Your save would replace ${fieldList(overwrite.fields)} there.\n\n` +
          'Compare: show the server version next to yours (nothing is saved).\n' +
          'Overwrite: save your version as shown.\n' +
          'Cancel: keep your changes unsaved in the editor.',
      },
      'Compare',
      'Overwrite',
    );
    if (answer === 'Overwrite') return overwrite;
    if (answer === 'Compare') {
      this.deps.keepConflict(loc.key, server);
      await this.deps.showConflict(loc, server);
      throw new FsFailure(
        'Unknown',
        `Not saved: ${name} was changed on the server meanwhile. Its server version is shown next to yours; save again to overwrite it, or use "Revert File" to take the server version.`,
      );
    }
    throw new FsFailure('Unknown', `Not saved: ${name} was changed on the server meanwhile, and the save was cancelled. Your changes are still in the editor.`);
  }
}
