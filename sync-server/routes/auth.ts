// POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me: session cookies for the app and its event stream.
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { LOGIN_PATTERN, PASSWORD_MAX_LENGTH, normalizeLogin } from '../../schemas/entities/user.ts';
import type { FieldIssue } from '../../schemas/protocol/errors.ts';
import { clientAddress } from '../auth/client-address.ts';
import { hashPassword, needsRehash, verifyPassword } from '../auth/password.ts';
import { requireUser } from '../auth/require-user.ts';
import { SESSION_COOKIE, clearSessionCookie, createSession, deleteSession, isTokenShaped, setSessionCookie } from '../auth/sessions.ts';
import { findUserByLogin, publicUser, setPasswordHash } from '../auth/users.ts';
import type { AppEnv, Deps } from '../context.ts';
import { ApiError } from '../errors.ts';
import { readJsonObject } from '../middleware/read-json.ts';

const WRONG_CREDENTIALS = { pl: 'Nieprawidłowy login lub hasło', en: 'The login or password is wrong' };
const INACTIVE = { pl: 'Konto jest wyłączone – skontaktuj się z administratorem', en: 'The account is disabled – contact the administrator' };

export function authRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Verifying against a real hash when the login does not exist takes as long as a wrong password:
  // response time does not tell which logins exist.
  let decoy: Promise<string> | undefined;
  const decoyHash = () => (decoy ??= hashPassword('decoy password, never valid', deps.passwordParams));

  app.post('/login', async (c) => {
    const body = await readJsonObject(c);
    const issues: FieldIssue[] = [];
    if (typeof body.login !== 'string' || body.login.trim() === '') issues.push({ field: 'login', code: 'login.required' });
    if (typeof body.password !== 'string' || body.password === '') issues.push({ field: 'password', code: 'password.required' });
    if (issues.length) throw new ApiError('VALIDATION', { issues });
    const login = normalizeLogin(body.login as string);
    const password = body.password as string;
    const address = clientAddress(c, deps.trustProxy);

    const wait = Math.max(deps.failuresPerLogin.blockedFor(login), deps.failuresPerAddress.blockedFor(address));
    if (wait > 0) throw new ApiError('RATE_LIMITED', { headers: { 'Retry-After': String(Math.ceil(wait / 1000)) } });

    // A login that cannot exist never reaches the database.
    const user = LOGIN_PATTERN.test(login) ? await findUserByLogin(deps.db, login) : null;
    const valid = password.length <= PASSWORD_MAX_LENGTH && (await verifyPassword(password, user?.passwordHash ?? (await decoyHash())));
    if (!user || !valid) {
      deps.failuresPerLogin.fail(login);
      deps.failuresPerAddress.fail(address);
      throw new ApiError('UNAUTHENTICATED', { message: WRONG_CREDENTIALS });
    }
    if (!user.active) throw new ApiError('UNAUTHENTICATED', { message: INACTIVE });
    deps.failuresPerLogin.clear(login);
    if (needsRehash(user.passwordHash, deps.passwordParams)) {
      await setPasswordHash(deps.db, user.id, await hashPassword(password, deps.passwordParams));
    }
    setSessionCookie(c, await createSession(deps.db, user.id, deps.now()));
    deps.logger.info('signed in', { userId: user.id });
    return c.json({ user: publicUser(user) });
  });

  // Logging out works with an expired or unknown session too: the cookie is cleared either way.
  app.post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (isTokenShaped(token)) await deleteSession(deps.db, token);
    clearSessionCookie(c);
    return c.json({ ok: true });
  });

  app.get('/me', requireUser(deps), (c) => c.json({ user: publicUser(c.var.user) }));

  return app;
}
