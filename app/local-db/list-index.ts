// The records list's own indexes (issue 12 item 4): an order's records are read one page at a time from
// IndexedDB indexes, never all of them to show 25. IndexedDB orders strings by code unit, not as Polish
// collates, so each stored record carries `_list`: the sort keys of its name, city and NIP (sort-key.ts),
// its verification state and its place in the verifier's queue (rank and "since", verify-queue-model.ts),
// indexed beside its order. The field lives in the storage only: this layer adds it to every write of
// `clients` (local edits, replication, migration) and takes it off every read, so RxDB, the replication
// and the server never see it, and the collection's schema and version stay as they are. Records stored
// before this layer existed, or keyed by an earlier layout, get theirs when the database opens [S33].
import type {
  BulkWriteRow, DexieStorageInternals, RxDocumentData, RxJsonSchema, RxStorage, RxStorageBulkWriteResponse,
  RxStorageInstance, RxStorageInstanceCreationParams,
} from 'rxdb/plugins/core';
import { map } from 'rxjs';
import { DEVICE_COLLECTIONS } from './collections.ts';
import { VERIFICATION_STATES, type VerificationState } from '../../schemas/entities/client.ts';
import { queueRank, since } from '../ui/verify-queue-model.ts';
import { SORT_KEY_VERSION, sortKey } from './sort-key.ts';

/** What `_list` holds for a record. */
export interface ListKeys {
  name: string;
  city: string;
  nip: string;
  /** The verification state (its code; the table orders states by their words itself). */
  state: string;
  /** The queue's rank: corrected 0, unverified 1, judged (rejected or approved) 2 (verify-queue-model.ts queueOrder). */
  rank: number;
  /** The time the record has waited since within its rank: corrected since the last edit, unverified since entry, judged since the verdict. */
  since: number;
  /** The keys' version (LIST_VERSION: the collation and the layout of `_list`): keys of another are made again. */
  v: string;
}

/**
 * The version stored keys must have: the collation (SORT_KEY_VERSION) and the layout of `_list` (raised
 * whenever a key is added or made differently, so records keyed by an earlier app version are keyed again).
 */
const LIST_LAYOUT = 2;
export const LIST_VERSION = `${SORT_KEY_VERSION}.${LIST_LAYOUT}`;

/** The stored property (a storage-only field: RxDB reserves names starting with "_" for itself and the storage). */
export const LIST_FIELD = '_list';

/** The indexes this layer adds, in the form RxDB gives its storages (`_deleted` first, the primary key last). */
export const LIST_INDEXES = {
  name: ['_deleted', 'orderId', '_list.name', 'id'],
  city: ['_deleted', 'orderId', '_list.city', 'id'],
  nip: ['_deleted', 'orderId', '_list.nip', 'id'],
  /** An order's records of one state, newest last: the status sort, "only rejected" and its count. */
  state: ['_deleted', 'orderId', '_list.state', 'createdAt', 'id'],
  /** A user's records of one state, in every order: the rejections of an operator's records (verdict-watcher.tsx). */
  owner: ['_deleted', 'ownerId', '_list.state', 'id'],
  /** An order's records with a REGON (the record form's duplicate check; NIPs are found by their key). */
  regon: ['_deleted', 'orderId', 'regon', 'id'],
  /** An order's queue: corrected, unverified, then the judged, each by its "since" time (verify-queue.tsx, review.tsx). */
  queue: ['_deleted', 'orderId', '_list.rank', '_list.since', 'id'],
  /** An order's queue of one operator's records; its distinct owners, found by skipping from one to the next. */
  queueOwner: ['_deleted', 'orderId', 'ownerId', '_list.rank', '_list.since', 'id'],
  /** An operator's records in an order by state, newest last: the progress page's counts per operator. */
  ownerState: ['_deleted', 'orderId', 'ownerId', '_list.state', 'createdAt', 'id'],
  /** Rows whose keys are current, counted when the database opens. */
  version: ['_list.v'],
} as const;

