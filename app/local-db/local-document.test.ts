// Local documents as observables (local-document.ts): the pending counts and refused changes follow their
// own document, not every change event of every collection (issue 12: the initial sync writes 1,000 per page).
/// <reference types="vite/client" />
/// <reference path="./validators.d.ts" />
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, expect, test, vi } from 'vitest';
import { emptyClient } from '../../schemas/entities/client.ts';
import { createDatabase, type KartotekaDatabase } from './database.ts';
import { deviceStorage } from './rxdb-database.ts';
import { markPending, pendingCount$, settlePending } from './pending.ts';
import { recordRefused, refused$ } from './refused.ts';

let db: KartotekaDatabase | undefined;

afterEach(async () => {
  await db?.remove();
  db = undefined;
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

test('[issue 12] the pending count and the refused list follow their own local documents, not the per-record change stream', async () => {
  db = await createDatabase({ name: `local-doc-${Date.now()}`, storage: deviceStorage({ indexedDB, IDBKeyRange }), multiInstance: false });
  const perRecordStream = vi.spyOn(db, '$', 'get');
  const counts: number[] = [];
  const refusedLengths: number[] = [];
  const subscriptions = [
    pendingCount$(db).subscribe((n) => counts.push(n)),
    refused$(db).subscribe((items) => refusedLengths.push(items.length)),
  ];
  try {
    await vi.waitFor(() => {
      expect(counts).toEqual([0]);
      expect(refusedLengths).toEqual([0]);
    });

    // A page of records arriving from the server changes neither.
    await db.clients.bulkInsert(Array.from({ length: 200 }, (_, i) => ({ ...emptyClient({ id: `c${i}`, orderId: 'o1', ownerId: 'u1', now: 1000 }), name: `Firma ${i}` })));
    await settle();
    expect(counts).toEqual([0]);
    expect(refusedLengths).toEqual([0]);

    await markPending(db, 'clients', 'c1');
    await markPending(db, 'orders', 'o1');
    // Waited for, not slept on: a loaded machine delivers the local documents' events later.
    await vi.waitFor(() => expect(counts.at(-1)).toBe(2));
    await settlePending(db, 'clients', ['c1']);
    await recordRefused(db, [{ id: 'c2', collection: 'clients', code: 'FORBIDDEN', label: 'Firma 2', orderId: 'o1', at: 5 }]);
    await vi.waitFor(() => {
      expect(counts.at(-1)).toBe(1);
      expect(refusedLengths.at(-1)).toBe(1);
    });
    expect(perRecordStream).not.toHaveBeenCalled();
  } finally {
    subscriptions.forEach((s) => s.unsubscribe());
  }
});
