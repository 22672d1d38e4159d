// Marks `kadi:` documents in the editor tab (and wherever the file appears) whose state a user
// must not miss: a local draft — auto-save kept the text instead of uploading it — is "not yet
// saved to Kadi4Mat" (badge ↑: still to go up; not a letter, so it does not read as Git's "D"
// for deleted); unsaved changes or a draft of a template that changed on the server meanwhile
// are "changed on the server" (badge !).
import * as vscode from 'vscode';
import type { DraftStore } from './persisted';

export const DRAFT_BADGE = '↑';
export const SERVER_CHANGED_BADGE = '!';

export interface ServerMarks {
  isChangedOnServer(key: string): boolean;
  onDidChangeServerMark: vscode.Event<string>;
}

export class DraftDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.emitter.event;
  private readonly subs: { dispose(): unknown }[];

  constructor(
    private readonly drafts: DraftStore,
    private readonly marks?: ServerMarks,
  ) {
    const fire = (key: string) => this.emitter.fire([vscode.Uri.parse(key)]);
    this.subs = [drafts.onDidChange(fire), ...(marks ? [marks.onDidChangeServerMark(fire)] : [])];
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'kadi' || uri.query) return undefined;
    const key = uri.toString();
    const newer = this.marks?.isChangedOnServer(key) ?? false;
    const draft = this.drafts.has(key);
    let d: vscode.FileDecoration;
    if (newer) {
      d = new vscode.FileDecoration(
        SERVER_CHANGED_BADGE,
        draft
          ? vscode.l10n.t('Not yet saved to Kadi4Mat, and changed on the server since you opened it')
          : vscode.l10n.t('Changed on the Kadi4Mat server since you opened it; your changes are not saved yet'),
        new vscode.ThemeColor('editorWarning.foreground'),
      );
    } else if (draft) {
      d = new vscode.FileDecoration(
        DRAFT_BADGE,
        vscode.l10n.t('Not yet saved to Kadi4Mat: a local draft kept by auto-save (Ctrl+S or "Save to Kadi4Mat" saves it)'),
        new vscode.ThemeColor('editorWarning.foreground'),
      );
    } else return undefined;
    d.propagate = false;
    return d;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.emitter.dispose();
  }
}
