// Import end to end in a real extension host: "New Kadi4Mat Template from This File…" on a JSON
// Schema file (as the explorer's context menu calls it, with the file's URI), answered by scripted
// prompts; the template is created on the sandbox and opens as a kadi: document, and what was not
// carried over is announced and shown in a details document.
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { connectInstance } from '../../../src/instances/connect';
import type { InstanceRegistry } from '../../../src/instances/registry';
import type { Prompts } from '../../../src/ui/prompts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index';
import { ScriptedPrompts } from '../../support/fakes';
import { EXTENSION_ID, waitFor } from './support';

interface Api {
  instances: InstanceRegistry;
  usePrompts(p: Prompts | undefined): void;
}

const SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Hardness test',
  type: 'object',
  required: ['load'],
  properties: {
    load: { type: 'number', minimum: 0, unit: { type: 'string', default: 'N' } },
    method: { type: 'string', enum: ['HV10', 'HV30'], default: 'HV10' },
    operator: { type: 'string', pattern: '^[A-Z]{2,3}$' },
  },
};

describe('import (host)', function () {
  this.timeout(60_000);
  let api: Api;
  let sb: Sandbox;
  let id: string;
  let dir: string;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension not found');
    api = (await ext.activate()) as Api;
    assert.ok(api.usePrompts, 'activate() must return usePrompts outside production');
    sb = await startSandbox({ port: 0 });
    id = (await connectInstance(api.instances, { baseUrl: sb.url, token: 'pat_sandbox_alice' })).info.id;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-import-'));
  });
  after(async () => {
    api?.usePrompts(undefined);
    // The details document is untitled text: closed unsaved, so no "Save?" dialog stops the host.
    for (const d of vscode.workspace.textDocuments.filter((x) => x.isUntitled)) {
      await vscode.window.showTextDocument(d);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api?.instances.remove(id).catch(() => undefined);
    await sb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a JSON Schema file from the explorer becomes a template on the instance, opened, with the notes shown', async () => {
    const file = path.join(dir, 'hardness.schema.json');
    fs.writeFileSync(file, JSON.stringify(SCHEMA, null, 2));
    const prompts = new ScriptedPrompts([{ pick: /Extras template/ }, { input: 'Hardness test' }, { input: 'hardness-test' }]);
    prompts.buttons = ['Show Details'];
    api.usePrompts(prompts);
    const instances = api.instances.list().length;
    if (instances > 1) prompts.answers.unshift({ pick: (i) => (i.value as { id: string }).id === id });

    await vscode.commands.executeCommand('kadi4mat.newTemplateFromImportFile', vscode.Uri.file(file));
    prompts.done();
    assert.deepEqual(prompts.messages.filter((m) => m.level === 'error'), []);

    // Created on the sandbox with what the schema says …
    const post = sb.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/templates');
    assert.ok(post, 'no template was created');
    assert.equal(post.status, 201);
    const body = JSON.parse(post.body);
    assert.equal(body.identifier, 'hardness-test');
    assert.deepEqual(body.data, [
      { key: 'load', type: 'float', value: null, unit: 'N', validation: { required: true, range: { min: 0, max: null } } },
      { key: 'method', type: 'str', value: 'HV10', validation: { options: ['HV10', 'HV30'] } },
      { key: 'operator', type: 'str', value: null },
    ]);
    // … opened as its kadi: document …
    await waitFor('the new template to open', () => vscode.window.activeTextEditor?.document.uri.scheme === 'kadi' || vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'kadi'));
    const doc = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'kadi')!.document;
    assert.match(doc.uri.path, /hardness-test/);
    assert.match(doc.getText(), /"key": "load"/);
    // … and the pattern that could not be carried over is announced and listed.
    assert.deepEqual(
      prompts.messages.map((m) => [m.level, m.text, m.buttons]),
      [['warn', '"hardness-test" was created from hardness.schema.json. 1 thing could not be carried over.', ['Show Details']]],
    );
    await waitFor('the details document', () => vscode.workspace.textDocuments.some((d) => d.isUntitled && d.getText().includes('not carried over')));
    const details = vscode.workspace.textDocuments.find((d) => d.isUntitled && d.getText().includes('not carried over'))!;
    assert.equal(details.getText(), '"hardness-test" from hardness.schema.json (JSON Schema): 1 thing not carried over\n  /properties/operator: not carried over: pattern\n');
  });
});
