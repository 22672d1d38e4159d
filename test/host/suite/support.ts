// What the host suites share: the extension's id, polling for a condition, screenshots.
import * as assert from 'assert';

export const EXTENSION_ID = 'kadi4mat-community.kadi4mat-templates';

/** Polls `cond` until it holds; fails the test with `what` after `ms`. */
export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** A screenshot of the workbench when the code-server runner offers one (test/host/README.md). */
export async function shot(name: string): Promise<void> {
  const shots = process.env.KADI_HOST_SCREENSHOT_URL;
  if (shots) await fetch(`${shots}?name=${encodeURIComponent(name)}`).catch(() => undefined);
}
