// The small database interface the server uses, implemented over PGlite (embedded) and pg (PostgreSQL).

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** A connection or a transaction: one statement per `query`, several (no parameters) per `exec`. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  exec(sql: string): Promise<void>;
}

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /**
   * Runs `fn` in one transaction (READ COMMITTED unless `fn` starts with SET TRANSACTION) on a
   * dedicated connection; commits when it resolves, rolls back when it throws, and runs it again on a
   * deadlock or serialization failure (`withRetries`) — so `fn` touches nothing but `tx`. Inside
   * `fn`, use only `tx`: on PGlite, a query on the database itself would wait for this transaction forever.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** SQLSTATEs after which re-running the whole transaction is the right answer. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/** [S30] Attempts of one transaction before a serialization failure or deadlock is given up as an error. */
export const TRANSACTION_ATTEMPTS = 5;
/** [S30] A connection idle inside a transaction this long is ended by PostgreSQL: one stuck transaction holds back every pull of the cluster [S1]. */
export const IDLE_IN_TRANSACTION_MS = 30_000;

/**
 * The one transaction runner of every route [S30]: runs `attempt` (one whole transaction) again after a
 * serialization failure or a deadlock, up to TRANSACTION_ATTEMPTS times, with a short random pause so
 * the transactions that collided do not collide again. `attempt` must have no effect outside the
 * transaction, since it may run more than once.
 */
export async function withRetries<T>(attempt: () => Promise<T>, onRetry?: (n: number, error: unknown) => void): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryable(error) || n >= TRANSACTION_ATTEMPTS) throw error;
      onRetry?.(n, error);
      await new Promise((resume) => setTimeout(resume, Math.random() * 10 * n));
    }
  }
}

/** unique_violation: another transaction inserted the same key first. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}
