// VS Code glue: the MCP server (dist/mcp.js) listed for VS Code's MCP support, one definition
// per connected instance, when `kadi4mat.assistant.mcpServer` is on. It is off by default:
// inside VS Code the same tools are already language-model tools (lmTools.ts), and a model
// offered both sees every tool twice. The setting is for checking the server as other MCP
// clients get it.
//
// The token: provideMcpServerDefinitions (which VS Code may call eagerly and cache) carries only
// KADI_HOST. The token is read from SecretStorage in resolveMcpServerDefinition, when VS Code
// starts the server, and handed to that process alone in its environment (KADI_PAT); it is
// never written to settings, mcp.json or the log.
import * as vscode from 'vscode';
import { secretKey, type InstanceRegistry } from '../instances/registry';

export const MCP_PROVIDER_ID = 'kadi4mat.mcpServers';
export const MCP_SETTING = 'kadi4mat.assistant.mcpServer';

class KadiMcpDefinition extends vscode.McpStdioServerDefinition {
  constructor(
    readonly instanceId: string,
    label: string,
    script: string,
    host: string,
  ) {
    super(label, process.execPath, [script], { KADI_HOST: host }, '0.1.0');
  }
}

export function registerMcpDefinitions(context: vscode.ExtensionContext, registry: InstanceRegistry): vscode.McpServerDefinitionProvider<KadiMcpDefinition> {
  const changed = new vscode.EventEmitter<void>();
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'mcp.js').fsPath;
  const provider: vscode.McpServerDefinitionProvider<KadiMcpDefinition> = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions() {
      if (!vscode.workspace.getConfiguration().get<boolean>(MCP_SETTING, false)) return [];
      return registry.list().map((i) => new KadiMcpDefinition(i.id, vscode.l10n.t('Kadi4Mat templates ({0})', i.label), script, i.baseUrl));
    },
    async resolveMcpServerDefinition(server) {
      // Through the registry: starts the embedded sandbox if needed and gives its current address.
      const host = await registry.call(server.instanceId, async (c) => c.webRoot);
      const token = await context.secrets.get(secretKey(server.instanceId));
      if (!token) throw new Error(vscode.l10n.t('No access token is stored for {0}. Use "Kadi4Mat: Replace Token".', server.instanceId));
      server.env = { ...server.env, KADI_HOST: host, KADI_PAT: token, ...(registry.allowsInsecureHttp() ? { KADI_ALLOW_INSECURE_HTTP: '1' } : {}) };
      return server;
    },
  };
  context.subscriptions.push(
    changed,
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider),
    registry.onDidChange(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(MCP_SETTING) && changed.fire()),
  );
  return provider;
}
