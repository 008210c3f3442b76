// RxDB itself, loaded apart from the app shell (issue 12: the first screen needs none of it): the plugins,
// the device's storage stack and the collections. database.ts imports this module when the database is first
// needed; tests import it directly.
import {
  addRxPlugin, createRxDatabase, removeRxDatabase, type RxJsonSchema, type RxStorage,
} from 'rxdb/plugins/core';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { Assignment } from '../../schemas/entities/assignment.ts';
import type { Attribute } from '../../schemas/entities/attribute.ts';
import type { Client } from '../../schemas/entities/client.ts';
import type { Comment } from '../../schemas/entities/comment.ts';
import type { DirectoryUser } from '../../schemas/entities/directory-user.ts';
import type { Order } from '../../schemas/entities/order.ts';
import { benchHookOn, stepOn } from './bench-steps.ts';
import { DEVICE_COLLECTIONS } from './collections.ts';
import { conflictHandlerFor } from './conflict-handler.ts';
import type { KartotekaCollections, KartotekaDatabase } from './database.ts';
import { withListIndex } from './list-index.ts';
import { wrappedValidateAjvStorage } from './validate-storage.ts';
import { bulkLoadWritePath } from './write-path.ts';

addRxPlugin(RxDBLocalDocumentsPlugin);
// Opens databases stored by older app versions: migrationStrategies in collections.ts [S16].
addRxPlugin(RxDBMigrationSchemaPlugin);
// One tab replicates (app/sync/replication.ts): the tabs of this browser elect it.
addRxPlugin(RxDBLeaderElectionPlugin);

/**
 * The device's storage: RxDB's Dexie (IndexedDB) storage with the bulk-load write path (write-path.ts)
 * and the records list's indexes (list-index.ts), validated in production too: without validation an invalid document would be stored silently
 * (STACK.md). Tests pass fake-indexeddb's `indexedDB` and `IDBKeyRange`.
 */
export function deviceStorage(dexie: Parameters<typeof getRxStorageDexie>[0] = {}): RxStorage<unknown, unknown> {
  const steps = { metaLocal: stepOn('metaLocal'), optimisticInsert: stepOn('optimisticInsert'), knownIds: stepOn('knownIds'), changesSince: stepOn('changesSince') };
  return wrappedValidateAjvStorage({ storage: withListIndex(bulkLoadWritePath(getRxStorageDexie(dexie), steps)) }) as RxStorage<unknown, unknown>;
}

let appStorage: RxStorage<unknown, unknown> | undefined;
/** The storage of the app's own database (in the browser's IndexedDB). */
const browserStorage = () => (appStorage ??= deviceStorage());

/** The app's database (`name`) in the browser, in development with RxDB's dev-mode checks. */
export async function openAppDatabase(name: string): Promise<KartotekaDatabase> {
  if (import.meta.env.DEV) {
    // Dev-mode checks schemas and queries; it adds ~100 kB, so production never loads it.
    const { RxDBDevModePlugin, disableWarnings } = await import('rxdb/plugins/dev-mode');
    disableWarnings();
    addRxPlugin(RxDBDevModePlugin);
  }
  const db = await openDatabase({ name, storage: browserStorage() });
  // Only when the benchmark asked for it before start (tests/bench/offline-push.ts).
  if (benchHookOn()) (await import('./bench-hook.ts')).exposeForBench(db);
  return db;
}

/** The database with every collection on a given storage. */
export async function openDatabase(options: { name: string; storage: RxStorage<unknown, unknown>; multiInstance?: boolean }): Promise<KartotekaDatabase> {
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

/** Removes a database that is not open (its documents, checkpoints and local documents). */
export async function removeDatabase(name: string): Promise<void> {
  await removeRxDatabase(name, browserStorage());
}
