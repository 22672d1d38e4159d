// Delete Template, Restore, Delete Permanently and Empty Trash as plain flows over `Prompts`
// (kadi-api.md §6). Deleting moves a template to its creator's trash; only the creator can
// restore or purge it, and Kadi4Mat purges it by itself a week after deletion. No `vscode` import.
import type { ClientSource, InstanceInfo } from '../instances/registry';
import { chooseInstance } from '../instances/flows';
import type { StepProgress, WithProgress } from '../ui/progress';
import { pages } from '../kadi/pagination';
import type { TemplateSummary } from '../kadi/summary';
import type { Template, TrashItem } from '../kadi/types';
import { purgeHint } from '../explorer/describe';
import * as l10n from '../ui/l10n';
import { formatTime } from '../ui/time';
import { describeAccess, templateAccess } from '../permissions/access';
import type { TemplateAccessService } from '../permissions/accessService';
import { ExplainedError, httpStatus, scopeClause } from '../permissions/explain';
import type { CommandTarget } from '../permissions/target';
import { resolveTemplate } from '../templates/flows';
import { describeError, isCancellation } from '../ui/errors';
import { namesList, reportBatch, runBatch, type BatchResult } from '../ui/batch';
import type { PickItem, Prompts } from '../ui/prompts';

export type { StepProgress, Steps } from '../ui/progress';

export interface TrashFlowDeps {
  clients: ClientSource;
  prompts: Prompts;
  progress: WithProgress;
  steps: StepProgress;
  /** The user's role per template, shared with the tree and the editor (without it: asked each time). */
  access?: Pick<TemplateAccessService, 'access' | 'invalidate'>;
  changed(change: { instanceId: string; templateId: number; kind: 'deleted' | 'restored' | 'purged' }): void;
  /** Closes the template's editors; those with unsaved changes stay open and are counted. */
  closeEditors(instanceId: string, templateId: number): Promise<{ closed: number; dirty: number }>;
  /** Opens the template's `kadi:` document. */
  open(instanceId: string, template: Pick<Template, 'id' | 'identifier'>): Promise<void>;
}

const MAX_TRASH_PAGES = 50;

/** The user's trashed templates (the trash also holds records, collections, groups). */
export async function trashedTemplates(deps: Pick<TrashFlowDeps, 'clients'>, instanceId: string): Promise<TrashItem[]> {
  const out: TrashItem[] = [];
  for await (const p of pages((page) => deps.clients.call(instanceId, (c) => c.listTrash({ page, per_page: 100 })), { maxPages: MAX_TRASH_PAGES })) {
    out.push(...p.items.filter((i) => i.type === 'template'));
  }
  return out;
}

/** Kadi answers 404 to restore/purge for anyone but the creator, and for what is not in the trash. */
function explainTrashFailure(e: unknown, what: string, identifier: string): unknown {
  const clause = scopeClause(e);
  if (clause) return new ExplainedError(l10n.t('Could not {0}: {1}', what, clause), e);
  if (httpStatus(e) === 404 && identifier) {
    return new ExplainedError(
      l10n.t(
        'Could not {0}: Kadi4Mat answered 404. Only the creator of a template can restore it or delete it permanently, and only while it is in the trash — "{1}" was created by someone else, or it was restored or deleted for good meanwhile (Kadi4Mat purges trashed templates after a week).',
        what,
        identifier,
      ),
      e,
    );
  }
  return e;
}

function trashItemPick(item: TrashItem, now: number): PickItem<TrashItem> {
  return { label: `$(file) ${item.identifier}`, description: l10n.t('deleted {0}', formatTime(item.deleted_at)), detail: purgeHint(item.deleted_at, now), value: item };
}

interface TrashTarget {
  info: InstanceInfo;
  templateId: number;
  identifier: string;
}

/** A trash item node or a picked one (from the user's trash on the instance). */
async function resolveTrashed(deps: TrashFlowDeps, target: CommandTarget | undefined, title: string): Promise<TrashTarget | undefined> {
  const info = await chooseInstance(deps.clients, deps.prompts, target, title);
  if (!info) return undefined;
  if (target?.templateId !== undefined && target.instanceId === info.id) {
    return { info, templateId: target.templateId, identifier: target.identifier ?? String(target.templateId) };
  }
  const items = await deps.progress(l10n.t('Loading your trash on {0}…', info.label), () => trashedTemplates(deps, info.id)).catch((e) => {
    throw explainTrashFailure(e, l10n.t('list the trash'), '');
  });
  if (!items.length) {
    void deps.prompts.info(l10n.t('There are no templates in your trash on {0}.', info.label));
    return undefined;
  }
  const now = Date.now();
  const item = (await deps.prompts.pick(items.map((i) => trashItemPick(i, now)), { title, placeHolder: l10n.t('A template in your trash'), matchOnDescription: true }))?.value;
  return item && { info, templateId: item.id, identifier: item.identifier };
}

