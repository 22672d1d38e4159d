// Reading and writing a template folder, and asking the server what it has. Plain Node
// (node:fs), no `vscode` import: the CLI and the Source Control view share it.
// fs.promises is loaded on first use: importing node:fs/promises costs milliseconds of every start-up.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isKadiError, type KadiClient, type TemplateSearchParams } from '../kadi/client';
import type { Template } from '../kadi/types';
import { MANIFEST_FILE, isTemplateFileName, parseManifest, serializeManifest, type Manifest, type PullFilter } from './manifest';
import type { ServerView } from './status';

export interface LocalFolder {
  dir: string;
  /** undefined when the folder has no manifest yet. */
  manifest?: Manifest;
  /** File name → text, for every `*.kadi-template.json` directly in the folder. */
  files: Map<string, string>;
}

export async function readFolder(dir: string): Promise<LocalFolder> {
  const files = new Map<string, string>();
  let names: string[] = [];
  try {
    names = await fs.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  for (const name of names.filter(isTemplateFileName).sort()) {
    const stat = await fs.stat(path.join(dir, name));
    if (stat.isFile()) files.set(name, await fs.readFile(path.join(dir, name), 'utf8'));
  }
  let manifest: Manifest | undefined;
  try {
    manifest = parseManifest(await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return { dir, manifest, files };
}

export async function writeManifest(dir: string, m: Manifest): Promise<void> {
  await writeFileAtomic(path.join(dir, MANIFEST_FILE), serializeManifest(m));
}

/** The file's text now, undefined when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Temp file + rename: an interrupted write never leaves half a file behind. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, text, 'utf8');
  await fs.rename(tmp, file);
}

export interface ViewOptions {
  signal?: AbortSignal;
  /** After each listed page: "listed 200 of 263". */
  onProgress?: (done: number, total: number) => void;
}

/** Search parameters of a pull filter; "mine" costs one request to learn who the token belongs to. */
export async function searchParams(client: KadiClient, f: PullFilter, signal?: AbortSignal): Promise<TemplateSearchParams> {
  const p: TemplateSearchParams = {};
  if (f.query) p.query = f.query;
  if (f.type) p.type = f.type;
  if (f.mine) {
    const me = await client.getCurrentUser(signal);
    p.user = [me.id];
  }
  return p;
}

/**
 * Whether a listed template matches the type and creator asked for. A Kadi4Mat without
 * Elasticsearch (its fallback) lists every readable template whatever the filter, so these
 * two are checked here too; the text query cannot be, and is left to the server.
 */
function matches(t: Template, p: TemplateSearchParams): boolean {
  if (p.type && t.type !== p.type) return false;
  if (p.user && t.creator && !p.user.includes(t.creator.id)) return false;
  return true;
}

/**
 * What the server has: one request per listed page (full templates come with the listing),
 * plus one GET per manifest entry the listing did not include — a template renamed out of the
 * filter, or deleted (404) / no longer readable (403).
 */
export async function fetchServerView(client: KadiClient, manifest: Manifest, opts: ViewOptions = {}): Promise<ServerView & { limitReached?: string }> {
  const templates: Template[] = [];
  let limitReached: string | undefined;
  const params = await searchParams(client, manifest.pull, opts.signal);
  // Tracked templates stay in view even outside the filter (a record template pushed as new).
  const tracked = new Set(Object.values(manifest.templates).map((e) => e.id));
  for await (const page of client.templatePages(params, opts.signal)) {
    templates.push(...page.items.filter((t) => tracked.has(t.id) || matches(t, params)));
    opts.onProgress?.(templates.length, page._pagination.total_items);
    if (page.limitReached) limitReached = page.limitReached;
  }
  const listed = new Set(templates.map((t) => t.id));
  const missing = new Set<number>();
  for (const entry of Object.values(manifest.templates)) {
    if (listed.has(entry.id)) continue;
    try {
      const t = await client.getTemplate(entry.id, opts.signal);
      if (t.state === 'active') templates.push(t);
      else missing.add(entry.id);
    } catch (e) {
      if (isKadiError(e) && (e.status === 404 || e.status === 403)) missing.add(entry.id);
      else throw e;
    }
  }
  return { templates, missing, limitReached };
}
