// The one way times are shown (tree, tooltips, status bar, revision titles, picks, trash): the
// user's locale through `Intl` ("Mar 4, 2024, 5:02 PM" in English, "04.03.2024, 17:02" in
// German), local time. The composition root hands over VS Code's display language
// (`useLocale(vscode.env.language)`); plain-Node tests keep the runtime's default.
import * as l10n from './l10n';
import { processWide } from './processWide';

interface DateFormats {
  dateTime: Intl.DateTimeFormat;
  dateOnly: Intl.DateTimeFormat;
}
// One per process (the lazy chunks' copies of this module show dates alike: processWide.ts).
// The formats are made on the first date shown, not at start-up: a DateTimeFormat costs
// milliseconds to make.
const state = processWide<{ locale?: string; formats?: DateFormats }>('time', () => ({}));

function dateFormats(): DateFormats {
  return (state.formats ??= {
    dateTime: new Intl.DateTimeFormat(state.locale, { dateStyle: 'medium', timeStyle: 'short' }),
    dateOnly: new Intl.DateTimeFormat(state.locale, { dateStyle: 'medium' }),
  });
}

/** The locale dates are written in (VS Code's display language); undefined = the runtime's. */
export function useLocale(tag: string | undefined): void {
  try {
    if (tag !== undefined) Intl.getCanonicalLocales(tag);
  } catch {
    return; // not a language tag: keep what we had
  }
  state.locale = tag;
  state.formats = undefined;
}

export function currentLocale(): string | undefined {
  return state.locale;
}

function parse(iso: string | undefined): Date | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Date and time in the user's locale; the ISO text itself when it does not parse; `missing` when absent. */
export function formatTime(iso: string | undefined, missing = l10n.t('unknown time')): string {
  if (!iso) return missing;
  const d = parse(iso);
  return d ? dateFormats().dateTime.format(d) : iso;
}

/** The date alone, in the same style (for times too old for "3 d ago"). */
export function formatDate(iso: string | undefined, missing = l10n.t('unknown time')): string {
  if (!iso) return missing;
  const d = parse(iso);
  return d ? dateFormats().dateOnly.format(d) : iso;
}
