// The PostgreSQL database: a pg pool; each transaction runs on a dedicated pooled client.
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { IDLE_IN_TRANSACTION_MS, withRetries, type Database, type QueryResult, type Queryable } from './database.ts';

type Client = pg.Pool | pg.PoolClient;

function wrap(client: Client): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await client.query(sql);
    },
  };
}

export interface PostgresOptions {
  connectionString: string;
  /** Pool size; concurrent transactions beyond it wait for a client. */
  max?: number;
  logger: Logger;
}

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    // [S30] a transaction left idle (a bug, a hung request) is ended instead of holding back every pull.
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
  });
  // An idle client that loses its connection emits 'error' on the pool; unhandled, it kills the process.
  pool.on('error', (error) => options.logger.warn('postgres idle client error', { error }));
  await pool.query('SELECT 1'); // fail at start, not at the first request
  const direct = wrap(pool);
  return {
    kind: 'postgres',
    query: direct.query,
    exec: direct.exec,
    transaction: (fn) => withRetries(
      async () => {
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          await client.query('BEGIN');
          const result = await fn(wrap(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            broken = rollbackError as Error; // the connection is unusable: drop it from the pool
          }
          throw error;
        } finally {
          client.release(broken);
        }
      },
      (attempt, error) => options.logger.warn('transaction retried', { attempt, code: (error as { code?: string }).code }),
    ),
    close: () => pool.end(),
  };
}
