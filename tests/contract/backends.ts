// The databases every contract suite runs on: PGlite in memory always, PostgreSQL too when TEST_DATABASE_URL is set.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../sync-server/db/database.ts';
import { migrate } from '../../sync-server/db/migrate.ts';
import { createLocalNotifier, type Notifier } from '../../sync-server/db/notifier.ts';
import { createPgNotifier } from '../../sync-server/db/pg-notifier.ts';
import { openPglite } from '../../sync-server/db/pglite.ts';
import { openPostgres } from '../../sync-server/db/postgres.ts';
import { silentLogger } from '../../sync-server/logger.ts';

export interface TestDatabase {
  db: Database;
  /** A fresh notifier on this database (several make several "server instances" on PostgreSQL). */
  openNotifier(): Promise<Notifier>;
  /** Empties every table (not the migrations or the server secret). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface Backend {
  name: 'pglite' | 'postgres';
  open(options?: { poolSize?: number }): Promise<TestDatabase>;
}

const TABLES = 'users, sessions, orders, clients, assignments, attributes, comments, audit, refused_changes, bucket_sets, login_limits';
const reset = (db: Database) => db.exec(`TRUNCATE ${TABLES} RESTART IDENTITY CASCADE`);

// initdb takes 3–8 s; a migrated template dumped once per test process loads in ~0.5 s.
let template: Promise<Blob> | undefined;
function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const db = await openPglite();
    await migrate(db);
    const dump = await db.dump();
    await db.close();
    return dump;
  })();
  return template;
}

const pglite: Backend = {
  name: 'pglite',
  async open() {
    const db = await openPglite({ loadDataDir: await pgliteTemplate() });
    // Every copy would share the template's checkpoint secret: give each its own, as a real server has.
    await db.query("UPDATE server_secrets SET value = md5(gen_random_uuid()::text) WHERE name = 'checkpoint'");
    return { db, openNotifier: async () => createLocalNotifier(), reset: () => reset(db), close: () => db.close() };
  },
};

/** Each run creates its own database with a random name and drops it at the end: runs never share state. */
export function postgresBackend(adminUrl: string): Backend {
  return {
    name: 'postgres',
    async open(options = {}) {
      const name = `kartoteka_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const connectionString = url.toString();
      const db = await openPostgres({ connectionString, max: options.poolSize ?? 10, logger: silentLogger });
      await migrate(db);
      const notifiers: Notifier[] = [];
      return {
        db,
        async openNotifier() {
          const notifier = await createPgNotifier({ connectionString, logger: silentLogger });
          notifiers.push(notifier);
          return notifier;
        },
        reset: () => reset(db),
        async close() {
          for (const notifier of notifiers) await notifier.close();
          await db.close();
          const dropper = new pg.Client({ connectionString: adminUrl });
          await dropper.connect();
          try {
            await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          } finally {
            await dropper.end();
          }
        },
      };
    },
  };
}

const url = process.env.TEST_DATABASE_URL;
export const BACKENDS: readonly Backend[] = url ? [pglite, postgresBackend(url)] : [pglite];
