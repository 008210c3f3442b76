// /api/users: user administration and the structure (who manages whom) for administrators and coordinators.
import { Hono, type MiddlewareHandler } from 'hono';
import {
  checkNewAccount, checkPassword, checkUserName, isRole, normalizeLogin, type Role,
} from '../../schemas/entities/user.ts';
import type { CreateUserRequest, UpdateUserRequest } from '../../schemas/protocol/admin.ts';
import type { FieldIssue } from '../../schemas/protocol/errors.ts';
import { checkCreateUser, checkUpdateUser, managesUser, type FindUser } from '../../schemas/rules/administration.ts';
import { NO_MEMBERSHIP, type Actor } from '../../schemas/rules/scope.ts';
import { hashPassword } from '../auth/password.ts';
import { requireUser } from '../auth/require-user.ts';
import { endSessionsOf } from '../auth/sessions.ts';
import {
  countSubordinates, factsOf, findUserById, findUserByLogin, insertUser, listUsers, managedUser, setPasswordHash, updateUser,
  type UserRow,
} from '../auth/users.ts';
import type { AppEnv, Deps } from '../context.ts';
import { unbindEverywhere } from '../db/assignments.ts';
import { isUniqueViolation, type Queryable } from '../db/database.ts';
import { actorOf } from '../db/membership.ts';
import { scopeBucket } from '../db/notifier.ts';
import { writeAudit, type AuditEntry } from '../db/store.ts';
import { readJsonObject } from '../middleware/read-json.ts';
import { notFound, refuseIssues } from './admin-errors.ts';
import { isId } from '../../schemas/entities/ids.ts';

const ADMINISTRATORS: readonly Role[] = ['admin', 'coordinator'];

/** Every user, indexed: the structure rules look managers up in it. */
async function directory(tx: Queryable): Promise<{ users: UserRow[]; find: FindUser }> {
  const users = await listUsers(tx);
  const byId = new Map(users.map((u) => [u.id, factsOf(u)]));
  return { users, find: (id) => byId.get(id) };
}

function requireAdministrator(actor: Actor): void {
  if (!ADMINISTRATORS.includes(actor.role)) refuseIssues([{ field: '', code: 'permission.user' }]);
}

/** The fields of an update body, each checked for type; unknown fields are refused, not ignored. */
function parseUpdate(body: Record<string, unknown>): { change: UpdateUserRequest; issues: FieldIssue[] } {
  const change: UpdateUserRequest = {};
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(body)) {
    if (!['name', 'role', 'managerId', 'active'].includes(key)) issues.push({ field: key, code: 'document.invalid' });
  }
  if (body.name !== undefined) {
    issues.push(...checkUserName(body.name));
    if (typeof body.name === 'string') change.name = body.name.trim();
  }
  if (body.role !== undefined) {
    if (isRole(body.role)) change.role = body.role;
    else issues.push({ field: 'role', code: 'role.required' });
  }
  if (body.managerId !== undefined) {
    if (typeof body.managerId === 'string' && body.managerId.length <= 64) change.managerId = body.managerId;
    else issues.push({ field: 'managerId', code: 'value.type' });
  }
  if (body.active !== undefined) {
    if (typeof body.active === 'boolean') change.active = body.active;
    else issues.push({ field: 'active', code: 'value.type' });
  }
  return { change, issues };
}

