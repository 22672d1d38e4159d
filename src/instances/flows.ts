// The instance commands as plain flows over `Prompts`: Add Instance, Replace Token, Remove
// Instance. No `vscode` import, so they run in unit tests with scripted answers.
import { isInsecureRemote, isKadiError, normalizeBaseUrl } from '../kadi/client';
import { KadiError } from '../kadi/errors';
import * as l10n from '../ui/l10n';
import type { PickItem, Prompts } from '../ui/prompts';
import { checkConnection, connectOrExplain, missingScopesDetail, probeAddress, tokenProblem, userSummary, type ConnectResult, type TokenProblem } from './connect';
import { instanceIdFor, validateTokenInput, type ClientSource, type InstanceInfo, type InstanceRegistry } from './registry';

/**
 * Runs network work with a progress indicator (window.withProgress in VS Code). With
 * `cancellable`, the indicator offers Cancel, which fires the signal given to `work` (work that
 * takes a signal only: a write must not be left running while the UI says it stopped).
 */
import type { WithProgress } from '../ui/progress';
export type { WithProgress };

export const insecureHttpWarning = () =>
  l10n.t('kadi4mat.allowInsecureHttp is on: Kadi4Mat instances may be reached over plain http://, and their access token then travels unencrypted over the network. Turn it off unless the network path is trusted.');

export interface InstanceFlowDeps {
  registry: InstanceRegistry;
  prompts: Prompts;
  progress: WithProgress;
}

/** Short: the scopes each feature needs are in the README; a wrong one is named when it matters. */
const tokenPrompt = () => l10n.t("Personal access token from Kadi4Mat (Settings > Access tokens; no scope selected = full access). Kept in VS Code's secret storage only.");

/**
 * The token box: the token is checked while the box stays open (busy), and a wrong, revoked or
 * expired one is explained inside it. Missing scopes close it for a short message with the list
 * behind "Details" (a new token is needed, not a retyped one); "Enter Another Token" reopens it.
 */
async function askToken<T>(
  prompts: Prompts,
  title: string,
  check: (token: string, signal: AbortSignal) => Promise<{ ok: T } | { problem: TokenProblem }>,
): Promise<T | undefined> {
  for (;;) {
    let ok: { value: T } | undefined;
    let scopes: TokenProblem | undefined;
    const token = await prompts.input({
      title,
      prompt: tokenPrompt(),
      placeHolder: 'pat_…', // l10n: not user-facing (the shape of a Kadi token)
      password: true,
      ignoreFocusOut: true,
      validateInput: validateTokenInput,
      onAccept: async (value, signal) => {
        try {
          const r = await check(value.trim(), signal);
          if ('ok' in r) ok = { value: r.ok };
          else if (r.problem.missingScopes?.length) scopes = r.problem;
          else return r.problem.message;
          return undefined;
        } catch (e) {
          if (isKadiError(e) && e.kind === 'aborted') return undefined;
          throw e;
        }
      },
    });
    if (token === undefined) return undefined;
    if (ok) return ok.value;
    if (!scopes) return undefined;
    const another = l10n.t('Enter Another Token');
    const answer = await prompts.warn(scopes.message, { modal: true, detail: missingScopesDetail(scopes.missingScopes ?? []) }, another);
    if (answer !== another) return undefined;
  }
}

