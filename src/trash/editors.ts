// Closes the editors of a template that was just deleted: its document, revisions and exports
// (`kadi://<instance>/templates/<id>/…`), also as either side of a diff. Editors with unsaved
// changes stay open — closing them would ask to save into a template that no longer exists, and
// the typed text must not be lost; the file system refuses their save with a "Save As…" hint.
import * as vscode from 'vscode';
import { KADI_SCHEME } from '../fs/uris';
import { parseKadiPath } from '../kadi/templateUri';

function urisOf(tab: vscode.Tab): vscode.Uri[] {
  const input = tab.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputNotebook) return [input.uri];
  if (input instanceof vscode.TabInputTextDiff || input instanceof vscode.TabInputNotebookDiff) return [input.original, input.modified];
  return [];
}

export function showsTemplate(uri: vscode.Uri, instanceId: string, templateId: number): boolean {
  return uri.scheme === KADI_SCHEME && uri.authority === instanceId && parseKadiPath(uri.path)?.templateId === templateId;
}

export async function closeTemplateEditors(instanceId: string, templateId: number): Promise<{ closed: number; dirty: number }> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => urisOf(t).some((u) => showsTemplate(u, instanceId, templateId)));
  const clean = tabs.filter((t) => !t.isDirty);
  if (clean.length) await vscode.window.tabGroups.close(clean, true);
  return { closed: clean.length, dirty: tabs.length - clean.length };
}
