// One seeded run of the real-components fuzz: an organisation on the real server, 2–5 real device
// databases with the app's replication, random edits, deletes, bucket changes through the real
// endpoints, offline spells, lost replies and reordered delivery; then everyone settles and the
// invariants are checked. Returns the problems found (empty: the run passed).
import fc from 'fast-check';
import type { Hono } from 'hono';
import { vi } from 'vitest';
import type { Client } from '../../schemas/entities/client.ts';
import type { PublicUser, Role } from '../../schemas/entities/user.ts';
import { MAX_PULL_LIMIT, type SyncCollection } from '../../schemas/protocol/sync.ts';
import { recordLock } from '../../schemas/rules/permissions.ts';
import { canRead, NO_MEMBERSHIP, type Membership } from '../../schemas/rules/scope.ts';
import { createApp } from '../../sync-server/app.ts';
import { hashPassword } from '../../sync-server/auth/password.ts';
import { createSession } from '../../sync-server/auth/sessions.ts';
import { insertUser } from '../../sync-server/auth/users.ts';
import type { AppEnv } from '../../sync-server/context.ts';
import { bind } from '../../sync-server/db/assignments.ts';
import { createLocalNotifier } from '../../sync-server/db/notifier.ts';
import { actorOf } from '../../sync-server/db/membership.ts';
import { insertDoc } from '../../sync-server/db/store.ts';
import { silentLogger } from '../../sync-server/logger.ts';
import { markPending, pendingIds } from '../../app/local-db/pending.ts';
import { createClient, editClient } from '../../app/local-db/writes.ts';
import type { TestDatabase } from '../contract/backends.ts';
import { makeClient, makeOrder, T0 } from '../contract/fixtures.ts';
import { TEST_PASSWORD, TEST_SCRYPT } from '../contract/harness.ts';
import { openDevice, type Device, type DeviceSpec } from './device.ts';
import { Network, type Endpoint } from './network.ts';

// ---------------------------------------------------------------- the organisation

/**
 * S supervises operators A and B; P is the principal of o1 and o2; A and B work on both, S on o1 (so
 * an assignment of A on o1 is in two of S's buckets: user:A and order:o1).
 */
const PEOPLE = { admin: 'admin', S: 'supervisor', A: 'operator', B: 'operator', P: 'principal' } as const satisfies Record<string, Role>;
type Person = keyof typeof PEOPLE;
const ORDERS = ['o1', 'o2'] as const;
const RECORDS: readonly [string, Person, string][] = [['ra1', 'A', 'o1'], ['ra2', 'A', 'o2'], ['rb1', 'B', 'o1'], ['rb2', 'B', 'o2']];

/** The devices a run picks from: two tabs of A, B's tablet, the supervisor's and the principal's. */
const DEVICES: readonly { name: string; person: Person; collections: DeviceSpec['collections'] }[] = [
  { name: 'A1', person: 'A', collections: ['clients', 'assignments'] },
  { name: 'A2', person: 'A', collections: ['clients', 'assignments'] },
  { name: 'B', person: 'B', collections: ['clients', 'assignments'] },
  { name: 'S', person: 'S', collections: ['clients', 'users', 'assignments'] },
  { name: 'P', person: 'P', collections: ['clients', 'orders'] },
];
export const MAX_DEVICES = DEVICES.length;

/** Free-text fields every role that edits records may write: same-field and different-field edits. */
const FIELDS = ['name', 'city', 'notes'] as const;

// ---------------------------------------------------------------- the scenario

type Op =
  | { k: 'edit'; d: number; r: number; f: number }
  | { k: 'create'; d: number; o: number }
  | { k: 'delete'; d: number; r: number }
  | { k: 'deliver'; i: number; lose: boolean }
  | { k: 'online'; d: number }
  | { k: 'bucket'; what: 'bind' | 'unbind' | 'close' | 'reopen'; who: 'A' | 'B' | 'S'; o: number }
  | { k: 'notify'; d: number };

export interface Scenario {
  devices: number[];
  /** The pull page size: the app's own, or a small one so a few documents span several pages [S1]. */
  page: number;
  ops: Op[];
}

