// RxDB replication of one collection over the HTTP protocol: pull, push (conflicts back to RxDB, refused
// rows surfaced, acknowledged rows cleared from the pending set) and the SSE-fed pull stream.
import { merge, Subject, type Observable } from 'rxjs';
import {
  replicateRxCollection, type RxReplicationState,
} from 'rxdb/plugins/replication';
import type { RxCollection, RxConflictHandler, WithDeleted } from 'rxdb/plugins/core';
import type { Assignment } from '../../schemas/entities/assignment.ts';
import type { Attribute } from '../../schemas/entities/attribute.ts';
import type { Client } from '../../schemas/entities/client.ts';
import type { DirectoryUser } from '../../schemas/entities/directory-user.ts';
import type { Order } from '../../schemas/entities/order.ts';
import {
  MAX_DOCUMENT_BYTES, MAX_PULL_LIMIT, MAX_PUSH_ROWS, isPushCollection, type Checkpoint, type PullResponse, type PushResponse, type PushRow, type SyncCollection,
} from '../../schemas/protocol/sync.ts';
import { tombstone } from '../../schemas/entities/tombstone.ts';
import type { Comment } from '../../schemas/entities/comment.ts';
import { stepOn } from '../local-db/bench-steps.ts';
import type { KartotekaDatabase } from '../local-db/database.ts';
import { pendingIds, settleUnchanged, type SettledState } from '../local-db/pending.ts';
import { recordRefused, type RefusedChange } from '../local-db/refused.ts';
import type { DeviceConflictHandler } from '../local-db/conflict-handler.ts';
import { api } from './api.ts';
import { pushRequests } from './push-requests.ts';
import { jsonOver } from '../../schemas/protocol/utf8.ts';

type Doc = Order | Client | Attribute | Comment;
const BEHIND_RETRY_MS = 1_000;
export type AnyDoc = Doc | Assignment | DirectoryUser;

export interface ReplicationHooks {
  /** Wraps every request so the engine sees successes and failures (offline, 401, 426). */
  request<T>(send: () => Promise<T>): Promise<T>;
  resync$: Observable<'RESYNC'>;
  onRefused(changes: RefusedChange[]): void;
  /**
   * Runs before each push: a collection whose documents refer to another's (a record to its order's
   * attributes, an order to attributes) first lets that one send what it has, so the server never
   * sees a reference before its target.
   */
  beforePush?(): Promise<void>;
  /** The HTTP call; `api` unless a test gives each simulated device its own transport. */
  call?: typeof api;
  /** The largest push body, bytes; MAX_PUSH_BYTES unless a test makes it small. */
  pushBytes?: number;
}

/**
 * Clears the marks of acknowledged rows the device has not changed since (pending.ts `settleUnchanged`).
 * A conflict counts only when the merge RxDB stores next equals the server's state: nothing left to send.
 */
export async function settleAcknowledged<T extends Doc>(
  db: KartotekaDatabase, name: SyncCollection, collection: RxCollection<T>,
  rows: readonly PushRow<T>[], conflicts: readonly WithDeleted<T>[],
): Promise<void> {
  const handler = collection.conflictHandler as RxConflictHandler<T>;
  const conflictById = new Map(conflicts.map((doc) => [doc.id, doc]));
  const acknowledged: SettledState[] = [];
  for (const row of rows) {
    const id = row.newDocumentState.id;
    const master = conflictById.get(id);
    if (!master) {
      acknowledged.push({ id, states: [row.newDocumentState] });
      continue;
    }
    const merged = await handler.resolve({
      assumedMasterState: row.assumedMasterState ?? undefined,
      realMasterState: master,
      newDocumentState: row.newDocumentState,
    }, 'pending-check');
    if (handler.isEqual(merged, master, 'pending-check')) acknowledged.push({ id, states: [row.newDocumentState, master] });
  }
  // A newer local edit made while the push was on its way stays pending: the next push carries it.
  await settleUnchanged(db, name, acknowledged);
}

