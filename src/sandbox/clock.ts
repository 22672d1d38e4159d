// Timestamps as Kadi writes them: ISO-8601, microseconds, "+00:00" (kadi-api.md §0).

/** Current wall-clock time in microseconds since the epoch (sub-millisecond from the perf clock). */
export function wallMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

export function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString(); // 2024-03-01T09:15:22.123Z
  const micro = String(((us % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 19)}.${micro}+00:00`;
}

/** Parse a timestamp written by formatMicros (or any ISO string) back to microseconds. */
export function parseMicros(ts: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,6})\d*)?(.*)$/.exec(ts);
  if (!m) return NaN;
  const whole = Date.parse(m[1] + (m[3] || 'Z'));
  return whole * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/**
 * Strictly increasing clock: two changes within the same microsecond (or after the state
 * was loaded from a file written by a faster clock) still get distinct, ordered timestamps.
 */
export class MonotonicClock {
  private last = 0;

  /** Never hand out a timestamp at or before `ts` (e.g. the newest one in loaded data). */
  observe(ts: string): void {
    const us = parseMicros(ts);
    if (Number.isFinite(us) && us > this.last) this.last = us;
  }

  now(): string {
    this.last = Math.max(this.last + 1, wallMicros());
    return formatMicros(this.last);
  }
}
