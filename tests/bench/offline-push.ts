// Scenario (issue 12 item 3): a day of work pushed. A device filled by the app's initial sync with N records goes
// offline, the user edits N records one after another through the app's own write path (the record form's
// `editClient`), and the device comes back online: the time from the network returning until the server has
// acknowledged every edit (the device's unsent set is empty) — goal ≤ 2 s for 2,000. Beside it, in the same run,
// the same number of edits posted straight to the push endpoint from the page (fetch, MAX_PUSH_ROWS rows a request,
// one after another, as the app sends them) from a page without the app: what the server and the network alone take.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Client } from '../../schemas/entities/client.ts';
import { MAX_PULL_LIMIT, MAX_PUSH_ROWS, type Checkpoint, type PullResponse } from '../../schemas/protocol/sync.ts';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { BENCH_HOOK_KEY } from '../../app/local-db/bench-steps.ts';
import { repoRoot } from '../e2e/server.ts';
import { countClients, NotAvailable, seededServer, signIn } from './initial-sync.ts';
import { printSummary, startProfiling, stopProfiling, summarise } from './profile-sync.ts';

export const OFFLINE_PUSH_GOAL_MS = 2000;
const ORDER_ID = 'bench-order'; // initial-sync.ts `seed`

export interface OfflinePushResult {
  n: number;
  /** The offline edits through the app's write path (not part of the goal): total ms. */
  editMs: number;
  /** Network back → every edit acknowledged (the device's unsent set empty), ms. */
  ackMs: number;
  /** The same number of edits posted straight from a page without the app, MAX_PUSH_ROWS a request, in turn, ms. */
  directMs: number;
  goalMs: number;
}

interface Hook {
  editRecords(orderId: string, n: number, note: string): Promise<{ edited: number; ms: number }>;
  pendingRecords(): Promise<number>;
}

const hook = (page: Page) => page.evaluate(() => (globalThis as unknown as { kartotekaBench?: Hook }).kartotekaBench !== undefined);

async function serverNotes(baseURL: string, cookie: string): Promise<Client[]> {
  const docs: Client[] = [];
  let checkpoint: Checkpoint | null = null;
  for (;;) {
    const response = await fetch(`${baseURL}/api/sync/clients/pull`, {
      method: 'POST',
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json', origin: baseURL, cookie, 'x-kartoteka-device': 'bench-reader' },
      body: JSON.stringify({ checkpoint, limit: MAX_PULL_LIMIT }),
    });
    if (!response.ok) throw new Error(`pull: ${response.status} ${await response.text()}`);
    const batch = (await response.json()) as PullResponse<Client>;
    if (batch.documents.length === 0) return docs;
    docs.push(...batch.documents);
    checkpoint = batch.checkpoint;
  }
}

