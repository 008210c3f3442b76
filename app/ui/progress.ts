// The progress view's scope: which orders and which operator bindings each role sees on /postep.
// Everything is counted from the device's own records: pull gives each role exactly the records its
// progress counts (schemas/rules/scope.ts bucketsFor — coordinators and administrators everything,
// principals all of their orders, supervisors their own and their operators'), so no server aggregate
// is needed and the figures follow replication live, offline too.
import type { Actor } from '../../schemas/rules/scope.ts';

interface OrderLike {
  id: string;
  principalId: string;
}

interface BindingLike {
  orderId: string;
  userId: string;
  role: string;
}

/** The orders whose progress the actor follows. */
export function progressOrders<T extends OrderLike>(actor: Actor, orders: readonly T[]): T[] {
  switch (actor.role) {
    case 'admin':
    case 'coordinator':
      return [...orders];
    case 'principal':
      return orders.filter((o) => o.principalId === actor.id);
    case 'supervisor':
      return orders.filter((o) => actor.membership.assignments.get(o.id)?.role === 'supervisor');
    default:
      return [];
  }
}

/**
 * The operator bindings shown per operator and order. A supervisor sees their own operators only
 * (the device holds no other operator's records, so others would read as zero), in any order the
 * device knows; the others see every operator of the orders they follow.
 */
export function progressOperators<T extends BindingLike>(actor: Actor, bindings: readonly T[], followed: ReadonlySet<string>, known: ReadonlySet<string>): T[] {
  const operators = bindings.filter((b) => b.role === 'operator');
  if (actor.role === 'supervisor') return operators.filter((b) => actor.membership.managed.has(b.userId) && known.has(b.orderId));
  return operators.filter((b) => followed.has(b.orderId));
}
