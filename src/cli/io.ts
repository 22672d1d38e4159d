// What a command may touch of the outside world: injectable, so tests run commands in-process
// with captured output, a fake environment and a fake home folder.
import * as os from 'node:os';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  home: string;
  /** Progress lines go to stderr only when it is a terminal. */
  isTTY: boolean;
  signal?: AbortSignal;
}

export function processIo(signal?: AbortSignal): CliIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    home: os.homedir(),
    isTTY: Boolean(process.stderr.isTTY),
    signal,
  };
}

/** Exit codes: 0 fine, 1 differences / problems / refused files, 2 usage or connection errors. */
export const EXIT = { ok: 0, differences: 1, usage: 2 } as const;

/** A usage or setup problem: printed as "kadi-templates: <message>", exit 2. */
export class UsageError extends Error {}
