// Restore this Revision as a plain flow over `Prompts` (unit-tested against the sandbox): fetch
// the revision and the current template, PATCH only what differs after a modal confirmation;
// Kadi records the restore as a new revision, so nothing of the history is lost. No `vscode` import.
import type { ClientSource } from '../instances/registry';
import { flattenErrors, isKadiError } from '../kadi/errors';
import type { Log } from '../ui/log';
import * as l10n from '../ui/l10n';
import type { Prompts } from '../ui/prompts';
import { formatTime } from '../ui/time';
import { revisionLabel } from '../explorer/describe';
import { restorePatch, type RevisionTarget } from './target';

export interface RevisionFlowDeps {
  clients: Pick<ClientSource, 'call'>;
  prompts: Prompts;
  log: Pick<Log, 'info'>;
  /** True when an editor holds unsaved changes of the template. */
  hasUnsavedChanges(instanceId: string, templateId: number): boolean;
  /** Open editors of the template (without unsaved changes) reload on this. */
  changed(change: { instanceId: string; templateId: number; kind: 'saved' }): void;
}

/** Restores the template to the revision; true when something was saved. */
export async function restoreRevisionFlow(deps: RevisionFlowDeps, t: RevisionTarget): Promise<boolean> {
  const [r, current] = await Promise.all([
    deps.clients.call(t.instanceId, (c) => c.getRevision(t.templateId, t.revisionId)),
    deps.clients.call(t.instanceId, (c) => c.getTemplate(t.templateId)),
  ]);
  const { patch, fields } = restorePatch(current, r);
  if (!fields.length) {
    await deps.prompts.info(l10n.t("'{0}' already matches revision {1}; there is nothing to restore.", current.identifier, t.revisionId));
    return false;
  }
  const dirtyNote = deps.hasUnsavedChanges(t.instanceId, t.templateId)
    ? `\n\n${l10n.t('The template is open with unsaved changes: saving them afterwards will ask before it replaces the restored version.')}`
    : '';
  const restoreButton = l10n.t('Restore');
  const answer = await deps.prompts.warn(
    l10n.t("Restore '{0}' to revision {1} of {2}?", current.identifier, t.revisionId, formatTime(r.timestamp)),
    {
      modal: true,
      detail:
        l10n.t(
          "This saves the revision's {0} on the server. Kadi4Mat records the restore as a new revision, so the current version stays in the history.",
          fields.map((f) => `"${f}"`).join(', '),
        ) + dirtyNote,
    },
    restoreButton,
  );
  if (answer !== restoreButton) return false;
  try {
    await deps.clients.call(t.instanceId, (c) => c.updateTemplate(t.templateId, patch));
  } catch (e) {
    if (isKadiError(e) && e.status === 400 && e.errors) {
      throw new Error(l10n.t('Kadi4Mat refused to restore revision {0}: {1}', t.revisionId, flattenErrors(e.errors).join('; ')));
    }
    throw e;
  }
  deps.log.info(`Restored template ${t.templateId} on ${t.instanceId} to revision ${t.revisionId} (${fields.join(', ')}).`);
  deps.changed({ instanceId: t.instanceId, templateId: t.templateId, kind: 'saved' });
  deps.prompts.status(l10n.t("Restored '{0}' to revision {1}.", current.identifier, t.revisionId));
  return true;
}

/**
 * "Compare with…": the other revisions of the template to choose from (newest first, one
 * request), labelled as in the tree ("#3 · title, data", "Bob · <date>"). Returns the pair to
 * diff, older first; undefined when cancelled or there is no other revision.
 */
export async function pickRevisionToCompare(
  deps: Pick<RevisionFlowDeps, 'clients' | 'prompts'>,
  t: RevisionTarget,
): Promise<{ older: number; newer: number } | undefined> {
  const page = await deps.clients.call(t.instanceId, (c) => c.listRevisions(t.templateId, { per_page: 100 }));
  const others = page.items.filter((r) => r.id !== t.revisionId);
  if (!others.length) {
    await deps.prompts.info(l10n.t("'{0}' has no other revision to compare #{1} with.", t.identifier, t.revisionId));
    return undefined;
  }
  const picked = await deps.prompts.pick(
    others.map((r) => ({
      label: `#${r.id} · ${revisionLabel(r)}`,
      description: `${r.user?.displayname ?? l10n.t('unknown user')} · ${formatTime(r.timestamp)}`,
      value: r.id,
    })),
    { title: l10n.t('Compare {0} #{1} with…', t.identifier, t.revisionId), placeHolder: l10n.t('Choose the other revision'), matchOnDescription: true },
  );
  if (!picked) return undefined;
  return picked.value < t.revisionId ? { older: picked.value, newer: t.revisionId } : { older: t.revisionId, newer: picked.value };
}
