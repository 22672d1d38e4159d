// What the file-system core throws, without a `vscode` import: the provider turns it into a
// `vscode.FileSystemError` with the same code and message. VS Code then keeps the editor dirty
// and offers Retry / Save As / Revert, so nothing typed is lost. The mapping of read and save
// failures to codes and sentences lives here too.
import { flattenErrors, isKadiError } from '../kadi/errors';
import type { ErrorTree } from '../kadi/types';
import type { Diagnostic } from '../validation';

export type FsFailureCode = 'NoPermissions' | 'FileNotFound' | 'FileExists' | 'Unavailable' | 'Unknown';

export class FsFailure extends Error {
  constructor(
    readonly code: FsFailureCode,
    message: string,
    /** A 400's field errors at their places in the saved text (code "server"), for diagnostics. */
    readonly problems?: { text: string; items: Diagnostic[] },
  ) {
    super(message);
    this.name = 'FsFailure';
  }
}

export function isFsFailure(e: unknown): e is FsFailure {
  return e instanceof FsFailure;
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
 * A failed save, in the user's terms: a 400's field errors (located in `text` for the editor),
 * a missing editor role, a template deleted meanwhile; the rest says the changes are kept.
 */
export function saveFailure(
  e: unknown,
  what: string,
  describe: DescribeError,
  /** The saved text and how to place a 400's field errors in it (the validation engine's serverErrorsToDiagnostics). */
  saved?: { text: string; locate(text: string, errors: ErrorTree): Diagnostic[] },
): FsFailure {
  if (e instanceof FsFailure) return e;
  const still = ' Your changes are still in the editor.';
  if (isKadiError(e) && e.kind === 'http') {
    const server = e.description ? ` (Kadi4Mat: "${e.description}")` : '';
    switch (e.status) {
      case 400: {
        if (!e.errors) break;
        const lines = flattenErrors(e.errors);
        const shown = lines.slice(0, 3).map((l) => l.replace(/\.$/, '')).join('; ') + (lines.length > 3 ? ` (and ${lines.length - 3} more)` : '');
        const problems = saved && { text: saved.text, items: saved.locate(saved.text, e.errors) };
        return new FsFailure('Unknown', `Could not ${what}: Kadi4Mat rejected it: ${shown}. The fields are marked in the editor.`, problems);
      }
      case 403:
        return new FsFailure(
          'NoPermissions',
          `Could not ${what}: you lack the editor role on this template${server}. Rights can also come through a group; ask the template's owner for the editor role.${still}`,
        );
      case 404:
        return new FsFailure(
          'Unknown',
          `Could not ${what}: the template no longer exists on the server (it was deleted or moved to the trash meanwhile). Use "Save As…" to keep your text in a local file.`,
        );
    }
  }
  const code = isKadiError(e) && (e.kind === 'network' || e.kind === 'timeout' || e.status >= 500) ? 'Unavailable' : 'Unknown';
  return new FsFailure(code, describe(e, what) + still);
}
