// Scenario: initial sync of N client records from the real server into the real app in a fresh Chromium context.
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Client } from '../../schemas/entities/client.ts';
import type { Order } from '../../schemas/entities/order.ts';
import { MAX_PULL_LIMIT, MAX_PUSH_ROWS, type Checkpoint, type PullResponse, type PushResponse } from '../../schemas/protocol/sync.ts';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { repoRoot, startServer, type RunningServer } from '../e2e/server.ts';
import { BENCH_STEPS_KEY } from '../../app/local-db/bench-steps.ts';
import { generateClients } from './client-docs.ts';
import { cpuBetween, descendantCpu } from './cpu-time.ts';
import { busyTime, printSummary, startProfiling, stopProfiling, summarise } from './profile-sync.ts';

export interface SyncResult {
  /** From navigation start until all N documents are in the app's IndexedDB. */
  ms: number;
  seedMs: number;
  /** The same pull from Node (1000 per request, no browser): the server's share of `ms`. */
  serverPullMs: number;
  /** CPU time of Chromium's processes (renderer, browser process writing IndexedDB) during `ms`. */
  cpuMs: number;
  /** Of which the renderers' (the page's JavaScript, structured cloning). */
  rendererCpuMs: number;
  /** CPU time of the server process during `ms` (it shares the machine's cores with the browser). */
  serverCpuMs: number;
  /** With `profile` or `busy`: the page's main thread at work (not idle) during `ms`, from a CPU profile. */
  busyMs?: number;
}

export class NotAvailable extends Error {
  readonly notAvailable = true;
}

export const ADMIN = { name: 'Benchmark Admin', login: 'bench', password: 'Kartoteka-bench-2026!' };
// RxDB's Dexie storage keeps each collection in its own IndexedDB database, `rxdb-dexie-<db>--<schema version>--<collection>`
// (rxdb/plugins/storage-dexie dexie-helper), documents in its `docs` store; the app's database is 'kartoteka'.
const CLIENTS_IDB = /^rxdb-dexie-kartoteka--\d+--clients$/;

/** Signs the benchmark's administrator in through the API: the session cookie lands in the context, so the app starts signed in. */
export async function signIn(context: BrowserContext, baseURL: string): Promise<void> {
  const login = await context.request.post(`${baseURL}/api/auth/login`, {
    headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json', origin: baseURL },
    data: { login: ADMIN.login, password: ADMIN.password },
  });
  if (!login.ok()) throw new Error(`login: ${login.status()} ${await login.text()}`);
}

/** A minimal cookie-keeping JSON client for the seeding requests. */
function apiClient(baseURL: string) {
  let cookie = '';
  return async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${baseURL}${path}`, {
      method,
      headers: {
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        'content-type': 'application/json',
        'x-kartoteka-device': 'bench-seeder',
        origin: baseURL,
        ...(cookie ? { cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    if (setCookie) cookie = setCookie;
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

async function seed(call: ReturnType<typeof apiClient>, n: number): Promise<void> {
  const { user } = await call<{ user: { id: string } }>('POST', '/api/setup', ADMIN);
  const now = Date.now();
  const order: Order = {
    id: 'bench-order', name: 'Benchmark: firmy mięsne mazowieckie', instructions: '', voivodeships: ['14'], area: '',
    targetCount: n, deadline: '', principalId: user.id, verificationRequired: false, attributeIds: [], status: 'open',
    createdBy: user.id, createdAt: now, updatedAt: now, fieldTimes: {},
  };
  const pushed = await call<PushResponse<Order>>('POST', '/api/sync/orders/push', {
    rows: [{ assumedMasterState: null, newDocumentState: { ...order, _deleted: false } }],
  });
  if (pushed.conflicts.length || pushed.refused.length) throw new Error(`order not stored: ${JSON.stringify(pushed)}`);
  const docs: Client[] = generateClients({ n, orderId: order.id, ownerId: user.id });
  for (let i = 0; i < docs.length; i += MAX_PUSH_ROWS) {
    const rows = docs.slice(i, i + MAX_PUSH_ROWS).map((doc) => ({ assumedMasterState: null, newDocumentState: { ...doc, _deleted: false } }));
    const answer = await call<PushResponse<Client>>('POST', '/api/sync/clients/push', { rows });
    if (answer.conflicts.length || answer.refused.length) {
      throw new Error(`seeding refused rows: ${JSON.stringify(answer.refused[0] ?? answer.conflicts[0]).slice(0, 500)}`);
    }
  }
}

/** Pulls every client from the server the way the app does (checkpoint chain, MAX_PULL_LIMIT per request). */
async function pullAll(call: ReturnType<typeof apiClient>, n: number): Promise<void> {
  let checkpoint: Checkpoint | null = null;
  let received = 0;
  for (;;) {
    const batch: PullResponse<Client> = await call('POST', '/api/sync/clients/pull', { checkpoint, limit: MAX_PULL_LIMIT });
    received += batch.documents.length;
    checkpoint = batch.checkpoint;
    if (batch.documents.length === 0) break;
  }
  if (received !== n) throw new Error(`server pull returned ${received} of ${n} documents`);
}

/** Documents in the app's clients store, read straight from IndexedDB (0 until RxDB has created it). */
export function countClients(page: Page): Promise<number> {
  return page.evaluate(async (pattern) => {
    const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => new RegExp(pattern).test(n));
    // Never open a database RxDB has not created yet: opening would create it at version 1 under Dexie's feet.
    if (!name) return 0;
    const db: IDBDatabase = await new Promise((done, fail) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => done(open.result);
      open.onerror = () => fail(open.error);
    });
    try {
      if (!db.objectStoreNames.contains('docs')) return 0;
      return await new Promise<number>((done, fail) => {
        const count = db.transaction('docs').objectStore('docs').count();
        count.onsuccess = () => done(count.result);
        count.onerror = () => fail(count.error);
      });
    } finally {
      db.close();
    }
  }, CLIENTS_IDB.source);
}

export interface SyncOptions {
  log: (line: string) => void;
  /** A directory keeping one seeded server data directory per N, reused by later runs (seeding 50,000 takes minutes). */
  seedCache?: string;
  /** Record a CPU profile of the page during the sync and print where the time went (a path: also save it there, .cpuprofile). */
  profile?: boolean | string;
  /** Steps of the sync path switched off (app/local-db/bench-steps.ts), to show each one's effect. */
  stepsOff?: readonly string[];
  /** Record a CPU profile only to report `busyMs` (the main thread's work, steadier than wall time on a busy machine). */
  busy?: boolean;
}

/** A server holding N seeded clients: seeded now (and kept in `seedCache`), or a copy of the cached data directory. */
export async function seededServer(n: number, seedCache: string | undefined, log: (line: string) => void) {
  const cached = seedCache && join(seedCache, `clients-${n}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'kartoteka-bench-'));
  // The server does not own a directory it is given: stopping it leaves the directory, removed here.
  const owning = (server: RunningServer): RunningServer => ({ ...server, stop: async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  } });
  if (cached && existsSync(cached)) {
    cpSync(cached, dataDir, { recursive: true });
    return { server: owning(await startServer({ dataDir })), seedMs: 0 };
  }
  const server = await startServer({ dataDir });
  const started = Date.now();
  await seed(apiClient(server.url), n);
  const seedMs = Date.now() - started;
  log(`seeded ${n} clients through /api/sync/clients/push in ${(seedMs / 1000).toFixed(1)} s`);
  if (!cached) return { server: owning(server), seedMs };
  await server.stop(); // PGlite's files are consistent once the server has exited
  cpSync(dataDir, cached, { recursive: true });
  log(`kept the seeded data directory in ${cached}`);
  return { server: owning(await startServer({ dataDir })), seedMs };
}

