// A real RxDB replication whose pulled page fails to store: the status turns to an error, never "synced" [S17].
/// <reference types="vite/client" />
/// <reference path="../local-db/validators.d.ts" />
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { NEVER } from 'rxjs';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, expect, test, vi } from 'vitest';
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import { createDatabase, type KartotekaDatabase } from '../local-db/database.ts';
import { wrappedValidateAjvStorage } from '../local-db/validate-storage.ts';
import { replicateCollection } from './replication.ts';
import { watchReplication } from './replication-watch.ts';
import { statusInput, syncProblem, syncStatus } from './status.ts';

let db: KartotekaDatabase | undefined;

afterEach(async () => {
  vi.unstubAllGlobals();
  await db?.remove();
  db = undefined;
});

test('[S17] a pulled document the device schema refuses shows a sync error with its reason', async () => {
  db = await createDatabase({
    name: `store-failure-${Date.now()}`,
    storage: wrappedValidateAjvStorage({ storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) }),
    multiInstance: false,
  });
  // The server sends a record this app's schema refuses (say, a field a newer server added).
  const invalid = { ...emptyClient({ id: 'c1', orderId: 'o1', ownerId: 'u1', now: 1000 }), name: 'Firma', addedLater: 'x', _deleted: false };
  vi.stubGlobal('fetch', async () => Response.json({ documents: [invalid], checkpoint: { buckets: { b: { xid: '1', seq: 1 } } } }));
  statusInput.reset();
  statusInput.setRunning(true);
  statusInput.setInitialDone(true);
  const replication = replicateCollection<Client>(db, 'clients', { request: (send) => send(), resync$: NEVER, onRefused: () => {} });
  const watching = watchReplication('clients', replication);
  try {
    for (let i = 0; i < 200 && syncStatus() !== 'error'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(syncStatus()).toBe('error');
    expect(syncProblem()).toBe('invalidData');
    expect(await db.clients.count().exec()).toBe(0);
  } finally {
    watching.unsubscribe();
    await replication.cancel();
  }
});
