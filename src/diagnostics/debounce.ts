// One pending run per key (a document): a new request replaces the waiting one. No `vscode`.
export class Debouncer {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  run(key: string, ms: number, fn: () => void): void {
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        fn();
      }, ms),
    );
  }

  cancel(key: string): void {
    const t = this.timers.get(key);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(key);
  }

  get pending(): number {
    return this.timers.size;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/**
 * How long to wait after a keystroke before validating: ~150 ms normally, longer for very large
 * documents (a pass over a 10,000-extra template takes tens of ms; typing must not queue them).
 */
export function delayFor(chars: number): number {
  return chars < 500_000 ? 150 : chars < 2_000_000 ? 250 : 400;
}
