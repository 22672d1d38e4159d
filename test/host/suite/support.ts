// What the host suites share: the extension's id and API, a sandbox session, polling for a
// condition, screenshots.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension';
import type { ExplorerNode } from '../../../src/explorer/model';
import type { ExplorerTreeProvider } from '../../../src/explorer/treeProvider';
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

/** Replaces the first match of `from` in `doc` through a WorkspaceEdit (as typing would); returns the range of the new text. */
export async function replaceInDocument(doc: vscode.TextDocument, from: string | RegExp, to: string): Promise<vscode.Range> {
  const text = doc.getText();
  const m = typeof from === 'string' ? { index: text.indexOf(from), length: from.length } : { index: text.search(from), length: from.exec(text)?.[0].length ?? 0 };
  assert.ok(m.index >= 0, `${String(from)} not in the document`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + m.length)), to);
  assert.equal(await vscode.workspace.applyEdit(edit), true, 'edit refused');
  return new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + to.length));
}

/** The "Templates" node of instance `id` in the tree the extension shows. */
export async function templatesNodeOf(provider: Pick<ExplorerTreeProvider, 'getChildren'>, id: string): Promise<ExplorerNode> {
  const roots = await provider.getChildren();
  const instance = roots.find((n) => n.instanceId === id);
  assert.ok(instance, `instance ${id} not in the tree`);
  const [templates] = await provider.getChildren(instance);
  return templates;
}
