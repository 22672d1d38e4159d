// `npm run demo` (scripts/demo.js) starts a sandbox outside VS Code and opens code-server (or
// desktop VS Code) with these environment variables, so the demo window shows that sandbox at
// once, without prompts:
//   KADI4MAT_DEMO_SANDBOX_URL    address of a running sandbox; loopback only (127.0.0.1, localhost, ::1)
//   KADI4MAT_DEMO_SANDBOX_TOKEN  its token (default pat_sandbox_alice)
// Read once at activation, used only to add (or re-point) that one instance, like Add Instance
// would after checking the connection. No `vscode` import.
import { isLoopbackHost } from '../kadi/client';
import * as l10n from '../ui/l10n';
import type { Log } from '../ui/log';
import { connectInstance, type ConnectResult } from './connect';
import type { InstanceRegistry } from './registry';
import { SANDBOX_TOKEN } from './sandboxLauncher';

export const DEMO_URL_ENV = 'KADI4MAT_DEMO_SANDBOX_URL';
export const DEMO_TOKEN_ENV = 'KADI4MAT_DEMO_SANDBOX_TOKEN';
/** The demo instance's name in the tree (stored with the instance when it is added). */
export const demoLabel = () => l10n.t('Demo sandbox');

/**
 * Adds the demo sandbox named by the environment, if any. Returns undefined when the variable
 * is not set or the instance is already there with the same address; a refused or unreachable
 * address is logged (never thrown: activation must not fail because of a demo).
 */
export async function addDemoInstance(
  registry: InstanceRegistry,
  env: NodeJS.ProcessEnv,
  log?: Log,
): Promise<ConnectResult | undefined> {
  const raw = env[DEMO_URL_ENV]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    log?.warn(`${DEMO_URL_ENV}="${raw}" is not an address; ignored.`);
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol) || !isLoopbackHost(url.hostname)) {
    log?.warn(`${DEMO_URL_ENV} must point at a sandbox on this machine (127.0.0.1, localhost); ${url.host} ignored.`);
    return undefined;
  }
  if (registry.list().some((i) => !i.sandbox && i.baseUrl === url.origin)) return undefined;
  try {
    const result = await connectInstance(registry, {
      baseUrl: url.origin,
      token: env[DEMO_TOKEN_ENV]?.trim() || SANDBOX_TOKEN,
      label: demoLabel(),
    });
    log?.info(`${DEMO_URL_ENV}: ${result.message}`);
    return result;
  } catch (e) {
    log?.warn(`${DEMO_URL_ENV}: could not add ${url.host}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
