// One source for "what may I do with this template": the tree, the editor's read-only decision
// and the role commands read one TemplateAccessService, which asks the server once per template
// until the roles may have changed. Counted against the sandbox.
import * as assert from 'node:assert/strict';
import { connectInstance } from '../../src/instances/connect';
import { ExplorerModel, type PermissionsNode, type TemplateNode } from '../../src/explorer/model';
import { templateFilesOn } from '../support/templateFiles';
import { TemplateFiles } from '../../src/fs/templateFiles';
import { templatePath, parseKadiPath } from '../../src/kadi/templateUri';
import { TemplateAccessService } from '../../src/permissions/accessService';
import { startSandbox, SEED_TEMPLATES, type Sandbox } from '../../src/sandbox/index';
import { makeRegistry, type TestRegistry } from '../support/fakes';

const T = SEED_TEMPLATES;

describe('permissions: one access service for the tree, the editor and the commands', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let t: TestRegistry;
  let id: string;
  let service: TemplateAccessService;
  let model: ExplorerModel;
  let files: TemplateFiles;

  beforeEach(async () => {
    sb = await startSandbox({ port: 0 });
    t = makeRegistry();
    id = (await connectInstance(t.registry, { baseUrl: sb.url, token: 'pat_sandbox_alice' })).info.id;
    service = new TemplateAccessService(t.registry);
    model = new ExplorerModel({ clients: t.registry, access: service });
    files = templateFilesOn(t.registry, { describeError: (e) => String(e), access: service }).files;
  });
  afterEach(async () => {
    model.dispose();
    service.dispose();
    await sb.close();
  });

  /** Role requests (user and group roles) of one template since `from`. */
  const roleRequests = (templateId: number, from: number) =>
    sb.requests.slice(from).filter((r) => r.method === 'GET' && r.path.includes(`/templates/${templateId}/roles/`)).map((r) => r.path.replace(/\?.*/, ''));

  async function permissionsOf(identifier: string): Promise<PermissionsNode> {
    const [instance] = await model.getChildren();
    const [templates] = await model.getChildren(instance);
    const node = ((await model.getChildren(templates)) as TemplateNode[]).find((n) => n.identifier === identifier)!;
    return (await model.getChildren(node))[1] as PermissionsNode;
  }

  const location = (templateId: number) => {
    const path = templatePath(templateId, sb.store.getTemplate(templateId)!.identifier);
    return { key: `kadi://${id}${path}`, instanceId: id, path: parseKadiPath(path)! };
  };

  it('the tree, the editor and a command together cost one request per roles list; an invalidation one more', async () => {
    const perms = await permissionsOf('xrd-record');
    const from = sb.requests.length;
    const template = sb.store.getTemplate(T.xrdRecord)!;
    // Expanding Permissions (the tree), opening the document (the editor), a role command: at once.
    const [, stat, commandAccess] = await Promise.all([
      model.getChildren(perms),
      files.stat(location(T.xrdRecord)),
      service.access(id, { id: T.xrdRecord, creator: perms.template.creator }),
    ]);
    assert.deepEqual(roleRequests(T.xrdRecord, from), [`/api/v1/templates/${T.xrdRecord}/roles/users`, `/api/v1/templates/${T.xrdRecord}/roles/groups`]);
    assert.equal(template.identifier, 'xrd-record');
    assert.deepEqual(commandAccess, perms.access);
    assert.equal(stat.readonly, false, 'editor via group: the tree says editor, the editor is writable');

    // Asked again: answered from the cache.
    const again = sb.requests.length;
    await Promise.all([model.getChildren(perms), files.stat(location(T.xrdRecord)), service.access(id, perms.template)]);
    assert.deepEqual(roleRequests(T.xrdRecord, again), []);

    // The roles changed: one request per list again, however many ask.
    model.templateChanged({ instanceId: id, templateId: T.xrdRecord, kind: 'roles' });
    files.invalidate(id, T.xrdRecord, { roles: true });
    const after = sb.requests.length;
    await Promise.all([model.getChildren(perms), files.stat(location(T.xrdRecord)), service.access(id, perms.template)]);
    assert.equal(roleRequests(T.xrdRecord, after).length, 2);
  });

  it('the tree and the editor agree on a template the user only reads', async () => {
    const perms = await permissionsOf('microscopy-image');
    await model.getChildren(perms);
    assert.deepEqual(perms.access, { role: 'member', via: 'direct role', certain: true, userId: perms.access?.userId });
    assert.equal((await files.stat(location(T.microscopyImage))).readonly, true);
    assert.equal(model.roleKnowledge(model.templateNode(id, T.microscopyImage)!).learned?.role, 'member');
  });
});
