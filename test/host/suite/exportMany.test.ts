// Export… on several selected templates in a real extension host: the command gets the clicked
// node and the selection, asks for the format (scripted prompts) and a folder (the folder dialog,
// answered here by a stub), and writes one file per template into it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../../src/explorer/model';
import type { Sandbox } from '../../../src/sandbox/index';
import { ScriptedPrompts } from '../../support/fakes';
import { activateWithSandbox, type ExtensionApi } from './support';

describe('export of several selected templates (host)', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let sb: Sandbox;
  let id: string;
  let prompts: ScriptedPrompts;
  let dir: string;
  const provider = () => api.explorer.provider;

  async function templateNode(identifier: string): Promise<ExplorerNode> {
    const roots = await provider().getChildren();
    const instance = roots.find((n) => n.instanceId === id)!;
    const [templates] = await provider().getChildren(instance);
    const node = (await provider().getChildren(templates)).find((n) => n.kind === 'template' && n.identifier === identifier);
    assert.ok(node, `${identifier} not listed`);
    return node;
  }

  before(async () => {
    ({ api, sb, id } = await activateWithSandbox());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kadi-export-many-'));
  });
  after(async () => {
    api?.usePrompts(undefined);
    await api?.instances.remove(id).catch(() => undefined);
    await sb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes <identifier>.schema.json for each selected template into the chosen folder', async () => {
    prompts = new ScriptedPrompts();
    api.usePrompts(prompts);
    const selected = [await templateNode('tensile-test'), await templateNode('measurement-series')];
    prompts.answers.push({ pick: /^JSON Schema$/ });
    prompts.buttons = ['Export'];
    const window = vscode.window as { showOpenDialog: typeof vscode.window.showOpenDialog };
    const original = window.showOpenDialog;
    window.showOpenDialog = async () => [vscode.Uri.file(dir)];
    try {
      await vscode.commands.executeCommand('kadi4mat.exportTemplate', selected[0], selected);
    } finally {
      window.showOpenDialog = original;
    }
    prompts.done();
    assert.match(prompts.messages[0].text, /^Export 2 templates as JSON Schema to .+\? "tensile-test", "measurement-series"/);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['measurement-series.schema.json', 'tensile-test.schema.json']);
    assert.match(JSON.parse(fs.readFileSync(path.join(dir, 'tensile-test.schema.json'), 'utf8')).$schema, /json-schema\.org/);
    assert.ok(prompts.messages.some((m) => m.level === 'status' && /^Exported 2 of 2 templates as JSON Schema to /.test(m.text)));
  });
});
