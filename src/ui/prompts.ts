// Every question the extension asks the user goes through `Prompts`, so command flows can be
// unit-tested in plain Node with scripted answers (the idea of azuretools' TestUserInput).
// Plain types only: no `vscode` import here; `vscodePrompts.ts` is the real implementation.

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  picked?: boolean;
  value: T;
}

export interface PickOptions {
  title?: string;
  placeHolder?: string;
  matchOnDescription?: boolean;
  matchOnDetail?: boolean;
}

export interface InputOptions {
  title?: string;
  prompt?: string;
  placeHolder?: string;
  value?: string;
  password?: boolean;
  ignoreFocusOut?: boolean;
  /** Returns an error text for an invalid value, or undefined. */
  validateInput?(value: string): string | undefined | Promise<string | undefined>;
  /**
   * Checks an accepted value while the box stays open (busy): an error text keeps it open with
   * the text shown inside, undefined closes it. `signal` fires when the user cancels meanwhile.
   */
  onAccept?(value: string, signal: AbortSignal): Promise<string | undefined>;
}

/** The one thing a status-bar message offers to do (a click on it). */
export interface StatusAction {
  title: string;
  run(): unknown;
}

export interface Prompts {
  /** undefined = cancelled. */
  pick<T>(items: readonly PickItem<T>[], options: PickOptions): Promise<PickItem<T> | undefined>;
  /** Quick pick whose items are fetched as the user types (e.g. user search). undefined = cancelled. */
  pickDynamic<T>(search: (text: string) => Promise<PickItem<T>[]>, options: PickOptions): Promise<PickItem<T> | undefined>;
  /** undefined = cancelled. */
  input(options: InputOptions): Promise<string | undefined>;
  /** A confirmation (modal by default); returns the chosen button or undefined. */
  warn<T extends string>(message: string, options: { modal?: boolean; detail?: string }, ...buttons: T[]): Promise<T | undefined>;
  info<T extends string>(message: string, ...buttons: T[]): Promise<T | undefined>;
  error<T extends string>(message: string, ...buttons: T[]): Promise<T | undefined>;
  /**
   * Routine success ("Alice is now editor of 'x'."): a status-bar message for a few seconds, not
   * a notification that stays and stacks up with the next one. With `action` ("Undo", "Open")
   * the message is clickable for those seconds and goes once clicked.
   */
  status(message: string, action?: StatusAction): void;
}
