// Wiring of templates as code in VS Code: the "Kadi4Mat" Source Control provider for every
// workspace folder (or sub-folder) with a kadi-templates.json, its commands, and
// "Pull Templates to Folder…". Activation registers the commands and watchers and looks for
// manifests (findFiles); the providers and the pull/push work are a chunk of their own (impl.ts,
// dist/lazy/scm.js), loaded when a manifest is found or a command runs.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClientSource } from '../instances/registry';
import type { TemplateFilter } from '../explorer/filter';
import { MANIFEST_FILE, TEMPLATE_SUFFIX } from '../templatesAsCode/names';
import { runCommand } from '../ui/errors';
import type { KadiEvents } from '../ui/events';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import type { FolderScm } from './folderScm';
import type { PullToFolderArgs } from './pullToFolder';
import { SERVER_SCHEME, ServerContent } from './serverContent';

export interface TemplatesScm {
  /** Providers by folder path. */
  readonly folders: Map<string, FolderScm>;
  /** Looks for manifests in the workspace again (also done on start and by a watcher). */
  discover(): Promise<void>;
  usePrompts(p: Prompts | undefined): void;
}

export function registerTemplatesScm(
  context: vscode.ExtensionContext,
  deps: { clients: ClientSource; events: KadiEvents; log: Log; prompts: Prompts; getFilter?: () => TemplateFilter | undefined },
): TemplatesScm {
  const folders = new Map<string, FolderScm>();
  let prompts = deps.prompts;
  const server = new ServerContent((folder, file) => folders.get(vscode.Uri.parse(folder).fsPath)?.serverText(file));
  const scmDeps = { clients: deps.clients, log: deps.log, prompts: () => prompts, events: deps.events, server };

  const setContext = () => void vscode.commands.executeCommand('setContext', 'kadi4mat.hasTemplateFolders', folders.size > 0);
  let impl: Promise<typeof import('./impl')> | undefined;
  const load = () => (impl ??= import('./impl.js'));
  // Folders whose provider waits for the chunk (a remove meanwhile cancels it).
  const adding = new Map<string, Promise<FolderScm | undefined>>();
  const add = (dir: string): Promise<FolderScm | undefined> => {
    const have = folders.get(dir);
    if (have) return Promise.resolve(have);
    const pending = adding.get(dir);
    if (pending) return pending;
    const p: Promise<FolderScm | undefined> = load().then(({ FolderScm }) => {
      if (adding.get(dir) !== p) return folders.get(dir);
      adding.delete(dir);
      const scm = new FolderScm(vscode.Uri.file(dir), scmDeps);
      folders.set(dir, scm);
      setContext();
      void scm.refresh();
      return scm;
    });
    adding.set(dir, p);
    return p;
  };
  const remove = (dir: string) => {
    adding.delete(dir);
    folders.get(dir)?.dispose();
    folders.delete(dir);
    setContext();
  };

  // Many events (a pull writes many files) make one refresh per folder.
  const timers = new Map<string, NodeJS.Timeout>();
  const refreshSoon = (dir: string) => {
    if (!folders.has(dir)) return;
    clearTimeout(timers.get(dir));
    timers.set(dir, setTimeout(() => void folders.get(dir)?.refresh(), 300));
  };

  const discover = async () => {
    const found = await vscode.workspace.findFiles(`**/${MANIFEST_FILE}`, '**/node_modules/**', 50);
    await Promise.all(found.filter((uri) => uri.scheme === 'file').map((uri) => add(path.dirname(uri.fsPath))));
  };

  const manifests = vscode.workspace.createFileSystemWatcher(`**/${MANIFEST_FILE}`);
  const templates = vscode.workspace.createFileSystemWatcher(`**/*${TEMPLATE_SUFFIX}`);
  const onTemplateFile = (uri: vscode.Uri) => uri.scheme === 'file' && refreshSoon(path.dirname(uri.fsPath));

  /** The provider of a resource state, group or source control passed to a command. */
  const scmOf = (arg: unknown): FolderScm | undefined => {
    const a = arg as { resourceUri?: vscode.Uri; rootUri?: vscode.Uri; resourceStates?: vscode.SourceControlResourceState[] } | undefined;
    if (a?.resourceUri) return folders.get(path.dirname(a.resourceUri.fsPath));
    if (a?.rootUri) return folders.get(a.rootUri.fsPath);
    if (a?.resourceStates?.[0]) return scmOf(a.resourceStates[0]);
    return folders.size === 1 ? [...folders.values()][0] : undefined;
  };
  /** Selected resource states (VS Code passes the clicked one, then the whole selection). */
  const filesOf = (args: unknown[]): { scm?: FolderScm; files: string[] } => {
    const states = args.flat().filter((a): a is vscode.SourceControlResourceState => !!(a as { resourceUri?: unknown })?.resourceUri);
    const files = [...new Set(states.map((s) => path.basename(s.resourceUri.fsPath)))];
    return { scm: scmOf(states[0]), files };
  };
  const groupFiles = (g: vscode.SourceControlResourceGroup | undefined) => (g?.resourceStates ?? []).map((s) => path.basename(s.resourceUri.fsPath));
  // Errors go to whichever prompts are current (tests swap in scripted ones).
  const current: Prompts = {
    pick: (...a) => prompts.pick(...a),
    pickDynamic: (...a) => prompts.pickDynamic(...a),
    input: (...a) => prompts.input(...a),
    warn: (...a) => prompts.warn(...a),
    info: (...a) => prompts.info(...a),
    error: (...a) => prompts.error(...a),
    status: (...a) => prompts.status(...a),
  };
  const cmd = (name: string, title: string, fn: (...args: unknown[]) => Promise<unknown>) => vscode.commands.registerCommand(name, runCommand(deps.log, current, title, fn));

  context.subscriptions.push(
    server,
    vscode.workspace.registerTextDocumentContentProvider(SERVER_SCHEME, server),
    manifests,
    templates,
    manifests.onDidCreate((u) => u.scheme === 'file' && void add(path.dirname(u.fsPath))),
    manifests.onDidChange((u) => u.scheme === 'file' && refreshSoon(path.dirname(u.fsPath))),
    manifests.onDidDelete((u) => u.scheme === 'file' && remove(path.dirname(u.fsPath))),
    templates.onDidCreate(onTemplateFile),
    templates.onDidChange(onTemplateFile),
    templates.onDidDelete(onTemplateFile),
    vscode.workspace.onDidSaveTextDocument((d) => onTemplateFile(d.uri)),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void discover()),
    deps.events.onDidChangeTemplate((c) => {
      for (const [dir, scm] of folders) if (scm.instance?.id === c.instanceId) refreshSoon(dir);
    }),
    deps.clients.onDidChange(() => {
      for (const dir of folders.keys()) refreshSoon(dir);
    }),
    cmd('kadi4mat.pullToFolder', 'Pull Templates to Folder', async (arg?: unknown) => {
      const a = (arg ?? {}) as PullToFolderArgs & { kind?: string };
      const { pullFilterOf, pullToFolder } = await load();
      await pullToFolder(deps.clients, prompts, { instanceId: a.instanceId, folder: a.folder, filter: a.filter }, () => pullFilterOf(deps.getFilter?.()));
      await discover();
    }),
    cmd('kadi4mat.scm.refresh', 'Refresh', async (arg?: unknown) => {
      const scm = scmOf(arg);
      await Promise.all((scm ? [scm] : [...folders.values()]).map((s) => s.refresh()));
    }),
    cmd('kadi4mat.scm.push', 'Push', async (...args: unknown[]) => {
      const { scm, files } = filesOf(args);
      if (scm && files.length) await scm.push(files);
    }),
    cmd('kadi4mat.scm.pull', 'Pull', async (...args: unknown[]) => {
      const { scm, files } = filesOf(args);
      if (scm && files.length) await scm.pull(files);
    }),
    cmd('kadi4mat.scm.discard', 'Discard', async (...args: unknown[]) => {
      const { scm, files } = filesOf(args);
      if (scm && files.length) await scm.discard(files);
    }),
    cmd('kadi4mat.scm.pushGroup', 'Push', async (g?: unknown) => {
      const group = g as vscode.SourceControlResourceGroup | undefined;
      const scm = scmOf(group);
      if (scm) await scm.push(groupFiles(group));
    }),
    cmd('kadi4mat.scm.pushAll', 'Push', async (arg?: unknown) => {
      const scm = scmOf(arg);
      if (scm) await scm.push([...groupFiles(scm.groups.local), ...groupFiles(scm.groups.new)].filter((f) => scm.entry(f)?.state !== 'deleted-locally'));
    }),
    cmd('kadi4mat.scm.pullAll', 'Pull', async (arg?: unknown) => {
      const scm = scmOf(arg);
      if (scm) await scm.pull(undefined);
    }),
    { dispose: () => [...folders.keys()].forEach(remove) },
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  // Not awaited: activation stays fast; providers appear when the search is done.
  void discover();
  return {
    folders,
    discover,
    usePrompts: (p) => {
      prompts = p ?? deps.prompts;
    },
  };
}