/** A failed DELETE in the user's terms (403: the admin rule and the user's role; 404: gone meanwhile). */
async function explainDeleteFailure(deps: TrashFlowDeps, e: unknown, info: InstanceInfo, template: Pick<TemplateSummary, 'id' | 'identifier' | 'creator'>): Promise<unknown> {
  const what = l10n.t('delete "{0}"', template.identifier);
  const status = httpStatus(e);
  if (status === 403) {
    // Refused: what was known of the user's role is out of date.
    deps.access?.invalidate(info.id, template.id);
    const access = await (deps.access ? deps.access.access(info.id, template) : templateAccess(deps.clients, info.id, template)).catch(() => undefined);
    return new ExplainedError(l10n.t('Could not {0}: only users with the admin role on a template can delete it, and {1}.', what, describeAccess(access)), e);
  }
  if (status === 404) {
    deps.changed({ instanceId: info.id, templateId: template.id, kind: 'deleted' });
    return new ExplainedError(l10n.t('Could not {0}: it is no longer on {1} — it was deleted or moved to the trash meanwhile.', what, info.label), e);
  }
  const clause = scopeClause(e);
  return clause ? new ExplainedError(l10n.t('Could not {0}: {1}', what, clause), e) : e;
}

// ---------------------------------------------------------------------------- delete

/** Delete Template: a modal confirmation naming it, DELETE, its editors closed, "Undo" for the creator. */
export async function deleteTemplateFlow(deps: TrashFlowDeps, target?: CommandTarget): Promise<boolean> {
  const r = await resolveTemplate(deps, target, l10n.t('Kadi4Mat: Delete Template'));
  if (!r) return false;
  const { info, template } = r;
  const me = await deps.clients.currentUser(info.id).catch(() => undefined);
  const mine = !!me && template.creator?.id === me.id;
  const creator = template.creator?.displayname;
  const detail = mine
    ? l10n.t('It moves to your trash in Kadi4Mat: "Restore" in the Trash of the Kadi4Mat view brings it back. Kadi4Mat deletes trashed templates for good after a week.')
    : creator
      ? l10n.t(
          'It moves to the trash of its creator, {0}: only the creator can restore it, and Kadi4Mat deletes it for good after a week. You will not be able to restore it yourself.',
          creator,
        )
      : l10n.t('It moves to the trash of its creator: only the creator can restore it, and Kadi4Mat deletes it for good after a week. You will not be able to restore it yourself.');
  const label = template.title && template.title !== template.identifier ? `"${template.title}" (${template.identifier})` : `"${template.identifier}"`;
  const del = l10n.t('Delete');
  const answer = await deps.prompts.warn(l10n.t('Delete the template {0} on {1}?', label, info.label), { modal: true, detail }, del);
  if (answer !== del) return false;
  try {
    await deps.progress(l10n.t('Deleting "{0}"…', template.identifier), () => deps.clients.call(info.id, (c) => c.deleteTemplate(template.id)));
  } catch (e) {
    throw await explainDeleteFailure(deps, e, info, template);
  }
  const editors = await deps.closeEditors(info.id, template.id);
  deps.changed({ instanceId: info.id, templateId: template.id, kind: 'deleted' });
  const kept =
    editors.dirty === 0
      ? ''
      : editors.dirty === 1
        ? l10n.t('An editor with unsaved changes stayed open: they can no longer be saved to Kadi4Mat; use "Save As…" to keep the text.')
        : l10n.t('{0} editors with unsaved changes stayed open: they can no longer be saved to Kadi4Mat; use "Save As…" to keep the text.', editors.dirty);
  const message = mine
    ? l10n.t('Moved "{0}" to your trash.', template.identifier)
    : creator
      ? l10n.t('Moved "{0}" to the trash of {1}.', template.identifier, creator)
      : l10n.t('Moved "{0}" to the trash of its creator.', template.identifier);
  // Editors that can no longer be saved are worth a notification; the move itself is not.
  if (kept) void deps.prompts.info(kept);
  // The status bar, not a notification: it goes by itself, and does not stay behind after an Undo.
  if (mine) {
    deps.prompts.status(message, {
      title: l10n.t('Undo'),
      run: async () => {
        try {
          await restoreTemplateFlow(deps, { instanceId: info.id, templateId: template.id, identifier: template.identifier });
        } catch (e) {
          if (!isCancellation(e)) void deps.prompts.error(describeError(e));
        }
      },
    });
  } else {
    deps.prompts.status(message);
  }
  return true;
}

