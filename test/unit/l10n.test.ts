// Translation: modules without `vscode` translate through src/ui/l10n.ts, which activate() points
// at vscode.l10n.t; l10n/bundle.l10n.json holds every message of the code for translators.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { KadiError } from '../../src/kadi/errors';
import { describeError, runCommand } from '../../src/ui/errors';
import { format, t, useTranslator } from '../../src/ui/l10n';
import type { Prompts } from '../../src/ui/prompts';

const repo = path.resolve(__dirname, '../../..');

describe('l10n', () => {
  afterEach(() => useTranslator(undefined));

  it('format fills {0}, {1}… and leaves unknown placeholders', () => {
    assert.equal(format('Load more ({0} of {1})', 100, 263), 'Load more (100 of 263)');
    assert.equal(format('{1} before {0}, {2} stays', 'a', 'b'), 'b before a, {2} stays');
    assert.equal(t('Could not {0}: {1}', 'save', 'no network'), 'Could not save: no network');
  });

  it('modules without vscode use the translator activate() installs', async () => {
    const german: Record<string, string> = {
      'Could not {0}: {1}': '{0} fehlgeschlagen: {1}',
      'the server reported a conflict{0}.': 'der Server meldet einen Konflikt{0}.',
      'Show Log': 'Protokoll anzeigen',
    };
    useTranslator((m, ...args) => format(german[m] ?? m, ...args));
    const conflict = new KadiError({ kind: 'http', status: 409, message: 'Kadi4Mat answered 409.' });
    assert.equal(describeError(conflict, 'speichern'), 'speichern fehlgeschlagen: der Server meldet einen Konflikt.');

    // The button is translated, and choosing it still shows the log.
    let shown = 0;
    let buttons: string[] = [];
    const prompts = {
      error: async (_m: string, ...b: string[]) => {
        buttons = b;
        return b[0];
      },
    } as unknown as Prompts;
    const log = { trace() {}, info() {}, warn() {}, error() {}, show: () => void shown++ };
    await runCommand(log, prompts, 'Test', async () => {
      throw conflict;
    })();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(buttons, ['Protokoll anzeigen']);
    assert.equal(shown, 1);

    useTranslator(undefined);
    assert.equal(describeError(conflict, 'save'), 'Could not save: the server reported a conflict.');
  });

  it('finds user-facing text that bypasses l10n.t, and only that', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { untranslatedIn } = require(path.join(repo, 'scripts', 'l10n.js')) as { untranslatedIn(f: string, t: string): { line: number; text: string }[] };
    const source = [
      "const a = await prompts.warn('Delete this template?', { modal: true }, 'Delete');", // 1: message and button
      "const b = await prompts.warn(l10n.t('Delete {0}?', name), { modal: true }, l10n.t('Delete'));",
      "log.info('Connected to the server');",
      "items.push({ label: 'Open', value: 1, id: 'kadi4mat.openTemplate' });", // 4: a pick label
      "if (kind === 'not found here') return;",
      "throw new Error(`Could not read ${uri}`);", // 6: prose in a template literal
      "const msg = 'Value is required.'; // l10n: not user-facing (a server message we compare with)",
      "const id = 'kadi4mat.templates';",
      "return { tooltip: ok ? 'Saved' : l10n.t('Not saved') };", // 9: one branch untranslated
      "register('kadi4mat.deleteTemplate', 'Delete Template', () => prompts.info('Deleted it.'));", // 10: the name goes to the log
      "this.log?.warn('Could not refresh the tree');",
      "switch (code) { case 'ECONN refused': return 'The server refused the connection.'; }", // 12: what a case returns
    ].join('\n');
    assert.deepEqual(
      untranslatedIn('example.ts', source).map((u) => `${u.line}: ${u.text}`),
      ['1: Delete this template?', '1: Delete', '4: Open', '6: Could not read {}', '9: Saved', '10: Deleted it.', '12: The server refused the connection.'],
    );
  });

  it('finds l10n.t calls that would run before the translator is installed', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { messagesIn } = require(path.join(repo, 'scripts', 'l10n.js')) as { messagesIn(f: string, t: string): { messages: string[]; problems: string[] } };
    const source = [
      "const LABEL = l10n.t('Local sandbox');", // 1: at load
      "const label = () => l10n.t('Local sandbox');",
      "class A { static title = l10n.t('Title'); name = l10n.t('Name'); get x() { return l10n.t('X'); } }", // 3: the static field
      'const m = l10n.t(message);', // 4: not a literal (and at load)
    ].join('\n');
    const { messages, problems } = messagesIn('example.ts', source);
    assert.deepEqual(messages, ['Local sandbox', 'Local sandbox', 'Title', 'Name', 'X']);
    assert.deepEqual(
      problems.map((p) => p.split(': ')[0] + ': ' + (p.includes('loads') ? 'at load' : 'not a literal')),
      ['example.ts:1: at load', 'example.ts:3: at load', 'example.ts:4: not a literal'],
    );
  });

  it('l10n/bundle.l10n.json lists every message of the code, and every message is a literal', function () {
    this.timeout(20_000);
    const r = spawnSync(process.execPath, [path.join(repo, 'scripts', 'l10n.js'), '--check'], { cwd: repo, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