function refusedChanges<T extends Doc>(name: SyncCollection, rows: readonly PushRow<T>[], response: PushResponse<T>): RefusedChange[] {
  const rowById = new Map(rows.map((row) => [row.newDocumentState.id, row.newDocumentState]));
  return response.refused.map((refused) => {
    const doc = rowById.get(refused.id);
    return {
      ...refused,
      collection: name,
      label: (doc && 'name' in doc ? doc.name : doc && 'label' in doc ? doc.label : '') || refused.id,
      orderId: doc && 'orderId' in doc ? doc.orderId : refused.id,
      at: Date.now(),
    };
  });
}

function pushHandler<T extends Doc>(db: KartotekaDatabase, name: SyncCollection, hooks: ReplicationHooks) {
  const collection = db[name] as unknown as RxCollection<T>;
  return {
    // [S29] As many rows as a push may carry, sent in requests within the body limit too.
    batchSize: MAX_PUSH_ROWS,
    handler: async (rows: unknown[]) => {
      await hooks.beforePush?.();
      const pushRows = rows as unknown as PushRow<T>[];
      // One request after another: each is its own transaction on the server. A failure part-way throws, and
      // RxDB sends the whole batch again; the rows already stored then answer as conflicts equal to what the
      // device holds, which resolve to nothing left to send.
      const response: PushResponse<T> = { conflicts: [], refused: [] };
      // [S10] A document over MAX_DOCUMENT_BYTES is refused as the server would refuse it, without sending it.
      const oversized = pushRows.filter((row) => jsonOver(JSON.stringify(row.newDocumentState), MAX_DOCUMENT_BYTES));
      const plan = pushRequests(oversized.length ? pushRows.filter((row) => !oversized.includes(row)) : pushRows, MAX_PUSH_ROWS, hooks.pushBytes);
      const { requests } = plan;
      const tooLarge = [...oversized, ...plan.tooLarge];
      for (const request of requests) {
        const answer = await hooks.request(() =>
          (hooks.call ?? api)<PushResponse<T>>('POST', `/api/sync/${name}/push`, { rows: request }),
        );
        response.conflicts.push(...answer.conflicts);
        response.refused.push(...answer.refused);
      }
      // [S10][S29] A document over the limit, or a row no request can carry (its earlier state is large too), is
      // refused here as the server refuses a whole document: the record goes back to the state the server last
      // gave this device (a new one stays as typed), and what the user typed is kept in the refused log below.
      // Sent, such a row would be answered 413 on every attempt and hold back every row after it.
      for (const row of tooLarge) {
        response.refused.push({ id: row.newDocumentState.id, code: 'VALIDATION', issues: [{ field: '', code: 'document.tooLarge' }] });
        if (row.assumedMasterState) response.conflicts.push(row.assumedMasterState);
      }
      const conflicts = [...(response.conflicts as WithDeleted<T>[])];
      // [S18][S8] A refused edit of a document the server once gave this device, answered with no copy:
      // the server holds nothing this user may read under that id (the record left their scope, or is
      // gone) and never says which. The device removes its copy as a removal from the server would —
      // RxDB ignored that removal while the edit was unsent, and the pull has moved past it — and the
      // typed values stay in the refused log (recorded above, and on the server).
      const answered = new Set(conflicts.map((doc) => doc.id));
      const refusedIds = new Set(response.refused.map((row) => row.id));
      for (const row of pushRows) {
        const id = row.newDocumentState.id;
        if (row.assumedMasterState && refusedIds.has(id) && !answered.has(id)) conflicts.push(tombstone(name, id) as unknown as WithDeleted<T>);
      }
      const typed = new Map(pushRows.map((row) => [row.newDocumentState.id, row.newDocumentState]));
      const refusedHere = new Set(tooLarge.map((row) => row.newDocumentState.id));
      const refused = refusedChanges(name, pushRows, response).map((change): RefusedChange => ({
        ...change, doc: typed.get(change.id), ...(refusedHere.has(change.id) ? { onDevice: true as const } : {}),
      }));
      if (refused.length > 0) {
        // Never dropped silently [S8]: kept on the device, with the typed document, and shown until read.
        await recordRefused(db, refused);
        hooks.onRefused(refused);
      }
      // [M6] Before RxDB resolves these conflicts: only the paths the server refused keep its values.
      (collection.conflictHandler as Partial<DeviceConflictHandler<T>>).noteRefused?.(
        pushRows.map((row) => row.newDocumentState.id), response.refused,
      );
      await settleAcknowledged(db, name, collection, pushRows, conflicts);
      return conflicts;
    },
  };
}

