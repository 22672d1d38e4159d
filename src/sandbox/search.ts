// Search for templates and groups, standing in for Kadi's Elasticsearch queries (kadi-api.md §3):
// quoted → phrase; < 3 chars → phrase-prefix on identifier/title + phrase on description;
// otherwise term match OR fuzzy term match (edit distance AUTO:2,6). Title weighs most.
// Per-row token lists and per-sort orderings are cached, so a listing over 10,000+ templates
// is one filtering pass over a presorted array, with no per-request sort or tokenising.
import type { TemplateSort, TemplateType, Visibility } from '../kadi/types';
import { TEMPLATE_SORTS } from '../kadi/types';
import type { SandboxStore, TemplateRow } from './store';

export interface SearchFields {
  identifier: string;
  title: string;
  description: string;
}

interface Analyzed {
  src: string;
  lower: SearchFields;
  tokens: { identifier: string[]; title: string[]; description: string[] };
}

const BOOST = { identifier: 1, title: 3, description: 1 } as const;
const FIELDS = ['identifier', 'title', 'description'] as const;

export function tokenize(s: string): string[] {
  return s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function analyze(f: SearchFields): Analyzed {
  return {
    src: `${f.identifier}\u0000${f.title}\u0000${f.description}`,
    lower: { identifier: f.identifier.toLowerCase(), title: f.title.toLowerCase(), description: f.description.toLowerCase() },
    tokens: { identifier: tokenize(f.identifier), title: tokenize(f.title), description: tokenize(f.description) },
  };
}

/** Bounded Levenshtein distance: returns max+1 as soon as it is exceeded. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Elasticsearch "AUTO:2,6" fuzziness. */
function allowedEdits(term: string): number {
  return term.length < 2 ? 0 : term.length < 6 ? 1 : 2;
}

function containsSequence(tokens: string[], seq: string[], lastIsPrefix: boolean): boolean {
  if (seq.length === 0) return false;
  outer: for (let i = 0; i + seq.length <= tokens.length; i++) {
    for (let j = 0; j < seq.length; j++) {
      const t = tokens[i + j];
      const last = j === seq.length - 1;
      if (!(last && lastIsPrefix ? t.startsWith(seq[j]) : t === seq[j])) continue outer;
    }
    return true;
  }
  return false;
}

/** A compiled query: score(row) > 0 means match. */
export class TextQuery {
  readonly empty: boolean;
  private readonly mode: 'phrase' | 'prefix' | 'terms';
  private readonly seq: string[];
  private readonly phrase: string;
  /** term → token → score; the vocabulary is small next to the number of rows. */
  private readonly memo = new Map<string, Map<string, number>>();

  constructor(raw: string) {
    let q = raw.trim();
    let mode: TextQuery['mode'] = 'terms';
    if (q.length >= 2 && q.startsWith('"') && q.endsWith('"')) {
      mode = 'phrase';
      q = q.slice(1, -1).trim();
    } else if (q.length < 3) {
      mode = 'prefix';
    }
    this.mode = mode;
    this.phrase = q.toLowerCase();
    this.seq = tokenize(q);
    this.empty = this.seq.length === 0;
  }

  /** 1 for an exact term, 0.5 for a fuzzy one, 0 otherwise (memoised per token). */
  private termScore(term: string, token: string): number {
    if (term === token) return 1;
    let byToken = this.memo.get(term);
    if (!byToken) this.memo.set(term, (byToken = new Map()));
    let s = byToken.get(token);
    if (s === undefined) {
      const max = allowedEdits(term);
      s = max > 0 && editDistance(term, token, max) <= max ? 0.5 : 0;
      byToken.set(token, s);
    }
    return s;
  }

  score(a: Analyzed): number {
    let score = 0;
    for (const f of FIELDS) {
      const toks = a.tokens[f];
      if (this.mode === 'phrase') {
        if (containsSequence(toks, this.seq, false) || (this.phrase && a.lower[f].includes(this.phrase))) score += BOOST[f];
      } else if (this.mode === 'prefix') {
        if (containsSequence(toks, this.seq, f !== 'description')) score += BOOST[f];
      } else {
        for (const term of this.seq) {
          let best = 0;
          for (const tok of toks) {
            best = Math.max(best, this.termScore(term, tok));
            if (best === 1) break;
          }
          score += best * BOOST[f];
        }
      }
    }
    return score;
  }
}

// ---- templates -----------------------------------------------------------------------------

export interface TemplateSearch {
  query: string;
  sort: TemplateSort;
  visibility?: Visibility;
  explicitPermissions: boolean;
  users: number[];
  type?: TemplateType;
}

export function parseSort(raw: string | null): TemplateSort {
  return (TEMPLATE_SORTS as readonly string[]).includes(raw ?? '') ? (raw as TemplateSort) : '_score';
}

function compareBy(sort: Exclude<TemplateSort, '_score'>): (a: TemplateRow, b: TemplateRow) => number {
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort) as 'last_modified' | 'created_at' | 'title' | 'identifier';
  const key = (t: TemplateRow) => (field === 'title' ? t.title.toLowerCase() : t[field]);
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    const c = x < y ? -1 : x > y ? 1 : a.id - b.id;
    return desc ? -c : c;
  };
}

