// The single local write path: every record and order the user saves goes through here, so each write
// is stamped (fieldTimes), marked pending before it is stored, and a full disk is reported plainly.
import { emptyClient, type Client, type CustomValue, type StandardKey } from '../../schemas/entities/client.ts';
import type { Attribute, AttributeKind } from '../../schemas/entities/attribute.ts';
import type { Order } from '../../schemas/entities/order.ts';
import type { PushCollection } from '../../schemas/protocol/sync.ts';
import { applyEdit, applyOperatorEdit } from '../../schemas/rules/edit.ts';
import type { KartotekaDatabase } from './database.ts';
import { keepMarked, markAfterFailedWrite, markPending } from './pending.ts';
import { withinDocumentLimit } from './document-size.ts';
import { guardQuota } from './quota.ts';

/**
 * What a record form writes: standard fields, and a patch of custom values keyed by attribute id
 * (a key set to `undefined` removes a cleared value; keys left out stay as stored).
 */
export type ClientFields = Partial<Record<StandardKey, string>> & { custom?: Record<string, CustomValue | undefined> };

export interface OrderFields {
  name: string;
  instructions: string;
  voivodeships: string[];
  area: string;
  targetCount?: number;
  /** YYYY-MM-DD or ''. */
  deadline?: string;
  /** Ignored for a principal, whose orders are always their own. */
  principalId?: string;
  verificationRequired?: boolean;
  attributeIds?: string[];
}

/** What the attribute definition form edits; `id`, `kind` and the creator are fixed at creation. */
export type AttributeFields = Pick<Attribute, 'label' | 'labelEn' | 'required' | 'hint' | 'hintEn' | 'choices' | 'retired'>;

/** Who writes: ids go into the documents, the role decides the principal of a new order. */
export interface Author {
  id: string;
  role: string;
}

/**
 * Marks, then writes. The mark comes first so a crash between the two can only over-count, and the
 * reconciliation at start-up (sync/pending-reconcile.ts) drops a mark whose write never happened.
 * A write that fails never takes back a mark it did not make: the record may hold an earlier change not
 * yet sent, and a device with no marks counts as having nothing unsent (a refused session wipes it). Its
 * own mark goes only when the record is not stored at all; else it is checked (`markAfterFailedWrite`).
 * A write that succeeds makes sure its mark is still there (`keepMarked`): an acknowledgement of the record's
 * earlier change may have settled it between the mark and the write.
 */
export async function markedWrite<T>(db: KartotekaDatabase, collection: PushCollection, id: string, write: () => Promise<T>): Promise<T> {
  return guardQuota(async () => {
    const added = await markPending(db, collection, id);
    let written: T;
    try {
      written = await write();
    } catch (error) {
      if (added) await markAfterFailedWrite(db, collection, id).catch(() => undefined);
      throw error;
    }
    await keepMarked(db, collection, id);
    return written;
  });
}

/** A new client record in an order, owned by the author [P2]; id = crypto.randomUUID(). */
export async function createClient(
  db: KartotekaDatabase, author: Author, orderId: string, fields: ClientFields, now = Date.now(),
): Promise<Client> {
  const id = crypto.randomUUID();
  // [S10] Refused here, while the form still holds what was typed, rather than by the push later.
  const doc = withinDocumentLimit(applyEdit(emptyClient({ id, orderId, ownerId: author.id, now }), fields, now));
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
    doc.incrementalModify((current) => withinDocumentLimit(applyOperatorEdit(current, changes, now))),
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
    targetCount: fields.targetCount ?? 0,
    deadline: fields.deadline ?? '',
    principalId: author.role === 'principal' ? author.id : fields.principalId ?? '',
    verificationRequired: fields.verificationRequired ?? false,
    attributeIds: fields.attributeIds ?? [],
  }, now);
  await markedWrite(db, 'orders', id, () => db.orders.insert(doc));
  return doc;
}

/** An edit of an order: only the fields given, applied to the newest stored state. Null when it is gone. */
export async function editOrder(db: KartotekaDatabase, id: string, changes: Partial<OrderFields>, now = Date.now()): Promise<Order | null> {
  const doc = await db.orders.findOne(id).exec();
  if (!doc) return null;
  const saved = await markedWrite(db, 'orders', id, () => doc.incrementalModify((current) => applyEdit(current, changes, now)));
  return saved.toMutableJSON();
}

/** A new custom attribute defined by the author; its id (a UUID) is also the key of its values in records. */
export async function createAttribute(
  db: KartotekaDatabase, author: Author, kind: AttributeKind, fields: AttributeFields, now = Date.now(),
): Promise<Attribute> {
  const id = crypto.randomUUID();
  const base: Attribute = {
    id, label: '', labelEn: '', kind, required: false, hint: '', hintEn: '', choices: [], retired: false,
    createdBy: author.id, createdAt: now, updatedAt: now, fieldTimes: {},
  };
  const doc = applyEdit(base, fields, now);
  await markedWrite(db, 'attributes', id, () => db.attributes.insert(doc));
  return doc;
}

/**
 * An edit of an attribute definition (relabel, hint, options, retire): stored values are never touched.
 * `changes` may be a function of the newest stored state, so options another device added meanwhile
 * are kept (the server refuses a push that drops an option's key [P7]).
 */
export async function editAttribute(
  db: KartotekaDatabase, id: string, changes: Partial<AttributeFields> | ((current: Attribute) => Partial<AttributeFields>), now = Date.now(),
): Promise<Attribute | null> {
  const doc = await db.attributes.findOne(id).exec();
  if (!doc) return null;
  const saved = await markedWrite(db, 'attributes', id, () =>
    doc.incrementalModify((current) => applyEdit(current, typeof changes === 'function' ? changes(current) : changes, now)),
  );
  return saved.toMutableJSON();
}
