// What the revision commands act on, and the pure decisions behind them. No `vscode` import.
import { changedFields } from '../kadi/changes';
import { editableValues, type EditableField } from '../kadi/document';
import type { Revision, Template, TemplatePatch } from '../kadi/types';
import { parseKadiPath } from '../kadi/templateUri';
import { patchOf } from '../kadi/changes';

/** The argument of compareRevisionWith*, restoreRevision (tree nodes carry `revision` too). */
export interface RevisionTarget {
  instanceId: string;
  templateId: number;
  revisionId: number;
  identifier: string;
  revision?: Revision;
}

export function isRevisionTarget(v: unknown): v is RevisionTarget {
  const o = v as RevisionTarget;
  return !!o && typeof o === 'object' && typeof o.instanceId === 'string' && Number.isSafeInteger(o.templateId) && Number.isSafeInteger(o.revisionId);
}

/** From a `kadi:` revision URI's authority and path (editor title, command palette). */
export function revisionTargetFromUri(authority: string, path: string): RevisionTarget | undefined {
  const p = parseKadiPath(path);
  if (!authority || p?.kind !== 'revision') return undefined;
  return { instanceId: authority, templateId: p.templateId, revisionId: p.revisionId, identifier: p.identifier };
}

/** The id in `_links.parent` (".../templates/7/revisions/40"); undefined for the first revision. */
export function parentRevisionId(r: Revision): number | undefined {
  const m = /\/revisions\/(\d+)\/?(?:[?#].*)?$/.exec(r._links?.parent ?? '');
  return m ? Number(m[1]) : undefined;
}

/** The PATCH that brings `current` back to the revision's snapshot: only what differs. */
export function restorePatch(current: Template, r: Revision): { patch: TemplatePatch; fields: EditableField[] } {
  const snapshot = editableValues(r.data);
  const fields = changedFields(editableValues(current), snapshot);
  return { patch: patchOf(snapshot, fields), fields };
}
