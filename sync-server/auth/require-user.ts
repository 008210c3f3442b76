// Middleware: the request must carry a valid session cookie of an active user; sets c.var.user.
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv, Deps } from '../context.ts';
import { ApiError } from '../errors.ts';
import { SESSION_COOKIE, findSession, isTokenShaped, setSessionCookie } from './sessions.ts';

export function requireUser(deps: Deps): MiddlewareHandler<AppEnv> {
  return async function requireUser(c, next) {
    const token = getCookie(c, SESSION_COOKIE);
    const session = isTokenShaped(token) ? await findSession(deps.db, token, deps.now()) : null;
    // Expired, logged out, deactivated or never signed in: one answer; the app signs in again.
    if (!session) throw new ApiError('UNAUTHENTICATED');
    if (session.renewed) setSessionCookie(c, token!);
    c.set('user', session.user);
    c.set('sessionToken', token!);
    await next();
  };
}
