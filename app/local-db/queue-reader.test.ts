// The verifier's queue read by index (list-reader.ts readQueuePage, readQueueCounts, readQueueOwners, readNextInQueue)
// on the device's real storage stack in Node (fake-indexeddb), compared with the model's functions over every record
// (verify-queue-model.ts): every filter, operator and page, the counts, the operators, and the record after each one [S33].
/// <reference types="vite/client" />
/// <reference path="./validators.d.ts" />
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, expect, test } from 'vitest';
import { emptyClient, type Client, type VerificationState } from '../../schemas/entities/client.ts';
import { filterQueue, nextInQueue, QUEUE_FILTERS, queueCounts } from '../ui/verify-queue-model.ts';
import { createDatabase, type KartotekaDatabase } from './database.ts';
import { LIST_FIELD, listStore } from './list-index.ts';
import { readNextInQueue, readQueueCounts, readQueueOwners, readQueuePage } from './list-reader.ts';
import { deviceStorage } from './rxdb-database.ts';
import { SORT_KEY_VERSION } from './sort-key.ts';

let counter = 0;
const opened: KartotekaDatabase[] = [];

afterEach(async () => {
  while (opened.length > 0) await opened.pop()!.remove().catch(() => undefined);
});

/** Stores the records; every one must be valid (bulkInsert reports invalid ones without throwing). */
async function insert(db: KartotekaDatabase, docs: Client[]): Promise<void> {
  const { error } = await db.clients.bulkInsert(docs);
  expect(error).toEqual([]);
}

async function open(name = `queue-${Date.now()}-${counter++}`): Promise<KartotekaDatabase> {
  const db = await createDatabase({ name, storage: deviceStorage({ indexedDB, IDBKeyRange }), multiInstance: false });
  opened.push(db);
  return db;
}

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 11, 2, 12);
// Weighted towards the judged, as a worked order is; each state with ties in its "since" time.
const STATES: VerificationState[] = ['approved', 'unverified', 'approved', 'rejected', 'corrected', 'approved', 'unverified', 'approved', 'corrected', 'rejected', 'approved'];
const OWNERS = ['u0', 'u1', 'u2', 'U_3'];

/** 160 records of order o1 (ids that sort by code unit: not as numbers, capitals first), 20 of o2 with an owner o1 lacks. */
function records(): Client[] {
  const out: Client[] = [];
  for (let i = 0; i < 180; i++) {
    const orderId = i < 160 ? 'o1' : 'o2';
    const state = STATES[(i * 7) % STATES.length];
    const createdAt = NOW - (i % 23) * 10 * MINUTE;
    const judged = state === 'approved' || state === 'rejected';
    out.push({
      ...emptyClient({ id: i % 5 === 0 ? `Z${i}` : `c${i}`, orderId, ownerId: orderId === 'o2' && i % 2 ? 'u9' : OWNERS[(i * 3) % OWNERS.length], now: createdAt }),
      name: `Firma ${i}`,
      updatedAt: createdAt + (i % 4) * MINUTE,
      verification: { state, reason: state === 'rejected' ? 'Zły NIP' : '', verifierId: judged ? 'v1' : '', at: judged || state === 'corrected' ? NOW + (i % 6) * MINUTE : 0, notes: {} },
    });
  }
  return out;
}

const PAGES = [[0, 25], [25, 25], [50, 25], [75, 10], [0, Infinity], [300, 25]] as const;
const OPERATORS = ['', ...OWNERS, 'u9', 'nobody'];

/** Every filter × operator × page, the counts and the owners of o1 read by index equal the model over `live`. */
async function expectQueueOf(db: KartotekaDatabase, live: Client[]): Promise<void> {
  const order = live.filter((c) => c.orderId === 'o1');
  for (const state of QUEUE_FILTERS) {
    for (const operator of OPERATORS) {
      const model = filterQueue(order, { state, operator }).map((c) => c.id);
      // Approved pages are reached by skipping the rejected among the judged: every offset is tried.
      const offsets = Array.from({ length: model.length + 1 }, (_, i) => i).filter((i) => state === 'approved' || i % 11 === 0);
      for (const [offset, limit] of [...PAGES, ...offsets.map((i) => [i, 2] as const)]) {
        const page = await readQueuePage(db.name, { orderId: 'o1', state, operator, offset, limit });
        const what = JSON.stringify({ state, operator, offset, limit });
        expect(page.rows.map((r) => r.id), what).toEqual(model.slice(offset, offset + limit));
        expect(page.matching, what).toBe(model.length);
      }
    }
  }
  expect(await readQueueCounts(db.name, 'o1')).toEqual(queueCounts(order));
  expect((await readQueueOwners(db.name, 'o1')).sort()).toEqual([...new Set(order.map((c) => c.ownerId))].sort());
}

