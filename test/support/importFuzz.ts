// Mutations of import fixtures, shared by the unit fuzzing (test/unit/import-fuzz.test.ts) and
// the agreement with Kadi4Mat's importer (test/real-kadi/import.test.ts).
import type { Rng } from './rng';

const ODD: unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 60, '', ' ', 'x', '%ZZ', '#/$defs/x', '#/definitions/%ZZ', '__proto__', [], [null], [1, 'a'], {}, { type: 'object' }, { $ref: '#' }, { enum: 'x' }, { options: 5 }];

export function mutate(v: unknown, r: Rng, depth = 0): unknown {
  if (r.chance(0.08) || depth > 12) return r.pick(ODD);
  if (Array.isArray(v)) return v.filter(() => !r.chance(0.1)).map((x) => mutate(x, r, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!r.chance(0.08)) out[r.chance(0.03) ? r.pick(['type', 'value', 'key', '$ref', 'validation', 'unit', 'extra_fields']) : k] = mutate(x, r, depth + 1);
    return out;
  }
  return v;
}

/** One to three small edits: a line dropped, or a token inserted into it. */
export function scramble(text: string, r: Rng): string {
  const lines = text.split('\n');
  for (let n = 1 + r.int(3); n > 0; n--) {
    const i = r.int(lines.length);
    const l = lines[i];
    if (r.chance(0.3)) lines.splice(i, 1);
    else {
      const at = r.int(l.length + 1);
      lines[i] = l.slice(0, at) + r.pick([' "x"', ' <http://x/y>', ' 1e9', ' -3', ' true', ' sh:minCount 1 ;', ' sh:in ( 1 "a" <x> ) ;', ' sh:datatype xsd:date ;', ' sh:node _:b ;', ' sh:name "" ;', '"', ';']) + l.slice(at);
    }
  }
  return lines.join('\n');
}

