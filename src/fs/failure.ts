// What the file-system core throws, without a `vscode` import: the provider turns it into a
// `vscode.FileSystemError` with the same code and message. VS Code then keeps the editor dirty
// and offers Retry / Save As / Revert, so nothing typed is lost.
import type { TextProblem } from '../kadi/errorRanges';

export type FsFailureCode = 'NoPermissions' | 'FileNotFound' | 'FileExists' | 'Unavailable' | 'Unknown';

export class FsFailure extends Error {
  constructor(
    readonly code: FsFailureCode,
    message: string,
    /** 400 field errors mapped to the saved text, for diagnostics. */
    readonly problems?: { text: string; items: TextProblem[] },
  ) {
    super(message);
    this.name = 'FsFailure';
  }
}

export function isFsFailure(e: unknown): e is FsFailure {
  return e instanceof FsFailure;
}
