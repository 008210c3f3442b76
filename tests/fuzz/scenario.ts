// One seeded run of the real-components fuzz: an organisation on the real server, 2–5 real device
// databases with the app's replication, random edits, deletes, bucket changes through the real
// endpoints, offline spells, lost replies and reordered delivery; with the verification loop (issue 10
// item 8): two verifiers' verdicts, operators' corrections, comments and restores. Then everyone
// settles and the invariants (invariants.ts) are checked. Returns the problems found (empty: passed).
import fc from 'fast-check';
import type { Hono } from 'hono';
import { afterAll, beforeAll, vi } from 'vitest';
import type { Client, Verification } from '../../schemas/entities/client.ts';
import type { PublicUser, Role } from '../../schemas/entities/user.ts';
import type { HistoryResponse, RestoreResponse } from '../../schemas/protocol/records.ts';
import { MAX_PULL_LIMIT } from '../../schemas/protocol/sync.ts';
import { isRestorablePath } from '../../schemas/rules/history.ts';
import { recordLock } from '../../schemas/rules/permissions.ts';
import { NO_MEMBERSHIP, type Membership } from '../../schemas/rules/scope.ts';
import { createApp } from '../../sync-server/app.ts';
import { hashPassword } from '../../sync-server/auth/password.ts';
import { createSession } from '../../sync-server/auth/sessions.ts';
import { insertUser } from '../../sync-server/auth/users.ts';
import type { AppEnv } from '../../sync-server/context.ts';
import { bind } from '../../sync-server/db/assignments.ts';
import { createLocalNotifier } from '../../sync-server/db/notifier.ts';
import { actorOf } from '../../sync-server/db/membership.ts';
import { insertDoc, updateDoc, writeAudit } from '../../sync-server/db/store.ts';
import { silentLogger } from '../../sync-server/logger.ts';
import { addComment } from '../../app/local-db/comments.ts';
import { markPending } from '../../app/local-db/pending.ts';
import { giveVerdict } from '../../app/local-db/verdicts.ts';
import { createClient, editClient } from '../../app/local-db/writes.ts';
import { BACKENDS, type TestDatabase } from '../contract/backends.ts';
import { makeClient, makeOrder, T0 } from '../contract/fixtures.ts';
import { TEST_PASSWORD, TEST_SCRYPT } from '../contract/harness.ts';
import { loadConflictModules, openDevice, type Device, type DeviceSpec, type StorageKind } from './device.ts';
import { canonical, checkInvariants, emptyHistory, fieldOf, storedForm, type History } from './invariants.ts';
import { Network, type Endpoint } from './network.ts';

// ---------------------------------------------------------------- the organisation

/**
 * S supervises operators A and B; P is the principal of o1 and o2; A and B work on both, S on o1 (so
 * an assignment of A on o1 is in two of S's buckets: user:A and order:o1). In the verification loop's
 * scenarios V1 and V2 verify both orders.
 */
const PEOPLE = {
  admin: 'admin', S: 'supervisor', A: 'operator', B: 'operator', P: 'principal', V1: 'verifier', V2: 'verifier',
} as const satisfies Record<string, Role>;
type Person = keyof typeof PEOPLE;
const ORDERS = ['o1', 'o2'] as const;
const RECORDS: readonly [string, Person, string][] = [['ra1', 'A', 'o1'], ['ra2', 'A', 'o2'], ['rb1', 'B', 'o1'], ['rb2', 'B', 'o2']];
/**
 * The loop's records as judged before the run: two rejections with notes (so corrections meet new
 * verdicts from the first step), one approval; rb1 unverified.
 */
const JUDGED: Readonly<Record<string, { by: 'V1' | 'V2'; state: 'approved' | 'rejected'; notes: Record<string, string> }>> = {
  ra1: { by: 'V1', state: 'rejected', notes: { city: 'city before the run' } },
  rb2: { by: 'V2', state: 'rejected', notes: { name: 'name before the run', nip: 'nip before the run' } },
  ra2: { by: 'V2', state: 'approved', notes: {} },
};

type Template = { name: string; person: Person; collections: DeviceSpec['collections'] };

