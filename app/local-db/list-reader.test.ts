// The records list read page by page from its own indexes (list-index.ts, list-reader.ts), on the device's
// real storage stack in Node (fake-indexeddb): every sort, direction, filter and page is the order the
// Polish collator gives, the counts are the order's, and the storage-only keys never reach RxDB.
/// <reference types="vite/client" />
/// <reference path="./validators.d.ts" />
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getChangedDocumentsSince } from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, expect, test } from 'vitest';
import { emptyClient, VERIFICATION_STATES, type Client } from '../../schemas/entities/client.ts';
import { createDatabase, type KartotekaDatabase } from './database.ts';
import { LIST_FIELD } from './list-index.ts';
import { readCounts, readOwnedInState, readPage, readTallies, readWithIdentifier, type ListQuery, type ListSort } from './list-reader.ts';
import { warsawDayBounds } from '../ui/record-counts.ts';
import { deviceStorage } from './rxdb-database.ts';
import { wrappedValidateAjvStorage } from './validate-storage.ts';

let counter = 0;
const opened: KartotekaDatabase[] = [];

afterEach(async () => {
  while (opened.length > 0) await opened.pop()!.remove().catch(() => undefined);
});

async function open(name = `list-${Date.now()}-${counter++}`): Promise<KartotekaDatabase> {
  const db = await createDatabase({ name, storage: deviceStorage({ indexedDB, IDBKeyRange }), multiInstance: false });
  opened.push(db);
  return db;
}

const collator = new Intl.Collator('pl', { numeric: true });
const NAMES = ['Łódzka Spółka', 'lublin', 'Lublin', 'Żabka 2', 'Żabka 10', 'ząbki', 'Ćma', 'Cma', 'Ąbc', 'abc', 'Abc', 'Émile', 'emile', 'Firma 07', 'Firma 7', '"Mięso" & syn', 'mięso-syn', ''];
const CITIES = ['Łódź', 'Lodz', 'Warszawa', 'warszawa', 'Kraków', 'Śrem', 'Szczecin', 'Zgierz', 'Żyrardów'];
const NIPS = ['5260250274', '1234563218', '', '7680002466', '5260250274'];
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 2, 12);

/** 130 records of order o1 (names, cities and times with ties), 20 of o2, some deleted. */
function records(): Client[] {
  const out: Client[] = [];
  for (let i = 0; i < 150; i++) {
    const orderId = i < 130 ? 'o1' : 'o2';
    const state = VERIFICATION_STATES[(i * 7) % VERIFICATION_STATES.length];
    out.push({
      ...emptyClient({ id: `c${String(i).padStart(3, '0')}`, orderId, ownerId: `u${i % 3}`, now: NOW - (i % 40) * (DAY / 8) }),
      name: NAMES[i % NAMES.length], city: CITIES[(i * 5) % CITIES.length], nip: NIPS[i % NIPS.length],
      verification: { state, reason: state === 'rejected' ? 'Zły NIP' : '', verifierId: state === 'unverified' ? '' : 'v1', at: state === 'unverified' ? 0 : NOW, notes: {} },
    });
  }
  return out;
}

const STATE_WORDS: Record<string, string> = { unverified: 'Niezweryfikowany', approved: 'Zatwierdzony', rejected: 'Odrzucony', corrected: 'Poprawiony' };
const STATE_ORDER = [...VERIFICATION_STATES].sort((a, b) => collator.compare(STATE_WORDS[a], STATE_WORDS[b]));

/** The order the table promises, computed the slow way from every record. */
function expected(all: Client[], query: ListQuery): string[] {
  const ids = (a: Client, b: Client) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const sign = query.ascending ? 1 : -1;
  const newestFirst = (a: Client, b: Client) => b.createdAt - a.createdAt || -ids(a, b);
  const rows = all.filter((c) => c.orderId === query.orderId && (!query.onlyRejected || c.verification.state === 'rejected'));
  const compare = (a: Client, b: Client): number => {
    switch (query.sort) {
      case 'createdAt':
        return sign * (a.createdAt - b.createdAt || ids(a, b));
      case 'status': {
        if (query.onlyRejected) return newestFirst(a, b);
        const group = STATE_ORDER.indexOf(a.verification.state) - STATE_ORDER.indexOf(b.verification.state);
        return sign * group || newestFirst(a, b);
      }
      default:
        return sign * (collator.compare(a[query.sort], b[query.sort]) || ids(a, b));
    }
  };
  return rows.sort(compare).slice(query.offset, query.offset + query.limit).map((c) => c.id);
}

