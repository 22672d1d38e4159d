// Personal access tokens of the sandbox and Kadi's 401 rules (kadi-api.md §8).
import { HttpError } from './http';
import type { SandboxStore, UserRow } from './store';

export interface SandboxToken {
  user: string;
  /**
   * null = every scope (full access). Not Kadi's "no scopes": a real token with an empty scope
   * passes only the endpoints that need no scope at all (Kadi 1.13.0 checks that the token holds
   * every required scope). The real test instance gives these tokens every scope instead
   * (scripts/real-kadi/provision.py), so both servers behave alike.
   */
  scopes: string[] | null;
  expired?: boolean;
  /** Who it is, for the CLI banner and README. */
  note?: string;
}

export const SANDBOX_TOKENS: Record<string, SandboxToken> = {
  pat_sandbox_alice: { user: 'alice', scopes: null, note: 'alice (id 1), full access' },
  pat_sandbox_bob: { user: 'bob', scopes: null, note: 'bob (id 2), full access' },
  pat_sandbox_carol: { user: 'carol', scopes: null, note: 'carol (id 3), full access' },
  pat_sandbox_alice_readonly: { user: 'alice', scopes: ['template.read'], note: 'alice, scope template.read only' },
  pat_sandbox_expired: { user: 'alice', scopes: null, expired: true, note: 'alice, expired (401 "Access token has expired.")' },
  pat_sandbox_dave: { user: 'dave', scopes: null, note: 'dave (id 4), inactive account (401)' },
};

export interface Principal {
  user: UserRow;
  scopes: string[] | null;
}

/** Resolve the Authorization header; throws the 401 Kadi would answer. */
export function authenticate(header: string | undefined, store: SandboxStore): Principal {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const token = m ? SANDBOX_TOKENS[m[1]] : undefined;
  if (!m || !token || !Object.prototype.hasOwnProperty.call(SANDBOX_TOKENS, m[1])) {
    throw new HttpError(401, 'No valid access token was supplied.');
  }
  const user = store.userByName(token.user);
  if (!user) throw new HttpError(401, 'No valid access token was supplied.');
  if (token.expired) throw new HttpError(401, 'Access token has expired.');
  if (user.state !== 'active') throw new HttpError(401, 'This account is currently inactive.');
  return { user, scopes: token.scopes };
}

/** null scopes stand for a token holding every scope (see SandboxToken.scopes). */
export function hasScope(p: Principal, scope: string): boolean {
  return p.scopes === null || p.scopes.includes(scope);
}

/** 401 with the endpoint's full scope list when any is missing. */
export function requireScopes(p: Principal, ...scopes: string[]): void {
  if (!scopes.every((s) => hasScope(p, s))) {
    throw new HttpError(401, 'Access token has insufficient scope.', { scopes });
  }
}
