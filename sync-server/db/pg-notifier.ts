// Fan-out through PostgreSQL LISTEN/NOTIFY on a dedicated connection, so every server instance on one database hears every commit [S11].
import pg from 'pg';
import { SYNC_COLLECTIONS, type SyncCollection } from '../../schemas/protocol/sync.ts';
import type { Logger } from '../logger.ts';
import { Listeners, type ChangeEvent, type Notifier } from './notifier.ts';

const CHANNEL = 'kartoteka_changes';
// [S29] NOTIFY payloads must stay below 8000 bytes; a larger bucket list becomes "any bucket" (every stream re-checks).
const MAX_PAYLOAD = 7900;
const MAX_BACKOFF_MS = 30_000;

function parse(payload: string | undefined): ChangeEvent | null {
  try {
    const event = JSON.parse(payload ?? '') as { collection?: unknown; buckets?: unknown };
    if (!SYNC_COLLECTIONS.includes(event.collection as SyncCollection)) return null;
    const buckets = Array.isArray(event.buckets) && event.buckets.every((b) => typeof b === 'string') ? (event.buckets as string[]) : null;
    return { kind: 'changed', collection: event.collection as SyncCollection, buckets };
  } catch {
    return null;
  }
}

export interface PgNotifierOptions {
  connectionString: string;
  logger: Logger;
}

/** Resolves once LISTEN is active, so a change committed after it is never missed. */
export async function createPgNotifier(options: PgNotifierOptions): Promise<Notifier> {
  const { logger } = options;
  const listeners = new Listeners();
  const onError = (error: unknown) => logger.error('stream listener failed', { error });
  let client: pg.Client | null = null;
  let closing = false;
  let retry: NodeJS.Timeout | undefined;
  let connecting = false;
  let backoff = 500;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: options.connectionString });
    next.on('notification', (message) => {
      if (message.channel !== CHANNEL) return;
      const event = parse(message.payload);
      if (event) listeners.deliver(event, onError);
    });
    next.on('error', (error) => {
      logger.warn('notification connection failed', { error });
      lost(next);
    });
    next.on('end', () => lost(next));
    await next.connect();
    await next.query(`LISTEN ${CHANNEL}`);
    client = next;
    backoff = 500;
  }

  function lost(which: pg.Client): void {
    if (client === which) client = null;
    else if (client !== null) return; // an old connection ending while a newer one serves
    which.end().catch(() => {});
    reconnectLater();
  }

  function reconnectLater(): void {
    if (closing || retry || connecting) return;
    retry = setTimeout(() => {
      retry = undefined;
      connecting = true;
      connect()
        .then(() => {
          connecting = false;
          // Events committed while disconnected are gone: every device pulls once.
          listeners.deliver({ kind: 'resync' }, onError);
        })
        .catch((error: unknown) => {
          connecting = false;
          logger.warn('notification reconnect failed', { error, retryInMs: backoff });
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
          reconnectLater();
        });
    }, backoff);
  }

  await connect();
  return {
    async publish(event) {
      if (event.kind !== 'changed') {
        listeners.deliver(event, onError);
        return;
      }
      let payload = JSON.stringify({ collection: event.collection, buckets: event.buckets });
      if (Buffer.byteLength(payload) > MAX_PAYLOAD) payload = JSON.stringify({ collection: event.collection, buckets: null });
      if (!client) throw new Error('notification connection is down');
      // This session LISTENs too, so the event comes back here like it reaches the other instances.
      await client.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
    },
    subscribe: (listener) => listeners.add(listener),
    get listenerCount() {
      return listeners.size;
    },
    async close() {
      closing = true;
      clearTimeout(retry);
      listeners.deliver({ kind: 'closing' }, onError);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
