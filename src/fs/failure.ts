// What the file-system core throws, without a `vscode` import: the provider turns it into a
// `vscode.FileSystemError` with the same code and message. VS Code then keeps the editor dirty
// and offers Retry / Save As / Revert, so nothing typed is lost.
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
