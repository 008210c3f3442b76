// The device's RxDB database 'kartoteka' (IndexedDB via Dexie): opening it once, closing it, wiping it.
import {
  addRxPlugin, createRxDatabase, removeRxDatabase,
  type RxCollection, type RxDatabase, type RxJsonSchema, type RxStorage,
} from 'rxdb/plugins/core';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { Assignment } from '../../schemas/entities/assignment.ts';
import type { Attribute } from '../../schemas/entities/attribute.ts';
import type { Client } from '../../schemas/entities/client.ts';
import type { Comment } from '../../schemas/entities/comment.ts';
import type { DirectoryUser } from '../../schemas/entities/directory-user.ts';
import type { Order } from '../../schemas/entities/order.ts';
import { log } from '../log.ts';
import { DEVICE_COLLECTIONS } from './collections.ts';
import { conflictHandlerFor } from './conflict-handler.ts';
import { wrappedValidateAjvStorage } from './validate-storage.ts';

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

addRxPlugin(RxDBLocalDocumentsPlugin);
// Opens databases stored by older app versions: migrationStrategies in collections.ts [S16].
addRxPlugin(RxDBMigrationSchemaPlugin);

// Validation runs in production too: without it an invalid document would be stored silently (STACK.md).
const storage = wrappedValidateAjvStorage({ storage: getRxStorageDexie() });

let opening: Promise<KartotekaDatabase> | null = null;

/** The database with every collection on a given storage; tests pass an in-memory IndexedDB. */
export async function createDatabase(options: { name: string; storage: RxStorage<unknown, unknown>; multiInstance?: boolean }): Promise<KartotekaDatabase> {
  const db = await createRxDatabase<KartotekaCollections>({
    name: options.name,
    storage: options.storage,
    multiInstance: options.multiInstance ?? true,
    localDocuments: true,
    closeDuplicates: true,
  });
  try {
    await addCollections(db);
  } catch (error) {
    // Closed so the next attempt can open the name again; a failed migration keeps the old data.
    await db.close();
    throw error;
  }
  return db;
}

async function addCollections(db: KartotekaDatabase): Promise<void> {
  const { orders, clients, assignments, users, attributes, comments } = DEVICE_COLLECTIONS;
  // An older database is migrated here, before any collection is used [S16] (RxDB's autoMigrate).
  await db.addCollections({
    // The shared per-field merge, never RxDB's default handler that drops the device's edit [M1–M8].
    orders: { ...orders, schema: orders.schema as RxJsonSchema<Order>, conflictHandler: conflictHandlerFor<Order>('orders') },
    clients: { ...clients, schema: clients.schema as RxJsonSchema<Client>, conflictHandler: conflictHandlerFor<Client>('clients') },
    // Never written on the device, so never in conflict: RxDB's default handler is never asked.
    assignments: { ...assignments, schema: assignments.schema as RxJsonSchema<Assignment> },
    users: { ...users, schema: users.schema as RxJsonSchema<DirectoryUser> },
    attributes: { ...attributes, schema: attributes.schema as RxJsonSchema<Attribute>, conflictHandler: conflictHandlerFor<Attribute>('attributes') },
    // Append-only [C1]: a stored comment never changes, so a conflict only ever repeats the server's copy.
    comments: { ...comments, schema: comments.schema as RxJsonSchema<Comment>, conflictHandler: conflictHandlerFor<Comment>('comments') },
  });
}

async function open(): Promise<KartotekaDatabase> {
  if (import.meta.env.DEV) {
    // Dev-mode checks schemas and queries; it adds ~100 kB, so production never loads it.
    const { RxDBDevModePlugin, disableWarnings } = await import('rxdb/plugins/dev-mode');
    disableWarnings();
    addRxPlugin(RxDBDevModePlugin);
  }
  const db = await createDatabase({ name: DATABASE_NAME, storage });
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
  else await removeRxDatabase(DATABASE_NAME, storage);
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
