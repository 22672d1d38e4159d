// The validation engine's messages in the user's language: the schemas' English messages
// (errorMessage, kadiMessages) are all translated where they are shown, and the shipped engine —
// a bundle of its own with its own copy of src/ui/l10n.ts — gets the translator activate()
// installs (src/ui/processWide.ts: one translator per process, not per copy of l10n.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format, useTranslator } from '../../src/ui/l10n';
import { blockingProblems, serverErrorsToDiagnostics, validateRecordText, validateTemplateText, deriveRecordSchema } from '../../src/validation';
import type { ValidationEngine } from '../../src/validation/lazy';
import { fixedMessage } from '../../src/validation/messages';
import templateSchema from '../../src/validation/schemas/template-document.schema.json';

const repo = path.resolve(__dirname, '../../..');

/** A "translation" that marks every message it translates: «…». */
const marking = (m: string, ...args: (string | number | boolean)[]) => `«${format(m, ...args)}»`;

function schemaMessages(): string[] {
  const out = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (typeof o.errorMessage === 'string') out.add(o.errorMessage);
    if (o.kadiMessages) for (const v of Object.values(o.kadiMessages as Record<string, string>)) out.add(v);
    Object.values(o).forEach(walk);
  };
  walk(templateSchema);
  return [...out];
}

const extras = (data: unknown[]) => JSON.stringify({ identifier: 'x', title: 'X', description: '', visibility: 'private', type: 'extras', data }, null, 2);

describe('validation messages in the user language', () => {
  afterEach(() => useTranslator(undefined));

  it('every message of the schemas (and of kadiRecords.ts) is translated, English unchanged', () => {
    const all = [...schemaMessages(), 'Value is required.', 'Integer values must be between -9007199254740991 and 9007199254740991.'];
    assert.ok(all.length > 50);
    for (const m of all) assert.equal(fixedMessage(m), m);
    useTranslator(marking);
    for (const m of all) assert.equal(fixedMessage(m), `«${m}»`, m);
  });

  it('diagnostics, quick fixes and the save summary carry the translated text; codes stay', () => {
    const text = extras([
      { type: 'int', key: 'a', value: 'x' },
      { type: 'str', key: 'a', value: null },
      { type: 'int', key: 'b', value: 5, validation: { range: { min: 3, max: 1 } } },
      { type: 'bool', key: ' c ', value: true, validation: { required: 'yes' } },
    ]);
    const english = validateTemplateText(text);
    useTranslator(marking);
    const translated = validateTemplateText(text);
    assert.deepEqual(translated.map((d) => d.code), english.map((d) => d.code));
    assert.ok(translated.length >= 4);
    for (const [i, d] of translated.entries()) {
      assert.match(d.message, /^«.*»$/, d.message);
      assert.equal(d.message, `«${english[i].message}»`);
      if (d.fix) assert.equal(d.fix.title, `«${english[i].fix!.title}»`);
    }
    assert.match(blockingProblems(translated).summary!, /^«The template has \d+ errors: /);
    // A null value keeps its code (read from the English message, not from the shown one).
    const nulls = validateTemplateText(extras([{ type: 'str', key: 'k', value: 'v', validation: { required: null } }]));
    assert.ok(nulls.some((d) => d.code === 'null' && d.message === '«Required: Field may not be null.»'), JSON.stringify(nulls));

    assert.equal(validateTemplateText('{"a": }')[0].message, '«Value expected.»');
    const [server] = serverErrorsToDiagnostics('{\n  "data": [{}]\n}', { data: { '0': { key: ['Missing data for required field.'] } } });
    assert.equal(server.message, '«Missing data for required field "key".»');
  });

  it('record metadata: Kadi exports keep their codes with translated messages', () => {
    const template = { type: 'extras', data: [{ type: 'int', key: 'n', value: null, validation: { required: true } }, { type: 'str', key: 's', value: null, validation: { options: ['a', 'b'] } }, { type: 'int', key: 'i', value: null }] };
    const text = '{"n": null, "s": "c", "i": 5.0}';
    const english = validateRecordText(text, deriveRecordSchema(template));
    useTranslator(marking);
    // A schema's validator is built once, in the language of the moment (the options' message
    // is part of it): VS Code's language is fixed for a session, so a fresh schema here.
    const translated = validateRecordText(text, deriveRecordSchema(template));
    assert.deepEqual(translated.map((d) => d.code), english.map((d) => d.code));
    assert.ok(english.some((d) => d.code === 'null' && d.message === 'Value is required.'), JSON.stringify(english));
    assert.ok(english.some((d) => d.code === 'enum' && d.message === 'Must be one of: a, b.'), JSON.stringify(english));
    assert.ok(english.some((d) => d.code === 'type' && d.message === 'Not a valid integer.' && d.fix?.title === 'Write it as 5'), JSON.stringify(english));
    for (const [i, d] of translated.entries()) {
      assert.equal(d.message, `«${english[i].message}»`);
      if (d.fix) assert.equal(d.fix.title, `«${english[i].fix!.title}»`);
    }
  });

  it('the shipped engine (its own bundle) reaches the translator activate() installs', async function () {
    this.timeout(60_000);
    // Built as the .vsix ships it: the lazy chunk of esbuild.js, with its own copy of src/ui/l10n.ts.
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-lazy-'));
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { extensionBuilds } = require(path.join(repo, 'esbuild.js')) as { extensionBuilds(o: object): Record<string, any>[] };
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const esbuild = require(path.join(repo, 'node_modules', 'esbuild')) as { build(o: object): Promise<unknown> };
      const chunk = extensionBuilds({ root: repo, outdir: out, production: false })[1];
      await esbuild.build({ ...chunk, entryPoints: { validation: chunk.entryPoints.validation }, sourcemap: false, logLevel: 'silent' });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const engine = require(path.join(out, 'lazy', 'validation.js')) as ValidationEngine;

      // The chunk's copy of l10n.ts is not this one (it is a bundle of its own)…
      assert.notEqual(engine.useTranslator, useTranslator);
      assert.equal(engine.validateTemplateText('{"a": }')[0].message, 'Value expected.');
      // …yet the translator installed through this copy (as activate() does) reaches its diagnostics.
      useTranslator(marking);
      assert.equal(engine.validateTemplateText('{"a": }')[0].message, '«Value expected.»');
      assert.match(engine.validateTemplateText(extras([{ type: 'int', key: 'a', value: 'x' }]))[0].message, /^«.*»$/);
      // It asks the current translator each time: back to English with activate()'s undefined.
      useTranslator(undefined);
      assert.equal(engine.validateTemplateText('{"a": }')[0].message, 'Value expected.');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
