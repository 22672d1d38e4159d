// VS Code glue for instances: builds the registry over globalState + SecretStorage, the
// embedded sandbox, and the commands Add Instance, Try the Local Sandbox, Replace Token,
// Remove Instance. The flows themselves are in flows.ts (testable without VS Code).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runCommand } from '../ui/errors';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import { connectInstance } from './connect';
import { addDemoInstance } from './demo';
import { addInstanceFlow, chooseInstance, insecureHttpWarning, removeInstanceFlow, replaceTokenFlow, type InstanceFlowDeps } from './flows';
import { notificationProgress } from '../ui/vscodeProgress';
import { InstanceRegistry, SANDBOX_INSTANCE_ID, type ClientSettings } from './registry';
import { SANDBOX_TOKEN, SandboxLauncher, sandboxLabel } from './sandboxLauncher';

export function readClientSettings(): ClientSettings {
  const c = vscode.workspace.getConfiguration('kadi4mat');
  const seconds = c.get<number>('requestTimeout', 30);
  return {
    apiVersion: (c.get<string>('apiVersion', 'v1') ?? 'v1').trim(),
    timeoutMs: Math.round(Math.min(600, Math.max(1, Number.isFinite(seconds) ? seconds : 30)) * 1000),
    allowInsecureHttp: c.get<boolean>('allowInsecureHttp', false) === true,
  };
}

/** What tree items and callers pass to the instance commands. */
interface InstanceArg {
  instanceId?: string;
}

export interface Instances {
  registry: InstanceRegistry;
  sandbox: SandboxLauncher;
}

export function registerInstances(context: vscode.ExtensionContext, log: Log, prompts: Prompts): Instances {
  const sandbox = new SandboxLauncher({
    port: () => vscode.workspace.getConfiguration('kadi4mat').get<number>('sandboxPort', 0),
    log,
    start: async ({ port, log: line }) => {
      // Sandbox data survives reloads in the extension's global storage.
      const dir = context.globalStorageUri.fsPath;
      await fs.promises.mkdir(dir, { recursive: true });
      // Loaded on first use (dist/lazy/sandbox.js in the shipped bundle), not at activation.
      const { startSandbox } = await import('../sandbox/index.js');
      return startSandbox({ port, log: line, dataFile: path.join(dir, 'sandbox-data.json') });
    },
  });
  const registry = new InstanceRegistry({
    state: context.globalState,
    secrets: context.secrets,
    prompts,
    log,
    settings: readClientSettings,
    ensureSandbox: () => sandbox.ensure(),
    status: (text, ms) => vscode.window.setStatusBarMessage(`$(watch) ${text}`, ms),
  });
  const deps: InstanceFlowDeps = { registry, prompts, progress: notificationProgress };
  const pick = async (arg: InstanceArg | undefined, title: string) => (await chooseInstance(registry, prompts, arg, title))?.id;

  context.subscriptions.push(
    registry,
    { dispose: () => void sandbox.stop() },
    context.secrets.onDidChange((e) => registry.secretChanged(e.key)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (
        e.affectsConfiguration('kadi4mat.apiVersion') ||
        e.affectsConfiguration('kadi4mat.requestTimeout') ||
        e.affectsConfiguration('kadi4mat.allowInsecureHttp')
      ) {
        registry.invalidateClients();
      }
      if (e.affectsConfiguration('kadi4mat.allowInsecureHttp') && readClientSettings().allowInsecureHttp) {
        prompts.warn(insecureHttpWarning(), { modal: false }).then(undefined, () => undefined);
      }
    }),
    vscode.commands.registerCommand('kadi4mat.addInstance', runCommand(log, prompts, 'Add Instance', () => addInstanceFlow(deps))),
    vscode.commands.registerCommand(
      'kadi4mat.trySandbox',
      runCommand(log, prompts, 'Try the Local Sandbox', async () => {
        const result = await notificationProgress(vscode.l10n.t('Starting the local sandbox…'), async () =>
          connectInstance(registry, { baseUrl: await sandbox.ensure(), token: SANDBOX_TOKEN, id: SANDBOX_INSTANCE_ID, label: sandboxLabel(), sandbox: true }),
        );
        const where = registry.get(SANDBOX_INSTANCE_ID)?.baseUrl ?? '';
        void prompts.info(`${result.message} ${vscode.l10n.t('The sandbox runs inside VS Code on {0}; its data is kept between sessions.', where)}`);
      }),
    ),
    vscode.commands.registerCommand(
      'kadi4mat.replaceToken',
      runCommand(log, prompts, 'Replace Token', async (arg?: InstanceArg) => {
        const id = await pick(arg, vscode.l10n.t('Kadi4Mat: Replace Token'));
        if (id) await replaceTokenFlow(deps, id);
      }),
    ),
    vscode.commands.registerCommand(
      'kadi4mat.removeInstance',
      runCommand(log, prompts, 'Remove Instance', async (arg?: InstanceArg) => {
        const id = await pick(arg, vscode.l10n.t('Kadi4Mat: Remove Instance'));
        if (!id) return;
        const wasSandbox = registry.get(id)?.sandbox;
        if ((await removeInstanceFlow(deps, id)) && wasSandbox) await sandbox.stop();
      }),
    ),
  );
  // `npm run demo`: the sandbox it started is added without prompts (see demo.ts).
  void addDemoInstance(registry, process.env, log);
  return { registry, sandbox };
}
