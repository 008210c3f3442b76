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
import { MAX_PUSH_BYTES, MAX_PUSH_ROWS, type PushRow, type PushResponse } from '../../schemas/protocol/sync.ts';
import { applyEdit } from '../../schemas/rules/edit.ts';
import { createDatabase, type KartotekaDatabase } from '../local-db/database.ts';
import { pendingIds } from '../local-db/pending.ts';
import { wrappedValidateAjvStorage } from '../local-db/validate-storage.ts';
import { editClient } from '../local-db/writes.ts';
import type { api } from './api.ts';
import { pushRequests, utf8Length } from './push-requests.ts';
import { replicateCollection } from './replication.ts';

const bodyBytes = (rows: readonly unknown[]) => new TextEncoder().encode(JSON.stringify({ rows })).length;

test('[S29] every request holds at most the row and byte limits, the rows in order, none left out or repeated', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'ż', '"', '\n', '\u0001', '😀'), maxLength: 400 });
  fc.assert(fc.property(fc.array(fc.record({ id: fc.nat(), text }), { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 40, max: 3000 }),
    (rows, maxRows, maxBytes) => {
      const requests = pushRequests(rows, maxRows, maxBytes);
      expect(requests.flat()).toEqual(rows);
      for (const request of requests) {
        expect(request.length).toBeGreaterThan(0);
        expect(request.length).toBeLessThanOrEqual(maxRows);
        // A row too large for any request goes alone (the server answers 413 for it; it stays unsent).
        if (request.length > 1) expect(bodyBytes(request)).toBeLessThanOrEqual(maxBytes);
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
  expect(pushRequests(rows).map((r) => r.length)).toEqual([MAX_PUSH_ROWS, 1]);
  const big = Array.from({ length: 3 }, (_, id) => ({ id, text: 'ż'.repeat(MAX_PUSH_BYTES / 5) }));
  expect(pushRequests(big).map((r) => r.length)).toEqual([2, 1]);
});

type Row = Client & { _deleted: boolean };
let db: KartotekaDatabase | undefined;
afterEach(async () => {
  await db?.remove();
  db = undefined;
});

test('[S29] the device sends a batch of large records in several requests, each within the byte limit, and settles every one', async () => {
  const stored = new Map<string, Row>();
  for (let i = 0; i < 12; i++) {
    const id = `c${i}`;
    stored.set(id, { ...applyEdit(emptyClient({ id, orderId: 'o1', ownerId: 'op1', now: 100 }), { name: `Firma ${i}` }, 100), _deleted: false });
  }
  const requests: number[] = [];
  let pulled = false;
  const call = (async (_method: string, path: string, body: unknown) => {
    if (path.endsWith('/pull')) {
      const documents = pulled || !path.includes('/clients/') ? [] : [...stored.values()];
      pulled = true;
      return { documents, checkpoint: { n: 1 } };
    }
    const rows = (body as { rows: PushRow<Row>[] }).rows;
    requests.push(bodyBytes(rows));
    if (bodyBytes(rows) > 40_000) throw new Error('413 from the fake server');
    for (const row of rows) {
      expect(row.assumedMasterState).toEqual(stored.get(row.newDocumentState.id));
      stored.set(row.newDocumentState.id, row.newDocumentState);
    }
    return { conflicts: [], refused: [] } satisfies PushResponse<Row>;
  }) as typeof api;
  const storage = wrappedValidateAjvStorage({ storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) });
  db = await createDatabase({ name: `split-${Date.now()}-${Math.random()}`, storage, multiInstance: false });
  const replication = replicateCollection(db, 'clients', {
    request: (send) => send(), resync$: NEVER, onRefused: () => undefined, call, pushBytes: 40_000,
  });
  await replication.awaitInitialReplication();
  // Twelve notes of 4,990 'ż' (~10 kB of UTF-8, and each row carries two copies: ~21 kB): one row a request.
  await replication.pause();
  for (let i = 0; i < 12; i++) await editClient(db, `c${i}`, { notes: 'ż'.repeat(4990) }, 200 + i);
  await replication.start();
  await replication.awaitInSync();
  expect(requests.length).toBeGreaterThan(1);
  expect(Math.max(...requests)).toBeLessThanOrEqual(40_000);
  for (let i = 0; i < 12; i++) expect(stored.get(`c${i}`)!.notes).toBe('ż'.repeat(4990));
  expect(await pendingIds(db, 'clients')).toEqual([]);
  await replication.cancel();
});
