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

/** Locks the stored rows of these ids in one statement, in id order [S5, S30]; the ids missing are not stored. */
export async function lockDocs(tx: Queryable, collection: PushCollection, ids: readonly string[]): Promise<Map<string, StoredDoc>> {
  if (ids.length === 0) return new Map();
  const result = await tx.query<StoredDoc & { id: string }>(
    `SELECT id, doc, deleted FROM ${tableOf(collection)} WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  return new Map(result.rows.map((r) => [r.id, { doc: r.doc, deleted: r.deleted }]));
}

/** The rows of one multi-row write as one JSON parameter, read back in order by jsonb_array_elements WITH ORDINALITY. */
function rowsParameter(collection: PushCollection, docs: readonly StoredDoc[]): string {
  const { values } = TABLES[collection];
  return JSON.stringify(docs.map(({ doc, deleted }) => ({ id: doc.id, scope: values(doc), doc, deleted })));
}

const scopeValues = (columns: readonly string[]) => columns.map((_, i) => `e->'scope'->>${i}`);

/** The UPDATE of stored rows (each id once, locked by the caller) at new change positions [S1], the rows in parameter `rows`. */
function updateSql(collection: PushCollection, rows: string): string {
  const { table, columns } = TABLES[collection];
  const scoped = scopeValues(columns).map((value, i) => `${columns[i]} = ${value}`).join(', ');
  return `UPDATE ${table} AS t SET ${scoped}, doc = e->'doc', deleted = (e->>'deleted')::boolean,
       xid = pg_current_xact_id(), seq = nextval('change_seq')
     FROM jsonb_array_elements(${rows}::jsonb) AS r(e)
     WHERE t.id = e->>'id'`;
}

/** The INSERT of new rows (each id once) at new change positions [S1], the rows in parameter `rows`; RETURNING the ids inserted. */
function insertSql(collection: PushCollection, rows: string): string {
  const { table, columns } = TABLES[collection];
  return `INSERT INTO ${table} (id, ${columns.join(', ')}, doc, deleted, xid, seq)
     SELECT e->>'id', ${scopeValues(columns).join(', ')}, e->'doc', (e->>'deleted')::boolean, pg_current_xact_id(), nextval('change_seq')
     FROM jsonb_array_elements(${rows}::jsonb) WITH ORDINALITY AS r(e, n)
     ORDER BY n
     ON CONFLICT (id) DO NOTHING RETURNING id`;
}

/** Writes these stored rows (each id once, locked by the caller) at new change positions [S1], in one statement. */
export async function updateDocs(tx: Queryable, collection: PushCollection, docs: readonly StoredDoc[]): Promise<void> {
  if (docs.length === 0) return;
  await tx.query(updateSql(collection, '$1'), [rowsParameter(collection, docs)]);
}

/**
 * Inserts new rows (each id once) in one statement; returns the ids inserted. An id missing from the
 * answer exists already: another push created it meanwhile (ON CONFLICT waits for that transaction,
 * so the caller can then lock the committed row).
 */
export async function insertDocs(tx: Queryable, collection: PushCollection, docs: readonly StoredDoc[]): Promise<Set<string>> {
  if (docs.length === 0) return new Set();
  const result = await tx.query<{ id: string }>(insertSql(collection, '$1'), [rowsParameter(collection, docs)]);
  return new Set(result.rows.map((r) => r.id));
}

/** Who pushed a batch: its collection, user and device, and the server time. */
export type Pusher = Omit<Who, 'docId'>;

/** An audit entry of one document of a batch: kind `change` [S9] or `lost` [S19]. */
export interface BatchEntry extends LostEntry {
  docId: string;
  kind: 'change' | 'lost';
}

/**
 * A batch's audit entries in one statement, in the given order (entry ids follow it [H1]). A `lost`
 * entry whose value the history already holds for that document and path from this user and device
 * (a re-sent row, a lost reply, a second tab, or a value once accepted) is not written again [S19] —
 * nor one an earlier entry of the same batch holds, as if each were inserted in turn. The caller holds
 * the documents' row locks, so two pushes of one document cannot both pass the check.
 */
export async function writeEntries(tx: Queryable, who: Pusher, entries: readonly BatchEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(entriesSql(entries, '$4', '$1', '$2', '$3', ''), [who.collection, who.userId, who.deviceId, entriesParameter(entries)]);
}

const entriesParameter = (entries: readonly BatchEntry[]) =>
  JSON.stringify(entries.map((e) => ({ doc: e.docId, path: e.path, old: e.old, new: e.new, kind: e.kind, at: new Date(e.at).toISOString() })));

/**
 * The INSERT of writeEntries with its parameters named: the entries, the collection, the user, the
 * device; `when`, a condition every entry is written under ('' for none).
 */
function entriesSql(entries: readonly BatchEntry[], rows: string, collection: string, user: string, device: string, when: string): string {
  const entry = `SELECT n, e->>'doc' AS doc_id, e->>'path' AS path, e->'old' AS old, e->'new' AS new, e->>'kind' AS kind,
      (e->>'at')::timestamptz AS at
    FROM jsonb_array_elements(${rows}::jsonb) WITH ORDINALITY AS t(e, n)`;
  const insert = `INSERT INTO audit (collection, doc_id, path, old, new, user_id, device_id, at, kind)
    SELECT ${collection}::text, e.doc_id, e.path, e.old, e.new, ${user}::text, ${device}::text, e.at, e.kind`;
  const also = when ? ` AND ${when}` : '';
  // Without lost entries, nothing to look up: the plain insert (the common case, and cheaper).
  if (!entries.some((e) => e.kind === 'lost')) return `${insert} FROM (${entry}) e WHERE true${also} ORDER BY e.n`;
  return `${insert} FROM (${entry}) e
       WHERE (e.kind <> 'lost' OR NOT (
         EXISTS (
           SELECT 1 FROM audit a
           WHERE a.collection = ${collection}::text AND a.doc_id = e.doc_id AND a.path = e.path AND a.new = e.new
             AND a.user_id = ${user}::text AND a.device_id = ${device}::text)
         OR EXISTS (SELECT 1 FROM (${entry}) p WHERE p.n < e.n AND p.doc_id = e.doc_id AND p.path = e.path AND p.new = e.new)))${also}
       ORDER BY e.n`;
}

/** A refused row of a batch: what the user sent and why [S8]. */
export interface Refusal {
  docId: string;
  code: string;
  issues: readonly FieldIssue[];
  doc: unknown;
}

/**
 * Keeps a batch's refused rows with what the user sent, in one statement [S8]. A document jsonb
 * cannot hold (U+0000, broken surrogates, nesting deeper than any document) is kept as its JSON text
 * in a jsonb string, so even that is not lost; a row without a document keeps none (SQL NULL).
 */
export async function logRefusals(tx: Queryable, who: Pusher, refusals: readonly Refusal[]): Promise<void> {
  if (refusals.length === 0) return;
  await tx.query(refusalsSql('$5', '$1', '$2', '$3', '$4', ''), [
    who.collection, who.userId, who.deviceId, new Date(who.at).toISOString(), refusalsParameter(refusals),
  ]);
}

function refusalsParameter(refusals: readonly Refusal[]): string {
  return JSON.stringify(refusals.map((r) => ({
    id: r.docId,
    code: r.code,
    issues: r.issues.map((i) => ({ field: safeFieldName(i.field), code: safeFieldName(i.code) })),
    // Absent (undefined) when there is no document: e->'doc' is then NULL.
    doc: r.doc === undefined ? undefined : unsafeJson(r.doc) === null ? r.doc : JSON.stringify(boundedCopy(r.doc)),
  })));
}

function refusalsSql(rows: string, collection: string, user: string, device: string, at: string, when: string): string {
  return `INSERT INTO refused_changes (collection, doc_id, user_id, device_id, code, issues, doc, at)
     SELECT ${collection}::text, e->>'id', ${user}::text, ${device}::text, e->>'code', e->'issues', e->'doc', ${at}::timestamptz
     FROM jsonb_array_elements(${rows}::jsonb) WITH ORDINALITY AS t(e, n)
     ${when ? `WHERE ${when}` : ''}
     ORDER BY n`;
}

/** Everything a push batch writes: its stored rows' new states, its new rows, its audit entries, its refused rows. */
export interface BatchWrites {
  updates: readonly StoredDoc[];
  inserts: readonly StoredDoc[];
  entries: readonly BatchEntry[];
  refusals: readonly Refusal[];
}

/**
 * A batch's writes in one statement (data-modifying CTEs), each part as updateDocs, insertDocs,
 * writeEntries and logRefusals write it [S1, S8, S9, S19]. The audit entries and refused rows are
 * written only when every insert went in (`logged`): an insert that found its id taken (another push
 * created it meanwhile) leaves its row to be decided again, and the caller then writes the logs of
 * the whole batch itself, in row order. Returns the ids inserted.
 */
export async function writeBatch(tx: Queryable, who: Pusher, writes: BatchWrites): Promise<{ inserted: Set<string>; logged: boolean }> {
  const { updates, inserts, entries, refusals } = writes;
  const collection = who.collection as PushCollection;
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const parts: string[] = [];
  if (updates.length) parts.push(`upd AS (${updateSql(collection, param(rowsParameter(collection, updates)))} RETURNING t.id)`);
  if (inserts.length) parts.push(`ins AS (${insertSql(collection, param(rowsParameter(collection, inserts)))})`);
  // Every insert went in: only then are the logs written here.
  const ok = inserts.length ? `(SELECT count(*) FROM ins) = ${param(inserts.length)}::bigint` : 'true';
  if (entries.length || refusals.length) {
    const [c, u, d] = [param(who.collection), param(who.userId), param(who.deviceId)];
    if (entries.length) parts.push(`aud AS (${entriesSql(entries, param(entriesParameter(entries)), c, u, d, ok)} RETURNING 1)`);
    if (refusals.length) {
      parts.push(`ref AS (${refusalsSql(param(refusalsParameter(refusals)), c, u, d, param(new Date(who.at).toISOString()), ok)} RETURNING 1)`);
    }
  }
  if (parts.length === 0) return { inserted: new Set(), logged: true };
  const result = await tx.query<{ inserted: string[]; logged: boolean }>(
    `WITH ${parts.join(',\n')}
     SELECT ${inserts.length ? 'ARRAY(SELECT id FROM ins)' : "'{}'::text[]"} AS inserted, ${ok} AS logged`,
    params,
  );
  const row = result.rows[0]!;
  return { inserted: new Set(row.inserted), logged: row.logged };
}
