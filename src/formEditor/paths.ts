// Where extras entries go when one is moved into, out of or across dicts and lists: the path
// arithmetic shared by the host (edits.ts) and the webview (form.ts keeps the rows' expanded
// state and the focus with the entry they belong to). Types only; no `vscode`, no DOM.
import type { JsonPath } from '../validation/types';

/** A move of the entry at `from` into the extras array at `to`, before its element `index`
 * (`index` counts the elements of `to` as they are before the move; its length = at the end). */
export interface Relocation {
  from: JsonPath;
  to: JsonPath;
  index: number;
}

export const samePath = (a: JsonPath, b: JsonPath): boolean => a.length === b.length && a.every((s, i) => s === b[i]);

/** Whether `path` is `prefix` or lies inside it. */
export const isWithin = (path: JsonPath, prefix: JsonPath): boolean => prefix.length <= path.length && prefix.every((s, i) => path[i] === s);

/** Why a relocation is refused: moving an entry into itself or into one of its own descendants. */
export function refused(r: Relocation): boolean {
  return isWithin(r.to, r.from);
}

/** Whether the relocation leaves the entry where it is (dropped right before or after itself). */
export function inPlace(r: Relocation): boolean {
  const i = r.from[r.from.length - 1] as number;
  return samePath(r.from.slice(0, -1), r.to) && (r.index === i || r.index === i + 1);
}

/** Where the element at `path` is after the element `at` (in its list) was removed. */
function afterRemoval(path: JsonPath, at: JsonPath): JsonPath {
  const n = at.length - 1;
  const i = at[n] as number;
  if (path.length > n && isWithin(path, at.slice(0, -1)) && typeof path[n] === 'number' && (path[n] as number) > i) {
    const out = path.slice();
    out[n] = (path[n] as number) - 1;
    return out;
  }
  return path;
}

/** Where the element at `path` is after an element was inserted at `at`. */
function afterInsertion(path: JsonPath, at: JsonPath): JsonPath {
  const n = at.length - 1;
  const i = at[n] as number;
  if (path.length > n && isWithin(path, at.slice(0, -1)) && typeof path[n] === 'number' && (path[n] as number) >= i) {
    const out = path.slice();
    out[n] = (path[n] as number) + 1;
    return out;
  }
  return path;
}

/** The entry's path after the move, or undefined when the move is refused or changes nothing. */
export function destination(r: Relocation): JsonPath | undefined {
  if (refused(r) || inPlace(r)) return undefined;
  const i = r.from[r.from.length - 1] as number;
  const list = afterRemoval(r.to, r.from);
  const index = samePath(r.from.slice(0, -1), r.to) && r.index > i ? r.index - 1 : r.index;
  return [...list, index];
}

/** Where whatever was at `path` (the moved entry, its descendants, or any other node) is after the move. */
export function relocated(path: JsonPath, r: Relocation): JsonPath {
  const dest = destination(r);
  if (!dest) return path;
  if (isWithin(path, r.from)) return [...dest, ...path.slice(r.from.length)];
  return afterInsertion(afterRemoval(path, r.from), dest);
}

/** Alt+→: into the entry above, as its last child, when that entry is a dict or list. */
export function intoAbove(path: JsonPath, above: { path: JsonPath; children?: unknown[] } | undefined): Relocation | undefined {
  if (!above?.children) return undefined;
  return { from: path, to: [...above.path, 'value'], index: above.children.length };
}

/** Alt+←: out of the dict or list it is in, right after it; undefined at the top level. */
export function outOfParent(path: JsonPath): Relocation | undefined {
  // […, parentIndex, "value", index]: nested exactly when the segment before the list is "value" of an entry.
  if (path.length < 4 || path[path.length - 2] !== 'value' || typeof path[path.length - 3] !== 'number') return undefined;
  const parent = path.slice(0, -2);
  return { from: path, to: parent.slice(0, -1), index: (parent[parent.length - 1] as number) + 1 };
}

/** Where a row was dropped: before or after the entry `over`, or into it (a dict or list) as its last child. */
export type DropZone = 'before' | 'after' | 'into';

/** The relocation a drop of `dragged` on `over` means, or undefined when it is refused or changes nothing. */
export function dropRelocation(dragged: JsonPath, over: { path: JsonPath; children?: unknown[] }, zone: DropZone): Relocation | undefined {
  const i = over.path[over.path.length - 1] as number;
  const r: Relocation =
    zone === 'into'
      ? { from: dragged, to: [...over.path, 'value'], index: over.children?.length ?? 0 }
      : { from: dragged, to: over.path.slice(0, -1), index: zone === 'before' ? i : i + 1 };
  if (zone === 'into' && !over.children) return undefined;
  return refused(r) || inPlace(r) ? undefined : r;
}
