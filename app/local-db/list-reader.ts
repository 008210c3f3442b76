// An order's records one page at a time, and its counts, straight from the list's IndexedDB indexes
// (list-index.ts): opening an order of 50,000 records reads 25 of them and three index counts, never the
// whole order (issue 12 item 4). So does the verifier's queue (below). Each read is one read-only IndexedDB
// transaction. (This module goes with the database chunk, vite.config.ts: the pages import it, never the shell.)
import { VERIFICATION_STATES, type Client } from '../../schemas/entities/client.ts';
import { sortKey } from './sort-key.ts';
import { CREATED_INDEX, dexieIndexName, LIST_FIELD, LIST_INDEXES, listStore, type ListKeys } from './list-index.ts';
import type { QueueCounts } from '../ui/verify-queue-model.ts';

export type ListSort = 'name' | 'nip' | 'city' | 'status' | 'createdAt';

export interface ListQuery {
  orderId: string;
  sort: ListSort;
  ascending: boolean;
  onlyRejected: boolean;
  /**
   * The verification states in the order the status column sorts them ascending (by their words in the
   * user's language). Within one state the newest record comes first, in both directions.
   */
  stateOrder: readonly string[];
  /** Records skipped before the first one returned. */
  offset: number;
  /** Records returned at most; Infinity for all (the Excel export). */
  limit: number;
}

export interface ListPage {
  /** The records of the page, as the collection's documents hold them (no storage fields). */
  rows: Client[];
  /** Records of the order passing the filter. */
  matching: number;
  /** Records of the order. */
  total: number;
}

export interface ListCounts {
  total: number;
  /** Created in [dayStart, dayEnd). */
  today: number;
  rejected: number;
}

const DOCS = 'docs'; // rxdb/plugins/storage-dexie DEXIE_DOCS_TABLE_NAME
export const LIVE = '0'; // `_deleted` as RxDB's Dexie storage indexes it
export const AFTER_ALL: never[] = []; // an array key sorts after every string and number

/** A record as the store holds it (`_deleted` as LIVE or '1', `_list` its keys). */
export type Row = Record<string, unknown> & { [LIST_FIELD]?: ListKeys };

/** The store of a read (one read-only transaction). */
export interface Store {
  index(fields: readonly string[]): IDBIndex;
  /** The stored row of a primary key. */
  get(id: string): Promise<Row | undefined>;
  /** Every key that starts with `prefix` in a compound index. */
  startingWith(prefix: unknown[]): IDBKeyRange;
  /** Keys from `lower` (included) to `upper` (excluded). */
  between(lower: unknown[], upper: unknown[]): IDBKeyRange;
  /** Keys from `lower` to `upper`, each end included unless said open. */
  bound(lower: unknown[], upper: unknown[], lowerOpen: boolean, upperOpen: boolean): IDBKeyRange;
}

/** A read-only transaction on the order's store, once the store has its list keys. */
export async function openStore(databaseName: string): Promise<Store> {
  const pending = listStore(databaseName);
  if (!pending) throw new Error(`The records list of "${databaseName}" is not open`);
  const state = await pending;
  if (!state.dexieDb.isOpen()) await state.dexieDb.open();
  const store = state.dexieDb.backendDB().transaction(DOCS, 'readonly').objectStore(DOCS);
  // The storage's own IDBKeyRange (tests give Dexie fake-indexeddb's).
  const KeyRange = (state.dexieDb as unknown as { _options: { IDBKeyRange?: typeof IDBKeyRange } })._options.IDBKeyRange ?? IDBKeyRange;
  return {
    index: (fields) => store.index(dexieIndexName(fields)),
    get: (id) => request(store.get(id) as IDBRequest<Row | undefined>),
    startingWith: (prefix) => KeyRange.bound(prefix, [...prefix, AFTER_ALL]),
    between: (lower, upper) => KeyRange.bound(lower, upper, false, true),
    bound: (lower, upper, lowerOpen, upperOpen) => KeyRange.bound(lower, upper, lowerOpen, upperOpen),
  };
}

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * The rows of `range` in the index order (`prev`: reversed), `skip` entries passed over unread, at most
 * `limit`; the rows `keep` refuses are neither counted nor returned.
 */
export function readRange(
  index: IDBIndex, range: IDBKeyRange, direction: IDBCursorDirection, skip: number, limit: number, keep: (row: Row) => boolean = () => true,
): Promise<Row[]> {
  const rows: Row[] = [];
  if (limit <= 0) return Promise.resolve(rows);
  return new Promise((resolve, reject) => {
    const req = index.openCursor(range, direction);
    let skipped = skip === 0;
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor) return resolve(rows);
      if (!skipped) {
        skipped = true;
        return cursor.advance(skip);
      }
      const row = cursor.value as Row;
      if (keep(row)) rows.push(row);
      if (rows.length >= limit) return resolve(rows);
      cursor.continue();
    };
  });
}

