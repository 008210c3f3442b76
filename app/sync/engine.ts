// Starts and stops replication of both collections with one shared stream, and turns request outcomes
// (offline, server error, 401, 426) into the sync status.
import type { Subscription } from 'rxjs';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Client } from '../../schemas/entities/client.ts';
import type { Order } from '../../schemas/entities/order.ts';
import type { Checkpoint } from '../../schemas/protocol/sync.ts';
import type { KartotekaDatabase } from '../local-db/database.ts';
import { pendingCount$ } from '../local-db/pending.ts';
import type { RefusedChange } from '../local-db/refused.ts';
import { log } from '../log.ts';
import { ApiError, NetworkError, isOutdated, isUnauthorized } from './api.ts';
import { reconcilePending } from './pending-reconcile.ts';
import { replicateCollection } from './replication.ts';
import { browserOffline, outdated, pendingCount, statusInput } from './status.ts';
import { openSyncStream, type SyncStream } from './stream.ts';

export interface EngineHooks {
  /** The server refused the session (401): the caller wipes and signs out. */
  onUnauthorized(): void;
  /** Some pushed rows were refused into the server's log. */
  onRefused(changes: RefusedChange[]): void;
  /** The stream was closed by the server: the caller re-checks the session. */
  onStreamRefused(): void;
}

interface Running {
  db: KartotekaDatabase;
  orders: RxReplicationState<Order, Checkpoint>;
  clients: RxReplicationState<Client, Checkpoint>;
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
  if (isUnauthorized(error)) hooks.onUnauthorized();
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
  await Promise.all([running.orders.pause(), running.clients.pause()]);
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
  const orders = replicateCollection<Order>(db, 'orders', { ...common, resync$: stream.resync$.orders });
  const clients = replicateCollection<Client>(db, 'clients', { ...common, resync$: stream.resync$.clients });

  const subscriptions = [
    orders.active$.subscribe({ next: (active) => statusInput.setActive('orders', active) }),
    clients.active$.subscribe({ next: (active) => statusInput.setActive('clients', active) }),
    pendingCount$(db).subscribe({ next: (n) => statusInput.setPendingCount(n) }),
  ];
  // Coming back online: retry at once instead of waiting for the next retry tick.
  const onOnline = () => {
    stream.reconnect();
    orders.reSync();
    clients.reSync();
  };
  window.addEventListener('online', onOnline);
  running = { db, orders, clients, stream, subscriptions, removeListeners: () => window.removeEventListener('online', onOnline) };
  reconcilePending(db, { orders, clients }).catch((error: unknown) => log.warn('pending reconcile failed', error));
}

/** Stops replication and the stream; the database stays open (and intact). */
export async function stopSync(): Promise<void> {
  const current = running;
  running = null;
  if (!current) return;
  current.removeListeners();
  current.subscriptions.forEach((s) => s.unsubscribe());
  current.stream.close();
  await Promise.all([current.orders.cancel(), current.clients.cancel()]);
  statusInput.reset();
}

/**
 * Pushes what is pending and resolves true once nothing is left, false when that does not happen
 * within `timeoutMs` (offline, server failing): the logout confirmation waits on this.
 */
export async function flushPending(timeoutMs: number): Promise<boolean> {
  const current = running;
  if (!current) return pendingCount() === 0;
  current.orders.reSync();
  current.clients.reSync();
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
export async function awaitFirstPull(name: 'orders' | 'clients', timeoutMs: number): Promise<void> {
  const current = running;
  if (!current || browserOffline()) return;
  await Promise.race([
    current[name].awaitInitialReplication().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, timeoutMs)),
  ]);
}
