// VS Code glue for the template explorer: the tree view, its title (filter shown as the
// view's description), the `kadi4mat.filterActive` context key, and the tree's commands.
import * as vscode from 'vscode';
import type { ClientSource } from '../instances/registry';
import type { TemplateAccessService } from '../permissions/accessService';
import type { KadiEvents } from '../ui/events';
import { runCommand } from '../ui/errors';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import { describeFilter, editFilterFlow, type TemplateFilter } from './filter';
import { ExplorerModel, type ExplorerNode, type LoadMoreNode, type MessageNode } from './model';
import { PAGE_SIZE } from './paging';
import { ExplorerTreeProvider } from './treeProvider';

export const VIEW_ID = 'kadi4mat.templates';
export const FILTER_ACTIVE_KEY = 'kadi4mat.filterActive';

export interface Explorer {
  model: ExplorerModel;
  provider: ExplorerTreeProvider;
  view: vscode.TreeView<ExplorerNode>;
  setFilter(f: TemplateFilter): void;
}

type Clients = ClientSource & { hasToken(instanceId: string): Promise<boolean>; tokenDeclined(instanceId: string): boolean };

export function registerExplorer(context: vscode.ExtensionContext, deps: { clients: Clients; events: KadiEvents; log: Log; prompts: Prompts; access: TemplateAccessService }): Explorer {
  const { log, prompts } = deps;
  const model = new ExplorerModel({ clients: deps.clients, access: deps.access, pageSize: () => vscode.workspace.getConfiguration('kadi4mat').get<number>('pageSize', PAGE_SIZE) });
  const provider = new ExplorerTreeProvider(model);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });

  const showFilter = () => {
    const text = describeFilter(model.getFilter());
    view.description = text || undefined;
    void vscode.commands.executeCommand('setContext', FILTER_ACTIVE_KEY, model.filterActive);
  };
  const setFilter = (f: TemplateFilter) => {
    model.setFilter(f);
    showFilter();
  };
  showFilter();

  /** Progress bar on the view itself while a tree action loads. */
  const inView = (work: () => Promise<void>) => Promise.resolve(vscode.window.withProgress({ location: { viewId: VIEW_ID } }, work));

  context.subscriptions.push(
    model,
    provider,
    view,
    deps.events.onDidChangeTemplate((c) => model.templateChanged(c)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kadi4mat.pageSize')) model.pageSizeChanged();
    }),
    vscode.commands.registerCommand('kadi4mat.refresh', () => model.refresh()),
    vscode.commands.registerCommand('kadi4mat.refreshNode', (node?: ExplorerNode) => model.refresh(node)),
    vscode.commands.registerCommand(
      'kadi4mat.loadMore',
      runCommand(log, prompts, 'Load More', (node: LoadMoreNode) => inView(() => model.loadMore(node))),
    ),
    vscode.commands.registerCommand(
      'kadi4mat.retry',
      runCommand(log, prompts, 'Retry', (node: MessageNode) => inView(() => model.retry(node))),
    ),
    vscode.commands.registerCommand(
      'kadi4mat.filter',
      runCommand(log, prompts, 'Filter', () => editFilterFlow(prompts, model.getFilter(), setFilter)),
    ),
    vscode.commands.registerCommand('kadi4mat.clearFilter', () => setFilter({})),
  );
  return { model, provider, view, setFilter };
}
