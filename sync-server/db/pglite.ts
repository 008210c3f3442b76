// The embedded database: PGlite (PostgreSQL 18 in WebAssembly) in a data directory, or in memory for tests.
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { withRetries, type Database, type QueryResult, type Queryable } from './database.ts';

type Runner = PGlite | Transaction;

function wrap(runner: Runner): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await runner.query<T>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await runner.exec(sql);
    },
  };
}

export interface PgliteOptions {
  /** A directory to keep the database in (created if missing); in memory without one. */
  dataDir?: string;
  /** Start from this dump (PGlite's dumpDataDir) instead of running initdb: tests clone a template. */
  loadDataDir?: Blob;
}

/**
 * Opens PGlite in `dataDir` (created if missing), or in memory without one. PGlite is a single
 * connection: its own `transaction()` holds a mutex, so transactions run one after another and
 * every other query waits for the running one — the serialisation the brief asks for.
 */
export async function openPglite(options: PgliteOptions = {}): Promise<Database & { dump(): Promise<Blob> }> {
  const { dataDir, loadDataDir } = options;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // relaxedDurability stays off: an acknowledged push must survive a crash (STACK.md).
  const pglite = await PGlite.create({ dataDir, loadDataDir });
  const direct = wrap(pglite);
  return {
    kind: 'pglite',
    query: direct.query,
    exec: direct.exec,
    // One connection never deadlocks with itself; the runner is the same as PostgreSQL's all the same [S30].
    transaction: (fn) => withRetries(() => pglite.transaction((tx) => fn(wrap(tx)))),
    close: () => pglite.close(),
    dump: () => pglite.dumpDataDir('none'),
  };
}
