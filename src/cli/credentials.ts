// Where the CLI gets an instance address and a token. Never from an argument (it would end up
// in shell history and process lists), never printed.
//
// Order: `--config-instance NAME` (a section of kadi-apy's ~/.kadiconfig), else the KADI_PAT
// environment variable (with KADI_HOST as the address), else the `[global] default` section of
// ~/.kadiconfig. kadi-apy's config is INI:
//   [global]
//   default = my_instance
//   verify = True
//   timeout = 60
//   [my_instance]
//   host = https://kadi.example.edu
//   pat = pat_…
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError, type CliIo } from './io';

export interface Credentials {
  /** The address the token belongs to, when known. */
  host?: string;
  token: string;
  timeoutMs?: number;
  /** Where it came from, for messages ("KADI_PAT", "~/.kadiconfig [my_instance]"). */
  source: string;
}

/** Minimal INI: sections, `key = value`, `;`/`#` comments. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      current = new Map();
      sections.set(sec[1].trim(), current);
      continue;
    }
    const kv = /^([^=:]+)[=:](.*)$/.exec(line);
    if (kv && current) current.set(kv[1].trim().toLowerCase(), kv[2].trim());
  }
  return sections;
}

function fromConfig(io: CliIo, name: string | undefined): Credentials | undefined {
  const file = path.join(io.home, '.kadiconfig');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    if (name) throw new UsageError(`--config-instance ${name}: there is no ~/.kadiconfig (create it with kadi-apy: "kadi-apy config create").`);
    return undefined;
  }
  const ini = parseIni(text);
  const global = ini.get('global');
  const section = name ?? global?.get('default');
  if (!section) return undefined;
  const s = ini.get(section);
  if (!s || section === 'global') throw new UsageError(`~/.kadiconfig has no instance section [${section}].`);
  const token = s.get('pat');
  if (!token) throw new UsageError(`~/.kadiconfig [${section}] has no "pat".`);
  const timeout = Number(s.get('timeout') ?? global?.get('timeout'));
  return { host: s.get('host') || undefined, token, timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : undefined, source: `~/.kadiconfig [${section}]` };
}

export function resolveCredentials(io: CliIo, configInstance?: string): Credentials {
  if (configInstance) return fromConfig(io, configInstance)!;
  const pat = io.env.KADI_PAT?.trim();
  if (pat) return { host: io.env.KADI_HOST?.trim() || undefined, token: pat, source: 'KADI_PAT' };
  const c = fromConfig(io, undefined);
  if (c) return c;
  throw new UsageError('No access token: set KADI_PAT (and KADI_HOST), or use --config-instance NAME with a kadi-apy ~/.kadiconfig.');
}