/**
 * The devices a recorded scenario without `loop` picks from: two tabs of A, B's tablet, the
 * supervisor's and the principal's. Kept as they were, so the regression seeds replay what they found.
 */
const DEVICES: readonly Template[] = [
  { name: 'A1', person: 'A', collections: ['clients', 'assignments'] },
  { name: 'A2', person: 'A', collections: ['clients', 'assignments'] },
  { name: 'B', person: 'B', collections: ['clients', 'assignments'] },
  { name: 'S', person: 'S', collections: ['clients', 'users', 'assignments'] },
  { name: 'P', person: 'P', collections: ['clients', 'orders'] },
];

/**
 * The verification loop's devices: the same five, with `comments` on A1, B and S (the threads' operators
 * and supervisor; A2, the second tab, and the principal stay as they were, which keeps CI's time), and
 * one device per verifier. A verifier's bindings never change in a run but by a bucket operation on V1,
 * whose device then follows the server's pull alone (its `given` membership is the start's).
 */
const LOOP_DEVICES: readonly Template[] = [
  ...DEVICES.map((d) => (d.name === 'A2' || d.name === 'P' ? d : { ...d, collections: [...d.collections, 'comments'] } as Template)),
  { name: 'V1', person: 'V1', collections: ['clients', 'comments'] },
  { name: 'V2', person: 'V2', collections: ['clients', 'comments'] },
];
export const MAX_DEVICES = LOOP_DEVICES.length;

/** RxDB's open-source limit of open collections in one JavaScript realm (STACK.md): a run's devices share it. */
const COLLECTION_BUDGET = 13;

/** Free-text fields every role that edits records may write: same-field and different-field edits. */
const FIELDS = ['name', 'city', 'notes'] as const;
/** The fields a rejection may carry a note on (bit i of a verdict's `notes` marks NOTE_FIELDS[i]) [V8]. */
const NOTE_FIELDS = ['name', 'city', 'notes', 'nip'] as const;

// ---------------------------------------------------------------- the scenario

type Op =
  /** `fix`: the device picks a rejected record when it holds one it may edit (a correction, P3). */
  | { k: 'edit'; d: number; r: number; f: number; fix?: boolean }
  | { k: 'create'; d: number; o: number }
  | { k: 'delete'; d: number; r: number }
  | { k: 'deliver'; i: number; lose: boolean }
  | { k: 'online'; d: number }
  | { k: 'bucket'; what: 'bind' | 'unbind' | 'close' | 'reopen'; who: 'A' | 'B' | 'S' | 'V1'; o: number }
  | { k: 'notify'; d: number }
  /** One of the run's verifier devices judges a record it holds; `notes`: a bit mask over NOTE_FIELDS. */
  | { k: 'verdict'; v: number; r: number; reject: boolean; notes: number }
  | { k: 'comment'; d: number; r: number }
  /** The administrator or the supervisor restores one side of one history entry of a record [H4]. */
  | { k: 'restore'; by: 'admin' | 'S'; r: number; e: number; which: 'old' | 'new' };

export interface Scenario {
  /** Indexes into LOOP_DEVICES when `loop`, else into DEVICES. */
  devices: number[];
  /** The pull page size: the app's own, or a small one so a few documents span several pages [S1]. */
  page: number;
  /** The verification loop's organisation and devices (verifiers, comments); absent in older recorded scenarios. */
  loop?: boolean;
  ops: Op[];
}

