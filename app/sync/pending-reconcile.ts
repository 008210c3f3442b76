// Start-up repair of the pending set after a crash between marking and writing, or between the server's
// acknowledgement and clearing the mark: RxDB's replication meta knows what the server already holds.
import type { RxCollection } from 'rxdb/plugins/core';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Attribute } from '../../schemas/entities/attribute.ts';
import type { Client } from '../../schemas/entities/client.ts';
import type { Order } from '../../schemas/entities/order.ts';
import type { Checkpoint, SyncCollection } from '../../schemas/protocol/sync.ts';
import { docsEqual } from '../../schemas/rules/merge.ts';
import type { KartotekaDatabase } from '../local-db/database.ts';
import { pendingIds, settlePending } from '../local-db/pending.ts';
import { log } from '../log.ts';

async function reconcile<T extends Order | Client | Attribute>(
  db: KartotekaDatabase, name: SyncCollection, collection: RxCollection<T>, state: RxReplicationState<T, Checkpoint>,
): Promise<void> {
  const ids = await pendingIds(db, name);
  if (ids.length === 0) return;
  const docs = await collection.findByIds([...ids]).exec();
  // A mark whose write never happened (or a record since removed) has nothing left to send.
  await settlePending(db, name, ids.filter((id) => !docs.has(id)));
  for (const doc of docs.values()) {
    // Resolves at once when the replication meta already holds this state, else once it is pushed.
    state.awaitDocumentPushed(doc)
      .then(async () => {
        const [current] = await collection.storageInstance.findDocumentsById([doc.primary], true);
        // A newer local edit stays pending: the push handler settles it when it goes out.
        if (!current || docsEqual(current, doc.toMutableJSON(true))) await settlePending(db, name, [doc.primary]);
      })
      .catch((error: unknown) => log.warn('pending reconcile failed', error));
  }
}

export async function reconcilePending(
  db: KartotekaDatabase,
  states: {
    orders: RxReplicationState<Order, Checkpoint>;
    clients: RxReplicationState<Client, Checkpoint>;
    attributes: RxReplicationState<Attribute, Checkpoint>;
  },
): Promise<void> {
  await reconcile(db, 'orders', db.orders, states.orders);
  await reconcile(db, 'clients', db.clients, states.clients);
  await reconcile(db, 'attributes', db.attributes, states.attributes);
}
