// Seeded randomness for fuzz tests: the same seed gives the same run, so a failure reproduces.
import { mulberry32 } from '../../src/sandbox/random';

export { mulberry32 };

export function rng(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}
export type Rng = ReturnType<typeof rng>;