// ---------------------------------------------------------------------------- restore / purge

/** Restore: POST restore; the template returns to the tree; "Open" opens it. */
export async function restoreTemplateFlow(deps: TrashFlowDeps, target?: CommandTarget): Promise<Template | undefined> {
  const t = await resolveTrashed(deps, target, l10n.t('Kadi4Mat: Restore Template'));
  if (!t) return undefined;
  let restored: Template;
  try {
    restored = await deps.progress(l10n.t('Restoring "{0}"…', t.identifier), () => deps.clients.call(t.info.id, (c) => c.restoreTemplate(t.templateId)));
  } catch (e) {
    if (httpStatus(e) === 404) deps.changed({ instanceId: t.info.id, templateId: t.templateId, kind: 'restored' });
    throw explainTrashFailure(e, l10n.t('restore "{0}"', t.identifier), t.identifier);
  }
  deps.changed({ instanceId: t.info.id, templateId: t.templateId, kind: 'restored' });
  deps.prompts.status(l10n.t('Restored "{0}": it is back among the templates of {1}.', restored.identifier, t.info.label), {
    title: l10n.t('Open'),
    run: () => deps.open(t.info.id, restored),
  });
  return restored;
}

/** Delete Permanently: a modal confirmation that it cannot be undone, then POST purge. */
export async function purgeTemplateFlow(deps: TrashFlowDeps, target?: CommandTarget): Promise<boolean> {
  const t = await resolveTrashed(deps, target, l10n.t('Kadi4Mat: Delete Permanently'));
  if (!t) return false;
  const purge = l10n.t('Delete Permanently');
  const answer = await deps.prompts.warn(
    l10n.t('Delete "{0}" permanently?', t.identifier),
    { modal: true, detail: l10n.t('This cannot be undone: the template, its revisions and its roles are removed from {0} for good.', t.info.label) },
    purge,
  );
  if (answer !== purge) return false;
  try {
    await deps.progress(l10n.t('Deleting "{0}" permanently…', t.identifier), () => deps.clients.call(t.info.id, (c) => c.purgeTemplate(t.templateId)));
  } catch (e) {
    if (httpStatus(e) === 404) deps.changed({ instanceId: t.info.id, templateId: t.templateId, kind: 'purged' });
    throw explainTrashFailure(e, l10n.t('delete "{0}" permanently', t.identifier), t.identifier);
  }
  deps.changed({ instanceId: t.info.id, templateId: t.templateId, kind: 'purged' });
  void deps.prompts.info(l10n.t('"{0}" was deleted permanently.', t.identifier));
  return true;
}

export interface EmptyTrashResult {
  purged: TrashItem[];
  failed: { item: TrashItem; error: unknown }[];
  cancelled: boolean;
}

