// `npm run sandbox -- [--port N] [--host H] [--data FILE] [--latency MS] [--rate-limit N] [--templates N]`
import { SANDBOX_TOKENS, startSandbox, type SandboxOptions } from './index';

const HELP = `Kadi4Mat sandbox: a local Kadi4Mat-compatible API with sample templates.

Usage: node dist/sandbox.js [options]      (or: npm run sandbox -- [options])

  --port N         port to listen on (default 5000; 0 picks a free port)
  --host H         address to bind (default 127.0.0.1)
  --data FILE      keep state in FILE (JSON, loaded at start, written after changes)
  --latency MS     delay every request by MS milliseconds
  --rate-limit N   answer 429 above N requests per minute
  --templates N    add N generated templates (scale tests)
  --quiet          do not log requests
  -h, --help       show this help
`;

function parseArgs(argv: string[]): SandboxOptions & { quiet?: boolean; help?: boolean } {
  const opts: SandboxOptions & { quiet?: boolean; help?: boolean } = { port: 5000 };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || v.trim() === '' || !Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number ≥ 0, got ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port': {
        const p = num(flag, value());
        if (p > 65535) throw new Error('--port must be ≤ 65535');
        opts.port = p;
        break;
      }
      case '--host':
        opts.host = value();
        if (!opts.host) throw new Error('--host needs an address');
        break;
      case '--data':
        opts.dataFile = value();
        if (!opts.dataFile) throw new Error('--data needs a file name');
        break;
      case '--latency':
        opts.latencyMs = num(flag, value());
        break;
      case '--rate-limit':
        opts.rateLimitPerMinute = num(flag, value());
        break;
      case '--templates':
        opts.extraTemplates = num(flag, value());
        break;
      case '--quiet':
        opts.quiet = true;
        break;
      case '-h':
      case '--help':
        opts.help = true;
        break;
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write(HELP);
    return;
  }
  const sandbox = await startSandbox({ ...opts, log: opts.quiet ? undefined : (line) => process.stdout.write(`${line}\n`) });
  const lines = [`Kadi4Mat sandbox listening on ${sandbox.url}`, 'Access tokens (Authorization: Bearer <token>):'];
  const width = Math.max(...Object.keys(SANDBOX_TOKENS).map((t) => t.length));
  for (const [token, info] of Object.entries(SANDBOX_TOKENS)) lines.push(`  ${token.padEnd(width)}  ${info.note ?? info.user}`);
  if (opts.dataFile) lines.push(`State file: ${opts.dataFile}`);
  lines.push('Press Ctrl+C to stop.');
  process.stdout.write(lines.join('\n') + '\n');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}, stopping.\n`);
    sandbox.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`Error while stopping: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  const err = e as NodeJS.ErrnoException;
  process.stderr.write(`Kadi4Mat sandbox failed to start: ${err.code === 'EADDRINUSE' ? 'port already in use' : (err.message ?? String(e))}\n`);
  process.exit(1);
});
