// Middleware: the request must carry a valid session cookie of an active user; sets c.var.user.
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv, Deps } from '../context.ts';
import { ApiError } from '../errors.ts';
import { SESSION_END_MESSAGES } from '../../schemas/entities/user.ts';
import { SESSION_COOKIE, findSession, isTokenShaped, setSessionCookie } from './sessions.ts';

export function requireUser(deps: Deps): MiddlewareHandler<AppEnv> {
  return async function requireUser(c, next) {
    const token = getCookie(c, SESSION_COOKIE);
    const session = isTokenShaped(token) ? await findSession(deps.db, token, deps.now()) : null;
    // 401 with the reason, so the app can tell the user why they must sign in again.
    if (!session) throw new ApiError('UNAUTHENTICATED', { reason: 'ended' });
    if (!session.ok) throw new ApiError('UNAUTHENTICATED', { reason: session.reason, message: SESSION_END_MESSAGES[session.reason] });
    if (session.renewed) setSessionCookie(c, token!);
    c.set('user', session.user);
    c.set('sessionToken', token!);
    await next();
  };
}
