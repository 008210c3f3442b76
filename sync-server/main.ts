// Serves the whole product on one port: the built PWA from dist/ and the API, on PGlite or PostgreSQL.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createLogger } from './logger.ts';
import { describeDatabase, openDatabase, openNotifier, readEnvironment } from './open-database.ts';

const logger = createLogger({ level: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'info' });
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${process.env.PORT}`);

const env = readEnvironment();
const distDir = fileURLToPath(new URL('../dist/', import.meta.url));
const staticDir = existsSync(distDir) ? distDir : undefined;
if (!staticDir) logger.warn('dist/ not found: serving the API only (run `npm run build`)', { distDir });

const db = await openDatabase(env, logger);
const notifier = await openNotifier(env, logger);
const app = createApp({ db, notifier, logger, staticDir, trustProxy: process.env.TRUST_PROXY === '1' });

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  logger.info('listening', { host, port: info.port, database: db.kind });
  process.stdout.write(`Kartoteka: http://localhost:${info.port} (database: ${describeDatabase(env)})\n`);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  // Stop accepting, end the event streams (they never finish by themselves), let requests finish.
  const closed = new Promise<void>((done) => server.close(() => done()));
  await notifier.close();
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  const force = setTimeout(() => {
    logger.warn('requests still open after 10 s: closing them');
    if ('closeAllConnections' in server) server.closeAllConnections();
  }, 10_000);
  await closed;
  clearTimeout(force);
  await db.close(); // PGlite flushes its data directory here
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
