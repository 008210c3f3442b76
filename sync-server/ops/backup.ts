// Backup and restore as JSON lines: every table read in one REPEATABLE READ snapshot; a restore renumbers positions [S24].
import type { Database, Queryable } from '../db/database.ts';
import { LATEST_MIGRATION, migrate } from '../db/migrate.ts';

export const BACKUP_FORMAT = 'kartoteka-backup';
/** Not copied: the migration list is the backup's `migration`, and secrets are made anew by a restore. */
const NOT_DATA = new Set(['schema_migrations', 'server_secrets']);
const BATCH = 500;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: 1;
  /** The newest migration of the backed-up database: a restore loads the rows at this schema. */
  migration: number;
  /** Tables in an order that satisfies their foreign keys. */
  tables: string[];
  at: string;
}

type Line = BackupHeader | { t: string; r: Record<string, unknown> } | { end: true; rows: number };

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The data tables of the public schema, each after the tables its foreign keys point to. */
async function tablesInOrder(q: Queryable): Promise<string[]> {
  const tables = await q.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const refs = await q.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
     FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
  );
  const left = tables.rows.map((t) => t.name).filter((name) => !NOT_DATA.has(name)).sort();
  const ordered: string[] = [];
  while (left.length) {
    const next = left.findIndex((name) => refs.rows.every((r) => r.child !== name || r.parent === name || ordered.includes(r.parent)));
    if (next < 0) throw new Error(`foreign keys form a cycle among ${left.join(', ')}`);
    ordered.push(...left.splice(next, 1));
  }
  return ordered;
}

/**
 * Writes the whole database as lines (header, one line per row, a closing count) from one
 * snapshot: every table as of the same instant, while the server keeps running. On PGlite the
 * snapshot holds the single connection, so other requests wait for the dump (a second or so).
 */
export async function writeBackup(db: Database, write: (line: string) => void | Promise<void>, now = Date.now): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const migration = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const tables = await tablesInOrder(tx);
    const header: BackupHeader = { format: BACKUP_FORMAT, version: 1, migration: Number(migration.rows[0]?.v ?? 0), tables, at: new Date(now()).toISOString() };
    await write(`${JSON.stringify(header)}\n`);
    let rows = 0;
    for (const table of tables) {
      // A cursor: the table is read in slices, never held in memory whole.
      await tx.exec(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT to_jsonb(t) AS r FROM ${ident(table)} t`);
      for (;;) {
        const slice = await tx.query<{ r: Record<string, unknown> }>(`FETCH ${BATCH} FROM backup_rows`);
        for (const { r } of slice.rows) await write(`${JSON.stringify({ t: table, r } satisfies Line)}\n`);
        rows += slice.rows.length;
        if (slice.rows.length < BATCH) break;
      }
      await tx.exec('CLOSE backup_rows');
    }
    await write(`${JSON.stringify({ end: true, rows } satisfies Line)}\n`);
    return rows;
  });
}

/** Refusals a restore answers with; the CLI prints their message as is. */
export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

/** Rows in the database's data tables (0 for a database never migrated). */
export async function countRows(db: Queryable): Promise<number> {
  let total = 0;
  for (const table of await tablesInOrder(db)) {
    const result = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${ident(table)}`);
    total += Number(result.rows[0]?.n ?? 0);
  }
  return total;
}

function parseLine(text: string, lineNo: number): Line {
  try {
    return JSON.parse(text) as Line;
  } catch {
    throw new RestoreRefused(`line ${lineNo} of the backup is not JSON: the file is damaged`);
  }
}

/**
 * Loads a backup into `db`, which must hold no rows unless `force` (then everything in it is
 * dropped). The rows are loaded at the backup's schema version, then the newer migrations run.
 * Every position (xid8 columns and `seq`) is rewritten to the restoring transaction, in the
 * backup's order, and the checkpoint secret is new: devices' checkpoints are refused, so every
 * device pulls its scope again from the start [S24].
 */
