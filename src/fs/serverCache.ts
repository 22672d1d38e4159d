// What the server answered lately, so one open costs one GET: VS Code's stat() and readFile()
// of one open come right after another, so a template's (and an export's) answer serves for
// ~2 s; revisions never change and are kept (a bounded number). The conflict check before a save
// always asks anew (`fresh`). No `vscode` import.
import type { ClientSource } from '../instances/registry';
import type { ExportType, Revision, Template } from '../kadi/types';
import * as l10n from '../ui/l10n';
import { readFailure, saveFailure, type DescribeError } from './failure';
import type { DocLocation } from './templateFiles';

/** stat() and readFile() of one open come right after another: one GET serves both. */
const RECENT_MS = 2000;
const MAX_REVISIONS = 200;

export interface ServerCacheDeps {
  source: Pick<ClientSource, 'call'>;
  describeError: DescribeError;
  now(): number;
}

interface Recent<T> {
  at: number;
  value: Promise<T>;
}

const templateKey = (instanceId: string, templateId: number) => `${instanceId}#${templateId}`;

export class ServerCache {
  private readonly templates = new Map<string, Recent<Template>>();
  private readonly exports = new Map<string, Recent<string>>();
  private readonly revisions = new Map<string, Promise<Revision>>();

  constructor(private readonly deps: ServerCacheDeps) {}

  /** The template, from a fetch of the last ~2 s if there is one (stat and read of one open). */
  template(loc: DocLocation): Promise<Template> {
    const hit = this.templates.get(templateKey(loc.instanceId, loc.path.templateId));
    if (hit && this.deps.now() - hit.at <= RECENT_MS) return hit.value;
    return this.fetch(loc, l10n.t("open '{0}'", loc.path.identifier), false);
  }

  /** Always a new GET (the conflict check, the freshness check); failures worded as a save's. */
  fresh(loc: DocLocation, what: string): Promise<Template> {
    return this.fetch(loc, what, true);
  }

  revision(instanceId: string, templateId: number, revisionId: number, identifier: string): Promise<Revision> {
    const k = `${templateKey(instanceId, templateId)}#${revisionId}`;
    let p = this.revisions.get(k);
    if (!p) {
      p = this.deps.source.call(instanceId, (c) => c.getRevision(templateId, revisionId));
      p.catch(() => this.revisions.delete(k));
      if (this.revisions.size >= MAX_REVISIONS) this.revisions.delete(this.revisions.keys().next().value as string);
      this.revisions.set(k, p);
    }
    return p.catch((e) => {
      throw readFailure(e, l10n.t("open revision {0} of '{1}'", revisionId, identifier), this.deps.describeError);
    });
  }

  exportText(instanceId: string, templateId: number, type: ExportType, identifier: string): Promise<string> {
    const k = `${templateKey(instanceId, templateId)}#${type}`;
    const hit = this.exports.get(k);
    if (hit && this.deps.now() - hit.at <= RECENT_MS) return hit.value;
    const value = this.deps.source.call(instanceId, (c) => c.exportTemplate(templateId, type)).catch((e) => {
      this.exports.delete(k);
      throw readFailure(e, l10n.t("export '{0}'", identifier), this.deps.describeError);
    });
    this.sweep();
    this.exports.set(k, { at: this.deps.now(), value });
    return value;
  }

  /** A save stored `t`: it answers the next stat/read, and exports of the old version go. */
  stored(instanceId: string, t: Template): void {
    this.templates.set(templateKey(instanceId, t.id), { at: this.deps.now(), value: Promise.resolve(t) });
    this.forgetExports(instanceId, t.id);
  }

  /** The answer kept for the stat+read of an open (not needed once no editor shows the template). */
  forgetTemplate(instanceId: string, templateId: number): void {
    this.templates.delete(templateKey(instanceId, templateId));
  }

  forgetExports(instanceId: string, templateId: number): void {
    const prefix = `${templateKey(instanceId, templateId)}#`;
    for (const k of [...this.exports.keys()]) if (k.startsWith(prefix)) this.exports.delete(k);
  }

  clear(): void {
    this.templates.clear();
    this.exports.clear();
  }

  private fetch(loc: DocLocation, what: string, forSave: boolean): Promise<Template> {
    const tk = templateKey(loc.instanceId, loc.path.templateId);
    const value = this.deps.source
      .call(loc.instanceId, (c) => c.getTemplate(loc.path.templateId))
      .catch((e) => {
        if (this.templates.get(tk)?.value === value) this.templates.delete(tk);
        throw forSave ? saveFailure(e, what, this.deps.describeError) : readFailure(e, what, this.deps.describeError);
      });
    this.sweep();
    this.templates.set(tk, { at: this.deps.now(), value });
    return value;
  }

  /** Answers older than RECENT_MS serve nothing any more; without this they stayed for good. */
  private sweep(): void {
    const now = this.deps.now();
    for (const [k, v] of this.templates) if (now - v.at > RECENT_MS) this.templates.delete(k);
    for (const [k, v] of this.exports) if (now - v.at > RECENT_MS) this.exports.delete(k);
  }
}