/** Caches that survive between requests as long as the store does not change. */
export class TemplateIndex {
  private readonly analyzed = new WeakMap<TemplateRow, Analyzed>();
  private sorted = new Map<string, TemplateRow[]>();
  private generation = -1;

  constructor(private readonly store: SandboxStore) {}

  private analyzedRow(t: TemplateRow): Analyzed {
    const src = `${t.identifier}\u0000${t.title}\u0000${t.plain_description}`;
    let a = this.analyzed.get(t);
    if (!a || a.src !== src) {
      a = analyze({ identifier: t.identifier, title: t.title, description: t.plain_description });
      this.analyzed.set(t, a);
    }
    return a;
  }

  private ordered(sort: Exclude<TemplateSort, '_score'>): TemplateRow[] {
    if (this.generation !== this.store.generation) {
      this.sorted = new Map();
      this.generation = this.store.generation;
    }
    let rows = this.sorted.get(sort);
    if (!rows) {
      rows = [...this.store.templates.values()].filter((t) => t.state === 'active').sort(compareBy(sort));
      this.sorted.set(sort, rows);
    }
    return rows;
  }

  /** All active templates `userId` may see that match, in result order. */
  search(userId: number, s: TemplateSearch): TemplateRow[] {
    const q = new TextQuery(s.query);
    const groupIds = this.store.groupIdsOf(userId);
    const sysadmin = this.store.isSysadmin(userId);
    // Without a query, _score falls back to -last_modified (§3).
    const effective = s.sort === '_score' ? '-last_modified' : s.sort;
    const scores = new Map<TemplateRow, number>();
    const out: TemplateRow[] = [];
    for (const t of this.ordered(effective)) {
      if (s.type && t.type !== s.type) continue;
      if (s.visibility && t.visibility !== s.visibility) continue;
      if (s.users.length && !s.users.includes(t.creator_id)) continue;
      if (s.explicitPermissions) {
        if (this.store.templateRole(userId, t, groupIds) === null) continue;
      } else if (!sysadmin && !this.store.can(userId, t, 'read', groupIds)) {
        continue;
      }
      if (!q.empty) {
        const score = q.score(this.analyzedRow(t));
        if (score <= 0) continue;
        scores.set(t, score);
      }
      out.push(t);
    }
    // Stable sort keeps -last_modified among equal scores.
    if (s.sort === '_score' && !q.empty) out.sort((a, b) => scores.get(b)! - scores.get(a)!);
    return out;
  }
}

/** Small collections (groups): analyse on the fly. */
export function matchScore(query: TextQuery, f: SearchFields): number {
  return query.score(analyze(f));
}