export async function measureInitialSync(browser: Browser, n: number, { log, seedCache, profile, stepsOff = [], busy }: SyncOptions): Promise<SyncResult> {
  for (const part of ['sync-server/main.ts', 'app/sync/replication.ts', 'dist/index.html']) {
    if (!existsSync(join(repoRoot, part))) throw new NotAvailable(`${part} does not exist (run \`npm run build\` for dist/)`);
  }
  const { server, seedMs } = await seededServer(n, seedCache, log);
  const context = await browser.newContext();
  try {
    const call = apiClient(server.url);
    await call('POST', '/api/auth/login', { login: ADMIN.login, password: ADMIN.password });
    let started = Date.now();
    await pullAll(call, n);
    const serverPullMs = Date.now() - started;
    log(`server pull alone (Node client, ${MAX_PULL_LIMIT} per request): ${(serverPullMs / 1000).toFixed(2)} s`);

    await signIn(context, server.url);

    if (stepsOff.length) {
      // Read by the app before it opens its database (app/local-db/bench-steps.ts).
      await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [BENCH_STEPS_KEY, stepsOff.join(',')] as const);
    }
    const page = await context.newPage();
    const cdp = profile || busy ? await context.newCDPSession(page) : undefined;
    if (cdp) await startProfiling(cdp);
    const cpuBefore = descendantCpu();
    started = Date.now();
    await page.goto(server.url);
    const deadline = started + Math.max(120_000, n * 10);
    let count = 0;
    let lastReport = started;
    let firstMs: number | undefined;
    while (count < n) {
      if (Date.now() > deadline) throw new Error(`only ${count} of ${n} documents arrived within ${((deadline - started) / 1000).toFixed(0)} s`);
      await new Promise((r) => setTimeout(r, 100));
      count = await countClients(page).catch(() => count); // a navigation in between: ask again
      if (count > 0 && firstMs === undefined) {
        firstMs = Date.now() - started;
        log(`first records in IndexedDB after ${(firstMs / 1000).toFixed(2)} s (${count} of ${n}): the app's start, its database and the first page`);
      }
      if (Date.now() - lastReport > 5000) {
        lastReport = Date.now();
        log(`${count} of ${n} in IndexedDB after ${((lastReport - started) / 1000).toFixed(1)} s`);
      }
    }
    const ms = Date.now() - started;
    const cpuAfter = descendantCpu(); // before the page closes: a closed renderer's time is gone
    let busyMs: number | undefined;
    if (cdp) {
      const cpuProfile = await stopProfiling(cdp);
      busyMs = busyTime(cpuProfile);
      if (typeof profile === 'string') writeFileSync(profile, JSON.stringify(cpuProfile));
      if (profile) printSummary(await summarise(cpuProfile), log);
    }
    return {
      ms, seedMs, serverPullMs, busyMs,
      cpuMs: cpuBetween(cpuBefore, cpuAfter, 'chromium'),
      rendererCpuMs: cpuBetween(cpuBefore, cpuAfter, 'chromium renderer'),
      serverCpuMs: cpuBetween(cpuBefore, cpuAfter, 'node'),
    };
  } finally {
    await context.close();
    await server.stop();
  }
}
