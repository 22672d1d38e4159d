// "New Template from JSON File…": what a local file may hold — a template object (a Kadi
// JSON export, a saved template document: identifier/title/type/data) or a bare extras array.
// No `vscode` import.
import type { TemplateData, TemplateType, Visibility } from '../kadi/types';
import * as l10n from '../ui/l10n';
import { normalizeIdentifier, validateIdentifier } from './identifier';

export interface ImportedTemplate {
  type: TemplateType;
  data: TemplateData;
  title?: string;
  identifier?: string;
  description?: string;
  visibility?: Visibility;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** "tensile-test.kadi-template.json" → "tensile-test" */
export function fileStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/(\.kadi-template)?\.json$/i, '').replace(/\.schema$/i, '');
}

export function parseTemplateFile(text: string, fileName: string): ImportedTemplate {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(l10n.t('{0} is not valid JSON: {1}', fileName, e instanceof Error ? e.message : String(e)));
  }
  if (Array.isArray(value)) {
    if (!value.every(isObject)) throw new Error(l10n.t('{0} holds an array, but not of extras (objects with key, type and value).', fileName));
    return { type: 'extras', data: value as unknown as TemplateData, title: fileStem(fileName) };
  }
  if (!isObject(value) || !('data' in value)) {
    if (isObject(value) && value.$schema !== undefined) {
      throw new Error(
        l10n.t(
          '{0} is a JSON Schema, not a Kadi4Mat template. Use "New Template from JSON Schema…" to convert it, or here a template\'s JSON export, a template document, or an extras array.',
          fileName,
        ),
      );
    }
    throw new Error(l10n.t('{0} is neither a Kadi4Mat template (an object with type and data, e.g. a JSON export) nor an array of extras.', fileName));
  }
  const data = value.data;
  const inferred: TemplateType | undefined = Array.isArray(data) ? 'extras' : isObject(data) ? 'record' : undefined;
  if (!inferred) throw new Error(l10n.t('{0}: "data" must be an object (record template) or an array (extras template).', fileName));
  const type = value.type === 'record' || value.type === 'extras' ? value.type : inferred;
  if (type !== inferred) {
    throw new Error(
      type === 'extras'
        ? l10n.t('{0}: type "extras" needs an array as "data", but the file has an object.', fileName)
        : l10n.t('{0}: type "record" needs an object as "data", but the file has an array.', fileName),
    );
  }
  const out: ImportedTemplate = { type, data: data as TemplateData };
  const title = str(value.title);
  if (title) out.title = title;
  const identifier = str(value.identifier);
  if (identifier && !validateIdentifier(identifier)) out.identifier = normalizeIdentifier(identifier);
  if (typeof value.description === 'string') out.description = value.description;
  if (value.visibility === 'private' || value.visibility === 'public') out.visibility = value.visibility;
  if (!out.title) out.title = fileStem(fileName);
  return out;
}