/**
 * A stored row as the collection's document gives it (RxDocument.toJSON()): the storage's and RxDB's
 * fields taken off. (RxDB's Dexie storage stores a client as given, but for `_deleted` as '0'/'1'.)
 */
export function toClient(row: Row): Client {
  const { [LIST_FIELD]: _keys, _deleted, _meta, _rev, _attachments, ...client } = row;
  return client as unknown as Client;
}

const byKey = (field: 'name' | 'city' | 'nip', sign: number) => (a: Row, b: Row) => {
  const x = a[LIST_FIELD]?.[field] ?? '';
  const y = b[LIST_FIELD]?.[field] ?? '';
  return sign * (x < y ? -1 : x > y ? 1 : (a.id as string) < (b.id as string) ? -1 : 1);
};

/**
 * One page of an order's records in the table's order: by a column's sort key (ties by id), by creation
 * time, or by status (the states in `stateOrder`, each newest first). "Only rejected" reads the rejected
 * ones alone; sorted by a text column they are ordered in memory (an order's rejected records are few).
 */
export async function readPage(databaseName: string, query: ListQuery): Promise<ListPage> {
  const store = await openStore(databaseName);
  const { orderId, sort, ascending, offset, limit } = query;
  const direction: IDBCursorDirection = ascending ? 'next' : 'prev';
  const ofOrder = store.startingWith([LIVE, orderId]);
  const ofState = (state: string) => store.startingWith([LIVE, orderId, state]);
  const stateIndex = store.index(LIST_INDEXES.state);
  const totalCount = request(store.index(CREATED_INDEX).count(ofOrder));
  const done = async (rows: Row[], matching: number): Promise<ListPage> =>
    ({ rows: rows.map((row) => toClient(row)), matching, total: await totalCount });

  if (query.onlyRejected) {
    const rejected = ofState('rejected');
    const matching = await request(stateIndex.count(rejected));
    if (sort === 'createdAt') return done(await readRange(stateIndex, rejected, direction, offset, limit), matching);
    if (sort === 'status') return done(await readRange(stateIndex, rejected, 'prev', offset, limit), matching);
    const all = await readRange(stateIndex, rejected, 'next', 0, Infinity);
    return done(all.sort(byKey(sort, ascending ? 1 : -1)).slice(offset, offset + limit), matching);
  }
  if (sort !== 'status') {
    const index = store.index(sort === 'createdAt' ? CREATED_INDEX : LIST_INDEXES[sort]);
    const rows = await readRange(index, ofOrder, direction, offset, limit);
    return done(rows, await totalCount);
  }
  // By status: the states' groups one after another, the page taken across them.
  const states = ascending ? [...query.stateOrder] : [...query.stateOrder].reverse();
  const sizes = await Promise.all(states.map((state) => request(stateIndex.count(ofState(state)))));
  const rows: Row[] = [];
  let skip = offset;
  for (const [i, state] of states.entries()) {
    if (rows.length >= limit) break;
    if (skip >= sizes[i]) {
      skip -= sizes[i];
      continue;
    }
    rows.push(...await readRange(stateIndex, ofState(state), 'prev', skip, limit - rows.length));
    skip = 0;
  }
  return done(rows, await totalCount);
}

/**
 * The order's live records whose NIP or REGON is exactly `value` (the record form's duplicate check):
 * an index lookup, not a read of the order.
 */
export async function readWithIdentifier(databaseName: string, orderId: string, field: 'nip' | 'regon', value: string): Promise<Client[]> {
  const store = await openStore(databaseName);
  const rows = field === 'nip'
    ? await readRange(store.index(LIST_INDEXES.nip), store.startingWith([LIVE, orderId, sortKey(value)]), 'next', 0, Infinity)
    : await readRange(store.index(LIST_INDEXES.regon), store.startingWith([LIVE, orderId, value]), 'next', 0, Infinity);
  // NIP keys are equal for values the collator finds equal ("0123" and "123"): the value itself decides.
  return rows.filter((row) => row[field] === value).map((row) => toClient(row));
}

/** A user's live records in `state`, in every order (an index lookup, not a read of every record). */
export async function readOwnedInState(databaseName: string, ownerId: string, state: string): Promise<Client[]> {
  const store = await openStore(databaseName);
  const rows = await readRange(store.index(LIST_INDEXES.owner), store.startingWith([LIVE, ownerId, state]), 'next', 0, Infinity);
  return rows.map((row) => toClient(row));
}

/** Whose records a tally counts: an order's, or one operator's in an order. */
export interface TallyKey {
  orderId: string;
  ownerId?: string;
}

