import { parse } from '../args';
import { connect, folderOf, instanceAddress, progress } from '../context';
import { EXIT, UsageError, type CliIo } from '../io';
import { readFolder } from '../../templatesAsCode/folder';
import { emptyManifest, type PullFilter } from '../../templatesAsCode/manifest';
import { applyPull } from '../../templatesAsCode/pull';
import { statusOf } from '../../templatesAsCode/session';

export const PULL_HELP = `Usage: kadi-templates pull [--instance URL] [--dir D] [--query Q] [--type record|extras] [--mine]
                          [--discard-local FILE]… [--dry-run] [--config-instance NAME]

Writes each template as <identifier>.kadi-template.json and records the state in
kadi-templates.json. The first pull sets the instance and the filter (--query, --type, --mine);
later pulls reuse them (giving any of the three replaces the whole filter). Files with local changes that were not pushed are kept and reported;
--discard-local FILE replaces one with the server's version.
Exit 0 when done, 1 when files were kept because of conflicts.
`;

export async function pullCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    instance: { type: 'string' },
    dir: { type: 'string' },
    query: { type: 'string' },
    type: { type: 'string' },
    mine: { type: 'boolean' },
    'discard-local': { type: 'string', multiple: true },
    'dry-run': { type: 'boolean' },
    'config-instance': { type: 'string' },
  });
  if (values.help) return void io.out(PULL_HELP), EXIT.ok;
  const type = values.type as string | undefined;
  if (type !== undefined && type !== 'record' && type !== 'extras') throw new UsageError(`--type must be "record" or "extras", not "${type}".`);
  const dir = folderOf(io, values.dir as string | undefined);
  const folder = await readFolder(dir);
  const filterGiven = values.query !== undefined || type !== undefined || values.mine !== undefined;
  if (folder.manifest && values.instance && instanceAddress(values.instance as string) !== folder.manifest.instance) {
    throw new UsageError(`This folder mirrors ${folder.manifest.instance}, not ${instanceAddress(values.instance as string)}. Use another folder (--dir).`);
  }
  const conn = connect(io, { instance: (values.instance as string | undefined) ?? folder.manifest?.instance, configInstance: values['config-instance'] as string | undefined });
  const filter: PullFilter = { query: values.query as string | undefined, type: type as PullFilter['type'], mine: values.mine === true };
  const manifest = folder.manifest ?? emptyManifest(conn.instance, filter);
  if (folder.manifest && filterGiven) manifest.pull = emptyManifest(conn.instance, filter).pull;

  const p = progress(io, 'listing templates:');
  const st = await statusOf(folder, manifest, conn.client, { signal: io.signal, onProgress: p.update });
  p.done();
  const reports = await applyPull(dir, manifest, st.entries, { discardLocal: new Set((values['discard-local'] as string[] | undefined) ?? []), dryRun: values['dry-run'] === true });
  let conflicts = 0;
  for (const r of reports) {
    if (r.outcome === 'up-to-date') continue;
    if (r.outcome === 'conflict') conflicts++;
    io.out(`${values['dry-run'] ? '(dry run) ' : ''}${r.file}: ${r.message}\n`);
  }
  if (st.limitReached) io.err(`kadi-templates: ${st.limitReached}\n`);
  const upToDate = reports.filter((r) => r.outcome === 'up-to-date').length;
  io.out(`Pulled from ${manifest.instance} into ${dir}: ${reports.length - upToDate} changed, ${upToDate} up to date${conflicts ? `, ${conflicts} conflict${conflicts > 1 ? 's' : ''}` : ''}.\n`);
  return conflicts ? EXIT.differences : EXIT.ok;
}
