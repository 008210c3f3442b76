// A test client over app.request(): the app's headers (protocol, JSON, same origin, device) and a one-cookie jar.
import type { Hono } from 'hono';
import type { PullResponse, PushResponse, PushRow } from '../../schemas/protocol/sync.ts';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import type { AppEnv } from '../../sync-server/context.ts';

export const ORIGIN = 'http://localhost';
export type Doc = Record<string, unknown>;
export type Checkpoint = PullResponse<Doc>['checkpoint'] | null;

export class TestClient {
  cookie = '';

  constructor(
    readonly app: Hono<AppEnv>,
    readonly device = 'test-device',
  ) {}

  /** A request with the app's usual headers; `headers` may override or (with undefined) remove them. */
  async request(method: string, path: string, body?: unknown, headers: Record<string, string | undefined> = {}): Promise<Response> {
    const all: Record<string, string | undefined> = {
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      'x-kartoteka-device': this.device,
      origin: method === 'GET' ? undefined : ORIGIN,
      'content-type': method === 'GET' ? undefined : 'application/json',
      cookie: this.cookie || undefined,
      ...headers,
    };
    const sent = Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
    const init: RequestInit = { method, headers: sent };
    if (body !== undefined) init.body = typeof body === 'string' || body instanceof ReadableStream ? (body as BodyInit) : JSON.stringify(body);
    if (body instanceof ReadableStream) (init as { duplex?: string }).duplex = 'half';
    const response = await this.app.request(`${ORIGIN}${path}`, init);
    this.remember(response);
    return response;
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const m = /^kartoteka_session=([^;]*)/.exec(line);
      if (!m) continue;
      this.cookie = m[1] && !/Max-Age=0/i.test(line) ? `kartoteka_session=${m[1]}` : '';
    }
  }

  async json<T>(method: string, path: string, body?: unknown, expectStatus = 200): Promise<T> {
    const response = await this.request(method, path, body);
    const text = await response.text();
    if (response.status !== expectStatus) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  pull(collection: string, checkpoint: Checkpoint, limit = 100): Promise<PullResponse<Doc>> {
    return this.json('POST', `/api/sync/${collection}/pull`, { checkpoint, limit });
  }

  push(collection: string, rows: PushRow<Doc>[]): Promise<PushResponse<Doc>> {
    return this.json('POST', `/api/sync/${collection}/push`, { rows });
  }

  /** Pulls until a page comes back short; returns every document and the last checkpoint. */
  async pullAll(collection: string, checkpoint: Checkpoint = null, limit = 100): Promise<{ documents: Doc[]; checkpoint: Checkpoint }> {
    const documents: Doc[] = [];
    let at = checkpoint;
    let waits = 0;
    for (let page = 0; page < 10_000; page++) {
      const response = await this.pull(collection, at, limit);
      documents.push(...response.documents);
      at = response.checkpoint;
      // Like the app: rows held behind an older transaction elsewhere on the cluster are asked for again [S1].
      if (response.behind && waits++ < 200) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (response.documents.length < limit) return { documents, checkpoint: at };
    }
    throw new Error('pullAll: no end after 10,000 pages');
  }
}
