// Applies the SQL files in db/migrations/ once each, in name order, recorded in schema_migrations.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StartupError } from '../startup-errors.ts';
import type { Database } from './database.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The migrations shipped with this server: `NNN-name.sql`, version NNN. */
export const MIGRATIONS: readonly Migration[] = readdirSync(DIR)
  .filter((file) => /^\d{3}-[a-z0-9-]+\.sql$/.test(file))
  .sort()
  .map((file) => ({ version: Number(file.slice(0, 3)), name: file.slice(0, -4), sql: readFileSync(DIR + file, 'utf8') }));

export const LATEST_MIGRATION = MIGRATIONS.at(-1)?.version ?? 0;

// Any constant works; it only has to be the same for every instance of this server.
const MIGRATION_LOCK = 7_261_001;

/**
 * Brings the database up to date, or up to `upTo` (a restore loads old data at its own version);
 * safe when several instances start at once (advisory lock).
 */
export async function migrate(db: Database, upTo = LATEST_MIGRATION): Promise<{ applied: string[] }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const have = new Set(done.rows.map((r) => Number(r.version)));
    // A newer server already changed this database in ways this one does not know: never run on it [S23].
    const newest = Math.max(0, ...have);
    if (newest > LATEST_MIGRATION) {
      throw new StartupError(
        `The database is from a newer version of Kartoteka (migration ${newest}; this version knows up to ${LATEST_MIGRATION}): ` +
          'run the newer version, or set DATABASE_URL / DATA_DIR to another database.',
      );
    }
    const applied: string[] = [];
    for (const migration of MIGRATIONS) {
      if (have.has(migration.version) || migration.version > upTo) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.name);
    }
    return { applied };
  });
}

/** How many migrations this database has; for /api/health. */
/** The newest migration applied to the database (0 for none): a version, not a count, so a gap cannot pass for done. */
export async function appliedMigrations(db: Database): Promise<number> {
  const result = await db.query<{ n: number | string | null }>('SELECT max(version) AS n FROM schema_migrations');
  return Number(result.rows[0]?.n ?? 0);
}
