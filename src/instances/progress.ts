// `WithProgress` backed by VS Code: a notification while network work runs.
import * as vscode from 'vscode';
import type { WithProgress } from './flows';

export const notificationProgress: WithProgress = (title, work) =>
  Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => work()));
