// Checking a new address + token before anything is stored, and saying precisely why it
// failed: wrong address/network, not a Kadi4Mat server, invalid/expired token, missing scopes.
import { isKadiError, normalizeBaseUrl, type KadiClient } from '../kadi/client';
import { KadiError } from '../kadi/errors';
import type { User } from '../kadi/types';
import * as l10n from '../ui/l10n';
import { instanceIdFor, isInsufficientScope, type InstanceInfo, type InstanceRegistry } from './registry';

/** Scopes this extension can use; a token "with no scopes selected" has full access (Kadi docs). */
export const RECOMMENDED_SCOPES = [
  'template.read',
  'template.create',
  'template.update',
  'template.delete',
  'template.permissions',
  'user.read',
  'group.read',
  'misc.manage_trash',
] as const;

/** Errors checkConnection words itself (the token cannot list templates): explained as they are. */
const wordedHere = new WeakSet<KadiError>();

export interface ConnectionCheck {
  /** From GET /users/me; absent when the token lacks `user.read`. */
  user?: User;
  /** From GET /info when /users/me was not allowed. */
  version?: string;
  /** Things that work but are limited (e.g. no user.read). */
  warnings: string[];
}

/**
 * GET /users/me (falls back to /info when the token lacks user.read), then one page of one
 * template to be sure the token may list templates at all.
 */
export async function checkConnection(client: KadiClient, signal?: AbortSignal): Promise<ConnectionCheck> {
  const warnings: string[] = [];
  let user: User | undefined;
  let version: string | undefined;
  try {
    user = await client.getCurrentUser(signal);
  } catch (e) {
    if (!isInsufficientScope(e)) throw e;
    version = (await client.getInfo(signal)).version;
    warnings.push(
      l10n.t('The token lacks the user.read scope, so the connection was checked with /api/info instead: creator names, "Created by me" and role lists are not available.'),
    );
  }
  try {
    await client.searchTemplates({ per_page: 1 }, signal);
  } catch (e) {
    if (isInsufficientScope(e)) {
      const scopes = (e as KadiError).scopes ?? ['template.read'];
      const error = new KadiError({
        kind: 'http',
        status: 401,
        scopes,
        // l10n: not user-facing (Kadi4Mat's own description of this 401, in the server's words)
        description: 'Access token has insufficient scope.',
        message: l10n.t('The token is valid but cannot list templates: it lacks {0}. {1}', scopes.join(', '), scopeAdvice()),
      });
      wordedHere.add(error);
      throw error;
    }
    throw e;
  }
  return { user, version, warnings };
}

export function scopeAdvice(): string {
  return l10n.t('Create a token in Kadi4Mat (Settings > Access tokens) with the scopes {0} — or with no scope selected for full access.', RECOMMENDED_SCOPES.join(', '));
}

/** The reason a connection check failed, as one or two sentences for the user. */
export function explainConnectionFailure(e: unknown, host: string): string {
  if (!isKadiError(e)) return e instanceof Error ? e.message : String(e);
  switch (e.kind) {
    case 'config':
    case 'network':
    case 'timeout':
    case 'aborted':
      return e.message;
    case 'bad-response':
      return l10n.t('{0} does not look like a Kadi4Mat server: {1}', host, e.message);
  }
  // kind 'http'. No JSON error body at all: something else answers at this address.
  if (e.description === undefined && !e.errors) return l10n.t('{0} does not look like a Kadi4Mat server. {1}', host, e.message);
  if (e.status === 401) {
    if (e.scopes?.length) {
      if (wordedHere.has(e)) return e.message;
      return l10n.t('The token lacks scopes Kadi4Mat requires: {0}. {1}', e.scopes.join(', '), scopeAdvice());
    }
    const d = e.description ?? '';
    if (/expired/i.test(d)) return l10n.t('The access token has expired. {0}', scopeAdvice());
    if (/no valid access token/i.test(d)) {
      return l10n.t('{0} did not accept the access token: it is wrong, revoked, or belongs to another instance. Copy it again, or create a new one in Kadi4Mat (Settings > Access tokens).', host);
    }
    return l10n.t('{0} refused the token: "{1}".', host, d);
  }
  if (e.status === 404) {
    return l10n.t("{0} answered 404 for {1}: Kadi4Mat's API is not at this address, or the API version setting (kadi4mat.apiVersion) is not supported there.", host, e.path ?? l10n.t('the API'));
  }
  if (e.status >= 500) return l10n.t('{0} had an internal error ({1}); try again later. {2}', host, e.status, e.message);
  return e.message;
}

export interface ConnectRequest {
  baseUrl: string;
  token: string;
  /** Defaults: id = host[:port], label = host (+ sub-path). */
  id?: string;
  label?: string;
  sandbox?: boolean;
  /** Default: the registry's setting (`kadi4mat.allowInsecureHttp`). */
  allowInsecureHttp?: boolean;
  /** Cancels the check (nothing is stored then). */
  signal?: AbortSignal;
}

