// `Prompts` backed by the real VS Code UI.
import * as vscode from 'vscode';
import type { InputOptions, PickItem, Prompts, StatusAction } from './prompts';

/** How long a routine success stays in the status bar (one with an action: a little longer). */
const STATUS_MS = 5000;
const ACTION_MS = 10_000;
const ACTION_COMMAND = 'kadi4mat.statusMessageAction';

/** The status-bar message with an action shown now (one at a time: a newer one replaces it). */
let shown: { item: vscode.StatusBarItem; action: StatusAction; timer: ReturnType<typeof setTimeout> } | undefined;
let commandRegistered: vscode.Disposable | undefined;

function hideStatusAction(): void {
  if (!shown) return;
  clearTimeout(shown.timer);
  shown.item.dispose();
  shown = undefined;
}

function showStatusAction(message: string, action: StatusAction): void {
  hideStatusAction();
  commandRegistered ??= vscode.commands.registerCommand(ACTION_COMMAND, () => {
    const a = shown?.action;
    hideStatusAction();
    return a?.run();
  });
  const item = vscode.window.createStatusBarItem('kadi4mat.statusMessage', vscode.StatusBarAlignment.Left, 1000);
  item.name = vscode.l10n.t('Kadi4Mat: last action');
  item.text = `$(check) ${message} — ${action.title}`;
  item.tooltip = vscode.l10n.t('Click: {0}', action.title);
  item.command = ACTION_COMMAND;
  item.show();
  shown = { item, action, timer: setTimeout(hideStatusAction, ACTION_MS) };
}

/** Disposes what the status-bar actions registered (deactivation). */
export function disposeStatusActions(): void {
  hideStatusAction();
  commandRegistered?.dispose();
  commandRegistered = undefined;
}

/**
 * An input box that checks the accepted value before it closes (`onAccept`): busy meanwhile,
 * and a failed check's reason shown inside it, so the user corrects the value in place.
 */
function checkedInput(options: InputOptions): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = options.title;
    box.prompt = options.prompt;
    box.placeholder = options.placeHolder;
    box.value = options.value ?? '';
    box.password = !!options.password;
    box.ignoreFocusOut = !!options.ignoreFocusOut;
    let controller: AbortController | undefined;
    let done = false;
    const finish = (value: string | undefined) => {
      if (done) return;
      done = true;
      controller?.abort();
      resolve(value);
      box.dispose();
    };
    const validate = async (value: string) => (options.validateInput ? await options.validateInput(value) : undefined);
    box.onDidChangeValue(async (value) => {
      const message = await validate(value);
      if (!done && box.value === value) box.validationMessage = message;
    });
    box.onDidAccept(async () => {
      if (box.busy) return;
      const value = box.value;
      const invalid = await validate(value);
      if (invalid) {
        box.validationMessage = invalid;
        return;
      }
      controller = new AbortController();
      box.validationMessage = undefined;
      box.busy = true;
      box.enabled = false;
      let problem: string | undefined;
      try {
        problem = await options.onAccept!(value, controller.signal);
      } catch (e) {
        problem = e instanceof Error ? e.message : String(e);
      }
      if (done) return;
      box.busy = false;
      box.enabled = true;
      if (problem) box.validationMessage = problem;
      else finish(value);
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}

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
    if (options.onAccept) return checkedInput(options);
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
  status(message, action) {
    if (action) showStatusAction(message, action);
    else vscode.window.setStatusBarMessage(`$(check) ${message}`, STATUS_MS);
  },
};
