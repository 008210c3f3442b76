// Benchmark: server push ingest (issue 12 item 3) — devices pushing batches of edited records through the real
// push route, beside a raw multi-row upsert of the same documents into the same table, in the same run.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '../../schemas/entities/client.ts';
import type { Order } from '../../schemas/entities/order.ts';
import type { PushResponse } from '../../schemas/protocol/sync.ts';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { createApp } from '../../sync-server/app.ts';
import { hashPassword } from '../../sync-server/auth/password.ts';
import { createSession } from '../../sync-server/auth/sessions.ts';
import { insertUser } from '../../sync-server/auth/users.ts';
import { bind } from '../../sync-server/db/assignments.ts';
import type { Database } from '../../sync-server/db/database.ts';
import { migrate } from '../../sync-server/db/migrate.ts';
import { createLocalNotifier } from '../../sync-server/db/notifier.ts';
import { openPglite } from '../../sync-server/db/pglite.ts';
import { silentLogger } from '../../sync-server/logger.ts';
import { postgresBackend } from '../contract/backends.ts';
import { generateClients } from './client-docs.ts';

export interface PushIngestOptions {
  devices: number;
  /** Pushes per device, one after another (devices push at once). */
  pushes: number;
  /** Rows per push. */
  rows: number;
  /** Wraps the database the push route uses (push-profile.ts times its statements); the floor's stays bare. */
  instrument?: (db: Database) => Database;
  /** Only these backends (default: PGlite, and PostgreSQL when a URL is set). */
  backends?: readonly PushIngestFigure['backend'][];
}

export interface PushIngestFigure {
  backend: 'pglite' | 'postgres';
  rows: number;
  /** Wall time of every device's pushes through POST /api/sync/clients/push, ms. */
  pushMs: number;
  /** Wall time of the raw upserts of the same documents (one statement per batch, same concurrency), ms. */
  rawMs: number;
  /** The same with the documents in one JSON parameter, ms. */
  rawJsonMs: number;
  /** CPU time of this process during the pushes and during the raw upserts, ms. */
  pushCpuMs: number;
  rawCpuMs: number;
  /** PostgreSQL only: CPU time of this database's server processes (its backends) during the same phases. */
  pushServerCpuMs: number;
  rawServerCpuMs: number;
  /** Per round, the floor's time over the push's: its median is the least swayed by a shared machine's load. */
  roundRatios: { raw: number; rawJson: number }[];
  /**
   * PGlite only: the time of the statements the pushes ran inside their transactions, summed (PGlite runs one
   * at a time, so this is time the database was busy with nothing else): what the pushes would take with no
   * JavaScript, no session lookup, no BEGIN or COMMIT around their statements — a bound on the ratio.
   */
  pushSqlMs: number;
}

interface Backend {
  name: PushIngestFigure['backend'];
  db: Database;
  close(): Promise<void>;
}

