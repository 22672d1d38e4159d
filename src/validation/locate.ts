// Text ranges of a few paths in a JSON text that JSON.parse accepted. One forward scan that
// descends only into the members on the requested paths and skips everything else by bracket
// counting (the text between brackets, strings and containers up to 16 levels deep included,
// matched by one sticky regexp: the regexp engine runs through it several times faster than a
// loop over characters; by characters when that regexp overflows its stack); the elements of
// an array before a wanted one in runs of 256, 32 and 4 per match, the rest of the array after
// its last wanted element at once, the members of a large object between wanted ones in runs
// (a regexp that refuses the wanted names); the scan stops once every requested node was
// seen. Much cheaper than building a jsonc-parser tree of the whole document on every keystroke.
import type { JsonPath } from './types';

export interface Span {
  offset: number;
  length: number;
}

export interface Located {
  /** The property name (with quotes) when the node is an object member. */
  key?: Span;
  value: Span;
  /** What to delete to remove the member or element together with one separating comma. */
  remove: Span;
}

interface Trie {
  children: Map<string, Trie>;
  found?: Located;
  wanted: boolean;
}

const newTrie = (): Trie => ({ children: new Map(), wanted: false });

const isWs = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/** Where `skipElements` stopped (a module variable: no object per call). */
const BLOCK_END = { next: 0, prevEnd: 0 };

/**
 * Text up to the next bracket that opens a container nested more than `depth` levels below or
 * closes the current one: strings as JSON has them (escapes, no raw quotes), containers of up
 * to `depth` levels matched whole. Brackets are interchangeable here: the text is valid JSON.
 */
function contentPattern(depth: number): string {
  const other = '[^"{}[\\]]*';
  const str = '"[^"\\\\]*(?:\\\\.[^"\\\\]*)*"';
  let p = `${other}(?:${str}${other})*`;
  for (let d = 1; d <= depth; d++) p = `${other}(?:(?:${str}|[{[]${p}[}\\]])${other})*`;
  return p;
}

/** 16 levels: an extra of a template, or a dict of them, is skipped in one match. */
const CONTENT = new RegExp(contentPattern(16), 'y');

const WS = '[ \\t\\n\\r]*';
/** A value: string, scalar, or container of up to 16 levels. */
const VALUE = `(?:"[^"\\\\]*(?:\\\\.[^"\\\\]*)*"|[^"{}[\\],: \\t\\n\\r]+|[{[]${contentPattern(15)}[}\\]])`;

