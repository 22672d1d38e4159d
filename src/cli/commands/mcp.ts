// `kadi-templates mcp`: the assistant's tools over MCP on stdio (src/assistant/mcp.ts), for MCP
// clients other than VS Code. The instance and token come from KADI_HOST and KADI_PAT.
import { runMcpServer } from '../../assistant/mcp';
import { EXIT, UsageError, type CliIo } from '../io';

const HELP = `Usage: kadi-templates mcp

Serves the Kadi4Mat template tools (search, get, rules, validate, save with the user's
confirmation) to an MCP client over standard input and output, for the instance in KADI_HOST
with the token in KADI_PAT. Runs until the client closes the connection.
`;

export async function mcpCommand(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(HELP);
    return EXIT.ok;
  }
  if (argv.length > 0) throw new UsageError(`mcp takes no arguments (got ${argv.join(' ')}).`);
  const { server } = await runMcpServer({ env: io.env, log: (line) => io.err(`${line}\n`) });
  // Standard output now belongs to the protocol: nothing else is printed there.
  await new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  return EXIT.ok;
}
