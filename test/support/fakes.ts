// Test doubles for the instance/explorer/template tests: scripted `Prompts` (the idea of
// azuretools' TestUserInput), in-memory SecretStorage and globalState, and a registry factory.
import * as assert from 'node:assert/strict';
import type { InputOptions, PickItem, PickOptions, Prompts } from '../../src/ui/prompts';
import { InstanceRegistry, instanceIdFor, type ClientSettings, type RegistryOptions } from '../../src/instances/registry';
import type { Log } from '../../src/ui/log';

/** One scripted answer to an input / pick / pickDynamic, in the order the flow asks. */
export type Answer =
  /** `cancelAfter`: the user presses Escape that many ms after Enter (or once the promise settles), while the box checks the value. */
  | { input: string | undefined; expect?: RegExp; cancelAfter?: number | (() => Promise<unknown>) }
  | { pick: RegExp | ((item: PickItem<unknown>) => boolean) | undefined; expect?: RegExp }
  /** For pickDynamic: the search text typed, then which item (by label). */
  | { search: string; pick: RegExp | undefined; expect?: RegExp };

export interface Asked {
  kind: 'input' | 'pick' | 'pickDynamic';
  title?: string;
  prompt?: string;
  value?: string;
  password?: boolean;
  items?: string[];
  /** validateInput's verdict on the scripted answer. */
  validation?: string;
  /** onAccept's verdict: the reason shown inside the box, which stayed open. */
  rejected?: string;
  /** Escape while the box was checking the value. */
  cancelled?: boolean;
}

export class ScriptedPrompts implements Prompts {
  readonly asked: Asked[] = [];
  readonly messages: { level: 'info' | 'warn' | 'error' | 'status'; text: string; buttons: string[] }[] = [];
  /** Buttons to press on warn/error messages, in order (undefined = dismissed). */
  buttons: (string | undefined)[] = [];
  /** Called for every input before answering (tests can hold a prompt open). */
  beforeInput?: (o: InputOptions) => Promise<void> | void;

  constructor(public answers: Answer[] = []) {}

  private next(kind: Asked['kind'], text: string): Answer {
    const a = this.answers.shift();
    assert.ok(a, `unexpected ${kind}: ${text}`);
    if (a.expect) assert.match(text, a.expect, `${kind} asked something else`);
    return a;
  }

  async input(o: InputOptions): Promise<string | undefined> {
    await this.beforeInput?.(o);
    for (;;) {
      const a = this.next('input', `${o.title ?? ''} ${o.prompt ?? ''}`);
      assert.ok('input' in a, `expected an input answer for "${o.title}", have ${JSON.stringify(a)}`);
      const asked: Asked = { kind: 'input', title: o.title, prompt: o.prompt, value: o.value, password: o.password };
      this.asked.push(asked);
      if (a.input !== undefined && o.validateInput) {
        asked.validation = (await o.validateInput(a.input)) ?? undefined;
        // VS Code does not accept a value its validator rejects.
        assert.equal(asked.validation, undefined, `scripted input "${a.input}" rejected: ${asked.validation}`);
      }
      if (a.input !== undefined && o.onAccept) {
        // The box stays open with the check's verdict inside it; the next answer is typed into it.
        const controller = new AbortController();
        const after = a.cancelAfter;
        const escape = typeof after === 'number' ? setTimeout(() => controller.abort(), after) : undefined;
        if (typeof after === 'function') void after().then(() => controller.abort());
        asked.rejected = await o.onAccept(a.input, controller.signal);
        clearTimeout(escape);
        if (controller.signal.aborted) {
          // Escape hides the box: it answers "cancelled", whatever the check said.
          asked.cancelled = true;
          return undefined;
        }
        if (asked.rejected !== undefined) {
          asked.value = a.input;
          continue;
        }
      }
      return a.input;
    }
  }

  async pick<T>(items: readonly PickItem<T>[], o: PickOptions): Promise<PickItem<T> | undefined> {
    const a = this.next('pick', `${o.title ?? ''} ${o.placeHolder ?? ''}`);
    assert.ok('pick' in a && !('search' in a), `expected a pick answer for "${o.title}"`);
    this.asked.push({ kind: 'pick', title: o.title, items: items.map((i) => i.label) });
    if (a.pick === undefined) return undefined;
    const match = a.pick;
    const found = items.find((i) => (match instanceof RegExp ? match.test(i.label) : match(i as PickItem<unknown>)));
    assert.ok(found, `no item matches ${String(match)} in ${items.map((i) => i.label).join(' | ')}`);
    return found;
  }

