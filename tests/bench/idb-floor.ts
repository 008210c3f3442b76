// The floor: raw IndexedDB bulk put of the same documents (1000 per transaction) in a fresh page of the same browser.
// Beside it, the floor of RxDB's write shape: the same raw puts of what RxDB's replication stores per document
// (the document with the indexes RxDB's Dexie storage declares, and its copy in the replication meta store);
// and the floor of the app's write shape: the same, the document also carrying the records list's keys in its
// ten indexes (list-index.ts, issue 12 item 4).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { createRxSchema, getRxReplicationMetaInstanceSchema } from 'rxdb/plugins/core';
import { getDexieStoreSchema } from 'rxdb/plugins/storage-dexie';
import { DEVICE_COLLECTIONS } from '../../app/local-db/collections.ts';
import { LIST_FIELD, LIST_INDEXES, listKeys } from '../../app/local-db/list-index.ts';
import { cpuBetween, descendantCpu } from './cpu-time.ts';

export interface FloorResult {
  /** Time of the puts alone, from the first transaction to the last `complete`. */
  ms: number;
  /** Documents counted in the store afterwards. */
  stored: number;
  /** CPU time Chromium's processes used meanwhile (the renderer, and the browser process that writes IndexedDB). */
  cpuMs: number;
}

/** Index key paths of a Dexie store declaration ("id, [_deleted+id], _meta.lwt" → [['_deleted','id'], ['_meta.lwt']]). */
function dexieIndexes(declaration: string): string[][] {
  return declaration.split(',').slice(1).map((part) => part.trim().replace(/^\[|\]$/g, '').split('+'));
}

const clientsSchema = createRxSchema(DEVICE_COLLECTIONS.clients.schema as never, () => Promise.resolve(''), false).jsonSchema;
/** What RxDB's Dexie storage declares for the clients store and for the replication meta store of clients. */
export const RXDB_SHAPE = {
  docs: dexieIndexes(getDexieStoreSchema(clientsSchema as never)),
  meta: dexieIndexes(getDexieStoreSchema(getRxReplicationMetaInstanceSchema(clientsSchema as never, false) as never)),
};
/** The app's clients store: RxDB's indexes and the records list's (list-index.ts gives them to the storage as schema indexes). */
const APP_DOC_INDEXES = [
  ...RXDB_SHAPE.docs,
  ...dexieIndexes(getDexieStoreSchema({ ...clientsSchema, indexes: Object.values(LIST_INDEXES).map((fields) => [...fields]) } as never)),
].filter((path, i, all) => all.findIndex((p) => p.join('+') === path.join('+')) === i);

type Shape = 'floor' | 'rxdb' | 'app';

/**
 * Serves a blank page and the documents from 127.0.0.1 (IndexedDB needs a real origin), loads the
 * documents into the page, then times only the IndexedDB writes.
 */
