// The single local write path: every record and order the user saves goes through here, so each write
// is stamped (fieldTimes), marked pending before it is stored, and a full disk is reported plainly.
import { emptyClient, type Client, type StandardKey } from '../../schemas/entities/client.ts';
import type { Order } from '../../schemas/entities/order.ts';
import { applyEdit, applyOperatorEdit } from '../../schemas/rules/edit.ts';
import type { KartotekaDatabase } from './database.ts';
import { markPending, settlePending } from './pending.ts';
import { guardQuota } from './quota.ts';

export type ClientFields = Partial<Record<StandardKey, string>>;

export interface OrderFields {
  name: string;
  instructions: string;
  voivodeships: string[];
  area: string;
}

/** Who writes: ids go into the documents, the role decides the principal of a new order. */
export interface Author {
  id: string;
  role: string;
}

/**
 * Marks, then writes. The mark comes first so a crash between the two can only over-count, and the
 * reconciliation at start-up (sync/pending-reconcile.ts) drops a mark whose write never happened.
 */
async function markedWrite<T>(db: KartotekaDatabase, collection: 'orders' | 'clients', id: string, write: () => Promise<T>): Promise<T> {
  return guardQuota(async () => {
    await markPending(db, collection, id);
    try {
      return await write();
    } catch (error) {
      await settlePending(db, collection, [id]).catch(() => undefined);
      throw error;
    }
  });
}

/** A new client record in an order, owned by the author [P2]; id = crypto.randomUUID(). */
export async function createClient(
  db: KartotekaDatabase, author: Author, orderId: string, fields: ClientFields, now = Date.now(),
): Promise<Client> {
  const id = crypto.randomUUID();
  const doc = applyEdit(emptyClient({ id, orderId, ownerId: author.id, now }), fields, now);
  await markedWrite(db, 'clients', id, () => db.clients.insert(doc));
  return doc;
}

/**
 * An edit of an existing record: only the fields the user changed, applied to the newest stored state
 * (so a verifier's flag or another device's edit that arrived meanwhile is kept). An edit of a rejected
 * record moves it to 'corrected' [P3]. Returns null when the record is gone.
 */
export async function editClient(db: KartotekaDatabase, id: string, changes: ClientFields, now = Date.now()): Promise<Client | null> {
  const doc = await db.clients.findOne(id).exec();
  if (!doc) return null;
  if (Object.keys(changes).length === 0) return doc.toMutableJSON();
  const saved = await markedWrite(db, 'clients', id, () =>
    doc.incrementalModify((current) => applyOperatorEdit(current, changes, now)),
  );
  return saved.toMutableJSON();
}

/** A new open order created by the author; a principal's order is their own. */
export async function createOrder(db: KartotekaDatabase, author: Author, fields: OrderFields, now = Date.now()): Promise<Order> {
  const id = crypto.randomUUID();
  // Every field starts empty and the edit sets what was typed, so each gets its edit time [M2].
  const base: Order = {
    id, name: '', instructions: '', voivodeships: [], area: '', targetCount: 0, deadline: '',
    principalId: '', verificationRequired: false, attributeIds: [], status: 'open',
    createdBy: author.id, createdAt: now, updatedAt: now, fieldTimes: {},
  };
  const doc = applyEdit(base, {
    name: fields.name,
    instructions: fields.instructions,
    voivodeships: fields.voivodeships,
    area: fields.area,
    principalId: author.role === 'principal' ? author.id : '',
  }, now);
  await markedWrite(db, 'orders', id, () => db.orders.insert(doc));
  return doc;
}
