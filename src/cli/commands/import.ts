// `kadi-templates import`: the converter of src/import (runImport) on the command line's io.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { runImport } from '../../import/cli';
import type { CliIo } from '../io';

export function importCommand(argv: readonly string[], io: CliIo): Promise<number> {
  return runImport([...argv], { stdout: io.out, stderr: io.err, readFile: (file) => readFile(path.resolve(io.cwd, file), 'utf8') });
}
