// What the running server answers on its data-directory socket: GET /backup streams a backup [S24].
import type { RequestListener } from 'node:http';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { writeBackup } from './backup.ts';

/** `db()` is undefined until the database is open: the socket is claimed before it. */
export function localAdmin(db: () => Database | undefined, logger: Logger): RequestListener {
  return (req, res) => {
    const database = db();
    if (req.method !== 'GET' || req.url !== '/backup') return void res.writeHead(404).end();
    if (!database) return void res.writeHead(503).end();
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    const write = (line: string) => (res.write(line) ? undefined : new Promise<void>((r) => res.once('drain', () => r())));
    writeBackup(database, write)
      .then((rows) => {
        logger.info('backup taken', { rowCount: rows });
        res.end();
      })
      .catch((error: unknown) => {
        logger.error('backup failed', { error });
        res.destroy(); // a cut stream: the tool sees no closing line and keeps no file
      });
  };
}
