// Server-side rules of the Kadi4Mat sandbox: template create/patch validation (kadi-api.md §2).
import type { ErrorTree, TemplateType, Visibility, TemplateData } from '../kadi/types';

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: ErrorTree };

export interface RulesContext {
  /** true if another template (any state, incl. deleted) already uses this identifier (already lowercased/stripped). */
  identifierInUse(identifier: string): boolean;
  /** true if a license with this name exists. */
  licenseExists(name: string): boolean;
}

export type TemplateCreateFields = {
  identifier: string;
  title: string;
  type: TemplateType;
  description: string;
  visibility: Visibility;
  data: TemplateData;
};
export type TemplatePatchFields = Partial<{
  identifier: string;
  title: string;
  description: string;
  visibility: Visibility;
  data: TemplateData;
}>;

/** POST /api/templates body → normalised fields as the server would store them, or the 400 `errors` tree. */
export function validateTemplateCreate(_body: unknown, _ctx: RulesContext): Validated<TemplateCreateFields> {
  return { ok: false, errors: { _schema: ['Not implemented yet.'] } };
}

/** PATCH body for a template of the given (fixed) type → only the fields present, normalised. */
export function validateTemplatePatch(_body: unknown, _type: TemplateType, _ctx: RulesContext): Validated<TemplatePatchFields> {
  return { ok: false, errors: { _schema: ['Not implemented yet.'] } };
}

/** Markdown → plain text the way Kadi's plain_description does it. */
export function plainDescription(markdown: string): string {
  return markdown.replace(/\s+/g, ' ').trim();
}
