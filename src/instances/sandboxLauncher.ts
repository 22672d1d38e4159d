// The embedded Kadi4Mat-compatible sandbox ("Try the Local Sandbox"), started inside the
// extension host on 127.0.0.1 on demand and stopped on deactivate. Constructing the launcher
// starts nothing (activation makes no request and opens no port); `ensure()` does, called by
// the registry on the first use of the sandbox instance. That instance stays in the instance
// list across reloads; its first use after a reload starts it again (on a possibly different
// port), so restored editors of sandbox templates keep working.
import * as l10n from '../ui/l10n';
import type { Log } from '../ui/log';

export const SANDBOX_TOKEN = 'pat_sandbox_alice';
/** The sandbox instance's name in the tree (stored with the instance when it is added). */
export const sandboxLabel = () => l10n.t('Local sandbox');

export interface RunningSandbox {
  url: string;
  close(): Promise<void> | void;
}

export interface SandboxLauncherOptions {
  /** Read at each start: setting kadi4mat.sandboxPort (0 = any free port). */
  port(): number;
  start(opts: { port: number; log?: (line: string) => void }): Promise<RunningSandbox>;
  log?: Log;
}

export class SandboxLauncher {
  private running: Promise<RunningSandbox> | undefined;

  constructor(private readonly opts: SandboxLauncherOptions) {}

  /** Starts the sandbox unless it runs; concurrent callers share one start. Returns its URL. */
  async ensure(): Promise<string> {
    if (!this.running) {
      const port = this.opts.port();
      this.running = this.opts.start({ port, log: (line) => this.opts.log?.trace(`sandbox: ${line}`) }).then(
        (s) => {
          this.opts.log?.info(`Local sandbox listening on ${s.url}`);
          return s;
        },
        (e: unknown) => {
          this.running = undefined; // e.g. the port is taken: let the next attempt retry
          const why = e instanceof Error ? e.message : String(e);
          throw new Error(
            port
              ? l10n.t('Could not start the local sandbox on port {0}: {1}. Change the setting kadi4mat.sandboxPort, or set it to 0.', port, why)
              : l10n.t('Could not start the local sandbox on port (any): {0}. Change the setting kadi4mat.sandboxPort, or set it to 0.', why),
          );
        },
      );
    }
    return (await this.running).url;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  async stop(): Promise<void> {
    const r = this.running;
    this.running = undefined;
    if (!r) return;
    try {
      await (await r).close();
    } catch {
      /* it failed to start or is already closed */
    }
  }
}
