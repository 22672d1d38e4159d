// The progress of flows (progress.ts) as VS Code notifications.
import * as vscode from 'vscode';
import type { StepProgress, WithProgress } from './progress';

export const notificationProgress: WithProgress = (title, work, options) =>
  Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: !!options?.cancellable }, (_progress, token) => {
      if (!options?.cancellable) return work();
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      return work(controller.signal).finally(() => sub.dispose());
    }),
  );

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