const nat = fc.nat({ max: 1_000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ k: fc.constant('edit' as const), d: nat, r: nat, f: fc.nat({ max: FIELDS.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('create' as const), d: nat, o: fc.nat({ max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('delete' as const), d: nat, r: nat }) },
  { weight: 8, arbitrary: fc.record({ k: fc.constant('deliver' as const), i: nat, lose: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('online' as const), d: nat }) },
  { weight: 2, arbitrary: fc.record({
    k: fc.constant('bucket' as const), what: fc.constantFrom('bind' as const, 'unbind' as const, 'close' as const, 'reopen' as const),
    who: fc.constantFrom('A' as const, 'B' as const, 'S' as const), o: fc.nat({ max: 1 }),
  }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('notify' as const), d: nat }) },
);

export const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  // A1 always; 1–4 of the others.
  devices: fc.subarray([1, 2, 3, 4], { minLength: 1 }).map((rest) => [0, ...rest]),
  page: fc.constantFrom(MAX_PULL_LIMIT, 2, 3, 5),
  ops: fc.array(opArb, { minLength: 10, maxLength: 40 }),
});

/** The scenario of one seed: the same seed always gives the same operations. */
export const scenarioOf = (seed: number): Scenario => fc.sample(scenarioArb, { seed, numRuns: 1 })[0]!;

// ---------------------------------------------------------------- the run

export interface Env {
  testDb: TestDatabase;
}

interface Typed { device: string; recordId: string; field: string; value: string; step: number }

let passwordHash: Promise<string> | undefined;

