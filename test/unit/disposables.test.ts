// On reload VS Code disposes context.subscriptions; a subscription wrapped as
// `{ dispose: emitter.event(…).dispose }` loses its `this` (VS Code's disposables are class
// instances), throws there, and the host logs "An error occurred when disposing the
// subscriptions … AggregateError". Subscriptions are pushed as the disposables they are.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const src = path.resolve(__dirname, '../../../src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('disposables', () => {
  it('no module hands on an unbound dispose method (`{ dispose: x.dispose }`, `).dispose }`)', () => {
    const unbound = /(?:dispose\s*:\s*[\w.]+\.dispose\b(?!\s*\())|(?:\)\s*\.dispose\s*,?\s*\n?\s*\})/g;
    const hits: string[] = [];
    for (const file of sources(src)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(unbound)) {
        const line = text.slice(0, m.index).split('\n').length;
        hits.push(`${path.relative(src, file)}:${line}`);
      }
    }
    assert.deepEqual(hits, []);
  });

  it('the check finds the pattern it forbids', () => {
    const unbound = /(?:dispose\s*:\s*[\w.]+\.dispose\b(?!\s*\())|(?:\)\s*\.dispose\s*,?\s*\n?\s*\})/;
    assert.ok(unbound.test('{ dispose: events.onDidChangeTemplate(() => x()).dispose },'));
    assert.ok(unbound.test('{ dispose: sub.dispose }'));
    assert.ok(!unbound.test('{ dispose: () => sub.dispose() }'));
    assert.ok(!unbound.test('events.onDidChangeTemplate(() => x()),'));
  });
});
