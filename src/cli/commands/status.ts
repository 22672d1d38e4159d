import { parse } from '../args';
import { folderOf, folderStatus } from '../context';
import { EXIT, type CliIo } from '../io';
import { differences, type FileState } from '../../templatesAsCode/status';

export const STATUS_HELP = `Usage: kadi-templates status [--dir D] [--config-instance NAME]

Compares the folder with the server: one listing request per 100 templates.
Exit 0 when everything is in sync, 1 when something differs.

  M  changed locally          A  new locally             D  deleted locally
  S  changed on the server    N  new on the server       X  deleted on the server
  C  conflict (changed on both sides)
`;

export const STATE_CODE: Record<FileState, string> = {
  unchanged: ' ',
  modified: 'M',
  added: 'A',
  'deleted-locally': 'D',
  'server-changed': 'S',
  'server-new': 'N',
  'server-deleted': 'X',
  conflict: 'C',
};

const STATE_TEXT: Record<FileState, string> = {
  unchanged: 'unchanged',
  modified: 'changed locally',
  added: 'new locally',
  'deleted-locally': 'deleted locally',
  'server-changed': 'changed on the server',
  'server-new': 'new on the server',
  'server-deleted': 'deleted on the server',
  conflict: 'conflict',
};

export async function statusCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { dir: { type: 'string' }, 'config-instance': { type: 'string' } });
  if (values.help) return void io.out(STATUS_HELP), EXIT.ok;
  const dir = folderOf(io, values.dir as string | undefined);
  const { st } = await folderStatus(io, dir, values['config-instance'] as string | undefined);
  const diff = differences(st.entries);
  for (const e of diff) {
    const extra = e.movedFrom ? ` (renamed from ${e.movedFrom})` : e.reason ? ` (${e.reason})` : '';
    io.out(`${STATE_CODE[e.state]} ${e.file}  ${STATE_TEXT[e.state]}${extra}\n`);
  }
  if (st.limitReached) io.err(`kadi-templates: ${st.limitReached}\n`);
  io.out(diff.length ? `${diff.length} of ${st.entries.length} differ (${st.manifest.instance}).\n` : `In sync with ${st.manifest.instance}: ${st.entries.length} templates.\n`);
  return diff.length ? EXIT.differences : EXIT.ok;
}
