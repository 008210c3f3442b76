// A real database written by the version-0 app (frozen schemas, unsent records marked pending, a stored
// replication checkpoint) opened by today's app: documents, pending marks and the push all survive [S16].
/// <reference types="vite/client" />
/// <reference path="./validators.d.ts" />
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { NEVER } from 'rxjs';
import { createRxDatabase, type RxJsonSchema } from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { Client } from '../../schemas/entities/client.ts';
import type { PushRow } from '../../schemas/protocol/sync.ts';
import { replicateCollection } from '../sync/replication.ts';
import { DEVICE_COLLECTIONS } from './collections.ts';
import { createDatabase, type KartotekaDatabase } from './database.ts';
import './rxdb-database.ts'; // RxDB's plugins (local documents) before the version-0 database below opens
import { SCHEMAS_V0 } from './fixtures/schemas-v0.ts';
import { pendingIds } from './pending.ts';
import { schemaFingerprint } from './schema-fingerprint.ts';
import { wrappedValidateAjvStorage } from './validate-storage.ts';
import { createClient } from './writes.ts';

const dexie = () => getRxStorageDexie({ indexedDB, IDBKeyRange });
const operator = { id: 'u1', role: 'operator' };

/** What the mocked server received, and whether it is reachable. */
let server: { online: boolean; pushed: string[] };
const opened: { close(): Promise<unknown> }[] = [];

beforeEach(() => {
  server = { online: true, pushed: [] };
  // As in a browser, RxDB builds each storage's validator when idle: the migration's old-version storage too.
  vi.stubGlobal('requestIdleCallback', (run: () => void) => {
    run();
    return 0;
  });
  vi.stubGlobal('fetch', async (path: string, init: { body: string }) => {
    if (!server.online) throw new TypeError('Failed to fetch');
    const body = JSON.parse(init.body) as { rows?: PushRow<Client>[] };
    if (path.endsWith('/push')) {
      server.pushed.push(...(body.rows ?? []).map((row) => row.newDocumentState.id));
      return Response.json({ conflicts: [], refused: [] });
    }
    return Response.json({ documents: [], checkpoint: { buckets: {} } });
  });
});

afterEach(async () => {
  vi.unstubAllGlobals();
  while (opened.length > 0) await opened.pop()!.close();
});