/** Lets RxDB's queued work (writes, change events, the next replication request) happen. */
async function quiet(): Promise<void> {
  for (let i = 0; i < 4; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no end after ${ms} ms`)), ms).unref())]);

const strip = (doc: Record<string, unknown>) => {
  const { _meta, _rev, _attachments, _deleted, ...rest } = doc;
  return rest;
};
const canonical = (value: unknown): string => JSON.stringify(value, (_, v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v);

export async function runScenario(env: Env, seed: number, scenario = scenarioOf(seed)): Promise<string[]> {
  const { testDb } = env;
  const db = testDb.db;
  const t0 = Date.now();
  await testDb.reset();
  const marks: number[] = [Date.now() - t0];
  const clock = { now: T0 };
  const app: Hono<AppEnv> = await createApp({
    db, notifier: createLocalNotifier(), now: () => clock.now, logger: silentLogger, passwordParams: TEST_SCRYPT,
  });
  const network = new Network(() => app);
  if (process.env.FUZZ_DEBUG === '2') network.log = (r, outcome) => process.stdout.write(`    direct ${r.from.name} ${r.path}: ${outcome}\n`);
  // Record ids from the app's crypto.randomUUID(), made deterministic so a seed replays the same run.
  let uuids = 0;
  const uuid = vi.spyOn(crypto, 'randomUUID').mockImplementation(() =>
    `00000000-0000-4000-8000-${String(++uuids).padStart(12, '0')}` as `${string}-${string}-${string}-${string}-${string}`);

  // The organisation, written with the server's own storage functions in one transaction.
  passwordHash ??= hashPassword(TEST_PASSWORD, TEST_SCRYPT);
  const hash = await passwordHash;
  const users = {} as Record<Person, PublicUser>;
  const cookies = {} as Record<Person, string>;
  await db.transaction(async (tx) => {
    for (const person of ['admin', 'S', 'A', 'B', 'P'] as Person[]) {
      const managerId = person === 'A' || person === 'B' ? users.S.id : '';
      users[person] = await insertUser(tx, { login: `f-${person.toLowerCase()}`, name: `Fuzz ${person}`, role: PEOPLE[person], passwordHash: hash, managerId }, clock.now);
      cookies[person] = `kartoteka_session=${await createSession(tx, users[person].id, clock.now)}`;
    }
    for (const orderId of ORDERS) {
      await insertDoc(tx, 'orders', makeOrder({ id: orderId, createdBy: users.admin.id, principalId: users.P.id, now: clock.now }), false);
      for (const person of ['A', 'B'] as const) {
        await bind(tx, { orderId, user: { id: users[person].id, name: users[person].name }, role: 'operator', by: users.admin.id, now: clock.now });
      }
      if (orderId === 'o1') await bind(tx, { orderId, user: { id: users.S.id, name: users.S.name }, role: 'supervisor', by: users.admin.id, now: clock.now });
    }
    for (const [id, owner, orderId] of RECORDS) {
      await insertDoc(tx, 'clients', makeClient({ id, orderId, ownerId: users[owner].id, now: clock.now }), false);
    }
  });
  const admin = { cookie: cookies.admin, deviceId: 'dev-admin' };
  marks.push(Date.now() - t0);

  const devices: Device[] = [];
  const problems: string[] = [];
  const typed: Typed[] = [];
  const deletes: { device: string; recordId: string }[] = [];
  const creates: { device: string; recordId: string }[] = [];
  const trace: string[] = [];
  try {
    const endpoints = new Map<Person, Endpoint>();
    for (const [slot, index] of scenario.devices.entries()) {
      const template = DEVICES[index]!;
      const user = users[template.person];
      // Two tabs of one user share the browser's session cookie and device id.
      const endpoint: Endpoint = { name: template.name, cookie: cookies[template.person], deviceId: `dev-${template.person}`, online: true };
      endpoints.set(template.person, endpoint);
      const given: Membership = await db.transaction(async (tx) => (await actorOf(tx, user)).membership);
      devices.push(await openDevice(
        { name: template.name, user, endpoint, collections: template.collections, given: { ...NO_MEMBERSHIP, ...given } },
        slot, `fuzz-${seed}-${template.name}-${Date.now()}`, network, scenario.page,
      ));
    }
    marks.push(Date.now() - t0);
    const skew = (device: Device) => (devices.indexOf(device) - 2) * 700;

    // The devices were in sync before the run's trouble starts (a first sync is covered by the contract suites).
    if ((await settle(db, devices, network)) === 0) problems.push('the first sync did not come to rest');
    network.direct = false;
    const opsStart = Date.now();
    const setupMs = opsStart - t0;
    for (const [step, op] of scenario.ops.entries()) {
      clock.now += 1_000;
      const device = 'd' in op ? devices[op.d % devices.length]! : undefined;
      switch (op.k) {
        case 'edit':
        case 'delete': {
          const docs = (await device!.db.clients.find({ sort: [{ id: 'asc' }] }).exec()).map((d) => d.toMutableJSON() as Client);
          // What the UI allows this user now, as the device knows it.
          const editable = docs.filter((doc) => recordLock(device!.actor(), doc, 'open') === null);
          const doc = editable[op.r % Math.max(1, editable.length)];
          if (!doc) break;
          if (op.k === 'edit') {
            const field = FIELDS[op.f]!;
            const value = `${field}-${seed}-${step}`;
            typed.push({ device: device!.spec.name, recordId: doc.id, field, value, step });
            trace.push(`${step} ${device!.spec.name} edits ${doc.id} ${field}=${value}`);
            await editClient(device!.db, doc.id, { [field]: value }, clock.now + skew(device!));
          } else {
            deletes.push({ device: device!.spec.name, recordId: doc.id });
            trace.push(`${step} ${device!.spec.name} deletes ${doc.id}`);
            // The app has no delete path yet: the same marked write the others use, then RxDB's remove().
            await markPending(device!.db, 'clients', doc.id);
            await (await device!.db.clients.findOne(doc.id).exec())?.remove();
          }
          break;
        }
        case 'create': {
          const orderId = ORDERS[op.o]!;
          const actor = device!.actor();
          if (recordLock(actor, { orderId, ownerId: actor.id }, 'open') !== null) break;
          const name = `name-${seed}-${step}`;
          const created = await createClient(device!.db, { id: actor.id, role: actor.role }, orderId, { name, city: 'Radom' }, clock.now + skew(device!));
          creates.push({ device: device!.spec.name, recordId: created.id });
          trace.push(`${step} ${device!.spec.name} creates ${created.id} in ${orderId}`);
          typed.push({ device: device!.spec.name, recordId: created.id, field: 'name', value: name, step });
          break;
        }
        case 'deliver': {
          const what = await network.deliverAt(op.i, op.lose);
          if (what) trace.push(`${step} deliver ${what}${op.lose ? ' (reply lost)' : ''}`);
          break;
        }
        case 'online':
          device!.spec.endpoint.online = !device!.spec.endpoint.online;
          trace.push(`${step} ${device!.spec.name} goes ${device!.spec.endpoint.online ? 'online' : 'offline'}`);
          if (device!.spec.endpoint.online) device!.resync$.next('RESYNC');
          break;
        case 'bucket': {
          const orderId = ORDERS[op.o]!;
          const userId = users[op.who].id;
          const [path, body] = op.what === 'bind' ? [`/api/orders/${orderId}/team`, { userId }]
            : op.what === 'unbind' ? [`/api/orders/${orderId}/team/${userId}/unbind`, {}]
            : [`/api/orders/${orderId}/team/${userId}/close`, { closed: op.what === 'close' }];
          const response = await network.send(admin, 'POST', path, body);
          trace.push(`${step} admin ${op.what} ${op.who} on ${orderId}: ${response.status}`);
          break;
        }
        case 'notify':
          trace.push(`${step} stream tells ${device!.spec.name} to pull`);
          device!.resync$.next('RESYNC');
          break;
      }
      await quiet();
      if (process.env.FUZZ_DEBUG === '2') process.stdout.write(`  step ${step}: ${trace.at(-1) ?? ''}\n`);
    }

    const opsMs = Date.now() - opsStart;
    const settleStart = Date.now();
    // Everyone online, nothing lost or delayed any more: replicate until nothing changes.
    const rounds = await settle(db, devices, network);
    const settled = rounds > 0;
    if (!settled) problems.push('replication did not come to rest (25 rounds, or a replication stuck for 15 s)');
    if (process.env.FUZZ_DEBUG) {
      process.stdout.write(`seed ${seed}: ${devices.length} devices, ${scenario.ops.length} ops, ${typed.length} typed, ${deletes.length} deletes, `
        + `${network.delivered} delivered, ${network.lostReplies} replies lost, ${rounds} settle rounds, setup ${setupMs} ms (${marks.join('/')}), ops ${opsMs} ms, settle ${Date.now() - settleStart} ms, server ${network.serverMs} ms\n`);
    }

    problems.push(...network.serverErrors.map((e) => `server error: ${e}`));
    for (const device of devices) problems.push(...device.errors.map((e) => `replication error: ${e}`));
    const checkStart = Date.now();
    problems.push(...(await checkInvariants(db, devices, { typed, deletes, creates })));
    if (process.env.FUZZ_DEBUG) process.stdout.write(`  check ${Date.now() - checkStart} ms\n`);
    if (problems.length > 0 && process.env.FUZZ_DEBUG) process.stdout.write(`  trace:\n    ${trace.join('\n    ')}\n`);
  } finally {
    uuid.mockRestore();
    const closeStart = Date.now();
    for (const device of devices) await device.close().catch(() => undefined);
    if (process.env.FUZZ_DEBUG) process.stdout.write(`  close ${Date.now() - closeStart} ms\n`);
  }
  return problems;
}

/**
 * Online, direct delivery, pulls asked for until a round leaves the server as it found it (every
 * pull of that round saw the final state, every device had sent everything); the rounds taken, 0 if
 * it never rests.
 */
async function settle(db: Env['testDb']['db'], devices: Device[], network: Network): Promise<number> {
  for (const device of devices) device.spec.endpoint.online = true;
  network.direct = true;
  await network.drain();
  for (let round = 1; round <= 25; round++) {
    const before = await serverState(db);
    for (const device of devices) device.resync$.next('RESYNC');
    await quiet();
    // A bound on a hang, not a timing assertion: a replication stuck retrying never becomes in sync.
    const inSync = await withTimeout(Promise.all(devices.flatMap((d) => [...d.replications.values()].map((r) => r.awaitInSync()))), 15_000, 'awaitInSync')
      .then(() => true, () => false);
    if (process.env.FUZZ_DEBUG === '2') {
      process.stdout.write(`  settle round ${round}: ${inSync ? 'in sync' : 'stuck'}, ${network.delivered} delivered, errors ${devices.flatMap((d) => d.errors).join(' | ')}\n`);
    }
    if (!inSync) return 0;
    if ((await serverState(db)) === before) return round;
  }
  return 0;
}

/** Every write of the server moves one of these: change positions, audit and refusal counts. */
async function serverState(db: Env['testDb']['db']): Promise<string> {
  const result = await db.query<{ n: string }>(
    `SELECT (SELECT count(*) FROM refused_changes)::text || '/' || (SELECT count(*) FROM audit)::text || '/' ||
            (SELECT coalesce(max(seq), 0) FROM (SELECT seq FROM clients UNION ALL SELECT seq FROM assignments UNION ALL SELECT seq FROM orders UNION ALL SELECT seq FROM users) AS s)::text AS n`,
  );
  return result.rows[0]!.n;
}

// ---------------------------------------------------------------- the invariants

interface History {
  typed: Typed[];
  deletes: { device: string; recordId: string }[];
  creates: { device: string; recordId: string }[];
}

async function checkInvariants(db: Env['testDb']['db'], devices: Device[], history: History): Promise<string[]> {
  const problems: string[] = [];
  const rows = (await db.query<{ id: string; doc: Record<string, unknown>; deleted: boolean }>('SELECT id, doc, deleted FROM clients')).rows;
  const serverById = new Map(rows.map((r) => [r.id, r]));
  const audit = (await db.query<{ doc_id: string; path: string; old: unknown; new: unknown }>(
    "SELECT doc_id, path, old, new FROM audit WHERE collection = 'clients'")).rows;
  const refused = (await db.query<{ doc_id: string; user_id: string; doc: unknown }>(
    "SELECT doc_id, user_id, doc FROM refused_changes WHERE collection = 'clients'")).rows;
  const assignmentRows = (await db.query<{ id: string; doc: Record<string, unknown>; deleted: boolean }>('SELECT id, doc, deleted FROM assignments')).rows;

  // 1. Every device holds exactly the server's documents in its user's scope, with the server's values [S3, S4].
  for (const device of devices) {
    const actor = await db.transaction((tx) => actorOf(tx, device.spec.user));
    const compare = async (name: SyncCollection, server: typeof rows) => {
      const expected = new Map(server.filter((r) => !r.deleted && canRead(actor, name, r.doc)).map((r) => [r.id, r.doc]));
      const local = await (device.db[name as 'clients'] as Device['db']['clients']).find().exec();
      const held = new Map(local.map((d) => [d.primary, strip(d.toMutableJSON() as never)]));
      for (const [id, doc] of expected) {
        const mine = held.get(id);
        if (!mine) problems.push(`${device.spec.name}: ${name}/${id} is on the server in scope but missing on the device`);
        else if (canonical(mine) !== canonical(doc)) {
          problems.push(`${device.spec.name}: ${name}/${id} differs from the server: device ${canonical(mine)} server ${canonical(doc)}`);
        }
      }
      for (const id of held.keys()) {
        if (expected.has(id)) continue;
        const stored = serverById.get(id);
        // A new record the server refused stays on its device, listed as refused [S8].
        if (!stored && refused.some((r) => r.doc_id === id && r.user_id === device.spec.user.id)) continue;
        problems.push(`${device.spec.name}: ${name}/${id} is on the device but ${stored?.deleted ? 'deleted on the server (a deleted record came back)' : 'not in its scope on the server'}`);
      }
    };
    await compare('clients', rows);
    if (device.replications.has('assignments')) await compare('assignments', assignmentRows);
    const unsent = await pendingIds(device.db, 'clients');
    if (unsent.length > 0) problems.push(`${device.spec.name}: records still marked unsent after settling: ${unsent.join(', ')}`);
  }

  // 2. No typed value lost without a trace: in the final state, in the audit history, or refused [S8, S9].
  const refusedDoc = (r: { doc: unknown }) => (typeof r.doc === 'string' ? (JSON.parse(r.doc) as Record<string, unknown>) : (r.doc as Record<string, unknown> | null));
  for (const [index, t] of history.typed.entries()) {
    // The same device's later edit of the same field replaced it before anyone saw it: the user's own choice.
    if (history.typed.slice(index + 1).some((l) => l.device === t.device && l.recordId === t.recordId && l.field === t.field)) continue;
    const stored = serverById.get(t.recordId);
    if (stored && stored.doc[t.field] === t.value) continue;
    if (audit.some((a) => a.doc_id === t.recordId && (a.old === t.value || a.new === t.value || canonical(a.old).includes(JSON.stringify(t.value))))) continue;
    if (refused.some((r) => r.doc_id === t.recordId && refusedDoc(r)?.[t.field] === t.value)) continue;
    problems.push(`typed value lost without a trace: ${t.device} typed ${t.field}="${t.value}" into ${t.recordId} at step ${t.step}; server has ${stored ? `"${String(stored.doc[t.field])}"${stored.deleted ? ' (deleted)' : ''}` : 'no such record'}`);
  }

  // 3. A deletion stays (never back), unless the server refused it and logged the refusal [M7, S8].
  for (const d of history.deletes) {
    const stored = serverById.get(d.recordId);
    if (stored?.deleted) continue;
    if (refused.some((r) => r.doc_id === d.recordId && refusedDoc(r)?._deleted === true)) continue;
    problems.push(`${d.device} deleted ${d.recordId}: the server still has it and logged no refusal`);
  }
  for (const c of history.creates) {
    if (!serverById.has(c.recordId) && !refused.some((r) => r.doc_id === c.recordId)) {
      problems.push(`${c.device} created ${c.recordId}: never reached the server and no refusal was logged`);
    }
  }
  return problems;
}