export async function measureOfflinePush(browser: Browser, n: number, { log, seedCache, profile }: {
  log: (line: string) => void; seedCache?: string; profile?: boolean | string;
}): Promise<OfflinePushResult> {
  for (const part of ['sync-server/main.ts', 'dist/index.html']) {
    if (!existsSync(join(repoRoot, part))) throw new NotAvailable(`${part} does not exist (run \`npm run build\` for dist/)`);
  }
  const { server } = await seededServer(n, seedCache, log);
  const context = await browser.newContext();
  try {
    await signIn(context, server.url);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    await context.addInitScript((key) => localStorage.setItem(key, '1'), BENCH_HOOK_KEY);
    const page = await context.newPage();
    await page.goto(server.url);
    const deadline = Date.now() + Math.max(120_000, n * 10);
    while ((await countClients(page).catch(() => 0)) < n || !(await hook(page).catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`the device did not fill with ${n} records in time`);
      await page.waitForTimeout(200);
    }
    await page.waitForTimeout(1000); // the replication's checkpoint written after its last page

    // A day of work offline: every edit through the app's write path, as the record form saves it.
    await context.setOffline(true);
    const note = `Oddzwonić jutro, bench ${Date.now()}`;
    const edited = await page.evaluate(([orderId, count, text]) =>
      (globalThis as unknown as { kartotekaBench: Hook }).kartotekaBench.editRecords(orderId, count, text), [ORDER_ID, n, note] as const);
    if (edited.edited !== n) throw new Error(`edited ${edited.edited} of ${n} records`);
    const unsent = await page.evaluate(() => (globalThis as unknown as { kartotekaBench: Hook }).kartotekaBench.pendingRecords());
    if (unsent !== n) throw new Error(`${unsent} records wait for the server, expected ${n}`);
    log(`${n} records edited offline through the app in ${(edited.ms / 1000).toFixed(2)} s (${(edited.ms / n).toFixed(1)} ms each); ${unsent} unsent`);

    const cdp = profile ? await context.newCDPSession(page) : undefined;
    if (cdp) await startProfiling(cdp);
    // Back online: the app retries at once on the browser's 'online' event (app/sync/engine.ts).
    const requests = new Map<string, number>();
    const countRequest = (request: { url(): string }) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/')) requests.set(path, (requests.get(path) ?? 0) + 1);
    };
    page.on('request', countRequest);
    const started = Date.now();
    await context.setOffline(false);
    // Polled in the page (waitForFunction would take the predicate's promise itself for a truthy answer).
    const ackMs = await page.evaluate(async ([startedAt, timeoutMs]) => {
      const bench = (globalThis as unknown as { kartotekaBench: Hook }).kartotekaBench;
      while ((await bench.pendingRecords()) > 0) {
        if (Date.now() - startedAt > timeoutMs) throw new Error(`edits still unsent after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return Date.now() - startedAt;
    }, [started, Math.max(60_000, n * 30)] as const);
    if (cdp) {
      const cpuProfile = await stopProfiling(cdp);
      if (typeof profile === 'string') (await import('node:fs')).writeFileSync(profile, JSON.stringify(cpuProfile));
      log(`CPU profile of the page from the network's return until every edit was acknowledged:`);
      printSummary(await summarise(cpuProfile), log);
    }
    page.off('request', countRequest);
    log(`requests meanwhile: ${[...requests].map(([path, count]) => `${path} ×${count}`).join(', ')}`);
    const stored = await serverNotes(server.url, cookie);
    const arrived = stored.filter((doc) => doc.notes === note && doc.dataSource2 === note).length;
    if (arrived !== n) throw new Error(`the server holds ${arrived} of the ${n} edits`);
    log(`online → all ${n} acknowledged in ${(ackMs / 1000).toFixed(2)} s; the server holds every edit`);

    // The peer: the same number of edits of the same records, sent straight from a page of the same origin with no
    // app in it (the app's tab closed: its stream would otherwise pull each pushed page back meanwhile).
    await page.close();
    const bare = await context.newPage();
    await bare.goto(`${server.url}/api/health`);
    const direct = await bare.evaluate(async ({ docs, batch, header, version }) => {
      const at = Date.now();
      const rows = docs.map((doc) => ({
        assumedMasterState: { ...doc, _deleted: false },
        newDocumentState: { ...doc, notes: `${doc.notes} (2)`, updatedAt: at, fieldTimes: { ...doc.fieldTimes, notes: at }, _deleted: false },
      }));
      const started = performance.now();
      for (let i = 0; i < rows.length; i += batch) {
        const response = await fetch('/api/sync/clients/push', {
          method: 'POST',
          headers: { 'content-type': 'application/json', [header]: version, 'x-kartoteka-device': 'bench-direct' },
          body: JSON.stringify({ rows: rows.slice(i, i + batch) }),
        });
        const answer = await response.json() as { conflicts: unknown[]; refused: unknown[] };
        if (!response.ok || answer.conflicts.length || answer.refused.length) throw new Error(`direct push: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
      }
      return performance.now() - started;
    }, { docs: stored.map(({ _deleted, ...doc }: Client & { _deleted?: boolean }) => doc), batch: MAX_PUSH_ROWS, header: PROTOCOL_HEADER, version: String(PROTOCOL_VERSION) });
    log(`the same ${n} edits posted straight from the page (${MAX_PUSH_ROWS} a request, in turn): ${(direct / 1000).toFixed(2)} s`);
    return { n, editMs: edited.ms, ackMs, directMs: direct, goalMs: OFFLINE_PUSH_GOAL_MS };
  } finally {
    await context.close();
    await server.stop();
  }
}
