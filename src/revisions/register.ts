// Revision commands: Compare with Previous / with Current / with… any other (VS Code's diff editor on `kadi:`
// revision documents) and Restore this Revision (the flow in flows.ts).
import * as vscode from 'vscode';
import type { ClientSource } from '../instances/registry';
import type { Revision } from '../kadi/types';
import type { KadiEvents } from '../ui/events';
import { runCommand } from '../ui/errors';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import { locate, revisionUri, templateUri } from '../fs/uris';
import { pickRevisionToCompare, restoreRevisionFlow, type RevisionFlowDeps } from './flows';
import { isRevisionTarget, parentRevisionId, revisionTargetFromUri, type RevisionTarget } from './target';

export interface RevisionDeps {
  source: ClientSource;
  events: KadiEvents;
  prompts: Prompts;
  log: Log;
}

function targetOf(arg: unknown): RevisionTarget | undefined {
  if (isRevisionTarget(arg)) return arg;
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  return uri?.scheme === 'kadi' ? revisionTargetFromUri(uri.authority, uri.path) : undefined;
}

export function registerRevisionCommands(context: vscode.ExtensionContext, deps: RevisionDeps): void {
  const { source, events, prompts, log } = deps;

  const revision = (t: RevisionTarget): Promise<Revision> =>
    t.revision ? Promise.resolve(t.revision) : source.call(t.instanceId, (c) => c.getRevision(t.templateId, t.revisionId));

  const need = (t: RevisionTarget | undefined): RevisionTarget => {
    if (t) return t;
    throw new Error(vscode.l10n.t('Choose a revision in the Kadi4Mat view (Templates › a template › Revisions), or open one first.'));
  };

  const compareWithPrevious = async (arg: unknown) => {
    const t = need(targetOf(arg));
    const r = await revision(t);
    const parent = parentRevisionId(r);
    if (parent === undefined) {
      await prompts.info(vscode.l10n.t("Revision {0} is the first revision of '{1}': there is no earlier one to compare with.", t.revisionId, t.identifier));
      return;
    }
    await vscode.commands.executeCommand(
      'vscode.diff',
      revisionUri(t.instanceId, t.templateId, parent, t.identifier),
      revisionUri(t.instanceId, t.templateId, t.revisionId, t.identifier),
      vscode.l10n.t('{0} #{1} ↔ #{2}', t.identifier, parent, t.revisionId),
      { preview: true },
    );
  };

  const compareWithCurrent = async (arg: unknown) => {
    const t = need(targetOf(arg));
    await vscode.commands.executeCommand(
      'vscode.diff',
      revisionUri(t.instanceId, t.templateId, t.revisionId, t.identifier),
      templateUri(t.instanceId, t.templateId, t.identifier),
      vscode.l10n.t('{0} #{1} ↔ current', t.identifier, t.revisionId),
      { preview: true },
    );
  };

  const compareWith = async (arg: unknown) => {
    const t = need(targetOf(arg));
    const pair = await pickRevisionToCompare({ clients: source, prompts }, t);
    if (!pair) return;
    await vscode.commands.executeCommand(
      'vscode.diff',
      revisionUri(t.instanceId, t.templateId, pair.older, t.identifier),
      revisionUri(t.instanceId, t.templateId, pair.newer, t.identifier),
      vscode.l10n.t('{0} #{1} ↔ #{2}', t.identifier, pair.older, pair.newer),
      { preview: true },
    );
  };

  const flowDeps: RevisionFlowDeps = {
    clients: source,
    prompts,
    log,
    hasUnsavedChanges: (instanceId, templateId) =>
      vscode.workspace.textDocuments.some((d) => {
        const loc = d.uri.scheme === 'kadi' ? locate(d.uri) : undefined;
        return d.isDirty && !loc?.serverSnapshot && loc?.path.kind === 'template' && loc.instanceId === instanceId && loc.path.templateId === templateId;
      }),
    changed: (c) => events.fireTemplateChanged(c),
  };
  const restore = (arg: unknown) => restoreRevisionFlow(flowDeps, need(targetOf(arg)));

  context.subscriptions.push(
    vscode.commands.registerCommand('kadi4mat.compareRevisionWithPrevious', runCommand(log, prompts, 'Compare with Previous', compareWithPrevious)),
    vscode.commands.registerCommand('kadi4mat.compareRevisionWithCurrent', runCommand(log, prompts, 'Compare with Current', compareWithCurrent)),
    vscode.commands.registerCommand('kadi4mat.compareRevisionWith', runCommand(log, prompts, 'Compare with…', compareWith)),
    vscode.commands.registerCommand('kadi4mat.restoreRevision', runCommand(log, prompts, 'Restore this Revision', restore)),
  );
}
