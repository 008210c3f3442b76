// The bulk-load write path (write-path.ts) on RxDB's Dexie storage in Node (fake-indexeddb): what it
// stores, answers and emits is what RxDB's own storage does for the same rows; only the reads it skips differ.
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import {
  createRxSchema, getChangedDocumentsSince, randomToken, type BulkWriteRow, type EventBulk, type RxDocumentData, type RxStorage,
  type RxStorageInstance, type RxStorageInstanceCreationParams,
} from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { firstValueFrom, filter } from 'rxjs';
import { afterEach, expect, test, vi } from 'vitest';
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import { DEVICE_COLLECTIONS } from './collections.ts';
import { bulkLoadWritePath } from './write-path.ts';

type Instance = RxStorageInstance<Client, unknown, unknown>;
type Doc = RxDocumentData<Client>;

const schema = createRxSchema(DEVICE_COLLECTIONS.clients.schema as never, () => Promise.resolve(''), false).jsonSchema;
const dexie = () => getRxStorageDexie({ indexedDB, IDBKeyRange }) as RxStorage<unknown, unknown>;
const ours = () => bulkLoadWritePath(dexie());
const open: Instance[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((instance) => instance.remove().catch(() => undefined)));
});

async function instance(storage: RxStorage<unknown, unknown>, databaseName: string, options: Partial<RxStorageInstanceCreationParams<Client, unknown>> = {}) {
  const created = await storage.createStorageInstance<Client>({
    databaseName, collectionName: 'clients', schema: schema as never, options: {}, multiInstance: false, devMode: false,
    databaseInstanceToken: randomToken(10), ...options,
  }) as Instance;
  open.push(created);
  return created;
}

let lwt = 1_000;
const doc = (id: string, name = `Firma ${id}`): Doc => ({
  ...emptyClient({ id, orderId: 'o1', ownerId: 'u1', now: 1000 }), name,
  _deleted: false, _rev: '1-abc', _attachments: {}, _meta: { lwt: lwt++ },
});
const inserts = (docs: Doc[]): BulkWriteRow<Client>[] => docs.map((document) => ({ document }));
const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
/** RxDB's Dexie table behind an instance, to count its reads. */
const table = async (of: Instance) => (await (of.internals as Promise<{ dexieTable: { bulkGet: (...args: unknown[]) => unknown } }>)).dexieTable;
const withoutBulkId = (bulk: EventBulk<unknown, unknown>) => ({ ...bulk, id: '' });

test('[issue 12] a page of new documents is added without reading its ids, and stored, answered and announced as RxDB stores it', async () => {
  const docs = ids(60, 'c').map((id) => doc(id));
  const fast = await instance(ours(), `wp-fast-${randomToken(6)}`);
  const plain = await instance(dexie(), `wp-plain-${randomToken(6)}`);
  const reads = vi.spyOn(await table(fast), 'bulkGet');
  const fastEvents = firstValueFrom(fast.changeStream());
  const plainEvents = firstValueFrom(plain.changeStream());

  const fastAnswer = await fast.bulkWrite(inserts(docs), 'replication-downstream');
  const plainAnswer = await plain.bulkWrite(inserts(docs), 'replication-downstream');

  expect(reads).not.toHaveBeenCalled();
  expect(fastAnswer).toEqual(plainAnswer);
  expect(withoutBulkId(await fastEvents)).toEqual(withoutBulkId(await plainEvents));
  const all = docs.map((d) => d.id);
  expect(await fast.findDocumentsById(all, true)).toEqual(await plain.findDocumentsById(all, true));
  expect(await fast.findDocumentsById(all, true)).toHaveLength(60);
});

test('[issue 12] a page naming an id that is already stored overwrites nothing: that row is a conflict, the rest are written, as RxDB does', async () => {
  const name = `wp-taken-${randomToken(6)}`;
  const fast = await instance(ours(), name);
  // Another writer of the same database (another tab) stores b001 first.
  const other = await instance(dexie(), name);
  await other.bulkWrite(inserts([doc('b001', 'Stored first')]), 'other-tab');

  const page = ids(3, 'b').map((id) => doc(id, `Pulled ${id}`));
  const answer = await fast.bulkWrite(inserts(page), 'replication-downstream');

  expect(answer.error).toHaveLength(1);
  expect(answer.error[0]).toMatchObject({ status: 409, documentId: 'b001', documentInDb: { name: 'Stored first' } });
  const stored = await fast.findDocumentsById(['b000', 'b001', 'b002'], true);
  expect(Object.fromEntries(stored.map((d) => [d.id, d.name]))).toEqual({ b000: 'Pulled b000', b001: 'Stored first', b002: 'Pulled b002' });
});

test('[issue 12] a large read skips ids the store never held and finds those written here or by another tab', async () => {
  const name = `wp-known-${randomToken(6)}`;
  const fast = await instance(ours(), name, { multiInstance: true });
  const otherTab = await instance(dexie(), name, { multiInstance: true });
  const bulkGet = vi.spyOn(await table(fast), 'bulkGet');

  const fresh = ids(60, 'n');
  expect(await fast.findDocumentsById(fresh, true)).toEqual([]);
  expect(bulkGet).not.toHaveBeenCalled();

  await fast.bulkWrite(inserts([doc('n000')]), 'local');
  const arrived = firstValueFrom(fast.changeStream().pipe(filter((bulk) => bulk.events.some((e) => e.documentId === 'n001'))));
  await otherTab.bulkWrite(inserts([doc('n001', 'From the other tab')]), 'other-tab');
  await arrived;
  bulkGet.mockClear(); // the other tab's write read through the same Dexie table (one per database in a process)
  const found = await fast.findDocumentsById(fresh, true);
  expect(found.map((d) => d.id).sort()).toEqual(['n000', 'n001']);
  expect(bulkGet).toHaveBeenCalledTimes(1);
  expect(bulkGet.mock.calls[0]![0]).toEqual(['n000', 'n001']);
});

