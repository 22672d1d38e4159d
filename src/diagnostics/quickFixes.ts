// Quick fixes: each Kadi4Mat diagnostic that carries a `fix` (rename a duplicate key, remove a
// field Kadi ignores, convert "5" to 5, swap min and max, …) becomes a preferred QuickFix.
import * as vscode from 'vscode';
import type { KadiDiagnostics } from './hub';

export class KadiQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: KadiDiagnostics) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.contains(context.only)) return [];
    return this.diagnostics.fixesFor(doc, context.diagnostics).map(({ diagnostic, fix }) => {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      const edit = new vscode.WorkspaceEdit();
      for (const e of fix.edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.newText);
      action.edit = edit;
      action.diagnostics = [diagnostic];
      // Each problem has at most one fix, and it is the obvious one.
      action.isPreferred = true;
      return action;
    });
  }
}
