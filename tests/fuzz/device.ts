// One fuzzed device (a browser tab): a real RxDB database on memory storage with the app's schemas,
// validation, conflict handler and replication code, talking to the in-process server through the
// simulated network. Only the collections a scenario needs are opened: RxDB's open-source build
// allows 13 open collections per JavaScript realm (STACK.md), so a run's devices share that budget.
/// <reference types="vite/client" />
/// <reference path="../../app/local-db/validators.d.ts" />
import { combineLatest, of, Subject, type Observable, type Subscription } from 'rxjs';
import { addRxPlugin, createRxDatabase, type RxDatabase, type RxJsonSchema } from 'rxdb/plugins/core';
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

// The app's storage stack (app/local-db/database.ts) with memory instead of Dexie: validation included.
const storage = wrappedValidateAjvStorage({ storage: getRxStorageMemory() });

const SCHEMAS: Record<SyncCollection, unknown> = {
  orders: orderSchema, clients: clientSchema, assignments: assignmentSchema, users: directoryUserSchema, attributes: null, comments: commentSchema,
};

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
 * span several pages, so the paging code runs without thousands of documents.
 */
export async function openDevice(spec: DeviceSpec, slot: number, dbName: string, network: Network, pageSize?: number): Promise<Device> {
  const conflicts = slots[slot];
  if (!conflicts) throw new Error(`conflict-handler slot ${slot} not loaded`);
  const db = (await createRxDatabase({
    name: dbName, storage, multiInstance: false, localDocuments: true, closeDuplicates: true,
  })) as unknown as RxDatabase & KartotekaDatabase;
  await db.addCollections(Object.fromEntries(spec.collections.map((name) => [name, {
    schema: SCHEMAS[name] as RxJsonSchema<unknown>,
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
    },
  };
}
