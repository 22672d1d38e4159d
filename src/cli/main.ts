// `kadi-templates`: templates as code from the command line. One entry per command in COMMANDS:
// a function (argv, io) → exit code, so a new command (e.g. `import`) is one file and one row.
import { isKadiError } from '../kadi/client';
import { redact } from '../kadi/errors';
import { ManifestError } from '../templatesAsCode/manifest';
import { NoManifestError } from '../templatesAsCode/session';
import { diffCommand } from './commands/diff';
import { pullCommand } from './commands/pull';
import { pushCommand } from './commands/push';
import { statusCommand } from './commands/status';
import { validateCommand } from './commands/validate';
import { importCommand } from './commands/import';
import { mcpCommand } from './commands/mcp';
import { EXIT, UsageError, type CliIo } from './io';

export type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

export const COMMANDS: Record<string, { run: Command; summary: string }> = {
  pull: { run: pullCommand, summary: 'write the instance\'s templates into a folder' },
  status: { run: statusCommand, summary: 'what differs between the folder and the server (exit 1 if anything)' },
  diff: { run: diffCommand, summary: 'unified diff server ↔ local' },
  push: { run: pushCommand, summary: 'create new and update changed templates, refusing conflicts' },
  validate: { run: validateCommand, summary: 'check template files offline (for CI)' },
  import: { run: importCommand, summary: 'a template document from a JSON Schema, SHACL, record or eLabFTW file' },
  mcp: { run: mcpCommand, summary: 'the template tools for MCP clients, on stdin/stdout (KADI_HOST, KADI_PAT)' },
};

export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: kadi-templates <command> [options]      (kadi-templates <command> --help for its options)

Kadi4Mat templates as files: pull them into a folder, review changes in Git, push them back,
validate them in CI.

${rows.join('\n')}

The access token comes from the environment (KADI_PAT, with KADI_HOST) or from kadi-apy's
~/.kadiconfig (--config-instance NAME, or its [global] default), never from an argument.
Exit codes: 0 fine, 1 differences or refused files, 2 usage or connection errors.
`;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version') {
    io.out('kadi-templates 0.1.0\n');
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`kadi-templates: unknown command "${name}".\n\n${mainHelp()}`);
    return EXIT.usage;
  }
  // Belt and braces: whatever a command prints passes through redaction of the token.
  const token = io.env.KADI_PAT;
  const safe: CliIo = { ...io, out: (t) => io.out(redact(t, token)), err: (t) => io.err(redact(t, token)) };
  try {
    return await command.run(rest, safe);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ManifestError || e instanceof NoManifestError) {
      safe.err(`kadi-templates ${name}: ${e.message}\n`);
      return EXIT.usage;
    }
    if (isKadiError(e)) {
      safe.err(`kadi-templates ${name}: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
