// The sandbox fixture: a fresh sandbox (src/sandbox) for each test of the enclosing `describe`,
// instead of the same beforeEach/afterEach pair in every suite; and a registry connected to it.
import { connectInstance } from '../../src/instances/connect';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index';
import { makeRegistry, type TestRegistry } from './fakes';

/**
 * Starts a sandbox (on a free port) before each test of the enclosing describe and closes it
 * after; returns a live view of the current test's sandbox (`sb.url`, `sb.store`, `sb.requests`).
 * Call it where the suite would declare `let sb: Sandbox`: its hooks run before the suite's own
 * beforeEach and, as Mocha runs afterEach hooks in the order they were added, before its own afterEach.
 */
export function sandboxPerTest(options: Omit<SandboxOptions, 'port'> = {}): Sandbox {
  let current: Sandbox | undefined;
  beforeEach(async () => {
    current = await startSandbox({ port: 0, ...options });
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return new Proxy({} as Sandbox, {
    get(_target, key) {
      if (!current) throw new Error('the sandbox runs only during a test (sandboxPerTest)');
      const v: unknown = Reflect.get(current, key, current);
      return typeof v === 'function' ? v.bind(current) : v;
    },
  });
}

/** A fresh makeRegistry() with the sandbox connected as `token` (alice); `id` is the instance's id. */
export async function connectedRegistry(sb: Sandbox, token = 'pat_sandbox_alice'): Promise<ConnectedRegistry> {
  const t = makeRegistry();
  const id = (await connectInstance(t.registry, { baseUrl: sb.url, token })).info.id;
  return { ...t, id };
}

export interface ConnectedRegistry extends TestRegistry {
  id: string;
}
