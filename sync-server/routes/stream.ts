// GET /api/sync/stream: server-sent events — resync on connect, `changed` for commits in the user's scope, heartbeats [S11].
import { Hono } from 'hono';
import { SYNC_COLLECTIONS, type StreamMessage } from '../../schemas/protocol/sync.ts';
import { bucketsFor, type Actor } from '../../schemas/rules/scope.ts';
import { requireUser } from '../auth/require-user.ts';
import { findSession } from '../auth/sessions.ts';
import type { AppEnv, Deps } from '../context.ts';
import { actorOf } from '../db/membership.ts';
import { scopeBucket, type ChangeEvent } from '../db/notifier.ts';

const encoder = new TextEncoder();
const message = (m: StreamMessage) => encoder.encode(`data: ${JSON.stringify(m)}\n\n`);
// A comment line: keeps proxies and NAT from closing an idle connection, ignored by EventSource.
const HEARTBEAT = encoder.encode(': heartbeat\n\n');

export function streamRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser(deps));

  app.get('/', async (c) => {
    let user: Actor = await actorOf(deps.db, c.var.user);
    const token = c.var.sessionToken;
    let stop = () => {};

    // A plain ReadableStream, not streamSSE: less memory per connection (STACK.md), and cancel()
    // is the one place a disconnect is noticed.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        let closed = false;
        const send = (chunk: Uint8Array) => {
          if (closed) return;
          try {
            controller.enqueue(chunk);
          } catch {
            stop();
          }
        };
        const touches = (event: Extract<ChangeEvent, { kind: 'changed' }>) =>
          event.buckets === null || bucketsFor(user, event.collection).some((b) => event.buckets!.includes(b));
        /**
         * The session and the user's membership, read again: a logout, expiry or deactivation ends
         * the stream; a changed role or binding changes which events arrive.
         */
        // Every membership change publishes a scope event [S14], so the heartbeat reloads the
        // membership only when the role itself changed: one query per device per beat, not five.
        const refresh = async (scopeChanged: boolean): Promise<boolean> => {
          const session = await findSession(deps.db, token, deps.now());
          if (!session.ok) {
            stop();
            return false;
          }
          if (scopeChanged || session.user.role !== user.role) user = await actorOf(deps.db, session.user);
          return true;
        };
        const unsubscribe = deps.notifier.subscribe((event) => {
          if (event.kind === 'closing') stop();
          else if (event.kind === 'resync') send(message({ type: 'resync' }));
          else if (event.buckets?.includes(scopeBucket(user.id))) {
            // This user's scope changed: every collection may have gained or lost buckets [S4].
            refresh(true)
              .then((open) => open && SYNC_COLLECTIONS.forEach((collection) => send(message({ type: 'changed', collection }))))
              .catch((error: unknown) => deps.logger.warn('stream scope refresh failed', { error }));
          } else if (touches(event)) send(message({ type: 'changed', collection: event.collection }));
        });
        const heartbeat = setInterval(() => {
          send(HEARTBEAT);
          refresh(false).catch((error: unknown) => deps.logger.warn('stream session check failed', { error }));
        }, deps.heartbeatMs);
        stop = () => {
          if (closed) return;
          closed = true;
          clearInterval(heartbeat);
          unsubscribe();
          deps.logger.debug('stream closed', { userId: user.id, open: deps.notifier.listenerCount });
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        };
        c.req.raw.signal.addEventListener('abort', () => stop(), { once: true });
        send(message({ type: 'resync' })); // [S11] a (re)connected device pulls once
        deps.logger.debug('stream opened', { userId: user.id, open: deps.notifier.listenerCount });
      },
      cancel() {
        stop();
      },
    });

    return c.body(body, 200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no', // nginx: do not buffer the stream
    });
  });

  return app;
}