  async pickDynamic<T>(search: (text: string) => Promise<PickItem<T>[]>, o: PickOptions): Promise<PickItem<T> | undefined> {
    const a = this.next('pickDynamic', `${o.title ?? ''}`);
    assert.ok('search' in a, `expected a search answer for "${o.title}"`);
    const items = await search(a.search);
    this.asked.push({ kind: 'pickDynamic', title: o.title, items: items.map((i) => i.label) });
    if (a.pick === undefined) return undefined;
    const found = items.find((i) => (a.pick as RegExp).test(i.label));
    assert.ok(found, `no item matches ${String(a.pick)} in ${items.map((i) => i.label).join(' | ')}`);
    return found;
  }

  async warn<T extends string>(message: string, options: { detail?: string }, ...buttons: T[]): Promise<T | undefined> {
    this.messages.push({ level: 'warn', text: `${message} ${options.detail ?? ''}`.trim(), buttons });
    return this.buttons.shift() as T | undefined;
  }

  async info<T extends string>(message: string, ...buttons: T[]): Promise<T | undefined> {
    this.messages.push({ level: 'info', text: message, buttons });
    return undefined;
  }

  async error<T extends string>(message: string, ...buttons: T[]): Promise<T | undefined> {
    this.messages.push({ level: 'error', text: message, buttons });
    return this.buttons.shift() as T | undefined;
  }

  /** Status-bar actions to click, in order (undefined: not clicked). */
  statusClicks: (string | undefined)[] = [];

  status(message: string, action?: { title: string; run(): unknown }): void {
    this.messages.push({ level: 'status', text: message, buttons: action ? [action.title] : [] });
    if (action && this.statusClicks.shift() === action.title) void Promise.resolve().then(() => action.run());
  }

  /** Every scripted answer was used. */
  done(): void {
    assert.deepEqual(this.answers, [], 'not every scripted answer was asked for');
  }
}

export class MemorySecrets {
  readonly map = new Map<string, string>();
  async get(key: string) {
    return this.map.get(key);
  }
  async store(key: string, value: string) {
    this.map.set(key, value);
  }
  async delete(key: string) {
    this.map.delete(key);
  }
}

export class MemoryState {
  readonly map = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    const v = this.map.get(key);
    return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as T);
  }
  async update(key: string, value: unknown) {
    this.map.set(key, JSON.parse(JSON.stringify(value)));
  }
  /** Everything globalState holds, as the text VS Code would persist. */
  dump(): string {
    return JSON.stringify([...this.map]);
  }
}

export class MemoryLog implements Log {
  readonly lines: string[] = [];
  trace(m: string) {
    this.lines.push(`trace ${m}`);
  }
  info(m: string) {
    this.lines.push(`info ${m}`);
  }
  warn(m: string) {
    this.lines.push(`warn ${m}`);
  }
  error(m: string) {
    this.lines.push(`error ${m}`);
  }
}

export interface TestRegistry {
  registry: InstanceRegistry;
  secrets: MemorySecrets;
  state: MemoryState;
  prompts: ScriptedPrompts;
  log: MemoryLog;
}

export function makeRegistry(extra: Partial<RegistryOptions> = {}, answers: Answer[] = []): TestRegistry {
  const secrets = new MemorySecrets();
  const state = new MemoryState();
  const prompts = new ScriptedPrompts(answers);
  const log = new MemoryLog();
  const registry = new InstanceRegistry({
    state,
    secrets,
    prompts,
    log,
    settings: () => ({ apiVersion: 'v1', timeoutMs: 5000 }),
    ...extra,
  });
  return { registry, secrets, state, prompts, log };
}

/** Runs progress work directly. */
export const noProgress = <T>(_title: string, work: () => Promise<T>): Promise<T> => work();

export interface LabRegistry extends TestRegistry {
  /** The instance's id (instanceIdFor its origin) and label ("Lab <id>"). */
  id: string;
  label: string;
  /** Status-bar texts the registry showed. */
  status: string[];
  /** The client settings every new client reads (a test may change them). */
  settings: ClientSettings;
}

/** A registry holding one instance, "Lab <id>" at `baseUrl`, added with `token` (alice's sandbox token by default). */
export async function registryWithLab(baseUrl: string, o: { token?: string; timeoutMs?: number; answers?: Answer[] } = {}): Promise<LabRegistry> {
  const settings: ClientSettings = { apiVersion: 'v1', timeoutMs: o.timeoutMs ?? 5000 };
  const status: string[] = [];
  const t = makeRegistry({ settings: () => settings, status: (text) => void status.push(text) }, o.answers ?? []);
  const id = instanceIdFor(new URL(baseUrl).origin);
  const label = `Lab ${id}`;
  await t.registry.add({ id, label, baseUrl }, o.token ?? 'pat_sandbox_alice');
  return { ...t, id, label, status, settings };
}
