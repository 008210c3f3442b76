// A push batch sent as requests within the server's limits [S29]: rows and bytes, in order, nothing left out.
// tsconfig.node.json checks this file; the app modules it imports use Vite's types and the virtual module.
/// <reference types="vite/client" />
/// <reference path="../local-db/validators.d.ts" />
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import fc from 'fast-check';
import { NEVER } from 'rxjs';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, expect, test } from 'vitest';
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import { MAX_DOCUMENT_BYTES, MAX_PUSH_BYTES, MAX_PUSH_ROWS, type PushRow, type PushResponse } from '../../schemas/protocol/sync.ts';
import { applyEdit } from '../../schemas/rules/edit.ts';
import { createDatabase, type KartotekaDatabase } from '../local-db/database.ts';
import { pendingIds } from '../local-db/pending.ts';
import { wrappedValidateAjvStorage } from '../local-db/validate-storage.ts';
import { editClient, markedWrite } from '../local-db/writes.ts';
import { reconcileFailedWrites } from './pending-reconcile.ts';
import type { api } from './api.ts';
import { utf8Length } from '../../schemas/protocol/utf8.ts';
import { pushRequests } from './push-requests.ts';
import { replicateCollection, settleAcknowledged } from './replication.ts';
import { refusedOnDevice, type RefusedChange } from '../local-db/refused.ts';

const bodyBytes = (rows: readonly unknown[]) => new TextEncoder().encode(JSON.stringify({ rows })).length;

test('[S29] every request holds at most the row and byte limits, the rows in order, none left out or repeated but those no request can carry', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'ż', '"', '\n', '\u0001', '😀'), maxLength: 400 });
  fc.assert(fc.property(fc.array(fc.record({ id: fc.nat(), text }), { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 40, max: 3000 }),
    (rows, maxRows, maxBytes) => {
      const { requests, tooLarge } = pushRequests(rows, maxRows, maxBytes);
      // Too large: exactly the rows whose request alone would exceed the limit; the rest all sent, in order.
      expect(tooLarge).toEqual(rows.filter((row) => bodyBytes([row]) > maxBytes));
      expect(requests.flat()).toEqual(rows.filter((row) => bodyBytes([row]) <= maxBytes));
      for (const request of requests) {
        expect(request.length).toBeGreaterThan(0);
        expect(request.length).toBeLessThanOrEqual(maxRows);
        expect(bodyBytes(request)).toBeLessThanOrEqual(maxBytes);
      }
      // As few requests as the greedy split allows: each next row would not have fitted in the one before.
      for (let i = 1; i < requests.length; i++) {
        const joined = [...requests[i - 1]!, requests[i]![0]];
        expect(joined.length > maxRows || bodyBytes(joined) > maxBytes).toBe(true);
      }
    }), { numRuns: 500 });
});

test('utf8Length counts what TextEncoder writes', () => {
  const unit = fc.oneof(fc.constantFrom('\ud83d', '\ude00', '\ud83d\ude00', 'ż', '\u0800'), fc.string({ unit: 'binary' }));
  fc.assert(fc.property(fc.array(unit).map((parts) => parts.join('')), (text) => {
    expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
  }), { numRuns: 2000 });
});

test('[S29] the defaults are the server\'s limits', () => {
  const rows = Array.from({ length: MAX_PUSH_ROWS + 1 }, (_, id) => ({ id }));
  expect(pushRequests(rows).requests.map((r) => r.length)).toEqual([MAX_PUSH_ROWS, 1]);
  const big = Array.from({ length: 3 }, (_, id) => ({ id, text: 'ż'.repeat(MAX_PUSH_BYTES / 5) }));
  expect(pushRequests(big).requests.map((r) => r.length)).toEqual([2, 1]);
  const huge = { id: 9, text: 'ż'.repeat(MAX_PUSH_BYTES / 2) };
  expect(pushRequests([huge, ...big])).toEqual({ requests: [big.slice(0, 2), big.slice(2)], tooLarge: [huge] });
});

