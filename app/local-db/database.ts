// The device's RxDB database 'kartoteka' (IndexedDB via Dexie): opening it once, closing it, wiping it.
// RxDB itself is in rxdb-database.ts, loaded when the database is first needed, not with the app shell.
import type { RxCollection, RxDatabase, RxStorage } from 'rxdb/plugins/core';
import type { Assignment } from '../../schemas/entities/assignment.ts';
import type { Attribute } from '../../schemas/entities/attribute.ts';
import type { Client } from '../../schemas/entities/client.ts';
import type { Comment } from '../../schemas/entities/comment.ts';
import type { DirectoryUser } from '../../schemas/entities/directory-user.ts';
import type { Order } from '../../schemas/entities/order.ts';
import { log } from '../log.ts';

export const DATABASE_NAME = 'kartoteka';

export type OrderCollection = RxCollection<Order>;
export type ClientCollection = RxCollection<Client>;
export type AssignmentCollection = RxCollection<Assignment>;
export type DirectoryCollection = RxCollection<DirectoryUser>;
export type AttributeCollection = RxCollection<Attribute>;
export type CommentCollection = RxCollection<Comment>;
export type KartotekaCollections = {
  orders: OrderCollection;
  clients: ClientCollection;
  /** Pull-only: written by the server's binding and closing endpoints. */
  assignments: AssignmentCollection;
  /** Pull-only: the public user directory. */
  users: DirectoryCollection;
  /** Custom attribute definitions. */
  attributes: AttributeCollection;
  comments: CommentCollection;
};
export type KartotekaDatabase = RxDatabase<KartotekaCollections>;

let opening: Promise<KartotekaDatabase> | null = null;

const rxdb = () => import('./rxdb-database.ts');

/**
 * Starts loading RxDB's chunk (not part of the app shell) without opening anything: at start on a
 * signed-in device, so the database opens as soon as the session is confirmed; while the login page shows.
 */
export function preloadDatabase(): void {
  rxdb().catch((error: unknown) => log.warn('loading the database code failed', error));
}

/** The database with every collection on a given storage; tests pass one on an in-memory IndexedDB. */
export async function createDatabase(options: { name: string; storage: RxStorage<unknown, unknown>; multiInstance?: boolean }): Promise<KartotekaDatabase> {
  return (await rxdb()).openDatabase(options);
}

async function open(): Promise<KartotekaDatabase> {
  const db = await (await rxdb()).openAppDatabase(DATABASE_NAME);
  requestPersistence();
  return db;
}

/** Asks the browser not to evict the database under storage pressure (QUALITY.md); a refusal is only logged. */
function requestPersistence(): void {
  const storageManager = navigator.storage;
  if (!storageManager?.persist) return;
  storageManager.persisted()
    .then((already) => (already ? true : storageManager.persist()))
    .then((granted) => {
      if (!granted) log.info('persistent storage not granted; the browser may evict local data');
    })
    .catch((error: unknown) => log.warn('storage.persist failed', error));
}

/** The database, opened on first use and shared afterwards. */
export function getDatabase(): Promise<KartotekaDatabase> {
  opening ??= open().catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

export async function closeDatabase(): Promise<void> {
  const pending = opening;
  opening = null;
  if (pending) await (await pending.catch(() => null))?.close();
}

/**
 * Deletes every local document, checkpoint and pending mark: on logout and when the server refuses the
 * session. Replication must be stopped first, or it would write into the database being removed.
 */
export async function wipeDatabase(): Promise<void> {
  const pending = opening;
  opening = null;
  const db = pending ? await pending.catch(() => null) : null;
  if (db) await db.remove();
  else await (await rxdb()).removeDatabase(DATABASE_NAME);
  await deleteLeftoverStores();
}

/**
 * RxDB's Dexie storage empties its tables on remove but keeps the IndexedDB databases; on a shared
 * tablet nothing of the previous user should stay, so the emptied databases go too.
 */
async function deleteLeftoverStores(): Promise<void> {
  if (typeof indexedDB.databases !== 'function') return;
  const prefix = `rxdb-dexie-${DATABASE_NAME}--`;
  const names = (await indexedDB.databases()).map((info) => info.name ?? '').filter((name) => name.startsWith(prefix));
  await Promise.all(names.map((name) => new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    // 'blocked': another tab still holds it open; it is already empty, and it goes when that tab closes.
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  })));
}