/** The record after each one of o1 (and after one of o2, and a missing one), for every operator, is the model's. */
async function expectNextOf(db: KartotekaDatabase, live: Client[]): Promise<void> {
  const order = live.filter((c) => c.orderId === 'o1');
  const currents = [...order.map((c) => c.id), live.find((c) => c.orderId === 'o2')!.id, 'missing'];
  for (const operator of OPERATORS) {
    for (const current of currents) {
      const next = await readNextInQueue(db.name, 'o1', current, operator);
      expect(next?.id ?? null, JSON.stringify({ current, operator })).toBe(nextInQueue(order, current, operator)?.id ?? null);
    }
  }
}

test('[S33] the queue read by index: every filter, operator and page in the model\'s order, its counts and its operators', async () => {
  const db = await open();
  const all = records();
  await insert(db, all);
  // Deleted records are not in the queue (nor counted, nor their owners listed).
  const gone = ['c1', 'c2', 'Z5'];
  for (const doc of (await db.clients.findByIds(gone).exec()).values()) await doc.remove();
  const live = all.filter((c) => !gone.includes(c.id));
  expect(filterQueue(live.filter((c) => c.orderId === 'o1'), { state: 'approved', operator: '' }).length).toBeGreaterThan(50);
  await expectQueueOf(db, live);
  // A page row is the record as the collection holds it, without the storage's keys.
  const [first] = (await readQueuePage(db.name, { orderId: 'o1', state: 'approved', operator: 'u1', offset: 3, limit: 1 })).rows;
  expect(first).toEqual((await db.clients.findOne(first.id).exec())!.toJSON());
  expect(await readQueueOwners(db.name, 'o2')).toEqual(expect.arrayContaining(['u9']));
  expect(await readQueueOwners(db.name, 'none')).toEqual([]);
});

test('[S33] the record after each one, by index, is the model\'s: next waiting, wrapping round, never the current one', async () => {
  const db = await open();
  const all = records();
  await insert(db, all);
  await expectNextOf(db, all);
  // One waiting record left of an operator: after it, nothing; after any other, it.
  const waiting = all.filter((c) => c.orderId === 'o1' && c.ownerId === 'u2' && (c.verification.state === 'unverified' || c.verification.state === 'corrected'));
  for (const doc of (await db.clients.findByIds(waiting.slice(1).map((c) => c.id)).exec()).values()) await doc.remove();
  const live = all.filter((c) => !waiting.slice(1).includes(c));
  expect((await readNextInQueue(db.name, 'o1', waiting[0].id, 'u2'))).toBeNull();
  await expectNextOf(db, live);
});

test('[S33] verdicts, corrections and deletions move records in the queue at once', async () => {
  const db = await open();
  let live = records();
  await insert(db, live);
  const o1 = live.filter((c) => c.orderId === 'o1');
  const unverified = o1.find((c) => c.verification.state === 'unverified')!;
  const rejected = o1.find((c) => c.verification.state === 'rejected')!;
  const corrected = o1.find((c) => c.verification.state === 'corrected')!;
  const patch = async (id: string, change: Partial<Client>) => {
    await (await db.clients.findOne(id).exec())!.incrementalPatch(change);
    live = live.map((c) => (c.id === id ? { ...c, ...change } : c));
  };
  await patch(unverified.id, { verification: { ...unverified.verification, state: 'approved', verifierId: 'v1', at: NOW + 99 * MINUTE } });
  await patch(rejected.id, { updatedAt: NOW + 50 * MINUTE, verification: { ...rejected.verification, state: 'corrected' } });
  await patch(corrected.id, { updatedAt: NOW - 999 * MINUTE });
  await (await db.clients.findOne('c3')!.exec())!.remove();
  live = live.filter((c) => c.id !== 'c3');
  await expectQueueOf(db, live);
  await expectNextOf(db, live);
});

test('[S33] records keyed by an earlier layout of the list (no queue keys) are keyed again when the database opens', async () => {
  const name = `queue-old-${Date.now()}`;
  const first = await open(name);
  await insert(first, records());
  // As the previous app version stored them: the same collation, no rank nor "since".
  const state = await listStore(name)!;
  await state.dexieTable.toCollection().modify((row: Record<string, unknown>) => {
    const { rank: _rank, since: _since, ...keys } = row[LIST_FIELD] as Record<string, unknown>;
    row[LIST_FIELD] = { ...keys, v: SORT_KEY_VERSION };
  });
  await first.close();
  opened.splice(opened.indexOf(first), 1);
  const db = await open(name);
  const order = records().filter((c) => c.orderId === 'o1');
  expect((await readQueuePage(db.name, { orderId: 'o1', state: 'all', operator: '', offset: 0, limit: Infinity })).rows.map((r) => r.id))
    .toEqual(filterQueue(order, { state: 'all', operator: '' }).map((c) => c.id));
  expect((await readQueueOwners(db.name, 'o1')).sort()).toEqual([...new Set(order.map((c) => c.ownerId))].sort());
});
