// /api/orders/:orderId/...: binding users to an order (dowiązywanie), closing it for an operator, closing it definitively [P4].
import { Hono, type Context } from 'hono';
import type { Assignment } from '../../schemas/entities/assignment.ts';
import {
  assignmentRoleOf, checkBind, checkBinding, checkCloseForUser, checkCloseOrder, seesForBinding,
} from '../../schemas/rules/administration.ts';
import { canRead } from '../../schemas/rules/scope.ts';
import { isId } from '../../schemas/entities/ids.ts';
import type { SyncCollection } from '../../schemas/protocol/sync.ts';
import { requireUser } from '../auth/require-user.ts';
import { factsOf, findUserById } from '../auth/users.ts';
import type { AppEnv, Deps } from '../context.ts';
import { bind, closeOrder, findAssignment, lockOrder, setClosed, unbind } from '../db/assignments.ts';
import { writeAudit } from '../db/store.ts';
import type { Queryable } from '../db/database.ts';
import { actorOf } from '../db/membership.ts';
import { scopeBucket } from '../db/notifier.ts';
import { readJsonObject } from '../middleware/read-json.ts';
import { notFound, refuseIssues } from './admin-errors.ts';

type Changes = Partial<Record<SyncCollection, string[]>>;

export function orderRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser(deps));

  /** After commit: the streams of devices holding these buckets (and `all`), or whose scope changed [S14], pull. */
  const announce = async (changes: Changes) => {
    for (const [collection, buckets] of Object.entries(changes) as [SyncCollection, string[]][]) {
      await deps.notifier
        .publish({ kind: 'changed', collection, buckets: [...new Set(['all', ...buckets])] })
        .catch((error: unknown) => deps.logger.warn('change notification failed', { error }));
    }
  };

  /**
   * The locked order, the caller as an actor and the target user, inside one transaction. Locks follow
   * the one order [S30]: the order row, then its assignments. [S31] An order the caller cannot read is
   * answered exactly like a missing one, and so is a user the caller could not bind: the answer never
   * tells a foreign id from a free one.
   */
  async function load(tx: Queryable, c: Context<AppEnv>, userId?: string) {
    // An id of another shape names nothing: answered as missing before any SQL sees it [S10, S31].
    const orderId = c.req.param('orderId');
    const order = isId(orderId) ? await lockOrder(tx, orderId) : null;
    const actor = await actorOf(tx, c.var.user);
    if (!order || !canRead(actor, 'orders', order.doc as unknown as Record<string, unknown>)) throw notFound('order.notFound');
    const found = userId === undefined || !isId(userId) ? null : await findUserById(tx, userId);
    const target = found && seesForBinding(actor, order, factsOf(found)) ? found : null;
    if (userId !== undefined && !target) throw notFound('user.notFound');
    return { order, actor, target: target ? factsOf(target) : null, targetName: target?.name ?? '' };
  }

  /** Every binding change is in the audit history too, under the assignment's id [S9]. */
  const audit = (tx: Queryable, c: Context<AppEnv>, id: string, path: string, old: unknown, next: unknown) =>
    writeAudit(tx, { collection: 'assignments', docId: id, userId: c.var.user.id, deviceId: '', at: deps.now() }, [{ path, old, new: next }]);

  const bucketsOf = (a: Assignment) => [`order:${a.orderId}`, `user:${a.userId}`, scopeBucket(a.userId)];

  app.post('/:orderId/team', async (c) => {
    const body = await readJsonObject(c);
    if (typeof body.userId !== 'string' || body.userId.length > 64) refuseIssues([{ field: 'userId', code: 'value.type' }]);
    const { assignment, changed } = await deps.db.transaction(async (tx) => {
      const { order, actor, target, targetName } = await load(tx, c, body.userId as string);
      refuseIssues(checkBind(actor, order, target!));
      const bound = await bind(tx, { orderId: order.id, user: { id: target!.id, name: targetName }, role: assignmentRoleOf(target!.role)!, by: actor.id, now: deps.now() });
      // [S32] Binding someone already bound changes nothing: no second row, no audit entry, the same answer.
      if (bound.changed) await audit(tx, c, bound.doc.id, '_deleted', true, false);
      return { assignment: bound.doc, changed: bound.changed };
    });
    if (changed) {
      deps.logger.info('user bound', { orderId: assignment.orderId, userId: assignment.userId, by: c.var.user.id });
      await announce({ assignments: bucketsOf(assignment) });
    }
    return c.json({ assignment }, 201);
  });

  app.post('/:orderId/team/:userId/unbind', async (c) => {
    const userId = c.req.param('userId');
    const { orderId, changed } = await deps.db.transaction(async (tx) => {
      const { order, actor, target } = await load(tx, c, userId);
      refuseIssues(checkBinding(actor, order, target!));
      // [S32] Unbinding someone not (or no longer) bound changes nothing and answers the same.
      const unbound = await unbind(tx, order.id, userId, deps.now());
      if (unbound) await audit(tx, c, `${order.id}:${userId}`, '_deleted', false, true);
      return { orderId: order.id, changed: unbound };
    });
    if (changed) {
      deps.logger.info('user unbound', { orderId, userId, by: c.var.user.id });
      await announce({ assignments: [`order:${orderId}`, `user:${userId}`, scopeBucket(userId)] });
    }
    return c.json({ ok: true });
  });

  app.post('/:orderId/team/:userId/close', async (c) => {
    const body = await readJsonObject(c);
    if (typeof body.closed !== 'boolean') refuseIssues([{ field: 'closed', code: 'value.type' }]);
    const userId = c.req.param('userId');
    const { assignment, changed } = await deps.db.transaction(async (tx) => {
      const { order, actor, target } = await load(tx, c, userId);
      const stored = await findAssignment(tx, order.id, userId);
      if (!stored || stored.deleted) throw notFound('binding.notFound');
      refuseIssues(checkCloseForUser(actor, order, target!, stored.doc.role));
      const next = await setClosed(tx, stored.doc, body.closed as boolean, actor.id, deps.now());
      // [S32] Closing what is closed (or reopening what is open) changes nothing.
      const differs = next.closed !== stored.doc.closed;
      if (differs) await audit(tx, c, next.id, 'closed', stored.doc.closed, next.closed);
      return { assignment: next, changed: differs };
    });
    if (changed) {
      deps.logger.info(assignment.closed ? 'order closed for user' : 'order reopened for user', {
        orderId: assignment.orderId, userId, by: c.var.user.id,
      });
      await announce({ assignments: bucketsOf(assignment) });
    }
    return c.json({ assignment });
  });

  app.post('/:orderId/close', async (c) => {
    const body = await readJsonObject(c);
    if (body.confirm !== true) refuseIssues([{ field: 'confirm', code: 'confirm.required' }]);
    const now = deps.now();
    const { orderId, users } = await deps.db.transaction(async (tx) => {
      const { order, actor } = await load(tx, c);
      // [S32] Closing a closed order again answers the same and writes nothing, for whoever may close it.
      if (order.status === 'closed' && checkCloseOrder(actor, { ...order, status: 'open' }).length === 0) {
        return { orderId: order.id, users: null };
      }
      refuseIssues(checkCloseOrder(actor, order));
      const who = { collection: 'orders' as const, docId: order.id, userId: actor.id, deviceId: '', at: now };
      return { orderId: order.id, users: await closeOrder(tx, order.doc, who) };
    });
    if (users === null) return c.json({ ok: true });
    deps.logger.info('order closed definitively', { orderId, by: c.var.user.id, bindings: users.length });
    await announce({
      orders: [`order:${orderId}`],
      assignments: [`order:${orderId}`, ...users.map((id) => `user:${id}`)],
    });
    return c.json({ ok: true });
  });

  return app;
}
