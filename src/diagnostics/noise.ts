// Each problem once: VS Code's JSON language features already report the syntax errors of a
// `json` document (unless `json.validate.enable` is off), so ours would repeat each of them in
// other words ("Unterminated string." beside "Unexpected end of string"). No `vscode` import.
import type { Diagnostic } from '../validation';

export interface NoiseContext {
  /** The document's language id. */
  languageId: string;
  /** `json.validate.enable` for the document (VS Code's default: true). */
  jsonValidation: boolean;
}

/** Whether VS Code's JSON support reports this document's syntax errors itself. */
export function jsonFeaturesReportSyntax(c: NoiseContext): boolean {
  return c.languageId === 'json' && c.jsonValidation;
}

/** The engine's diagnostics minus those VS Code shows already. */
export function withoutRepeated(diags: readonly Diagnostic[], c: NoiseContext): readonly Diagnostic[] {
  return jsonFeaturesReportSyntax(c) ? diags.filter((d) => d.code !== 'syntax') : diags;
}
