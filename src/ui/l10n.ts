// Translation for modules that must not import `vscode` (flows, the tree model, error wording).
// They call `l10n.t('Could not {0}: {1}', action, reason)` exactly as the VS Code glue calls
// `vscode.l10n.t(…)`: the English text is the key, `{0}`, `{1}`… are filled in from the
// arguments. Until the composition root hands over `vscode.l10n.t` (`useTranslator`), and in
// plain-Node tests, the English text is used. `scripts/l10n.js` collects every `l10n.t('…')` of
// src/ (both kinds) into l10n/bundle.l10n.json, the file translators start from.

import { processWide } from './processWide';

export type L10nArg = string | number | boolean;
export type Translator = (message: string, ...args: L10nArg[]) => string;

/** `{0}`, `{1}`… replaced by the arguments; unknown placeholders stay as written. */
export function format(message: string, ...args: L10nArg[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
}

// One per process, not per copy of this module: the lazy chunks (their own bundles) translate
// with the translator activate() installs too (processWide.ts).
const current = processWide<{ translator?: Translator }>('l10n', () => ({}));

/** The text in the user's display language (English when there is no translation). */
export function t(message: string, ...args: L10nArg[]): string {
  return (current.translator ?? format)(message, ...args);
}

/** Called once by `activate()` with `vscode.l10n.t`; `undefined` goes back to English. */
export function useTranslator(fn: Translator | undefined): void {
  current.translator = fn;
}
