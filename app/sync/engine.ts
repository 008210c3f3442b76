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
import { stepOn } from '../local-db/bench-steps.ts';
import type { KartotekaDatabase } from '../local-db/database.ts';
import { pendingCount$, pendingIds } from '../local-db/pending.ts';
import { refused$, type RefusedChange } from '../local-db/refused.ts';
import { log } from '../log.ts';
import { ApiError, NetworkError, isOutdated, isUnauthorized } from './api.ts';
import { reconcileFailedWrites, reconcilePending } from './pending-reconcile.ts';
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
  /** Null until the replication module has loaded (it is not part of the app shell; a moment after start). */
  replications: Replications | null;
  /** Resolves with `replications` once they exist. */
  ready: Promise<Replications>;
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

/** The replications of the running sync, none while they are still loading. */
const replicationsOf = (current: Running | null) => Object.values(current?.replications ?? {}) as Replications[keyof Replications][];

async function pauseReplication(): Promise<void> {
  await Promise.all(replicationsOf(running).map((r) => r.pause()));
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
    beforePush: () => flushFirst(db, sentFirst[name] ?? [], () => started.replications!),
  });

  const subscriptions = [
    pendingCount$(db).subscribe({ next: (n) => statusInput.setPendingCount(n) }),
    // A refused row leaves the pending set; until the user has read it the device is not "synced".
    refused$(db).subscribe({ next: (items) => statusInput.setRefusedCount(items.length) }),
  ];
  // Coming back online: retry at once instead of waiting for the next retry tick.
  const onOnline = () => {
    stream.reconnect();
    replicationsOf(started).forEach((r) => r.reSync());
  };
  window.addEventListener('online', onOnline);
  // RxDB's replication plugin comes with the database's chunk, already loaded once `db` is open.
  const ready = import('./replication.ts').then(({ replicateCollection }): Replications => {
    if (running !== started) throw new Error('sync stopped');
    const replications: Replications = {
      orders: replicateCollection<Order>(db, 'orders', hooksOf('orders')),
      clients: replicateCollection<Client>(db, 'clients', hooksOf('clients')),
      assignments: replicateCollection<Assignment>(db, 'assignments', hooksOf('assignments')),
      users: replicateCollection<DirectoryUser>(db, 'users', hooksOf('users')),
      attributes: replicateCollection<Attribute>(db, 'attributes', hooksOf('attributes')),
      comments: replicateCollection<Comment>(db, 'comments', hooksOf('comments')),
    };
    started.replications = replications;
    // Activity and every error$ emission (a page that cannot be stored, a failed push) [S17].
    subscriptions.push(...SYNC_COLLECTIONS.map((name) => watchReplication(name, replications[name])));
    return replications;
  });
  const started: Running = {
    db, replications: null, ready, stream, subscriptions, removeListeners: () => window.removeEventListener('online', onOnline),
  };
  running = started;
  // A tab that does not replicate (another tab of this browser leads, replication.ts) has no transfer of
  // its own to wait for: its status shows the device's unsent and refused records, which all tabs share.
  // (Asked of the lock itself: right after start this tab may simply not have been granted it yet.)
  void ready.then(() => {
    if (running !== started || leads(db)) return;
    db.leaderElector().hasLeader()
      .then((taken) => {
        if (taken && running === started && !leads(db)) statusInput.setInitialDone(true);
      })
      .catch((error: unknown) => log.warn('leader check failed', error));
  }, () => undefined);
  void Promise.all([ready, ready.then(() => leadership(db))]).then(([replications]) => {
    if (running !== started) return;
    statusInput.setInitialDone(false);
    Promise.all(Object.values(replications).map((r) => r.awaitInitialReplication()))
      .then(() => {
        if (running === started) statusInput.setInitialDone(true);
      })
      .catch((error: unknown) => log.warn('initial replication did not complete', error));
    reconcilePending(db, replications).catch((error: unknown) => log.warn('pending reconcile failed', error));
    started.subscriptions.push(reconcileFailedWrites(db, replications));
  }, (error: unknown) => {
    if (running === started) log.error('replication did not start', error);
  });
}

/** True when this tab replicates: the database is not shared with other tabs, or this tab leads them. */
function leads(db: KartotekaDatabase): boolean {
  return !db.multiInstance || !stepOn('leader') || db.isLeader();
}

/** Resolves once this tab replicates (at once when it does; never in a tab that never leads). */
function leadership(db: KartotekaDatabase): Promise<unknown> {
  return leads(db) ? Promise.resolve() : db.waitForLeadership();
}

const FLUSH_FIRST_MS = 5_000;
/** How long a starting tab waits to be granted the leadership before it takes another tab for the leader. */
const LEADER_GRANT_MS = 500;

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
  await Promise.all(replicationsOf(current).map((r) => r.cancel()));
  statusInput.reset();
}

/**
 * Pushes what is pending and resolves true once nothing is left, false when that does not happen
 * within `timeoutMs` (offline, server failing): the logout confirmation waits on this.
 */
export async function flushPending(timeoutMs: number): Promise<boolean> {
  const current = running;
  if (!current) return pendingCount() === 0;
  replicationsOf(current).forEach((r) => r.reSync());
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
  const pulled = current.ready.then(async (replications) => {
    // Right after start this tab may simply not have been granted the lock yet: give the election a
    // moment. A tab that another tab leads has no pull of its own: it shows what the leader stores.
    if (!leads(current.db)) await Promise.race([leadership(current.db), new Promise((resolve) => setTimeout(resolve, LEADER_GRANT_MS))]);
    if (!leads(current.db)) return;
    await replications[name].awaitInitialReplication();
  });
  await Promise.race([pulled.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
}
