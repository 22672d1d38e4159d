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
  if (clause) return new ExplainedError(`Could not ${what}: ${clause}`, e);
  if (httpStatus(e) === 404 && identifier) {
    return new ExplainedError(
      `Could not ${what}: Kadi4Mat answered 404. Only the creator of a template can restore it or delete it permanently, and only while it is in the trash — "${identifier}" was created by someone else, or it was restored or deleted for good meanwhile (Kadi4Mat purges trashed templates after a week).`,
      e,
    );
  }
  return e;
}

function trashItemPick(item: TrashItem, now: number): PickItem<TrashItem> {
  return { label: `$(file) ${item.identifier}`, description: `deleted ${formatTime(item.deleted_at)}`, detail: purgeHint(item.deleted_at, now), value: item };
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
  const items = await deps.progress(`Loading your trash on ${info.label}…`, () => trashedTemplates(deps, info.id)).catch((e) => {
    throw explainTrashFailure(e, 'list the trash', '');
  });
  if (!items.length) {
    void deps.prompts.info(`There are no templates in your trash on ${info.label}.`);
    return undefined;
  }
  const now = Date.now();
  const item = (await deps.prompts.pick(items.map((i) => trashItemPick(i, now)), { title, placeHolder: 'A template in your trash', matchOnDescription: true }))?.value;
  return item && { info, templateId: item.id, identifier: item.identifier };
}

/** A failed DELETE in the user's terms (403: the admin rule and the user's role; 404: gone meanwhile). */
async function explainDeleteFailure(deps: TrashFlowDeps, e: unknown, info: InstanceInfo, template: Pick<TemplateSummary, 'id' | 'identifier' | 'creator'>): Promise<unknown> {
  const what = `delete "${template.identifier}"`;
  const status = httpStatus(e);
  if (status === 403) {
    // Refused: what was known of the user's role is out of date.
    deps.access?.invalidate(info.id, template.id);
    const access = await (deps.access ? deps.access.access(info.id, template) : templateAccess(deps.clients, info.id, template)).catch(() => undefined);
    return new ExplainedError(`Could not ${what}: only users with the admin role on a template can delete it, and ${describeAccess(access)}.`, e);
  }
  if (status === 404) {
    deps.changed({ instanceId: info.id, templateId: template.id, kind: 'deleted' });
    return new ExplainedError(`Could not ${what}: it is no longer on ${info.label} — it was deleted or moved to the trash meanwhile.`, e);
  }
  const clause = scopeClause(e);
  return clause ? new ExplainedError(`Could not ${what}: ${clause}`, e) : e;
}

// ---------------------------------------------------------------------------- delete

/** Delete Template: a modal confirmation naming it, DELETE, its editors closed, "Undo" for the creator. */
export async function deleteTemplateFlow(deps: TrashFlowDeps, target?: CommandTarget): Promise<boolean> {
  const r = await resolveTemplate(deps, target, 'Kadi4Mat: Delete Template');
  if (!r) return false;
  const { info, template } = r;
  const me = await deps.clients.currentUser(info.id).catch(() => undefined);
  const mine = !!me && template.creator?.id === me.id;
  const creator = template.creator?.displayname;
  const detail = mine
    ? 'It moves to your trash in Kadi4Mat: "Restore" in the Trash of the Kadi4Mat view brings it back. Kadi4Mat deletes trashed templates for good after a week.'
    : `It moves to the trash of its creator${creator ? `, ${creator}` : ''}: only the creator can restore it, and Kadi4Mat deletes it for good after a week. You will not be able to restore it yourself.`;
  const label = template.title && template.title !== template.identifier ? `"${template.title}" (${template.identifier})` : `"${template.identifier}"`;
  const answer = await deps.prompts.warn(`Delete the template ${label} on ${info.label}?`, { modal: true, detail }, 'Delete');
  if (answer !== 'Delete') return false;
  try {
    await deps.progress(`Deleting "${template.identifier}"…`, () => deps.clients.call(info.id, (c) => c.deleteTemplate(template.id)));
  } catch (e) {
    throw await explainDeleteFailure(deps, e, info, template);
  }
  const editors = await deps.closeEditors(info.id, template.id);
  deps.changed({ instanceId: info.id, templateId: template.id, kind: 'deleted' });
  const kept =
    editors.dirty > 0
      ? ` ${editors.dirty === 1 ? 'An editor' : `${editors.dirty} editors`} with unsaved changes stayed open: they can no longer be saved to Kadi4Mat; use "Save As…" to keep the text.`
      : '';
  const where = mine ? 'your trash' : `the trash of ${creator ?? 'its creator'}`;
  const message = `Moved "${template.identifier}" to ${where}.`;
  // Editors that can no longer be saved are worth a notification; the move itself is not.
  if (kept) void deps.prompts.info(kept.trim());
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
  const t = await resolveTrashed(deps, target, 'Kadi4Mat: Restore Template');
  if (!t) return undefined;
  let restored: Template;
  try {
    restored = await deps.progress(`Restoring "${t.identifier}"…`, () => deps.clients.call(t.info.id, (c) => c.restoreTemplate(t.templateId)));
  } catch (e) {
    if (httpStatus(e) === 404) deps.changed({ instanceId: t.info.id, templateId: t.templateId, kind: 'restored' });
    throw explainTrashFailure(e, `restore "${t.identifier}"`, t.identifier);
  }
  deps.changed({ instanceId: t.info.id, templateId: t.templateId, kind: 'restored' });
  deps.prompts.status(`Restored "${restored.identifier}": it is back among the templates of ${t.info.label}.`, {
    title: l10n.t('Open'),
    run: () => deps.open(t.info.id, restored),
  });
  return restored;
}

