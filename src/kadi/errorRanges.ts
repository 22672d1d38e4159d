// Maps Kadi's 400 `errors` tree (kadi-api.md §2.4: nested by field name and by array index as
// a string, `_schema` for the node itself) to ranges of the document text that was saved.
// The PATCH body has the document's shape, so the tree's paths are document paths.
// No `vscode` import.
import { parseTree, type Node } from 'jsonc-parser';
import type { ErrorTree } from './types';

export interface TextProblem {
  offset: number;
  length: number;
  message: string;
  /** Dotted path of the error in the tree, e.g. "data.0.key". */
  path: string;
}

/** The child of an object (by key) or array (by index string); undefined when absent. */
function child(node: Node, segment: string): Node | undefined {
  if (node.type === 'object') {
    const prop = node.children?.find((p) => p.children?.[0]?.value === segment);
    return prop?.children?.[1];
  }
  if (node.type === 'array' && /^\d+$/.test(segment)) return node.children?.[Number(segment)];
  return undefined;
}

/** A range that marks a node without underlining a whole multi-line object. */
function markRange(node: Node): { offset: number; length: number } {
  if (node.type !== 'object' && node.type !== 'array') return { offset: node.offset, length: node.length };
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return key ? { offset: key.offset, length: key.length } : { offset: node.offset, length: 1 };
}

export function problemsFromErrorTree(text: string, errors: ErrorTree, limit = 200): TextProblem[] {
  const root = parseTree(text, [], { disallowComments: true });
  const out: TextProblem[] = [];

  const visit = (tree: ErrorTree, segments: string[]) => {
    for (const [key, value] of Object.entries(tree)) {
      if (out.length >= limit) return;
      const here = key === '_schema' ? segments : [...segments, key];
      if (!Array.isArray(value)) {
        if (value && typeof value === 'object') visit(value, here);
        continue;
      }
      // Find the deepest node of the path that exists in the text.
      let node = root;
      let found = 0;
      for (const seg of here) {
        const next = node && child(node, seg);
        if (!next) break;
        node = next;
        found++;
      }
      const missing = here.slice(found);
      const range = node ? markRange(node) : { offset: 0, length: 0 };
      // A missing field ("Missing data for required field.") is reported on its parent, named.
      const prefix = missing.length ? `${missing.join('.')}: ` : '';
      for (const m of value) {
        if (out.length >= limit) return;
        out.push({ ...range, message: prefix + String(m), path: here.join('.') });
      }
    }
  };
  visit(errors, []);
  return out;
}
