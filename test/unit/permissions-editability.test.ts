// When a template opens read-only: only when the lack of rights is known. The answer derives
// from the same TemplateAccess the tree and the role commands use (permissions/accessService.ts).
import * as assert from 'node:assert/strict';
import { editabilityOf, type TemplateAccess } from '../../src/permissions/access';
import { aTemplate, aUser } from '../support/builders';

const creator = aUser({ displayname: 'Alice' });
const publicTemplate = aTemplate({ visibility: 'public', creator });
const decide = (access: TemplateAccess, template = publicTemplate) => editabilityOf(template, access);

describe('editabilityOf', () => {
  it('is editable for the creator, editors, admins and sysadmins', () => {
    assert.ok(decide({ role: 'admin', via: 'creator', certain: true, userId: 1 }).editable);
    assert.ok(decide({ role: 'editor', via: 'direct role', certain: true, userId: 2 }).editable);
    assert.ok(decide({ role: 'admin', via: 'direct role', certain: true, userId: 2 }).editable);
    assert.ok(decide({ role: 'admin', via: 'system administrator', certain: true, userId: 2 }).editable);
  });

  it('stays editable when it cannot know (unknown user, roles not listable, group editor roles)', () => {
    assert.ok(decide({ certain: false }).editable);
    assert.ok(decide({ certain: false, userId: 2 }).editable);
    assert.ok(decide({ role: 'member', via: 'direct role', certain: false, userId: 2 }).editable);
    assert.ok(decide({ role: 'editor', via: 'via group "Materials Lab"', certain: true, userId: 2 }).editable);
  });

  it('is read-only for a member, saying why', () => {
    const r = decide({ role: 'member', via: 'direct role', certain: true, userId: 2 });
    assert.equal(r.editable, false);
    assert.match(!r.editable ? r.reason : '', /member role.*reading only.*Ask its owner \(Alice\) for the editor role/);
  });

  it('is read-only for a public template without any role', () => {
    const r = decide({ certain: true, userId: 2 });
    assert.equal(r.editable, false);
    assert.match(!r.editable ? r.reason : '', /public.*no role/);
  });

  it('is read-only for a private template read through a group member role', () => {
    const r = decide({ role: 'member', via: 'via group "Materials Lab"', certain: true, userId: 2 }, aTemplate({ visibility: 'private', creator }));
    assert.equal(r.editable, false);
    assert.match(!r.editable ? r.reason : '', /group's member role/);
  });
});
