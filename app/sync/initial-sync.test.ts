// The app's replication on the device's own storage stack (Dexie with the bulk-load write path, fake-indexeddb):
// a large first page, a later page mixing changes and new records, then a local edit whose push carries
// the state the server sent as its assumed master state (the replication meta written by the fast path).
/// <reference types="vite/client" />
/// <reference path="../local-db/validators.d.ts" />
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { Subject } from 'rxjs';
import { afterEach, expect, test, vi } from 'vitest';
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import type { PushRow } from '../../schemas/protocol/sync.ts';
import { createDatabase, type KartotekaDatabase } from '../local-db/database.ts';
import { deviceStorage } from '../local-db/rxdb-database.ts';
import { editClient } from '../local-db/writes.ts';
import { replicateCollection } from './replication.ts';

let db: KartotekaDatabase | undefined;

afterEach(async () => {
  vi.unstubAllGlobals();
  await db?.remove();
  db = undefined;
});

const client = (i: number, name = `Firma ${i}`, updatedAt = 1000) =>
  ({ ...emptyClient({ id: `c${String(i).padStart(3, '0')}`, orderId: 'o1', ownerId: 'u1', now: 1000 }), name, updatedAt, _deleted: false });
const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('timed out');
};

test('[S1][S5] a fresh device stores a large pull, then changes and new records, and pushes an edit against the state it was sent', async () => {
  db = await createDatabase({ name: `initial-sync-${Date.now()}`, storage: deviceStorage({ indexedDB, IDBKeyRange }), multiInstance: false });
  const first = Array.from({ length: 300 }, (_, i) => client(i));
  // Later: 60 of them changed on the server, 60 new ones.
  const second = [...first.slice(0, 60).map((c, i) => client(i, `${c.name} (zmieniona)`, 2000)), ...Array.from({ length: 60 }, (_, i) => client(300 + i))];
  const pages: unknown[] = [{ documents: first, checkpoint: { v: 2, n: 1 } }, { documents: second, checkpoint: { v: 2, n: 2 } }];
  const pushed: PushRow<Client>[] = [];
  vi.stubGlobal('fetch', async (path: string, init: { body: string }) => {
    if (path.endsWith('/push')) {
      const { rows } = JSON.parse(init.body) as { rows: PushRow<Client>[] };
      pushed.push(...rows);
      return Response.json({ conflicts: [], refused: [] });
    }
    return Response.json(pages.shift() ?? { documents: [], checkpoint: { v: 2, n: 9 } });
  });
  const resync$ = new Subject<'RESYNC'>();
  const replication = replicateCollection<Client>(db, 'clients', { request: (send) => send(), resync$, onRefused: () => {} });
  try {
    await until(async () => (await db!.clients.count().exec()) === 300);
    resync$.next('RESYNC');
    await until(async () => (await db!.clients.count().exec()) === 360);
    expect((await db.clients.findOne('c005').exec())?.name).toBe('Firma 5 (zmieniona)');
    expect((await db.clients.findOne('c200').exec())?.name).toBe('Firma 200');
    expect(pushed).toEqual([]); // nothing the server sent goes back to it

    await editClient(db, 'c200', { name: 'Firma 200 sp. z o.o.' }, 5000);
    await until(async () => pushed.length === 1);
    const { assumedMasterState, newDocumentState } = pushed[0]!;
    expect(newDocumentState).toMatchObject({ id: 'c200', name: 'Firma 200 sp. z o.o.' });
    expect(assumedMasterState).toMatchObject({ id: 'c200', name: 'Firma 200', updatedAt: 1000 });
  } finally {
    await replication.cancel();
  }
});
