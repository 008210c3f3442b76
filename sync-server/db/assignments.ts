// Assignment rows (users bound to orders) and the definitive close of an order, each written at a new change position [S1, P4].
import { assignmentId, type Assignment, type AssignmentRole } from '../../schemas/entities/assignment.ts';
import type { Order } from '../../schemas/entities/order.ts';
import type { OrderFacts } from '../../schemas/rules/administration.ts';
import type { Queryable } from './database.ts';
import { lockDoc, updateDoc, writeAudit, type Who } from './store.ts';

export interface StoredAssignment {
  doc: Assignment;
  deleted: boolean;
}

export async function findAssignment(tx: Queryable, orderId: string, userId: string): Promise<StoredAssignment | null> {
  const result = await tx.query<StoredAssignment>(
    'SELECT doc, deleted FROM assignments WHERE id = $1 FOR UPDATE',
    [assignmentId(orderId, userId)],
  );
  return result.rows[0] ?? null;
}

async function writeAssignment(tx: Queryable, doc: Assignment, deleted: boolean): Promise<void> {
  await tx.query(
    `INSERT INTO assignments (id, order_id, user_id, role, closed, doc, deleted, xid, seq)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, pg_current_xact_id(), nextval('change_seq'))
     ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, closed = EXCLUDED.closed, doc = EXCLUDED.doc,
       deleted = EXCLUDED.deleted, xid = EXCLUDED.xid, seq = EXCLUDED.seq`,
    [doc.id, doc.orderId, doc.userId, doc.role, doc.closed, JSON.stringify(doc), deleted],
  );
}

/** Binds (or binds again) a user; binding someone already bound changes nothing (`changed` false) [S32]. */
export async function bind(
  tx: Queryable,
  input: { orderId: string; user: { id: string; name: string }; role: AssignmentRole; by: string; now: number },
): Promise<{ doc: Assignment; changed: boolean }> {
  const existing = await findAssignment(tx, input.orderId, input.user.id);
  if (existing && !existing.deleted && existing.doc.role === input.role) return { doc: existing.doc, changed: false };
  const doc: Assignment = {
    id: assignmentId(input.orderId, input.user.id),
    orderId: input.orderId,
    userId: input.user.id,
    userName: input.user.name,
    role: input.role,
    closed: false,
    closedAt: 0,
    closedBy: '',
    boundBy: input.by,
    updatedAt: input.now,
  };
  await writeAssignment(tx, doc, false);
  return { doc, changed: true };
}

/** Marks the binding deleted, so devices holding it receive the removal; false when there was none. */
export async function unbind(tx: Queryable, orderId: string, userId: string, now: number): Promise<boolean> {
  const existing = await findAssignment(tx, orderId, userId);
  if (!existing || existing.deleted) return false;
  await writeAssignment(tx, { ...existing.doc, updatedAt: now }, true);
  return true;
}

/** Unbinds a user from every order (their role changed: bindings are made in a role). Returns the order ids. */
export async function unbindEverywhere(tx: Queryable, userId: string, now: number): Promise<void> {
  // Row locks in id order, as every transaction takes them [S30].
  await tx.query('SELECT id FROM assignments WHERE user_id = $1 AND NOT deleted ORDER BY id FOR UPDATE', [userId]);
  await tx.query(
    `UPDATE assignments SET deleted = true, doc = jsonb_set(doc, '{updatedAt}', to_jsonb($2::bigint)),
       xid = pg_current_xact_id(), seq = nextval('change_seq')
     WHERE user_id = $1 AND NOT deleted`,
    [userId, now],
  );
}

export async function setClosed(tx: Queryable, stored: Assignment, closed: boolean, by: string, now: number): Promise<Assignment> {
  if (stored.closed === closed) return stored;
  const doc: Assignment = { ...stored, closed, closedAt: closed ? now : 0, closedBy: closed ? by : '', updatedAt: now };
  await writeAssignment(tx, doc, false);
  return doc;
}

/** The order row locked for update: bindings and closes of one order are decided one at a time. */
export async function lockOrder(tx: Queryable, orderId: string): Promise<(OrderFacts & { doc: Order }) | null> {
  const stored = await lockDoc(tx, 'orders', orderId);
  if (!stored || stored.deleted) return null;
  const doc = stored.doc as unknown as Order;
  return { id: doc.id, principalId: doc.principalId, status: doc.status, doc };
}

/**
 * The definitive close [P4]: the order's status becomes 'closed' (audited like any change) and every
 * binding is closed too (the cascade). Pushes into the order wait on the row lock and then see it.
 */
export async function closeOrder(tx: Queryable, order: Order, who: Who): Promise<string[]> {
  const now = who.at;
  const times = { ...order.fieldTimes, status: Math.max(now, (order.fieldTimes.status ?? 0) + 1) };
  const closed: Order = { ...order, status: 'closed', updatedAt: now, fieldTimes: times };
  await updateDoc(tx, 'orders', closed as unknown as Record<string, unknown>, false);
  await writeAudit(tx, who, [{ path: 'status', old: order.status, new: 'closed' }]);
  // The order first (locked by the caller), then its bindings in id order, as every transaction [S30].
  await tx.query('SELECT id FROM assignments WHERE order_id = $1 AND NOT deleted AND NOT closed ORDER BY id FOR UPDATE', [order.id]);
  const result = await tx.query<{ user_id: string }>(
    `UPDATE assignments SET closed = true,
       doc = doc || jsonb_build_object('closed', true, 'closedAt', $2::bigint, 'closedBy', $3::text, 'updatedAt', $2::bigint),
       xid = pg_current_xact_id(), seq = nextval('change_seq')
     WHERE order_id = $1 AND NOT deleted AND NOT closed
     RETURNING user_id`,
    [order.id, now, who.userId],
  );
  return result.rows.map((r) => r.user_id);
}
