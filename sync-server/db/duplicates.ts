// Server-side duplicate flags [D1–D3]: records of one order whose NIP or REGON match name each other in the server-owned `duplicateOf`.
import { createHash } from 'node:crypto';
import { isId } from '../../schemas/entities/ids.ts';
import type { Queryable } from './database.ts';
import { isPlainObject } from './json-safety.ts';
import { lockDoc, updateDoc, writeAudit, type Doc } from './store.ts';

/** The author of a flag's audit entry: the server itself, no user [D2]. */
export const SERVER_AUTHOR = '';

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * [D3] The advisory lock of an order's identifier writes: 64 bits of sha256, the same on every
 * instance. A collision of two orders only makes their identifier writes wait for each other.
 */
function orderKey(orderId: string): bigint {
  return createHash('sha256').update(`kartoteka:duplicates:${orderId}`).digest().readBigInt64BE(0);
}

/**
 * Takes the advisory locks of these orders, in key order (two transactions never wait for each
 * other's keys crosswise). Transaction-scoped: released at commit or rollback, so a retried
 * transaction takes them again [S30].
 */
export async function lockIdentifiers(tx: Queryable, orderIds: Iterable<string>): Promise<void> {
  const keys = [...new Set([...orderIds].map(orderKey))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [key.toString()]);
}

/**
 * [D3] The pushed client rows that may change which records of their order share an identifier —
 * a record created, deleted, or its NIP or REGON changed — and their orders, locked. Read before
 * any record row is locked, from the rows themselves: a row writes only when its assumed state is
 * the stored one (else it is a conflict [S5]), so comparing it with the new state tells what the
 * write changes; an id not stored yet may be created. Identifier writes of one order thus run one at
 * a time, and the later one sees the earlier's records: concurrent duplicates are caught. `stored`:
 * which of the rows' ids are stored, when the caller read it already (with the order locks, push.ts).
 */
export async function lockIdentifierWrites(
  tx: Queryable, rows: readonly unknown[], stored?: ReadonlySet<string>,
): Promise<{ ids: Set<string>; orders: Set<string> }> {
  const states = rows.flatMap((row) => {
    const next = isPlainObject(row) ? row.newDocumentState : undefined;
    if (!isPlainObject(row) || !isPlainObject(next) || !isId(next.id) || !isId(next.orderId)) return [];
    return [{ id: next.id, orderId: next.orderId, next, assumed: isPlainObject(row.assumedMasterState) ? row.assumedMasterState : null }];
  });
  if (states.length === 0) return { ids: new Set(), orders: new Set() };
  // Which are stored: read with the order locks when the caller did (push.ts), else here.
  const existing = stored ?? new Set((await tx.query<{ id: string }>('SELECT id FROM clients WHERE id = ANY($1::text[])', [states.map((s) => s.id)])).rows.map((r) => r.id));
  const writes = states.filter(({ id, next, assumed }) =>
    !existing.has(id) || assumed === null || text(assumed.nip) !== text(next.nip) || text(assumed.regon) !== text(next.regon)
    || (assumed._deleted === true) !== (next._deleted === true));
  const orders = new Set(writes.map((w) => w.orderId));
  await lockIdentifiers(tx, orders);
  return { ids: new Set(writes.map((w) => w.id)), orders };
}

/**
 * [D1][D2] Sets `duplicateOf` right on every live record these writes concern: the written records,
 * the records sharing their NIP or REGON, and those that named a written record. Each names the
 * earliest other live record of its order (by createdAt, then id) with the same non-empty NIP or
 * REGON, or '' when none is left. The caller holds the orders' identifier locks, so no identifier
 * of these orders changes meanwhile. A flag that changes is an ordinary write: a new change
 * position, its edit time, an audit entry by the server. Returns the records it wrote.
 */
export async function flagDuplicates(tx: Queryable, written: readonly Doc[], now: number): Promise<Doc[]> {
  const byOrder = new Map<string, Doc[]>();
  for (const doc of written) byOrder.set(text(doc.orderId), [...(byOrder.get(text(doc.orderId)) ?? []), doc]);
  const flagged: Doc[] = [];
  for (const orderId of [...byOrder.keys()].sort(byId)) {
    const docs = byOrder.get(orderId)!;
    const identifiers = (key: 'nip' | 'regon') => [...new Set(docs.map((d) => text(d[key])).filter((v) => v !== ''))];
    const result = await tx.query<{ id: string; current: string | null; target: string }>(
      `WITH concerned AS (
         SELECT id, doc FROM clients
         WHERE order_id = $1 AND NOT deleted AND (
           id = ANY($2::text[])
           OR (doc->>'duplicateOf' <> '' AND doc->>'duplicateOf' = ANY($2::text[]))
           OR (doc->>'nip' <> '' AND doc->>'nip' = ANY($3::text[]))
           OR (doc->>'regon' <> '' AND doc->>'regon' = ANY($4::text[])))
       )
       SELECT c.id, c.doc->>'duplicateOf' AS current, COALESCE((
         SELECT d.id FROM clients d
         WHERE d.order_id = $1 AND NOT d.deleted AND d.id <> c.id AND (
           (c.doc->>'nip' <> '' AND d.doc->>'nip' <> '' AND d.doc->>'nip' = c.doc->>'nip')
           OR (c.doc->>'regon' <> '' AND d.doc->>'regon' <> '' AND d.doc->>'regon' = c.doc->>'regon'))
         ORDER BY (d.doc->>'createdAt')::bigint, d.id
         LIMIT 1), '') AS target
       FROM concerned c
       ORDER BY c.id`,
      [orderId, docs.map((d) => text(d.id)), identifiers('nip'), identifiers('regon')],
    );
    // Row locks in id order, after the batch's own [S30]; a rare cycle with another batch is a deadlock the runner retries.
    for (const row of result.rows.filter((r) => (r.current ?? '') !== r.target)) {
      const stored = await lockDoc(tx, 'clients', row.id);
      if (!stored || stored.deleted) continue;
      const doc = await setFlag(tx, stored.doc, row.target, now);
      if (doc) flagged.push(doc);
    }
  }
  return flagged;
}

/** Writes one flag as a change of the locked record; null when it already holds it. */
async function setFlag(tx: Queryable, stored: Doc, target: string, now: number): Promise<Doc | null> {
  const old = text(stored.duplicateOf);
  if (old === target) return null;
  const times = (stored.fieldTimes ?? {}) as Record<string, number>;
  // Later than the flag it replaces, so every device's merge takes it [M3].
  const at = Math.max(now, (times.duplicateOf ?? 0) + 1);
  const updatedAt = typeof stored.updatedAt === 'number' ? Math.max(stored.updatedAt, at) : at;
  const doc: Doc = { ...stored, duplicateOf: target, fieldTimes: { ...times, duplicateOf: at }, updatedAt };
  await updateDoc(tx, 'clients', doc, false);
  const who = { collection: 'clients' as const, docId: text(stored.id), userId: SERVER_AUTHOR, deviceId: '', at: now };
  await writeAudit(tx, who, [{ path: 'duplicateOf', old, new: target }]);
  return doc;
}
