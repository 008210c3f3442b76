// Starts and stops replication of every collection with one shared stream, and turns request outcomes
// (offline, server error, 401, 426), replication errors and refused changes into the sync status.
import type { Subscription } from 'rxjs';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Assignment } from '../../schemas/entities/assignment.ts';
import type { Attribute } from '../../schemas/entities/attribute.ts';
import type { Client } from '../../schemas/entities/client.ts';
import type { Comment } from '../../schemas/entities/comment.ts';
import type { DirectoryUser } from '../../schemas/entities/directory-user.ts';
import type { Order } from '../../schemas/entities/order.ts';
import { SYNC_COLLECTIONS, type Checkpoint, type SyncCollection } from '../../schemas/protocol/sync.ts';
import type { KartotekaDatabase } from '../local-db/database.ts';
import { pendingCount$, pendingIds } from '../local-db/pending.ts';
import { refused$, type RefusedChange } from '../local-db/refused.ts';
import { log } from '../log.ts';
import { ApiError, NetworkError, isOutdated, isUnauthorized } from './api.ts';
import { reconcilePending } from './pending-reconcile.ts';
import { replicateCollection } from './replication.ts';
import { watchReplication } from './replication-watch.ts';
import { browserOffline, outdated, pendingCount, statusInput } from './status.ts';
import { openSyncStream, type SyncStream } from './stream.ts';

export interface EngineHooks {
  /** The server refused the session (401): the caller wipes and signs out. */
  onUnauthorized(error: unknown): void;
  /** Some pushed rows were refused into the server's log. */
  onRefused(changes: RefusedChange[]): void;
  /** The stream was closed by the server: the caller re-checks the session. */
  onStreamRefused(): void;
}

interface Replications {
  orders: RxReplicationState<Order, Checkpoint>;
  clients: RxReplicationState<Client, Checkpoint>;
  assignments: RxReplicationState<Assignment, Checkpoint>;
  users: RxReplicationState<DirectoryUser, Checkpoint>;
  attributes: RxReplicationState<Attribute, Checkpoint>;
  comments: RxReplicationState<Comment, Checkpoint>;
}

interface Running {
  db: KartotekaDatabase;
  replications: Replications;
  stream: SyncStream;
  subscriptions: Subscription[];
  removeListeners: () => void;
}

let running: Running | null = null;

function classify(error: unknown, hooks: EngineHooks): void {
  if (error instanceof NetworkError) {
    statusInput.setServerUnreachable(true);
    return;
  }
  statusInput.setServerUnreachable(false);
  if (isUnauthorized(error)) hooks.onUnauthorized(error);
  else if (isOutdated(error)) {
    // Keep every unsynced write; stop asking until the app is updated [S12].
    statusInput.setOutdated(true);
    void pauseReplication();
  } else {
    statusInput.setFailing(true);
    log.warn('sync request failed', error instanceof ApiError ? `${error.status} ${error.code}` : error);
  }
}

async function pauseReplication(): Promise<void> {
  if (!running) return;
  await Promise.all(Object.values(running.replications).map((r) => r.pause()));
}

