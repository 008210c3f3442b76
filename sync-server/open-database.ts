// Opens the database main.ts and the demo loader use: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR/pglite.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { createLocalNotifier, type Notifier } from './db/notifier.ts';
import { createPgNotifier } from './db/pg-notifier.ts';
import { openPglite } from './db/pglite.ts';
import { openPostgres } from './db/postgres.ts';
import type { Logger } from './logger.ts';
import { StartupError } from './startup-errors.ts';

export interface Environment {
  databaseUrl: string | undefined;
  dataDir: string;
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: resolve(env.DATA_DIR || './data') };
}

/** Where the data lives, for the start-up line; the password of a URL is never printed. */
export function describeDatabase(env: Environment): string {
  if (!env.databaseUrl) return `PGlite in ${join(env.dataDir, 'pglite')}`;
  try {
    const url = new URL(env.databaseUrl);
    return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

const reason = (error: unknown) => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : String(message ?? error);
};

/** DATA_DIR must be a directory this user can write: checked before PGlite, which fails obscurely. */
export function checkDataDir(dataDir: string): void {
  try {
    mkdirSync(join(dataDir, 'pglite'), { recursive: true });
    const probe = join(dataDir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw new StartupError(`DATA_DIR ${dataDir} cannot be written (${reason(error)}): set DATA_DIR to a directory this user can write.`);
  }
}

/** One connection attempt with a deadline, so an unreachable DATABASE_URL fails in seconds, not never. */
async function checkDatabaseUrl(env: Environment): Promise<void> {
  let client: pg.Client | undefined;
  try {
    client = new pg.Client({ connectionString: env.databaseUrl, connectionTimeoutMillis: 10_000 });
    client.on('error', () => {}); // reported through connect()'s rejection
    await client.connect();
  } catch (error) {
    throw new StartupError(`Cannot connect to ${describeDatabase(env)} (${reason(error)}): check DATABASE_URL.`);
  } finally {
    await client?.end().catch(() => {});
  }
}

export async function openDatabase(env: Environment, logger: Logger): Promise<Database> {
  if (env.databaseUrl) await checkDatabaseUrl(env);
  else checkDataDir(env.dataDir);
  const db = env.databaseUrl
    ? await openPostgres({ connectionString: env.databaseUrl, logger })
    : await openPglite({ dataDir: join(env.dataDir, 'pglite') });
  const { applied } = await migrate(db);
  if (applied.length) logger.info('migrations applied', { applied });
  return db;
}

/** LISTEN/NOTIFY on PostgreSQL, so several instances share events; in-process on PGlite (one process). */
export async function openNotifier(env: Environment, logger: Logger): Promise<Notifier> {
  if (env.databaseUrl) return createPgNotifier({ connectionString: env.databaseUrl, logger });
  return createLocalNotifier((error) => logger.error('stream listener failed', { error }));
}
