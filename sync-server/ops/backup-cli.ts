// `npm run backup -- <file>`: a consistent backup while the server runs — through its socket on PGlite, directly on PostgreSQL [S24].
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import { createLogger } from '../logger.ts';
import { describeDatabase, readEnvironment } from '../open-database.ts';
import { writeBackup } from './backup.ts';
import { askRunningServer, claimDataDir, isInUse } from './data-dir-lock.ts';

const file = process.argv[2];
if (!file || file.startsWith('-')) {
  process.stderr.write('usage: npm run backup -- <file>\n');
  process.exit(2);
}
const env = readEnvironment();
const logger = createLogger({ level: 'warn', write: (line) => void process.stderr.write(line) });
// Written beside the target and renamed at the end: an interrupted backup never looks complete.
const partial = `${file}.partial`;
const out = createWriteStream(partial);
let tail = ''; // the end of what was written: a complete backup ends with its closing line
const write = async (text: string) => {
  tail = (tail + text).slice(-200);
  if (!out.write(text)) await once(out, 'drain');
};

try {
  if (env.databaseUrl) {
    const db = await openPostgres({ connectionString: env.databaseUrl, logger, max: 1 });
    try {
      await writeBackup(db, write);
    } finally {
      await db.close();
    }
  } else if (await isInUse(env.dataDir)) {
    // The running server holds PGlite: it takes the snapshot and streams it over the socket.
    const stream = await askRunningServer(env.dataDir, '/backup');
    for await (const chunk of stream) await write(chunk.toString());
  } else {
    const lock = await claimDataDir(env.dataDir); // no server may start while the directory is open here
    try {
      const db = await openPglite({ dataDir: join(env.dataDir, 'pglite') });
      try {
        await writeBackup(db, write);
      } finally {
        await db.close();
      }
    } finally {
      await lock.release();
    }
  }
  out.end();
  await once(out, 'finish');
  // A stream cut by the server has no closing line: check before calling it a backup.
  if (!(tail.trimEnd().split('\n').at(-1) ?? '').startsWith('{"end":true')) throw new Error('the backup stream ended early');
  renameSync(partial, file);
  process.stdout.write(`backup of ${describeDatabase(env)} written to ${file}\n`);
} catch (error) {
  out.destroy();
  rmSync(partial, { force: true });
  process.stderr.write(`backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
