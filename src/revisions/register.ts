// Revision commands: Compare with Previous / with Current (VS Code's diff editor on `kadi:`
// revision documents) and Restore this Revision (a PATCH back to the snapshot, after a modal
// confirmation; Kadi records it as a new revision, so nothing of the history is lost).
import * as vscode from 'vscode';
import type { ClientSource } from '../instances/registry';
import { flattenErrors, isKadiError } from '../kadi/errors';
import type { Revision } from '../kadi/types';
import type { KadiEvents } from '../ui/events';
import { runCommand } from '../ui/errors';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import { locate } from '../fs/uris';
import { formatTime } from '../ui/time';
import { revisionUri, templateUri } from '../fs/uris';
import { isRevisionTarget, parentRevisionId, restorePatch, revisionTargetFromUri, type RevisionTarget } from './target';

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
      vscode.l10n.t('{0}: revision {1} ↔ {2}', t.identifier, parent, t.revisionId),
      { preview: true },
    );
  };

  const compareWithCurrent = async (arg: unknown) => {
    const t = need(targetOf(arg));
    await vscode.commands.executeCommand(
      'vscode.diff',
      revisionUri(t.instanceId, t.templateId, t.revisionId, t.identifier),
      templateUri(t.instanceId, t.templateId, t.identifier),
      vscode.l10n.t('{0}: revision {1} ↔ current', t.identifier, t.revisionId),
      { preview: true },
    );
  };

  const restore = async (arg: unknown) => {
    const t = need(targetOf(arg));
    const [r, current] = await Promise.all([
      source.call(t.instanceId, (c) => c.getRevision(t.templateId, t.revisionId)),
      source.call(t.instanceId, (c) => c.getTemplate(t.templateId)),
    ]);
    const { patch, fields } = restorePatch(current, r);
    if (!fields.length) {
      await prompts.info(vscode.l10n.t("'{0}' already matches revision {1}; there is nothing to restore.", current.identifier, t.revisionId));
      return;
    }
    const dirty = vscode.workspace.textDocuments.some((d) => {
      const loc = d.uri.scheme === 'kadi' ? locate(d.uri) : undefined;
      return d.isDirty && !loc?.serverSnapshot && loc?.path.kind === 'template' && loc.instanceId === t.instanceId && loc.path.templateId === t.templateId;
    });
    const dirtyNote = dirty
      ? `\n\n${vscode.l10n.t('The template is open with unsaved changes: saving them afterwards will ask before it replaces the restored version.')}`
      : '';
    const restoreButton = vscode.l10n.t('Restore');
    const answer = await prompts.warn(
      vscode.l10n.t("Restore '{0}' to revision {1} of {2}?", current.identifier, t.revisionId, formatTime(r.timestamp)),
      {
        modal: true,
        detail:
          vscode.l10n.t(
            "This saves the revision's {0} on the server. Kadi4Mat records the restore as a new revision, so the current version stays in the history.",
            fields.map((f) => `"${f}"`).join(', '),
          ) + dirtyNote,
      },
      restoreButton,
    );
    if (answer !== restoreButton) return;
    try {
      await source.call(t.instanceId, (c) => c.updateTemplate(t.templateId, patch));
    } catch (e) {
      if (isKadiError(e) && e.status === 400 && e.errors) {
        throw new Error(vscode.l10n.t('Kadi4Mat refused to restore revision {0}: {1}', t.revisionId, flattenErrors(e.errors).join('; ')));
      }
      throw e;
    }
    log.info(`Restored template ${t.templateId} on ${t.instanceId} to revision ${t.revisionId} (${fields.join(', ')}).`);
    // Open editors of the template (without unsaved changes) reload on this event.
    events.fireTemplateChanged({ instanceId: t.instanceId, templateId: t.templateId, kind: 'saved' });
    void prompts.info(vscode.l10n.t("Restored '{0}' to revision {1}.", current.identifier, t.revisionId));
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('kadi4mat.compareRevisionWithPrevious', runCommand(log, prompts, 'Compare with Previous', compareWithPrevious)),
    vscode.commands.registerCommand('kadi4mat.compareRevisionWithCurrent', runCommand(log, prompts, 'Compare with Current', compareWithCurrent)),
    vscode.commands.registerCommand('kadi4mat.restoreRevision', runCommand(log, prompts, 'Restore this Revision', restore)),
  );
}
