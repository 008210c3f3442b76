// A user's membership (bindings, structure, owned orders) read from the database: the input of every scope and write check [S3].
import type { AssignmentRole } from '../../schemas/entities/assignment.ts';
import type { PublicUser } from '../../schemas/entities/user.ts';
import type { Actor, Membership } from '../../schemas/rules/scope.ts';
import type { Queryable } from './database.ts';

/**
 * Reads the membership inside the caller's transaction, in one statement: the bindings (in id order),
 * the operators a supervisor manages, the orders a principal owns, the user's own manager. `lock`
 * share-locks the user's assignment rows (and nothing else): a push then waits for a close or unbind
 * in progress, and one after it sees it [P4]. Parallel arrays, not a row per binding, so the one
 * answer holds them all.
 */
export async function loadMembership(tx: Queryable, user: PublicUser, lock = false): Promise<Membership> {
  const result = await tx.query<{
    orders: string[] | null; roles: AssignmentRole[] | null; closed: boolean[] | null;
    managed: string[] | null; owned: string[] | null; manager_id: string | null;
  }>(
    `SELECT b.orders, b.roles, b.closed,
       CASE WHEN $2::text = 'supervisor' THEN ARRAY(SELECT id FROM users WHERE manager_id = $1 AND role = 'operator') END AS managed,
       CASE WHEN $2::text = 'principal' THEN ARRAY(SELECT id FROM orders WHERE principal_id = $1 AND NOT deleted) END AS owned,
       (SELECT manager_id FROM users WHERE id = $1) AS manager_id
     FROM (
       SELECT array_agg(a.order_id ORDER BY a.id) AS orders, array_agg(a.role ORDER BY a.id) AS roles,
         array_agg(a.closed ORDER BY a.id) AS closed
       FROM (SELECT id, order_id, role, closed FROM assignments WHERE user_id = $1 AND NOT deleted ORDER BY id${lock ? ' FOR SHARE' : ''}) a
     ) b`,
    [user.id, user.role],
  );
  const row = result.rows[0];
  const orders = row?.orders ?? [];
  return {
    assignments: new Map(orders.map((orderId, i) => [orderId, { role: row!.roles![i]!, closed: row!.closed![i] === true }])),
    managed: new Set(row?.managed ?? []),
    principalOf: new Set(row?.owned ?? []),
    managerId: row?.manager_id ?? '',
  };
}

export async function actorOf(tx: Queryable, user: PublicUser, lock = false): Promise<Actor> {
  return { id: user.id, role: user.role, membership: await loadMembership(tx, user, lock) };
}
