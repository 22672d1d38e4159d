// Kadi's 400 `errors` tree (kadi-api.md §2.4) → diagnostics at the same paths of the text that
// was saved: the PATCH body has the document's shape, so "data.3.value.0.key" is the path
// data[3].value[0].key; `_schema` is the node itself. The save core (src/fs/templateFiles.ts)
// uses it for a refused save.
import type { ErrorTree } from '../kadi/types';
import * as l10n from '../ui/l10n';
import { Locator } from './locate';
import { resolveProblems } from './resolve';
import type { Problem } from './problems';
import type { Diagnostic, JsonPath } from './types';

function collect(tree: ErrorTree, path: string[], out: { path: string[]; message: string }[]): void {
  for (const [k, v] of Object.entries(tree)) {
    const here = k === '_schema' ? path : [...path, k];
    if (Array.isArray(v)) for (const m of v) out.push({ path: here, message: String(m) });
    else if (v && typeof v === 'object') collect(v, here, out);
  }
}

/** Index strings become numbers where the document holds an array. */
function typedPath(root: unknown, segs: string[]): JsonPath {
  const out: JsonPath = [];
  let node = root;
  for (const s of segs) {
    const isIndex = Array.isArray(node) && /^\d+$/.test(s);
    out.push(isIndex ? Number(s) : s);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[s] : undefined;
  }
  return out;
}

export function serverErrorsToDiagnostics(text: string, errors: ErrorTree, max = 200): Diagnostic[] {
  const found: { path: string[]; message: string }[] = [];
  collect(errors, [], found);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    // The text changed into something unparsable since the save: show the messages at the top.
    return found.slice(0, max).map((f) => ({ offset: 0, length: 0, message: `${f.path.join('.') || l10n.t('document')}: ${f.message}`, severity: 'error', code: 'server', path: f.path }));
  }
  const located = new Locator(text);
  const problems: Problem[] = found.slice(0, max).map((f) => {
    const path = typedPath(root, f.path);
    located.want(path);
    return { path, message: f.message, severity: 'error', code: 'server', anchor: 'value' };
  });
  located.run();
  // A field missing from the text is reported on its nearest ancestor, named.
  for (const p of problems) {
    const { missing } = located.get(p.path);
    if (!missing) continue;
    const name = p.path.slice(p.path.length - missing).join('.');
    // The server's message (English, as Kadi4Mat sends it) is compared; the one shown instead is ours.
    p.message = p.message === 'Missing data for required field.' ? l10n.t('Missing data for required field "{0}".', name) : `${name}: ${p.message}`;
    p.anchor = 'key';
    p.path = p.path.slice(0, p.path.length - missing);
  }
  return resolveProblems(text, problems);
}
