// GET/POST /api/setup: the one-time form that creates the administrator on a fresh database, then signs them in.
import { Hono } from 'hono';
import { checkNewAccount, normalizeLogin } from '../../schemas/entities/user.ts';
import { hashPassword } from '../auth/password.ts';
import { createSession, setSessionCookie } from '../auth/sessions.ts';
import { countUsers, insertUser } from '../auth/users.ts';
import type { AppEnv, Deps } from '../context.ts';
import { ApiError } from '../errors.ts';
import { readJsonObject } from '../middleware/read-json.ts';

export function setupRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => c.json({ needed: (await countUsers(deps.db)) === 0 }));

  app.post('/', async (c) => {
    const body = await readJsonObject(c);
    const issues = checkNewAccount(body);
    if (issues.length) throw new ApiError('VALIDATION', { issues });
    // Cheap early answer; the authoritative check is inside the transaction below.
    if ((await countUsers(deps.db)) > 0) throw new ApiError('SETUP_DONE');
    // Hash before the transaction: the table lock is held for milliseconds, not for scrypt.
    const passwordHash = await hashPassword(body.password as string, deps.passwordParams);
    const now = deps.now();
    const { user, token } = await deps.db.transaction(async (tx) => {
      // Two first-run forms submitted at once: the lock makes the second see the first's admin.
      await tx.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
      if ((await countUsers(tx)) > 0) throw new ApiError('SETUP_DONE');
      const created = await insertUser(
        tx,
        { login: normalizeLogin(body.login as string), name: (body.name as string).trim(), role: 'admin', passwordHash },
        now,
      );
      return { user: created, token: await createSession(tx, created.id, now) };
    });
    deps.logger.info('administrator created', { userId: user.id });
    setSessionCookie(c, token);
    return c.json({ user }, 201);
  });

  return app;
}