test('[S33] every sort, direction, filter and page reads the order the Polish collator gives, and only that order\'s live records', async () => {
  const db = await open();
  const all = records();
  await db.clients.bulkInsert(all);
  // Deleted records are not listed (nor counted).
  const gone = await db.clients.findByIds(['c001', 'c002']).exec();
  for (const doc of gone.values()) await doc.remove();
  const live = all.filter((c) => c.id !== 'c001' && c.id !== 'c002');
  const sorts: ListSort[] = ['name', 'city', 'nip', 'createdAt', 'status'];
  for (const sort of sorts) {
    for (const ascending of [true, false]) {
      for (const onlyRejected of [false, true]) {
        for (const [offset, limit] of [[0, 25], [25, 25], [100, 25], [0, Infinity], [200, 25]]) {
          const query: ListQuery = { orderId: 'o1', sort, ascending, onlyRejected, stateOrder: STATE_ORDER, offset, limit };
          const page = await readPage(db.name, query);
          expect(page.rows.map((r) => r.id), JSON.stringify({ sort, ascending, onlyRejected, offset })).toEqual(expected(live, query));
          expect(page.total).toBe(128);
          expect(page.matching).toBe(live.filter((c) => c.orderId === 'o1' && (!onlyRejected || c.verification.state === 'rejected')).length);
        }
      }
    }
  }
  // A row is the record as the collection holds it, without the storage's keys.
  const [first] = (await readPage(db.name, { orderId: 'o2', sort: 'name', ascending: true, onlyRejected: false, stateOrder: STATE_ORDER, offset: 0, limit: 1 })).rows;
  expect(first).toEqual((await db.clients.findOne(first.id).exec())!.toJSON());
});

test('[S33] edits, verdicts and deletions move records in the list and the counts at once', async () => {
  const db = await open();
  await db.clients.bulkInsert(records());
  const byName = (ascending: boolean) => readPage(db.name, { orderId: 'o1', sort: 'name', ascending, onlyRejected: false, stateOrder: STATE_ORDER, offset: 0, limit: 3 });
  const day = { start: NOW - 12 * 3_600_000, end: NOW + 12 * 3_600_000 };
  const before = await readCounts(db.name, 'o1', day.start, day.end);
  expect(before).toEqual({
    total: 130,
    today: records().filter((c) => c.orderId === 'o1' && c.createdAt >= day.start && c.createdAt < day.end).length,
    rejected: records().filter((c) => c.orderId === 'o1' && c.verification.state === 'rejected').length,
  });
  const doc = (await db.clients.findOne('c005').exec())!;
  expect(doc.verification.state).not.toBe('rejected');
  expect((await byName(false)).rows[0].id).not.toBe('c005');
  await doc.incrementalPatch({ name: 'Żżżż', verification: { ...doc.verification, state: 'rejected', reason: 'Brak adresu' } });
  expect((await byName(false)).rows[0].id).toBe('c005'); // "ż" is the last Polish letter
  expect((await readCounts(db.name, 'o1', day.start, day.end)).rejected).toBe(before.rejected + 1);
  await (await db.clients.findOne('c005').exec())!.remove();
  expect((await byName(false)).rows.map((r) => r.id)).not.toContain('c005');
  expect(await readCounts(db.name, 'o1', day.start, day.end)).toEqual({ ...before, total: 129, today: before.today - (records()[5].createdAt >= day.start ? 1 : 0) });
});

test('[S33] the storage-only keys never reach RxDB: documents, queries, change events and what the replication reads', async () => {
  const db = await open();
  const events: unknown[] = [];
  const sub = db.clients.$.subscribe((event) => events.push(event.documentData));
  await db.clients.bulkInsert(records().slice(0, 5));
  await (await db.clients.findOne('c000').exec())!.incrementalPatch({ name: 'Nowa nazwa' });
  sub.unsubscribe();
  const seen = [
    ...(await db.clients.find().exec()).map((d) => d.toJSON(true)),
    ...events,
    ...(await db.clients.storageInstance.findDocumentsById(['c000', 'c001'], true)),
    ...(await getChangedDocumentsSince(db.clients.storageInstance, 10)).documents,
  ];
  expect(seen.length).toBeGreaterThan(10);
  for (const doc of seen) expect(Object.keys(doc as object)).not.toContain(LIST_FIELD);
});

test('[S33] records stored before the list existed get their keys when the database opens, and are listed', async () => {
  const name = `list-old-${Date.now()}`;
  // The same collections on RxDB's plain Dexie storage: what an earlier app version wrote.
  const plain = await createDatabase({ name, storage: wrappedValidateAjvStorage({ storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) }), multiInstance: false });
  await plain.clients.bulkInsert(records());
  await plain.close();
  const db = await open(name);
  const page = await readPage(db.name, { orderId: 'o1', sort: 'city', ascending: false, onlyRejected: false, stateOrder: STATE_ORDER, offset: 0, limit: Infinity });
  expect(page.rows.map((r) => r.id)).toEqual(expected(records(), { orderId: 'o1', sort: 'city', ascending: false, onlyRejected: false, stateOrder: STATE_ORDER, offset: 0, limit: Infinity }));
  expect(page.total).toBe(130);
});