/**
 * Today's (created in [dayStart, dayEnd)), all and rejected records for each key, by index counts in one
 * transaction (the progress page: every order followed and every operator bound).
 */
export async function readTallies(databaseName: string, keys: readonly TallyKey[], dayStart: number, dayEnd: number): Promise<ListCounts[]> {
  const store = await openStore(databaseName);
  const created = store.index(CREATED_INDEX);
  const byState = store.index(LIST_INDEXES.state);
  const byOwnerState = store.index(LIST_INDEXES.ownerState);
  const count = (index: IDBIndex, range: IDBKeyRange) => request(index.count(range));
  return Promise.all(keys.map(async ({ orderId, ownerId }): Promise<ListCounts> => {
    if (ownerId === undefined) {
      const [total, today, rejected] = await Promise.all([
        count(created, store.startingWith([LIVE, orderId])),
        count(created, store.between([LIVE, orderId, dayStart], [LIVE, orderId, dayEnd])),
        count(byState, store.startingWith([LIVE, orderId, 'rejected'])),
      ]);
      return { total, today, rejected };
    }
    const prefix = [LIVE, orderId, ownerId];
    const [total, rejected, ...todayByState] = await Promise.all([
      count(byOwnerState, store.startingWith(prefix)),
      count(byOwnerState, store.startingWith([...prefix, 'rejected'])),
      ...VERIFICATION_STATES.map((state) => count(byOwnerState, store.between([...prefix, state, dayStart], [...prefix, state, dayEnd]))),
    ]);
    return { total, today: todayByState.reduce((sum, n) => sum + n, 0), rejected };
  }));
}

/** An order's record counts: all, created in [dayStart, dayEnd), rejected. */
export async function readCounts(databaseName: string, orderId: string, dayStart: number, dayEnd: number): Promise<ListCounts> {
  const [counts] = await readTallies(databaseName, [{ orderId }], dayStart, dayEnd);
  return counts;
}

// The verifier's queue of an order read from the list's IndexedDB indexes (list-index.ts `queue` and
// `queueOwner`: the order, [the owner,] the rank, the "since" time, the id), one page at a time, with
// the same order, filters, counts and "next record" as the model (app/ui/verify-queue-model.ts):
// opening the queue or judging a record of an order of 50,000 records reads a page, a few index counts
// and the order's distinct owners, never every record of the order (issue 12 item 4) [S33].

/** The queue's filters (verify-queue-model.ts QUEUE_FILTERS). */
export type QueueState = 'awaiting' | 'all' | 'corrected' | 'rejected' | 'approved';

export interface QueueQuery {
  orderId: string;
  state: QueueState;
  /** An owner's id; '' for every operator. */
  operator: string;
  /** Records skipped before the first one returned. */
  offset: number;
  /** Records returned at most; Infinity for all (the Excel export). */
  limit: number;
}

export interface QueuePage {
  /** The records of the page in queue order, as the collection's documents hold them. */
  rows: Client[];
  /** Records passing the filter. */
  matching: number;
}


const CORRECTED = 0;
const UNVERIFIED = 1;
const JUDGED = 2;

/** The queue's index and the key prefix of the order (and the operator's records in it). */
function queueOf(store: Store, orderId: string, operator: string): { index: IDBIndex; prefix: unknown[] } {
  return operator
    ? { index: store.index(LIST_INDEXES.queueOwner), prefix: [LIVE, orderId, operator] }
    : { index: store.index(LIST_INDEXES.queue), prefix: [LIVE, orderId] };
}

const keyOf = (prefix: unknown[], row: Row) => [...prefix, row[LIST_FIELD]!.rank, row[LIST_FIELD]!.since, row.id];

/** Queue order within the judged: by "since", ties by id (code units, as IndexedDB and the model compare). */
function byQueue(a: Row, b: Row): number {
  const x = a[LIST_FIELD]!;
  const y = b[LIST_FIELD]!;
  return x.since - y.since || ((a.id as string) < (b.id as string) ? -1 : (a.id as string) > (b.id as string) ? 1 : 0);
}

/** The order's rejected records (of the operator), in queue order: read by the state index, they are few. */
async function rejectedOf(store: Store, orderId: string, operator: string): Promise<Row[]> {
  const rows = await readRange(store.index(LIST_INDEXES.state), store.startingWith([LIVE, orderId, 'rejected']), 'next', 0, Infinity);
  return rows.filter((row) => !operator || row.ownerId === operator).sort(byQueue);
}

/**
 * One page of the queue as the model's filterQueue gives it. Awaiting, corrected and every record are
 * ranges of the queue's index; rejected records are read by the state index (few) and ordered here;
 * approved ones are the judged range without the rejected, whose places in it are counted so the page
 * is reached by skipping, not by reading what comes before it.
 */