export async function restoreBackup(db: Database, lines: AsyncIterable<string>, options: { force?: boolean } = {}): Promise<{ rows: number }> {
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = first.done ? undefined : (parseLine(first.value, 1) as BackupHeader);
  if (header?.format !== BACKUP_FORMAT || header.version !== 1) throw new RestoreRefused('this file is not a Kartoteka backup');
  if (header.migration > LATEST_MIGRATION) {
    throw new RestoreRefused(`the backup is from a newer version of Kartoteka (migration ${header.migration}; this one knows up to ${LATEST_MIGRATION})`);
  }
  const existing = await countRows(db);
  if (existing > 0 && !options.force) {
    throw new RestoreRefused(`the database is not empty (${existing} rows): restore into an empty database, or add --force to replace everything in it`);
  }
  // Empty or forced: start from a blank schema, so the backup's own schema version can be rebuilt.
  await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await migrate(db, header.migration);

  const rows = await db.transaction(async (tx) => {
    const tables = new Set(await tablesInOrder(tx));
    let batch: Record<string, unknown>[] = [];
    let table = '';
    let loaded = 0;
    let ended = false;
    const flush = async () => {
      if (!batch.length) return;
      await tx.query(`INSERT INTO ${ident(table)} SELECT * FROM jsonb_populate_recordset(NULL::${ident(table)}, $1::jsonb)`, [JSON.stringify(batch)]);
      loaded += batch.length;
      batch = [];
    };
    for (let lineNo = 2, next = await iterator.next(); !next.done; lineNo++, next = await iterator.next()) {
      if (!next.value.trim()) continue;
      const line = parseLine(next.value, lineNo);
      if ('end' in line) {
        await flush();
        if (line.rows !== loaded) throw new RestoreRefused(`the backup announces ${line.rows} rows but holds ${loaded}: the file is damaged`);
        ended = true;
        break;
      }
      if (!('t' in line) || !tables.has(line.t)) throw new RestoreRefused(`line ${lineNo} names an unknown table: the file is damaged`);
      if (line.t !== table || batch.length >= BATCH) await flush();
      table = line.t;
      batch.push(line.r);
    }
    if (!ended) throw new RestoreRefused('the backup ends early (no closing line): the file is truncated');
    await renumber(tx);
    return loaded;
  });
  await migrate(db);
  return { rows };
}

/** Positions of another cluster mean nothing here: every row gets this transaction's xid and a new seq. */
async function renumber(tx: Queryable): Promise<void> {
  const columns = await tx.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.udt_name AS data_type FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const c of columns.rows) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), `${c.column_name}:${c.data_type}`]);
  for (const [table, cols] of byTable) {
    const xids = cols.filter((c) => c.endsWith(':xid8')).map((c) => c.split(':')[0]!);
    if (!xids.length) continue;
    const sets = xids.map((c) => `${ident(c)} = pg_current_xact_id()`);
    if (cols.includes('seq:int8') && xids.includes('xid')) {
      // In the backup's order, so a device pulling from the start sees rows as they were ordered.
      await tx.exec(
        `UPDATE ${ident(table)} t SET ${sets.join(', ')}, seq = o.n FROM (
           SELECT id, nextval('change_seq') AS n FROM (SELECT id FROM ${ident(table)} ORDER BY xid, seq) s
         ) o WHERE t.id = o.id`,
      );
    } else {
      await tx.exec(`UPDATE ${ident(table)} SET ${sets.join(', ')}`);
    }
  }
  // Serial columns (audit ids, …) continue after the highest restored value.
  const serials = await tx.query<{ seq: string; tbl: string; col: string }>(
    `SELECT s.oid::regclass::text AS seq, t.oid::regclass::text AS tbl, a.attname AS col
     FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
     JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
     WHERE s.relkind = 'S' AND s.relnamespace = 'public'::regnamespace`,
  );
  for (const { seq, tbl, col } of serials.rows) {
    await tx.query(`SELECT setval($1::regclass, GREATEST(1, (SELECT max(${ident(col)}) FROM ${tbl})), (SELECT max(${ident(col)}) FROM ${tbl}) IS NOT NULL)`, [seq]);
  }
}