type Row = Client & { _deleted: boolean };
/** The test's device database, removed after it. */
let opened: KartotekaDatabase | undefined;
afterEach(async () => {
  await opened?.remove();
  opened = undefined;
});

/** A record of order o1 as the server holds it, with these fields typed at time 100. */
const storedRecord = (id: string, fields: Partial<Client>): Row =>
  ({ ...applyEdit(emptyClient({ id, orderId: 'o1', ownerId: 'op1', now: 100 }), fields, 100), _deleted: false });

/**
 * A device on RxDB's Dexie storage (fake-indexeddb) replicating `clients` with a fake server that holds
 * `stored`: the first pull brings them, a push body over `limit` bytes is answered 413, and every row of a
 * body within it is stored as sent. Each push body is recorded; refusals the device shows are collected.
 */
async function deviceWithServer(stored: Map<string, Row>, options: { limit?: number; onRow?: (row: PushRow<Row>) => void } = {}) {
  const bodies: PushRow<Row>[][] = [];
  const refused: RefusedChange[] = [];
  let pulled = false;
  const call = (async (_method: string, path: string, body: unknown) => {
    if (path.endsWith('/pull')) {
      const documents = pulled || !path.includes('/clients/') ? [] : [...stored.values()];
      pulled = true;
      return { documents, checkpoint: { n: 1 } };
    }
    const rows = (body as { rows: PushRow<Row>[] }).rows;
    bodies.push(rows);
    if (options.limit !== undefined && bodyBytes(rows) > options.limit) throw Object.assign(new Error('413 from the fake server'), { status: 413 });
    for (const row of rows) {
      options.onRow?.(row);
      stored.set(row.newDocumentState.id, row.newDocumentState);
    }
    return { conflicts: [], refused: [] } satisfies PushResponse<Row>;
  }) as typeof api;
  const storage = wrappedValidateAjvStorage({ storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) });
  const device = await createDatabase({ name: `push-${Date.now()}-${Math.random()}`, storage, multiInstance: false });
  opened = device;
  const replication = replicateCollection(device, 'clients', {
    request: (send) => send(), resync$: NEVER, onRefused: (changes) => refused.push(...changes), call,
    ...(options.limit !== undefined ? { pushBytes: options.limit } : {}),
  });
  await replication.awaitInitialReplication();
  return { db: device, replication, bodies, refused };
}

test('[S29] the device sends a batch of large records in several requests, each within the byte limit, and settles every one', async () => {
  const stored = new Map<string, Row>(Array.from({ length: 12 }, (_, i) => [`c${i}`, storedRecord(`c${i}`, { name: `Firma ${i}` })] as const));
  const { db, replication, bodies } = await deviceWithServer(stored, {
    limit: 40_000, onRow: (row) => expect(row.assumedMasterState).toEqual(stored.get(row.newDocumentState.id)),
  });
  // Twelve notes of 4,990 'ż' (~10 kB of UTF-8, and each row carries two copies: ~21 kB): one row a request.
  await replication.pause();
  for (let i = 0; i < 12; i++) await editClient(db, `c${i}`, { notes: 'ż'.repeat(4990) }, 200 + i);
  await replication.start();
  await replication.awaitInSync();
  expect(bodies.length).toBeGreaterThan(1);
  expect(Math.max(...bodies.map(bodyBytes))).toBeLessThanOrEqual(40_000);
  for (let i = 0; i < 12; i++) expect(stored.get(`c${i}`)!.notes).toBe('ż'.repeat(4990));
  expect(await pendingIds(db, 'clients')).toEqual([]);
  await replication.cancel();
});

