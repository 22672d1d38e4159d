// `npm run real-kadi [-- --port N] [-- --rate-limit 20/minute]`: installs (once) and starts a real
// Kadi4Mat seeded like the sandbox, prints its address and tokens, and stops it on Ctrl+C.
import { SANDBOX_TOKENS } from '../../src/sandbox';
import { installRealKadi, startRealKadi } from './launcher';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  installRealKadi();
  const kadi = await startRealKadi({ port: Number(flag('--port') ?? 0), rateLimit: flag('--rate-limit') });
  console.log(`\nKadi4Mat ${kadi.version} is running at ${kadi.url}  (use exactly this address)\n`);
  console.log('Tokens (the same as the sandbox\'s):');
  for (const [token, t] of Object.entries(SANDBOX_TOKENS)) console.log(`  ${token.padEnd(28)} ${t.note ?? t.user}`);
  console.log('\nIn VS Code: Kadi4Mat: Add Instance… with this address and a token. Ctrl+C stops it.');
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('\nreal-kadi: stopping');
    void kadi.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
