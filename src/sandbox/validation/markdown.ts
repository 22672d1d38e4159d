// Kadi's plain_description: normalize(strip_markdown(description)). The server renders the
// Markdown to HTML and keeps only the text; this approximates that with line and inline rules.
import { normalize } from './common';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

function stripInline(line: string): string {
  let s = line;
  // Code spans and backslash escapes are literal text: park them until the end.
  const parked: string[] = [];
  const park = (t: string): string => `\u0000${parked.push(t) - 1}\u0000`;
  s = s.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_m, _f, c: string) => park(c.trim()));
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!|~>])/g, (_m, c: string) => park(c));
  s = s.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1'); // images → alt text
  s = s.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'); // inline links → text
  s = s.replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1'); // reference links → text
  s = s.replace(/<((?:https?|ftp|mailto):[^>\s]+)>/g, '$1'); // autolinks
  s = s.replace(/<\/?[A-Za-z][^>]*>/g, ''); // inline HTML tags
  for (let i = 0; i < 3; i++) {
    s = s.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2');
    s = s.replace(/\*(?=\S)([^*]*?\S)\*/g, '$1');
    s = s.replace(/(^|[^A-Za-z0-9_])_(?=\S)([^_]*?\S)_(?![A-Za-z0-9_])/g, '$1$2'); // no intraword _
    s = s.replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1');
  }
  return decodeEntities(s).replace(/\u0000(\d+)\u0000/g, (_m, i: string) => parked[Number(i)]);
}

/** Markdown → plain text, whitespace-normalised. */
export function plainDescription(markdown: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const rawLine of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    let line = rawLine;
    const fm = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fm) {
      if (fence === null) fence = fm[1][0];
      else if (fm[1][0] === fence) fence = null;
      continue;
    }
    if (fence !== null) {
      out.push(line);
      continue;
    }
    if (/^\s{0,3}\[[^\]]+\]:\s*\S+/.test(line)) continue; // link reference definitions
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) continue; // thematic breaks
    if (/^\s{0,3}(=+|-+)\s*$/.test(line)) continue; // setext underlines
    line = line.replace(/^(\s{0,3}>\s?)+/, ''); // blockquotes
    line = line.replace(/^\s{0,3}#{1,6}(\s+|$)/, '').replace(/\s+#+\s*$/, ''); // ATX headings
    line = line.replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?/, ''); // list markers, task boxes
    if (/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) continue; // table delimiter rows
    line = line.replace(/^\s*\|/, '').replace(/\|\s*$/, '').replace(/\s\|\s/g, ' '); // table pipes
    out.push(stripInline(line));
  }
  return normalize(out.join('\n'));
}