export async function readQueuePage(databaseName: string, query: QueueQuery): Promise<QueuePage> {
  const store = await openStore(databaseName);
  const { orderId, operator, offset, limit } = query;
  const { index, prefix } = queueOf(store, orderId, operator);
  const ranks = (from: number, to: number) => store.bound([...prefix, from], [...prefix, to, AFTER_ALL], false, false);
  const page = async (range: IDBKeyRange): Promise<QueuePage> => {
    const [matching, rows] = await Promise.all([request(index.count(range)), readRange(index, range, 'next', offset, limit)]);
    return { rows: rows.map((row) => toClient(row)), matching };
  };
  switch (query.state) {
    case 'all':
      return page(store.startingWith(prefix));
    case 'awaiting':
      return page(ranks(CORRECTED, UNVERIFIED));
    case 'corrected':
      return page(ranks(CORRECTED, CORRECTED));
    case 'rejected': {
      const rejected = await rejectedOf(store, orderId, operator);
      return { rows: rejected.slice(offset, offset + limit).map((row) => toClient(row)), matching: rejected.length };
    }
    case 'approved': {
      const judged = ranks(JUDGED, JUDGED);
      const rejected = await rejectedOf(store, orderId, operator);
      // Each rejected record's place among the judged: the judged keys before its own.
      const before = (row: Row) => request(index.count(store.bound([...prefix, JUDGED], keyOf(prefix, row), false, true)));
      const [all, places] = await Promise.all([request(index.count(judged)), Promise.all(rejected.map(before))]);
      // The place of the `offset`-th approved record: every rejected one at or before it pushes it one on.
      let skip = offset;
      for (const place of places) if (place <= skip) skip += 1;
      const rows = await readRange(index, judged, 'next', skip, limit, (row) => row[LIST_FIELD]?.state !== 'rejected');
      return { rows: rows.map((row) => toClient(row)), matching: all - rejected.length };
    }
  }
}

/** The order's records per state, counted by index (the model's queueCounts). */
export async function readQueueCounts(databaseName: string, orderId: string): Promise<QueueCounts> {
  const store = await openStore(databaseName);
  const states = store.index(LIST_INDEXES.state);
  const count = (state: string) => request(states.count(store.startingWith([LIVE, orderId, state])));
  const [total, unverified, corrected, approved, rejected] = await Promise.all([
    request(store.index(CREATED_INDEX).count(store.startingWith([LIVE, orderId]))),
    count('unverified'), count('corrected'), count('approved'), count('rejected'),
  ]);
  return { awaiting: unverified + corrected, unverified, corrected, approved, rejected, total };
}

/** The distinct owners of the order's records, by id: the key cursor jumps from one owner to the next. */
export async function readQueueOwners(databaseName: string, orderId: string): Promise<string[]> {
  const store = await openStore(databaseName);
  const index = store.index(LIST_INDEXES.queueOwner);
  const owners: string[] = [];
  return new Promise((resolve, reject) => {
    const req = index.openKeyCursor(store.startingWith([LIVE, orderId]));
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor) return resolve(owners);
      const owner = (cursor.key as unknown[])[2] as string;
      owners.push(owner);
      cursor.continue([LIVE, orderId, owner, AFTER_ALL]);
    };
  });
}

/**
 * The record to review after `currentId` (the model's nextInQueue): the first record waiting after it in
 * queue order (of the operator, when one is chosen), else the first waiting before it; when the current
 * record is not in that queue (judged records follow every waiting one), the head. Never the current one.
 */
export async function readNextInQueue(databaseName: string, orderId: string, currentId: string, operator = ''): Promise<Client | null> {
  const store = await openStore(databaseName);
  const { index, prefix } = queueOf(store, orderId, operator);
  const waitingFrom = [...prefix, CORRECTED];
  const waitingTo = [...prefix, UNVERIFIED, AFTER_ALL];
  const first = async (range: IDBKeyRange) => (await readRange(index, range, 'next', 0, 2)).find((row) => row.id !== currentId);
  const current = await store.get(currentId);
  const queued = current && current._deleted === LIVE && current.orderId === orderId && (!operator || current.ownerId === operator) && current[LIST_FIELD];
  let next: Row | undefined;
  if (queued && current[LIST_FIELD]!.rank <= UNVERIFIED) {
    const key = keyOf(prefix, current);
    next = await first(store.bound(key, waitingTo, true, false)) ?? await first(store.bound(waitingFrom, key, false, true));
  } else {
    next = await first(store.bound(waitingFrom, waitingTo, false, false));
  }
  return next ? toClient(next) : null;
}