const ORDER_ID = 'bench-push-order';
const CHEAP_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/** PGlite in a data directory of its own, as the server runs it (an in-memory one copies its growing files on every write). */
async function openPgliteBackend(): Promise<Backend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kartoteka-bench-push-'));
  const db = await openPglite({ dataDir });
  await migrate(db);
  return {
    name: 'pglite',
    db,
    async close() {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A database of its own, with a random name, dropped at the end (the contract suites' own). */
async function openPostgresBackend(adminUrl: string, pool: number): Promise<Backend> {
  const { db, close } = await postgresBackend(adminUrl).open({ poolSize: pool });
  return { name: 'postgres', db, close };
}

/** The edit a device makes offline: a note and a data source, stamped now (M10). */
function edited(doc: Client, at: number, round: number): Client {
  return {
    ...doc,
    notes: `Oddzwonić po ${10 + (round % 8)}:00; rozmowa ${round + 1}.`,
    dataSource2: `Rozmowa telefoniczna ${round + 1}`,
    updatedAt: at,
    fieldTimes: { ...doc.fieldTimes, notes: at, dataSource2: at },
  };
}

async function measureOne(backend: Backend, options: PushIngestOptions): Promise<PushIngestFigure> {
  const { db } = backend;
  const now = Date.now();
  const passwordHash = await hashPassword('bench push password', CHEAP_SCRYPT);
  const admin = await insertUser(db, { login: 'bench-admin', name: 'Administrator', role: 'admin', passwordHash }, now);
  const order: Order = {
    id: ORDER_ID, name: 'Benchmark: dzień pracy', instructions: '', voivodeships: ['14'], area: '', targetCount: 0, deadline: '',
    principalId: admin.id, verificationRequired: false, attributeIds: [], status: 'open', createdBy: admin.id,
    createdAt: now, updatedAt: now, fieldTimes: {},
  };
  await db.query(
    `INSERT INTO orders (id, principal_id, status, doc, deleted, xid, seq) VALUES ($1, $2, 'open', $3::jsonb, false, pg_current_xact_id(), nextval('change_seq'))`,
    [ORDER_ID, admin.id, JSON.stringify(order)],
  );
  // One operator per device, bound to the order, owning the records that device edits.
  // One more round than measured: the first warms up (compiles, plans) and is not counted.
  const perDevice = (options.pushes + 1) * options.rows;
  const devices: { cookie: string; docs: Client[] }[] = [];
  for (let d = 0; d < options.devices; d++) {
    const user = await insertUser(db, { login: `bench-operator-${d}`, name: `Operator ${d}`, role: 'operator', passwordHash }, now);
    await db.transaction((tx) => bind(tx, { orderId: ORDER_ID, user, role: 'operator', by: admin.id, now }).then(() => undefined));
    const docs = generateClients({ n: perDevice, orderId: ORDER_ID, ownerId: user.id, seed: d + 1, idPrefix: `bench-d${d}-` });
    for (let i = 0; i < docs.length; i += 500) await rawUpsert(db, docs.slice(i, i + 500));
    devices.push({ cookie: `kartoteka_session=${await createSession(db, user.id, now)}`, docs });
  }
  await db.query('ANALYZE');

  const sql = { ms: 0, on: false };
  const served = backend.name === 'pglite' ? timingStatements(db, sql) : db;
  const app = createApp({ db: options.instrument?.(served) ?? served, notifier: createLocalNotifier(), logger: silentLogger, passwordParams: CHEAP_SCRYPT });
  const at = Date.now() - 1000;
  const utf8 = new TextEncoder();
  const push = async (d: number, body: Uint8Array<ArrayBuffer>) => {
    const response = await app.request('http://localhost/api/sync/clients/push', {
      method: 'POST',
      headers: {
        cookie: devices[d]!.cookie, origin: 'http://localhost', host: 'localhost', 'content-type': 'application/json',
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'x-kartoteka-device': `bench-device-${d}`,
      },
      body,
    });
    if (!response.ok) throw new Error(`push answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    const answer = (await response.json()) as PushResponse<Client>;
    if (answer.conflicts.length || answer.refused.length) throw new Error(`push not accepted: ${JSON.stringify(answer).slice(0, 300)}`);
  };
  // Rounds alternate between the push and the floor, so both see the same load of a shared machine.
  const figure: PushIngestFigure = {
    backend: backend.name, rows: 0, pushMs: 0, rawMs: 0, rawJsonMs: 0, pushCpuMs: 0, rawCpuMs: 0, pushServerCpuMs: 0, rawServerCpuMs: 0, roundRatios: [],
    pushSqlMs: 0,
  };
  // The server's CPU beside this process's: with other load on the machine, work done is steadier than wall time.
  const database = backend.name === 'postgres' ? (await db.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name : '';
  const serverCpu = () => (database ? backendCpuMs(database) : 0);
  for (let p = 0; p <= options.pushes; p++) {
    const edits = devices.map((device) => device.docs.slice(p * options.rows, (p + 1) * options.rows).map((doc) => ({ doc, next: edited(doc, at, p) })));
    // What the devices send is made before the clock starts: the server's ingest is measured, not the client's JSON.
    // As bytes, as a request body arrives from the network (a string body would be encoded inside the clock).
    const bodies = edits.map((batch) => new Uint8Array(utf8.encode(JSON.stringify({
      rows: batch.map(({ doc, next }) => ({ assumedMasterState: { ...doc, _deleted: false }, newDocumentState: { ...next, _deleted: false } })),
    }))));
    const serverBefore = serverCpu();
    sql.ms = 0;
    sql.on = p > 0;
    const pushed = await timed(() => Promise.all(bodies.map((body, d) => push(d, body))));
    sql.on = false;
    figure.pushSqlMs += sql.ms;
    const serverPushed = serverCpu();
    const raw = await timed(() => Promise.all(edits.map((batch) => rawUpsert(db, batch.map(({ next }) => next)))));
    const serverRaw = serverCpu();
    const rawJson = await timed(() => Promise.all(edits.map((batch) => rawJsonUpsert(db, batch.map(({ next }) => next)))));
    if (p === 0) continue;
    figure.rows += edits.reduce((n, batch) => n + batch.length, 0);
    figure.pushMs += pushed.ms;
    figure.pushCpuMs += pushed.cpuMs;
    figure.rawMs += raw.ms;
    figure.rawCpuMs += raw.cpuMs;
    figure.pushServerCpuMs += serverPushed - serverBefore;
    figure.rawServerCpuMs += serverRaw - serverPushed;
    figure.rawJsonMs += rawJson.ms;
    figure.roundRatios.push({ raw: raw.ms / pushed.ms, rawJson: rawJson.ms / pushed.ms });
  }
  const audited = await db.query<{ n: string | number }>("SELECT count(*) AS n FROM audit WHERE kind = 'change' AND path IN ('notes', 'dataSource2')");
  const expected = 2 * (figure.rows + options.devices * options.rows);
  if (Number(audited.rows[0]?.n) !== expected) throw new Error(`expected ${expected} audit entries, found ${audited.rows[0]?.n}`);
  return figure;
}

/** The database with the time of every statement run inside a transaction added to `sql.ms` while `sql.on`. */
function timingStatements(db: Database, sql: { ms: number; on: boolean }): Database {
  return {
    kind: db.kind,
    query: (text, params) => db.query(text, params),
    exec: (text) => db.exec(text),
    transaction: (fn) => db.transaction((tx) => fn({
      async query(text, params) {
        const started = performance.now();
        try {
          return await tx.query(text, params);
        } finally {
          if (sql.on) sql.ms += performance.now() - started;
        }
      },
      exec: (text) => tx.exec(text),
    })),
    close: () => db.close(),
  };
}

/**
 * CPU time (user + system, ms) of the PostgreSQL server processes serving this database, from /proc: the
 * backends' titles name their database. 0 where /proc is not there; a backend that exits meanwhile is missed.
 */
function backendCpuMs(database: string): number {
  let ticks = 0;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the line)
    } catch {
      // gone meanwhile
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** Wall time and this process's CPU time (the server's JavaScript, and PGlite's WebAssembly) of one phase. */
async function timed(run: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

/** One multi-row INSERT … VALUES … ON CONFLICT (id) DO UPDATE: a new change position for every row, as a push writes [S1]. */
async function rawUpsert(db: Database, docs: readonly Client[]): Promise<void> {
  const values = docs.map((_, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4}::jsonb, false, pg_current_xact_id(), nextval('change_seq'))`);
  await db.query(
    `INSERT INTO clients (id, order_id, owner_id, doc, deleted, xid, seq) VALUES ${values.join(', ')}
     ON CONFLICT (id) DO UPDATE SET order_id = EXCLUDED.order_id, owner_id = EXCLUDED.owner_id, doc = EXCLUDED.doc,
       deleted = EXCLUDED.deleted, xid = EXCLUDED.xid, seq = EXCLUDED.seq`,
    docs.flatMap((doc) => [doc.id, doc.orderId, doc.ownerId, JSON.stringify(doc)]),
  );
}

/** PGlite always; PostgreSQL when TEST_DATABASE_URL or DATABASE_URL names a server (a database of its own, dropped after). */
export async function measurePushIngest(options: PushIngestOptions, log: (line: string) => void = () => {}): Promise<PushIngestFigure[]> {
  const figures: PushIngestFigure[] = [];
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const chosen = (name: PushIngestFigure['backend']) => !options.backends || options.backends.includes(name);
  const opens: (() => Promise<Backend>)[] = chosen('pglite') ? [openPgliteBackend] : [];
  if (url && chosen('postgres')) opens.push(() => openPostgresBackend(url, 10));
  else if (chosen('postgres')) log('PostgreSQL: not measured (set TEST_DATABASE_URL or DATABASE_URL)');
  for (const open of opens) {
    const backend = await open();
    try {
      figures.push(await measureOne(backend, options));
    } finally {
      await backend.close();
    }
  }
  return figures;
}

/** The same upsert with the rows in one JSON parameter (fewer parameters to bind; faster on PGlite). */
async function rawJsonUpsert(db: Database, docs: readonly Client[]): Promise<void> {
  await db.query(
    `INSERT INTO clients (id, order_id, owner_id, doc, deleted, xid, seq)
     SELECT e->>'id', e->>'orderId', e->>'ownerId', e, false, pg_current_xact_id(), nextval('change_seq')
     FROM jsonb_array_elements($1::jsonb) AS r(e)
     ON CONFLICT (id) DO UPDATE SET order_id = EXCLUDED.order_id, owner_id = EXCLUDED.owner_id, doc = EXCLUDED.doc,
       deleted = EXCLUDED.deleted, xid = EXCLUDED.xid, seq = EXCLUDED.seq`,
    [JSON.stringify(docs)],
  );
}
