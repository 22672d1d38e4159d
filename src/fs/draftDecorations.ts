// Marks `kadi:` documents that have a local draft (auto-save kept the text instead of
// uploading it), in the editor tab and wherever the file appears.
import * as vscode from 'vscode';
import type { DraftStore } from './persisted';

export class DraftDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.emitter.event;
  private readonly sub: { dispose(): unknown };

  constructor(private readonly drafts: DraftStore) {
    this.sub = drafts.onDidChange((key) => this.emitter.fire([vscode.Uri.parse(key)]));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'kadi' || uri.query || !this.drafts.has(uri.toString())) return undefined;
    const d = new vscode.FileDecoration(vscode.l10n.t('D'), vscode.l10n.t('Local draft: not yet saved to Kadi4Mat (Ctrl+S saves it)'), new vscode.ThemeColor('editorWarning.foreground'));
    d.propagate = false;
    return d;
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