/** Empty Trash: every template in the user's trash, one confirmation, a progress notification. */
export async function emptyTrashFlow(deps: TrashFlowDeps, target?: CommandTarget): Promise<EmptyTrashResult | undefined> {
  const info = await chooseInstance(deps.clients, deps.prompts, target, l10n.t('Kadi4Mat: Empty Trash'));
  if (!info) return undefined;
  const items = await deps.progress(l10n.t('Loading your trash on {0}…', info.label), () => trashedTemplates(deps, info.id)).catch((e) => {
    throw explainTrashFailure(e, l10n.t('list the trash'), '');
  });
  if (!items.length) {
    void deps.prompts.info(l10n.t('There are no templates in your trash on {0}.', info.label));
    return undefined;
  }
  const shown = items
    .slice(0, 10)
    .map((i) => `"${i.identifier}"`)
    .join(', ');
  const names = items.length > 10 ? l10n.t('{0}, and {1} more', shown, items.length - 10) : shown;
  const empty = l10n.t('Empty Trash');
  const answer = await deps.prompts.warn(
    items.length === 1
      ? l10n.t('Permanently delete the template in your trash on {0}?', info.label)
      : l10n.t('Permanently delete all {0} templates in your trash on {1}?', items.length, info.label),
    {
      modal: true,
      detail: l10n.t('This cannot be undone: {0}, with their revisions and roles. Records, collections and groups in the trash are not touched.', names),
    },
    empty,
  );
  if (answer !== empty) return undefined;

  const result: EmptyTrashResult = { purged: [], failed: [], cancelled: false };
  await deps.steps(l10n.t('Emptying the trash on {0}', info.label), async (steps) => {
    for (const [i, item] of items.entries()) {
      if (steps.cancelled) {
        result.cancelled = true;
        break;
      }
      steps.report(l10n.t('{0} of {1}: "{2}"', i + 1, items.length, item.identifier), 100 / items.length);
      try {
        await deps.clients.call(info.id, (c) => c.purgeTemplate(item.id));
        result.purged.push(item);
        deps.changed({ instanceId: info.id, templateId: item.id, kind: 'purged' });
      } catch (e) {
        // A missing scope or a dead connection fails every other item the same way: stop.
        if (httpStatus(e) === 401 || !httpStatus(e)) throw explainTrashFailure(e, l10n.t('empty the trash'), item.identifier);
        result.failed.push({ item, error: e });
      }
    }
  });

  const done =
    items.length === 1
      ? l10n.t('Deleted {0} of 1 template permanently', result.purged.length)
      : l10n.t('Deleted {0} of {1} templates permanently', result.purged.length, items.length);
  if (result.failed.length) {
    const why = result.failed
      .slice(0, 3)
      .map((f) => `"${f.item.identifier}" (${httpStatus(f.error) === 404 ? l10n.t('no longer in your trash: restored or deleted meanwhile') : describeError(f.error)})`)
      .join('; ');
    const more = result.failed.length > 3 ? l10n.t('; and {0} more (see the log)', result.failed.length - 3) : '';
    void deps.prompts.error(l10n.t('{0}. {1} could not be deleted: {2}{3}.', done, result.failed.length, why, more));
  } else if (result.cancelled) {
    void deps.prompts.info(l10n.t('{0}; stopped on request.', done));
  } else {
    void deps.prompts.info(l10n.t('{0}: the trash holds no templates any more.', done));
  }
  return result;
}

// ---------------------------------------------------------------------------- several at once

/** A selected template or trash item (multi-select in the tree): one instance, a known id. */
export interface BatchTarget {
  instanceId: string;
  templateId: number;
  identifier: string;
  template?: TemplateSummary;
}

/** A missing scope or a lost connection fails every other item alike: the batch stops. */
const fatal = (e: unknown) => httpStatus(e) === 401 || !httpStatus(e);

async function batchInstance(deps: TrashFlowDeps, targets: readonly BatchTarget[], title: string): Promise<InstanceInfo | undefined> {
  const ids = new Set(targets.map((t) => t.instanceId));
  if (ids.size !== 1) throw new ExplainedError(l10n.t('Select templates of one instance at a time.'));
  return chooseInstance(deps.clients, deps.prompts, { instanceId: targets[0].instanceId }, title);
}

/** Delete Template on several selected templates: one confirmation, one progress, one summary. */
export async function deleteTemplatesFlow(deps: TrashFlowDeps, targets: readonly BatchTarget[]): Promise<BatchResult<BatchTarget> | undefined> {
  if (targets.length === 1) return (await deleteTemplateFlow(deps, targets[0])) ? { done: [...targets], failed: [], cancelled: false, total: 1 } : undefined;
  const info = await batchInstance(deps, targets, l10n.t('Kadi4Mat: Delete Template'));
  if (!info) return undefined;
  const del = l10n.t('Delete');
  const answer = await deps.prompts.warn(
    l10n.t('Delete {0} templates on {1}?', targets.length, info.label),
    {
      modal: true,
      detail: l10n.t(
        '{0}. Each moves to the trash of its creator: only the creator can restore it, and Kadi4Mat deletes it for good after a week.',
        namesList(targets.map((t) => t.identifier)),
      ),
    },
    del,
  );
  if (answer !== del) return undefined;
  let dirty = 0;
  const result = await runBatch(
    deps.steps,
    l10n.t('Deleting {0} templates on {1}', targets.length, info.label),
    targets,
    (t) => t.identifier,
    async (t) => {
      await deps.clients.call(info.id, (c) => c.deleteTemplate(t.templateId));
      dirty += (await deps.closeEditors(info.id, t.templateId)).dirty;
      deps.changed({ instanceId: info.id, templateId: t.templateId, kind: 'deleted' });
    },
    { explain: (e, t) => explainDeleteFailure(deps, e, info, t.template ?? { id: t.templateId, identifier: t.identifier }), fatal },
  );
  if (dirty > 0) {
    void deps.prompts.info(
      l10n.t('{0} editor(s) with unsaved changes stayed open: they can no longer be saved to Kadi4Mat; use "Save As…" to keep the text.', dirty),
    );
  }
  // Two or more: a single target went the single-template way above.
  const moved = l10n.t('Moved {0} of {1} templates to the trash', result.done.length, targets.length);
  reportBatch(deps.prompts, result, moved, (t) => t.identifier);
  return result;
}

