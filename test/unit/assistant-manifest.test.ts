// package.json declares the same language-model tools the code serves: names, model-facing
// descriptions and input schemas come from src/assistant/tools; the manifest copies must match.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ASSISTANT_TOOLS } from '../../src/assistant/tools';

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));

describe('assistant manifest', () => {
  it('languageModelTools: one per tool, with its description, schema and reference name; strings in package.nls.json', () => {
    const declared = pkg.contributes.languageModelTools as Record<string, unknown>[];
    assert.deepEqual(declared.map((d) => d.name), ASSISTANT_TOOLS.map((t) => `kadi4mat_${t.name}`));
    for (const t of ASSISTANT_TOOLS) {
      const d = declared.find((x) => x.name === `kadi4mat_${t.name}`)!;
      assert.equal(d.modelDescription, t.description, t.name);
      assert.deepEqual(d.inputSchema, t.inputSchema, t.name);
      assert.equal(d.toolReferenceName, t.referenceName);
      for (const k of ['displayName', 'userDescription']) {
        const ref = /^%(.+)%$/.exec(String(d[k]))?.[1];
        assert.ok(ref && typeof nls[ref] === 'string' && nls[ref].length > 0, `${t.name} ${k}`);
      }
      assert.equal((d.tags as string[]).includes('write'), t.writes === true);
    }
  });

  it('chatParticipants: @kadi4mat with /new, /explain, /fix, /record; mcpServerDefinitionProviders; strings in package.nls.json', () => {
    const [p] = pkg.contributes.chatParticipants;
    assert.equal(p.id, 'kadi4mat.assistant');
    assert.equal(p.name, 'kadi4mat');
    assert.deepEqual(p.commands.map((c: { name: string }) => c.name), ['new', 'explain', 'fix', 'record']);
    const refs = [p.fullName, p.description, ...p.commands.map((c: { description: string }) => c.description), pkg.contributes.mcpServerDefinitionProviders[0].label];
    for (const r of refs) assert.ok(typeof nls[/^%(.+)%$/.exec(r)![1]] === 'string', r);
    assert.equal(pkg.contributes.mcpServerDefinitionProviders[0].id, 'kadi4mat.mcpServers');
    assert.equal(pkg.contributes.configuration.properties['kadi4mat.assistant.mcpServer'].default, false);
  });
});
