// The real Kadi4Mat that run.ts started, for the suites in this folder (each is bundled on its
// own, so the instance travels on globalThis, not in a module variable).
import type { RealKadi } from '../../scripts/real-kadi/launcher';

const KEY = '__kadi4matRealKadi';

export function setRealKadi(k: RealKadi): void {
  (globalThis as Record<string, unknown>)[KEY] = k;
}

export function realKadi(): RealKadi {
  const k = (globalThis as Record<string, unknown>)[KEY] as RealKadi | undefined;
  if (!k) throw new Error('no real Kadi4Mat: run these suites through test/real-kadi/run.ts (npm run test:real-kadi)');
  return k;
}

/** A bearer header for a sandbox token (the real instance has the same ones). */
export const bearer = (token = 'pat_sandbox_alice'): Record<string, string> => ({ Authorization: `Bearer ${token}` });
