// POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me: session cookies for the app and its event stream.
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { LOGIN_PATTERN, PASSWORD_MAX_LENGTH, normalizeLogin } from '../../schemas/entities/user.ts';
import type { FieldIssue } from '../../schemas/protocol/errors.ts';
import { clientAddress, limitAddress } from '../auth/client-address.ts';
import { hashPassword, needsRehash, verifyPassword } from '../auth/password.ts';
import { requireUser } from '../auth/require-user.ts';
import { SESSION_COOKIE, clearSessionCookie, createSession, deleteSession, isTokenShaped, setSessionCookie } from '../auth/sessions.ts';
import { findUserByLogin, publicUser, setPasswordHash } from '../auth/users.ts';
import type { AppEnv, Deps } from '../context.ts';
import { ApiError } from '../errors.ts';
import { readJsonObject } from '../middleware/read-json.ts';

const WRONG_CREDENTIALS = { pl: 'Nieprawidłowy login lub hasło', en: 'The login or password is wrong' };
const INACTIVE = { pl: 'Konto jest wyłączone – skontaktuj się z administratorem', en: 'The account is disabled – contact the administrator' };

/** 429 with Retry-After in whole seconds and the wait in the message. */
function rateLimited(waitMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const minutes = Math.ceil(seconds / 60);
  const message =
    seconds < 60
      ? { pl: `Za dużo nieudanych prób – spróbuj ponownie za ${seconds} s`, en: `Too many failed attempts – try again in ${seconds} s` }
      : { pl: `Za dużo nieudanych prób – spróbuj ponownie za ${minutes} min`, en: `Too many failed attempts – try again in ${minutes} min` };
  return new ApiError('RATE_LIMITED', { message, headers: { 'Retry-After': String(seconds) } });
}

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
    // A login that cannot exist is counted under '' (it never signs in, and cannot fill the table).
    const possible = LOGIN_PATTERN.test(login);
    const limited = await deps.loginLimiter.begin(deps.db, possible ? login : '', limitAddress(clientAddress(c, deps.trustProxy)));
    if (!limited.attempt) throw rateLimited(limited.waitMs);

    // A login that cannot exist never reaches the database.
    const user = possible ? await findUserByLogin(deps.db, login) : null;
    // Always one full verification — a missing login, an over-long password or a wrong one cost the
    // guesser the same and take the same time; an over-long password is checked against the decoy.
    const fits = password.length <= PASSWORD_MAX_LENGTH;
    const stored = fits && user ? user.passwordHash : await decoyHash();
    const valid = await verifyPassword(password.slice(0, PASSWORD_MAX_LENGTH), stored);
    // The attempt was counted as a failure before the check [S21]; only a right password gives it back.
    if (!user || !fits || !valid) throw new ApiError('UNAUTHENTICATED', { message: WRONG_CREDENTIALS });
    await deps.loginLimiter.succeeded(deps.db, limited.attempt);
    if (!user.active) throw new ApiError('UNAUTHENTICATED', { message: INACTIVE });
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
