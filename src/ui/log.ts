// The one "Kadi4Mat" log channel. Everything that logs goes through `Log`, so tests can give
// their own and nothing can print a token by accident: every line passes `redact`.
import * as vscode from 'vscode';
import { redact } from '../kadi/errors';

export interface Log {
  trace(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Reveals the log to the user (where there is one to show). */
  show?(): void;
}

export function createLog(): { log: Log; channel: vscode.LogOutputChannel } {
  const channel = vscode.window.createOutputChannel('Kadi4Mat', { log: true });
  const log: Log = {
    trace: (m) => channel.trace(redact(m)),
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error: (m) => channel.error(redact(m)),
    show: () => channel.show(),
  };
  return { log, channel };
}