/** Delete Permanently: a modal confirmation that it cannot be undone, then POST purge. */
export async function purgeTemplateFlow(deps: TrashFlowDeps, target?: CommandTarget): Promise<boolean> {
  const t = await resolveTrashed(deps, target, 'Kadi4Mat: Delete Permanently');
  if (!t) return false;
  const answer = await deps.prompts.warn(
    `Delete "${t.identifier}" permanently?`,
    { modal: true, detail: `This cannot be undone: the template, its revisions and its roles are removed from ${t.info.label} for good.` },
    'Delete Permanently',
  );
  if (answer !== 'Delete Permanently') return false;
  try {
    await deps.progress(`Deleting "${t.identifier}" permanently…`, () => deps.clients.call(t.info.id, (c) => c.purgeTemplate(t.templateId)));
  } catch (e) {
    if (httpStatus(e) === 404) deps.changed({ instanceId: t.info.id, templateId: t.templateId, kind: 'purged' });
    throw explainTrashFailure(e, `delete "${t.identifier}" permanently`, t.identifier);
  }
  deps.changed({ instanceId: t.info.id, templateId: t.templateId, kind: 'purged' });
  void deps.prompts.info(`"${t.identifier}" was deleted permanently.`);
  return true;
}

export interface EmptyTrashResult {
  purged: TrashItem[];
  failed: { item: TrashItem; error: unknown }[];
  cancelled: boolean;
}