export interface ConnectResult {
  info: InstanceInfo;
  check: ConnectionCheck;
  /** "Connected to kadi.example.edu as Jane Doe." */
  message: string;
}

/** Why a token cannot be used, short enough for the token box; missing scopes as a list apart. */
export interface TokenProblem {
  message: string;
  /** Kadi4Mat's list of the scopes the token lacks (shown behind "Details", not in one line). */
  missingScopes?: string[];
}

/** A failed check of a token, for the token box: one short sentence, scopes listed apart. */
export function tokenProblem(e: unknown, host: string): TokenProblem {
  if (isKadiError(e) && e.kind === 'http' && e.status === 401 && e.description !== undefined) {
    if (e.scopes?.length) {
      const n = e.scopes.length;
      return { message: n === 1 ? l10n.t('The token lacks a scope Kadi4Mat requires.') : l10n.t('The token lacks {0} scopes Kadi4Mat requires.', n), missingScopes: e.scopes };
    }
    if (/expired/i.test(e.description)) return { message: l10n.t('This access token has expired. Create a new one in Kadi4Mat (Settings > Access tokens) and paste it here.') };
    if (/no valid access token/i.test(e.description)) return { message: l10n.t('{0} did not accept this token: it is wrong, revoked, or belongs to another instance.', host) };
  }
  return { message: explainConnectionFailure(e, host) };
}

/** The "Details" of missing scopes: the list, one a line, and what to do. */
export function missingScopesDetail(scopes: readonly string[]): string {
  return [
    l10n.t('Missing:'),
    ...scopes.map((s) => `• ${s}`),
    '',
    l10n.t('Create a token with these scopes in Kadi4Mat (Settings > Access tokens), or one with no scope selected for full access.'),
  ].join('\n');
}

/** Whether a Kadi4Mat answers at `address` (no token sent): undefined, or why not, in a sentence. */
export async function probeAddress(registry: InstanceRegistry, address: string, signal?: AbortSignal): Promise<string | undefined> {
  const { origin, webRoot } = normalizeBaseUrl(address, { allowInsecureHttp: registry.allowsInsecureHttp() });
  try {
    await registry.probe(webRoot, signal);
    return undefined;
  } catch (e) {
    if (isKadiError(e) && e.kind === 'aborted') throw e;
    return explainConnectionFailure(e, new URL(origin).host);
  }
}

/** Checks address + token and, only when that works, stores the instance (token in SecretStorage). */
export async function connectInstance(registry: InstanceRegistry, req: ConnectRequest): Promise<ConnectResult> {
  const r = await tryConnect(registry, req, explainConnectionFailure);
  if ('problem' in r) throw new KadiError({ kind: 'config', message: r.problem });
  return r.result;
}

/** connectInstance for the token box: a failed check comes back as a TokenProblem (nothing stored). */
export async function connectOrExplain(registry: InstanceRegistry, req: ConnectRequest): Promise<{ result: ConnectResult } | { problem: TokenProblem }> {
  return tryConnect(registry, req, tokenProblem);
}

async function tryConnect<P>(registry: InstanceRegistry, req: ConnectRequest, explain: (e: unknown, host: string) => P): Promise<{ result: ConnectResult } | { problem: P }> {
  const { origin, webRoot } = normalizeBaseUrl(req.baseUrl, { allowInsecureHttp: req.allowInsecureHttp ?? registry.allowsInsecureHttp() });
  const token = req.token.trim();
  const id = req.id ?? instanceIdFor(origin);
  const host = new URL(origin).host;
  const label = req.label ?? host + new URL(webRoot).pathname.replace(/\/$/, '');
  let check: ConnectionCheck;
  try {
    check = await checkConnection(registry.createClient(webRoot, token, label), req.signal);
  } catch (e) {
    if (isKadiError(e) && e.kind === 'aborted') throw e;
    return { problem: explain(e, host) };
  }
  const info: InstanceInfo = { id, label, baseUrl: webRoot };
  if (check.user) info.user = userSummary(check.user);
  if (req.sandbox) info.sandbox = true;
  if (req.signal?.aborted) throw new KadiError({ kind: 'aborted', message: l10n.t('The request was cancelled.') });
  await registry.add(info, token);
  const message = check.user
    ? l10n.t('Connected to {0} as {1}.', label, check.user.displayname)
    : check.version
      ? l10n.t('Connected to {0} (Kadi4Mat {1}).', label, check.version)
      : l10n.t('Connected to {0}.', label);
  return { result: { info, check, message } };
}

export function userSummary(u: User): NonNullable<InstanceInfo['user']> {
  return { id: u.id, displayname: u.displayname, username: u.identity?.username ?? '' };
}