test('[S33] keys made with another collation (a browser update changed ICU) are made again when the database opens', async () => {
  const name = `list-stale-${Date.now()}`;
  const first = await open(name);
  await first.clients.bulkInsert(records());
  // As if an older engine had written them: other keys, another version.
  const { listStore } = await import('./list-index.ts');
  const state = await listStore(name)!;
  await state.dexieTable.toCollection().modify((row: Record<string, unknown>) => {
    row[LIST_FIELD] = { name: String(row.id), city: '', nip: '', state: 'approved', v: 'old' };
  });
  await first.close();
  opened.splice(opened.indexOf(first), 1);
  const db = await open(name);
  const query: ListQuery = { orderId: 'o1', sort: 'name', ascending: true, onlyRejected: true, stateOrder: STATE_ORDER, offset: 0, limit: Infinity };
  expect((await readPage(db.name, query)).rows.map((r) => r.id)).toEqual(expected(records(), query));
});

test('[S33] a NIP or REGON is found by index in its order only, by its exact value; a user\'s rejected records in every order', async () => {
  const db = await open();
  const all = records().map((c, i) => ({ ...c, regon: i % 10 === 0 ? '123456785' : '' }));
  await db.clients.bulkInsert(all);
  const ids = (docs: Client[]) => docs.map((d) => d.id).sort();
  const slow = (pick: (c: Client) => boolean) => all.filter(pick).map((c) => c.id).sort();
  expect(ids(await readWithIdentifier(db.name, 'o1', 'nip', '5260250274'))).toEqual(slow((c) => c.orderId === 'o1' && c.nip === '5260250274'));
  expect(ids(await readWithIdentifier(db.name, 'o2', 'regon', '123456785'))).toEqual(slow((c) => c.orderId === 'o2' && c.regon === '123456785'));
  expect(await readWithIdentifier(db.name, 'o1', 'nip', '0000000000')).toEqual([]);
  // A value the collator finds equal but is another NIP ("0" + 9 digits vs the 9 digits) is not a match.
  await db.clients.insert({ ...all[0], id: 'zero', nip: '0526025027' });
  await db.clients.insert({ ...all[0], id: 'nine', nip: '526025027' });
  expect(ids(await readWithIdentifier(db.name, 'o1', 'nip', '0526025027'))).toEqual(['zero']);
  const rejected = await readOwnedInState(db.name, 'u1', 'rejected');
  expect(ids(rejected)).toEqual(slow((c) => c.ownerId === 'u1' && c.verification.state === 'rejected'));
  expect(rejected[0]).toEqual((await db.clients.findOne(rejected[0].id).exec())!.toJSON());
  await (await db.clients.findOne(rejected[0].id).exec())!.remove();
  expect(await readOwnedInState(db.name, 'u1', 'rejected')).toHaveLength(rejected.length - 1);
});

test('[S33] the progress tallies: today, all and rejected per order and per operator in an order, by index', async () => {
  const db = await open();
  const [start, end] = warsawDayBounds('2026-05-04');
  const noon = Date.parse('2026-05-04T10:00:00Z');
  const make = (id: string, createdAt: number, state: Client['verification']['state'], orderId: string, ownerId: string): Client => ({
    ...emptyClient({ id, orderId, ownerId, now: createdAt }),
    verification: { state, reason: state === 'rejected' ? 'Zły NIP' : '', verifierId: state === 'unverified' ? '' : 'v1', at: state === 'unverified' ? 0 : noon, notes: {} },
  });
  await db.clients.bulkInsert([
    make('t1', noon, 'unverified', 'a', 'olek'),
    make('t2', noon, 'rejected', 'a', 'olek'),
    make('t3', Date.parse('2026-05-01T10:00:00Z'), 'approved', 'a', 'ula'),
    make('t4', noon, 'unverified', 'b', 'olek'),
    // Just before and at the end of the Warsaw day (midnight is 22:00 UTC in May).
    make('t5', start - 1, 'corrected', 'a', 'ula'),
    make('t6', end - 1, 'corrected', 'a', 'ula'),
    make('t7', end, 'rejected', 'a', 'ula'),
  ]);
  await (await db.clients.findOne('t4').exec())!.remove();
  const tallies = await readTallies(db.name, [
    { orderId: 'a' }, { orderId: 'b' }, { orderId: 'a', ownerId: 'olek' }, { orderId: 'a', ownerId: 'ula' }, { orderId: 'b', ownerId: 'ula' },
  ], start, end);
  expect(tallies).toEqual([
    { today: 3, total: 6, rejected: 2 },
    { today: 0, total: 0, rejected: 0 },
    { today: 2, total: 2, rejected: 1 },
    { today: 1, total: 4, rejected: 1 },
    { today: 0, total: 0, rejected: 0 },
  ]);
});
