// The one answer to "what may the signed-in user do with this template": the role the tree
// shows (tooltip, Permissions menus), the role commands check and the editor's read-only
// decision all come from one templateAccess() per instance and template, cached until the
// roles may have changed (a `roles` event, a refresh, another token). So the tree and the
// editor cannot disagree, and however many ask, the roles are requested once. No `vscode` import.
import type { ClientSource } from '../instances/registry';
import type { Template } from '../kadi/types';
import type { TemplateCreator } from '../kadi/summary';
import { Emitter } from '../ui/emitter';
import { editabilityOf, templateAccess, type Editability, type TemplateAccess, type TemplateRef } from './access';

export interface AccessChange {
  instanceId: string;
  templateId: number;
  access: TemplateAccess;
}

type Clients = Pick<ClientSource, 'call' | 'currentUser'>;

const keyOf = (instanceId: string, templateId: number) => `${instanceId}#${templateId}`;

export class TemplateAccessService {
  private readonly pending = new Map<string, Promise<TemplateAccess>>();
  private readonly settled = new Map<string, TemplateAccess>();
  private readonly changed = new Emitter<AccessChange>();
  /** An answer arrived that differs from the last one for that template (or is the first). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly clients: Clients) {}

  /** The user's role on the template; worked out once per invalidation (never throws). */
  access(instanceId: string, template: TemplateRef): Promise<TemplateAccess> {
    const key = keyOf(instanceId, template.id);
    let p = this.pending.get(key);
    if (!p) {
      p = templateAccess(this.clients, instanceId, template);
      this.pending.set(key, p);
      const asked = p;
      void asked.then((access) => {
        if (this.pending.get(key) !== asked) return; // invalidated meanwhile: a newer answer decides
        const before = this.settled.get(key);
        this.settled.set(key, access);
        if (!sameAccess(before, access)) this.changed.fire({ instanceId, templateId: template.id, access });
      });
    }
    return p;
  }

  /** Whether the template's document is editable (the editor's read-only decision). */
  async editability(instanceId: string, template: TemplateRef & Pick<Template, 'visibility'> & { creator?: TemplateCreator }): Promise<Editability> {
    return editabilityOf(template, await this.access(instanceId, template));
  }

  /** The last answer, without a request (undefined: not worked out since the last invalidation). */
  peek(instanceId: string, templateId: number): TemplateAccess | undefined {
    return this.pending.has(keyOf(instanceId, templateId)) ? this.settled.get(keyOf(instanceId, templateId)) : undefined;
  }

  /** The roles may have changed: of one template, of an instance's templates, or of all (no argument). */
  invalidate(instanceId?: string, templateId?: number): void {
    const prefix = instanceId === undefined ? '' : templateId === undefined ? `${instanceId}#` : keyOf(instanceId, templateId);
    for (const k of [...this.pending.keys()]) {
      if (templateId === undefined ? k.startsWith(prefix) : k === prefix) this.pending.delete(k);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function sameAccess(a: TemplateAccess | undefined, b: TemplateAccess | undefined): boolean {
  return !!a && !!b && a.role === b.role && a.via === b.via && a.certain === b.certain && a.userId === b.userId;
}
