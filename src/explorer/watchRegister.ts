// VS Code glue of ServerWatch: looks for server changes when the window regains focus (or the
// Kadi4Mat view becomes visible) and every `kadi4mat.refreshInterval` seconds while the window
// is focused (0 = only on focus). Changed templates update the tree's rows in place and reach
// open editors (clean ones reload, others are marked "changed on the server").
import * as vscode from 'vscode';
import type { Editing } from '../fs/register';
import type { ClientSource } from '../instances/registry';
import type { Log } from '../ui/log';
import type { Explorer } from './register';
import { refreshIntervalSeconds, ServerWatch } from './serverWatch';

/** Focus changes come in bursts (dialogs, the browser's tab switching): one look per 5 s at most. */
const FOCUS_GAP_MS = 5000;
export function registerServerWatch(
  context: vscode.ExtensionContext,
  deps: { source: ClientSource; explorer: Explorer; editing: Editing; log: Log },
): ServerWatch {
  const { source, explorer, editing } = deps;
  const watch = new ServerWatch({
    source,
    log: deps.log,
    shownInstances: () => {
      const ids = new Set(editing.files.openInstances());
      if (explorer.view.visible) for (const i of source.list()) if (explorer.model.listedVersions(i.id).size) ids.add(i.id);
      return [...ids];
    },
    shownVersions: (id) => new Map([...explorer.model.listedVersions(id), ...editing.files.openVersions(id)]),
    changed: (id, templates) => {
      explorer.model.serverChanged(id, templates);
      for (const t of templates) editing.serverChanged(id, t.id, t.last_modified);
    },
  });

  let timer: ReturnType<typeof setInterval> | undefined;
  const schedule = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    const seconds = refreshIntervalSeconds(vscode.workspace.getConfiguration('kadi4mat').get('refreshInterval'));
    if (seconds) {
      timer = setInterval(() => {
        if (vscode.window.state.focused) void watch.look();
      }, seconds * 1000);
    }
  };
  schedule();

  context.subscriptions.push(
    { dispose: () => timer && clearInterval(timer) },
    vscode.window.onDidChangeWindowState((s) => {
      if (s.focused) void watch.look(FOCUS_GAP_MS);
    }),
    explorer.view.onDidChangeVisibility((e) => {
      if (e.visible) void watch.look(FOCUS_GAP_MS);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kadi4mat.refreshInterval')) schedule();
    }),
    source.onDidChange(() => watch.forget()),
  );
  return watch;
}