const nat = fc.nat({ max: 1_000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 11, arbitrary: fc.record({ k: fc.constant('edit' as const), d: nat, r: nat, f: fc.nat({ max: FIELDS.length - 1 }), fix: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('create' as const), d: nat, o: fc.nat({ max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('delete' as const), d: nat, r: nat }) },
  { weight: 10, arbitrary: fc.record({ k: fc.constant('deliver' as const), i: nat, lose: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('online' as const), d: nat }) },
  { weight: 2, arbitrary: fc.record({
    k: fc.constant('bucket' as const), what: fc.constantFrom('bind' as const, 'unbind' as const, 'close' as const, 'reopen' as const),
    who: fc.constantFrom('A' as const, 'B' as const, 'S' as const, 'V1' as const), o: fc.nat({ max: 1 }),
  }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('notify' as const), d: nat }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('verdict' as const), v: nat, r: nat, reject: fc.boolean(), notes: fc.nat({ max: 2 ** NOTE_FIELDS.length - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('comment' as const), d: nat, r: nat }) },
  { weight: 1, arbitrary: fc.record({
    k: fc.constant('restore' as const), by: fc.constantFrom('admin' as const, 'S' as const), r: nat, e: nat, which: fc.constantFrom('old' as const, 'new' as const),
  }) },
);

/** The devices in order, each taken while the collections it opens fit in the budget. */
function withinBudget(indexes: number[]): number[] {
  let open = 0;
  return indexes.filter((index) => {
    const size = LOOP_DEVICES[index]!.collections.length;
    if (open + size > COLLECTION_BUDGET) return false;
    open += size;
    return true;
  });
}

export const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  // A1 always; mostly both verifiers (two verdicts at once), then up to two others (one at least without
  // a verifier) as the collection budget allows: about as many devices as before the loop, for CI's time.
  devices: fc.constantFrom([5, 6], [5, 6], [5, 6], [5], [6], [])
    .chain((verifiers) => fc.shuffledSubarray([1, 2, 3, 4], { minLength: verifiers.length ? 0 : 1, maxLength: 2 })
      .map((others) => withinBudget([0, ...verifiers, ...others]))),
  page: fc.constantFrom(MAX_PULL_LIMIT, 2, 3, 5),
  loop: fc.constant(true),
  // A little shorter than before the loop joined (40), with edits weighted up: as many typed values as then, in CI's time.
  ops: fc.array(opArb, { minLength: 10, maxLength: 36 }),
});

/** The scenario of one seed: the same seed always gives the same operations. */
export const scenarioOf = (seed: number): Scenario => fc.sample(scenarioArb, { seed, numRuns: 1 })[0]!;

// ---------------------------------------------------------------- the run

/**
 * A fuzz test file's setup: one PGlite for the file, emptied before every run (the fuzz uses the first
 * backend), and one conflict-handler module per device. The `env` given is filled in before the tests run.
 */
export function useFuzzEnv(env: Partial<Env>): Env {
  let testDb: TestDatabase | undefined;
  beforeAll(async () => {
    testDb = await BACKENDS[0]!.open();
    env.testDb = testDb;
    await loadConflictModules(MAX_DEVICES);
  });
  afterAll(async () => {
    await testDb?.close();
  });
  return env as Env;
}

export interface Env {
  testDb: TestDatabase;
  /** The devices' storage: RxDB's memory storage unless given. */
  storage?: StorageKind;
  /**
   * Records beyond the scenario's four, carried but never picked by an operation: A's in o1, stored when a
   * pull page holds them all, and all changed on the server after the first sync. A pull then brings a page
   * of that many ids the device holds (app/local-db/write-path.ts reads 50 ids or more through its known
   * ids, and adds a page none of whose ids it holds without reading them). 0 unless given.
   */
  bulk?: number;
  /** Changes the server's data after settling, before the checks: proves the invariants can fail. */
  tamper?: (db: TestDatabase['db'], history: History) => Promise<void>;
}

let passwordHash: Promise<string> | undefined;

