// Middleware: a state-changing request must be JSON (415) and come from this origin (403), the CSRF defence.
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import { parseHost } from './allowed-hosts.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site forms can only send form-like content types, and a cross-site fetch with JSON needs
 * a CORS preflight this server never grants: requiring application/json closes both. The origin
 * check is the second wall: Sec-Fetch-Site when the browser sends it, else Origin against Host.
 * Requests with neither come from non-browser clients (curl, the demo loader), which cannot be
 * abused by a foreign site.
 */
export function sameOriginJson(): MiddlewareHandler {
  return async function sameOriginJson(c, next) {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    if (site !== undefined) {
      if (site !== 'same-origin') throw new ApiError('ORIGIN_REFUSED');
    } else if (origin !== undefined) {
      // Host only, not scheme: behind a TLS proxy the server sees http while the browser says https.
      // Both normalised alike (case, trailing dot, default port); allowedHosts already checked that
      // Host is one of the server's names, so an accepted Origin is one of them too [S20].
      let originHost: string | undefined;
      try {
        originHost = parseHost(new URL(origin).host)?.host;
      } catch {
        throw new ApiError('ORIGIN_REFUSED'); // includes the opaque origin 'null'
      }
      const host = parseHost(c.req.header('host') ?? new URL(c.req.url).host)?.host;
      if (originHost === undefined || originHost !== host) throw new ApiError('ORIGIN_REFUSED');
    }
    const type = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') throw new ApiError('UNSUPPORTED_MEDIA_TYPE');
    await next();
  };
}
