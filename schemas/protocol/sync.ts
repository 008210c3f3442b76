// Wire types of the replication endpoints: /api/sync/<collection>/pull, /push and /stream.

export const SYNC_COLLECTIONS = ['orders', 'clients', 'assignments', 'users', 'attributes'] as const;
export type SyncCollection = (typeof SYNC_COLLECTIONS)[number];
/** Collections devices write; `assignments` and `users` are written by the server's own endpoints only. */
export const PUSH_COLLECTIONS = ['orders', 'clients', 'attributes'] as const;
export type PushCollection = (typeof PUSH_COLLECTIONS)[number];
export const isPushCollection = (name: SyncCollection): name is PushCollection => (PUSH_COLLECTIONS as readonly string[]).includes(name);

/**
 * A position in the server's change order: the writing transaction's id (xid8, as a decimal string)
 * and a row sequence inside it. Rows are read only below the oldest running transaction, so a
 * position never passes a change that commits later [S1].
 */
export interface Position {
  xid: string;
  seq: number;
}

/**
 * The pull checkpoint: one position per bucket the device holds [S3]. A bucket that appears in the
 * user's scope is read from its beginning; one that leaves is answered with removals [S4].
 */
export interface Checkpoint {
  buckets: Record<string, Position>;
}

export interface PullRequest {
  checkpoint: Checkpoint | null;
  limit: number;
}

/** A pulled document: the stored document with `_deleted`. Removals carry a minimal tombstone. */
export type PulledDocument<T> = T & { _deleted: boolean };

export interface PullResponse<T> {
  documents: PulledDocument<T>[];
  checkpoint: Checkpoint;
  /**
   * Committed changes wait behind an older transaction still running (S1): pull again shortly. The
   * commit's stream event was already spent on this pull, so nothing else would ask for them.
   */
  behind?: boolean;
}

export interface PushRow<T> {
  assumedMasterState: PulledDocument<T> | null;
  newDocumentState: PulledDocument<T>;
}

export interface PushRequest<T> {
  rows: PushRow<T>[];
}

export interface RefusedRow {
  id: string;
  code: 'VALIDATION' | 'FORBIDDEN' | 'ORDER_CLOSED';
  issues?: { field: string; code: string }[];
}

/**
 * conflicts: the stored (master) state of every row whose assumed state did not match or that the
 * user may not make [S6]; refused: rows kept in the refused-changes log, never silently dropped [S8].
 */
export interface PushResponse<T> {
  conflicts: PulledDocument<T>[];
  refused: RefusedRow[];
}

/** Server-sent event data on /api/sync/stream. */
export type StreamMessage = { type: 'changed'; collection: SyncCollection } | { type: 'resync' };

export const MAX_PULL_LIMIT = 1000;
export const MAX_PUSH_ROWS = 500;