/** `count` elements of an array, each with the comma after it. */
function elementsPattern(count: number): RegExp {
  return new RegExp(`(?:${VALUE}${WS},${WS}){${count}}`, 'y');
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Members of an object, each with the comma after it, whose names are none of `names` (and
 * written without escapes: a name with one is looked at by the caller).
 */
function otherMembersPattern(names: Iterable<string>): RegExp {
  const wanted = [...names].map(escapeRegExp).join('|');
  return new RegExp(`(?:"(?!(?:${wanted})")[^"\\\\]*"${WS}:${WS}${VALUE}${WS},${WS}){1,1024}`, 'y');
}

/** Runs of elements skipped in one match each, longest first. */
const BLOCKS: readonly (readonly [number, RegExp])[] = [256, 32, 4].map((n) => [n, elementsPattern(n)] as const);

export class Locator {
  private readonly root = newTrie();
  private pending = 0;

  constructor(private readonly text: string) {}

  /** Ask for a path (before `run`). */
  want(path: JsonPath): void {
    let node = this.root;
    for (const seg of path) {
      const k = String(seg);
      let next = node.children.get(k);
      if (!next) node.children.set(k, (next = newTrie()));
      node = next;
    }
    if (!node.wanted) {
      node.wanted = true;
      this.pending++;
    }
  }

  run(): this {
    const start = this.ws(0);
    const end = this.visit(this.root, start, undefined);
    if (this.root.wanted) this.complete(this.root, { offset: start, length: end - start }, false);
    return this;
  }

  /** The node at `path`, or its deepest ancestor present in the text (`missing` > 0 then). */
  get(path: JsonPath): { node: Located; missing: number } {
    let node = this.root;
    let best = this.root.found ?? { value: { offset: 0, length: 0 }, remove: { offset: 0, length: 0 } };
    let depth = 0;
    for (const seg of path) {
      const next = node.children.get(String(seg));
      if (!next?.found) break;
      node = next;
      best = next.found!;
      depth++;
    }
    return { node: best, missing: path.length - depth };
  }

  /** The text of the value at `path` (must have been found). */
  valueText(path: JsonPath): string | undefined {
    const { node, missing } = this.get(path);
    return missing ? undefined : this.text.substr(node.value.offset, node.value.length);
  }

  // ---------------------------------------------------------------- scanning

  private ws(i: number): number {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return i;
    }
  }

  /** End (exclusive) of the string starting at `i`. */
  private strEnd(i: number): number {
    const t = this.text;
    let from = i + 1;
    for (;;) {
      const q = t.indexOf('"', from);
      if (q < 0) return t.length;
      let b = q - 1;
      while (t.charCodeAt(b) === 92) b--;
      if ((q - 1 - b) % 2 === 0) return q + 1;
      from = q + 1;
    }
  }

  /** End (exclusive) of the value starting at `i`, without looking inside. */
  private skip(i: number): number {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === 34) return this.strEnd(i);
    if (c === 123 || c === 91) return this.close(i + 1, 1);
    // number, true, false, null
    while (i < t.length) {
      const d = t.charCodeAt(i);
      if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
      i++;
    }
    return i;
  }

  /** End (exclusive) of the container whose bracket `depth` levels up is open at `i`. */
  private close(i: number, depth: number): number {
    const t = this.text;
    for (;;) {
      // Everything up to the next bracket that matters, in one run of the regexp engine.
      CONTENT.lastIndex = i;
      try {
        CONTENT.test(t);
      } catch {
        // Its backtracking stack overflows on millions of items in one container.
        return this.closeByCharacters(i, depth);
      }
      i = CONTENT.lastIndex;
      const d = t.charCodeAt(i);
      if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        if (--depth === 0) return i + 1;
      } else return i; // the end of the text
      i++;
    }
  }

  /** `close`, one character at a time (strings jumped with indexOf). */
  private closeByCharacters(i: number, depth: number): number {
    const t = this.text;
    for (;;) {
      const d = t.charCodeAt(i);
      if (d === 34) {
        i = this.strEnd(i);
        continue;
      }
      if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        if (--depth === 0) return i + 1;
      } else if (Number.isNaN(d)) return i;
      i++;
    }
  }

  private done = false;

  /** A wanted node is complete once its removal span is known. */
  private complete(node: Trie, remove: Span, seenBefore: boolean): void {
    node.found!.remove = remove;
    if (node.wanted && !seenBefore && --this.pending === 0) this.done = true;
  }

  /** Scans the value at `i` (already on its first character); returns its end. */
  private visit(node: Trie, i: number, key: Span | undefined): number {
    const c = this.text.charCodeAt(i);
    // Recorded before descending, so that ancestors are known even when the scan stops early.
    const located: Located = { key, value: { offset: i, length: 0 }, remove: { offset: i, length: 0 } };
    node.found = located;
    let end: number;
    if (node.children.size === 0 || (c !== 123 && c !== 91)) end = this.skip(i);
    else end = c === 123 ? this.members(node, i) : this.elements(node, i);
    located.value.length = end - i;
    return end;
  }

  /** Members of an object (`open` at "{"); stops early once every wanted node is complete. */
  private members(node: Trie, open: number): number {
    const t = this.text;
    let i = this.ws(open + 1);
    if (t.charCodeAt(i) === 125) return i + 1;
    let prevEnd = -1;
    // In a large object, the members between wanted ones are skipped in runs (a regexp).
    let count = 0;
    let others: RegExp | undefined;
    for (;;) {
      if (++count > 16) {
        others ??= otherMembersPattern(node.children.keys());
        others.lastIndex = i;
        let ok: boolean;
        try {
          ok = others.test(t);
        } catch {
          ok = false; // the regexp's stack: huge members
          count = -Infinity;
        }
        if (ok) {
          i = others.lastIndex;
          prevEnd = this.backOverSeparator(i);
        }
      }
      const keyStart = i;
      const keyEnd = this.strEnd(i);
      let name = t.slice(keyStart + 1, keyEnd - 1);
      if (name.includes('\\')) name = JSON.parse(t.slice(keyStart, keyEnd)) as string;
      i = this.ws(this.ws(keyEnd) + 1); // past ':'
      const child = node.children.get(name);
      // JSON.parse keeps the last of duplicate names: so do we.
      const seen = child?.found !== undefined;
      const valueEnd = child ? this.visit(child, i, { offset: keyStart, length: keyEnd - keyStart }) : this.skip(i);
      if (this.done) return valueEnd;
      i = this.ws(valueEnd);
      const more = t.charCodeAt(i) === 44;
      const next = more ? this.ws(i + 1) : i;
      if (child) {
        this.complete(child, this.removal(keyStart, valueEnd, prevEnd, more ? next : -1), seen);
        if (this.done) return valueEnd;
      }
      if (!more) return i + 1;
      prevEnd = valueEnd;
      i = next;
    }
  }

  /** Elements of an array (`open` at "["). */
  private elements(node: Trie, open: number): number {
    const t = this.text;
    let i = this.ws(open + 1);
    if (t.charCodeAt(i) === 93) return i + 1;
    // The wanted indices in order: the elements between them are skipped, the rest at once.
    const wanted: number[] = [];
    for (const k of node.children.keys()) if (/^(?:0|[1-9]\d*)$/.test(k)) wanted.push(Number(k));
    wanted.sort((a, b) => a - b);
    let w = 0;
    let prevEnd = -1;
    for (let index = 0; ; index++) {
      if (w === wanted.length) return this.close(i, 1);
      if (wanted[w] - index >= 4) {
        const skipped = this.skipElements(i, wanted[w] - index);
        if (skipped > 0) {
          index += skipped;
          i = BLOCK_END.next;
          prevEnd = BLOCK_END.prevEnd;
        }
      }
      const start = i;
      const child = index === wanted[w] ? node.children.get(String(wanted[w++]))! : undefined;
      const valueEnd = child ? this.visit(child, i, undefined) : this.skip(i);
      if (this.done) return valueEnd;
      i = this.ws(valueEnd);
      const more = t.charCodeAt(i) === 44;
      const next = more ? this.ws(i + 1) : i;
      if (child) {
        this.complete(child, this.removal(start, valueEnd, prevEnd, more ? next : -1), false);
        if (this.done) return valueEnd;
      }
      if (!more) return i + 1;
      prevEnd = valueEnd;
      i = next;
    }
  }

  /**
   * Skips up to `max` elements from `i` (the start of one) in runs: how many (0 when the runs
   * did not fit, e.g. deeper containers; the caller then goes element by element). Where the
   * next element starts and where the last skipped one ended: in BLOCK_END.
   */
  private skipElements(i: number, max: number): number {
    const t = this.text;
    let skipped = 0;
    for (const [n, re] of BLOCKS) {
      while (max - skipped >= n) {
        re.lastIndex = i;
        let ok: boolean;
        try {
          ok = re.test(t);
        } catch {
          ok = false; // the regexp's stack: huge elements
        }
        if (!ok) break;
        i = re.lastIndex;
        skipped += n;
      }
    }
    if (skipped > 0) {
      BLOCK_END.next = i;
      BLOCK_END.prevEnd = this.backOverSeparator(i);
    }
    return skipped;
  }

  /** The end of the value before the separator (whitespace, comma, whitespace) that ends at `i`. */
  private backOverSeparator(i: number): number {
    const t = this.text;
    let j = i - 1;
    while (isWs(t.charCodeAt(j))) j--;
    j--; // the comma
    while (isWs(t.charCodeAt(j))) j--;
    return j + 1;
  }

  /** Removing a member: up to the next one; the last one: from the end of the previous one. */
  private removal(start: number, end: number, prevEnd: number, nextStart: number): Span {
    if (nextStart >= 0) return { offset: start, length: nextStart - start };
    if (prevEnd >= 0) return { offset: prevEnd, length: end - prevEnd };
    return { offset: start, length: end - start };
  }
}
