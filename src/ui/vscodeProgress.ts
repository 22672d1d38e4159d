// The progress of flows (progress.ts): the status bar first, a notification when it lasts.
import * as vscode from 'vscode';
import type { StepProgress, WithProgress } from './progress';

/**
 * Most requests answer within a second: a notification for them would flash up and outlive the
 * result it announces. So the work shows in the status bar (window progress) first and becomes
 * a notification — cancellable where the flow allows it — only when it takes longer than this.
 */
export const NOTIFY_AFTER_MS = 1500;

export const notificationProgress: WithProgress = (title, work, options) => {
  const controller = options?.cancellable ? new AbortController() : undefined;
  const running = Promise.resolve().then(() => work(controller?.signal));
  const settled = running.then(
    () => undefined,
    () => undefined,
  );
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, () => settled);
  const timer = setTimeout(() => {
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: !!controller }, (_progress, token) => {
      const sub = token.onCancellationRequested(() => controller?.abort());
      return settled.finally(() => sub.dispose());
    });
  }, NOTIFY_AFTER_MS);
  return running.finally(() => clearTimeout(timer));
};

export const stepProgress: StepProgress = (title, work) =>
  Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
      work({
        report: (message, increment) => progress.report({ message, increment }),
        get cancelled() {
          return token.isCancellationRequested;
        },
      }),
    ),
  );
