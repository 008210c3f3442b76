// One fuzzed device (a browser tab): a real RxDB database with the app's schemas, validation, conflict
// handler and replication code, talking to the in-process server through the simulated network. Its
// storage is RxDB's memory storage (fast: the many seeded runs of real-fuzz.test.ts) or the app's own
// device stack on fake-indexeddb (Dexie, the bulk-load write path and the records list's index layer:
// real-fuzz-device-storage.test.ts). Only the collections a scenario needs are opened: RxDB's open-source
// build allows 13 open collections per JavaScript realm (STACK.md), so a run's devices share that budget.
/// <reference types="vite/client" />
/// <reference path="../../app/local-db/validators.d.ts" />
import { combineLatest, of, Subject, type Observable, type Subscription } from 'rxjs';
import {
  addRxPlugin, createRxDatabase, type MigrationStrategies, type RxDatabase, type RxJsonSchema, type RxStorage,
} from 'rxdb/plugins/core';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { vi } from 'vitest';
import { assignmentSchema } from '../../schemas/entities/assignment.ts';
import { clientSchema } from '../../schemas/entities/client.ts';
import { commentSchema } from '../../schemas/entities/comment.ts';
import { directoryUserSchema } from '../../schemas/entities/directory-user.ts';
import { orderSchema } from '../../schemas/entities/order.ts';
import type { PublicUser } from '../../schemas/entities/user.ts';
import type { SyncCollection } from '../../schemas/protocol/sync.ts';
import type { Actor, Membership } from '../../schemas/rules/scope.ts';
import { DEVICE_COLLECTIONS } from '../../app/local-db/collections.ts';
import type { KartotekaDatabase } from '../../app/local-db/database.ts';
import { wrappedValidateAjvStorage } from '../../app/local-db/validate-storage.ts';
import { replicateCollection, type AnyDoc } from '../../app/sync/replication.ts';
import { isInjected, type Endpoint, type Network } from './network.ts';

/** The app's conflict-handler module keeps the signed-in user in a module variable: one copy per device. */
type ConflictModule = typeof import('../../app/local-db/conflict-handler.ts');
const slots: ConflictModule[] = [];

/** Loads `count` separate instances of the conflict-handler module (once per test file). */
export async function loadConflictModules(count: number): Promise<void> {
  while (slots.length < count) {
    vi.resetModules();
    slots.push(await import('../../app/local-db/conflict-handler.ts'));
  }
}

// The pending marks and refused log are local documents, as in app/local-db/database.ts.
addRxPlugin(RxDBLocalDocumentsPlugin);

/** Where a device keeps its database: RxDB's memory storage, or the app's device storage on fake IndexedDB. */
export type StorageKind = 'memory' | 'device';

// The app's storage stack (app/local-db/rxdb-database.ts) with memory instead of Dexie: validation included.
const memoryStorage = wrappedValidateAjvStorage({ storage: getRxStorageMemory() });

/** The app's device storage and the fake IndexedDB under it. */
interface DeviceStack {
  storage: RxStorage<unknown, unknown>;
  indexedDB: IDBFactory;
}
let deviceStack: Promise<DeviceStack> | undefined;

/**
 * Loaded on a first device-storage device only: rxdb-database.ts adds the app's RxDB plugins (migration,
 * leader election) to the realm, which the memory runs keep without.
 */
function loadDeviceStack(): Promise<DeviceStack> {
  return (deviceStack ??= (async () => {
    const [{ IDBKeyRange, indexedDB }, { deviceStorage }] = await Promise.all([
      import('fake-indexeddb'), import('../../app/local-db/rxdb-database.ts'),
    ]);
    return { storage: deviceStorage({ indexedDB, IDBKeyRange }), indexedDB };
  })());
}

/**
 * Deletes the IndexedDB databases of an RxDB database (RxDB's Dexie storage keeps one per store, named
 * `rxdb-dexie-<name>--<version>--<store>`, and its remove() only empties them): fake-indexeddb would keep
 * every run's in memory.
 */
async function deleteIndexedDb(factory: IDBFactory, name: string): Promise<void> {
  const prefix = `rxdb-dexie-${name}--`;
  for (const { name: stored } of await factory.databases()) {
    if (!stored?.startsWith(prefix)) continue;
    await new Promise<void>((resolve, reject) => {
      const request = factory.deleteDatabase(stored);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error ?? new Error(`${stored}: not deleted`));
      request.onblocked = () => reject(new Error(`${stored}: still open, not deleted`));
    });
  }
}

/** The IndexedDB databases left in the fake IndexedDB (none once every device of a run has closed). */
export async function leftoverDatabases(): Promise<string[]> {
  if (!deviceStack) return [];
  const { indexedDB } = await deviceStack;
  return (await indexedDB.databases()).map((d) => d.name ?? '');
}

const SCHEMAS: Record<SyncCollection, unknown> = {
  orders: orderSchema, clients: clientSchema, assignments: assignmentSchema, users: directoryUserSchema, attributes: null, comments: commentSchema,
};

/**
 * A collection as the device opens it. On the device storage, as the app does (rxdb-database.ts): the
 * device's schema versions with their migration strategies; the list's index layer keys only the current
 * version of `clients`, so the entity schema (version 0) would leave it out.
 */
function collectionOf(name: DeviceSpec['collections'][number], kind: StorageKind): { schema: RxJsonSchema<unknown>; migrationStrategies?: MigrationStrategies } {
  if (kind === 'memory') return { schema: SCHEMAS[name] as RxJsonSchema<unknown> };
  const { schema, migrationStrategies } = DEVICE_COLLECTIONS[name];
  return { schema, migrationStrategies };
}

