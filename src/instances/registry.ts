// The Kadi4Mat instances the user is connected to, and the one way to reach them: `call()`.
// The list (id, label, address, user) lives in globalState; the token only in SecretStorage
// (key per instance) and in the Authorization header the client sends. No `vscode` import:
// the stores are injected, so the 401 handling is tested in plain Node.
import { KadiClient, isInsecureRemote, isKadiError, type KadiClientOptions, type ProbeResult, type RequestEvent } from '../kadi/client';
import { KadiError } from '../kadi/errors';
import type { User } from '../kadi/types';
import * as l10n from '../ui/l10n';
import type { Log } from '../ui/log';
import type { Prompts } from '../ui/prompts';
import { Emitter, type Event } from '../ui/emitter';

export interface InstanceInfo {
  /** URI authority: lowercase host[:port] of the origin, e.g. "kadi.example.edu", "127.0.0.1:5000"; the embedded sandbox uses "sandbox". */
  id: string;
  label: string;
  baseUrl: string;
  user?: { id: number; displayname: string; username: string };
  sandbox?: boolean;
}

export interface ClientSource {
  list(): InstanceInfo[];
  get(instanceId: string): InstanceInfo | undefined;
  /**
   * Runs fn with the instance's client. On a 401 (invalid/expired token, not insufficient
   * scope) asks ONCE per instance for a new token (concurrent callers share the prompt; a
   * cancelled prompt is remembered until the user acts, no re-prompt loop), then retries once.
   * Throws a clear error for an unknown instance or a missing token ("Sign in to <label> again…").
   */
  call<T>(instanceId: string, fn: (client: KadiClient) => Promise<T>): Promise<T>;
  /** The signed-in user (cached GET /users/me), undefined if the token lacks user.read. */
  currentUser(instanceId: string): Promise<User | undefined>;
  readonly onDidChange: Event<void>;
}

/** The part of `vscode.SecretStorage` the registry uses. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** The part of `vscode.Memento` (globalState) the registry uses. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** Read from the settings each time a client is made, so a changed setting applies at once. */
export interface ClientSettings {
  apiVersion: string;
  timeoutMs: number;
  /** `kadi4mat.allowInsecureHttp`: http:// to hosts other than this machine (default false). */
  allowInsecureHttp?: boolean;
}

export interface RegistryOptions {
  state: StateStore;
  secrets: SecretStore;
  prompts: Prompts;
  settings(): ClientSettings;
  log?: Log;
  /** Test seam; default `new KadiClient(o)`. */
  createClient?(o: KadiClientOptions): KadiClient;
  /** Starts the embedded sandbox if needed (instances with `sandbox: true`) and returns its URL. */
  ensureSandbox?(): Promise<string>;
  /** A passing note for the status bar (e.g. waiting for a rate limit), shown for `ms`. */
  status?(text: string, ms: number): void;
}

export const INSTANCES_KEY = 'kadi4mat.instances';
export const SANDBOX_INSTANCE_ID = 'sandbox';

export function secretKey(instanceId: string): string {
  return `kadi4mat.token.${instanceId}`;
}

/** "https://Kadi.Example.edu:443/kadi" → "kadi.example.edu"; the id is the URI authority of `kadi:` documents. */
export function instanceIdFor(origin: string): string {
  return new URL(origin).host.toLowerCase();
}

/** 401 because the token itself is bad (unknown, revoked, expired) — a new token can help. */
export function isRejectedToken(e: unknown): boolean {
  if (!isKadiError(e) || e.kind !== 'http' || e.status !== 401 || e.scopes?.length) return false;
  // Inactive account, unconfirmed email, legal notices: a new token would be refused the same way.
  return !/inactive|confirm|legal notice/i.test(e.description ?? '');
}

/** 401 because the token lacks a scope; Kadi lists the needed scopes. */
export function isInsufficientScope(e: unknown): boolean {
  return isKadiError(e) && e.status === 401 && !!e.scopes?.length;
}

function isInstanceInfo(v: unknown): v is InstanceInfo {
  const o = v as InstanceInfo;
  return !!o && typeof o === 'object' && typeof o.id === 'string' && typeof o.label === 'string' && typeof o.baseUrl === 'string';
}

interface CachedClient {
  client: KadiClient;
  /** Token generation the client was made with: a 401 from an older one needs no new prompt. */
  generation: number;
  key: string;
}

