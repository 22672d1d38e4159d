// Template exports of the Kadi4Mat sandbox (kadi-api.md §7): json, json-schema, shacl.
import type { Template, ExportFilter } from '../kadi/types';

/** Parse the `filter` query parameter (URL-decoded string); invalid JSON or non-object → {}. */
export function parseExportFilter(raw: string | null | undefined): ExportFilter {
  if (!raw) return {};
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ExportFilter) : {};
  } catch {
    return {};
  }
}

/** §7.1 json export (object, serialised by the server). `includeUser` false → no creator. */
export function exportJson(template: Template, _filter: ExportFilter, _opts: { includeUser: boolean }): Record<string, unknown> {
  return { ...template };
}

/** §7.2 json-schema export (newest algorithm). */
export function exportJsonSchema(_template: Template, _filter: ExportFilter): Record<string, unknown> {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema' };
}

/** §7.3 SHACL as Turtle text. */
export function exportShacl(_template: Template, _filter: ExportFilter, _opts: { includeUser: boolean; webBase: string }): string {
  return '';
}
