// The device's side of a reset pull: synced copies the server no longer sends are removed, unsent ones kept [S27].
/// <reference types="vite/client" />
/// <reference path="../local-db/validators.d.ts" />
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { Subject } from 'rxjs';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, expect, test, vi } from 'vitest';
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import { createDatabase, type KartotekaDatabase } from '../local-db/database.ts';
import { markPending, pendingIds } from '../local-db/pending.ts';
import { wrappedValidateAjvStorage } from '../local-db/validate-storage.ts';
import { replicateCollection } from './replication.ts';

let db: KartotekaDatabase | undefined;

afterEach(async () => {
  vi.unstubAllGlobals();
  await db?.remove();
  db = undefined;
});

const client = (id: string, name: string) => ({ ...emptyClient({ id, orderId: 'o1', ownerId: 'u1', now: 1000 }), name, _deleted: false });
const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('timed out');
};

test('[S27] a reset pull removes the synced copies it does not bring back and keeps records with unsent changes', async () => {
  db = await createDatabase({
    name: `pull-reset-${Date.now()}`,
    storage: wrappedValidateAjvStorage({ storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) }),
    multiInstance: false,
  });
  // The server's answers: first the whole scope (a, b, c); after the resync a reset that brings back only a.
  const pages: unknown[] = [
    { documents: [client('a', 'A'), client('b', 'B'), client('c', 'C')], checkpoint: { v: 2, n: 1 } },
    { documents: [client('a', 'A')], checkpoint: { v: 2, n: 3 }, reset: true },
  ];
  vi.stubGlobal('fetch', async (path: string) => {
    if (path.endsWith('/push')) throw new TypeError('no push expected');
    return Response.json(pages.shift() ?? { documents: [], checkpoint: { v: 2, n: 9 } });
  });
  const resync$ = new Subject<'RESYNC'>();
  const replication = replicateCollection<Client>(db, 'clients', { request: (send) => send(), resync$, onRefused: () => {} });
  try {
    await until(async () => (await db!.clients.count().exec()) === 3);
    // b waits for the server (the write path marks a record pending before it writes it).
    await markPending(db, 'clients', 'b');

    resync$.next('RESYNC');
    await until(async () => (await db!.clients.count().exec()) === 2);
    const left = await db.clients.find().exec();
    expect(left.map((doc) => doc.id).sort()).toEqual(['a', 'b']);
    expect(await pendingIds(db, 'clients')).toEqual(['b']);
  } finally {
    await replication.cancel();
  }
});
