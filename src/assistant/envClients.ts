// One instance reached with an address and a token given directly (the MCP server reads them
// from KADI_HOST and KADI_PAT), in the shape the tools use. No `vscode` import. The token stays
// inside the KadiClient: it goes only into the Authorization header of requests to that origin.
import { KadiClient, normalizeBaseUrl, type KadiClientOptions } from '../kadi/client';
import type { User } from '../kadi/types';
import { instanceIdFor, isInsufficientScope, type InstanceInfo } from '../instances/registry';
import type { AssistantClients } from './tools';

export class SingleInstanceClients implements AssistantClients {
  private readonly info: InstanceInfo;
  private readonly client: KadiClient;
  private me?: Promise<User | undefined>;

  constructor(options: KadiClientOptions) {
    this.client = new KadiClient(options);
    const { origin, webRoot } = normalizeBaseUrl(options.baseUrl, { allowInsecureHttp: options.allowInsecureHttp });
    const id = instanceIdFor(origin);
    this.info = { id, label: id, baseUrl: `${origin}${webRoot}` };
  }

  list(): InstanceInfo[] {
    return [this.info];
  }

  call<T>(instanceId: string, fn: (client: KadiClient) => Promise<T>): Promise<T> {
    if (instanceId !== this.info.id) return Promise.reject(new Error(`No connected instance "${instanceId}".`));
    return fn(this.client);
  }

  /** The signed-in user, undefined when the token lacks user.read (asked once). */
  currentUser(): Promise<User | undefined> {
    this.me ??= this.client.getCurrentUser().catch((e) => {
      this.me = undefined; // ask again next time, unless the answer was "missing scope"
      if (isInsufficientScope(e)) return undefined;
      throw e;
    });
    return this.me;
  }
}
