// The assistant's tools as plain objects: a name, a model-facing description, a JSON input
// schema and a run function over a ToolContext. The VS Code glue (../lmTools.ts) and the MCP
// server (../mcp.ts) both serve exactly these. No `vscode` import.
import type { KadiClient } from '../../kadi/client';
import type { User } from '../../kadi/types';
import type { InstanceInfo } from '../../instances/registry';

/** What the tools need of the connected instances (the extension's InstanceRegistry fits). */
export interface AssistantClients {
  list(): InstanceInfo[];
  call<T>(instanceId: string, fn: (client: KadiClient) => Promise<T>): Promise<T>;
  currentUser(instanceId: string): Promise<User | undefined>;
}

/** A finished draft handed to the user as an unsaved editor: nothing is written to a server. */
export interface DraftOpener {
  /** Opens `text` as an unsaved template document; returns the editor's name. */
  openTemplateDraft(text: string, identifier: string): Promise<string>;
}

/** What a create or update would do, shown to the user before anything is written. */
export interface WritePlan {
  kind: 'create' | 'update';
  instanceId: string;
  instanceLabel: string;
  identifier: string;
  templateId?: number;
  /** Lines naming the changes ("title: "A" → "B"", "extras added: x, y"). */
  changes: string[];
  /** One paragraph for a confirmation dialog: instance, identifier, changes. */
  summary: string;
  /** Performs the write; only called after `confirm` said yes. */
  execute(signal?: AbortSignal): Promise<{ id: number; identifier: string }>;
}

export interface ToolContext {
  clients: AssistantClients;
  /** Absent where there is no editor (the MCP server): the draft tool is not offered there. */
  drafts?: DraftOpener;
  /** Asks the user to allow `plan`; false = declined. Without it, nothing is ever written. */
  confirm?(plan: WritePlan): Promise<boolean>;
  /** How to connect an instance in this host (command name or environment variables). */
  connectHint: string;
  signal?: AbortSignal;
}

export interface ToolResult {
  /** What the model reads. */
  text: string;
  isError?: boolean;
}

export interface AssistantTool {
  /** snake_case, the MCP name; VS Code registers it as `kadi4mat_<name>`. */
  name: string;
  /** A short human title, shown to the user while the tool runs: a getter calling l10n.t (never at import). */
  title: string;
  /** VS Code's `#name` for the tool in a chat prompt (package.json `toolReferenceName`). */
  referenceName: string;
  /** What the model reads to decide when and how to call the tool. */
  description: string;
  inputSchema: Record<string, unknown>;
  /** Writes to a server (needs the user's confirmation). */
  writes?: boolean;
  /** Needs an editor (ToolContext.drafts). */
  needsEditor?: boolean;
  run(input: Record<string, unknown>, ctx: ToolContext): Promise<ToolResult>;
}

/** A failure the model should read and act on (not a crash). */
export class ToolError extends Error {}