async function measure(browser: Browser, docs: readonly object[], shape: Shape, perTransaction: number): Promise<FloorResult> {
  // The list's keys are made here, outside the timed part, as the floor times the writes alone.
  const body = JSON.stringify(shape === 'app' ? docs.map((doc) => ({ ...doc, [LIST_FIELD]: listKeys(doc as Parameters<typeof listKeys>[0]) })) : docs);
  const http = createServer((req, res) => {
    if (req.url === '/docs.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html lang="en"><title>idb floor</title><body></body></html>');
    }
  });
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  const { port } = http.address() as AddressInfo;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    // Loaded and parsed first, outside the timed part: the floor is the writes alone.
    await page.evaluate(async () => {
      (globalThis as unknown as { floorDocs: unknown }).floorDocs = await (await fetch('/docs.json')).json();
    });
    // tsx compiles this file with esbuild's keepNames: the helpers named inside the page function call `__name`.
    await page.evaluate('globalThis.__name = (fn) => fn');
    const before = descendantCpu();
    const result = await page.evaluate(async ({ chunk, shape, indexes }) => {
      const docs = (globalThis as unknown as { floorDocs: { id: string }[] }).floorDocs;
      const open = (name: string, keyIndexes: string[][]): Promise<IDBDatabase> => new Promise((done, fail) => {
        const request = indexedDB.open(name, 1);
        request.onupgradeneeded = () => {
          const store = request.result.createObjectStore('docs', { keyPath: 'id' });
          for (const path of keyIndexes) store.createIndex(path.join('+'), path.length === 1 ? path[0]! : path);
        };
        request.onsuccess = () => done(request.result);
        request.onerror = () => fail(request.error);
      });
      const put = (db: IDBDatabase, rows: object[]) => new Promise<void>((done, fail) => {
        const tx = db.transaction('docs', 'readwrite');
        const store = tx.objectStore('docs');
        for (const row of rows) store.put(row);
        tx.oncomplete = () => done();
        tx.onerror = () => fail(tx.error);
        tx.onabort = () => fail(tx.error ?? new Error('transaction aborted'));
      });
      const db = await open('floor', shape === 'floor' ? [] : shape === 'app' ? indexes.app : indexes.docs);
      const meta = shape === 'floor' ? undefined : await open('floor-meta', indexes.meta);
      // RxDB's stored forms: booleans of indexes as '0'/'1', a revision, the write time; the meta entry holds the
      // document (without the list's keys: the list layer keeps them out of everything but the clients store).
      const stored = (doc: object, lwt: number) => ({ ...doc, _deleted: '0', _rev: '1-0123456789', _attachments: {}, _meta: { lwt } });
      const metaEntry = ({ _list: _keys, ...doc }: { id: string; _list?: unknown }, lwt: number) => ({
        id: `${doc.id}|0`, isCheckpoint: '0', itemId: doc.id, docData: { ...doc, _deleted: false, _rev: '1-0123456789', _attachments: {}, _meta: { lwt } },
        _deleted: '0', _rev: '1-0123456789', _attachments: {}, _meta: { lwt },
      });
      const started = performance.now();
      for (let i = 0; i < docs.length; i += chunk) {
        const page = docs.slice(i, i + chunk);
        if (!meta) await put(db, page);
        else {
          // As RxDB's replication writes a page: the documents, then their meta entries.
          await put(db, page.map((doc, j) => stored(doc, started + i + j)));
          await put(meta, page.map((doc, j) => metaEntry(doc, started + i + j)));
        }
      }
      const ms = performance.now() - started;
      const count: number = await new Promise((done, fail) => {
        const request = db.transaction('docs').objectStore('docs').count();
        request.onsuccess = () => done(request.result);
        request.onerror = () => fail(request.error);
      });
      db.close();
      meta?.close();
      return { ms, stored: count };
    }, { chunk: perTransaction, shape, indexes: { ...RXDB_SHAPE, app: APP_DOC_INDEXES } });
    return { ...result, cpuMs: cpuBetween(before, descendantCpu(), 'chromium') };
  } finally {
    await context.close();
    await new Promise((done) => http.close(done));
  }
}

/** Raw IndexedDB puts of the documents into one store without indexes: the floor every figure is compared with. */
export function measureIdbFloor(browser: Browser, docs: readonly object[], perTransaction = 1000): Promise<FloorResult> {
  return measure(browser, docs, 'floor', perTransaction);
}

/** Raw IndexedDB puts of what RxDB's replication stores per document: the floor of that write shape. */
export function measureRxdbShapeFloor(browser: Browser, docs: readonly object[], perTransaction = 1000): Promise<FloorResult> {
  return measure(browser, docs, 'rxdb', perTransaction);
}

/** The same with the records list's keys and indexes on each document (list-index.ts): the floor of the app's write shape. */
export function measureAppShapeFloor(browser: Browser, docs: readonly object[], perTransaction = 1000): Promise<FloorResult> {
  return measure(browser, docs, 'app', perTransaction);
}