export interface DeviceSpec {
  name: string;
  user: PublicUser;
  endpoint: Endpoint;
  /** The collections this device opens and replicates. */
  collections: readonly ('clients' | 'assignments' | 'users' | 'orders' | 'comments')[];
  /** The parts of the membership whose collection is not opened: given as the server knows them. */
  given: Membership;
}

export interface Device {
  spec: DeviceSpec;
  db: KartotekaDatabase;
  replications: Map<SyncCollection, RxReplicationState<AnyDoc, unknown>>;
  /** The stream's "pull now" (app/sync/stream.ts feeds the same subject in the app). */
  resync$: Subject<'RESYNC'>;
  /** Errors other than the ones the network injected: each is a finding. */
  errors: string[];
  /** The write rules' user as this device knows it right now. */
  actor(): Actor;
  close(): Promise<void>;
}

/**
 * The membership the device derives from its local copies, as app/local-db/membership.ts does: it
 * starts empty and follows the replicated assignments, directory and owned orders.
 */
function followMembership(db: KartotekaDatabase, spec: DeviceSpec, set: (actor: Actor) => void): Subscription {
  const { user, given } = spec;
  const has = (name: string) => spec.collections.includes(name as never);
  const none = of(null);
  set({ ...user, membership: { ...given, assignments: has('assignments') ? new Map() : given.assignments,
    managed: has('users') ? new Set() : given.managed, principalOf: has('orders') ? new Set() : given.principalOf } });
  return combineLatest([
    has('assignments') ? db.assignments.find({ selector: { userId: user.id } }).$ : none,
    has('users') ? db.users.find({ selector: { managerId: user.id } }).$ : none,
    has('orders') ? db.orders.find({ selector: { principalId: user.id } }).$ : none,
  ] as Observable<{ toJSON(): Record<string, unknown> }[] | null>[]).subscribe(([assignments, managed, owned]) => {
    const rows = (docs: { toJSON(): Record<string, unknown> }[]) => docs.map((d) => d.toJSON());
    set({
      ...user,
      membership: {
        assignments: assignments
          ? new Map(rows(assignments).map((a) => [String(a.orderId), { role: a.role as never, closed: a.closed === true }]))
          : given.assignments,
        managed: managed
          ? new Set(user.role === 'supervisor' ? rows(managed).filter((u) => u.role === 'operator').map((u) => String(u.id)) : [])
          : given.managed,
        principalOf: owned ? new Set(user.role === 'principal' ? rows(owned).map((o) => String(o.id)) : []) : given.principalOf,
        managerId: given.managerId,
      },
    });
  });
}

/**
 * `pageSize` replaces the pull's page size (the app asks for MAX_PULL_LIMIT): a few documents then
 * span several pages, so the paging code runs without thousands of documents. `dbName` must be unique
 * to the device and run on the device storage (its IndexedDB databases are deleted on close).
 */
export async function openDevice(
  spec: DeviceSpec, slot: number, dbName: string, network: Network, pageSize?: number, kind: StorageKind = 'memory',
): Promise<Device> {
  const conflicts = slots[slot];
  if (!conflicts) throw new Error(`conflict-handler slot ${slot} not loaded`);
  const stack = kind === 'device' ? await loadDeviceStack() : undefined;
  // As the app's openDatabase, but one tab: no other instance to tell, no leadership to wait for.
  const db = (await createRxDatabase({
    name: dbName, storage: stack?.storage ?? memoryStorage, multiInstance: false, localDocuments: true, closeDuplicates: true,
  })) as unknown as RxDatabase & KartotekaDatabase;
  await db.addCollections(Object.fromEntries(spec.collections.map((name) => [name, {
    ...collectionOf(name, kind),
    // As app/local-db/rxdb-database.ts: the pushed collections merge with the app's handler.
    ...(name === 'clients' || name === 'orders' || name === 'comments' ? { conflictHandler: conflicts.conflictHandlerFor(name) } : {}),
  }])));
  let actor: Actor = { ...spec.user, membership: spec.given };
  const membership = followMembership(db, spec, (next) => {
    actor = next;
  });
  const resync$ = new Subject<'RESYNC'>();
  const errors: string[] = [];
  const replications = new Map<SyncCollection, RxReplicationState<AnyDoc, unknown>>();
  const hooks = {
    request: <T>(send: () => Promise<T>) => send(),
    resync$,
    onRefused: () => undefined,
    call: network.callFor(spec.endpoint),
  };
  for (const name of spec.collections) {
    const state = replicateCollection<AnyDoc>(db, name, hooks) as unknown as RxReplicationState<AnyDoc, unknown>;
    // RxDB waits `retryTime` (5 s in the app) after a failed request; the fuzz paces retries through
    // its own queue instead, so a retry is asked for at once and waits there.
    state.retryTime = 1;
    // Read when the replication starts, which replicateRxCollection defers to a later tick.
    if (pageSize && state.pull) state.pull.batchSize = pageSize;
    state.error$.subscribe((error) => {
      const causes = (error as { parameters?: { errors?: unknown[] } }).parameters?.errors ?? [error];
      for (const cause of causes) {
        const plain = cause as { name?: string; message?: string; status?: number };
        if (isInjected(cause) || plain.name === 'NetworkError') continue;
        const message = `${spec.name} ${name}: ${plain.name ?? ''} ${plain.status ?? ''} ${plain.message ?? String(cause)}`;
        // A request refused for good is retried without end: each distinct error once.
        if (!errors.includes(message)) errors.push(message);
      }
    });
    replications.set(name, state);
  }
  return {
    spec, db, replications, resync$, errors,
    actor: () => actor,
    async close() {
      membership.unsubscribe();
      for (const state of replications.values()) await state.cancel();
      await db.remove();
      if (stack) await deleteIndexedDb(stack.indexedDB, dbName);
    },
  };
}
