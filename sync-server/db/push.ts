// A push batch: one transaction, locks taken in the one order, retried whole on deadlock or serialisation failure [S5, S30].
import type { PublicUser } from '../../schemas/entities/user.ts';
import type { PushCollection, PushResponse } from '../../schemas/protocol/sync.ts';
import { bucketsHolding } from '../../schemas/rules/scope.ts';
import type { Logger } from '../logger.ts';
import { isId } from '../../schemas/entities/ids.ts';
import type { Database, Queryable } from './database.ts';
import { flagDuplicates, lockIdentifierWrites } from './duplicates.ts';
import { actorOf } from './membership.ts';
import { scopeBucket, type Notifier } from './notifier.ts';
import { applyRows, shareLockOrders, type OrderFacts } from './push-batch.ts';
import type { Doc } from './store.ts';

export interface PushDeps {
  db: Database;
  now: () => number;
  notifier: Notifier;
  logger: Logger;
}

export interface PushInput {
  user: PublicUser;
  collection: PushCollection;
  deviceId: string;
  rows: readonly unknown[];
  /** The app's protocol (wire-v1.ts reshapes protocol-1 rows before, and completes them in push-row.ts) [S12]. */
  protocol?: number;
}

function idOf(row: unknown): string {
  const state = (row as { newDocumentState?: { id?: unknown } } | null)?.newDocumentState;
  return typeof state?.id === 'string' ? state.id : '';
}

function orderIdOf(row: unknown): string {
  const state = (row as { newDocumentState?: { orderId?: unknown } } | null)?.newDocumentState;
  return typeof state?.orderId === 'string' ? state.orderId : '';
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * [S30] The one lock order of every transaction: orders, then assignments, then the other rows, each
 * table in id order. A push takes its orders first — share locks on the orders its records and
 * comments name, or the order rows themselves when it writes orders — so a close or a binding, which
 * locks the order and then its assignments, can never wait for a push that waits for it. A comment
 * push then share-locks the records its comments name, all at once in id order [C2]: taken row by
 * row (in comment id order) it could hold one record while a record push holding another waits for it.
 */
async function lockOrders(tx: Queryable, collection: PushCollection, rows: readonly unknown[]): Promise<OrderFacts> {
  // Only well-formed ids: anything else names no order (and U+0000 would make PostgreSQL fail) [S10].
  const ids = [...new Set(rows.map(collection === 'orders' ? idOf : orderIdOf).filter(isId))].sort(byId);
  const none: OrderFacts = { statuses: new Map(), bound: new Map(), read: new Set() };
  if (collection === 'attributes' || ids.length === 0) return none;
  if (collection === 'orders') {
    await tx.query('SELECT id FROM orders WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [ids]);
    return none;
  }
  // Records and comments: the orders' statuses (and a record's attributes) come with the share locks [P4, V6],
  // and for records which of them are stored, for the identifier check that follows [D3].
  const orders = await shareLockOrders(tx, collection, ids, collection === 'clients' ? [...new Set(rows.map(idOf).filter(isId))] : undefined);
  if (collection !== 'comments') return orders;
  const recordIdOf = (row: unknown) => (row as { newDocumentState?: { recordId?: unknown } } | null)?.newDocumentState?.recordId;
  const records = [...new Set(rows.map(recordIdOf).filter(isId))].sort(byId);
  if (records.length) await tx.query('SELECT id FROM clients WHERE id = ANY($1::text[]) ORDER BY id FOR SHARE', [records]);
  return orders;
}

/** Applies a batch; a bad row never blocks the others. Notifies the collection's subscribers after commit. */
export async function pushChanges(deps: PushDeps, input: PushInput): Promise<PushResponse<Doc>> {
  // Every batch takes its row locks in the same (id) order, so two batches cannot deadlock on them.
  const rows = [...input.rows].sort((a, b) => byId(idOf(a), idOf(b)));
  // One transaction, run again whole on a deadlock or serialization failure (the runner) [S5, S30].
  const { outcomes, flagged } = await deps.db.transaction(async (tx) => {
    const now = deps.now();
    const orders = await lockOrders(tx, input.collection, rows);
    // [D3] Identifier writes of one order one at a time: after the order locks, before any record row.
    const identifiers = input.collection === 'clients' ? await lockIdentifierWrites(tx, rows, orders.stored) : null;
    // The user's bindings, share-locked: a close or unbind in progress finishes first [P4].
    const user = await actorOf(tx, input.user, true);
    // Then the rows: every stored one locked at once in id order, decided one by one, written together [S5, S30].
    const done = await applyRows(tx, { ...input, user, now }, rows, orders);
    // [D1][D2] The flags these writes make or undo, in the same transaction as the writes.
    const concerned = done.flatMap(({ written }) =>
      written && identifiers?.ids.has(String(written.id)) && identifiers.orders.has(String(written.orderId)) ? [written] : []);
    return { outcomes: done, flagged: concerned.length ? await flagDuplicates(tx, concerned, now) : [] };
  });

  const response: PushResponse<Doc> = { conflicts: [], refused: [] };
  const touched = new Set<string>();
  for (const outcome of outcomes) {
    if (outcome.conflict) response.conflicts.push(outcome.conflict as PushResponse<Doc>['conflicts'][number]);
    if (outcome.refused) response.refused.push(outcome.refused);
    if (outcome.written) for (const bucket of bucketsHolding(input.collection, outcome.written)) touched.add(bucket);
    for (const userId of outcome.scopeChanged ?? []) touched.add(scopeBucket(userId));
  }
  // [D2] A flagged record's own buckets: each operator learns of the duplicate on their own device.
  for (const doc of flagged) for (const bucket of bucketsHolding('clients', doc)) touched.add(bucket);
  if (touched.size > 0) {
    // After commit, so a device that pulls on this event sees the change; a lost event only delays it.
    await deps.notifier
      .publish({ kind: 'changed', collection: input.collection, buckets: [...touched] })
      .catch((error: unknown) => deps.logger.warn('change notification failed', { error }));
  }
  return response;
}
