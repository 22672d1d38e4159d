// The `kadi-templates` executable (bundled to dist/kadi-templates.js by esbuild.js).
import { main } from './main';
import { processIo } from './io';

const abort = new AbortController();
process.on('SIGINT', () => {
  abort.abort();
  process.exitCode = 130;
});
main(process.argv.slice(2), processIo(abort.signal)).then(
  (code) => {
    process.exitCode ??= code;
  },
  (e: unknown) => {
    process.stderr.write(`kadi-templates: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
