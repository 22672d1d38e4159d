// Paths of the `kadi:` file system. The URI alone identifies what a document shows:
//   kadi://<instanceId>/templates/<id>/<identifier>.kadi-template.json
//   kadi://<instanceId>/templates/<id>/revisions/<revisionId>/<identifier> #<revisionId>.kadi-template.json
//   kadi://<instanceId>/templates/<id>/<identifier>.schema.json       (the JSON-Schema export)
//   kadi://<instanceId>/templates/<id>/export/<identifier>.{json,ttl}
// so an editor restored after a window reload can be served without any in-memory state.
// The identifier in the file name is cosmetic (it makes tabs readable and gives the `.json`
// language); a template renamed meanwhile still opens by its id. No `vscode` import.
import * as l10n from '../ui/l10n';
import type { ExportType } from './types';

export const TEMPLATE_SUFFIX = '.kadi-template.json';

const EXPORT_SUFFIX: Record<ExportType, string> = {
  'json-schema': '.schema.json',
  shacl: '.ttl',
  json: '.json',
};

export type KadiPath =
  | { kind: 'template'; templateId: number; identifier: string }
  | { kind: 'revision'; templateId: number; revisionId: number; identifier: string }
  | { kind: 'export'; templateId: number; exportType: ExportType; identifier: string };

/** A file-name-safe version of the identifier (Kadi identifiers already are; this guards odd input). */
function fileStem(identifier: string): string {
  const safe = identifier.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '');
  return safe || 'template';
}

function checkId(what: 'template' | 'revision', id: number): void {
  if (Number.isSafeInteger(id) && id >= 1) return;
  throw new Error(what === 'template' ? l10n.t('Invalid template id: {0}', id) : l10n.t('Invalid revision id: {0}', id));
}

export function templatePath(templateId: number, identifier: string): string {
  checkId('template', templateId);
  return `/templates/${templateId}/${fileStem(identifier)}${TEMPLATE_SUFFIX}`;
}

export function revisionPath(templateId: number, revisionId: number, identifier: string): string {
  checkId('template', templateId);
  checkId('revision', revisionId);
  // " #<id>" in the file name: the tab of a revision never reads like the live template's, and
  // says what the tree and the diff titles say ("#3"). Older names without it still parse.
  return `/templates/${templateId}/revisions/${revisionId}/${fileStem(identifier)} #${revisionId}${TEMPLATE_SUFFIX}`;
}

/**
 * The JSON-Schema export sits beside the template (`…/<id>/<identifier>.schema.json`): record
 * metadata names it in `$schema`, so it is short and stable. The other exports live in `export/`.
 */
export function exportPath(templateId: number, identifier: string, type: ExportType): string {
  checkId('template', templateId);
  const dir = type === 'json-schema' ? '' : 'export/';
  return `/templates/${templateId}/${dir}${fileStem(identifier)}${EXPORT_SUFFIX[type]}`;
}

/** `kadi://<instance>/templates/<id>/<identifier>.schema.json`'s path. */
export function schemaPath(templateId: number, identifier: string): string {
  return exportPath(templateId, identifier, 'json-schema');
}

function parseId(s: string | undefined): number | undefined {
  if (!s || !/^[1-9][0-9]{0,15}$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

function stripSuffix(name: string, suffix: string): string | undefined {
  return name.length > suffix.length && name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
}

/** The file-name suffix → export type; `.schema.json` is tested before `.json`. */
function parseExportName(name: string): { exportType: ExportType; identifier: string } | undefined {
  for (const type of ['json-schema', 'shacl', 'json'] as const) {
    const identifier = stripSuffix(name, EXPORT_SUFFIX[type]);
    if (identifier !== undefined) return { exportType: type, identifier };
  }
  return undefined;
}

/** Parses a path of the `kadi:` scheme; undefined for anything that is not a document. */
export function parseKadiPath(path: string): KadiPath | undefined {
  const parts = path.split('/');
  if (parts[0] !== '' || parts[1] !== 'templates') return undefined;
  const templateId = parseId(parts[2]);
  if (templateId === undefined) return undefined;
  if (parts.length === 4) {
    const identifier = stripSuffix(parts[3], TEMPLATE_SUFFIX);
    if (identifier !== undefined) return { kind: 'template', templateId, identifier };
    const schemaOf = stripSuffix(parts[3], EXPORT_SUFFIX['json-schema']);
    return schemaOf === undefined ? undefined : { kind: 'export', templateId, exportType: 'json-schema', identifier: schemaOf };
  }
  if (parts.length === 6 && parts[3] === 'revisions') {
    const revisionId = parseId(parts[4]);
    const identifier = stripSuffix(parts[5], TEMPLATE_SUFFIX)?.replace(/ #\d+$/, '');
    if (revisionId === undefined || identifier === undefined) return undefined;
    return { kind: 'revision', templateId, revisionId, identifier };
  }
  if (parts.length === 5 && parts[3] === 'export') {
    // `export/<identifier>.schema.json` is the JSON-Schema export's former place (restored editors).
    const parsed = parseExportName(parts[4]);
    return parsed && { kind: 'export', templateId, ...parsed };
  }
  return undefined;
}

/** Directory paths the file system can list: `/`, `/templates`, `/templates/<id>`, … */
export type KadiDirectory =
  | { kind: 'root' }
  | { kind: 'templates' }
  | { kind: 'template-dir'; templateId: number }
  | { kind: 'revisions-dir'; templateId: number }
  | { kind: 'revision-dir'; templateId: number; revisionId: number }
  | { kind: 'export-dir'; templateId: number };

export function parseKadiDirectory(path: string): KadiDirectory | undefined {
  const parts = path.replace(/\/+$/, '').split('/');
  if (parts.length === 1 && parts[0] === '') return { kind: 'root' };
  if (parts[0] !== '' || parts[1] !== 'templates') return undefined;
  if (parts.length === 2) return { kind: 'templates' };
  const templateId = parseId(parts[2]);
  if (templateId === undefined) return undefined;
  if (parts.length === 3) return { kind: 'template-dir', templateId };
  if (parts.length === 4 && parts[3] === 'revisions') return { kind: 'revisions-dir', templateId };
  if (parts.length === 4 && parts[3] === 'export') return { kind: 'export-dir', templateId };
  if (parts.length === 5 && parts[3] === 'revisions') {
    const revisionId = parseId(parts[4]);
    return revisionId === undefined ? undefined : { kind: 'revision-dir', templateId, revisionId };
  }
  return undefined;
}
