// `node dist/mcp.js`: the MCP server on stdio (see mcp.ts); KADI_HOST and KADI_PAT from the environment.
import { runMcpServer } from './mcp';

runMcpServer({ env: process.env }).catch((e: unknown) => {
  process.stderr.write(`kadi4mat-templates MCP server: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
