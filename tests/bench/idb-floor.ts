// The floor: raw IndexedDB bulk put of the same documents (1000 per transaction) in a fresh page of the same browser.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';

export interface FloorResult {
  /** Time of the puts alone, from the first transaction to the last `complete`. */
  ms: number;
  /** Documents counted in the store afterwards. */
  stored: number;
}

/**
 * Serves a blank page and the documents from 127.0.0.1 (IndexedDB needs a real origin), loads the
 * documents into the page, then times only the IndexedDB writes.
 */
export async function measureIdbFloor(browser: Browser, docs: readonly object[], perTransaction = 1000): Promise<FloorResult> {
  const body = JSON.stringify(docs);
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
    return await page.evaluate(async (chunk) => {
      const docs: { id: string }[] = await (await fetch('/docs.json')).json();
      const db: IDBDatabase = await new Promise((done, fail) => {
        const open = indexedDB.open('floor', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('docs', { keyPath: 'id' });
        open.onsuccess = () => done(open.result);
        open.onerror = () => fail(open.error);
      });
      const started = performance.now();
      for (let i = 0; i < docs.length; i += chunk) {
        await new Promise<void>((done, fail) => {
          const tx = db.transaction('docs', 'readwrite');
          const store = tx.objectStore('docs');
          for (const doc of docs.slice(i, i + chunk)) store.put(doc);
          tx.oncomplete = () => done();
          tx.onerror = () => fail(tx.error);
          tx.onabort = () => fail(tx.error ?? new Error('transaction aborted'));
        });
      }
      const ms = performance.now() - started;
      const stored: number = await new Promise((done, fail) => {
        const count = db.transaction('docs').objectStore('docs').count();
        count.onsuccess = () => done(count.result);
        count.onerror = () => fail(count.error);
      });
      db.close();
      return { ms, stored };
    }, perTransaction);
  } finally {
    await context.close();
    await new Promise((done) => http.close(done));
  }
}
