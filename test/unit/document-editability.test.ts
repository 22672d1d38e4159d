// When a template opens read-only: only when the lack of rights is known.
import * as assert from 'node:assert/strict';
import { decideEditability, type EditabilityInput } from '../../src/kadi/editability';

const creator = { id: 1, displayname: 'Alice', orcid: null, state: 'active', identity: { type: 'local', username: 'alice' }, _links: {} };
const me = { id: 2 };
const input = (o: Partial<EditabilityInput>): EditabilityInput => ({
  template: { visibility: 'public', creator },
  user: me,
  userRole: null,
  groupRoles: [],
  ...o,
});

describe('decideEditability', () => {
  it('is editable for the creator, editors, admins and sysadmins', () => {
    assert.ok(decideEditability(input({ user: { id: 1 } })).editable);
    assert.ok(decideEditability(input({ userRole: 'editor' })).editable);
    assert.ok(decideEditability(input({ userRole: 'admin' })).editable);
    assert.ok(decideEditability(input({ user: { id: 2, is_sysadmin: true } })).editable);
  });

  it('stays editable when it cannot know (unknown user, roles not listable, group editor roles)', () => {
    assert.ok(decideEditability(input({ user: undefined })).editable);
    assert.ok(decideEditability(input({ userRole: 'unknown' })).editable);
    assert.ok(decideEditability(input({ groupRoles: 'unknown' })).editable);
    assert.ok(decideEditability(input({ userRole: 'member', groupRoles: ['member', 'editor'] })).editable);
  });

  it('is read-only for a member, saying why', () => {
    const r = decideEditability(input({ userRole: 'member' }));
    assert.equal(r.editable, false);
    assert.match(!r.editable ? r.reason : '', /member role.*reading only.*Ask its owner \(Alice\) for the editor role/);
  });

  it('is read-only for a public template without any role', () => {
    const r = decideEditability(input({}));
    assert.equal(r.editable, false);
    assert.match(!r.editable ? r.reason : '', /public.*no role/);
  });

  it('is read-only for a private template read through a group member role', () => {
    const r = decideEditability(input({ template: { visibility: 'private', creator }, groupRoles: ['member'] }));
    assert.equal(r.editable, false);
    assert.match(!r.editable ? r.reason : '', /group's member role/);
  });
});
