// The manifest `kadi-templates.json` of a template folder: which instance the folder mirrors
// and, per file, which template it is and the state of that template at the last pull/push.
// No `vscode` import.
//
// Plain JSON with a fixed key order and files sorted by name, so a pull or push changes only
// the lines of the templates it touched (diff-friendly in Git). Never holds a token.
import { renderDocument, type TemplateDocument } from '../kadi/document';
import type { TemplateType } from '../kadi/types';
import * as l10n from '../ui/l10n';

// In a file of their own: the VS Code glue watches for them at activation without loading the rest.
export { MANIFEST_FILE, TEMPLATE_SUFFIX } from './names';
import { MANIFEST_FILE, TEMPLATE_SUFFIX } from './names';
export const MANIFEST_VERSION = 1;

/** What a pull lists; kept so that `status` and later pulls look at the same templates. */
export interface PullFilter {
  query?: string;
  type?: TemplateType;
  /** Only templates created by the token's user. */
  mine?: boolean;
}

export interface ManifestEntry {
  /** The template's id on the instance: the stable key (identifiers can be renamed). */
  id: number;
  /** The identifier at the last pull/push (for people reading the manifest, and rename detection). */
  identifier: string;
  /** The server's `last_modified` at the last pull/push. */
  lastModified: string;
  /** `sha256:<hex>` of the document content at the last pull/push (see contentHash). */
  hash: string;
}

export interface Manifest {
  version: number;
  /** The instance's origin (and web root), e.g. "https://kadi.example.edu". */
  instance: string;
  pull: PullFilter;
  /** File name (relative to the folder) → entry. */
  templates: Record<string, ManifestEntry>;
}

export function emptyManifest(instance: string, pull: PullFilter = {}): Manifest {
  return { version: MANIFEST_VERSION, instance, pull: cleanFilter(pull), templates: {} };
}

function cleanFilter(f: PullFilter): PullFilter {
  const out: PullFilter = {};
  if (f.query) out.query = f.query;
  if (f.type) out.type = f.type;
  if (f.mine) out.mine = true;
  return out;
}

/** The file name a template gets in the folder. Kadi identifiers are [a-z0-9_-], safe everywhere. */
export function fileNameFor(identifier: string): string {
  return `${identifier}${TEMPLATE_SUFFIX}`;
}

export function isTemplateFileName(name: string): boolean {
  return name.endsWith(TEMPLATE_SUFFIX) && !name.includes('/') && !name.includes('\\') && name.length > TEMPLATE_SUFFIX.length;
}

const DOC_KEYS = ['identifier', 'title', 'description', 'visibility', 'type', 'data'];

/**
 * A hash of what a document says, not how it is formatted: a document that parses to exactly
 * the document fields hashes as its canonical rendering (so re-indenting or reordering keys is
 * not a change); anything else (invalid JSON, extra fields) hashes as raw text.
 */
export function contentHash(text: string): string {
  let canonical = text;
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === DOC_KEYS.length && keys.every((k) => DOC_KEYS.includes(k))) canonical = renderDocument(v as TemplateDocument);
    }
  } catch {
    // not JSON: the raw text is what there is
  }
  // node:crypto is required here, not imported: loading it costs milliseconds of every start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return `sha256:${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
}

/** The manifest's text: fixed key order, files sorted, 2-space indentation, trailing newline. */
export function serializeManifest(m: Manifest): string {
  const templates: Record<string, ManifestEntry> = {};
  for (const name of Object.keys(m.templates).sort()) {
    const e = m.templates[name];
    templates[name] = { id: e.id, identifier: e.identifier, lastModified: e.lastModified, hash: e.hash };
  }
  return JSON.stringify({ version: MANIFEST_VERSION, instance: m.instance, pull: cleanFilter(m.pull), templates }, null, 2) + '\n';
}

export class ManifestError extends Error {}

/** Reads a manifest, refusing anything it does not understand rather than guessing. */
export function parseManifest(text: string): Manifest {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(l10n.t('{0} is not valid JSON ({1}).', MANIFEST_FILE, (e as Error).message));
  }
  const obj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!obj(v)) throw new ManifestError(l10n.t('{0} must be a JSON object.', MANIFEST_FILE));
  if (v.version !== MANIFEST_VERSION) throw new ManifestError(l10n.t('{0} has version {1}; this tool reads version {2}.', MANIFEST_FILE, String(v.version), MANIFEST_VERSION));
  if (typeof v.instance !== 'string' || !v.instance) throw new ManifestError(l10n.t('{0} lacks "instance" (the Kadi4Mat address).', MANIFEST_FILE));
  const pull = obj(v.pull) ? v.pull : {};
  const filter: PullFilter = {
    query: typeof pull.query === 'string' ? pull.query : undefined,
    type: pull.type === 'record' || pull.type === 'extras' ? pull.type : undefined,
    mine: pull.mine === true,
  };
  if (!obj(v.templates)) throw new ManifestError(l10n.t('{0} lacks "templates".', MANIFEST_FILE));
  const templates: Record<string, ManifestEntry> = {};
  for (const [name, e] of Object.entries(v.templates)) {
    if (!isTemplateFileName(name)) throw new ManifestError(l10n.t('{0}: "{1}" is not a file name ending in {2}.', MANIFEST_FILE, name, TEMPLATE_SUFFIX));
    if (!obj(e) || !Number.isSafeInteger(e.id) || typeof e.identifier !== 'string' || typeof e.lastModified !== 'string' || typeof e.hash !== 'string') {
      throw new ManifestError(l10n.t('{0}: the entry of "{1}" needs id, identifier, lastModified and hash.', MANIFEST_FILE, name));
    }
    templates[name] = { id: e.id as number, identifier: e.identifier, lastModified: e.lastModified, hash: e.hash };
  }
  return { version: MANIFEST_VERSION, instance: v.instance, pull: cleanFilter(filter), templates };
}

/** The file that holds template `id`, if the manifest knows it. */
export function fileOfId(m: Manifest, id: number): string | undefined {
  return Object.keys(m.templates).find((f) => m.templates[f].id === id);
}
