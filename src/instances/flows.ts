// The instance commands as plain flows over `Prompts`: Add Instance, Replace Token, Remove
// Instance. No `vscode` import, so they run in unit tests with scripted answers.
import { isInsecureRemote, isKadiError, normalizeBaseUrl } from '../kadi/client';
import { KadiError } from '../kadi/errors';
import type { PickItem, Prompts } from '../ui/prompts';
import { checkConnection, connectInstance, explainConnectionFailure, RECOMMENDED_SCOPES, userSummary, type ConnectResult } from './connect';
import { instanceIdFor, validateTokenInput, type ClientSource, type InstanceInfo, type InstanceRegistry } from './registry';

/**
 * Runs network work with a progress indicator (window.withProgress in VS Code). With
 * `cancellable`, the indicator offers Cancel, which fires the signal given to `work` (work that
 * takes a signal only: a write must not be left running while the UI says it stopped).
 */
import type { WithProgress } from '../ui/progress';
export type { WithProgress };

export const INSECURE_HTTP_WARNING =
  'kadi4mat.allowInsecureHttp is on: Kadi4Mat instances may be reached over plain http://, and their access token then travels unencrypted over the network. Turn it off unless the network path is trusted.';

export interface InstanceFlowDeps {
  registry: InstanceRegistry;
  prompts: Prompts;
  progress: WithProgress;
}

const TOKEN_PROMPT = `Personal access token from Kadi4Mat (Settings > Access tokens). Scopes used: ${RECOMMENDED_SCOPES.join(', ')} — or none selected for full access. It is kept in VS Code's secret storage only.`;

export function validateAddress(value: string, allowInsecureHttp = false): string | undefined {
  try {
    normalizeBaseUrl(value, { allowInsecureHttp });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Address → token → check → store. A failed check says why and offers to try again with the
 * answers kept; nothing is stored until the check passed. Returns undefined when cancelled.
 */
export async function addInstanceFlow(deps: InstanceFlowDeps): Promise<ConnectResult | undefined> {
  const { prompts, registry } = deps;
  let address = '';
  for (;;) {
    const typed = await prompts.input({
      title: 'Kadi4Mat: Add Instance (1/2)',
      prompt: 'Address of the Kadi4Mat instance',
      placeHolder: 'https://kadi.example.edu',
      value: address,
      ignoreFocusOut: true,
      validateInput: (v) => validateAddress(v, registry.allowsInsecureHttp()),
    });
    if (typed === undefined) return undefined;
    address = typed.trim();
    const { origin } = normalizeBaseUrl(address, { allowInsecureHttp: registry.allowsInsecureHttp() });
    if (isInsecureRemote(origin)) {
      // Only reachable when the user turned the setting on; say what it costs each time.
      const go = await prompts.warn(
        `${new URL(origin).host} would be reached over plain http://.`,
        { modal: true, detail: `Your access token would travel unencrypted and could be read by anyone on the network path. ${INSECURE_HTTP_WARNING}` },
        'Connect Anyway',
      );
      if (go !== 'Connect Anyway') return undefined;
    }
    const existing = registry.get(instanceIdFor(origin));
    if (existing) {
      const answer = await prompts.warn(
        `${existing.label} is already connected.`,
        { modal: true, detail: 'Replace its access token with a new one?' },
        'Replace Token',
      );
      if (answer !== 'Replace Token') return undefined;
    }
    const token = await prompts.input({
      title: `Kadi4Mat: Add Instance (2/2) — ${new URL(origin).host}`,
      prompt: TOKEN_PROMPT,
      placeHolder: 'pat_…',
      password: true,
      ignoreFocusOut: true,
      validateInput: validateTokenInput,
    });
    if (token === undefined) return undefined;
    try {
      const result = await deps.progress(
        `Connecting to ${new URL(origin).host}…`,
        (signal) => connectInstance(registry, { baseUrl: address, token, label: existing?.label, id: existing?.id, signal }),
        { cancellable: true },
      );
      void prompts.info([result.message, ...result.check.warnings].join(' '));
      return result;
    } catch (e) {
      if (isKadiError(e) && e.kind === 'aborted') return undefined;
      const again = await prompts.error(`Could not connect: ${e instanceof Error ? e.message : String(e)}`, 'Try Again');
      if (again !== 'Try Again') return undefined;
    }
  }
}

/** Asks for a new token, checks it against the instance, then stores it. */
export async function replaceTokenFlow(deps: InstanceFlowDeps, instanceId: string): Promise<boolean> {
  const { prompts, registry } = deps;
  const info = registry.get(instanceId);
  if (!info) throw new KadiError({ kind: 'config', message: `Unknown Kadi4Mat instance "${instanceId}".` });
  for (;;) {
    const token = await prompts.input({
      title: `Kadi4Mat: Replace Token — ${info.label}`,
      prompt: TOKEN_PROMPT,
      placeHolder: 'pat_…',
      password: true,
      ignoreFocusOut: true,
      validateInput: validateTokenInput,
    });
    if (token === undefined) return false;
    try {
      const check = await deps.progress(
        `Checking the token for ${info.label}…`,
        (signal) => checkConnection(registry.createClient(info.baseUrl, token.trim(), info.label), signal),
        { cancellable: true },
      );
      await registry.setToken(instanceId, token.trim(), check.user && userSummary(check.user));
      const who = check.user ? ` as ${check.user.displayname}` : '';
      void prompts.info([`Token replaced: connected to ${info.label}${who}.`, ...check.warnings].join(' '));
      return true;
    } catch (e) {
      if (isKadiError(e) && e.kind === 'aborted') return false;
      const again = await prompts.error(`Could not use the new token: ${explainConnectionFailure(e, info.label)}`, 'Try Again');
      if (again !== 'Try Again') return false;
    }
  }
}

/** Sign out after a confirmation: deletes the stored token and the instance entry. */
export async function removeInstanceFlow(deps: InstanceFlowDeps, instanceId: string): Promise<boolean> {
  const info = deps.registry.get(instanceId);
  if (!info) return false;
  const answer = await deps.prompts.warn(
    `Remove ${info.label} and sign out?`,
    {
      modal: true,
      detail: 'The stored access token is deleted from this machine. The token itself stays valid in Kadi4Mat until you revoke it there. Open editors of its templates can no longer save.',
    },
    'Remove',
  );
  if (answer !== 'Remove') return false;
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
    if (!info) throw new KadiError({ kind: 'config', message: `Unknown Kadi4Mat instance "${target.instanceId}".` });
    return info;
  }
  const all = clients.list();
  if (all.length === 0) {
    throw new KadiError({
      kind: 'config',
      message: 'No Kadi4Mat instance is connected yet. Use "Kadi4Mat: Add Instance…" or "Kadi4Mat: Try the Local Sandbox".',
    });
  }
  if (all.length === 1) return all[0];
  const items: PickItem<InstanceInfo>[] = all.map((i) => ({
    label: i.label,
    description: i.user?.displayname,
    detail: i.sandbox ? 'Embedded local sandbox' : i.baseUrl,
    value: i,
  }));
  return (await prompts.pick(items, { title, placeHolder: 'Kadi4Mat instance' }))?.value;
}
