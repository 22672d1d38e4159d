// Failures of the permission and trash commands in the user's terms. Kadi's own words
// ("Cannot change the creator's role.", a bare 404 from restore) are right but terse; these say
// what it means here and what to do. No `vscode` import.
import { isKadiError, type KadiError } from '../kadi/errors';
import * as l10n from '../ui/l10n';

/** An error whose message is already the sentence to show (runCommand shows `message`). */
export class ExplainedError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'ExplainedError';
  }
}

export function httpStatus(e: unknown): number | undefined {
  return isKadiError(e) && e.kind === 'http' ? e.status : undefined;
}

/** Kadi lists the scopes an endpoint requires (§8), not those missing; `have` are known to be present. */
export function missingScopes(e: unknown, have: readonly string[] = []): string[] | undefined {
  if (!isKadiError(e) || e.status !== 401 || !e.scopes?.length) return undefined;
  const missing = e.scopes.filter((s) => !have.includes(s));
  return missing.length ? missing : [...e.scopes];
}

function list(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : l10n.t('{0} and {1}', words.slice(0, -1).join(', '), words[words.length - 1]);
}

/**
 * "the access token lacks the scope user.read (…)" — a clause that reads well after
 * "Could not …: ". Undefined when `e` is not an insufficient-scope 401.
 */
export function scopeClause(e: unknown, have: readonly string[] = []): string | undefined {
  const missing = missingScopes(e, have);
  if (!missing) return undefined;
  const needed = (e as KadiError).scopes ?? [];
  const one = missing.length === 1;
  const lacks =
    needed.length > missing.length
      ? one
        ? l10n.t('the access token lacks the scope {0} (Kadi4Mat requires {1} for this).', list(missing), list(needed))
        : l10n.t('the access token lacks the scopes {0} (Kadi4Mat requires {1} for this).', list(missing), list(needed))
      : one
        ? l10n.t('the access token lacks the scope {0}.', list(missing))
        : l10n.t('the access token lacks the scopes {0}.', list(missing));
  const create = l10n.t('Create a token with it in Kadi4Mat (Settings > Access tokens; a token with no scopes selected has full access), then use "Kadi4Mat: Replace Token".');
  return `${lacks} ${create}`;
}

/** A page fetch for the tree: a scope 401 becomes an error naming the missing scope. */
export function withScopeExplained<T>(work: Promise<T>, have: readonly string[]): Promise<T> {
  return work.catch((e: unknown) => {
    const clause = scopeClause(e, have);
    throw clause ? new ExplainedError(clause, e) : e;
  });
}

/** First letter upper-case: clauses become sentences. */
export function sentence(clause: string): string {
  return clause.charAt(0).toUpperCase() + clause.slice(1);
}
