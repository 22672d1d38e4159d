// Which template a record-metadata JSON is written for: its `$schema` names the template's
// JSON-Schema export, `kadi://<instance>/templates/<id>/<identifier>.schema.json`. No `vscode`.
import { parseKadiPath, schemaPath } from '../kadi/templateUri';

export interface SchemaRef {
  /** The `$schema` value as written. */
  uri: string;
  instanceId: string;
  templateId: number;
  identifier: string;
}

/** `kadi://<instance>/templates/<id>/<identifier>.schema.json` (the instance id is a URI authority). */
export function schemaUriString(instanceId: string, templateId: number, identifier: string): string {
  return `kadi://${instanceId}${schemaPath(templateId, identifier)}`;
}

/** The template a schema URI names; undefined for anything else (other exports, other schemes). */
export function parseSchemaUri(uri: string): SchemaRef | undefined {
  const m = /^kadi:\/\/([^/?#]+)(\/[^?#]*)$/i.exec(uri.trim());
  if (!m) return undefined;
  let authority: string;
  let path: string;
  try {
    authority = decodeURIComponent(m[1]).toLowerCase();
    path = decodeURIComponent(m[2]);
  } catch {
    return undefined;
  }
  const p = parseKadiPath(path);
  if (p?.kind !== 'export' || p.exportType !== 'json-schema') return undefined;
  return { uri, instanceId: authority, templateId: p.templateId, identifier: p.identifier };
}

const KADI_SCHEMA = /"\$schema"\s*:\s*"kadi:/i;

/**
 * The top-level `$schema` of a JSON text, when it names a Kadi4Mat template's schema. While the
 * text does not parse (the user is typing), the first `"$schema": "…"` stands in.
 */
export function findSchemaRef(text: string): SchemaRef | undefined {
  // Most JSON never names a kadi: schema; only those are parsed.
  if (!KADI_SCHEMA.test(text)) return undefined;
  let value: unknown;
  try {
    const doc: unknown = JSON.parse(text);
    value = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>).$schema : undefined;
  } catch {
    value = /"\$schema"\s*:\s*"([^"\\]*)"/.exec(text)?.[1];
  }
  return typeof value === 'string' ? parseSchemaUri(value) : undefined;
}
