// The seed data is what a real Kadi4Mat would store: valid and already normalised by the
// server's own rules, deterministic, and covering what the extension must handle.
import * as assert from 'node:assert/strict';
import { createStore } from '../../src/sandbox/index';
import { licenseExists } from '../../src/sandbox/licenses';
import { validateTemplatePatch } from '../../src/sandbox/validation';
import type { Extra, RecordTemplateData } from '../../src/kadi/types';

describe('sandbox seed data', () => {
  const store = createStore();

  it('every seed template passes validation unchanged (already normalised)', () => {
    for (const t of store.templates.values()) {
      const body = { identifier: t.identifier, title: t.title, description: t.description, visibility: t.visibility, data: t.data };
      const r = validateTemplatePatch(JSON.parse(JSON.stringify(body)), t.type, {
        identifierInUse: (i) => store.identifierInUse(i, t.id),
        licenseExists,
      });
      assert.ok(r.ok, `${t.identifier}: ${JSON.stringify(!r.ok && r.errors)}`);
      if (r.ok) assert.deepEqual(r.value, body, t.identifier);
    }
  });

  it('is deterministic: two fresh stores are identical', () => {
    assert.deepEqual(createStore().toState(), createStore().toState());
    assert.deepEqual(createStore({ extraTemplates: 50 }).toState(), createStore({ extraTemplates: 50 }).toState());
  });

  it('covers every extra type, nesting, units, options, ranges, iri, terms, descriptions', () => {
    const seen = new Set<string>();
    let dictInListInDict = false;
    const walk = (extras: Extra[], trail: string[]) => {
      for (const e of extras) {
        seen.add(`type:${e.type}`);
        if (e.unit) seen.add('unit');
        if (e.validation?.options) seen.add('options');
        if (e.validation?.range) seen.add('range');
        if (e.validation?.iri) seen.add('iri');
        if (e.validation?.required) seen.add('required');
        if (e.term) seen.add('term');
        if (e.description) seen.add('description');
        if (e.type === 'dict' && trail.at(-1) === 'list' && trail.at(-2) === 'dict') dictInListInDict = true;
        if (e.type === 'dict' || e.type === 'list') walk(e.value as Extra[], [...trail, e.type]);
      }
    };
    for (const t of store.templates.values()) walk(t.type === 'extras' ? (t.data as Extra[]) : (t.data as RecordTemplateData).extras, []);
    for (const k of ['str', 'int', 'float', 'bool', 'date', 'dict', 'list']) assert.ok(seen.has(`type:${k}`), k);
    for (const k of ['unit', 'options', 'range', 'iri', 'required', 'term', 'description']) assert.ok(seen.has(k), k);
    assert.ok(dictInListInDict);
    const all = [...store.templates.values()];
    assert.ok(all.length >= 8);
    assert.ok(all.some((t) => t.type === 'record') && all.some((t) => t.type === 'extras'));
    assert.ok(all.some((t) => t.visibility === 'public' && t.creator_id === 2));
    assert.ok(all.some((t) => t.state === 'deleted' && t.creator_id === 1));
    assert.ok(all.some((t) => t.revisions.length >= 3));
    assert.ok(all.some((t) => Object.keys(t.group_roles).length > 0));
    assert.ok(all.some((t) => Object.keys(t.user_roles).length > 1));
    assert.deepEqual([...store.users.values()].map((u) => [u.id, u.username, u.system_role]), [
      [1, 'alice', 'member'], [2, 'bob', 'member'], [3, 'carol', 'member'], [4, 'dave', 'member'],
    ]);
  });
});
