// "Copy to Instance…": a template of one connected instance created on another (e.g. from a
// test instance to production). No `vscode` import.
//
// Record templates name records, collections, users and groups by their ids on the source
// instance (`record_links`, `collections`, `roles`); on another instance those ids mean other
// things or nothing, so they are left out, and the user is told. The copy is private, as with
// Duplicate; an identifier already used there is asked again with the server's message.
import { KadiError } from '../kadi/errors';
import type { RecordTemplateData, Template } from '../kadi/types';
import type { PickItem } from '../ui/prompts';
import { createWithIdentifierRetry, resolveTemplate, type TemplateFlowDeps, type TemplateTarget } from './flows';
import type { InstanceInfo } from '../instances/registry';
import * as l10n from '../ui/l10n';

const INSTANCE_BOUND = ['collections', 'record_links', 'roles'] as const;

/** `data` without what only makes sense on the source instance, and the names of what went. */
export function portableData(t: Pick<Template, 'type' | 'data'>): { data: Template['data']; dropped: string[] } {
  if (t.type !== 'record' || Array.isArray(t.data)) return { data: t.data, dropped: [] };
  const data = { ...(t.data as RecordTemplateData) };
  const dropped: string[] = [];
  for (const k of INSTANCE_BOUND) {
    const v = data[k];
    if (Array.isArray(v) && v.length) dropped.push(k);
    data[k] = [] as never;
  }
  return { data, dropped };
}

export async function copyToInstanceFlow(deps: TemplateFlowDeps, target?: TemplateTarget): Promise<{ template: Template; dropped: string[] } | undefined> {
  const source = await resolveTemplate(deps, target, l10n.t('Kadi4Mat: Copy to Instance'), true);
  if (!source) return undefined;
  const others = deps.clients.list().filter((i) => i.id !== source.info.id);
  if (!others.length) {
    throw new KadiError({ kind: 'config', message: l10n.t('Copy to Instance needs a second connected instance: use "Kadi4Mat: Add Instance…" first.') });
  }
  const step = l10n.t('Kadi4Mat: Copy "{0}" to Another Instance', source.template.identifier);
  const items: PickItem<InstanceInfo>[] = others.map((i) => ({ label: i.label, description: i.user?.displayname, detail: i.sandbox ? l10n.t('Embedded local sandbox') : i.baseUrl, value: i }));
  const to = (await deps.prompts.pick(items, { title: step, placeHolder: l10n.t('Copy to which instance?') }))?.value;
  if (!to) return undefined;
  const tpl = source.template;
  const { data, dropped } = portableData(tpl);
  const body = { identifier: tpl.identifier, title: tpl.title, type: tpl.type, data, description: tpl.description ?? '', visibility: 'private' as const };
  const created = await createWithIdentifierRetry(deps, to, body, step);
  if (!created) return undefined;
  if (dropped.length) {
    void deps.prompts.info(l10n.t('Copied "{0}" to {1} without {2}: they name records, collections, users or groups of {3}.', tpl.identifier, to.label, dropped.join(', '), source.info.label));
  }
  return { template: created, dropped };
}
