import { parse } from '../args';
import { folderOf, folderStatus } from '../context';
import { EXIT, type CliIo } from '../io';
import { namesIn } from './diff';
import { PUSH_FAILED, runPush } from '../../templatesAsCode/push';

export const PUSH_HELP = `Usage: kadi-templates push [--dir D] [--dry-run] [--overwrite] [FILE…] [--config-instance NAME]

Creates templates for new files and sends only the changed fields of changed ones (one
revision per template). Before each update the template is read again: if it changed on the
server since the last pull/push, the file is not pushed (a conflict) unless --overwrite.
Files with validation errors are not pushed. Push never deletes templates.
--dry-run reports what would be sent without sending anything.
Exit 0 when every file went through, 1 when a file was refused, in conflict or failed.
`;

export async function pushCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    dir: { type: 'string' },
    'dry-run': { type: 'boolean' },
    overwrite: { type: 'boolean' },
    'config-instance': { type: 'string' },
  });
  if (values.help) return void io.out(PUSH_HELP), EXIT.ok;
  const dir = folderOf(io, values.dir as string | undefined);
  const only = namesIn(dir, io, positionals);
  const { conn, st } = await folderStatus(io, dir, values['config-instance'] as string | undefined);
  const dryRun = values['dry-run'] === true;
  const reports = await runPush(dir, conn.client, st.manifest, st.entries, { dryRun, overwrite: values.overwrite === true, only }, io.signal);
  for (const r of reports) io.out(`${dryRun ? '(dry run) ' : ''}${r.file}: ${r.outcome} — ${r.message}\n`);
  const failed = reports.filter((r) => PUSH_FAILED.has(r.outcome)).length;
  const sent = reports.filter((r) => r.outcome === 'created' || r.outcome === 'updated').length;
  if (!reports.length) io.out('Nothing to push.\n');
  else io.out(`${dryRun ? 'Would push' : 'Pushed'} ${sent} file${sent === 1 ? '' : 's'} to ${st.manifest.instance}${failed ? `; ${failed} not pushed` : ''}.\n`);
  return failed ? EXIT.differences : EXIT.ok;
}
