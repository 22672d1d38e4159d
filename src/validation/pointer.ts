// JSON Pointers (ajv's instancePath) ⇄ paths, and how paths are shown in messages.
import type { JsonPath } from './types';

/**
 * "/data/3/key" → ["data", 3, "key"]. Segments are unescaped (~1 → "/", ~0 → "~"); a segment
 * becomes a number when `root` holds an array at that point, so paths match the document.
 */
export function pointerToPath(pointer: string, root: unknown): JsonPath {
  if (pointer === '') return [];
  const out: JsonPath = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw;
    if (Array.isArray(node)) {
      out.push(Number(seg));
      node = node[Number(seg)];
    } else {
      out.push(seg);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

/** ["data", 3, "key"] → "data[3].key" (for one-line summaries). */
export function formatPath(path: JsonPath): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s ? `.${seg}` : seg;
  }
  return s || '(document)';
}

/** The value at `path` in `root`, or undefined. */
export function valueAt(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}