test('[issue 12] an id another tab stored whose change has not arrived yet reads as missing, and writing it then is a conflict, never an overwrite', async () => {
  const name = `wp-race-${randomToken(6)}`;
  const fast = await instance(ours(), name);
  const otherTab = await instance(dexie(), name); // its change events never reach `fast` (no broadcast)
  const page = ids(60, 'r');
  expect(await fast.findDocumentsById(page, true)).toEqual([]); // the known ids are loaded: none

  await otherTab.bulkWrite(inserts([doc('r000', 'Stored by the other tab')]), 'other-tab');
  expect(await fast.findDocumentsById(page, true)).toEqual([]);
  const answer = await fast.bulkWrite(inserts(page.map((id) => doc(id, 'Pulled'))), 'replication-downstream');

  expect(answer.error.map((e) => [e.documentId, e.status])).toEqual([['r000', 409]]);
  const [kept] = await fast.findDocumentsById(['r000'], true);
  expect(kept?.name).toBe('Stored by the other tab');
  expect(await fast.findDocumentsById(page, true)).toHaveLength(60);
});

test('[issue 12] changes of a replication meta store stay in the tab; a collection\'s changes reach the other tabs', async () => {
  const name = `wp-meta-${randomToken(6)}`;
  const heard = async (collectionName: string) => {
    const writer = await instance(ours(), name, { multiInstance: true, collectionName });
    const listener = await instance(ours(), name, { multiInstance: true, collectionName });
    const events: unknown[] = [];
    const subscription = listener.changeStream().subscribe((bulk) => events.push(...bulk.events));
    await writer.bulkWrite(inserts([doc(`x-${collectionName.length}`)]), 'test');
    await new Promise((resolve) => setTimeout(resolve, 150));
    subscription.unsubscribe();
    return events.length;
  };
  expect(await heard('clients')).toBe(1);
  expect(await heard('rx-replication-meta-0123abcd')).toBe(0);
});

test('[issue 12] rows with a previous state (updates) take RxDB\'s own path and keep its revision check', async () => {
  const fast = await instance(ours(), `wp-update-${randomToken(6)}`);
  const [first] = [doc('u1', 'First')];
  await fast.bulkWrite(inserts([first!]), 'local');
  const stale = { ...first!, _rev: '0-stale' };
  const answer = await fast.bulkWrite([{ previous: stale, document: { ...first!, name: 'Second', _rev: '2-def' } }], 'local');
  expect(answer.error).toMatchObject([{ status: 409, documentId: 'u1' }]);
  const ok = await fast.bulkWrite([{ previous: first!, document: { ...first!, name: 'Second', _rev: '2-def', _meta: { lwt: lwt++ } } }], 'local');
  expect(ok.error).toEqual([]);
  expect((await fast.findDocumentsById(['u1'], false))[0]?.name).toBe('Second');
});

test('[issue 12] the changes after a checkpoint are read from the checkpoint on, not from every document sharing its write time', async () => {
  // A pulled page of 1,000 is written with one write time (RxDB stamps a bulk write once); the upstream asks at
  // every start for what was written after its checkpoint: the last of them.
  const shared = lwt++;
  const page = ids(300, 'p').map((id) => ({ ...doc(id), _meta: { lwt: shared } }));
  const later = ids(3, 'q').map((id) => doc(id));
  later[1] = { ...later[1]!, _deleted: true };
  const fast = await instance(ours(), `wp-fast-${randomToken(6)}`);
  const plain = await instance(dexie(), `wp-plain-${randomToken(6)}`);
  for (const of of [fast, plain]) {
    await of.bulkWrite(inserts(page), 'replication-downstream');
    await of.bulkWrite(inserts(later), 'test');
  }
  const checkpoints = [undefined, { id: '', lwt: 0 }, { id: 'p149', lwt: shared }, { id: 'p299', lwt: shared }, { id: later[0]!.id, lwt: later[0]!._meta.lwt }, { id: 'q002', lwt: later[2]!._meta.lwt }];
  for (const checkpoint of checkpoints) {
    for (const limit of [1, 2, 500]) {
      expect(await getChangedDocumentsSince(fast, limit, checkpoint)).toEqual(await getChangedDocumentsSince(plain, limit, checkpoint));
    }
  }

  // What a start costs: the documents read from IndexedDB to learn that three were written since.
  const clones = vi.spyOn(globalThis, 'structuredClone');
  const since = await getChangedDocumentsSince(fast, 500, { id: 'p299', lwt: shared });
  expect(since.documents.map((d) => d.id)).toEqual(['q000', 'q001', 'q002']);
  expect(clones.mock.calls.length).toBeLessThanOrEqual(2 * 3);
  clones.mockRestore();
});