export function validateAddress(value: string, allowInsecureHttp = false): string | undefined {
  try {
    normalizeBaseUrl(value, { allowInsecureHttp });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Address (checked at once: is a Kadi4Mat answering there?) → token (checked while its box stays
 * open) → store. Problems are shown inside the box they concern; nothing is stored until the
 * token works. Returns undefined when cancelled.
 */
export async function addInstanceFlow(deps: InstanceFlowDeps): Promise<ConnectResult | undefined> {
  const { prompts, registry } = deps;
  const typed = await prompts.input({
    title: l10n.t('Kadi4Mat: Add Instance (1/2)'),
    prompt: l10n.t('Address of the Kadi4Mat instance'),
    placeHolder: 'https://kadi.example.edu',
    ignoreFocusOut: true,
    validateInput: (v) => validateAddress(v, registry.allowsInsecureHttp()),
    onAccept: async (v, signal) => {
      try {
        return await probeAddress(registry, v.trim(), signal);
      } catch (e) {
        if (isKadiError(e) && e.kind === 'aborted') return undefined;
        throw e;
      }
    },
  });
  if (typed === undefined) return undefined;
  const address = typed.trim();
  const { origin } = normalizeBaseUrl(address, { allowInsecureHttp: registry.allowsInsecureHttp() });
  const host = new URL(origin).host;
  if (isInsecureRemote(origin)) {
    // Only reachable when the user turned the setting on; say what it costs each time.
    const connect = l10n.t('Connect Anyway');
    const go = await prompts.warn(
      l10n.t('{0} would be reached over plain http://.', host),
      { modal: true, detail: l10n.t('Your access token would travel unencrypted and could be read by anyone on the network path. {0}', insecureHttpWarning()) },
      connect,
    );
    if (go !== connect) return undefined;
  }
  const existing = registry.get(instanceIdFor(origin));
  if (existing) {
    const replace = l10n.t('Replace Token');
    const answer = await prompts.warn(
      l10n.t('{0} is already connected.', existing.label),
      { modal: true, detail: l10n.t('Replace its access token with a new one?') },
      replace,
    );
    if (answer !== replace) return undefined;
  }
  const result = await askToken(prompts, l10n.t('Kadi4Mat: Add Instance (2/2) — {0}', host), async (token, signal) => {
    const r = await connectOrExplain(registry, { baseUrl: address, token, label: existing?.label, id: existing?.id, signal });
    return 'result' in r ? { ok: r.result } : r;
  });
  if (result) void prompts.info([result.message, ...result.check.warnings].join(' '));
  return result;
}

/** Asks for a new token, checks it against the instance (in the box), then stores it. */
export async function replaceTokenFlow(deps: InstanceFlowDeps, instanceId: string): Promise<boolean> {
  const { prompts, registry } = deps;
  const info = registry.get(instanceId);
  if (!info) throw new KadiError({ kind: 'config', message: l10n.t('Unknown Kadi4Mat instance "{0}".', instanceId) });
  const done = await askToken(prompts, l10n.t('Kadi4Mat: Replace Token — {0}', info.label), async (token, signal) => {
    try {
      const check = await checkConnection(registry.createClient(info.baseUrl, token, info.label), signal);
      await registry.setToken(instanceId, token, check.user && userSummary(check.user));
      return { ok: check };
    } catch (e) {
      if (isKadiError(e) && e.kind === 'aborted') throw e;
      return { problem: tokenProblem(e, info.label) };
    }
  });
  if (!done) return false;
  const replaced = done.user
    ? l10n.t('Token replaced: connected to {0} as {1}.', info.label, done.user.displayname)
    : l10n.t('Token replaced: connected to {0}.', info.label);
  void prompts.info([replaced, ...done.warnings].join(' '));
  return true;
}

/** Sign out after a confirmation: deletes the stored token and the instance entry. */
export async function removeInstanceFlow(deps: InstanceFlowDeps, instanceId: string): Promise<boolean> {
  const info = deps.registry.get(instanceId);
  if (!info) return false;
  const remove = l10n.t('Remove');
  const answer = await deps.prompts.warn(
    l10n.t('Remove {0} and sign out?', info.label),
    {
      modal: true,
      detail: l10n.t('The stored access token is deleted from this machine. The token itself stays valid in Kadi4Mat until you revoke it there. Open editors of its templates can no longer save.'),
    },
    remove,
  );
  if (answer !== remove) return false;
  await deps.registry.remove(instanceId);
  return true;
}

/** The instance to act on: the given one, the only one, or a pick. undefined = cancelled. */
export async function chooseInstance(
  clients: ClientSource,
  prompts: Prompts,
  target: { instanceId?: string } | undefined,
  title: string,
): Promise<InstanceInfo | undefined> {
  if (target?.instanceId) {
    const info = clients.get(target.instanceId);
    if (!info) throw new KadiError({ kind: 'config', message: l10n.t('Unknown Kadi4Mat instance "{0}".', target.instanceId) });
    return info;
  }
  const all = clients.list();
  if (all.length === 0) {
    throw new KadiError({
      kind: 'config',
      message: l10n.t('No Kadi4Mat instance is connected yet. Use "Kadi4Mat: Add Instance…" or "Kadi4Mat: Try the Local Sandbox".'),
    });
  }
  if (all.length === 1) return all[0];
  const items: PickItem<InstanceInfo>[] = all.map((i) => ({
    label: i.label,
    description: i.user?.displayname,
    detail: i.sandbox ? l10n.t('Embedded local sandbox') : i.baseUrl,
    value: i,
  }));
  return (await prompts.pick(items, { title, placeHolder: l10n.t('Kadi4Mat instance') }))?.value;
}