/** The app's own replication of `clients`, against the mocked server. */
function replicateClients(db: KartotekaDatabase) {
  const replication = replicateCollection<Client>(db, 'clients', { request: (send) => send(), resync$: NEVER, onRefused: () => {} });
  opened.push({ close: () => replication.cancel() });
  return replication;
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** The version-0 app's database: exactly the frozen schemas, on the same IndexedDB. */
async function openVersion0(name: string): Promise<KartotekaDatabase> {
  const db = await createRxDatabase({ name, storage: dexie(), multiInstance: false, localDocuments: true });
  const collections = Object.fromEntries(
    Object.entries(SCHEMAS_V0).map(([collection, schema]) => [collection, { schema: schema as unknown as RxJsonSchema<unknown> }]),
  );
  await db.addCollections(collections);
  return db as unknown as KartotekaDatabase;
}

/** Collections the version-0 app did not have: a database of that app holds none of them, so there is no frozen schema. */
const INTRODUCED_LATER: Record<string, string> = { comments: 'protocol 2 (2026-12)' };

test('[S16] every collection of the registry is past its frozen version 0 (or came later) and has a strategy for each step', () => {
  for (const [name, entry] of Object.entries(DEVICE_COLLECTIONS)) {
    const frozen = SCHEMAS_V0[name as keyof typeof SCHEMAS_V0] as { version: number } | undefined;
    if (frozen) expect(entry.schema.version, name).toBeGreaterThan(frozen.version);
    else expect(INTRODUCED_LATER[name], `${name} has no frozen version-0 schema: record when it came`).toBeDefined();
    const steps = Array.from({ length: entry.schema.version }, (_, i) => String(i + 1));
    expect(Object.keys(entry.migrationStrategies).sort(), name).toEqual(steps);
  }
});

/**
 * The schema each released version stands for. A changed schema under the same version would make RxDB
 * refuse every existing database (DB6): a change needs a new version, a strategy, and a line here.
 */
const RELEASED: Record<string, Record<number, string>> = {
  orders: { 1: 'efa705a1:1441' },
  // v2: the verdict as one value with per-field notes [M11].
  clients: { 1: '4eaec50e:2654', 2: '1069873b:2832' },
  assignments: { 1: '6033a91:822' },
  users: { 1: 'c3a48ed8:575' },
  attributes: { 1: '835cf1f5:1477' },
  comments: { 0: '3a3a148c:877' },
};

test('[S16] a changed schema has a new version: the current schema is the one recorded for its version', () => {
  for (const [name, entry] of Object.entries(DEVICE_COLLECTIONS)) {
    const recorded = RELEASED[name]?.[entry.schema.version];
    expect(
      schemaFingerprint(entry.schema),
      `${name} v${entry.schema.version} changed: raise its version in collections.ts, add a strategy, record it here`,
    ).toBe(recorded);
  }
});

test('[S16] unsent records of a version-0 database survive the update, stay pending and are pushed', async () => {
  const name = `migration-${Date.now()}`;
  const old = await openVersion0(name);
  // The old app synced one record (so a replication checkpoint is stored) ...
  const synced = await createClient(old, operator, 'o1', { name: 'Wysłana' }, 1000);
  const oldReplication = replicateClients(old);
  await until(async () => (await pendingIds(old, 'clients')).length === 0, 'the first record to be acknowledged');
  expect(server.pushed).toEqual([synced.id]);
  // ... then went offline and took two more that never left the tablet.
  server.online = false;
  const unsent = [
    await createClient(old, operator, 'o1', { name: 'Niewysłana 1', nip: '5260250274' }, 2000),
    await createClient(old, operator, 'o1', { name: 'Niewysłana 2' }, 3000),
  ].map((client) => client.id);
  await oldReplication.cancel();
  await old.close();

  // The updated app opens the same database with its own code.
  server = { online: true, pushed: [] };
  const db = await createDatabase({ name, storage: wrappedValidateAjvStorage({ storage: dexie() }), multiInstance: false });
  opened.push(db);
  expect(db.clients.schema.version).toBe(DEVICE_COLLECTIONS.clients.schema.version);
  const stored = await db.clients.find().exec();
  expect(stored.map((doc) => doc.name).sort()).toEqual(['Niewysłana 1', 'Niewysłana 2', 'Wysłana']);
  expect([...(await pendingIds(db, 'clients'))].sort()).toEqual([...unsent].sort());

  // The migrated checkpoint holds: only the two unsent records go out, and then nothing is pending.
  replicateClients(db);
  await until(async () => (await pendingIds(db, 'clients')).length === 0, 'the unsent records to be pushed');
  expect([...server.pushed].sort()).toEqual([...unsent].sort());
  // The migrated collection still validates new writes with the precompiled validators.
  await expect(db.clients.insert({ ...stored[0]!.toMutableJSON(), id: 'bad', nip: '12345678901' })).rejects.toThrow();
});

test('[S16][M11] a record stored with the verdict as keys (protocol 1) opens in the one-value shape, notes empty', async () => {
  const name = `migration-verdict-${Date.now()}`;
  const old = await openVersion0(name);
  const made = await createClient(old, operator, 'o1', { name: 'Odrzucona' }, 1000);
  const { notes: _none, ...blank } = made.verification;
  const rejected = { state: 'rejected', reason: 'zły NIP', verifierId: 'v1', at: 1500 };
  // As the protocol-1 app stored a rejection whose reason was reworded later: one time per key.
  const keyTimes = { 'verification:state': 1500, 'verification:reason': 1700, 'verification:verifierId': 1500, 'verification:at': 1500 };
  await old.clients.upsert({ ...made, verification: { ...blank, ...rejected }, fieldTimes: { ...made.fieldTimes, ...keyTimes } } as never);
  await old.close();

  const db = await createDatabase({ name, storage: wrappedValidateAjvStorage({ storage: dexie() }), multiInstance: false });
  opened.push(db);
  const doc = (await db.clients.findOne(made.id).exec())!.toMutableJSON();
  expect(doc.verification).toEqual({ ...rejected, notes: {} });
  expect(doc.fieldTimes).toEqual({ ...made.fieldTimes, verification: 1700 });
  expect(Object.keys(doc.fieldTimes).filter((path) => path.startsWith('verification:'))).toEqual([]);
});