export class InstanceRegistry implements ClientSource {
  private instances: InstanceInfo[];
  private readonly clients = new Map<string, CachedClient>();
  private readonly users = new Map<string, Promise<User | undefined>>();
  private readonly generations = new Map<string, number>();
  private readonly prompting = new Map<string, Promise<boolean>>();
  /** Instances whose token prompt the user cancelled: no new prompt until they act. */
  private readonly declined = new Set<string>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly opts: RegistryOptions) {
    const stored = opts.state.get<unknown[]>(INSTANCES_KEY);
    this.instances = Array.isArray(stored) ? stored.filter(isInstanceInfo).map((i) => ({ ...i })) : [];
  }

  list(): InstanceInfo[] {
    return this.instances.map((i) => ({ ...i }));
  }

  get(instanceId: string): InstanceInfo | undefined {
    const i = this.instances.find((x) => x.id === instanceId);
    return i && { ...i };
  }

  async hasToken(instanceId: string): Promise<boolean> {
    return !!(await this.opts.secrets.get(secretKey(instanceId)));
  }

  /** True when the user cancelled the token prompt for this instance (the tree says so). */
  tokenDeclined(instanceId: string): boolean {
    return this.declined.has(instanceId);
  }

  /** Whether the user allowed http:// to hosts other than this machine (`kadi4mat.allowInsecureHttp`). */
  allowsInsecureHttp(): boolean {
    return !!this.opts.settings().allowInsecureHttp;
  }

  /** Whether a Kadi4Mat answers at `baseUrl` (no token sent); throws the reason when not. */
  probe(baseUrl: string, signal?: AbortSignal): Promise<ProbeResult> {
    const s = this.opts.settings();
    return KadiClient.probe({ baseUrl, apiVersion: s.apiVersion, timeoutMs: s.timeoutMs, allowInsecureHttp: !!s.allowInsecureHttp, onRequest: (e) => this.logRequest(e) }, signal);
  }

  /** A client for an address and token that are not (yet) stored: used to check a connection. */
  createClient(baseUrl: string, token: string, label?: string): KadiClient {
    const s = this.opts.settings();
    const name = label ?? hostOf(baseUrl);
    const options: KadiClientOptions = {
      baseUrl,
      token,
      apiVersion: s.apiVersion,
      timeoutMs: s.timeoutMs,
      allowInsecureHttp: !!s.allowInsecureHttp,
      onRequest: (e) => this.logRequest(e),
      onRetryWait: (e) => {
        this.opts.log?.warn(`${name}: rate limited; waiting ${e.seconds} s before retry ${e.attempt}.`);
        this.opts.status?.(rateLimitText(name, e.seconds), Math.ceil(e.seconds * 1000) + 500);
      },
    };
    const client = this.opts.createClient ? this.opts.createClient(options) : new KadiClient(options);
    if (isInsecureRemote(baseUrl)) {
      this.opts.log?.warn(`${name}: using plain http:// because kadi4mat.allowInsecureHttp is on; the access token travels unencrypted.`);
    }
    return client;
  }

  /** Adds or replaces an instance; the token goes to SecretStorage, the rest to globalState. */
  async add(info: InstanceInfo, token: string): Promise<void> {
    await this.opts.secrets.store(secretKey(info.id), token);
    const clean: InstanceInfo = { id: info.id, label: info.label, baseUrl: info.baseUrl };
    if (info.user) clean.user = { id: info.user.id, displayname: info.user.displayname, username: info.user.username };
    if (info.sandbox) clean.sandbox = true;
    const at = this.instances.findIndex((i) => i.id === info.id);
    if (at >= 0) this.instances[at] = clean;
    else this.instances.push(clean);
    await this.save();
    this.forget(info.id);
    this.changed.fire();
  }

  /** Sign out: deletes the token and forgets the instance. */
  async remove(instanceId: string): Promise<void> {
    this.instances = this.instances.filter((i) => i.id !== instanceId);
    await this.save();
    await this.opts.secrets.delete(secretKey(instanceId));
    this.forget(instanceId);
    this.changed.fire();
  }

  async setToken(instanceId: string, token: string, user?: InstanceInfo['user']): Promise<void> {
    await this.opts.secrets.store(secretKey(instanceId), token);
    const info = this.instances.find((i) => i.id === instanceId);
    if (info && user) {
      info.user = { id: user.id, displayname: user.displayname, username: user.username };
      await this.save();
    }
    this.forget(instanceId);
    this.changed.fire();
  }

  /** Settings changed (API version, timeout): clients are rebuilt on next use. */
  invalidateClients(): void {
    this.clients.clear();
  }

  /** SecretStorage changed (possibly in another window). */
  secretChanged(key: string): void {
    const info = this.instances.find((i) => secretKey(i.id) === key);
    if (!info) return;
    this.forget(info.id);
    this.changed.fire();
  }

  async call<T>(instanceId: string, fn: (client: KadiClient) => Promise<T>): Promise<T> {
    const first = await this.clientFor(instanceId);
    try {
      return await fn(first.client);
    } catch (e) {
      if (!isRejectedToken(e)) throw e;
      const current = this.generations.get(instanceId) ?? 0;
      // Another caller already replaced the token while this request was under way.
      const renewed = first.generation < current || (await this.askForNewToken(instanceId, e as KadiError));
      if (!renewed) throw e;
      const second = await this.clientFor(instanceId);
      return await fn(second.client);
    }
  }

  currentUser(instanceId: string): Promise<User | undefined> {
    let p = this.users.get(instanceId);
    if (!p) {
      p = this.call(instanceId, (c) => c.getCurrentUser()).catch((e) => {
        if (isInsufficientScope(e)) return undefined;
        this.users.delete(instanceId); // a network failure is not remembered
        throw e;
      });
      this.users.set(instanceId, p);
    }
    return p;
  }

  dispose(): void {
    this.changed.dispose();
  }

  // ------------------------------------------------------------------ internals

  private async clientFor(instanceId: string): Promise<CachedClient> {
    let info = this.instances.find((i) => i.id === instanceId);
    if (!info) {
      throw new KadiError({
        kind: 'config',
        message: l10n.t('Unknown Kadi4Mat instance "{0}". Add it with "Kadi4Mat: Add Instance…" (or "Try the Local Sandbox").', instanceId),
      });
    }
    if (info.sandbox && this.opts.ensureSandbox) {
      const url = await this.opts.ensureSandbox();
      if (url !== info.baseUrl) {
        info.baseUrl = url; // a new port after a reload
        await this.save();
      }
      info = this.instances.find((i) => i.id === instanceId) ?? info;
    }
    const generation = this.generations.get(instanceId) ?? 0;
    const s = this.opts.settings();
    const key = `${info.baseUrl}|${s.apiVersion}|${s.timeoutMs}|${!!s.allowInsecureHttp}`;
    const cached = this.clients.get(instanceId);
    if (cached && cached.generation === generation && cached.key === key) return cached;

    const token = await this.opts.secrets.get(secretKey(instanceId));
    if (!token) {
      throw new KadiError({
        kind: 'config',
        message: l10n.t('Sign in to {0} again: no access token is stored for it (the system keyring may have been unavailable or reset). Use "Kadi4Mat: Replace Token".', info.label),
      });
    }
    const made: CachedClient = { client: this.createClient(info.baseUrl, token, info.label), generation, key };
    this.clients.set(instanceId, made);
    return made;
  }

  /** One prompt per instance at a time; concurrent 401s wait for the same answer. */
  private askForNewToken(instanceId: string, cause: KadiError): Promise<boolean> {
    if (this.declined.has(instanceId)) return Promise.resolve(false);
    let p = this.prompting.get(instanceId);
    if (!p) {
      p = this.promptForToken(instanceId, cause).finally(() => this.prompting.delete(instanceId));
      this.prompting.set(instanceId, p);
    }
    return p;
  }

  private async promptForToken(instanceId: string, cause: KadiError): Promise<boolean> {
    const info = this.instances.find((i) => i.id === instanceId);
    if (!info) return false;
    const expired = /expired/i.test(cause.description ?? '');
    this.opts.log?.warn(`${info.label}: the access token ${expired ? 'has expired' : 'was not accepted'} (${cause.description ?? cause.message}).`);
    const token = await this.opts.prompts.input({
      title: l10n.t('Kadi4Mat: new access token for {0}', info.label),
      prompt: expired
        ? l10n.t('The access token for {0} has expired. Paste a new personal access token (Kadi4Mat: Settings > Access tokens), or press Escape.', info.label)
        : l10n.t('The access token for {0} was not accepted. Paste a new personal access token (Kadi4Mat: Settings > Access tokens), or press Escape.', info.label),
      password: true,
      ignoreFocusOut: true,
      validateInput: validateTokenInput,
    });
    if (!token?.trim()) {
      this.declined.add(instanceId);
      this.changed.fire(); // the tree shows "token not accepted"
      return false;
    }
    await this.opts.secrets.store(secretKey(instanceId), token.trim());
    this.forget(instanceId);
    return true;
  }

  /** Drops cached client/user and the "declined" mark; bumps the token generation. */
  private forget(instanceId: string): void {
    this.clients.delete(instanceId);
    this.users.delete(instanceId);
    this.declined.delete(instanceId);
    this.generations.set(instanceId, (this.generations.get(instanceId) ?? 0) + 1);
  }

  private async save(): Promise<void> {
    await this.opts.state.update(INSTANCES_KEY, this.instances.map((i) => ({ ...i })));
  }

  /**
   * One line per request in the "Kadi4Mat" log: method, path, status, time — the client's
   * events carry no header, so never the token. Info level, so the lines show at the log's
   * default level; failures are warnings.
   */
  private logRequest(e: RequestEvent): void {
    const line = requestLine(e);
    if (e.error || e.status >= 400 || e.status === 0) this.opts.log?.warn(line);
    else this.opts.log?.info(line);
  }
}

/** "GET /api/v1/templates?page=1&per_page=100 → 200 (42 ms)" */
export function requestLine(e: RequestEvent): string {
  return `${e.method} ${e.path} → ${e.status || 'no answer'} (${e.ms} ms)${e.error ? `: ${e.error}` : ''}`; // l10n: not user-facing (a log line)
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** What the status bar says while a request waits for the server's rate limit (429 + Retry-After). */
export function rateLimitText(label: string, seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  return l10n.t('Kadi4Mat: {0} is rate-limiting requests — waiting {1} s, then trying again…', label, s);
}

/** Input-box check for a pasted token (not a server check: that needs a request). */
export function validateTokenInput(value: string): string | undefined {
  const v = value.trim();
  if (!v) return l10n.t('Paste the personal access token (it starts with "pat_").');
  if (/\s/.test(v)) return l10n.t('A token has no spaces; paste it again.');
  return undefined;
}
