// An order's records one page at a time, and its counts, straight from the list's IndexedDB indexes
// (list-index.ts): opening an order of 50,000 records reads 25 of them and three index counts, never the
// whole order (issue 12 item 4). Each read is one read-only IndexedDB transaction.
import type { Client } from '../../schemas/entities/client.ts';
import { sortKey } from './sort-key.ts';
import { CREATED_INDEX, dexieIndexName, LIST_FIELD, LIST_INDEXES, listStore, type ListKeys } from './list-index.ts';

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

/** The store, for the readers here and in queue-reader.ts. */
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

/** The rows of `range` in the index order (`prev`: reversed), `skip` passed over unread, at most `limit`. */
export function readRange(index: IDBIndex, range: IDBKeyRange, direction: IDBCursorDirection, skip: number, limit: number): Promise<Row[]> {
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
      rows.push(cursor.value as Row);
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

/** An order's record counts: all, created in [dayStart, dayEnd), rejected. */
export async function readCounts(databaseName: string, orderId: string, dayStart: number, dayEnd: number): Promise<ListCounts> {
  const store = await openStore(databaseName);
  const created = store.index(CREATED_INDEX);
  const [total, today, rejected] = await Promise.all([
    request(created.count(store.startingWith([LIVE, orderId]))),
    request(created.count(store.between([LIVE, orderId, dayStart], [LIVE, orderId, dayEnd]))),
    request(store.index(LIST_INDEXES.state).count(store.startingWith([LIVE, orderId, 'rejected']))),
  ]);
  return { total, today, rejected };
}