/** Empty Trash: every template in the user's trash, one confirmation, a progress notification. */
export async function emptyTrashFlow(deps: TrashFlowDeps, target?: CommandTarget): Promise<EmptyTrashResult | undefined> {
  const info = await chooseInstance(deps.clients, deps.prompts, target, 'Kadi4Mat: Empty Trash');
  if (!info) return undefined;
  const items = await deps.progress(`Loading your trash on ${info.label}…`, () => trashedTemplates(deps, info.id)).catch((e) => {
    throw explainTrashFailure(e, 'list the trash', '');
  });
  if (!items.length) {
    void deps.prompts.info(`There are no templates in your trash on ${info.label}.`);
    return undefined;
  }
  const names = items.slice(0, 10).map((i) => `"${i.identifier}"`).join(', ') + (items.length > 10 ? `, and ${items.length - 10} more` : '');
  const count = items.length === 1 ? 'the template' : `all ${items.length} templates`;
  const answer = await deps.prompts.warn(
    `Permanently delete ${count} in your trash on ${info.label}?`,
    { modal: true, detail: `This cannot be undone: ${names}, with their revisions and roles. Records, collections and groups in the trash are not touched.` },
    'Empty Trash',
  );
  if (answer !== 'Empty Trash') return undefined;

  const result: EmptyTrashResult = { purged: [], failed: [], cancelled: false };
  await deps.steps(`Emptying the trash on ${info.label}`, async (steps) => {
    for (const [i, item] of items.entries()) {
      if (steps.cancelled) {
        result.cancelled = true;
        break;
      }
      steps.report(`${i + 1} of ${items.length}: "${item.identifier}"`, 100 / items.length);
      try {
        await deps.clients.call(info.id, (c) => c.purgeTemplate(item.id));
        result.purged.push(item);
        deps.changed({ instanceId: info.id, templateId: item.id, kind: 'purged' });
      } catch (e) {
        // A missing scope or a dead connection fails every other item the same way: stop.
        if (httpStatus(e) === 401 || !httpStatus(e)) throw explainTrashFailure(e, 'empty the trash', item.identifier);
        result.failed.push({ item, error: e });
      }
    }
  });

  const done = `Deleted ${result.purged.length} of ${items.length} template${items.length === 1 ? '' : 's'} permanently`;
  if (result.failed.length) {
    const why = result.failed
      .slice(0, 3)
      .map((f) => `"${f.item.identifier}" (${httpStatus(f.error) === 404 ? 'no longer in your trash: restored or deleted meanwhile' : describeError(f.error)})`)
      .join('; ');
    const more = result.failed.length > 3 ? `; and ${result.failed.length - 3} more (see the log)` : '';
    void deps.prompts.error(`${done}. ${result.failed.length} could not be deleted: ${why}${more}.`);
  } else if (result.cancelled) {
    void deps.prompts.info(`${done}; stopped on request.`);
  } else {
    void deps.prompts.info(`${done}: the trash holds no templates any more.`);
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
const plural = (n: number) => (n === 1 ? l10n.t('template') : l10n.t('templates'));

async function batchInstance(deps: TrashFlowDeps, targets: readonly BatchTarget[], title: string): Promise<InstanceInfo | undefined> {
  const ids = new Set(targets.map((t) => t.instanceId));
  if (ids.size !== 1) throw new ExplainedError(l10n.t('Select templates of one instance at a time.'));
  return chooseInstance(deps.clients, deps.prompts, { instanceId: targets[0].instanceId }, title);
}

/** Delete Template on several selected templates: one confirmation, one progress, one summary. */
export async function deleteTemplatesFlow(deps: TrashFlowDeps, targets: readonly BatchTarget[]): Promise<BatchResult<BatchTarget> | undefined> {
  if (targets.length === 1) return (await deleteTemplateFlow(deps, targets[0])) ? { done: [...targets], failed: [], cancelled: false, total: 1 } : undefined;
  const info = await batchInstance(deps, targets, 'Kadi4Mat: Delete Template');
  if (!info) return undefined;
  const answer = await deps.prompts.warn(
    l10n.t('Delete {0} templates on {1}?', targets.length, info.label),
    {
      modal: true,
      detail: l10n.t(
        '{0}. Each moves to the trash of its creator: only the creator can restore it, and Kadi4Mat deletes it for good after a week.',
        namesList(targets.map((t) => t.identifier)),
      ),
    },
    'Delete',
  );
  if (answer !== 'Delete') return undefined;
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
  reportBatch(deps.prompts, result, l10n.t('Moved {0} of {1} {2} to the trash', result.done.length, targets.length, plural(targets.length)), (t) => t.identifier);
  return result;
}

/** Restore on several selected trash items: one progress, one summary (restoring needs no confirmation). */
export async function restoreTemplatesFlow(deps: TrashFlowDeps, targets: readonly BatchTarget[]): Promise<BatchResult<BatchTarget> | undefined> {
  if (targets.length === 1) {
    const restored = await restoreTemplateFlow(deps, targets[0]);
    return restored ? { done: [...targets], failed: [], cancelled: false, total: 1 } : undefined;
  }
  const info = await batchInstance(deps, targets, 'Kadi4Mat: Restore Template');
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
    { explain: (e, t) => explainTrashFailure(e, `restore "${t.identifier}"`, t.identifier), fatal },
  );
  reportBatch(deps.prompts, result, l10n.t('Restored {0} of {1} {2} on {3}', result.done.length, targets.length, plural(targets.length), info.label), (t) => t.identifier);
  return result;
}

/** Delete Permanently on several selected trash items: one confirmation that it cannot be undone. */
export async function purgeTemplatesFlow(deps: TrashFlowDeps, targets: readonly BatchTarget[]): Promise<BatchResult<BatchTarget> | undefined> {
  if (targets.length === 1) return (await purgeTemplateFlow(deps, targets[0])) ? { done: [...targets], failed: [], cancelled: false, total: 1 } : undefined;
  const info = await batchInstance(deps, targets, 'Kadi4Mat: Delete Permanently');
  if (!info) return undefined;
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
    'Delete Permanently',
  );
  if (answer !== 'Delete Permanently') return undefined;
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
    { explain: (e, t) => explainTrashFailure(e, `delete "${t.identifier}" permanently`, t.identifier), fatal },
  );
  reportBatch(deps.prompts, result, l10n.t('Deleted {0} of {1} {2} permanently', result.done.length, targets.length, plural(targets.length)), (t) => t.identifier);
  return result;
}
