// The filter: request parameters, the view description, and the "Filter…" flow.
import * as assert from 'node:assert/strict';
import { describeFilter, editFilterFlow, filterKey, isFilterActive, sortLabel, toSearchParams, type TemplateFilter } from '../../src/explorer/filter';
import { TEMPLATE_SORTS } from '../../src/kadi/types';
import { ScriptedPrompts } from '../support/fakes';

describe('explorer: filter', () => {
  it('becomes Kadi\'s search parameters', () => {
    assert.deepEqual(toSearchParams({}, undefined, 1, 100), { page: 1, per_page: 100 });
    assert.deepEqual(toSearchParams({ query: '  "tensile test" ', type: 'record', visibility: 'public', createdByMe: true, sort: '-created_at' }, 7, 2, 100), {
      page: 2,
      per_page: 100,
      query: '"tensile test"',
      type: 'record',
      visibility: 'public',
      sort: '-created_at',
      user: [7],
    });
    // The default sort is left to the server.
    assert.equal(toSearchParams({ sort: '_score' }, undefined, 1, 100).sort, undefined);
    assert.throws(() => toSearchParams({ createdByMe: true }, undefined, 1, 100), /user\.read/);
  });

  it('is described for the view title, and empty when inactive', () => {
    assert.equal(describeFilter({}), '');
    assert.equal(isFilterActive({ query: '   ', sort: '_score' }), false);
    assert.equal(describeFilter({ query: 'steel', type: 'extras', createdByMe: true, sort: 'title' }), '“steel” · extras · created by me · sorted: Title A–Z');
    assert.equal(describeFilter({ query: '"exact phrase"' }), '"exact phrase"');
    assert.equal(filterKey({ query: ' a ' }), filterKey({ query: 'a', sort: '_score' }));
  });

  it('has a readable label for every sort Kadi knows', () => {
    for (const s of TEMPLATE_SORTS) assert.ok(sortLabel(s), s);
  });

  it('"Filter…" applies each change at once and returns on Done', async () => {
    const prompts = new ScriptedPrompts([
      { pick: /Search text/ },
      { input: 'tensile' },
      { pick: /Type/ },
      { pick: /Extras templates/ },
      { pick: /Created by me/ },
      { pick: /Sort/ },
      { pick: /Title Z–A/ },
      { pick: /Done/ },
    ]);
    const applied: TemplateFilter[] = [];
    const result = await editFilterFlow(prompts, {}, (f) => applied.push(f));
    assert.deepEqual(result, { query: 'tensile', type: 'extras', createdByMe: true, sort: '-title' });
    assert.equal(applied.length, 4);
    assert.deepEqual(applied[0], { query: 'tensile' });
    // The menu shows the current values.
    const lastMenu = prompts.asked.filter((a) => a.kind === 'pick').pop()!;
    assert.ok(lastMenu.items!.includes('$(clear-all) Clear filter'));
    prompts.done();
  });

  it('"Clear filter" in the menu, and Escape in a sub-step goes back to the menu', async () => {
    const prompts = new ScriptedPrompts([{ pick: /Visibility/ }, { pick: undefined }, { pick: /Clear filter/ }, { pick: undefined }]);
    const applied: TemplateFilter[] = [];
    const result = await editFilterFlow(prompts, { type: 'record' }, (f) => applied.push(f));
    assert.deepEqual(result, {});
    assert.deepEqual(applied, [{}]);
  });
});
