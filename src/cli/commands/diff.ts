import * as path from 'node:path';
import { parse } from '../args';
import { folderOf, folderStatus } from '../context';
import { EXIT, UsageError, type CliIo } from '../io';
import { unifiedDiff } from '../../templatesAsCode/diff';

export const DIFF_HELP = `Usage: kadi-templates diff [--dir D] [FILE…] [--config-instance NAME]

Unified diff from the server's version (---) to the local file (+++), for every file that
differs, or only the named ones. Exit 0.
`;

/** FILE arguments as names in the folder (they may be given as paths). */
export function namesIn(dir: string, io: CliIo, files: readonly string[]): Set<string> | undefined {
  if (!files.length) return undefined;
  return new Set(
    files.map((f) => {
      const abs = path.resolve(io.cwd, f);
      if (path.dirname(abs) !== dir && path.dirname(path.resolve(dir, f)) !== dir) throw new UsageError(`${f} is not a file of ${dir}.`);
      return path.basename(abs);
    }),
  );
}

export async function diffCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { dir: { type: 'string' }, 'config-instance': { type: 'string' } });
  if (values.help) return void io.out(DIFF_HELP), EXIT.ok;
  const dir = folderOf(io, values.dir as string | undefined);
  const only = namesIn(dir, io, positionals);
  const { st } = await folderStatus(io, dir, values['config-instance'] as string | undefined);
  for (const e of st.entries) {
    if (only ? !only.has(e.file) : e.state === 'unchanged') continue;
    const text = unifiedDiff(e);
    if (text) io.out(text.endsWith('\n') ? text : text + '\n');
  }
  return EXIT.ok;
}