/**
 * [S27] The server could not use this device's checkpoint (or the device had none) and starts the collection again from the
 * beginning of the user's scope. What the device holds may include documents that left the scope
 * meanwhile, which no removal will ever name: every synced copy the first page does not bring back is
 * removed as the server removes (a tombstone through the pull, never a local delete that would
 * replicate), and later pages bring the rest back. Records with unsent changes are kept: they push,
 * and the server decides (and logs what it refuses).
 */
async function resetRemovals<T extends AnyDoc>(db: KartotekaDatabase, name: SyncCollection, arriving: readonly WithDeleted<T>[]): Promise<WithDeleted<T>[]> {
  const collection = db[name] as unknown as RxCollection<T>;
  const keep = new Set([...arriving.map((doc) => doc.id), ...(await pendingIds(db, name))]);
  const held = await collection.find().exec();
  return held.filter((doc) => !keep.has(doc.primary)).map((doc) => tombstone(name, doc.primary) as unknown as WithDeleted<T>);
}

/** Replicates one collection; `assignments` and `users` are pull-only (the server writes them). */
export function replicateCollection<T extends AnyDoc>(
  db: KartotekaDatabase, name: SyncCollection, hooks: ReplicationHooks,
): RxReplicationState<T, Checkpoint> {
  const collection = db[name] as unknown as RxCollection<T>;
  // The server says changes wait behind an older transaction: ask again a moment later [S1].
  const retry$ = new Subject<'RESYNC'>();
  return replicateRxCollection<T, Checkpoint>({
    // Stable across releases: a new identifier would restart from an empty checkpoint.
    replicationIdentifier: `kartoteka-http-${name}`,
    collection,
    live: true,
    retryTime: 5_000,
    // One tab per browser replicates: the first to open the database holds RxDB's leadership (a Web Lock)
    // until it closes, visible or hidden, and the next tab takes over. The others show what it writes
    // (RxDB posts each change to the other tabs) and their own edits go out through it (its upstream sees
    // them in the shared change stream). Two tabs pulling the same pages doubled a fresh device's initial
    // sync and raced on the replication's meta store; only the leader reads that store (write-path.ts).
    // Desktop Chrome does not freeze a tab holding a lock another tab waits for; a browser that freezes
    // the leader anyway (Chrome on Android, in the background) pauses sync until it is resumed, closed or
    // discarded; records typed meanwhile stay on the device as unsent.
    waitForLeadership: stepOn('leader'),
    // RxDB would also start a follower when it comes into view: a second replicating tab. (The benchmark's
    // "before" switches the leader step off and gets the earlier setting back: every visible tab replicates.)
    toggleOnDocumentVisible: !stepOn('leader'),
    autoStart: true,
    pull: {
      batchSize: MAX_PULL_LIMIT,
      stream$: merge(hooks.resync$, retry$),
      handler: async (checkpoint, batchSize) => {
        const response = await hooks.request(() =>
          (hooks.call ?? api)<PullResponse<T>>('POST', `/api/sync/${name}/pull`, { checkpoint: checkpoint ?? null, limit: batchSize }),
        );
        if (response.behind) setTimeout(() => retry$.next('RESYNC'), BEHIND_RETRY_MS);
        // Removals arrive as schema-valid tombstones (schemas/entities/tombstone.ts), stored as they are.
        const documents = response.documents as WithDeleted<T>[];
        // A pull from no checkpoint is a fresh start too: RxDB keeps no checkpoint from a pull that
        // brings nothing, so a device none of whose pulls brought a document yet may hold its own
        // pushed documents (a comment) that left its scope meanwhile, which no removal walk names [S27].
        if (response.reset || checkpoint == null) documents.push(...(await resetRemovals(db, name, documents)));
        return { documents, checkpoint: response.checkpoint };
      },
    },
    ...(isPushCollection(name) ? { push: pushHandler(db, name, hooks) as never } : {}),
  });
}
