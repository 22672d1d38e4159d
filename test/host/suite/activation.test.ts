// Checks the manifest against the running extension: everything package.json contributes must
// really exist once the extension is active. Derived from the manifest, so it grows with it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './support';

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string | Record<string, string>; svg?: string; altText?: string };
  completionEvents?: string[];
}

interface Manifest {
  main?: string;
  icon?: string;
  l10n?: string;
  activationEvents?: string[];
  contributes?: {
    walkthroughs?: { id: string; title: string; steps: WalkthroughStep[] }[];
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

const walkthroughs = contributes.walkthroughs ?? [];
const steps = walkthroughs.flatMap((w) => w.steps);

/** Files the manifest points to (codicons like `$(add)` are not files). */
function referencedFiles(): string[] {
  const files = [manifest.main, manifest.icon];
  if (manifest.l10n) files.push(path.join(manifest.l10n, 'bundle.l10n.json'));
  for (const { media } of steps) {
    files.push(media.markdown, media.svg);
    if (typeof media.image === 'string') files.push(media.image);
    else if (media.image) files.push(...Object.values(media.image));
  }
  for (const c of Object.values(contributes.viewsContainers ?? {}).flat()) files.push(c.icon);
  for (const c of contributes.commands ?? []) {
    const icon = c.icon;
    if (typeof icon === 'string') files.push(icon);
    else if (icon && typeof icon === 'object') files.push(...Object.values(icon as Record<string, string>));
  }
  return files.filter((f): f is string => typeof f === 'string' && !f.startsWith('$('));
}

/** Command ids the manifest refers to outside `contributes.commands` (welcome links, walkthrough buttons, menus). */
function referencedCommands(): string[] {
  const ids = new Set<string>();
  for (const text of [...(contributes.viewsWelcome ?? []).map((w) => w.contents), ...steps.map((s) => s.description)]) {
    for (const m of text.matchAll(/\(command:([\w.-]+)/g)) ids.add(m[1]);
  }
  for (const e of steps.flatMap((s) => s.completionEvents ?? [])) if (e.startsWith('onCommand:')) ids.add(e.slice('onCommand:'.length));
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

  it('event subscriptions of this host must be disposed bound: unbound, dispose() throws (the reload AggregateError)', () => {
    const events = vscode.extensions.getExtension(EXTENSION_ID)!.exports.events as { onDidChangeTemplate: vscode.Event<unknown> };
    // What records/register.ts and fs/register.ts once pushed into context.subscriptions.
    const wrapped = { dispose: events.onDidChangeTemplate(() => undefined).dispose };
    assert.throws(() => wrapped.dispose());
    // What they push now: the subscription itself.
    const sub = events.onDidChangeTemplate(() => undefined);
    assert.doesNotThrow(() => sub.dispose());
    assert.doesNotThrow(() => vscode.Disposable.from(sub, events.onDidChangeTemplate(() => undefined)).dispose());
  });

  it('contributes at least one command', () => {
    assert.ok(commandIds.length > 0, 'package.json contributes no commands');
  });

  for (const id of commandIds) {
    it(`registers command ${id}`, () => {
      assert.ok(registered.has(id), `${id} is declared in package.json but not registered by activate()`);
    });
  }

  it('declares every command that welcome views, walkthrough buttons and menus refer to', () => {
    const undeclared = referencedCommands().filter((id) => !commandIds.includes(id) && !registered.has(id));
    assert.deepStrictEqual(undeclared, [], `used in menus/viewsWelcome/walkthroughs, neither declared nor registered: ${undeclared.join(', ')}`);
  });

  it('activates only for its view, its commands, kadi: documents and template folders — never at startup', () => {
    // VS Code (≥ 1.74) derives onView/onCommand from the contributions; the manifest adds the
    // file system, so restored kadi: editors and $schema references work, and workspaces that
    // hold a template folder (kadi-templates.json), so their Source Control provider appears.
    const raw = JSON.parse(fs.readFileSync(path.join(extension!.extensionPath, 'package.json'), 'utf8')) as Manifest;
    assert.deepStrictEqual(raw.activationEvents, ['onFileSystem:kadi', 'workspaceContains:**/kadi-templates.json']);
  });

  it('has a Getting Started walkthrough: connect → open → edit → validate → permissions, each step with media and a button', () => {
    assert.equal(walkthroughs.length, 1);
    assert.deepStrictEqual(steps.map((s) => s.id), ['connect', 'open', 'edit', 'validate', 'permissions']);
    for (const s of steps) {
      assert.ok(s.media.markdown || s.media.image || s.media.svg, `step ${s.id} has no media`);
      assert.match(s.description, /^\[[^\]]+\]\(command:[\w.-]+\)$/m, `step ${s.id} has no button (a command link on a line of its own)`);
    }
  });

  it('opens the walkthrough', async () => {
    // (Its rendering, media included, is checked end to end: test/e2e scenario 1.)
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${walkthroughs[0].id}`, false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('every user-visible string of package.json is a %key% with a value in package.nls.json, and no key is unused', () => {
    const root = extension!.extensionPath;
    const rawText = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
    const raw = JSON.parse(rawText) as Manifest & { displayName: string; description: string };
    const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const used = [...rawText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    const missing = used.filter((k) => typeof nls[k] !== 'string' || !nls[k].trim());
    assert.deepStrictEqual(missing, [], `%keys% without a value in package.nls.json: ${missing.join(', ')}`);
    const unused = Object.keys(nls).filter((k) => !used.includes(k));
    assert.deepStrictEqual(unused, [], `keys of package.nls.json that package.json does not use: ${unused.join(', ')}`);

    const c = raw.contributes as Record<string, unknown> & Manifest['contributes'];
    const shown: [string, unknown][] = [
      ['displayName', raw.displayName],
      ['description', raw.description],
      ...(c?.commands ?? []).flatMap((x) => {
        const cmd = x as unknown as { command: string; title: string; category: string };
        return [[`${cmd.command} title`, cmd.title], [`${cmd.command} category`, cmd.category]] as [string, unknown][];
      }),
      ...Object.values(c?.viewsContainers ?? {}).flat().map((v) => [`view container ${v.id}`, (v as unknown as { title: string }).title] as [string, unknown]),
      ...Object.values(c?.views ?? {}).flat().map((v) => [`view ${v.id}`, (v as unknown as { name: string }).name] as [string, unknown]),
      ...(c?.viewsWelcome ?? []).map((w) => [`welcome of ${w.view}`, w.contents] as [string, unknown]),
      ...(c?.walkthroughs ?? []).flatMap((w) => [
        [`walkthrough ${w.id}`, w.title] as [string, unknown],
        ...w.steps.flatMap((st) => [[`step ${st.id} title`, st.title], [`step ${st.id} description`, st.description]] as [string, unknown][]),
      ]),
      ...Object.entries(
        ([c?.configuration ?? []].flat()[0] as { properties?: Record<string, Record<string, unknown>> })?.properties ?? {},
      ).flatMap(([k, p]) =>
        [
          [`${k} description`, p.markdownDescription ?? p.description],
          ...((p.enumDescriptions as string[] | undefined) ?? []).map((d) => [`${k} enum description`, d]),
        ] as [string, unknown][],
      ),
    ];
    const literal = shown.filter(([, v]) => typeof v !== 'string' || !/^%[^%]+%$/.test(v)).map(([where]) => where);
    assert.deepStrictEqual(literal, [], `user-visible strings not taken from package.nls.json: ${literal.join(', ')}`);
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
