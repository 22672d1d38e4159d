// What the host suites share: the extension's id and API, a sandbox session, polling for a
// condition, screenshots.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import { connectInstance } from '../../../src/instances/connect';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox/index';

export type { ExtensionApi };

export const EXTENSION_ID = 'kadi4mat-community.kadi4mat-templates';

/** Polls `cond` until it holds; fails the test with `what` after `ms`. */
export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** A screenshot of the workbench when the code-server runner offers one (test/host/README.md). */
export async function shot(name: string): Promise<void> {
  const shots = process.env.KADI_HOST_SCREENSHOT_URL;
  if (shots) await fetch(`${shots}?name=${encodeURIComponent(name)}`).catch(() => undefined);
}

/** The extension's API, activated (outside production it returns all of ExtensionApi). */
export async function activateApi(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, 'extension not found');
  const api = (await ext.activate()) as ExtensionApi;
  assert.ok(api.instances && api.editing && api.explorer, 'activate() must return the whole API outside production');
  return api;
}

export interface SandboxSession {
  api: ExtensionApi;
  sb: Sandbox;
  /** The instance id of the connected sandbox. */
  id: string;
}

/**
 * What most suites start with: the extension activated, a fresh sandbox, and the extension
 * connected to it as `token` (alice by default).
 */
export async function activateWithSandbox(opts: { sandbox?: SandboxOptions; token?: string } = {}): Promise<SandboxSession> {
  const api = await activateApi();
  const sb = await startSandbox({ port: 0, ...opts.sandbox });
  const id = (await connectInstance(api.instances, { baseUrl: sb.url, token: opts.token ?? 'pat_sandbox_alice' })).info.id;
  return { api, sb, id };
}
