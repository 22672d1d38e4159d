// Typed builders for API shapes (the idea of vscode-pull-request-github's src/test/builders):
// a complete, valid object with sensible defaults, overridden where the test cares — instead of
// half objects cast with `as unknown as Template`.
import type { TemplateDocument } from '../../src/kadi/document';
import type { Revision, Template, TemplateSnapshot, User } from '../../src/kadi/types';

export function aUser(over: Partial<User> = {}): User {
  return { id: 1, displayname: 'Alice Anderson', orcid: null, state: 'active', identity: { type: 'local', username: 'alice' }, _links: {}, ...over };
}

export function aTemplate(over: Partial<Template> = {}): Template {
  return {
    id: 7,
    identifier: 'tensile-test',
    title: 'Tensile test',
    description: '',
    plain_description: '',
    visibility: 'private',
    state: 'active',
    type: 'extras',
    data: [],
    created_at: '2024-03-01T09:15:22.123456+00:00',
    last_modified: '2024-03-04T16:02:10.554201+00:00',
    creator: aUser(),
    _links: {},
    _actions: {},
    ...over,
  };
}

export function aRevision(data: TemplateSnapshot, over: Partial<Revision> = {}): Revision {
  return { id: 42, timestamp: '2024-03-04T16:02:10.551002+00:00', object_id: 7, data, diff: {}, _links: undefined, ...over };
}

/** A template document (what an editor shows, before renderDocument): tensile-test's header, no extras by default. */
export function aDocument(over: Partial<TemplateDocument> = {}): TemplateDocument {
  return { identifier: 'tensile-test', title: 'Tensile test', description: '', visibility: 'private', type: 'extras', data: [], ...over };
}
