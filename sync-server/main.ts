// Serves the whole product on one port: the built PWA from dist/ and the API, on PGlite or PostgreSQL.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { HttpBindings } from '@hono/node-server';
import { createApp } from './app.ts';
import type { Database } from './db/database.ts';
import type { Notifier } from './db/notifier.ts';
import { createLogger } from './logger.ts';
import { checkDataDir, describeDatabase, openDatabase, openNotifier, readEnvironment } from './open-database.ts';
import { claimDataDir, type DataDirLock } from './ops/data-dir-lock.ts';
import { localAdmin } from './ops/local-admin.ts';
import { limitsFromEnvironment, startServer } from './serve.ts';
import { StartupError, publicAddress, startupLine } from './startup-errors.ts';

const logger = createLogger({ level: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'info' });
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';

let server: Server | undefined;
let db: Database | undefined;
let notifier: Notifier | undefined;
let lock: DataDirLock | undefined;

/** Every start-up failure ends here: one line on stderr naming the setting, exit 1, no stack [S23]. */
async function fail(error: unknown): Promise<never> {
  const { line, expected } = startupLine(error, { port, host });
  if (!expected) logger.error('start failed', { error }); // the stack, for a bug report
  process.stderr.write(`${line}\n`);
  server?.close();
  await notifier?.close().catch(() => {});
  await db?.close().catch(() => {});
  await lock?.release();
  process.exit(1);
}

async function start(): Promise<void> {
  if (!/^\d+$/.test(String(process.env.PORT ?? '3000')) || port > 65535) {
    throw new StartupError(`PORT must be a port number (0–65535), not ${JSON.stringify(process.env.PORT)}: set PORT.`);
  }
  const limits = limitsFromEnvironment();
  const env = readEnvironment();
  const distDir = fileURLToPath(new URL('../dist/', import.meta.url));
  const staticDir = existsSync(distDir) ? distDir : undefined;

  // The port first: a taken one is reported at once, not after a minute of migrations. Requests
  // arriving meanwhile wait for the app.
  let ready!: (handler: (request: Request, env: HttpBindings) => Response | Promise<Response>) => void;
  const handler = new Promise<(request: Request, env: HttpBindings) => Response | Promise<Response>>((r) => (ready = r));
  const started = await startServer({ fetch: async (request, bindings) => (await handler)(request, bindings), port, host, limits });
  server = started.server;

  if (!staticDir) logger.warn('dist/ not found: serving the API only (run `npm run build`)', { distDir });
  if (!env.databaseUrl) {
    // PGlite is one process's: refuse a second server on the directory; `npm run backup` asks us [S24].
    checkDataDir(env.dataDir);
    lock = await claimDataDir(env.dataDir, localAdmin(() => db, logger));
  }
  db = await openDatabase(env, logger);
  notifier = await openNotifier(env, logger);
  let app: ReturnType<typeof createApp>;
  try {
    app = createApp({ db, notifier, logger, staticDir, trustProxy: process.env.TRUST_PROXY === '1', publicUrls: process.env.PUBLIC_URL });
  } catch (error) {
    // createApp does no I/O: what it refuses is the configuration (e.g. PUBLIC_URL), named in its message.
    throw new StartupError(error instanceof Error ? error.message : String(error));
  }
  ready(app.fetch);

  logger.info('listening', { host, port: started.port, database: db.kind, maxConnections: limits.maxConnections });
  const url = publicAddress(host, started.port, process.env.PUBLIC_URL);
  process.stdout.write(`Kartoteka: ${url} (database: ${describeDatabase(env)})\n`);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (!server || !db || !notifier) process.exit(1); // still starting: nothing acknowledged yet
  logger.info('shutting down', { signal });
  // Stop accepting, end the event streams (they never finish by themselves), let requests finish.
  const closed = new Promise<void>((done) => server!.close(() => done()));
  await notifier.close();
  server.closeIdleConnections();
  const force = setTimeout(() => {
    logger.warn('requests still open after 10 s: closing them');
    server!.closeAllConnections();
  }, 10_000);
  await closed;
  clearTimeout(force);
  await db.close(); // PGlite flushes its data directory here
  await lock?.release();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

await start().catch(fail);
