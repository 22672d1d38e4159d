// Shared helpers of the validation tests: documents, diagnostics as the user sees them
// (the covered text, not offsets), applying quick fixes.
import type { Diagnostic, TextEdit } from '../../src/validation/types';

export const doc = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  identifier: 'tpl',
  title: 'Template',
  description: '',
  visibility: 'private',
  type: 'extras',
  data: [],
  ...over,
});

export const extrasDoc = (data: unknown[], over: Record<string, unknown> = {}): string => JSON.stringify(doc({ data, ...over }), null, 2);

export const RECORD_DATA = {
  identifier: '',
  title: '',
  description: '',
  type: null,
  license: null,
  tags: [],
  extras: [],
  collections: [],
  record_links: [],
  roles: [],
};

export const recordDoc = (data: Record<string, unknown>, over: Record<string, unknown> = {}): string =>
  JSON.stringify(doc({ type: 'record', data: { ...RECORD_DATA, ...data }, ...over }), null, 2);

export interface Seen {
  severity: string;
  code: string;
  covered: string;
  message: string;
}

/** What the user sees of each diagnostic: severity, code, the underlined text, the message. */
export const seen = (text: string, diags: Diagnostic[]): Seen[] =>
  diags.map((d) => ({ severity: d.severity, code: d.code, covered: text.substr(d.offset, d.length), message: d.message }));

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].offset + sorted[i].length > sorted[i - 1].offset) throw new Error('overlapping edits');
  }
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}
