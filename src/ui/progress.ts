// How flows show progress, without `vscode` (the flows are unit-tested with `work()` run
// directly). The VS Code implementations are in vscodeProgress.ts.

/** Progress while network work runs (the status bar; a notification once it lasts); `cancellable` passes an AbortSignal to the work. */
export type WithProgress = <T>(title: string, work: (signal?: AbortSignal) => Promise<T>, options?: { cancellable?: boolean }) => Promise<T>;

/** Progress with steps (Empty Trash): report advances the bar; `cancelled` is the user's Cancel. */
export interface Steps {
  report(message: string, increment: number): void;
  readonly cancelled: boolean;
}
export type StepProgress = <T>(title: string, work: (steps: Steps) => Promise<T>) => Promise<T>;
