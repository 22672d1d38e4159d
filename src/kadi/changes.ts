// Which template fields a save changes, and the PATCH body that sends only those.
// No `vscode` import.
import { EDITABLE_FIELDS, type EditableField, type EditableValues } from './document';
import type { TemplatePatch } from './types';

/** Structural equality of JSON values; object key order does not matter, array order does. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    // 5 and 5.0 are the same number after JSON.parse; NaN never occurs in JSON.
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]));
}

/** The fields whose value differs between `from` and `to`, in document order. */
export function changedFields(from: EditableValues, to: EditableValues): EditableField[] {
  return EDITABLE_FIELDS.filter((f) => !jsonEqual(from[f], to[f]));
}

/** PATCH body with the given fields of `values`; `data` goes whole (Kadi replaces it wholesale). */
export function patchOf(values: EditableValues, fields: readonly EditableField[]): TemplatePatch {
  const patch: Record<string, unknown> = {};
  for (const f of fields) patch[f] = values[f];
  return patch as TemplatePatch;
}
