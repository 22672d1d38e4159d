// Turns the instance address as a user typed it into the origin and web root the client uses.
import * as l10n from '../ui/l10n';
import { KadiError } from './errors';

export interface NormalizedBaseUrl {
  /** "https://kadi.example.edu" — the only origin the token is ever sent to. */
  origin: string;
  /** origin + any sub-path Kadi is mounted under, no trailing slash: "https://host/kadi". */
  webRoot: string;
}

function configError(message: string): KadiError {
  return new KadiError({ kind: 'config', message });
}

/** 127.0.0.0/8, localhost (and *.localhost, which resolves to loopback per RFC 6761), [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '[::1]' || h === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** An http:// address of a host that is not this machine: the token would cross a network unencrypted. */
export function isInsecureRemote(baseUrl: string): boolean {
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl.trim()) ? baseUrl.trim() : `https://${baseUrl.trim()}`);
    return u.protocol === 'http:' && !isLoopbackHost(u.hostname);
  } catch {
    return false;
  }
}

export function normalizeBaseUrl(input: string, opts: { allowInsecureHttp?: boolean } = {}): NormalizedBaseUrl {
  const typed = (input ?? '').trim();
  if (!typed) throw configError(l10n.t('Enter the address of the Kadi4Mat instance, e.g. https://kadi.example.edu.'));

  let text = typed;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    // "mailto:x" or "javascript:…" is a scheme; "localhost:5000" is a host with a port.
    const scheme = /^([a-z][a-z0-9+.-]*):(?!\d)/i.exec(text);
    if (scheme) throw configError(l10n.t('"{0}" addresses are not supported; use an https:// address.', `${scheme[1]}:`));
    text = `https://${text}`;
  }

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw configError(l10n.t('"{0}" is not a valid address. Enter something like https://kadi.example.edu.', typed));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(l10n.t('"{0}" addresses are not supported; use an https:// address.', url.protocol));
  }
  if (url.username || url.password) {
    // Never keep credentials in an address that ends up in settings and logs.
    throw configError(l10n.t('The address must not contain a user name or password. Put the access token in the token field instead.'));
  }
  if (url.search || url.hash || /[?#]/.test(typed)) {
    throw configError(l10n.t('The address must not contain a query (?…) or fragment (#…). Enter only the instance address, e.g. https://kadi.example.edu.'));
  }
  if (!url.hostname) throw configError(l10n.t('"{0}" has no host name.', typed));
  if (url.protocol === 'http:' && !opts.allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw configError(
      l10n.t('Refusing plain http:// for {0}: the access token would travel unencrypted. Use https://, or allow insecure HTTP explicitly (setting kadi4mat.allowInsecureHttp).', url.host),
    );
  }

  // Users paste API URLs too: drop trailing slashes and a trailing /api or /api/vN.
  let path = url.pathname.replace(/\/+$/, '');
  path = path.replace(/\/api(\/v\d+)?$/i, '').replace(/\/+$/, '');
  return { origin: url.origin, webRoot: url.origin + path };
}
