// A record's audit history read back: its entries with their authors' names, one entry, the record's order [H1, H4].
import type { HistoryEntry, HistoryKind } from '../../schemas/protocol/records.ts';
import type { Queryable } from './database.ts';

interface EntryRow {
  id: string;
  path: string;
  old: unknown;
  new: unknown;
  kind: HistoryKind;
  user_id: string;
  user_name: string;
  at: number;
}

// Epoch ms as a float8, which both drivers return as a number (timestamptz keeps microseconds).
const SELECT_ENTRY = `SELECT a.id::text AS id, a.path, a.old, a.new, a.kind, a.user_id, COALESCE(u.name, '') AS user_name,
    round(extract(epoch FROM a.at) * 1000)::float8 AS at
  FROM audit a LEFT JOIN users u ON u.id = a.user_id`;

const entryOf = (row: EntryRow): HistoryEntry => ({
  id: row.id, path: row.path, old: row.old ?? null, new: row.new ?? null, kind: row.kind,
  userId: row.user_id, userName: row.user_name, at: Number(row.at),
});

/** Every audit entry of a client record, in the order the server recorded them [H1]. */
export async function historyOf(tx: Queryable, recordId: string): Promise<HistoryEntry[]> {
  const result = await tx.query<EntryRow>(`${SELECT_ENTRY} WHERE a.collection = 'clients' AND a.doc_id = $1 ORDER BY a.id`, [recordId]);
  return result.rows.map(entryOf);
}

/** One entry of this record's history; null when there is none of that id for this record. */
export async function historyEntry(tx: Queryable, recordId: string, entryId: string): Promise<HistoryEntry | null> {
  const result = await tx.query<EntryRow>(
    `${SELECT_ENTRY} WHERE a.id = $2::bigint AND a.collection = 'clients' AND a.doc_id = $1`,
    [recordId, entryId],
  );
  const row = result.rows[0];
  return row ? entryOf(row) : null;
}

/** A record's order, read without a lock (it never changes [P2]): the lock order needs it first [S30]. */
export async function orderOfRecord(tx: Queryable, recordId: string): Promise<string | null> {
  const result = await tx.query<{ order_id: string }>('SELECT order_id FROM clients WHERE id = $1', [recordId]);
  return result.rows[0]?.order_id ?? null;
}

/** An order's status without a lock (for a hint such as canRestore); null when missing or deleted. */
export async function orderStatusHint(tx: Queryable, orderId: string): Promise<string | null> {
  const result = await tx.query<{ status: string }>('SELECT status FROM orders WHERE id = $1 AND NOT deleted', [orderId]);
  return result.rows[0]?.status ?? null;
}
