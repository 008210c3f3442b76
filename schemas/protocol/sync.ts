// Wire types of the replication endpoints: /api/sync/<collection>/pull, /push and /stream.

export const SYNC_COLLECTIONS = ['orders', 'clients', 'assignments', 'users', 'attributes', 'comments'] as const;
export type SyncCollection = (typeof SYNC_COLLECTIONS)[number];
/** Collections devices write; `assignments` and `users` are written by the server's own endpoints only. */
export const PUSH_COLLECTIONS = ['orders', 'clients', 'attributes', 'comments'] as const;
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
 * The pull checkpoint, opaque to the device [S3, S25]. Its size does not grow with the number of
 * buckets: bucket sets are named by a digest the server stores (`bucket_sets`).
 * - `at`: every bucket of the held set `set` has been read up to this position;
 * - `fill`: buckets that entered the scope, read from their beginning, caught up to `fill.at` (< `at`);
 * - `rm`: removal walks of buckets that left the scope [S4]: ids created no later than `bound` (what
 *   the device could hold), walked after `at`;
 * - `iat`: when the server issued it; with `sig`, an HMAC over all of it, the user and the collection.
 */
export interface Checkpoint {
  v: 2;
  at: Position;
  set: string;
  /** Always present (null / empty): RxDB stacks checkpoints key by key, so an absent key would keep an older value. */
  fill?: { set: string; at: Position } | null;
  rm?: { set: string; bound: Position; at: Position }[];
  iat: number;
  sig: string;
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
  /**
   * The device's checkpoint could not be used (expired, from an older server, unknown): this pull
   * starts again from the beginning of the user's scope. The device drops its synced, unchanged
   * copies of the collection (as removals, never replicated upstream) and takes what arrives [S27].
   */
  reset?: boolean;
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

/** [S29] The most documents one pull returns; a page shorter than the asked limit means nothing remains [S26]. */
export const MAX_PULL_LIMIT = 1000;
/** [S29] The most rows one push carries. */
export const MAX_PUSH_ROWS = 500;
/** [S29] The largest push body, bytes of JSON (UTF-8); the app splits a batch into requests within it. */
export const MAX_PUSH_BYTES = 8 * 1024 * 1024;
/**
 * [S10] The largest document, bytes of its JSON (UTF-8): a row carries two states of a document, so any
 * row of documents within this limit fits in a push body [S29].
 */
export const MAX_DOCUMENT_BYTES = 3 * 1024 * 1024;
