// Middleware: answer only under the server's own names (loopback, PUBLIC_URL) — the DNS-rebinding defence [S20] — and decide the cookie's Secure flag from them.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { StartupError } from '../startup-errors.ts';

/** One configured public address: its host name and whether browsers reach it over https. */
export interface PublicName {
  hostname: string;
  secure: boolean;
}

/**
 * Parses PUBLIC_URL: one or more http(s) addresses separated by commas. Throws (at start) with a
 * message naming the variable, so a typo never silently leaves the server unreachable.
 */
export function parsePublicUrls(value: string | readonly string[] | undefined): PublicName[] {
  const items = (typeof value === 'string' ? value.split(',') : value ?? []).map((item) => item.trim()).filter(Boolean);
  return items.map((item) => {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      throw new StartupError(`PUBLIC_URL must list http(s) addresses separated by commas (e.g. https://crm.example.pl), not ${JSON.stringify(item)}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new StartupError(`PUBLIC_URL must list http(s) addresses (e.g. https://crm.example.pl), not ${JSON.stringify(item)}`);
    }
    return { hostname: normalizeHostname(url.hostname), secure: url.protocol === 'https:' };
  });
}

/** Lower case, no trailing dot: `CRM.example.pl.` and `crm.example.pl` are one name. */
function normalizeHostname(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

/** `host[:port]` as a browser sends it, normalised by the URL parser (IPv4 forms, case, IPv6 brackets); null if malformed. */
export function parseHost(host: string): { hostname: string; host: string } | null {
  if (host === '' || /[\s/?#@\\]/.test(host)) return null;
  try {
    const url = new URL(`http://${host}`);
    const hostname = normalizeHostname(url.hostname);
    return { hostname, host: url.port ? `${hostname}:${url.port}` : hostname };
  } catch {
    return null;
  }
}

/** Loopback names: only a program on this machine (or the user's own browser on it) uses them. */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** The names a request carries: the Host header and the URL built from it (they differ only in-process). */
function namesOf(c: Context): string[] {
  const names = [new URL(c.req.url).host];
  const header = c.req.header('host');
  if (header !== undefined) names.push(header);
  return names;
}

export class ServerNames {
  readonly #public: PublicName[];

  constructor(publicUrls: string | readonly string[] | undefined) {
    this.#public = parsePublicUrls(publicUrls);
  }

  /** True for a loopback name or a PUBLIC_URL host name, on any port (a proxy may listen elsewhere). */
  accepts(hostname: string): boolean {
    return isLoopback(hostname) || this.#public.some((name) => name.hostname === hostname);
  }

  /**
   * Secure when every PUBLIC_URL entry of this name is https. Loopback without a PUBLIC_URL entry
   * is plain http (browsers store a non-Secure cookie there; a Secure one only on some). The Host
   * has already been checked, so an attacker cannot choose the answer.
   */
  secureFor(hostname: string): boolean {
    const entries = this.#public.filter((name) => name.hostname === hostname);
    return entries.length > 0 && entries.every((name) => name.secure);
  }
}

// At most this many distinct refused names are logged, so a scan cannot flood the log.
const LOGGED_REFUSALS = 100;

/**
 * Refuses 421 HOST_REFUSED a request under any other name: a page on a foreign name that rebinds
 * its DNS to this server looks same-origin to the browser, Host is the only tell. GET /api/health
 * is exempt: probes and load balancers use internal addresses, and it reads nothing private.
 */
export function allowedHosts(names: ServerNames, logger: Logger): MiddlewareHandler<AppEnv> {
  const logged = new Set<string>();
  return async function allowedHosts(c, next) {
    if (c.req.method === 'GET' && c.req.path === '/api/health') return next();
    let hostname = '';
    for (const name of namesOf(c)) {
      const parsed = parseHost(name);
      if (!parsed || !names.accepts(parsed.hostname)) {
        if (logged.size < LOGGED_REFUSALS && !logged.has(name)) {
          logged.add(name);
          logger.warn('request under a name that is not the server\'s: refused (add it to PUBLIC_URL if it is yours)', { host: name.slice(0, 200) });
        }
        throw new ApiError('HOST_REFUSED');
      }
      hostname = parsed.hostname;
    }
    c.set('secureCookie', names.secureFor(hostname));
    await next();
  };
}
