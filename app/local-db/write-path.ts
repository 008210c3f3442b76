// The device's write path on RxDB's Dexie storage, shaped for a bulk load (issue 12). A fresh tablet receives
// tens of thousands of documents in pages of 1,000, and RxDB's replication writes each twice: into the
// collection and into the replication's meta store (the state the server holds, which later pushes send as
// their assumed master state). Its profile showed every id of a page read twice in each store before it was
// written (the replication looks for a local copy and for its meta entry, then RxDB's Dexie storage reads
// both again inside its write transactions), though a fresh device holds none of them, and every meta change
// posted to the other tabs, where nothing reads it. This wrapper removes those costs without changing what is
// stored, what a write answers, or which change events RxDB sees.
import {
  categorizeBulkWriteRows, type BulkWriteRow, type EventBulk, type RxDocumentData, type RxStorage,
  type RxStorageBulkWriteResponse, type RxStorageChangeEvent, type RxStorageDefaultCheckpoint, type RxStorageInstance, type RxStorageInstanceCreationParams,
} from 'rxdb/plugins/core';
import type { DexieStorageInternals } from 'rxdb/plugins/core';
import { fromDexieToStorage, fromStorageToDexie } from 'rxdb/plugins/storage-dexie';
import type { Subject } from 'rxjs';

/** The replication's meta store of a collection (rxdb/plugins/replication: 'rx-replication-meta-' + a hash). */
const META_PREFIX = 'rx-replication-meta-';

/** Reads of fewer ids (a form opening one record, a live change) always go to IndexedDB. */
const BULK_READ = 50;

export interface WritePathSteps {
  /** Meta stores are read only by the tab that replicates: their changes are not posted to other tabs. */
  metaLocal: boolean;
  /** A write of documents none of which is stored is added without reading their ids first. */
  optimisticInsert: boolean;
  /** A large read skips the ids the store cannot hold. */
  knownIds: boolean;
  /** The changes after a checkpoint are read from the checkpoint on. */
  changesSince: boolean;
}

const ALL_STEPS: WritePathSteps = { metaLocal: true, optimisticInsert: true, knownIds: true, changesSince: true };

/** What this module uses of rxdb/plugins/storage-dexie's RxStorageInstanceDexie (partly private there). */
interface DexieInstance<T> {
  readonly internals: DexieStorageInternals;
  readonly primaryPath: string;
  readonly schema: RxStorageInstance<T, unknown, unknown>['schema'];
  readonly devMode: boolean;
  readonly changes$: Subject<EventBulk<RxStorageChangeEvent<RxDocumentData<T>>, unknown>>;
  bulkWrite: RxStorageInstance<T, unknown, unknown>['bulkWrite'];
  findDocumentsById: RxStorageInstance<T, unknown, unknown>['findDocumentsById'];
  getChangedDocumentsSince?: RxStorageInstance<T, unknown, RxStorageDefaultCheckpoint>['getChangedDocumentsSince'];
  changeStream: RxStorageInstance<T, unknown, unknown>['changeStream'];
  close: RxStorageInstance<T, unknown, unknown>['close'];
  remove: RxStorageInstance<T, unknown, unknown>['remove'];
}