export function startSync(db: KartotekaDatabase, hooks: EngineHooks): void {
  if (running?.db === db) return;
  if (running) void stopSync();
  statusInput.reset();
  statusInput.setRunning(true);

  const stream = openSyncStream({ onRefused: hooks.onStreamRefused });
  const request = async <T>(send: () => Promise<T>): Promise<T> => {
    try {
      const result = await send();
      statusInput.setServerUnreachable(false);
      statusInput.setFailing(false);
      return result;
    } catch (error) {
      classify(error, hooks);
      throw error;
    }
  };
  const common = { request, onRefused: hooks.onRefused };
  // Documents refer to attributes (orders bind them, records hold their values) and records to
  // orders: those are sent first, so a reference made offline never arrives before its target.
  const sentFirst: Partial<Record<SyncCollection, SyncCollection[]>> = {
    orders: ['attributes'],
    clients: ['attributes', 'orders'],
    comments: ['attributes', 'orders', 'clients'], // a comment names its record [C2]
  };
  const hooksOf = (name: SyncCollection) => ({
    ...common,
    resync$: stream.resync$[name],
    beforePush: () => flushFirst(db, sentFirst[name] ?? [], () => replications),
  });
  const replications: Replications = {
    orders: replicateCollection<Order>(db, 'orders', hooksOf('orders')),
    clients: replicateCollection<Client>(db, 'clients', hooksOf('clients')),
    assignments: replicateCollection<Assignment>(db, 'assignments', hooksOf('assignments')),
    users: replicateCollection<DirectoryUser>(db, 'users', hooksOf('users')),
    attributes: replicateCollection<Attribute>(db, 'attributes', hooksOf('attributes')),
    comments: replicateCollection<Comment>(db, 'comments', hooksOf('comments')),
  };

  const subscriptions = [
    // Activity and every error$ emission (a page that cannot be stored, a failed push) [S17].
    ...SYNC_COLLECTIONS.map((name) => watchReplication(name, replications[name])),
    pendingCount$(db).subscribe({ next: (n) => statusInput.setPendingCount(n) }),
    // A refused row leaves the pending set; until the user has read it the device is not "synced".
    refused$(db).subscribe({ next: (items) => statusInput.setRefusedCount(items.length) }),
  ];
  // Coming back online: retry at once instead of waiting for the next retry tick.
  const onOnline = () => {
    stream.reconnect();
    Object.values(replications).forEach((r) => r.reSync());
  };
  window.addEventListener('online', onOnline);
  running = { db, replications, stream, subscriptions, removeListeners: () => window.removeEventListener('online', onOnline) };
  const started = running;
  Promise.all(Object.values(replications).map((r) => r.awaitInitialReplication()))
    .then(() => {
      if (running === started) statusInput.setInitialDone(true);
    })
    .catch((error: unknown) => log.warn('initial replication did not complete', error));
  reconcilePending(db, replications).catch((error: unknown) => log.warn('pending reconcile failed', error));
}

const FLUSH_FIRST_MS = 5_000;

/**
 * Waits (at most FLUSH_FIRST_MS) until these collections have nothing pending. A row the server
 * refused stays pending, so the wait is bounded: the dependent push then goes ahead, and the
 * server answers a dangling reference with a refusal that is shown and kept, never dropped.
 */
async function flushFirst(db: KartotekaDatabase, names: readonly SyncCollection[], replications: () => Replications): Promise<void> {
  const deadline = Date.now() + FLUSH_FIRST_MS;
  for (const name of names) {
    if ((await pendingIds(db, name)).length === 0) continue;
    replications()[name as 'attributes' | 'orders' | 'clients'].reSync();
    while ((await pendingIds(db, name)).length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Stops replication and the stream; the database stays open (and intact). */
export async function stopSync(): Promise<void> {
  const current = running;
  running = null;
  if (!current) return;
  current.removeListeners();
  current.subscriptions.forEach((s) => s.unsubscribe());
  current.stream.close();
  await Promise.all(Object.values(current.replications).map((r) => r.cancel()));
  statusInput.reset();
}

/**
 * Pushes what is pending and resolves true once nothing is left, false when that does not happen
 * within `timeoutMs` (offline, server failing): the logout confirmation waits on this.
 */
export async function flushPending(timeoutMs: number): Promise<boolean> {
  const current = running;
  if (!current) return pendingCount() === 0;
  Object.values(current.replications).forEach((r) => r.reSync());
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (pendingCount() === 0) return true;
    if (browserOffline() || outdated()) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return pendingCount() === 0;
}

/**
 * Resolves after the first complete pull of a collection, or after `timeoutMs` (offline, slow link):
 * a landing decision then uses whatever the device already holds.
 */
export async function awaitFirstPull(name: SyncCollection, timeoutMs: number): Promise<void> {
  const current = running;
  if (!current || browserOffline()) return;
  await Promise.race([
    current.replications[name].awaitInitialReplication().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, timeoutMs)),
  ]);
}
