// Generated documents open as untitled editors with a real name and place: an `untitled:` URI
// whose path lies in the first workspace folder (else the home folder), so the tab says
// "tensile-test.record.json", closing asks to save that name, and Save proposes it there.
import * as os from 'os';
import * as vscode from 'vscode';
import { freeName } from './untitledName';

/** Where generated documents are proposed to be saved. */
export function saveFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri;
  return folder ?? vscode.Uri.file(os.homedir());
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens `content` as an unsaved document named `base` + `suffix` (numbered when the name is
 * taken by an open document or a file in the folder), in `language` when given.
 */
export async function openUntitled(base: string, suffix: string, content: string, language?: string): Promise<vscode.TextDocument> {
  const folder = saveFolder();
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.path));
  const name = await freeName(base, suffix, async (n) => {
    const file = vscode.Uri.joinPath(folder, n);
    return open.has(file.path) || (await exists(file));
  });
  const uri = vscode.Uri.joinPath(folder, name).with({ scheme: 'untitled' });
  let doc = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), content);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(vscode.l10n.t('Could not fill the new document {0}.', name));
  if (language && doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
  return doc;
}