/** True when a key of the value (at any depth) starts with '|', which RxDB's Dexie storage renames. */
function hasPipeKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(hasPipeKey);
  for (const key in value) {
    if (key.charCodeAt(0) === 124 || hasPipeKey((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** RxDB's fromStorageToDexie without its deep copy when nothing needs renaming (the app's documents never do). */
function toDexie(booleanIndexes: string[], doc: Record<string, unknown>): Record<string, unknown> {
  if (booleanIndexes.some((path) => path.includes('.')) || hasPipeKey(doc)) return fromStorageToDexie(booleanIndexes, doc as never);
  const row: Record<string, unknown> = { ...doc };
  for (const path of booleanIndexes) row[path] = doc[path] ? '1' : '0'; // IndexedDB cannot index booleans
  return row;
}

/** Dexie's BulkError of an add whose only failures are ids already stored. */
function isTakenIds(error: unknown): boolean {
  const failures = (error as { failures?: unknown[] } | null)?.failures;
  return Array.isArray(failures) && failures.length > 0
    && failures.every((failure) => (failure as { name?: string } | null)?.name === 'ConstraintError');
}

/**
 * Writes rows none of which should name a stored document, in one transaction of IndexedDB adds, or
 * returns null, having written nothing, when an id is taken after all (`add` refuses it; the transaction
 * is aborted). Categorised by RxDB's own helper with nothing stored, so the result and the change events
 * are what RxDB's storage produces for the same rows.
 */
async function addAll<T>(instance: DexieInstance<T>, rows: BulkWriteRow<T>[], context: string): Promise<RxStorageBulkWriteResponse<T> | null> {
  const state = await instance.internals;
  const categorized = categorizeBulkWriteRows<T>(instance as never, instance.primaryPath as never, new Map(), rows, context);
  const docs = categorized.bulkInsertDocs.map((row) => toDexie(state.booleanIndexes, row.document as unknown as Record<string, unknown>));
  try {
    await state.dexieDb.transaction('rw', state.dexieTable, async () => {
      await state.dexieTable.bulkAdd(docs);
    });
  } catch (error) {
    if (isTakenIds(error)) return null;
    throw error;
  }
  if (categorized.eventBulk.events.length > 0 && categorized.newestRow) {
    const last = categorized.newestRow.document;
    categorized.eventBulk.checkpoint = { id: last[instance.primaryPath as keyof typeof last], lwt: last._meta.lwt };
    instance.changes$.next(categorized.eventBulk);
  }
  return { error: categorized.errors };
}

/**
 * A write whose rows all lack a previous state (new documents, as far as the writer knows) is tried as
 * plain adds; if an id is taken, RxDB's own path writes the rows instead and reports the conflict. A row
 * with a previous state updates a stored document, and RxDB's path checks its revision.
 */
function withOptimisticInsert<T>(instance: DexieInstance<T>): void {
  // No collection of the app has attachments; dev-mode changes rows before writing: both keep RxDB's path.
  if (instance.schema.attachments || instance.devMode) return;
  const bulkWrite = instance.bulkWrite.bind(instance);
  instance.bulkWrite = async (rows, context) => {
    if (rows.length === 0 || rows.some((row) => row.previous)) return bulkWrite(rows, context);
    return (await addAll(instance, rows, context)) ?? bulkWrite(rows, context);
  };
}

/**
 * The ids this store may hold, so that a page of ids it cannot hold is not read one by one. Loaded on the
 * first large read (primary keys only), then kept current from every write of this tab and every change
 * event from other tabs. An id another tab has just written, whose event is still on its way, is reported
 * missing, as a read a moment earlier would have; the write that follows meets it (the add is refused and
 * RxDB's own path reports the conflict), so nothing is overwritten.
 */
function withKnownIds<T>(instance: DexieInstance<T>): void {
  let known: Set<string> | undefined;
  let loaded: Promise<Set<string>> | undefined;
  const note = (ids: Iterable<string>) => {
    if (known) for (const id of ids) known.add(id);
  };
  const load = () => (loaded ??= (async () => {
    const state = await instance.internals;
    const ids = new Set<string>();
    known = ids; // events from here on are noted while the keys are read
    for (const key of await state.dexieTable.toCollection().primaryKeys()) ids.add(key as string);
    return ids;
  })());
  const events = instance.changeStream().subscribe((bulk) => note(bulk.events.map((event) => event.documentId)));
  const { bulkWrite, findDocumentsById, close, remove } = instance;
  instance.bulkWrite = async (rows, context) => {
    try {
      return await bulkWrite.call(instance, rows, context);
    } finally {
      // A row refused as a conflict names a stored id too: noting every row is true either way.
      note(rows.map((row) => (row.document as Record<string, unknown>)[instance.primaryPath] as string));
    }
  };
  instance.findDocumentsById = async (ids, withDeleted) => {
    if (ids.length < BULK_READ) return findDocumentsById.call(instance, ids, withDeleted);
    const held = await load();
    const maybe = ids.filter((id) => held.has(id));
    return maybe.length === 0 ? [] : findDocumentsById.call(instance, maybe, withDeleted);
  };
  instance.close = () => {
    events.unsubscribe();
    return close.call(instance);
  };
  instance.remove = () => {
    events.unsubscribe();
    known?.clear();
    return remove.call(instance);
  };
}

/**
 * The documents written after a checkpoint, in write-time then id order, read from just after it. RxDB asks
 * this of a collection whenever its replication starts (the upstream's first pass: what was written locally
 * since the last push). Without it RxDB runs a query whose `$or` its planner cannot turn into a key range:
 * the cursor starts at the checkpoint's write time and reads every document written at that time, though
 * none of them comes after the checkpoint. A pulled page of 1,000 is stored with one write time, so a
 * device read thousands of documents at every start to learn that nothing was new (6,000 of 10,000 in the
 * benchmark's device). Same answer as RxDB's query (write-path.test.ts), from the same index.
 */
function withChangesSince<T>(instance: DexieInstance<T>): void {
  const index = `[_meta.lwt+${instance.primaryPath}]`;
  instance.getChangedDocumentsSince = async (limit, checkpoint) => {
    const state = await instance.internals;
    const table = state.dexieTable;
    const rows = await state.dexieDb.transaction('r', table, () =>
      (checkpoint ? table.where(index).above([checkpoint.lwt, checkpoint.id]) : table.orderBy(index)).limit(limit).toArray());
    const documents = rows.map((row) => fromDexieToStorage<T>(state.booleanIndexes, row));
    const last = documents.at(-1);
    return {
      documents,
      checkpoint: last ? { id: last[instance.primaryPath as keyof typeof last] as string, lwt: last._meta.lwt } : checkpoint ?? { id: '', lwt: 0 },
    };
  };
}

/** Wraps RxDB's Dexie storage with the bulk-load write path; `steps` switches parts off (the benchmark does). */
export function bulkLoadWritePath<Internals, Options>(
  storage: RxStorage<Internals, Options>, steps: WritePathSteps = ALL_STEPS,
): RxStorage<Internals, Options> {
  return {
    ...storage,
    name: storage.name,
    rxdbVersion: storage.rxdbVersion,
    async createStorageInstance<T>(params: RxStorageInstanceCreationParams<T, Options>): Promise<RxStorageInstance<T, Internals, Options>> {
      // Only the replicating tab reads its meta store (one tab replicates: app/sync/replication.ts).
      const local = steps.metaLocal && params.collectionName.startsWith(META_PREFIX);
      const instance = await storage.createStorageInstance<T>(local ? { ...params, multiInstance: false } : params);
      const dexie = instance as unknown as DexieInstance<T>;
      if (steps.optimisticInsert) withOptimisticInsert(dexie);
      if (steps.knownIds) withKnownIds(dexie);
      if (steps.changesSince) withChangesSince(dexie);
      return instance;
    },
  };
}
