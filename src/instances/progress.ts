// `WithProgress` backed by VS Code: a notification while network work runs.
import * as vscode from 'vscode';
import type { WithProgress } from './flows';

export const notificationProgress: WithProgress = (title, work, options) =>
  Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: !!options?.cancellable }, (_progress, token) => {
      if (!options?.cancellable) return work();
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      return work(controller.signal).finally(() => sub.dispose());
    }),
  );
