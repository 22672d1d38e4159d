// Small facts about Kadi's template format shared by the engine's passes.
export const EXTRA_TYPES = ['str', 'int', 'float', 'bool', 'date', 'dict', 'list'] as const;
export type KadiExtraType = (typeof EXTRA_TYPES)[number];

export const isExtraType = (t: unknown): t is KadiExtraType => typeof t === 'string' && (EXTRA_TYPES as readonly string[]).includes(t);
export const isNestedType = (t: unknown): boolean => t === 'dict' || t === 'list';
export const isNumericType = (t: unknown): boolean => t === 'int' || t === 'float';

/** Fields of an extra entry Kadi reads; anything else is dropped without a word. */
export const ENTRY_FIELDS = new Set(['type', 'key', 'value', 'unit', 'description', 'term', 'validation']);
export const VALIDATION_FIELDS = new Set(['required', 'options', 'range', 'iri']);
export const RANGE_FIELDS = new Set(['min', 'max']);
export const RECORD_DATA_FIELDS = new Set(['identifier', 'title', 'description', 'type', 'license', 'tags', 'extras', 'collections', 'record_links', 'roles']);
export const RECORD_LINK_FIELDS = new Set(['direction', 'record', 'name', 'term']);
export const RECORD_ROLE_FIELDS = new Set(['subject_type', 'subject_id', 'role']);

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
