// Replays the sandbox's seed (src/sandbox/seed.ts: groups, then SEED_STEPS) on a fresh real
// Kadi4Mat through its HTTP API, each step as the user the sandbox says did it. Users and
// tokens already exist (provision.py). Ids come out the same because both start from 1.
import { KadiClient } from '../../src/kadi/client';
import { SANDBOX_TOKENS, SEED_GROUP_ROWS, SEED_STEPS, SEED_USER_ROWS } from '../../src/sandbox';

/** The full-access token of a seed user. */
export function tokenOf(userId: number): string {
  const name = SEED_USER_ROWS.find((u) => u.id === userId)?.username;
  const token = Object.entries(SANDBOX_TOKENS).find(([, t]) => t.user === name && t.scopes === null && !t.expired)?.[0];
  if (!token) throw new Error(`seed: no full-access token for user ${userId}`);
  return token;
}

async function post(url: string, token: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/api${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`seed: POST ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function seedOverHttp(url: string): Promise<void> {
  const clients = new Map<number, KadiClient>();
  const as = (userId: number): KadiClient => {
    let c = clients.get(userId);
    if (!c) clients.set(userId, (c = new KadiClient({ baseUrl: url, token: tokenOf(userId), maxRetries: 0 })));
    return c;
  };

  for (const g of SEED_GROUP_ROWS) {
    const token = tokenOf(g.creator_id);
    const made = await post(url, token, '/groups', { identifier: g.identifier, title: g.title, description: g.description, visibility: g.visibility });
    if (made.id !== g.id) throw new Error(`seed: group ${g.identifier} got id ${String(made.id)}, expected ${g.id}`);
    for (const [userId, role] of Object.entries(g.members)) {
      if (Number(userId) === g.creator_id) continue; // the creator is admin already
      await post(url, token, `/groups/${g.id}/members`, { user: { id: Number(userId) }, role: { name: role } });
    }
  }

  let nextId = 1;
  for (const step of SEED_STEPS) {
    const client = as(step.as);
    switch (step.op) {
      case 'create': {
        const t = await client.createTemplate(step.template);
        if (t.id !== nextId) throw new Error(`seed: template ${step.template.identifier} got id ${t.id}, expected ${nextId}`);
        nextId += 1;
        break;
      }
      case 'update':
        await client.updateTemplate(step.id, step.changes);
        break;
      case 'userRole':
        await client.addUserRole(step.id, step.user, step.role);
        break;
      case 'groupRole':
        await client.addGroupRole(step.id, step.group, step.role);
        break;
      case 'delete':
        await client.deleteTemplate(step.id);
        break;
    }
  }
}
