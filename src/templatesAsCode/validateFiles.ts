// Offline validation of template files with the editor's engine (src/validation), and the
// three report formats of `kadi-templates validate`. No `vscode` import.
// fs.promises is loaded on first use: importing node:fs/promises costs milliseconds of every start-up.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { positionAt } from '../kadi/document';
import type { Diagnostic } from '../validation';
import { loadValidation } from '../validation/lazy';
import { TEMPLATE_SUFFIX } from './manifest';

export interface FileProblem {
  file: string;
  line: number;
  column: number;
  severity: Diagnostic['severity'];
  code: string;
  message: string;
}

export async function problemsOf(file: string, text: string): Promise<FileProblem[]> {
  const { validateTemplateText } = await loadValidation();
  return validateTemplateText(text).map((d) => {
    const p = positionAt(text, d.offset);
    return { file, line: p.line + 1, column: p.character + 1, severity: d.severity, code: d.code, message: d.message };
  });
}

/** Template files below the given files/folders (folders recursively, skipping dot-folders and node_modules). */
export async function templateFilesIn(targets: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (p: string, explicit: boolean): Promise<void> => {
    const st = await fs.stat(p);
    if (st.isDirectory()) {
      for (const e of (await fs.readdir(p)).sort()) {
        if (e.startsWith('.') || e === 'node_modules') continue;
        await walk(path.join(p, e), false);
      }
    } else if (explicit || p.endsWith(TEMPLATE_SUFFIX)) out.push(p);
  };
  for (const t of targets) await walk(t, true);
  return out;
}

export type ReportFormat = 'text' | 'json' | 'github';

/** GitHub Actions workflow commands escape %, CR, LF (and , : in properties). */
const ghData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatProblems(problems: readonly FileProblem[], format: ReportFormat, fileCount: number): string {
  if (format === 'json') return JSON.stringify({ files: fileCount, problems }, null, 2) + '\n';
  if (format === 'github') {
    const level = (s: FileProblem['severity']) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'notice');
    return problems.map((p) => `::${level(p.severity)} file=${ghProp(p.file)},line=${p.line},col=${p.column},title=${ghProp(`Kadi4Mat ${p.code}`)}::${ghData(p.message)}\n`).join('');
  }
  const lines = problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity} [${p.code}] ${p.message}`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  // l10n: not user-facing (the kadi-templates validate report, a CLI and CI output)
  lines.push(`${fileCount} file${fileCount === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`);
  return lines.join('\n') + '\n';
}