test('[S29] a record too large for any request is refused by the device itself: the rest of its batch goes on, the typed values stay in the refused log', async () => {
  const LIMIT = 12_000;
  const before = (i: number) => (i === 2 ? 'ż'.repeat(3000) : 'krótka');
  const stored = new Map<string, Row>(Array.from({ length: 6 }, (_, i) => [`c${i}`, storedRecord(`c${i}`, { name: `Firma ${i}`, notes: before(i) })] as const));
  const { db, replication, bodies, refused } = await deviceWithServer(stored, { limit: LIMIT });
  await replication.pause();
  // c2's row carries its stored notes (3,000 'ż', 6 kB) and the new ones (4,990 'ż', ~10 kB): no request can. The others are small.
  for (let i = 0; i < 6; i++) await editClient(db, `c${i}`, { notes: i === 2 ? 'ż'.repeat(4990) : `oddzwonić ${i}` }, 200 + i);
  // A new record as large: it has no earlier state on the server to go back to.
  await db.clients.insert(applyEdit(emptyClient({ id: 'n1', orderId: 'o1', ownerId: 'op1', now: 300 }), { name: 'Nowa', notes: 'ź'.repeat(4990), businessActivity: 'ź'.repeat(1000) }, 300));
  await replication.start();
  await replication.awaitInSync();

  expect(Math.max(...bodies.map(bodyBytes))).toBeLessThanOrEqual(LIMIT); // never sent, so never answered 413
  for (const i of [0, 1, 3, 4, 5]) expect(stored.get(`c${i}`)!.notes).toBe(`oddzwonić ${i}`);
  expect(stored.get('c2')!.notes).toBe(before(2));
  expect(stored.has('n1')).toBe(false);
  // Refused where the user sees refusals, with what they typed [S8].
  expect(refused.map((r) => [r.id, r.code, r.issues])).toEqual(expect.arrayContaining([
    ['c2', 'VALIDATION', [{ field: '', code: 'document.tooLarge' }]],
    ['n1', 'VALIDATION', [{ field: '', code: 'document.tooLarge' }]],
  ]));
  expect(refused.filter((r) => r.onDevice).map((r) => r.id).sort()).toEqual(['c2', 'n1']);
  // Kept nowhere else, so counted as unsent work until read (a refused session keeps the device).
  expect((await refusedOnDevice(db)).map((r) => r.id).sort()).toEqual(['c2', 'n1']);
  expect(refused.find((r) => r.id === 'c2')!.doc).toMatchObject({ notes: 'ż'.repeat(4990) });
  expect(refused.find((r) => r.id === 'n1')!.doc).toMatchObject({ notes: 'ź'.repeat(4990) });
  // The edit refused as a whole: the record is back at the server's state, as after the server's own refusal.
  expect((await db.clients.findOne('c2').exec())!.notes).toBe(before(2));
  expect(await pendingIds(db, 'clients')).toEqual([]);
  // Shortened, the record goes out as any edit does.
  await editClient(db, 'c2', { notes: 'ż'.repeat(100) }, 400);
  await replication.awaitInSync();
  expect(stored.get('c2')!.notes).toBe('ż'.repeat(100));
  expect(await pendingIds(db, 'clients')).toEqual([]);
  await replication.cancel();
}, 20_000);

