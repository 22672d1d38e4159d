// Wiring of the template form: the custom editor, the editor-title buttons that switch between
// form and text, and the `kadi4mat.formEditor.default` setting.
import * as vscode from 'vscode';
import { FORM_EDITOR_VIEW_TYPE, TemplateFormProvider, type FormEditorDeps } from './forms';

const PATTERN = '*.kadi-template.json';

/**
 * `priority: "option"` in package.json cannot follow a setting, so the setting writes (or
 * removes) our entry in `workbench.editorAssociations` — the mechanism VS Code itself uses for
 * "Configure default editor". An association the user chose for something else is left alone.
 */
async function syncDefault(): Promise<void> {
  const wanted = vscode.workspace.getConfiguration('kadi4mat.formEditor').get<boolean>('default', false);
  const config = vscode.workspace.getConfiguration('workbench');
  const current = { ...(config.inspect<Record<string, string>>('editorAssociations')?.globalValue ?? {}) };
  if (wanted && current[PATTERN] !== FORM_EDITOR_VIEW_TYPE) current[PATTERN] = FORM_EDITOR_VIEW_TYPE;
  else if (!wanted && current[PATTERN] === FORM_EDITOR_VIEW_TYPE) delete current[PATTERN];
  else return;
  await config.update('editorAssociations', current, vscode.ConfigurationTarget.Global);
}

/** The resource a tab shows, for text and custom editors. */
function tabResource(tab: vscode.Tab | undefined): vscode.Uri | undefined {
  const input = tab?.input;
  return input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
}

/**
 * Shows `uri` in the editor `viewType` in place of the active tab: the other editor is opened,
 * then the tab it replaces is closed — but only when the document has no unsaved changes.
 * Closing a dirty tab, even with another editor open on the same document, reverted the
 * document in our host test (the changes would be lost), so then both tabs stay.
 */
export async function switchEditor(uri: vscode.Uri, viewType: string): Promise<void> {
  const old = vscode.window.tabGroups.activeTabGroup.activeTab;
  await vscode.commands.executeCommand('vscode.openWith', uri, viewType, old?.group.viewColumn);
  const now = vscode.window.tabGroups.activeTabGroup.activeTab;
  if (old && !old.isDirty && now !== old && tabResource(old)?.toString() === uri.toString() && tabResource(now)?.toString() === uri.toString()) {
    await vscode.window.tabGroups.close(old, true);
  }
}

export function registerFormEditor(context: vscode.ExtensionContext, deps: Omit<FormEditorDeps, 'extensionUri'>): TemplateFormProvider {
  const provider = new TemplateFormProvider({ ...deps, extensionUri: context.extensionUri });
  const target = (uri?: vscode.Uri) => uri ?? vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  context.subscriptions.push(
    provider,
    vscode.window.registerCustomEditorProvider(FORM_EDITOR_VIEW_TYPE, provider, {
      // Keeps the sample values typed into the preview and the scroll position when the tab is hidden.
      webviewOptions: { retainContextWhenHidden: true },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand('kadi4mat.formEditor.open', async (uri?: vscode.Uri) => {
      const input = target(uri);
      const resource = input instanceof vscode.Uri ? input : input instanceof vscode.TabInputText ? input.uri : vscode.window.activeTextEditor?.document.uri;
      if (resource) await switchEditor(resource, FORM_EDITOR_VIEW_TYPE);
    }),
    vscode.commands.registerCommand('kadi4mat.formEditor.showText', async (uri?: vscode.Uri) => {
      const input = target(uri);
      const resource = input instanceof vscode.Uri ? input : input instanceof vscode.TabInputCustom ? input.uri : undefined;
      if (resource) await switchEditor(resource, 'default');
    }),
    // Alt+→ / Alt+← in the form: commands, not keys the webview handles itself, so that they take
    // precedence over VS Code's own use of them (Go Back/Forward is Alt+←/→ on Windows) and can
    // be changed in the Keyboard Shortcuts editor. The webview moves the row that has the focus.
    vscode.commands.registerCommand('kadi4mat.formEditor.moveInto', () => provider.keyMove('into')),
    vscode.commands.registerCommand('kadi4mat.formEditor.moveOut', () => provider.keyMove('out')),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kadi4mat.formEditor.default')) void syncDefault();
    }),
  );
  void syncDefault();
  return provider;
}
