// The device's push path with real RxDB (fake-indexeddb): a conflict keeps the typed values, a refused path takes the server's, and the refusal keeps the typed document [M6, S8].
// tsconfig.node.json checks this file; the app modules it imports use Vite's types and the virtual module.
/// <reference types="vite/client" />
/// <reference path="../local-db/validators.d.ts" />
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { firstValueFrom, NEVER, filter } from 'rxjs';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, expect, test } from 'vitest';
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import type { PushRow, PushResponse, RefusedRow } from '../../schemas/protocol/sync.ts';
import { applyEdit } from '../../schemas/rules/edit.ts';
import { createDatabase, type KartotekaDatabase } from '../local-db/database.ts';
import { refused$ } from '../local-db/refused.ts';
import { wrappedValidateAjvStorage } from '../local-db/validate-storage.ts';
import { editClient } from '../local-db/writes.ts';
import type { api } from './api.ts';
import { replicateCollection } from './replication.ts';

type Row = Client & { _deleted: boolean };
let db: KartotekaDatabase | undefined;

afterEach(async () => {
  await db?.remove();
  db = undefined;
});

/** A server holding one record, whose first answer to a push is given by the test. */
function fakeServer(stored: Row, firstAnswer: (row: PushRow<Row>, stored: Row) => { stored: Row; refused: RefusedRow[] }) {
  const pushes: PushRow<Row>[][] = [];
  let current = stored;
  let pulled = false;
  const call = (async (_method: string, path: string, body: unknown) => {
    if (path.endsWith('/pull')) {
      const documents = pulled || !path.includes('/clients/') ? [] : [current];
      pulled = true;
      return { documents, checkpoint: { n: pushes.length } };
    }
    const rows = (body as { rows: PushRow<Row>[] }).rows;
    pushes.push(rows);
    if (pushes.length === 1) {
      const answer = firstAnswer(rows[0]!, current);
      current = answer.stored;
      return { conflicts: [current], refused: answer.refused } satisfies PushResponse<Row>;
    }
    // Later pushes are compare-and-set against the stored state, and accepted.
    for (const row of rows) {
      expect(row.assumedMasterState).toEqual(current);
      current = row.newDocumentState;
    }
    return { conflicts: [], refused: [] } satisfies PushResponse<Row>;
  }) as typeof api;
  return { call, pushes, current: () => current };
}

async function deviceWith(server: ReturnType<typeof fakeServer>) {
  const storage = wrappedValidateAjvStorage({ storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) });
  db = await createDatabase({ name: `refusal-${Date.now()}-${Math.random()}`, storage, multiInstance: false });
  const replication = replicateCollection(db, 'clients', {
    request: (send) => send(), resync$: NEVER, onRefused: () => undefined, call: server.call,
  });
  await replication.awaitInitialReplication();
  return replication;
}

const stored = (): Row => ({ ...applyEdit(emptyClient({ id: 'c1', orderId: 'o1', ownerId: 'op1', now: 100 }), { name: 'Firma' }, 100), _deleted: false });

test('[M6][S8] a refused path takes the server value, the rest of the typed edit is pushed, the typed document is kept on the device', async () => {
  const server = fakeServer(stored(), (row, current) => ({
    // Meanwhile someone changed the city; this user may not write notes.
    stored: { ...applyEdit(current, { city: 'Radom' }, 150), _deleted: false },
    refused: [{ id: row.newDocumentState.id, code: 'FORBIDDEN', issues: [{ field: 'notes', code: 'permission.field' }] }],
  }));
  const replication = await deviceWith(server);
  await editClient(db!, 'c1', { name: 'Wpisana', notes: 'notatka' }, 200);
  await replication.awaitInSync();
  await firstValueFrom(replication.active$.pipe(filter((active) => !active)));
  await replication.awaitInSync();

  expect(server.pushes.length).toBe(2);
  expect(server.pushes[1]![0]!.newDocumentState).toMatchObject({ name: 'Wpisana', notes: '', city: 'Radom' });
  expect(server.current()).toMatchObject({ name: 'Wpisana', notes: '', city: 'Radom' });
  expect((await db!.clients.findOne('c1').exec())!.toJSON()).toMatchObject({ name: 'Wpisana', notes: '', city: 'Radom' });
  const [refusal] = await firstValueFrom(refused$(db!));
  expect(refusal).toMatchObject({ id: 'c1', collection: 'clients', doc: { name: 'Wpisana', notes: 'notatka' } });
  await replication.cancel();
});

test('[M6] a plain conflict keeps every typed value, whatever the device knows of its bindings', async () => {
  const server = fakeServer(stored(), (_row, current) => ({ stored: { ...applyEdit(current, { city: 'Radom' }, 150), _deleted: false }, refused: [] }));
  const replication = await deviceWith(server);
  await editClient(db!, 'c1', { name: 'Wpisana', notes: 'notatka' }, 200);
  await replication.awaitInSync();
  await firstValueFrom(replication.active$.pipe(filter((active) => !active)));
  await replication.awaitInSync();
  expect(server.current()).toMatchObject({ name: 'Wpisana', notes: 'notatka', city: 'Radom' });
  await replication.cancel();
});
