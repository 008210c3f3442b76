// Opens the database main.ts and the demo loader use: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR/pglite.
import { join, resolve } from 'node:path';
import type { Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { createLocalNotifier, type Notifier } from './db/notifier.ts';
import { createPgNotifier } from './db/pg-notifier.ts';
import { openPglite } from './db/pglite.ts';
import { openPostgres } from './db/postgres.ts';
import type { Logger } from './logger.ts';

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

export async function openDatabase(env: Environment, logger: Logger): Promise<Database> {
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
