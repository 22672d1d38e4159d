// What a list shows of a template, and nothing more. The tree keeps one per listed template
// (up to 10,000 at Kadi's search cap) and the commands of its rows take it, so every field
// costs: no `data`, description, links or actions; the creator is one shared object per user;
// type and visibility are the shared literals. Commands that need the whole template fetch it.
// No `vscode` import.
import type { Template, TemplateType, User, Visibility } from './types';

export interface TemplateCreator {
  id: number;
  displayname: string;
  identity?: { username?: string };
}

export interface TemplateSummary {
  id: number;
  identifier: string;
  title: string;
  type: TemplateType;
  visibility: Visibility;
  created_at: string;
  last_modified: string;
  creator?: TemplateCreator;
  /** For the tooltip, which shows at most 400 characters of it. */
  plain_description: string;
}

/** The tooltip shows 400 characters and "…" when there are more. */
const DESCRIPTION_KEPT = 401;

const TYPES: Record<string, TemplateType> = { record: 'record', extras: 'extras' };
const VISIBILITIES: Record<string, Visibility> = { private: 'private', public: 'public' };

/** Makes summaries; creators are shared between the summaries it made (one object per user). */
export class TemplateSummaries {
  private readonly creators = new Map<number, TemplateCreator>();

  summarize(t: Template): TemplateSummary {
    return {
      id: t.id,
      identifier: t.identifier,
      title: t.title,
      type: TYPES[t.type] ?? t.type,
      visibility: VISIBILITIES[t.visibility] ?? t.visibility,
      created_at: t.created_at,
      // Never edited: one string for both (a tenth of a summary).
      last_modified: t.last_modified === t.created_at ? t.created_at : t.last_modified,
      creator: t.creator && this.creator(t.creator),
      plain_description: keep(t.plain_description ?? ''),
    };
  }

  private creator(u: User): TemplateCreator {
    const known = this.creators.get(u.id);
    const username = u.identity?.username;
    if (known && known.displayname === u.displayname && known.identity?.username === username) return known;
    const c: TemplateCreator = { id: u.id, displayname: u.displayname, identity: username === undefined ? undefined : { username } };
    this.creators.set(u.id, c);
    return c;
  }
}

/**
 * The start of a long text as a string of its own: a slice of a string would keep the whole
 * original alive (V8's sliced strings).
 */
function keep(text: string): string {
  if (text.length <= DESCRIPTION_KEPT) return text;
  return Buffer.from(text.slice(0, DESCRIPTION_KEPT), 'utf8').toString('utf8');
}
