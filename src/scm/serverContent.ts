// The server's side of a diff or quick diff, read-only: `kadi-templates-server:/<file>?<folder>`
// serves the text of the template as the last status pass saw it (no request of its own).
import * as vscode from 'vscode';

export const SERVER_SCHEME = 'kadi-templates-server';

export function serverUri(folder: vscode.Uri, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SERVER_SCHEME, path: `/${file}`, query: folder.toString() });
}

export class ServerContent implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** `text(folder, file)`: the server text, or undefined when the template is not on the server. */
  constructor(private readonly text: (folder: string, file: string) => string | undefined) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.text(uri.query, uri.path.slice(1)) ?? '';
  }

  /** After a status pass: open server documents of that folder show the new text. */
  fire(folder: vscode.Uri, files: Iterable<string>): void {
    for (const f of files) this.changed.fire(serverUri(folder, f));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
