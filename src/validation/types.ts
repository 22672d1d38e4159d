// Plain result types of the validation engine; the VS Code glue turns them into
// vscode.Diagnostic / CodeAction. No `vscode` import.

export type Severity = 'error' | 'warning' | 'info';

/** A JSON path: property names and array indices. */
export type JsonPath = (string | number)[];

export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  /** UTF-16 offset into the text that was validated. */
  offset: number;
  length: number;
  message: string;
  severity: Severity;
  /** Stable identifier of the rule, e.g. "max-length", "duplicate-key", "syntax". */
  code: string;
  path: JsonPath;
  fix?: QuickFix;
}