/** Restore on several selected trash items: one progress, one summary (restoring needs no confirmation). */
export async function restoreTemplatesFlow(deps: TrashFlowDeps, targets: readonly BatchTarget[]): Promise<BatchResult<BatchTarget> | undefined> {
  if (targets.length === 1) {
    const restored = await restoreTemplateFlow(deps, targets[0]);
    return restored ? { done: [...targets], failed: [], cancelled: false, total: 1 } : undefined;
  }
  const info = await batchInstance(deps, targets, l10n.t('Kadi4Mat: Restore Template'));
  if (!info) return undefined;
  const result = await runBatch(
    deps.steps,
    l10n.t('Restoring {0} templates on {1}', targets.length, info.label),
    targets,
    (t) => t.identifier,
    async (t) => {
      try {
        await deps.clients.call(info.id, (c) => c.restoreTemplate(t.templateId));
      } catch (e) {
        if (httpStatus(e) === 404) deps.changed({ instanceId: info.id, templateId: t.templateId, kind: 'restored' });
        throw e;
      }
      deps.changed({ instanceId: info.id, templateId: t.templateId, kind: 'restored' });
    },
    { explain: (e, t) => explainTrashFailure(e, l10n.t('restore "{0}"', t.identifier), t.identifier), fatal },
  );
  const restored = l10n.t('Restored {0} of {1} templates on {2}', result.done.length, targets.length, info.label);
  reportBatch(deps.prompts, result, restored, (t) => t.identifier);
  return result;
}

/** Delete Permanently on several selected trash items: one confirmation that it cannot be undone. */
export async function purgeTemplatesFlow(deps: TrashFlowDeps, targets: readonly BatchTarget[]): Promise<BatchResult<BatchTarget> | undefined> {
  if (targets.length === 1) return (await purgeTemplateFlow(deps, targets[0])) ? { done: [...targets], failed: [], cancelled: false, total: 1 } : undefined;
  const info = await batchInstance(deps, targets, l10n.t('Kadi4Mat: Delete Permanently'));
  if (!info) return undefined;
  const purge = l10n.t('Delete Permanently');
  const answer = await deps.prompts.warn(
    l10n.t('Delete {0} templates permanently?', targets.length),
    {
      modal: true,
      detail: l10n.t(
        '{0}. This cannot be undone: the templates, their revisions and their roles are removed from {1} for good.',
        namesList(targets.map((t) => t.identifier)),
        info.label,
      ),
    },
    purge,
  );
  if (answer !== purge) return undefined;
  const result = await runBatch(
    deps.steps,
    l10n.t('Deleting {0} templates permanently on {1}', targets.length, info.label),
    targets,
    (t) => t.identifier,
    async (t) => {
      try {
        await deps.clients.call(info.id, (c) => c.purgeTemplate(t.templateId));
      } catch (e) {
        if (httpStatus(e) === 404) deps.changed({ instanceId: info.id, templateId: t.templateId, kind: 'purged' });
        throw e;
      }
      deps.changed({ instanceId: info.id, templateId: t.templateId, kind: 'purged' });
    },
    { explain: (e, t) => explainTrashFailure(e, l10n.t('delete "{0}" permanently', t.identifier), t.identifier), fatal },
  );
  const purged = l10n.t('Deleted {0} of {1} templates permanently', result.done.length, targets.length);
  reportBatch(deps.prompts, result, purged, (t) => t.identifier);
  return result;
}