/** Dexie's name of an index (rxdb/plugins/storage-dexie getDexieStoreSchema). */
export const dexieIndexName = (fields: readonly string[]) => (fields.length === 1 ? fields[0] : `[${fields.join('+')}]`);

/** RxDB's own index of an order's records by creation time (schemas/entities/client.ts), as stored. */
export const CREATED_INDEX = ['_deleted', 'orderId', 'createdAt', 'id'] as const;

interface ListedRecord {
  name?: unknown;
  city?: unknown;
  nip?: unknown;
  createdAt?: unknown;
  updatedAt?: unknown;
  verification?: { state?: unknown; at?: unknown };
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
// A key part must be a valid IndexedDB key: a record without it would be missing from the index.
const time = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The queue's rank and "since", as verify-queue-model.ts queueOrder sorts by (a state it does not know ranks with the judged). */
function queueKeys(doc: ListedRecord): { rank: number; since: number } {
  const state = text(doc.verification?.state) as VerificationState;
  const record = { createdAt: time(doc.createdAt), updatedAt: time(doc.updatedAt), verification: { state, at: time(doc.verification?.at) } };
  return { rank: VERIFICATION_STATES.includes(state) ? queueRank(state) : queueRank('approved'), since: since(record) };
}

export function listKeys(doc: ListedRecord): ListKeys {
  return {
    name: sortKey(text(doc.name)), city: sortKey(text(doc.city)), nip: sortKey(text(doc.nip)), state: text(doc.verification?.state),
    ...queueKeys(doc), v: LIST_VERSION,
  };
}

type Stored<T> = RxDocumentData<T> & { [LIST_FIELD]?: ListKeys };

function withKeys<T>(doc: RxDocumentData<T>): RxDocumentData<T> {
  return { ...doc, [LIST_FIELD]: listKeys(doc as ListedRecord) };
}

function withoutKeys<T>(doc: RxDocumentData<T>): RxDocumentData<T>;
function withoutKeys<T>(doc: RxDocumentData<T> | undefined): RxDocumentData<T> | undefined;
function withoutKeys<T>(doc: RxDocumentData<T> | undefined): RxDocumentData<T> | undefined {
  if (!doc || !(LIST_FIELD in doc)) return doc;
  const { [LIST_FIELD]: _keys, ...rest } = doc as Stored<T>;
  return rest as RxDocumentData<T>;
}

/** The schema the storage is given: the collection's, with `_list` and its indexes. */
function listSchema<T>(schema: RxJsonSchema<RxDocumentData<T>>): RxJsonSchema<RxDocumentData<T>> {
  const key = { type: 'string', maxLength: 2000 };
  return {
    ...schema,
    properties: {
      ...schema.properties,
      [LIST_FIELD]: {
        type: 'object',
        properties: {
          name: key, city: key, nip: key, state: { type: 'string', maxLength: 20 },
          rank: { type: 'number', minimum: 0, maximum: 2, multipleOf: 1 }, since: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
          v: { type: 'string', maxLength: 40 },
        },
      },
    },
    indexes: [...(schema.indexes ?? []), ...Object.values(LIST_INDEXES).map((fields) => [...fields])],
  } as RxJsonSchema<RxDocumentData<T>>;
}

/** RxDB's Dexie storage state of one store (its database, table and boolean indexes). */
export type DexieState = Awaited<DexieStorageInternals>;

/** The list's store in a database: its Dexie state, once every stored record has its keys. */
const listStores = new Map<string, Promise<DexieState>>();

/** The Dexie state of a database's `clients` store with its list keys in place (list-reader.ts reads them). */
export function listStore(databaseName: string): Promise<DexieState> | undefined {
  return listStores.get(databaseName);
}

/**
 * Gives every stored record whose list keys are missing (stored before this layer), made with another
 * collation (the browser's ICU changed) or of an earlier layout (LIST_VERSION) new ones, straight in
 * IndexedDB: no revision, no change event, nothing to replicate (the keys are derived). On every later
 * open: two counts.
 */
async function refreshKeys(internals: DexieStorageInternals): Promise<void> {
  const state = await internals;
  const table = state.dexieTable;
  const [all, current] = await Promise.all([table.count(), table.where(dexieIndexName(LIST_INDEXES.version)).equals(LIST_VERSION).count()]);
  if (all === current) return;
  await table.toCollection().modify((row: Record<string, unknown> & { [LIST_FIELD]?: ListKeys }) => {
    if (row[LIST_FIELD]?.v !== LIST_VERSION) row[LIST_FIELD] = listKeys(row as ListedRecord);
  });
}

function layer<T, Internals, Options>(inner: RxStorageInstance<T, Internals, Options>, schema: RxJsonSchema<RxDocumentData<T>>): RxStorageInstance<T, Internals, Options> {
  const stripError = (error: RxStorageBulkWriteResponse<T>['error'][number]) => ({
    ...error,
    ...('documentInDb' in error && error.documentInDb ? { documentInDb: withoutKeys(error.documentInDb) } : {}),
    writeRow: { previous: withoutKeys(error.writeRow.previous), document: withoutKeys(error.writeRow.document) },
  }) as RxStorageBulkWriteResponse<T>['error'][number];
  const getChanged = inner.getChangedDocumentsSince?.bind(inner);
  return {
    databaseName: inner.databaseName,
    internals: inner.internals,
    options: inner.options,
    schema,
    collectionName: inner.collectionName,
    async bulkWrite(rows, context) {
      const keyed: BulkWriteRow<T>[] = rows.map((row) => ({ previous: row.previous, document: withKeys(row.document) }));
      const result = await inner.bulkWrite(keyed, context);
      return result.error.length === 0 ? result : { ...result, error: result.error.map(stripError) };
    },
    async findDocumentsById(ids, withDeleted) {
      return (await inner.findDocumentsById(ids, withDeleted)).map((doc) => withoutKeys(doc));
    },
    async query(prepared) {
      const result = await inner.query(prepared);
      return { ...result, documents: result.documents.map((doc) => withoutKeys(doc)) };
    },
    count: (prepared) => inner.count(prepared),
    getAttachmentData: (id, attachmentId, digest) => inner.getAttachmentData(id, attachmentId, digest),
    getChangedDocumentsSince: getChanged && (async (limit, checkpoint) => {
      const result = await getChanged(limit, checkpoint);
      return { ...result, documents: result.documents.map((doc) => withoutKeys(doc)) };
    }),
    changeStream: () => inner.changeStream().pipe(map((bulk) => ({
      ...bulk,
      events: bulk.events.map((event) => ({
        ...event, documentData: withoutKeys(event.documentData), previousDocumentData: withoutKeys(event.previousDocumentData),
      })),
    }))),
    cleanup: (minimumDeletedTime) => inner.cleanup(minimumDeletedTime),
    close: () => inner.close(),
    remove: () => inner.remove(),
  };
}

/** Wraps a Dexie-based storage so the current `clients` collection keeps the list's keys and indexes. */
export function withListIndex<Internals, Options>(storage: RxStorage<Internals, Options>): RxStorage<Internals, Options> {
  return {
    ...storage,
    name: storage.name,
    rxdbVersion: storage.rxdbVersion,
    async createStorageInstance<T>(params: RxStorageInstanceCreationParams<T, Options>): Promise<RxStorageInstance<T, Internals, Options>> {
      // An older version's store is only read by the migration and then removed: it keeps its own shape.
      const listed = params.collectionName === 'clients' && params.schema.version === DEVICE_COLLECTIONS.clients.schema.version;
      if (!listed) return storage.createStorageInstance<T>(params);
      const inner = await storage.createStorageInstance<T>({ ...params, schema: listSchema(params.schema) });
      const internals = inner.internals as unknown as DexieStorageInternals;
      const filled = refreshKeys(internals).then(async () => await internals);
      filled.catch(() => {}); // a reader awaiting it sees the failure
      listStores.set(params.databaseName, filled);
      return layer(inner, params.schema);
    },
  };
}
