// The device database in Node (fake-indexeddb): precompiled validation, the pending set, the write path.
// tsconfig.node.json checks this file; the app modules it imports use Vite's types and the virtual module.
/// <reference types="vite/client" />
/// <reference path="./validators.d.ts" />
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, expect, test } from 'vitest';
import { emptyClient } from '../../schemas/entities/client.ts';
import { createDatabase, type KartotekaDatabase } from './database.ts';
import { markPending, pendingCount$, pendingIds, settlePending } from './pending.ts';
import { wrappedValidateAjvStorage } from './validate-storage.ts';
import { createClient, editClient, markedWrite } from './writes.ts';
import { DocumentTooLargeError } from './document-size.ts';

let db: KartotekaDatabase | undefined;
let counter = 0;

async function open(): Promise<KartotekaDatabase> {
  const storage = wrappedValidateAjvStorage({ storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) });
  db = await createDatabase({ name: `test-${Date.now()}-${counter++}`, storage, multiInstance: false });
  return db;
}

afterEach(async () => {
  await db?.remove();
  db = undefined;
});

test('the precompiled validators match the schemas in use and reject an invalid document', async () => {
  const database = await open();
  const valid = { ...emptyClient({ id: 'c1', orderId: 'o1', ownerId: 'u1', now: 1000 }), name: 'Firma' };
  await database.clients.insert(valid);
  const invalid = { ...emptyClient({ id: 'c2', orderId: 'o1', ownerId: 'u1', now: 1000 }), nip: '12345678901' };
  await expect(database.clients.insert(invalid)).rejects.toThrow();
  expect(await database.clients.count().exec()).toBe(1);
});

test('pending marks survive as local documents and are counted across both collections', async () => {
  const database = await open();
  const counts: number[] = [];
  const subscription = pendingCount$(database).subscribe((n) => counts.push(n));
  await markPending(database, 'clients', 'a');
  await markPending(database, 'clients', 'a');
  await markPending(database, 'orders', 'o');
  expect(await pendingIds(database, 'clients')).toEqual(['a']);
  await settlePending(database, 'clients', ['a', 'unknown']);
  await new Promise((resolve) => setTimeout(resolve, 20));
  subscription.unsubscribe();
  expect(counts.at(-1)).toBe(1);
  expect(Math.max(...counts)).toBe(2);
});

test('the write path stamps edit times, marks the record pending and moves a rejected record to corrected', async () => {
  const database = await open();
  const created = await createClient(database, { id: 'u1', role: 'operator' }, 'o1', { name: 'Firma', nip: '5260250274' }, 5000);
  expect(created.ownerId).toBe('u1');
  expect(created.fieldTimes).toMatchObject({ name: 5000, nip: 5000 });
  expect(await pendingIds(database, 'clients')).toEqual([created.id]);

  // A verifier's rejection, as replication would store it.
  const stored = await database.clients.findOne(created.id).exec();
  const rejection = { state: 'rejected' as const, reason: 'zły NIP', verifierId: 'v', at: 5500, notes: { nip: 'NIP innej firmy' } };
  await stored!.incrementalPatch({ verification: rejection, fieldTimes: { ...stored!.fieldTimes, verification: 5500 } });
  const edited = await editClient(database, created.id, { city: 'Warszawa' }, 6000);
  expect(edited?.city).toBe('Warszawa');
  // [P3][M11] The whole verdict moves to corrected, its reason and notes kept, under the one path.
  expect(edited?.verification).toEqual({ ...rejection, state: 'corrected' });
  expect(edited?.fieldTimes).toMatchObject({ name: 5000, city: 6000, verification: 6000 });
});

test('a write that fails leaves the mark of an earlier unsent change of the same record: the device never counts it as sent', async () => {
  const database = await open();
  const created = await createClient(database, { id: 'u1', role: 'operator' }, 'o1', { name: 'Firma' }, 5000);
  // The second edit fails in storage (a full disk, or a value the schema refuses): nothing of it is written.
  await expect(markedWrite(database, 'clients', created.id, () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
  // The first edit is still unsent: a device with no marks is wiped on a refused session (session.ts).
  expect(await pendingIds(database, 'clients')).toEqual([created.id]);
  // A failed first write of a record takes back the mark it made.
  await expect(markedWrite(database, 'clients', 'never-written', () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
  expect(await pendingIds(database, 'clients')).toEqual([created.id]);
});

test('a write that fails while another write of the same record succeeds (two tabs) leaves that write marked', async () => {
  const database = await open();
  const created = await createClient(database, { id: 'u1', role: 'operator' }, 'o1', { name: 'Firma' }, 5000);
  await settlePending(database, 'clients', [created.id]); // acknowledged: no mark left
  // Tab A marks the record and starts its write; tab B's edit finds the mark there (adds none) and is stored;
  // then A's write fails. B's edit is unsent and must stay marked.
  await expect(markedWrite(database, 'clients', created.id, async () => {
    await editClient(database, created.id, { city: 'Radom' }, 6000);
    throw new Error('disk full');
  })).rejects.toThrow('disk full');
  expect((await database.clients.findOne(created.id).exec())!.city).toBe('Radom');
  expect(await pendingIds(database, 'clients')).toEqual([created.id]);
});

test('an edit stored while the acknowledgement of the record\'s earlier change settles its mark stays marked', async () => {
  const database = await open();
  const created = await createClient(database, { id: 'u1', role: 'operator' }, 'o1', { name: 'Firma' }, 5000);
  // The push handler read the record (still the pushed state) and settles its mark just as the new edit,
  // which found the mark there and added none, is being written.
  const edited = await markedWrite(database, 'clients', created.id, async () => {
    await settlePending(database, 'clients', [created.id]);
    const stored = await database.clients.findOne(created.id).exec();
    return stored!.incrementalPatch({ city: 'Radom' });
  });
  expect(edited.city).toBe('Radom');
  expect(await pendingIds(database, 'clients')).toEqual([created.id]);
});

test('[S10] a record over MAX_DOCUMENT_BYTES is not saved: the form is told at once, nothing is stored or marked', async () => {
  const database = await open();
  // 120 list attributes of 100 options of 300 characters: each value within the schema, ~3.6 MB in all.
  const custom = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`a${i}`, Array.from({ length: 100 }, () => 'a'.repeat(300))]));
  const author = { id: 'u1', role: 'operator' };
  await expect(createClient(database, author, 'o1', { name: 'Duża', custom }, 5000)).rejects.toBeInstanceOf(DocumentTooLargeError);
  expect(await database.clients.count().exec()).toBe(0);
  expect(await pendingIds(database, 'clients')).toEqual([]);

  const created = await createClient(database, author, 'o1', { name: 'Firma' }, 5000);
  await expect(editClient(database, created.id, { custom }, 6000)).rejects.toBeInstanceOf(DocumentTooLargeError);
  expect((await database.clients.findOne(created.id).exec())!.toJSON()).toMatchObject({ name: 'Firma', custom: {} });
  expect(await pendingIds(database, 'clients')).toEqual([created.id]);
});
