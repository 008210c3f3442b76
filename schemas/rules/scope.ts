// What a user may read: their membership (bindings, structure, owned orders) turned into buckets [S3, S4].
import type { AssignmentRole } from '../entities/assignment.ts';
import type { Role } from '../entities/user.ts';
import type { SyncCollection } from '../protocol/sync.ts';

/**
 * The relations that decide a user's scope, loaded by the server at every pull, push and stream
 * check, and mirrored on the device from its replicated assignments and directory.
 */
export interface Membership {
  /** The user's own bindings: order id → role in it and whether it is closed for them. */
  assignments: ReadonlyMap<string, { role: AssignmentRole; closed: boolean }>;
  /** Supervisors: the operators whose supervisor they are. Empty for other roles. */
  managed: ReadonlySet<string>;
  /** Principals: the orders whose principal they are. Empty for other roles. */
  principalOf: ReadonlySet<string>;
  /** The user's own supervisor or coordinator, '' when none. */
  managerId: string;
}

/** The signed-in user as the rules see them. */
export interface Actor {
  id: string;
  role: Role;
  membership: Membership;
}

export const NO_MEMBERSHIP: Membership = { assignments: new Map(), managed: new Set(), principalOf: new Set(), managerId: '' };

type Fields = { [key: string]: unknown };
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Administrators and coordinators see everything (DESIGN.md, roles table). */
export const seesEverything = (role: Role) => role === 'admin' || role === 'coordinator';

function boundOrders(m: Membership, roles?: readonly AssignmentRole[]): string[] {
  return [...m.assignments].filter(([, a]) => !roles || roles.includes(a.role)).map(([orderId]) => orderId);
}

const unique = (keys: string[]) => [...new Set(keys)];
const orderBuckets = (ids: Iterable<string>) => [...ids].map((id) => `order:${id}`);
const userBuckets = (ids: Iterable<string>) => [...ids].filter((id) => id !== '').map((id) => `user:${id}`);

/**
 * The buckets a user's scope holds, recomputed at every pull [S3]. Every bucket is keyed by a value
 * that never changes on its rows (an order id, an owner, a user id), so a row cannot slip out of a
 * bucket unseen: scope changes come from changes of the bucket set, answered by removals [S4].
 */
export function bucketsFor(user: Actor, collection: SyncCollection): string[] {
  if (seesEverything(user.role)) return ['all'];
  const m = user.membership;
  switch (collection) {
    case 'orders':
      return unique(orderBuckets([...m.principalOf, ...boundOrders(m)]));
    case 'clients':
    case 'comments': // [C3] a record's thread lives in the record's own buckets
      if (user.role === 'principal') return orderBuckets(m.principalOf);
      if (user.role === 'verifier') return orderBuckets(boundOrders(m, ['verifier']));
      if (user.role === 'supervisor') return [`own:${user.id}`, ...[...m.managed].map((id) => `own:${id}`)];
      if (user.role === 'operator') return boundOrders(m, ['operator']).map((orderId) => `op:${orderId}:${user.id}`);
      return [];
    case 'assignments':
      if (user.role === 'principal') return orderBuckets(m.principalOf);
      if (user.role === 'supervisor') {
        return unique([...userBuckets([user.id, ...m.managed]), ...orderBuckets(boundOrders(m, ['supervisor']))]);
      }
      // A verifier judges the records of everyone bound to the orders they verify: the bindings carry
      // those people's names (the queue's operator filter, "who wrote this comment").
      if (user.role === 'verifier') return unique([...userBuckets([user.id]), ...orderBuckets(boundOrders(m, ['verifier']))]);
      return userBuckets([user.id]);
    case 'users':
      return unique(userBuckets([user.id, m.managerId, ...(user.role === 'supervisor' ? m.managed : [])]));
    case 'attributes':
      // Definitions are labels and rules, not collected data: every device needs them to show and
      // check the fields of the orders it holds (an order may use anyone's attribute).
      return ['all'];
  }
}

/** Every bucket a document belongs to; the stream matches a change against a user's buckets with it. */
export function bucketsHolding(collection: SyncCollection, doc: Fields): string[] {
  switch (collection) {
    case 'orders':
      return ['all', `order:${str(doc.id)}`];
    case 'clients':
    case 'comments':
      return ['all', `order:${str(doc.orderId)}`, `own:${str(doc.ownerId)}`, `op:${str(doc.orderId)}:${str(doc.ownerId)}`];
    case 'assignments':
      return ['all', `order:${str(doc.orderId)}`, `user:${str(doc.userId)}`];
    case 'users':
      return ['all', `user:${str(doc.id)}`];
    case 'attributes':
      return ['all'];
  }
}

/** The one read check of pull, stream and conflict responses: nothing outside the scope leaks [S6]. */
export function canRead(user: Actor, collection: SyncCollection, doc: Fields): boolean {
  return readerOf(user, collection)(doc);
}

/** canRead for many documents of one collection: the user's buckets computed once (a push batch's rows). */
export function readerOf(user: Actor, collection: SyncCollection): (doc: Fields) => boolean {
  const buckets = new Set(bucketsFor(user, collection));
  return (doc) => bucketsHolding(collection, doc).some((bucket) => buckets.has(bucket));
}
