// The comparison behind the real-Kadi differential and export suites (test/real-kadi/compare.ts):
// what it normalises away and what it still reports, so a difference cannot slip through.
import * as assert from 'node:assert/strict';
import { diffAnswers, diffJson, itemsAsSet, normalise, normaliseAnswer, ORIGIN, TIME, turtleStatements, type Answer } from '../real-kadi/compare';

const O = 'http://127.0.0.1:5000';
const answer = (body: unknown, status = 200, headers: Record<string, string> = {}): Answer => ({ status, headers, body });

describe('real-Kadi comparison (compare.ts)', () => {
  it('replaces the origin everywhere and server timestamps by key only', () => {
    const raw = { _links: { self: `${O}/api/templates/1` }, created_at: '2026-01-01T00:00:00.1+00:00', data: [{ key: 'd', value: '2024-01-01T00:00:00+00:00' }] };
    assert.deepEqual(normalise(raw, O), {
      _links: { self: `${ORIGIN}/api/templates/1` },
      created_at: TIME,
      data: [{ key: 'd', value: '2024-01-01T00:00:00+00:00' }], // a date extra's value is data, compared
    });
  });

  it('reports every differing path, missing keys and extra items', () => {
    assert.deepEqual(diffJson({ a: 1, b: [1, 2], c: 'x' }, { a: 1, b: [1], d: null }), [
      '$.b[1]: only in the sandbox 2',
      '$.c: only in the sandbox "x"',
      '$.d: missing in the sandbox, real null',
    ]);
    assert.deepEqual(diffJson(1.5, 1.5), []);
    assert.deepEqual(diffJson(0, false), ['$: sandbox 0 ≠ real false']);
  });

  it('compares status and the chosen headers too', () => {
    const d = diffAnswers(answer({}, 404, { 'content-type': 'application/json' }), answer({}, 405, {}));
    assert.deepEqual(d, ['status: sandbox 404 ≠ real 405', 'header.content-type: only in the sandbox "application/json"']);
  });

  it('sorts search items by id, keeping everything else', () => {
    const a = answer({ items: [{ id: 3 }, { id: 1 }], _pagination: { total_items: 2 } });
    assert.deepEqual(itemsAsSet(a).body, { items: [{ id: 1 }, { id: 3 }], _pagination: { total_items: 2 } });
    assert.deepEqual(diffAnswers(itemsAsSet(a), itemsAsSet(answer({ items: [{ id: 1 }, { id: 4 }], _pagination: { total_items: 2 } }))), [
      'body.items[1].id: sandbox 3 ≠ real 4',
    ]);
  });

  it('reads Turtle as a graph: blank-node order and layout do not matter, content does', () => {
    const sandbox = `@prefix sh: <http://www.w3.org/ns/shacl#> .
<${O}/templates/1> a sh:NodeShape ;
    sh:property [ sh:name "a"@en ; sh:order 0 ] ;
    sh:property [ sh:name "b"@en ; sh:order 1 ; sh:in ( 1 2 ) ] .
`;
    const real = `@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
<http://127.0.0.1:6000/templates/1> a sh:NodeShape ; sh:property [ sh:order 1 ; sh:in ( 1 2 ) ; sh:name "b"@en ], [ sh:order 0 ; sh:name "a"@en ] .
`;
    assert.deepEqual(turtleStatements(sandbox, O), turtleStatements(real, 'http://127.0.0.1:6000'));
    const changed = real.replace('( 1 2 )', '( 2 1 )');
    const d = diffAnswers(
      normaliseAnswer(answer({ turtle: sandbox }), O),
      normaliseAnswer(answer({ turtle: changed }), 'http://127.0.0.1:6000'),
    );
    assert.equal(d.length, 2);
    assert.match(d[0], /^turtle: only in the sandbox /);
    assert.match(d[1], /^turtle: only in the real /);
  });

  it('ignores only the date of dcterms:created in Turtle', () => {
    const t = (date: string, title: string) =>
      `<${O}/templates/1> <http://purl.org/dc/terms/created> "${date}"^^<http://www.w3.org/2001/XMLSchema#date> ; <http://purl.org/dc/terms/title> "${title}"@en .`;
    assert.deepEqual(turtleStatements(t('2024-01-01', 'X'), O), turtleStatements(t('2026-12-07', 'X'), O));
    assert.notDeepEqual(turtleStatements(t('2024-01-01', 'X'), O), turtleStatements(t('2024-01-01', 'Y'), O));
  });
});
