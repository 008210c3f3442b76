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
   * dedicated connection; commits when it resolves, rolls back when it throws. Inside `fn`, use
   * only `tx`: on PGlite, a query on the database itself would wait for this transaction forever.
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

/** unique_violation: another transaction inserted the same key first. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}