export function userRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser(deps));
  // A user id of another shape names nobody: 404 before any SQL sees it (U+0000 would fail there) [S10].
  const wellFormed: MiddlewareHandler<AppEnv> = async function wellFormedUserId(c, next) {
    if (!isId(c.req.param('id'))) throw notFound('user.notFound');
    await next();
  };
  app.use('/:id', wellFormed);
  app.use('/:id/*', wellFormed);

  /**
   * After commit: devices holding these users' directory entries or bindings pull, and the users'
   * own streams reload their scope [S14]. A lost event only delays a pull.
   */
  const announce = async (userIds: Iterable<string>) => {
    const ids = [...new Set([...userIds].filter(Boolean))];
    if (ids.length === 0) return;
    const buckets = ['all', ...ids.map((id) => `user:${id}`), ...ids.map(scopeBucket)];
    for (const collection of ['users', 'assignments'] as const) {
      await deps.notifier
        .publish({ kind: 'changed', collection, buckets })
        .catch((error: unknown) => deps.logger.warn('change notification failed', { error }));
    }
  };

  app.get('/', async (c) => {
    const actor = await actorOf(deps.db, c.var.user);
    requireAdministrator(actor);
    const { users, find } = await directory(deps.db);
    return c.json({ users: users.map((u) => managedUser(u, managesUser(actor, factsOf(u), find))) });
  });

  app.post('/', async (c) => {
    const body = (await readJsonObject(c)) as Partial<Record<keyof CreateUserRequest, unknown>>;
    const issues = checkNewAccount(body);
    if (!isRole(body.role)) issues.push({ field: 'role', code: 'role.required' });
    const managerId = body.managerId ?? '';
    if (typeof managerId !== 'string' || managerId.length > 64) issues.push({ field: 'managerId', code: 'value.type' });
    refuseIssues(issues);
    requireAdministrator({ ...c.var.user, membership: NO_MEMBERSHIP }); // before scrypt: no cost for a refused caller
    const role = body.role as Role;
    const login = normalizeLogin(body.login as string);
    // Hash before the transaction: no lock is held while scrypt runs.
    const passwordHash = await hashPassword(body.password as string, deps.passwordParams);
    const now = deps.now();
    const created = await deps.db.transaction(async (tx) => {
      const actor = await actorOf(tx, c.var.user);
      requireAdministrator(actor);
      const { find } = await directory(tx);
      refuseIssues(checkCreateUser(actor, { role, managerId: managerId as string }, find));
      if (await findUserByLogin(tx, login)) refuseIssues([{ field: 'login', code: 'login.taken' }]);
      try {
        const user = await insertUser(tx, { login, name: (body.name as string).trim(), role, passwordHash, managerId: managerId as string }, now);
        const entries: AuditEntry[] = [
          { path: 'login', old: null, new: login }, { path: 'name', old: null, new: user.name },
          { path: 'role', old: null, new: role }, { path: 'managerId', old: null, new: managerId },
        ];
        await writeAudit(tx, { collection: 'users', docId: user.id, userId: actor.id, deviceId: '', at: now }, entries);
        return (await findUserById(tx, user.id))!;
      } catch (error) {
        // Two administrators creating the same login at once: the unique index decides.
        if (isUniqueViolation(error)) refuseIssues([{ field: 'login', code: 'login.taken' }]);
        throw error;
      }
    });
    deps.logger.info('user created', { userId: created.id, by: c.var.user.id, role });
    await announce([created.managerId]);
    return c.json({ user: managedUser(created, true) }, 201);
  });

  app.post('/:id', async (c) => {
    const { change, issues } = parseUpdate(await readJsonObject(c));
    refuseIssues(issues);
    const id = c.req.param('id');
    const now = deps.now();
    const { user, touched } = await deps.db.transaction(async (tx) => {
      const actor = await actorOf(tx, c.var.user);
      requireAdministrator(actor);
      const target = await findUserById(tx, id, true);
      if (!target) throw notFound('user.notFound');
      const { find } = await directory(tx);
      refuseIssues(checkUpdateUser(actor, factsOf(target), change, find, await countSubordinates(tx, id)));
      const roleChanged = change.role !== undefined && change.role !== target.role;
      // A new role starts without a manager unless one is given; bindings were made in the old role.
      const managerId = change.managerId ?? (roleChanged ? '' : undefined);
      await updateUser(tx, id, { ...change, ...(managerId !== undefined ? { managerId } : {}) }, now);
      if (roleChanged) await unbindEverywhere(tx, id, now);
      if (change.active === false && target.active) await endSessionsOf(tx, id, 'deactivated');
      const updated = (await findUserById(tx, id))!;
      const entries: AuditEntry[] = (['name', 'role', 'managerId', 'active'] as const)
        .filter((key) => updated[key] !== target[key])
        .map((key) => ({ path: key, old: target[key], new: updated[key] }));
      await writeAudit(tx, { collection: 'users', docId: id, userId: actor.id, deviceId: '', at: now }, entries); // [S9]
      return { user: updated, touched: [id, target.managerId, updated.managerId] };
    });
    deps.logger.info('user changed', { userId: id, by: c.var.user.id, fields: Object.keys(change) });
    await announce(touched);
    return c.json({ user: managedUser(user, true) });
  });

  app.post('/:id/password', async (c) => {
    const body = await readJsonObject(c);
    refuseIssues(checkPassword(body.password));
    requireAdministrator({ ...c.var.user, membership: NO_MEMBERSHIP });
    const id = c.req.param('id');
    const passwordHash = await hashPassword(body.password as string, deps.passwordParams);
    await deps.db.transaction(async (tx) => {
      const actor = await actorOf(tx, c.var.user);
      requireAdministrator(actor);
      const target = await findUserById(tx, id, true);
      if (!target) throw notFound('user.notFound');
      const { find } = await directory(tx);
      if (!managesUser(actor, factsOf(target), find)) refuseIssues([{ field: '', code: 'permission.user' }]);
      await setPasswordHash(tx, id, passwordHash);
      // The change is audited, never the password or its hash.
      await writeAudit(tx, { collection: 'users', docId: id, userId: actor.id, deviceId: '', at: deps.now() }, [{ path: 'password', old: null, new: null }]);
      // Every device signed in with the old password is signed out at its next request.
      await endSessionsOf(tx, id, 'password-reset', c.var.sessionToken);
      // The new password works at once, even while the old one was being guessed [S21].
      await deps.loginLimiter.unlock(tx, target.login);
    });
    deps.logger.info('password reset', { userId: id, by: c.var.user.id });
    await announce([id]);
    return c.json({ ok: true });
  });

  // Lifts the sign-in waits of a user whose account is being guessed at [S21].
  app.post('/:id/unlock', async (c) => {
    const id = c.req.param('id');
    await deps.db.transaction(async (tx) => {
      const actor = await actorOf(tx, c.var.user);
      requireAdministrator(actor);
      const target = await findUserById(tx, id);
      if (!target) throw notFound('user.notFound');
      const { find } = await directory(tx);
      if (!managesUser(actor, factsOf(target), find)) refuseIssues([{ field: '', code: 'permission.user' }]);
      await deps.loginLimiter.unlock(tx, target.login);
      await writeAudit(tx, { collection: 'users', docId: id, userId: actor.id, deviceId: '', at: deps.now() }, [{ path: 'loginLimits', old: null, new: null }]);
    });
    deps.logger.info('login limits lifted', { userId: id, by: c.var.user.id });
    return c.json({ ok: true });
  });

  return app;
}

