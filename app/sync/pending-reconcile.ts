// Repair of the pending set at start-up, after a crash between marking and writing or between the server's
// acknowledgement and clearing the mark, and after a failed write: RxDB's replication meta knows what the
// server already holds.
import type { RxCollection } from 'rxdb/plugins/core';
import type { Subscription } from 'rxjs';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Attribute } from '../../schemas/entities/attribute.ts';
import type { Client } from '../../schemas/entities/client.ts';
import type { Order } from '../../schemas/entities/order.ts';
import type { Checkpoint, SyncCollection } from '../../schemas/protocol/sync.ts';
import type { KartotekaDatabase } from '../local-db/database.ts';
import { marksToCheck$, pendingIds, settlePending, settleUnchanged } from '../local-db/pending.ts';
import { log } from '../log.ts';

/** Settles each of these marks once its record's stored state is known to be pushed (none left to send). */
async function settleIfPushed<T extends Order | Client | Attribute>(
  db: KartotekaDatabase, name: SyncCollection, collection: RxCollection<T>, state: RxReplicationState<T, Checkpoint>,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  const docs = await collection.findByIds([...ids]).exec();
  // A mark whose write never happened (or a record since removed) has nothing left to send.
  await settlePending(db, name, ids.filter((id) => !docs.has(id)));
  for (const doc of docs.values()) {
    // Resolves at once when the replication meta already holds this state, else once it is pushed.
    state.awaitDocumentPushed(doc)
      // A newer local edit stays pending: the push handler settles it when it goes out.
      .then(() => settleUnchanged(db, name, [{ id: doc.primary, states: [doc.toMutableJSON(true)] }]))
      .catch((error: unknown) => log.warn('pending reconcile failed', error));
  }
}

interface ReconciledStates {
  orders: RxReplicationState<Order, Checkpoint>;
  clients: RxReplicationState<Client, Checkpoint>;
  attributes: RxReplicationState<Attribute, Checkpoint>;
}

/** The collections whose marks are reconciled: every one the device writes but comments (only ever created). */
const RECONCILED = ['orders', 'clients', 'attributes'] as const;

/** Settles these marks of one collection, with its replication state. */
function settleIn(db: KartotekaDatabase, states: ReconciledStates, name: SyncCollection, ids: readonly string[]): Promise<void> {
  switch (name) {
    case 'orders': return settleIfPushed(db, name, db.orders, states.orders, ids);
    case 'clients': return settleIfPushed(db, name, db.clients, states.clients, ids);
    case 'attributes': return settleIfPushed(db, name, db.attributes, states.attributes, ids);
    default: return Promise.resolve();
  }
}

/** Checks every mark of the device (at start-up). */
export async function reconcilePending(db: KartotekaDatabase, states: ReconciledStates): Promise<void> {
  for (const name of RECONCILED) await settleIn(db, states, name, await pendingIds(db, name));
}

/**
 * Checks the marks this tab's failed writes left in place (pending.ts `marksToCheck$`) while it replicates.
 * Comments are only ever created, so a failed one is never stored and its mark is already gone.
 */
export function reconcileFailedWrites(db: KartotekaDatabase, states: ReconciledStates): Subscription {
  return marksToCheck$.subscribe(({ collection, id }) => {
    settleIn(db, states, collection, [id]).catch((error: unknown) => log.warn('pending reconcile failed', error));
  });
}
