// Kadi's 400 field errors of a failed save, shown where they are in the document. They stay
// until the next successful save (or until the document is closed).
import * as vscode from 'vscode';
import { positionAt } from '../kadi/document';
import type { TextProblem } from '../kadi/errorRanges';

export class SaveDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('kadi4mat-save');

  /** `text` is the text that was saved: the offsets refer to it. */
  set(uri: vscode.Uri, text: string, problems: TextProblem[]): void {
    const range = (p: TextProblem) => {
      const start = positionAt(text, p.offset);
      const end = positionAt(text, p.offset + Math.max(p.length, 1));
      return new vscode.Range(start.line, start.character, end.line, end.character);
    };
    this.collection.set(
      uri,
      problems.map((p) => {
        const d = new vscode.Diagnostic(range(p), `${p.message} (rejected by the server on save)`, vscode.DiagnosticSeverity.Error);
        d.source = 'Kadi4Mat';
        d.code = p.path || 'save';
        return d;
      }),
    );
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  dispose(): void {
    this.collection.dispose();
  }
}
