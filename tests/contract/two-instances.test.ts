// Contract: two real server processes on one PostgreSQL behave as one server — streams hear the other's commits, sign-in limits hold on both [S11][S21].
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../schemas/protocol/sync.ts';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { MIGRATIONS } from '../../sync-server/db/migrate.ts';
import { startServer, type RunningServer } from '../e2e/server.ts';
import type { Doc } from './client.ts';
import { created, makeOrder } from './fixtures.ts';

const ADMIN = { login: 'admin', name: 'Anna Administratorka', password: 'dwie-instancje-1' };
const WRONG = 'zle-haslo-123';
const INTRUDER = 'wlamywacz'; // no such account: limited exactly like an existing one [S21]

/** A device talking to one instance over real HTTP, with the app's headers and the session cookie. */
class Device {
  cookie = '';

  constructor(readonly server: RunningServer) {}

  async request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'x-kartoteka-device': 'two-instances' };
    if (method !== 'GET') Object.assign(headers, { 'content-type': 'application/json', origin: this.server.url });
    if (this.cookie) headers.cookie = this.cookie;
    const response = await fetch(`${this.server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const session = response.headers.getSetCookie().map((line) => /^([^=;]*session[^=;]*=[^;]+)/.exec(line)?.[1]).find(Boolean);
    if (session) this.cookie = session;
    return response;
  }

  async json<T>(method: string, path: string, body?: unknown, status = 200): Promise<T> {
    const response = await this.request(method, path, body);
    const text = await response.text();
    if (response.status !== status) throw new Error(`${method} ${this.server.url}${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** Every document of `collection`, asking again while rows are held behind a running transaction elsewhere on the cluster [S1]. */
  async pullAll(collection: string): Promise<Doc[]> {
    const documents: Doc[] = [];
    let checkpoint: PullResponse<Doc>['checkpoint'] | null = null;
    for (let page = 0; page < 400; page++) {
      const response: PullResponse<Doc> = await this.json('POST', `/api/sync/${collection}/pull`, { checkpoint, limit: 100 });
      documents.push(...response.documents);
      checkpoint = response.checkpoint;
      if (response.behind) await new Promise((r) => setTimeout(r, 50));
      else if (response.documents.length < 100) return documents;
    }
    throw new Error(`pull of ${collection} never caught up`);
  }
}

/** The event stream over HTTP, read block by block; heartbeat comments are skipped. */
async function openStream(device: Device) {
  const response = await fetch(`${device.server.url}/api/sync/stream?protocol=${PROTOCOL_VERSION}`, { headers: { cookie: device.cookie } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    /** The next event (a heartbeat comment is not one); after 15 s without one, a clear failure instead of the test timeout. */
    async next(): Promise<string> {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.startsWith(':')) return block;
          continue;
        }
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error('no event within 15 s')), deadline - Date.now())));
        const { done, value } = await Promise.race([reader.read(), late]).finally(() => clearTimeout(timer));
        if (done) throw new Error('the stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
    close: () => reader.cancel().catch(() => undefined),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const retryAfter = (response: Response) => Number(response.headers.get('retry-after'));

const adminUrl = process.env.TEST_DATABASE_URL;
// Only PostgreSQL can be shared by several processes; PGlite is one process's (refused to a second one).
if (adminUrl) {
  describe('two server instances on one PostgreSQL', () => {
    const name = `kartoteka_test_${randomBytes(6).toString('hex')}`;
    const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
    const servers: RunningServer[] = [];
    let one: RunningServer;
    let two: RunningServer;

    async function admin<T>(work: (client: pg.Client) => Promise<T>, url = adminUrl!): Promise<T> {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    }

    beforeAll(async () => {
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      // Both at once on the empty database: the migrations' advisory lock lets one apply them.
      // PUBLIC_URL and TRUST_PROXY unset: loopback names are answered, the socket's address counts.
      const env = { DATABASE_URL: databaseUrl, PUBLIC_URL: undefined, TRUST_PROXY: undefined, LOG_LEVEL: undefined };
      const started = await Promise.allSettled([startServer({ env }), startServer({ env })]);
      for (const result of started) if (result.status === 'fulfilled') servers.push(result.value);
      const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
      [one, two] = servers as [RunningServer, RunningServer];
    }, 90_000);

    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop()));
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }, 60_000);

    it('[S23] started together on an empty database, the instances applied each migration once', async () => {
      const versions = await admin((c) => c.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version'), databaseUrl);
      expect(versions.rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
    });

    it('[S11] a change pushed through one instance reaches a device streaming from the other, which pulls it', async () => {
      const writer = new Device(one);
      const { user } = await writer.json<{ user: { id: string } }>('POST', '/api/setup', ADMIN, 201);
      const reader = new Device(two);
      await reader.json('POST', '/api/auth/login', { login: ADMIN.login, password: ADMIN.password });

      const order = makeOrder({ id: `o-${randomBytes(4).toString('hex')}`, createdBy: user.id, now: Date.now() });
      const stream = await openStream(reader);
      try {
        // resync comes after the stream's subscription: anything committed from now on is heard.
        expect(await stream.next()).toBe('data: {"type":"resync"}');
        const pushed = await writer.json<{ refused: unknown[] }>('POST', '/api/sync/orders/push', { rows: [created(order)] });
        expect(pushed.refused).toEqual([]);
        expect(await stream.next()).toBe('data: {"type":"changed","collection":"orders"}');
      } finally {
        await stream.close();
      }
      expect((await reader.pullAll('orders')).map((doc) => doc.id)).toEqual([order.id]);
    });

    it('[S21] a sign-in limit reached on one instance holds on the other: failures through both count together', async () => {
      const attacker = { one: new Device(one), two: new Device(two) };
      const guess = (device: Device) => device.request('POST', '/api/auth/login', { login: INTRUDER, password: WRONG });
      /** One more counted failure through `device`, after waiting out the running wait (429 + Retry-After) if any. */
      const fail = async (device: Device) => {
        for (let tries = 0; tries < 10; tries++) {
          const response = await guess(device);
          if (response.status === 401) return;
          expect(response.status).toBe(429);
          // Retry-After is rounded up: after it the wait is over, so the next guess is counted.
          await sleep(retryAfter(response) * 1000);
        }
        throw new Error('still limited after 10 waits');
      };

      for (let i = 0; i < 5; i++) expect((await guess(attacker.one)).status).toBe(401); // the free ones
      // From here each failure doubles the wait (1, 2, 4, 8 s), wherever it is made. The 8 s one is
      // long enough to check both instances however slowly a busy machine checks the password.
      await fail(attacker.two);
      await fail(attacker.one);
      await fail(attacker.two);
      const here = await guess(attacker.one);
      const there = await guess(attacker.two);
      // Counted per process, instance 2 would have seen two failures, both free, and answered 401.
      for (const response of [here, there]) {
        expect(response.status).toBe(429);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
        expect(retryAfter(response)).toBeGreaterThanOrEqual(1);
        expect(retryAfter(response)).toBeLessThanOrEqual(8);
      }
    }, 60_000); // up to 7 s of waits and a dozen scrypt checks on a busy machine
  });
}
