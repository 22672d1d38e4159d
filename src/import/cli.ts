// `kadi-templates import FILE [--from json-schema|shacl|record|elabftw] [--type record|extras]
// [--values keep|strip]`: the template document on stdout (what "New Template from JSON File"
// reads), each thing not carried over on stderr. To be wired into the shared command line;
// everything it touches comes in through `io`. No `vscode` import.
import type { TemplateType } from '../kadi/types';
import { suggestIdentifier } from '../templates/identifier';
import { FORMATS, detectFormat, formatNote, importText, isImportFormat, type ImportFormat } from './formats';
import { ImportError } from './model';
import type { ValuesChoice } from './record';

export interface ImportIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
}

export const IMPORT_USAGE = `usage: kadi-templates import FILE [--from json-schema|shacl|record|elabftw] [--type record|extras] [--values keep|strip]

Converts FILE into a Kadi4Mat template document (JSON on stdout). Things that could not be
carried over are listed on stderr.
  --from    the format of FILE (default: recognised from its name and content)
  --type    the template type (default: record for a record, extras otherwise)
  --values  for records and eLabFTW fields: keep values as defaults, or strip them
            (default: strip for records, as Kadi4Mat does; keep for eLabFTW)
`;

/** Exit codes: 0 written (even with notes), 1 the file could not be read or converted, 2 usage. */
export async function runImport(argv: string[], io: ImportIo): Promise<number> {
  const args = [...argv];
  let file: string | undefined;
  let from: ImportFormat | undefined;
  let type: TemplateType | undefined;
  let values: ValuesChoice | undefined;
  const usage = (why: string) => {
    io.stderr(`kadi-templates import: ${why}\n\n${IMPORT_USAGE}`);
    return 2;
  };
  while (args.length) {
    const a = args.shift()!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const next = () => inline ?? args.shift();
    if (flag === '--help' || flag === '-h') {
      io.stdout(IMPORT_USAGE);
      return 0;
    } else if (flag === '--from') {
      const v = next();
      if (!isImportFormat(v)) return usage(`--from must be one of ${Object.keys(FORMATS).join(', ')}`);
      from = v;
    } else if (flag === '--type') {
      const v = next();
      if (v !== 'record' && v !== 'extras') return usage('--type must be record or extras');
      type = v;
    } else if (flag === '--values') {
      const v = next();
      if (v !== 'keep' && v !== 'strip') return usage('--values must be keep or strip');
      values = v;
    } else if (flag.startsWith('-') && flag !== '-') return usage(`unknown option ${flag}`);
    else if (file === undefined) file = a;
    else return usage(`one FILE only (also got ${a})`);
  }
  if (!file) return usage('FILE is missing');
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    io.stderr(`kadi-templates import: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const name = file.split(/[\\/]/).pop() ?? file;
  const format = from ?? detectFormat(name, text);
  if (!format) {
    io.stderr(`kadi-templates import: cannot tell what ${name} holds; say it with --from ${Object.keys(FORMATS).join('|')}\n`);
    return 1;
  }
  try {
    const result = await importText(format, text, { type: type ?? (format === 'record' ? 'record' : 'extras'), values, name });
    const title = result.title ?? name.replace(/\.[^.]+$/, '').replace(/\.schema$/, '');
    const doc = { identifier: suggestIdentifier(title), title, type: result.type, description: result.description ?? '', data: result.data };
    io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
    for (const n of result.notes) io.stderr(`${name}: ${formatNote(n)}\n`);
    if (result.notes.length) io.stderr(`${name}: ${result.notes.length} thing${result.notes.length === 1 ? '' : 's'} not carried over (listed above)\n`);
    return 0;
  } catch (e) {
    if (e instanceof ImportError) {
      io.stderr(`kadi-templates import: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
