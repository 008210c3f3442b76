// Registers a contract suite once per backend (STYLE habit 6) with a fresh app per test over app.request() (habit 7).
import type { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import type { PublicUser, Role } from '../../schemas/entities/user.ts';
import { createApp, type AppDeps } from '../../sync-server/app.ts';
import { hashPassword, type ScryptParams } from '../../sync-server/auth/password.ts';
import { createSession } from '../../sync-server/auth/sessions.ts';
import { assignmentRoleOf } from '../../schemas/rules/administration.ts';
import { findUserById, insertUser, publishUser } from '../../sync-server/auth/users.ts';
import { bind as bindAssignment } from '../../sync-server/db/assignments.ts';
import { loadSets } from '../../sync-server/db/checkpoint.ts';
import type { AppEnv } from '../../sync-server/context.ts';
import type { Database } from '../../sync-server/db/database.ts';
import type { Notifier } from '../../sync-server/db/notifier.ts';
import { createLogger, silentLogger } from '../../sync-server/logger.ts';
import { BACKENDS, type Backend, type TestDatabase } from './backends.ts';
import { TestClient, type Checkpoint } from './client.ts';
import { T0 } from './fixtures.ts';

/** scrypt at a test cost: the format and code path are the production ones. */
export const TEST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };
export const TEST_PASSWORD = 'correct horse battery';

export interface SignedIn {
  user: PublicUser;
  client: TestClient;
}

export interface Suite {
  readonly backend: Backend['name'];
  readonly db: Database;
  readonly testDb: TestDatabase;
  readonly app: Hono<AppEnv>;
  readonly notifier: Notifier;
  /** The server clock of `app`; tests move it. */
  readonly clock: { now: number };
  /** Another app on the same database (on PostgreSQL with its own LISTEN connection: a second instance). */
  makeApp(overrides?: Partial<AppDeps>): Promise<Hono<AppEnv>>;
  client(device?: string): TestClient;
  /** A user with a session (made directly, not through /login, to keep suites fast). */
  signIn(role: Role, login?: string): Promise<SignedIn>;
  setRole(userId: string, role: Role): Promise<void>;
  /** Binds a user to an order in their role, straight in the database (the API is tested on its own). */
  bind(orderId: string, userId: string): Promise<void>;
  /** Sets a user's manager (supervisor or coordinator) straight in the database. */
  setManager(userId: string, managerId: string): Promise<void>;
  count(table: string, where?: string, params?: unknown[]): Promise<number>;
  /** The buckets a pull checkpoint says the device holds (caught up or filling) and is removing [S25]. */
  bucketsOf(checkpoint: Checkpoint | null): Promise<{ held: string[]; filling: string[]; removing: string[] }>;
}

export interface SuiteOptions {
  poolSize?: number;
  deps?: Partial<AppDeps>;
  backends?: readonly Backend[];
}

export function contractSuite(title: string, body: (suite: Suite) => void, options: SuiteOptions = {}): void {
  for (const backend of options.backends ?? BACKENDS) {
    describe(`${title} · ${backend.name}`, () => {
      let testDb: TestDatabase;
      let app: Hono<AppEnv>;
      let notifier: Notifier;
      const clock = { now: T0 };
      let logins = 0;

      const makeApp = async (overrides: Partial<AppDeps> = {}) =>
        createApp({
          db: testDb.db,
          notifier: overrides.notifier ?? (await testDb.openNotifier()),
          now: () => clock.now,
          // TEST_LOG=1 shows the server's log lines while debugging a suite.
          logger: process.env.TEST_LOG ? createLogger({ level: 'debug' }) : silentLogger,
          passwordParams: TEST_SCRYPT,
          ...options.deps,
          ...overrides,
        });

      beforeAll(async () => {
        testDb = await backend.open({ poolSize: options.poolSize });
      });
      afterAll(async () => {
        await notifier?.close();
        await testDb?.close();
      });
      beforeEach(async () => {
        await testDb.reset();
        clock.now = T0;
        await notifier?.close();
        notifier = await testDb.openNotifier();
        app = await makeApp({ notifier });
      });

      const suite: Suite = {
        backend: backend.name,
        get db() {
          return testDb.db;
        },
        get testDb() {
          return testDb;
        },
        get app() {
          return app;
        },
        get notifier() {
          return notifier;
        },
        clock,
        makeApp,
        client: (device) => new TestClient(app, device),
        async signIn(role, login = `${role}${++logins}`) {
          const passwordHash = await hashPassword(TEST_PASSWORD, TEST_SCRYPT);
          const user = await insertUser(testDb.db, { login, name: `Test ${login}`, role, passwordHash }, clock.now);
          const client = new TestClient(app, `device-${login}`);
          client.cookie = `kartoteka_session=${await createSession(testDb.db, user.id, clock.now)}`;
          return { user, client };
        },
        async setRole(userId, role) {
          await testDb.db.transaction(async (tx) => {
            await tx.query('UPDATE users SET role = $2 WHERE id = $1', [userId, role]);
            await publishUser(tx, userId, clock.now);
          });
        },
        async bind(orderId, userId) {
          await testDb.db.transaction(async (tx) => {
            const user = await findUserById(tx, userId);
            const role = user && assignmentRoleOf(user.role);
            if (!user || !role) throw new Error(`cannot bind ${userId}`);
            await bindAssignment(tx, { orderId, user, role, by: 'test', now: clock.now });
          });
        },
        async setManager(userId, managerId) {
          await testDb.db.transaction(async (tx) => {
            await tx.query('UPDATE users SET manager_id = $2 WHERE id = $1', [userId, managerId]);
            await publishUser(tx, userId, clock.now);
          });
        },
        async bucketsOf(checkpoint) {
          if (!checkpoint) return { held: [], filling: [], removing: [] };
          const rm = checkpoint.rm ?? [];
          const sets = await loadSets(testDb.db, [checkpoint.set, ...(checkpoint.fill ? [checkpoint.fill.set] : []), ...rm.map((w) => w.set)]);
          const of = (digest: string) => sets.get(digest) ?? [`<unknown set ${digest}>`];
          return {
            held: of(checkpoint.set),
            filling: checkpoint.fill ? of(checkpoint.fill.set) : [],
            removing: rm.flatMap((w) => of(w.set)).sort(),
          };
        },
        async count(table, where = 'TRUE', params = []) {
          const result = await testDb.db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params);
          return Number(result.rows[0]?.n ?? 0);
        },
      };
      body(suite);
    });
  }
}
