// `Prompts` backed by the real VS Code UI.
import * as vscode from 'vscode';
import type { PickItem, Prompts } from './prompts';

export const vscodePrompts: Prompts = {
  async pick(items, options) {
    return vscode.window.showQuickPick(items as PickItem<unknown>[], { ...options, ignoreFocusOut: false }) as never;
  },
  pickDynamic<T>(search: (text: string) => Promise<PickItem<T>[]>, options: { title?: string; placeHolder?: string }) {
    return new Promise<PickItem<T> | undefined>((resolve) => {
      const qp = vscode.window.createQuickPick<PickItem<T>>();
      qp.title = options.title;
      qp.placeholder = options.placeHolder;
      qp.matchOnDescription = true;
      let generation = 0;
      const refresh = async (text: string) => {
        const mine = ++generation;
        qp.busy = true;
        try {
          const items = await search(text);
          if (mine === generation) qp.items = items;
        } catch (e) {
          if (mine === generation) qp.items = [{ label: `$(error) ${e instanceof Error ? e.message : String(e)}`, value: undefined as never, alwaysShow: true } as PickItem<T>];
        } finally {
          if (mine === generation) qp.busy = false;
        }
      };
      let done = false;
      const finish = (value: PickItem<T> | undefined) => {
        if (done) return;
        done = true;
        resolve(value);
        qp.dispose();
      };
      qp.onDidChangeValue((text) => void refresh(text));
      qp.onDidAccept(() => {
        const chosen = qp.selectedItems[0];
        if (chosen && chosen.value !== undefined) finish(chosen);
      });
      qp.onDidHide(() => finish(undefined));
      qp.show();
      void refresh('');
    });
  },
  async input(options) {
    return vscode.window.showInputBox({
      ...options,
      validateInput: options.validateInput ? (v) => options.validateInput!(v) : undefined,
    });
  },
  async warn(message, options, ...buttons) {
    return vscode.window.showWarningMessage(message, { modal: options.modal ?? true, detail: options.detail }, ...buttons);
  },
  async info(message, ...buttons) {
    return vscode.window.showInformationMessage(message, ...buttons);
  },
  async error(message, ...buttons) {
    return vscode.window.showErrorMessage(message, ...buttons);
  },
};
