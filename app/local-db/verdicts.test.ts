// A verdict written on the device: one value through the marked write path, pending until acknowledged.
// tsconfig.node.json checks this file; the app modules it imports use Vite's types and the virtual module.
/// <reference types="vite/client" />
/// <reference path="./validators.d.ts" />
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, expect, test } from 'vitest';
import { emptyClient } from '../../schemas/entities/client.ts';
import { createDatabase, type KartotekaDatabase } from './database.ts';
import { pendingIds, settlePending } from './pending.ts';
import { wrappedValidateAjvStorage } from './validate-storage.ts';
import { giveVerdict } from './verdicts.ts';

let db: KartotekaDatabase | undefined;
let counter = 0;

async function open(): Promise<KartotekaDatabase> {
  const storage = wrappedValidateAjvStorage({ storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) });
  db = await createDatabase({ name: `verdicts-${Date.now()}-${counter++}`, storage, multiInstance: false });
  return db;
}

afterEach(async () => {
  await db?.remove();
  db = undefined;
});

/** A synced record (not pending), as replication would have stored it. */
async function stored(database: KartotekaDatabase) {
  await database.clients.insert({ ...emptyClient({ id: 'c1', orderId: 'o1', ownerId: 'olek', now: 1000 }), name: 'Firma', nip: '5260250274' });
  await settlePending(database, 'clients', ['c1']);
}

test('[M11] a rejection is written whole: state, trimmed reason, notes on fields, verifier, time; the record is pending', async () => {
  const database = await open();
  await stored(database);
  const saved = await giveVerdict(database, 'c1', { state: 'rejected', reason: ' NIP innej firmy ', notes: { nip: 'Należy do innej firmy', city: '  ' } }, { id: 'vera' }, 5000);
  expect(saved?.verification).toEqual({ state: 'rejected', reason: 'NIP innej firmy', verifierId: 'vera', at: 5000, notes: { nip: 'Należy do innej firmy' } });
  expect(saved?.fieldTimes.verification).toBe(5000);
  const doc = await database.clients.findOne('c1').exec();
  expect(doc?.verification.state).toBe('rejected');
  expect(await pendingIds(database, 'clients')).toEqual(['c1']);
});

test('[P3] an approval replaces an earlier rejection with no reason and no notes', async () => {
  const database = await open();
  await stored(database);
  await giveVerdict(database, 'c1', { state: 'rejected', reason: 'Brak telefonu', notes: { mobilePhone: 'Brak' } }, { id: 'vera' }, 5000);
  const saved = await giveVerdict(database, 'c1', { state: 'approved', reason: '', notes: {} }, { id: 'vera' }, 6000);
  expect(saved?.verification).toEqual({ state: 'approved', reason: '', verifierId: 'vera', at: 6000, notes: {} });
});

test('[V8] a rejection without a reason is refused before anything is written or marked', async () => {
  const database = await open();
  await stored(database);
  await expect(giveVerdict(database, 'c1', { state: 'rejected', reason: '   ', notes: {} }, { id: 'vera' }, 5000)).rejects.toThrow(/reason/);
  expect((await database.clients.findOne('c1').exec())?.verification.state).toBe('unverified');
  expect(await pendingIds(database, 'clients')).toEqual([]);
});

test('a record that is gone gives null and marks nothing', async () => {
  const database = await open();
  expect(await giveVerdict(database, 'missing', { state: 'approved', reason: '', notes: {} }, { id: 'vera' }, 5000)).toBeNull();
  expect(await pendingIds(database, 'clients')).toEqual([]);
});
