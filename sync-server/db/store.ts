// Row storage of the sync collections: lock, insert, update with a fresh (xid, seq); audit and refused-change logs [S1, S5, S8, S9].
import type { FieldIssue } from '../../schemas/protocol/errors.ts';
import type { Attribute } from '../../schemas/entities/attribute.ts';
import type { PushCollection, SyncCollection } from '../../schemas/protocol/sync.ts';
import type { Queryable } from './database.ts';
import { boundedCopy, safeFieldName, unsafeJson } from './json-safety.ts';

export type Doc = Record<string, unknown>;

export interface StoredDoc {
  doc: Doc;
  deleted: boolean;
}

/**
 * Per collection: its table and the scope columns copied out of the document for bucket reads.
 * Table and column names are constants here; nothing from a request is ever put into SQL text.
 */
const TABLES: Record<PushCollection, { table: string; columns: readonly string[]; values: (doc: Doc) => unknown[] }> = {
  clients: { table: 'clients', columns: ['order_id', 'owner_id'], values: (d) => [d.orderId, d.ownerId] },
  orders: { table: 'orders', columns: ['principal_id', 'status'], values: (d) => [d.principalId, d.status] },
  attributes: { table: 'attributes', columns: ['created_by'], values: (d) => [d.createdBy] },
  // [C3] a comment carries its record's order and owner: the record's buckets, without a join
  comments: { table: 'comments', columns: ['record_id', 'order_id', 'owner_id'], values: (d) => [d.recordId, d.orderId, d.ownerId] },
};

/** Every replicated collection's table: each has id, doc, deleted, xid and seq [S1]. */
const TABLE_NAMES: Record<SyncCollection, string> = {
  clients: 'clients', orders: 'orders', assignments: 'assignments', users: 'users', attributes: 'attributes', comments: 'comments',
};

export function tableOf(collection: SyncCollection): string {
  return TABLE_NAMES[collection];
}

/** Locks the stored row for the rest of the transaction (compare-and-set, never read-then-write) [S5]. */
export async function lockDoc(tx: Queryable, collection: PushCollection, id: string): Promise<StoredDoc | null> {
  const result = await tx.query<StoredDoc>(`SELECT doc, deleted FROM ${tableOf(collection)} WHERE id = $1 FOR UPDATE`, [id]);
  return result.rows[0] ?? null;
}

/**
 * Inserts a new row; false when the id exists already (another push created it meanwhile — ON
 * CONFLICT waits for that transaction, so the caller can then lock the committed row).
 */
