// A push batch's rows decided one by one in memory and written together: one lock, one read of what they refer to, one statement for the writes and logs [S5–S10, S30].
import type { Attribute } from '../../schemas/entities/attribute.ts';
import { isId } from '../../schemas/entities/ids.ts';
import type { PushCollection } from '../../schemas/protocol/sync.ts';
import type { Queryable } from './database.ts';
import { decideRow, parseRow, type BatchFacts, type ParsedRow, type PushContext, type RowDecision, type RowOutcome } from './push-row.ts';
import {
  existingAttributes, insertDocs, lockDocs, logRefusals, updateDocs, writeBatch, writeEntries, type Doc, type StoredDoc,
} from './store.ts';

const ids = (values: Iterable<unknown>): string[] => [...new Set([...values].filter(isId))];

/** The orders a batch of records or comments names: live ones' statuses and the attributes each uses [P4, V6]. */
export interface OrderFacts {
  statuses: Map<string, string>;
  bound: Map<string, Map<string, Attribute>>;
  /** Every order id asked for, stored or not. */
  read: Set<string>;
  /** Of the record ids asked for alongside (`storedOf`), those stored: read, not locked [D3]. */
  stored?: Set<string>;
}

/**
 * Share-locks these orders in id order and reads their facts in the same statement: a close (an
 * UPDATE of the order row) waits for the push, or the push sees it [P4]. For records, each order's
 * live attributes (its `attributeIds`) ride along [V6], and so, when asked (`storedOf`), which of
 * these record ids are stored, read without a lock: what the identifier check needs [D3].
 */
export async function shareLockOrders(
  tx: Queryable, collection: 'clients' | 'comments', orderIds: readonly string[], storedOf?: readonly string[],
): Promise<OrderFacts> {
  const facts: OrderFacts = { statuses: new Map(), bound: new Map(), read: new Set(orderIds) };
  if (orderIds.length === 0) return facts;
  const uses = collection === 'clients'
    ? `COALESCE((SELECT jsonb_agg(a.doc) FROM attributes a
         WHERE a.id IN (SELECT jsonb_array_elements_text(o.doc->'attributeIds')) AND NOT a.deleted), '[]'::jsonb)`
    : `'[]'::jsonb`;
  const locked = `SELECT o.id, o.status, o.deleted, ${uses} AS bound FROM orders o WHERE o.id = ANY($1::text[]) ORDER BY o.id FOR SHARE OF o`;
  // The stored ids on a row of their own, joined to the orders' rows: there even when no order is.
  const result = storedOf
    ? await tx.query<{ id: string | null; status: string; deleted: boolean; bound: Attribute[]; stored: string[] }>(
      `SELECT s.stored, o.* FROM (SELECT ARRAY(SELECT id FROM clients WHERE id = ANY($2::text[])) AS stored) s
       LEFT JOIN (${locked}) o ON true`,
      [orderIds, storedOf],
    )
    : await tx.query<{ id: string | null; status: string; deleted: boolean; bound: Attribute[]; stored?: string[] }>(locked, [orderIds]);
  if (storedOf) facts.stored = new Set(result.rows[0]?.stored ?? []);
  for (const row of result.rows.filter((r) => r.id !== null && !r.deleted)) {
    facts.statuses.set(row.id!, row.status);
    facts.bound.set(row.id!, new Map(row.bound.map((a) => [a.id, a])));
  }
  return facts;
}

/**
 * [V6][P4][C2] What the rows may refer to, for the whole batch at once: the facts of the orders they
 * name (share-locked by push.ts before anything else, S30) and of the orders their stored documents
 * are in, when another (a row that would move a record, refused [P2]: share-locked here, after the
 * row locks, as each row's check did); the live records comments name (share-locked; push.ts locked
 * them already); the attributes orders name.
 */
async function readFacts(
  tx: Queryable, collection: PushCollection, rows: readonly ParsedRow[], stored: ReadonlyMap<string, StoredDoc>, orders: OrderFacts,
): Promise<BatchFacts> {
  const records = new Map<string, { orderId: string; ownerId: string }>();
  let attributes: ReadonlySet<string> = new Set();
  let { statuses, bound } = orders;
  if (collection === 'clients' || collection === 'comments') {
    const more = ids([...rows.map((r) => r.next.orderId), ...[...stored.values()].map((s) => s.doc.orderId)]).filter((id) => !orders.read.has(id));
    if (more.length) {
      const extra = await shareLockOrders(tx, collection, more.sort());
      statuses = new Map([...statuses, ...extra.statuses]);
      bound = new Map([...bound, ...extra.bound]);
    }
  }
  if (collection === 'comments') {
    const named = ids(rows.map((r) => r.next.recordId)).sort();
    const result = named.length === 0 ? { rows: [] } : await tx.query<{ id: string; order_id: string; owner_id: string }>(
      'SELECT id, order_id, owner_id FROM clients WHERE id = ANY($1::text[]) AND NOT deleted ORDER BY id FOR SHARE',
      [named],
    );
    for (const row of result.rows) records.set(row.id, { orderId: row.order_id, ownerId: row.owner_id });
  }
  if (collection === 'orders') {
    attributes = await existingAttributes(tx, ids(rows.flatMap((r) => (Array.isArray(r.next.attributeIds) ? r.next.attributeIds : []))));
  }
  return { statuses, bound, records, attributes };
}

