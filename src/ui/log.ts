// The one "Kadi4Mat" log channel. Everything that logs goes through `Log`, so tests can give
// their own and nothing can print a token by accident: every line passes `redactTokens`.
import * as vscode from 'vscode';

export interface Log {
  trace(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Replaces anything shaped like a Kadi token (`pat_…`, `oat_…`) and bearer headers. */
export function redactTokens(text: string): string {
  return text
    .replace(/\b(pat|oat)_[A-Za-z0-9_\-.]+/g, '$1_…')
    .replace(/(Bearer\s+)[^\s"']+/gi, '$1…');
}

export function createLog(): { log: Log; channel: vscode.LogOutputChannel } {
  const channel = vscode.window.createOutputChannel('Kadi4Mat', { log: true });
  const log: Log = {
    trace: (m) => channel.trace(redactTokens(m)),
    info: (m) => channel.info(redactTokens(m)),
    warn: (m) => channel.warn(redactTokens(m)),
    error: (m) => channel.error(redactTokens(m)),
  };
  return { log, channel };
}
