// The save-time conflict decision. Kadi has no ETag/If-Match (kadi-api.md §10), so right
// before a PATCH the client compares the server's `last_modified` with the one the document
// was read at. No `vscode` import.
//
// A changed `last_modified` alone is not a conflict: role changes bump it without touching
// the content (§5.3), and another user may have edited a field this user did not touch.
// Because a save PATCHes only the fields the user changed, such changes survive the save;
// only a field changed on both sides to different values is a conflict and needs the user.
import { changedFields, jsonEqual, patchOf } from './changes';
import type { EditableField, EditableValues } from './document';
import type { TemplatePatch } from './types';

export type ConflictDecision =
  /** The server still has the version the document was read at. */
  | { kind: 'unchanged'; patch: TemplatePatch; fields: EditableField[] }
  /** The server changed, but not in the fields this save changes: save those, keep the rest. */
  | { kind: 'merge'; patch: TemplatePatch; fields: EditableField[]; serverChanged: EditableField[] }
  /** The same field was changed on the server and here, to different values. */
  | { kind: 'conflict'; conflicting: EditableField[]; serverChanged: EditableField[] };

export interface ConflictInput {
  /** `last_modified` of the version the document was read at. */
  readAt: string;
  /** The editable values of that version. */
  base: EditableValues;
  /** `last_modified` the server reports now. */
  serverLastModified: string;
  /** The editable values on the server now. */
  server: EditableValues;
  /** The values in the document being saved. */
  local: EditableValues;
}

export function decideConflict(i: ConflictInput): ConflictDecision {
  const localChanged = changedFields(i.base, i.local);
  if (i.serverLastModified === i.readAt) return { kind: 'unchanged', patch: patchOf(i.local, localChanged), fields: localChanged };

  const serverChanged = changedFields(i.base, i.server);
  const conflicting = localChanged.filter((f) => serverChanged.includes(f) && !jsonEqual(i.local[f], i.server[f]));
  if (conflicting.length) return { kind: 'conflict', conflicting, serverChanged };
  // Fields both sides changed to the same value need no request.
  const fields = localChanged.filter((f) => !jsonEqual(i.local[f], i.server[f]));
  return { kind: 'merge', patch: patchOf(i.local, fields), fields, serverChanged };
}

/** "Overwrite": the server ends up with exactly what the document shows. */
export function overwritePatch(server: EditableValues, local: EditableValues): { patch: TemplatePatch; fields: EditableField[] } {
  const fields = changedFields(server, local);
  return { patch: patchOf(local, fields), fields };
}
