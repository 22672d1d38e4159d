// The three template roles and what each one means, as the role pick shows them. The meaning
// comes from the instance (GET /api/roles, kadi-api.md §5) where it answers, so an instance
// with other wording shows its own; the built-in lines are the fallback. No `vscode` import.
import type { ClientSource } from '../instances/registry';
import type { RoleDescription, TemplateRoleName } from '../kadi/types';
import * as l10n from '../ui/l10n';
import type { PickItem } from '../ui/prompts';

export const TEMPLATE_ROLES: readonly TemplateRoleName[] = ['member', 'editor', 'admin'];

export const ROLE_RANK: Record<TemplateRoleName, number> = { member: 1, editor: 2, admin: 3 };

const ICONS: Record<TemplateRoleName, string> = { member: '$(eye)', editor: '$(edit)', admin: '$(shield)' };

/** Used when GET /api/roles fails or lists no template roles (getters: translated when read, not at load). */
export const FALLBACK_MEANINGS: Readonly<Record<TemplateRoleName, string>> = {
  get member() {
    return l10n.t('View this template.');
  },
  get editor() {
    return l10n.t('View and edit this template.');
  },
  get admin() {
    return l10n.t('View, edit and delete this template, and manage its permissions.');
  },
};

export function isTemplateRole(v: unknown): v is TemplateRoleName {
  return typeof v === 'string' && (TEMPLATE_ROLES as readonly string[]).includes(v);
}

/** The higher of two roles (undefined counts as none). */
export function higherRole(a: TemplateRoleName | undefined, b: TemplateRoleName | undefined): TemplateRoleName | undefined {
  if (!a) return b;
  if (!b) return a;
  return ROLE_RANK[b] > ROLE_RANK[a] ? b : a;
}

/** One line per role: the server's permission descriptions joined ("View this template. Edit this template."). */
export function roleMeanings(template: readonly RoleDescription[] | undefined): Record<TemplateRoleName, string> {
  const out = { ...FALLBACK_MEANINGS };
  for (const r of template ?? []) {
    if (!isTemplateRole(r.name) || !Array.isArray(r.permissions)) continue;
    const line = r.permissions
      .map((p) => (typeof p?.description === 'string' ? p.description.trim() : ''))
      .filter(Boolean)
      .map((d) => (/[.!?]$/.test(d) ? d : `${d}.`))
      .join(' ');
    if (line) out[r.name] = line;
  }
  return out;
}

/** GET /api/roles once per instance; a failure (old server, proxy) falls back to the built-in lines. */
export class RoleCatalog {
  private readonly cache = new Map<string, Promise<Record<TemplateRoleName, string>>>();

  constructor(private readonly clients: Pick<ClientSource, 'call'>) {}

  meanings(instanceId: string): Promise<Record<TemplateRoleName, string>> {
    let p = this.cache.get(instanceId);
    if (!p) {
      p = this.clients
        .call(instanceId, (c) => c.getRoles())
        .then((info) => roleMeanings(info.template))
        .catch(() => {
          this.cache.delete(instanceId); // try again next time
          return { ...FALLBACK_MEANINGS };
        });
      this.cache.set(instanceId, p);
    }
    return p;
  }
}

/** Items of the role pick; the current role (when changing one) says so. */
export function roleItems(meanings: Record<TemplateRoleName, string>, current?: TemplateRoleName): PickItem<TemplateRoleName>[] {
  return TEMPLATE_ROLES.map((name) => ({
    label: `${ICONS[name]} ${name}`,
    description: name === current ? l10n.t('current role') : undefined,
    detail: meanings[name],
    picked: name === current,
    value: name,
  }));
}
