import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from '../args';
import { EXIT, UsageError, type CliIo } from '../io';
import { formatProblems, problemsOf, templateFilesIn, type FileProblem, type ReportFormat } from '../../templatesAsCode/validateFiles';

export const VALIDATE_HELP = `Usage: kadi-templates validate [FILE|DIR…] [--format text|json|github]

Checks template files offline with the extension's rules (Kadi4Mat's own messages). Folders
are searched for *.kadi-template.json (default: the current folder). No token needed.
  --format text    file:line:col: severity [code] message (default)
  --format json    {"files": N, "problems": [{file, line, column, severity, code, message}]}
  --format github  GitHub Actions annotations (::error file=…,line=…,col=…::message)
Exit 0 without errors (warnings allowed), 1 with errors, 2 when a file cannot be read.
`;

export async function validateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { format: { type: 'string' } });
  if (values.help) return void io.out(VALIDATE_HELP), EXIT.ok;
  const format = (values.format ?? 'text') as ReportFormat;
  if (!['text', 'json', 'github'].includes(format)) throw new UsageError(`--format must be text, json or github, not "${format}".`);
  const targets = (positionals.length ? positionals : ['.']).map((t) => path.resolve(io.cwd, t));
  let files: string[];
  try {
    files = await templateFilesIn(targets);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const problems: FileProblem[] = [];
  for (const file of files) {
    // Paths relative to the working folder: what GitHub annotations and editors expect.
    const shown = path.relative(io.cwd, file) || file;
    problems.push(...(await problemsOf(shown.split(path.sep).join('/'), await fs.readFile(file, 'utf8'))));
  }
  io.out(formatProblems(problems, format, files.length));
  return problems.some((p) => p.severity === 'error') ? EXIT.differences : EXIT.ok;
}
