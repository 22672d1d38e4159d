// One place that turns any failure into a short, actionable sentence for the user, and one
// wrapper for command entry points: log it, show it, ignore cancellation. No runtime `vscode`
// import, so plain-Node modules (and their tests) can use it.
import { isCancellation, isKadiError, redact } from '../kadi/errors';
import * as l10n from './l10n';
import type { Log } from './log';
import type { Prompts } from './prompts';

/** A user's cancel (Escape, an aborted request) is not an error to report (one rule: kadi/errors.ts). */
export { isCancellation };

/**
 * A human sentence for a failure. `action` says what was being done ("save template 'x'").
 * Kadi's statuses get their meaning spelled out; the server's own description is kept.
 */
export function describeError(e: unknown, action?: string): string {
  const k = isKadiError(e) ? e : undefined;
  let text: string;
  if (!k) {
    text = e instanceof Error ? e.message : String(e);
  } else if (k.kind !== 'http') {
    text = k.message;
  } else {
    // The server's own words are quoted as they come (Kadi4Mat answers in English).
    const server = k.description ? ` ${l10n.t('(Kadi4Mat: "{0}")', k.description)}` : '';
    switch (k.status) {
      case 401:
        text = k.scopes?.length
          ? l10n.t(
              'the access token lacks a required scope: {0}. Create a token with these scopes in Kadi4Mat (Settings > Access tokens) and use "Kadi4Mat: Replace Token".',
              k.scopes.join(', '),
            )
          : l10n.t('the access token was not accepted{0}. Use "Kadi4Mat: Replace Token" to enter a valid one.', server);
        break;
      case 403:
        text = l10n.t('you do not have the required role on this resource{0}. Ask its owner for the editor (to edit) or admin (permissions, delete) role.', server);
        break;
      case 404:
        text = l10n.t('it no longer exists on the server, or it was moved to the trash{0}.', server);
        break;
      case 409:
        text = l10n.t('the server reported a conflict{0}.', server);
        break;
      case 429:
        text = k.retryAfter
          ? l10n.t('the server is rate-limiting requests; try again in {0} s.', k.retryAfter)
          : l10n.t('the server is rate-limiting requests.');
        break;
      case 400:
        // The client's message already lists Kadi's field errors ("title: Longer than …").
        text = k.message;
        break;
      default:
        text = k.message;
    }
  }
  return redact(action ? l10n.t('Could not {0}: {1}', action, text) : text);
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
      const showLog = l10n.t('Show Log');
      void prompts.error(message, showLog).then((choice) => {
        if (choice === showLog) log.show?.();
      });
    }
  };
}
