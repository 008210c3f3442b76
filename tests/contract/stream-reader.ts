// Reads /api/sync/stream in-process (app.request, no port) event block by event block, for the contract suites.
import type { Hono } from 'hono';
import type { AppEnv } from '../../sync-server/context.ts';
import type { TestClient } from './client.ts';

export interface Stream {
  /** The HTTP answer's headers, for the suites that check them. */
  headers: Headers;
  /** The next event block (lines up to the blank line), or null once the server ended the stream. */
  next(timeoutMs?: number): Promise<string | null>;
  close(): Promise<void>;
}

/** Opens the stream as `client` (on `app`, default the client's); throws unless the answer is 200 with a body. */
export async function openStream(client: TestClient, app: Hono<AppEnv> = client.app, device = 'd1'): Promise<Stream> {
  const response = await app.request(`http://localhost/api/sync/stream?protocol=1&device=${device}`, { headers: { cookie: client.cookie } });
  if (response.status !== 200 || !response.body) throw new Error(`stream: ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    headers: response.headers,
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return block;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`no event within ${timeoutMs} ms`)), left)));
        const { done, value } = await Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
        if (done) return null;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    close: () => reader.cancel().catch(() => undefined),
  };
}