/** Lets RxDB's queued work (writes, change events, the next replication request) happen. */
async function quiet(): Promise<void> {
  for (let i = 0; i < 4; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no end after ${ms} ms`)), ms).unref())]);

/** The carried records' ids (Env.bulk): apart from the records the operations pick. */
const BULK_PREFIX = 'bulk-';
const isBulk = (id: string) => id.startsWith(BULK_PREFIX);

/** The records a device's operation picks from, in id order: not the carried ones. */
async function pickable(device: Device): Promise<Client[]> {
  const docs = await device.db.clients.find({ sort: [{ id: 'asc' }] }).exec();
  return docs.map((d) => d.toMutableJSON() as Client).filter((doc) => !isBulk(doc.id));
}

export async function runScenario(env: Env, seed: number, scenario = scenarioOf(seed)): Promise<string[]> {
  const { testDb } = env;
  const db = testDb.db;
  const loop = scenario.loop === true;
  const bulk = env.bulk && scenario.page >= env.bulk + RECORDS.length ? env.bulk : 0;
  const bulkIds = Array.from({ length: bulk }, (_, i) => `${BULK_PREFIX}${String(i).padStart(3, '0')}`);
  const templates = loop ? LOOP_DEVICES : DEVICES;
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
    for (const person of ['admin', 'S', 'A', 'B', 'P', ...(loop ? ['V1', 'V2'] : [])] as Person[]) {
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
      for (const person of loop ? (['V1', 'V2'] as const) : []) {
        await bind(tx, { orderId, user: { id: users[person].id, name: users[person].name }, role: 'verifier', by: users.admin.id, now: clock.now });
      }
    }
    for (const [id, owner, orderId] of RECORDS) {
      const judged = loop ? JUDGED[id] : undefined;
      const verification: Verification | undefined = judged && {
        state: judged.state, reason: judged.state === 'rejected' ? `reason before the run ${id}` : '',
        verifierId: users[judged.by].id, at: clock.now, notes: judged.notes,
      };
      await insertDoc(tx, 'clients', makeClient({ id, orderId, ownerId: users[owner].id, now: clock.now }, verification && { verification }), false);
      // A history to restore from before any edit of the run reaches the server [H4].
      if (loop) {
        await writeAudit(tx, { collection: 'clients', docId: id, userId: users[owner].id, deviceId: `dev-${owner}`, at: clock.now - 60_000 },
          [{ path: 'city', old: 'Płock', new: 'Radom' }, { path: 'name', old: `earlier name of ${id}`, new: `Zakłady Mięsne ${id}` }]);
      }
    }
    for (const id of bulkIds) await insertDoc(tx, 'clients', makeClient({ id, orderId: 'o1', ownerId: users.A.id, now: clock.now }), false);
  });
  const admin = { cookie: cookies.admin, deviceId: 'dev-admin' };
  marks.push(Date.now() - t0);

  const devices: Device[] = [];
  const problems: string[] = [];
  const history = emptyHistory();
  const { typed, deletes, creates } = history;
  history.initialVerdicts = (await db.query<{ doc: { verification: Verification } }>('SELECT doc FROM clients')).rows.map((r) => r.doc.verification);
  const trace: string[] = [];
  try {
    const endpoints = new Map<Person, Endpoint>();
    for (const [slot, index] of scenario.devices.entries()) {
      const template = templates[index]!;
      const user = users[template.person];
      // Two tabs of one user share the browser's session cookie and device id.
      const endpoint: Endpoint = { name: template.name, cookie: cookies[template.person], deviceId: `dev-${template.person}`, online: true };
      endpoints.set(template.person, endpoint);
      const given: Membership = await db.transaction(async (tx) => (await actorOf(tx, user)).membership);
      devices.push(await openDevice(
        { name: template.name, user, endpoint, collections: template.collections, given: { ...NO_MEMBERSHIP, ...given } },
        slot, `fuzz-${seed}-${template.name}-${Date.now()}`, network, scenario.page, env.storage,
      ));
    }
    marks.push(Date.now() - t0);
    const skew = (device: Device) => (devices.indexOf(device) - 2) * 700;
    const writers = devices.filter((d) => d.spec.user.role === 'operator' || d.spec.user.role === 'supervisor');

    // The devices were in sync before the run's trouble starts (a first sync is covered by the contract suites).
    if ((await settle(db, devices, network)) === 0) problems.push('the first sync did not come to rest');
    if (bulk > 0) {
      // Every carried record changed at once (as an office import would): the next pull of each device
      // that holds them is a page of ids it holds.
      await db.transaction(async (tx) => {
        for (const id of bulkIds) {
          const doc = makeClient({ id, orderId: 'o1', ownerId: users.A.id, now: clock.now }, { notes: `changed after the first sync ${seed}` });
          await updateDoc(tx, 'clients', { ...doc, updatedAt: clock.now + 1, fieldTimes: { ...(doc.fieldTimes as object), notes: clock.now + 1 } }, false);
        }
      });
      trace.push(`the server changes the ${bulk} carried records`);
    }
    network.direct = false;
    const opsStart = Date.now();
    const setupMs = opsStart - t0;
    for (const [step, op] of scenario.ops.entries()) {
      clock.now += 1_000;
      // In the loop's runs edits, deletions and creations go to the devices whose users write records,
      // comments to those that hold threads: a verifier's or principal's pick would only be skipped.
      const pickFrom = !loop ? devices
        : op.k === 'edit' || op.k === 'delete' || op.k === 'create' ? writers
          : op.k === 'comment' ? devices.filter((d) => d.replications.has('comments')) : devices;
      const device = 'd' in op ? pickFrom[op.d % pickFrom.length]! : undefined;
      switch (op.k) {
        case 'edit':
        case 'delete': {
          const docs = await pickable(device!);
          // What the UI allows this user now, as the device knows it.
          const editable = docs.filter((doc) => recordLock(device!.actor(), doc, 'open') === null);
          const rejected = op.k === 'edit' && op.fix ? editable.filter((doc) => doc.verification.state === 'rejected') : [];
          const pool = rejected.length > 0 ? rejected : editable;
          const doc = pool[op.r % Math.max(1, pool.length)];
          if (!doc) break;
          if (op.k === 'edit') {
            const field = FIELDS[op.f]!;
            const value = `${field}-${seed}-${step}`;
            typed.push({ device: device!.spec.name, recordId: doc.id, field, value, step });
            trace.push(`${step} ${device!.spec.name} edits ${doc.id} ${field}=${value}${doc.verification.state === 'rejected' ? ' (rejected)' : ''}`);
            const saved = await editClient(device!.db, doc.id, { [field]: value }, clock.now + skew(device!));
            // [P3] The edit of a rejected record answers that rejection.
            if (doc.verification.state === 'rejected') {
              if (saved?.verification.state === 'corrected') {
                history.corrections.push({ device: device!.spec.name, recordId: doc.id, from: { ...saved.verification, state: 'rejected' }, step });
              } else problems.push(`step ${step}: ${device!.spec.name}'s edit of rejected ${doc.id} left it ${saved?.verification.state ?? 'gone'}`);
            }
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
          if (!users[op.who]) break; // V1 exists in the loop's organisation only
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
        case 'verdict': {
          const verifiers = devices.filter((d) => d.spec.user.role === 'verifier');
          const verifier = verifiers[op.v % Math.max(1, verifiers.length)];
          if (!verifier) break;
          const actor = verifier.actor();
          // What the queue offers: records of the orders the device knows it verifies.
          const docs = (await pickable(verifier))
            .filter((doc) => actor.membership.assignments.get(doc.orderId)?.role === 'verifier');
          const doc = docs[op.r % Math.max(1, docs.length)];
          if (!doc) break;
          const notes = Object.fromEntries(NOTE_FIELDS.filter((_, bit) => op.notes & (1 << bit)).map((f) => [f, `note ${f} ${seed}-${step}`]));
          const input = op.reject
            ? { state: 'rejected' as const, reason: `reason ${seed}-${step}`, notes }
            : { state: 'approved' as const, reason: '', notes: {} };
          const saved = await giveVerdict(verifier.db, doc.id, input, actor, clock.now + skew(verifier));
          if (!saved) break;
          history.verdicts.push({ device: verifier.spec.name, recordId: doc.id, verdict: saved.verification, step });
          trace.push(`${step} ${verifier.spec.name} ${input.state} ${doc.id} (was ${doc.verification.state}): ${canonical(saved.verification)}`);
          break;
        }
        case 'comment': {
          if (!device?.replications.has('comments')) break;
          const actor = device!.actor();
          // Whoever holds the record may comment; an operator only on their own records in orders open for them [C2].
          const docs = (await pickable(device!))
            .filter((doc) => actor.role !== 'operator' || recordLock(actor, doc, 'open') === null);
          const doc = docs[op.r % Math.max(1, docs.length)];
          if (!doc) break;
          const comment = await addComment(device!.db, actor, doc, `comment ${seed}-${step} by ${device!.spec.name}`, clock.now + skew(device!));
          history.comments.push({ device: device!.spec.name, comment, step });
          trace.push(`${step} ${device!.spec.name} comments ${comment.id} on ${doc.id}`);
          break;
        }
        case 'restore': {
          if (!loop) break;
          const who = { cookie: cookies[op.by], deviceId: `dev-${op.by}` };
          const ids = (await db.query<{ id: string }>('SELECT id FROM clients ORDER BY id')).rows.map((r) => r.id).filter((id) => !isBulk(id));
          const recordId = ids[op.r % ids.length]!;
          const listed = await network.send(who, 'GET', `/api/records/${recordId}/history`);
          if (listed.status !== 200) {
            trace.push(`${step} ${op.by} reads the history of ${recordId}: ${listed.status}`);
            break;
          }
          const entries = ((await listed.json()) as HistoryResponse).entries.filter((e) => isRestorablePath(e.path));
          const entry = entries[op.e % Math.max(1, entries.length)];
          if (!entry) {
            trace.push(`${step} ${op.by}: nothing to restore in ${recordId}`);
            break;
          }
          const before = (await db.query<{ doc: Client }>('SELECT doc FROM clients WHERE id = $1', [recordId])).rows[0]!.doc;
          const response = await network.send(who, 'POST', `/api/records/${recordId}/restore`, { entryId: entry.id, which: op.which });
          const value = storedForm(entry.path, entry[op.which]);
          trace.push(`${step} ${op.by} restores ${entry.path}=${canonical(value)} (${entry.kind} ${entry.id} ${op.which}) into ${recordId}: ${response.status}`);
          if (response.status !== 200) break;
          const { record } = (await response.json()) as RestoreResponse;
          const changed = canonical(storedForm(entry.path, fieldOf(before, entry.path))) !== canonical(value);
          history.restores.push({ by: op.by, recordId, path: entry.path, value, changed, step });
          // [H4] The value is back; a rejected record goes back to its verifier as `corrected` (P3).
          if (canonical(storedForm(entry.path, fieldOf(record, entry.path))) !== canonical(value)) {
            problems.push(`step ${step}: restore of ${entry.path}=${canonical(value)} into ${recordId} answered 200 with ${canonical(fieldOf(record, entry.path))}`);
          }
          if (changed && before.verification.state === 'rejected'
            && canonical(record.verification) !== canonical({ ...before.verification, state: 'corrected' })) {
            problems.push(`step ${step}: restore into rejected ${recordId} left the verdict ${canonical(record.verification)}`);
          }
          break;
        }
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
        + `${history.verdicts.length} verdicts, ${history.corrections.length} corrections, ${history.comments.length} comments, ${history.restores.length} restores, `
        + `${network.delivered} delivered, ${network.lostReplies} replies lost, ${rounds} settle rounds, setup ${setupMs} ms (${marks.join('/')}), ops ${opsMs} ms, settle ${Date.now() - settleStart} ms, server ${network.serverMs} ms\n`);
    }

    problems.push(...network.serverErrors.map((e) => `server error: ${e}`));
    for (const device of devices) problems.push(...device.errors.map((e) => `replication error: ${e}`));
    await env.tamper?.(db, history);
    const checkStart = Date.now();
    problems.push(...(await checkInvariants(db, devices, history)));
    if (process.env.FUZZ_DEBUG) {
      const kinds = await db.query<{ path: string; kind: string; n: number }>(
        "SELECT CASE WHEN path = 'verification' THEN path ELSE 'data' END AS path, kind, count(*)::int AS n FROM audit WHERE collection = 'clients' GROUP BY 1, 2 ORDER BY 1, 2");
      const refusals = await db.query<{ collection: string; code: string; n: number }>('SELECT collection, code, count(*)::int AS n FROM refused_changes GROUP BY 1, 2 ORDER BY 1, 2');
      process.stdout.write(`  audit ${kinds.rows.map((r) => `${r.path}/${r.kind} ${r.n}`).join(', ')}; refused ${refusals.rows.map((r) => `${r.collection}/${r.code} ${r.n}`).join(', ')}\n`);
      process.stdout.write(`  check ${Date.now() - checkStart} ms\n`);
    }
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
            (SELECT coalesce(max(seq), 0) FROM (SELECT seq FROM clients UNION ALL SELECT seq FROM assignments UNION ALL SELECT seq FROM orders
               UNION ALL SELECT seq FROM users UNION ALL SELECT seq FROM comments) AS s)::text AS n`,
  );
  return result.rows[0]!.n;
}
