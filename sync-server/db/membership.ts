// A user's membership (bindings, structure, owned orders) read from the database: the input of every scope and write check [S3].
import type { AssignmentRole } from '../../schemas/entities/assignment.ts';
import type { PublicUser } from '../../schemas/entities/user.ts';
import type { Actor, Membership } from '../../schemas/rules/scope.ts';
import type { Queryable } from './database.ts';

/**
 * Reads the membership inside the caller's transaction. `lock` share-locks the user's assignment
 * rows: a push then waits for a close or unbind in progress, and one after it sees it [P4].
 */
export async function loadMembership(tx: Queryable, user: PublicUser, lock = false): Promise<Membership> {
  // One query after another: a PGlite transaction must not run statements concurrently.
  const assignments = await tx.query<{ order_id: string; role: AssignmentRole; closed: boolean }>(
    `SELECT order_id, role, closed FROM assignments WHERE user_id = $1 AND NOT deleted ORDER BY id${lock ? ' FOR SHARE' : ''}`,
    [user.id],
  );
  const managed = user.role === 'supervisor'
    ? await tx.query<{ id: string }>("SELECT id FROM users WHERE manager_id = $1 AND role = 'operator'", [user.id])
    : null;
  const owned = user.role === 'principal'
    ? await tx.query<{ id: string }>('SELECT id FROM orders WHERE principal_id = $1 AND NOT deleted', [user.id])
    : null;
  const self = await tx.query<{ manager_id: string }>('SELECT manager_id FROM users WHERE id = $1', [user.id]);
  return {
    assignments: new Map(assignments.rows.map((r) => [r.order_id, { role: r.role, closed: r.closed === true }])),
    managed: new Set(managed?.rows.map((r) => r.id) ?? []),
    principalOf: new Set(owned?.rows.map((r) => r.id) ?? []),
    managerId: self.rows[0]?.manager_id ?? '',
  };
}

export async function actorOf(tx: Queryable, user: PublicUser, lock = false): Promise<Actor> {
  return { id: user.id, role: user.role, membership: await loadMembership(tx, user, lock) };
}
