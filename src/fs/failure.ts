// What the file-system core throws, without a `vscode` import: the provider turns it into a
// `vscode.FileSystemError` with the same code and message. VS Code then keeps the editor dirty
// and shows "Failed to save '<file>': Unable to write file '<uri>' (<code>: <message>)" with
// Retry / Save As / Revert, so nothing typed is lost. Because VS Code already names the file and
// says "failed to save", our messages are one short, specific sentence; where the user needs
// something VS Code's notification does not offer (the Problems view, a new token, the template
// in the browser), `saveFailureAction()` names it and the session shows it (README: Decisions).
import { flattenErrors, isKadiError } from '../kadi/errors';
import type { ErrorTree } from '../kadi/types';
import * as l10n from '../ui/l10n';
import type { Diagnostic } from '../validation';
import { brandClass } from '../ui/processWide';

export type FsFailureCode = 'NoPermissions' | 'FileNotFound' | 'FileExists' | 'Unavailable' | 'Unknown';

/** Why a save failed, in the user's terms (decides the extra action, if any). */
export type SaveFailureReason =
  /** Not valid JSON, the save gate, or Kadi's 400 with field errors: fix the text. */
  | 'invalid'
  /** 401: the token was refused or lacks a scope. */
  | 'unauthorized'
  /** 403, or known not to be an editor. */
  | 'forbidden'
  /** 404: deleted or moved to the trash meanwhile. */
  | 'gone'
  /** 409: the server reported a conflict (e.g. an identifier in use). */
  | 'conflict'
  /** The same field changed on the server and the user chose not to overwrite. */
  | 'serverChanged'
  /** 429, 5xx, no connection: a retry later can succeed. */
  | 'unavailable'
  /** Revisions, exports, the server side of a diff. */
  | 'readOnly'
  | 'other';

/** The one action our own notification offers for a failed save (VS Code's has Retry / Save As / Revert). */
export type SaveFailureAction = 'showProblems' | 'replaceToken' | 'openInBrowser' | 'compare';

export class FsFailure extends Error {
  constructor(
    readonly code: FsFailureCode,
    message: string,
    /** A 400's field errors at their places in the saved text (code "server"), for diagnostics. */
    readonly problems?: { text: string; items: Diagnostic[] },
    readonly reason: SaveFailureReason = 'other',
  ) {
    super(message);
    this.name = 'FsFailure';
  }
}
brandClass(FsFailure, 'FsFailure'); // one identity across the bundles (processWide.ts)

export function isFsFailure(e: unknown): e is FsFailure {
  return e instanceof FsFailure;
}

/**
 * What our own notification adds to VS Code's for a failed save, or undefined when VS Code's
 * Retry / Save As / Revert already cover it (a retry helps when the server was unavailable;
 * Save As is the way out for a deleted template) or when the user chose it (a conflict they
 * cancelled).
 */
export function saveFailureAction(reason: SaveFailureReason): SaveFailureAction | undefined {
  switch (reason) {
    case 'invalid':
    case 'conflict':
      return 'showProblems';
    case 'unauthorized':
      return 'replaceToken';
    case 'forbidden':
      return 'openInBrowser';
    default:
      return undefined;
  }
}

/** Words a failure for people (the UI's `describeError`, injected: no `vscode` here). */
export type DescribeError = (e: unknown, action?: string) => string;

/** A failed read (open, stat, revision, export): 404 → FileNotFound, 403 → NoPermissions, else Unavailable. */
export function readFailure(e: unknown, what: string, describe: DescribeError): FsFailure {
  if (e instanceof FsFailure) return e;
  if (isKadiError(e) && e.kind === 'http') {
    if (e.status === 404) return new FsFailure('FileNotFound', describe(e, what));
    if (e.status === 403) return new FsFailure('NoPermissions', describe(e, what));
  }
  return new FsFailure('Unavailable', describe(e, what));
}

/**
 * A failed save as one short sentence (VS Code puts "Failed to save '<file>'" in front), with
 * the FileSystemError code that fits and the reason that decides the extra action:
 * 400 → invalid (Kadi's field errors located in `text` for the editor), 401 → unauthorized,
 * 403 → forbidden (NoPermissions), 404 → gone (FileNotFound), 409 → conflict (FileExists),
 * 429 / 5xx / network / timeout → unavailable (Unavailable: the one case Retry can help).
 */
export function saveFailure(
  e: unknown,
  _what: string,
  describe: DescribeError,
  /** The saved text and how to place a 400's field errors in it (the validation engine's serverErrorsToDiagnostics). */
  saved?: { text: string; locate(text: string, errors: ErrorTree): Diagnostic[] },
): FsFailure {
  if (e instanceof FsFailure) return e;
  if (isKadiError(e) && e.kind === 'http') {
    const server = e.description ? ` ${l10n.t('(Kadi4Mat: "{0}")', e.description)}` : '';
    switch (e.status) {
      case 400: {
        if (!e.errors) break;
        const lines = flattenErrors(e.errors);
        const shown = lines.slice(0, 3).map((l) => l.replace(/\.$/, '')).join('; ') + (lines.length > 3 ? l10n.t(' (and {0} more)', lines.length - 3) : '');
        const problems = saved && { text: saved.text, items: saved.locate(saved.text, e.errors) };
        return new FsFailure('Unknown', l10n.t('Kadi4Mat refused it: {0}. The fields are marked in the editor.', shown), problems, 'invalid');
      }
      case 401:
        return new FsFailure(
          'NoPermissions',
          e.scopes?.length
            ? l10n.t('The access token lacks the scope {0}. Replace the token, then save again.', e.scopes.join(', '))
            : l10n.t('Kadi4Mat did not accept the access token. Replace the token, then save again.'),
          undefined,
          'unauthorized',
        );
      case 403:
        return new FsFailure('NoPermissions', l10n.t('You are not an editor of this template{0}. Ask its owner for the editor role.', server), undefined, 'forbidden');
      case 404:
        return new FsFailure(
          'FileNotFound',
          l10n.t('The template no longer exists on the server (deleted or moved to the trash). "Save As…" keeps your text in a local file.'),
          undefined,
          'gone',
        );
      case 409:
        return new FsFailure('FileExists', l10n.t('Kadi4Mat reported a conflict{0}.', server), undefined, 'conflict');
      case 429:
        return new FsFailure(
          'Unavailable',
          e.retryAfter ? l10n.t('Kadi4Mat is limiting requests; retry in {0} s.', e.retryAfter) : l10n.t('Kadi4Mat is limiting requests; retry in a moment.'),
          undefined,
          'unavailable',
        );
    }
    if (e.status >= 500) {
      return new FsFailure('Unavailable', l10n.t('{0} Retry later; your changes stay in the editor.', e.message), undefined, 'unavailable');
    }
  }
  if (isKadiError(e) && (e.kind === 'network' || e.kind === 'timeout')) {
    return new FsFailure('Unavailable', l10n.t('{0} Retry when it is back; your changes stay in the editor.', e.message), undefined, 'unavailable');
  }
  return new FsFailure('Unknown', describe(e) + l10n.t(' Your changes are still in the editor.'));
}