test('[S10] a record over MAX_DOCUMENT_BYTES is refused by the device before it is sent, as the server would refuse it', async () => {
  const stored = new Map<string, Row>([['c0', storedRecord('c0', { name: 'Firma' })]]);
  const { db, replication, bodies, refused } = await deviceWithServer(stored);
  const sent = () => bodies.flat().map((row) => row.newDocumentState.id);
  await replication.pause();
  // 120 list attributes of 100 options of 300 characters: every value within the schema, ~3.6 MB in all.
  const custom = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`a${i}`, Array.from({ length: 100 }, () => 'a'.repeat(300))]));
  const big = { ...applyEdit(emptyClient({ id: 'n2', orderId: 'o1', ownerId: 'op1', now: 300 }), { name: 'Duża' }, 300), custom };
  expect(new TextEncoder().encode(JSON.stringify({ ...big, _deleted: false })).length).toBeGreaterThan(MAX_DOCUMENT_BYTES);
  await db.clients.insert(big);
  await editClient(db, 'c0', { notes: 'oddzwonić' }, 301);
  await replication.start();
  await replication.awaitInSync();

  expect(sent()).toEqual(['c0']);
  expect(refused.map((r) => [r.id, r.code, r.issues])).toEqual([['n2', 'VALIDATION', [{ field: '', code: 'document.tooLarge' }]]]);
  expect(refused[0]!.doc).toMatchObject({ name: 'Duża', custom });
  expect(await db.clients.findOne('n2').exec()).not.toBeNull(); // a new record stays on the device as typed
  expect(await pendingIds(db, 'clients')).toEqual([]);
  // Its lists shortened, it goes out (beside the large state the device last pushed, within the body limit).
  await editClient(db, 'n2', { custom: Object.fromEntries(Object.keys(custom).map((key) => [key, key === 'a0' ? ['krótko'] : undefined])) }, 400);
  await replication.awaitInSync();
  expect(sent()).toEqual(['c0', 'n2']);
  expect(stored.get('n2')!.custom).toEqual({ a0: ['krótko'] });
  await replication.cancel();
}, 30_000);

test('a failed write leaves its mark only until the record is known pushed: another write of it meanwhile goes out, then nothing is counted as unsent', async () => {
  const stored = new Map<string, Row>([['c0', storedRecord('c0', { name: 'Firma' })], ['c1', storedRecord('c1', { name: 'Druga' })]]);
  const { db, replication, bodies } = await deviceWithServer(stored);
  const checks = reconcileFailedWrites(db, { clients: replication } as unknown as Parameters<typeof reconcileFailedWrites>[1]);
  const settled = async () => {
    for (let i = 0; i < 100 && (await pendingIds(db, 'clients')).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    return pendingIds(db, 'clients');
  };
  // A failed edit of an acknowledged record: nothing was written, nothing goes out, and the mark is gone.
  await expect(markedWrite(db, 'clients', 'c1', () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
  expect(await settled()).toEqual([]);
  expect(bodies).toEqual([]);
  // Another tab's edit stored while this tab's write of the same record fails: it is sent, then settled.
  await expect(markedWrite(db, 'clients', 'c0', async () => {
    await editClient(db, 'c0', { city: 'Radom' }, 200);
    throw new Error('disk full');
  })).rejects.toThrow('disk full');
  await replication.awaitInSync();
  expect(stored.get('c0')!.city).toBe('Radom');
  expect(await settled()).toEqual([]);
  checks.unsubscribe();
  await replication.cancel();
});

test('an edit saved between the acknowledgement\'s check of its record and the settling of its mark stays marked', async () => {
  const stored = new Map<string, Row>([['c0', storedRecord('c0', { name: 'Firma' })]]);
  const { db, replication } = await deviceWithServer(stored);
  await replication.cancel();
  await editClient(db, 'c0', { city: 'Płock' }, 200);
  const pushed = { ...(await db.clients.findOne('c0').exec())!.toMutableJSON(), _deleted: false } as Row;
  // The push of that state is acknowledged. Right after the handler has read the record (still the pushed
  // state), the operator saves it again: the save finds the mark there, adds none, and is stored.
  const instance = db.clients.storageInstance;
  const read = instance.findDocumentsById.bind(instance);
  let saved = false;
  instance.findDocumentsById = async (ids, withDeleted) => {
    const found = await read(ids, withDeleted);
    if (!saved) {
      saved = true;
      await markedWrite(db, 'clients', 'c0', async () => (await db.clients.findOne('c0').exec())!.incrementalPatch({ city: 'Radom' }));
    }
    return found;
  };
  await settleAcknowledged(db, 'clients', db.clients, [{ assumedMasterState: stored.get('c0')!, newDocumentState: pushed }], []);
  instance.findDocumentsById = read;
  expect(saved).toBe(true);
  expect((await db.clients.findOne('c0').exec())!.city).toBe('Radom');
  expect(await pendingIds(db, 'clients')).toEqual(['c0']);
});
