// One place that turns any failure into a short, actionable sentence for the user, and one
// wrapper for command entry points: log it, show it, ignore cancellation. No runtime `vscode`
// import, so plain-Node modules (and their tests) can use it.
import { redact } from '../kadi/errors';
import type { Log } from './log';
import type { Prompts } from './prompts';

/** Structural view of the client's KadiError (src/kadi/errors.ts), so this module stays light. */
interface KadiErrorLike {
  kind: 'http' | 'network' | 'timeout' | 'aborted' | 'bad-response' | 'config';
  status: number;
  message: string;
  description?: string;
  scopes?: string[];
  retryAfter?: number;
  errors?: unknown;
}

function asKadiError(e: unknown): KadiErrorLike | undefined {
  if (e && typeof e === 'object' && 'kind' in e && 'status' in e && e instanceof Error) return e as unknown as KadiErrorLike;
  return undefined;
}

/** A user's cancel (Escape, an aborted request) is not an error to report. */
export function isCancellation(e: unknown): boolean {
  const k = asKadiError(e);
  if (k?.kind === 'aborted') return true;
  return e instanceof Error && (e.name === 'Canceled' || e.name === 'AbortError' || e.name === 'CancellationError');
}

/**
 * A human sentence for a failure. `action` says what was being done ("save template 'x'").
 * Kadi's statuses get their meaning spelled out; the server's own description is kept.
 */
export function describeError(e: unknown, action?: string): string {
  const prefix = action ? `Could not ${action}: ` : '';
  const k = asKadiError(e);
  let text: string;
  if (!k) {
    text = e instanceof Error ? e.message : String(e);
  } else if (k.kind !== 'http') {
    text = k.message;
  } else {
    const server = k.description ? ` (Kadi4Mat: "${k.description}")` : '';
    switch (k.status) {
      case 401:
        text = k.scopes?.length
          ? `the access token lacks a required scope: ${k.scopes.join(', ')}. Create a token with these scopes in Kadi4Mat (Settings > Access tokens) and use "Kadi4Mat: Replace Token".`
          : `the access token was not accepted${server}. Use "Kadi4Mat: Replace Token" to enter a valid one.`;
        break;
      case 403:
        text = `you do not have the required role on this resource${server}. Ask its owner for the editor (to edit) or admin (permissions, delete) role.`;
        break;
      case 404:
        text = `it no longer exists on the server, or it was moved to the trash${server}.`;
        break;
      case 409:
        text = `the server reported a conflict${server}.`;
        break;
      case 429:
        text = `the server is rate-limiting requests${k.retryAfter ? `; try again in ${k.retryAfter} s` : ''}.`;
        break;
      case 400:
        // The client's message already lists Kadi's field errors ("title: Longer than …").
        text = k.message;
        break;
      default:
        text = k.message;
    }
  }
  return redact(prefix + text);
}

/**
 * Wraps a command handler: failures are logged and shown once, cancellations are ignored.
 * The returned promise never rejects (VS Code would show a second, raw message).
 */
export function runCommand<A extends unknown[]>(
  log: Log,
  prompts: Prompts,
  name: string,
  fn: (...args: A) => Promise<unknown>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      if (isCancellation(e)) return;
      const message = describeError(e);
      log.error(`${name}: ${message}`);
      void prompts.error(message, 'Show Log').then((choice) => {
        if (choice === 'Show Log') log.show?.();
      });
    }
  };
}
