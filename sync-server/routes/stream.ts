// GET /api/sync/stream: server-sent events — resync on connect, `changed` for commits in the user's scope, heartbeats [S11].
import { Hono } from 'hono';
import type { StreamMessage } from '../../schemas/protocol/sync.ts';
import { bucketsFor } from '../../schemas/rules/permissions.ts';
import { requireUser } from '../auth/require-user.ts';
import { findSession } from '../auth/sessions.ts';
import type { AppEnv, Deps } from '../context.ts';
import type { ChangeEvent } from '../db/notifier.ts';

const encoder = new TextEncoder();
const message = (m: StreamMessage) => encoder.encode(`data: ${JSON.stringify(m)}\n\n`);
// A comment line: keeps proxies and NAT from closing an idle connection, ignored by EventSource.
const HEARTBEAT = encoder.encode(': heartbeat\n\n');

export function streamRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser(deps));

  app.get('/', (c) => {
    let user = c.var.user;
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
        const unsubscribe = deps.notifier.subscribe((event) => {
          if (event.kind === 'closing') stop();
          else if (event.kind === 'resync') send(message({ type: 'resync' }));
          else if (touches(event)) send(message({ type: 'changed', collection: event.collection }));
        });
        // The session is checked again at each heartbeat: a logout, expiry or deactivation ends
        // the stream, and a changed role changes which events arrive.
        const heartbeat = setInterval(() => {
          send(HEARTBEAT);
          findSession(deps.db, token, deps.now())
            .then((session) => (session ? (user = session.user) : stop()))
            .catch((error: unknown) => deps.logger.warn('stream session check failed', { error }));
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
