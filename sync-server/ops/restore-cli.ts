// `npm run restore -- <file> [--force]`: loads a backup into an empty database (or, with --force, replaces it) [S24].
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Database } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import { createLogger } from '../logger.ts';
import { checkDataDir, describeDatabase, readEnvironment } from '../open-database.ts';
import { RestoreRefused, restoreBackup } from './backup.ts';
import { claimDataDir, type DataDirLock } from './data-dir-lock.ts';

const args = process.argv.slice(2);
const force = args.includes('--force');
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  process.stderr.write('usage: npm run restore -- <file> [--force]\n');
  process.exit(2);
}
const env = readEnvironment();
const logger = createLogger({ level: 'warn', write: (line) => void process.stderr.write(line) });

let lock: DataDirLock | undefined;
let db: Database | undefined;
try {
  if (env.databaseUrl) {
    db = await openPostgres({ connectionString: env.databaseUrl, logger, max: 1 });
  } else {
    checkDataDir(env.dataDir);
    // Refused while the server runs: a restore replaces what it serves. Stop it, restore, start it.
    lock = await claimDataDir(env.dataDir);
    db = await openPglite({ dataDir: join(env.dataDir, 'pglite') });
  }
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const { rows } = await restoreBackup(db, lines, { force });
  process.stdout.write(`restored ${rows} rows from ${file} into ${describeDatabase(env)}; devices will pull everything again\n`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`restore refused: ${message}\n`);
  if (!(error instanceof RestoreRefused) && !(error instanceof Error && error.name === 'StartupError')) logger.error('restore failed', { error });
  process.exitCode = 1;
} finally {
  await db?.close();
  await lock?.release();
}
