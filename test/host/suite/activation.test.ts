// Checks the manifest against the running extension: everything package.json contributes must
// really exist once the extension is active. Derived from the manifest, so it grows with it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './support';

interface Manifest {
  main?: string;
  icon?: string;
  contributes?: {
    commands?: { command: string; icon?: unknown }[];
    viewsContainers?: Record<string, { id: string; icon?: string }[]>;
    views?: Record<string, { id: string }[]>;
    viewsWelcome?: { view: string; contents: string }[];
    menus?: Record<string, { command?: string; alt?: string; submenu?: string }[]>;
    configuration?: { properties?: Record<string, { default?: unknown }> } | { properties?: Record<string, { default?: unknown }> }[];
  };
}

const extension = vscode.extensions.getExtension(EXTENSION_ID);
const manifest: Manifest = extension?.packageJSON ?? {};
const contributes = manifest.contributes ?? {};
const commandIds = (contributes.commands ?? []).map((c) => c.command);
const containerIds = Object.values(contributes.viewsContainers ?? {}).flat().map((c) => c.id);
const viewIds = Object.values(contributes.views ?? {}).flat().map((v) => v.id);
const configurations = [contributes.configuration ?? []].flat();
const settings = Object.assign({}, ...configurations.map((c) => c.properties ?? {})) as Record<string, { default?: unknown }>;

/** Files the manifest points to (codicons like `$(add)` are not files). */
function referencedFiles(): string[] {
  const files = [manifest.main, manifest.icon];
  for (const c of Object.values(contributes.viewsContainers ?? {}).flat()) files.push(c.icon);
  for (const c of contributes.commands ?? []) {
    const icon = c.icon;
    if (typeof icon === 'string') files.push(icon);
    else if (icon && typeof icon === 'object') files.push(...Object.values(icon as Record<string, string>));
  }
  return files.filter((f): f is string => typeof f === 'string' && !f.startsWith('$('));
}

/** Command ids the manifest refers to outside `contributes.commands` (welcome links, menus). */
function referencedCommands(): string[] {
  const ids = new Set<string>();
  for (const w of contributes.viewsWelcome ?? []) {
    for (const m of w.contents.matchAll(/\(command:([\w.-]+)/g)) ids.add(m[1]);
  }
  for (const items of Object.values(contributes.menus ?? {})) {
    for (const item of items) {
      if (item.command) ids.add(item.command);
      if (item.alt) ids.add(item.alt);
    }
  }
  return [...ids].sort();
}

describe('activation', () => {
  let registered: Set<string>;

  before(async () => {
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed in the host`);
    await extension.activate();
    registered = new Set(await vscode.commands.getCommands(true));
  });

  it('is present and active', () => {
    assert.ok(extension?.isActive, 'extension did not become active');
    assert.ok(manifest.main, 'manifest has no "main"');
  });

  it('ships every file the manifest points to', () => {
    const root = extension!.extensionPath;
    const missing = referencedFiles().filter((f) => !fs.existsSync(path.join(root, f)));
    assert.deepStrictEqual(missing, [], `files named in package.json are missing: ${missing.join(', ')}`);
  });

  it('contributes at least one command', () => {
    assert.ok(commandIds.length > 0, 'package.json contributes no commands');
  });

  for (const id of commandIds) {
    it(`registers command ${id}`, () => {
      assert.ok(registered.has(id), `${id} is declared in package.json but not registered by activate()`);
    });
  }

  it('declares every command that welcome views and menus refer to', () => {
    const undeclared = referencedCommands().filter((id) => !commandIds.includes(id) && !registered.has(id));
    assert.deepStrictEqual(undeclared, [], `used in menus/viewsWelcome, neither declared nor registered: ${undeclared.join(', ')}`);
  });

  for (const id of containerIds) {
    it(`opens view container ${id}`, async () => {
      const cmd = `workbench.view.extension.${id}`;
      assert.ok(registered.has(cmd), `${cmd} not registered: view container missing`);
      await vscode.commands.executeCommand(cmd);
    });
  }

  for (const id of viewIds) {
    it(`focuses view ${id}`, async () => {
      const cmd = `${id}.focus`;
      assert.ok(registered.has(cmd), `${cmd} not registered: view missing`);
      await vscode.commands.executeCommand(cmd);
    });
  }

  it('exposes the declared settings with their defaults', () => {
    for (const [key, schema] of Object.entries(settings)) {
      const dot = key.lastIndexOf('.');
      const info = vscode.workspace.getConfiguration(key.slice(0, dot)).inspect(key.slice(dot + 1));
      assert.ok(info, `setting ${key} unknown to the host`);
      assert.deepStrictEqual(info.defaultValue, schema.default, `default of ${key}`);
    }
  });
});