const mergedFacts = (a: BatchFacts, b: BatchFacts): BatchFacts => ({
  statuses: new Map([...a.statuses, ...b.statuses]),
  bound: new Map([...a.bound, ...b.bound]),
  records: new Map([...a.records, ...b.records]),
  attributes: new Set([...a.attributes, ...b.attributes]),
});

/** A written document as the database hands it back (jsonb keeps no undefined member): what a later row of the same id sees. */
const asStored = (write: StoredDoc): StoredDoc => ({ doc: JSON.parse(JSON.stringify(write.doc)) as Doc, deleted: write.deleted });

/**
 * Applies the rows (sorted by id) in the caller's transaction: locks every stored row of the batch
 * in one statement (id order), reads what the rows refer to, decides each row in turn exactly as if
 * it ran alone (a later row of the same id sees the earlier one's write), then writes the updates,
 * the inserts, the audit entries and the refused rows in one statement (store.ts writeBatch). A row
 * never blocks the others. An insert that finds its id taken (another push created it meanwhile, e.g.
 * a second tab) is decided again against the committed row, with the later rows of that id; the
 * batch's logs are then written after it.
 */
export async function applyRows(tx: Queryable, ctx: PushContext, raws: readonly unknown[], orders: OrderFacts): Promise<RowOutcome[]> {
  const { collection } = ctx;
  const rows = raws.map((raw) => ({ raw, parsed: parseRow(collection, raw) }));
  const decisions: RowDecision[] = [];
  let stored = await lockDocs(tx, collection, ids(rows.map((r) => r.parsed.id)));
  let facts = await readFacts(tx, collection, rows.map((r) => r.parsed), stored, orders);
  let pending = rows.map((_, i) => i);
  // The ids several rows name: only there does a later row see an earlier one's write.
  const named = new Map<string, number>();
  for (const { parsed } of rows) named.set(parsed.id, (named.get(parsed.id) ?? 0) + 1);
  const who = { collection, userId: ctx.user.id, deviceId: ctx.deviceId, at: ctx.now };
  const entriesOf = (i: number) => decisions[i]!.entries.map((e) => ({ ...e, docId: rows[i]!.parsed.id }));
  const refusalOf = (i: number) => {
    const refusal = decisions[i]!.refusal;
    return refusal ? [{ ...refusal, docId: rows[i]!.parsed.id }] : [];
  };
  let logged = false;
  for (let attempt = 1; ; attempt++) {
    const held = new Map(stored);
    const writes = new Map<string, StoredDoc>();
    for (const i of pending) {
      const { raw, parsed } = rows[i]!;
      const decision = decideRow(ctx, parsed, raw, held.get(parsed.id) ?? null, facts);
      decisions[i] = decision;
      if (!decision.write) continue;
      writes.set(parsed.id, decision.write);
      if (named.get(parsed.id)! > 1) held.set(parsed.id, asStored(decision.write));
    }
    // One write per id: its last state (a row's write replaces an earlier row's of the same id).
    const updates = [...writes].filter(([id]) => stored.has(id)).map(([, write]) => write);
    const inserts = [...writes].filter(([id]) => !stored.has(id));
    let inserted: Set<string>;
    if (attempt === 1) {
      // The first decisions are every row's: the writes, the audit entries and the refused rows in one
      // statement, its logs written only if every insert went in (else below, once the raced rows are decided).
      ({ inserted, logged } = await writeBatch(tx, who, {
        updates, inserts: inserts.map(([, write]) => write),
        entries: rows.flatMap((_, i) => entriesOf(i)), refusals: rows.flatMap((_, i) => refusalOf(i)),
      }));
    } else {
      await updateDocs(tx, collection, updates);
      inserted = await insertDocs(tx, collection, inserts.map(([, write]) => write));
    }
    const raced = new Set(inserts.map(([id]) => id).filter((id) => !inserted.has(id)));
    if (raced.size === 0) break;
    if (attempt === 2) throw new Error(`push rows ${[...raced].join(', ')}: neither insert nor lock`);
    const committed = await lockDocs(tx, collection, [...raced]);
    pending = pending.filter((i) => raced.has(rows[i]!.parsed.id));
    stored = new Map([...stored, ...committed]);
    const read = { ...orders, read: new Set([...orders.read, ...facts.statuses.keys()]) };
    facts = mergedFacts(facts, await readFacts(tx, collection, pending.map((i) => rows[i]!.parsed), committed, read));
  }

  if (!logged) {
    await writeEntries(tx, who, rows.flatMap((_, i) => entriesOf(i)));
    await logRefusals(tx, who, rows.flatMap((_, i) => refusalOf(i)));
  }
  return decisions.map((d) => d.outcome);
}
