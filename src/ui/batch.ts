// Acting on several selected tree items at once (multi-select in the Kadi4Mat view): the names
// for one confirmation, one step progress for the whole batch (cancellable between items), and
// one summary at the end. No `vscode` import: the flows using it are unit-tested in plain Node.
import { describeError } from './errors';
import * as l10n from './l10n';
import type { StepProgress } from './progress';
import type { Prompts } from './prompts';

export interface BatchResult<T> {
  done: T[];
  failed: { item: T; reason: string }[];
  cancelled: boolean;
  /** How many were selected; fewer than done + failed when the batch stopped early. */
  total: number;
}

const MAX_NAMED = 5;
const MAX_NAME = 40;

/** An identifier cut to a readable length. */
export function shorten(name: string, max = MAX_NAME): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

/** `"a", "b", "c", and 4 more` — the (shortened) names for a confirmation. */
export function namesList(names: readonly string[], max = MAX_NAMED): string {
  const shown = names.slice(0, max).map((n) => `"${shorten(n)}"`).join(', ');
  return names.length > max ? l10n.t('{0}, and {1} more', shown, names.length - max) : shown;
}

/**
 * Runs `work` for each item under one step progress; stops between items when cancelled. A
 * failure is recorded with `explain(e)` (its reason) and the batch goes on, unless `fatal(e)`
 * (a missing scope, a lost connection: every other item would fail alike) — then it stops there.
 */
export async function runBatch<T>(
  steps: StepProgress,
  title: string,
  items: readonly T[],
  name: (item: T) => string,
  work: (item: T) => Promise<void>,
  options: { explain?: (e: unknown, item: T) => Promise<unknown> | unknown; fatal?: (e: unknown) => boolean } = {},
): Promise<BatchResult<T>> {
  const result: BatchResult<T> = { done: [], failed: [], cancelled: false, total: items.length };
  await steps(title, async (s) => {
    for (const [i, item] of items.entries()) {
      if (s.cancelled) {
        result.cancelled = true;
        break;
      }
      s.report(l10n.t('{0} of {1}: "{2}"', i + 1, items.length, shorten(name(item))), 100 / items.length);
      try {
        await work(item);
        result.done.push(item);
      } catch (e) {
        const explained = options.explain ? await options.explain(e, item) : e;
        result.failed.push({ item, reason: describeError(explained) });
        if (options.fatal?.(e)) break;
      }
    }
  });
  return result;
}

/**
 * The one message at the end: the status bar when all went well (or the user stopped it), a
 * warning listing each failure with its reason otherwise. `done` is e.g. "Deleted 2 of 3 templates".
 */
export function reportBatch<T>(prompts: Prompts, result: BatchResult<T>, done: string, name: (item: T) => string): void {
  if (result.failed.length) {
    const why = result.failed.map((f) => `"${shorten(name(f.item))}": ${f.reason}`).join(' — ');
    const untried = result.total - result.done.length - result.failed.length;
    const stopped = result.cancelled
      ? l10n.t(' Stopped on request.')
      : untried > 0
        ? l10n.t(' Stopped there: the other {0} were not tried.', untried)
        : '';
    void prompts.warn(l10n.t('{0}. {1} failed: {2}{3}', done, result.failed.length, why, stopped), { modal: false });
  } else if (result.cancelled) {
    prompts.status(l10n.t('{0}; stopped on request.', done));
  } else {
    prompts.status(l10n.t('{0}.', done));
  }
}