export async function insertDoc(tx: Queryable, collection: PushCollection, doc: Doc, deleted: boolean): Promise<boolean> {
  const { table, columns, values } = TABLES[collection];
  const n = columns.length;
  const scoped = columns.map((_, i) => `$${i + 2}`).join(', ');
  // xid and seq on EVERY write: the row moves to the end of the change order [S1].
  const result = await tx.query(
    `INSERT INTO ${table} (id, ${columns.join(', ')}, doc, deleted, xid, seq)
     VALUES ($1, ${scoped}, $${n + 2}::jsonb, $${n + 3}, pg_current_xact_id(), nextval('change_seq'))
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [doc.id, ...values(doc), JSON.stringify(doc), deleted],
  );
  return result.rows.length === 1;
}

export async function updateDoc(tx: Queryable, collection: PushCollection, doc: Doc, deleted: boolean): Promise<void> {
  const { table, columns, values } = TABLES[collection];
  const n = columns.length;
  const scoped = columns.map((column, i) => `${column} = $${i + 2}`).join(', ');
  await tx.query(
    `UPDATE ${table} SET ${scoped}, doc = $${n + 2}::jsonb, deleted = $${n + 3},
       xid = pg_current_xact_id(), seq = nextval('change_seq')
     WHERE id = $1`,
    [doc.id, ...values(doc), JSON.stringify(doc), deleted],
  );
}

/**
 * The status of an order, share-locked: a definitive close (an UPDATE of that row) waits for the
 * pushes writing into the order, and a push after the close sees it [P4]. null when not (yet) stored.
 */
export async function orderStatus(tx: Queryable, orderId: string): Promise<string | null> {
  const result = await tx.query<{ status: string }>('SELECT status FROM orders WHERE id = $1 AND NOT deleted FOR SHARE', [orderId]);
  return result.rows[0]?.status ?? null;
}

/**
 * A live record's order and owner, share-locked: its deletion waits for the comment being written, or
 * the comment sees the deletion [C2]. The push has share-locked every record its comments name, in id
 * order right after the orders (push.ts lockOrders) [S30]; this lock is already held. null when the
 * record is missing or deleted.
 */
export async function liveRecord(tx: Queryable, id: string): Promise<{ orderId: string; ownerId: string } | null> {
  const result = await tx.query<{ order_id: string; owner_id: string }>(
    'SELECT order_id, owner_id FROM clients WHERE id = $1 AND NOT deleted FOR SHARE',
    [id],
  );
  const row = result.rows[0];
  return row ? { orderId: row.order_id, ownerId: row.owner_id } : null;
}

/** The attributes an order uses (its `attributeIds`), by id: what its records' `custom` may hold [V6]. */
export async function boundAttributes(tx: Queryable, orderId: string): Promise<Map<string, Attribute>> {
  const result = await tx.query<{ doc: Attribute }>(
    `SELECT a.doc FROM orders o JOIN attributes a ON a.id IN (SELECT jsonb_array_elements_text(o.doc->'attributeIds'))
     WHERE o.id = $1 AND NOT a.deleted`,
    [orderId],
  );
  return new Map(result.rows.map((r) => [r.doc.id, r.doc]));
}

/** Which of these attribute ids exist. */
export async function existingAttributes(tx: Queryable, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await tx.query<{ id: string }>('SELECT id FROM attributes WHERE id = ANY($1::text[]) AND NOT deleted', [ids]);
  return new Set(result.rows.map((r) => r.id));
}

export interface AuditEntry {
  path: string;
  old: unknown;
  new: unknown;
}

export interface Who {
  collection: SyncCollection;
  docId: string;
  userId: string;
  deviceId: string;
  /** Server time, epoch ms. */
  at: number;
}

/** One audit row per changed field path, in one statement: kind 'change' [S9], or 'restore' [H4]. */
export async function writeAudit(tx: Queryable, who: Who, entries: readonly AuditEntry[], kind: 'change' | 'restore' = 'change'): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO audit (collection, doc_id, path, old, new, user_id, device_id, at, kind)
     SELECT $1, $2, e->>'path', e->'old', e->'new', $3, $4, $5::timestamptz, $7
     FROM jsonb_array_elements($6::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n`,
    [who.collection, who.docId, who.userId, who.deviceId, new Date(who.at).toISOString(), JSON.stringify(entries), kind],
  );
}

/** A device value its merge discards for the server's [S19]; `at` is when it was typed (epoch ms). */
export interface LostEntry extends AuditEntry {
  at: number;
}

/**
 * Audit entries of kind 'lost' [S19]: `new` is the device's discarded value, `old` the one kept. A
 * value the history already holds for this path from this user and device (a re-sent row, a lost
 * reply, a second tab, or a value once accepted) is not written again. The caller holds the
 * document's row lock, so two pushes of one document cannot both pass the check.
 */
export async function writeLost(tx: Queryable, who: Who, entries: readonly LostEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => ({ path: e.path, old: e.old, new: e.new, at: new Date(e.at).toISOString() }));
  await tx.query(
    `INSERT INTO audit (collection, doc_id, path, old, new, user_id, device_id, at, kind)
     SELECT $1, $2, e->>'path', e->'old', e->'new', $3, $4, (e->>'at')::timestamptz, 'lost'
     FROM jsonb_array_elements($5::jsonb) WITH ORDINALITY AS t(e, n)
     WHERE NOT EXISTS (
       SELECT 1 FROM audit a
       WHERE a.collection = $1 AND a.doc_id = $2 AND a.path = e->>'path' AND a.new = e->'new'
         AND a.user_id = $3 AND a.device_id = $4
     )
     ORDER BY n`,
    [who.collection, who.docId, who.userId, who.deviceId, JSON.stringify(rows)],
  );
}

/**
 * Keeps a refused row with what the user sent [S8]. A document jsonb cannot hold (U+0000, broken
 * surrogates, nesting deeper than any document) is kept as its JSON text in a jsonb string, so even
 * that is not lost.
 */
export async function logRefused(
  tx: Queryable,
  who: Who,
  refusal: { code: string; issues: readonly FieldIssue[]; doc: unknown },
): Promise<void> {
  const storable = unsafeJson(refusal.doc) === null;
  const doc = refusal.doc === undefined ? null : storable ? JSON.stringify(refusal.doc) : JSON.stringify(JSON.stringify(boundedCopy(refusal.doc)));
  const issues = refusal.issues.map((i) => ({ field: safeFieldName(i.field), code: safeFieldName(i.code) }));
  await tx.query(
    `INSERT INTO refused_changes (collection, doc_id, user_id, device_id, code, issues, doc, at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::timestamptz)`,
    [who.collection, who.docId, who.userId, who.deviceId, refusal.code, JSON.stringify(issues), doc, new Date(who.at).toISOString()],
  );
}
