// Scenario (issue 12 item 4): opening an order offline on a full device. The app's own initial sync fills a fresh
// context with N records of one order (tests/bench/initial-sync.ts); with the service worker in control the context
// goes offline (and the server stops), and each load of /zlecenie/<orderId> is timed from navigation start to
// (a) the records table showing its first page of rows and (b) the table answering a click on a sort button.
// Goal: (b) ≤ 1.5 s at 50,000 records.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { BENCH_STEPS_KEY } from '../../app/local-db/bench-steps.ts';
import { repoRoot } from '../e2e/server.ts';
import { cpuBetween, descendantCpu } from './cpu-time.ts';
import { countClients, NotAvailable, seededServer, signIn } from './initial-sync.ts';

const CLIENTS_IDB = /^rxdb-dexie-kartoteka--\d+--clients$/; // as initial-sync.ts
import { printSummary, startProfiling, stopProfiling, summarise } from './profile-sync.ts';

export const OFFLINE_OPEN_GOAL_MS = 1500;
/** The order every seeded record belongs to (initial-sync.ts `seed`). */
const ORDER_ID = 'bench-order';
const PAGE_ROWS = 25; // PAGE_SIZE of app/ui/components/pagination.tsx

export interface OfflineLoad {
  /** Navigation start → the page's "Rekordy" section (order read, records query maybe still pending). */
  sectionMs: number;
  /** Navigation start → the records table with its first page of rows, in a frame. */
  firstRowsMs: number;
  /** Navigation start → a click on "Nazwa" (dispatched as soon as the rows showed) answered: aria-sort changed, in a frame. */
  interactiveMs: number;
  /** The page's JavaScript heap once the load settled (used, then after a forced GC), MB. */
  heapMB: number;
  heapAfterGcMB: number;
  /** Chromium's CPU time (every process: the renderer, IndexedDB in the browser process) from navigation to 2 s after interactive: the start's cost, background work included. */
  cpuMs: number;
}

export interface OfflineOpenResult {
  n: number;
  runs: number;
  /** Medians over `runs` offline loads. */
  firstRowsMs: number;
  interactiveMs: number;
  sectionMs: number;
  heapMB: number;
  heapAfterGcMB: number;
  cpuMs: number;
  goalMs: number;
  /** interactiveMs / goalMs (≤ 1 meets the goal). */
  ratio: number;
  loads: OfflineLoad[];
  /** The app's own initial sync that filled the device (not part of the figure). */
  syncMs: number;
  seedMs: number;
  /** The table's caption on the last load (shows the count the table gives). */
  caption: string;
  /** Straight IndexedDB reads of the same store on the same device: what a paged design would pay. */
  floor: IdbFloor;
}

/** Milliseconds for raw IndexedDB reads of RxDB's clients store (its own compound indexes), in the loaded page. */
export interface IdbFloor {
  /** The newest 25 of the order: a 'prev' cursor on [_deleted+orderId+createdAt+id], stopped after 25. */
  newestPageMs: number;
  /** The order's record count: IDBIndex.count on [_deleted+orderId+id]. */
  countMs: number;
  /** Every record of the order through one cursor (what RxDB's Dexie query does, without its per-document work). */
  cursorAllMs: number;
  /** Every record of the order in one getAll. */
  getAllMs: number;
}

export interface OfflineOpenOptions {
  log: (line: string) => void;
  /** A directory keeping one seeded server data directory per N (shared with the initial sync benchmark). */
  seedCache?: string;
  /** Offline loads measured (median reported); default 3. */
  runs?: number;
  /** After the timed loads, one more load under the CPU profiler, summarised through `log` (a path: also kept there). */
  profile?: boolean | string;
  /** Steps of the write path switched off (app/local-db/bench-steps.ts), as `--steps-off` does for the initial sync. */
  stepsOff?: readonly string[];
}

// Runs before the app in every document: notes performance.now() (from navigation start) at each milestone.
// A click on the "Nazwa" sort button is queued the moment the first rows show, as an impatient user would.
const watcher = (pageRows: number) => `(() => {
  const marks = (window.__offlineOpen = {});
  const inFrame = (name) => requestAnimationFrame(() => { if (marks[name] === undefined) marks[name] = performance.now(); });
  const nameHeader = (table) => [...table.querySelectorAll('thead th')].find((th) => (th.textContent || '').startsWith('Nazwa'));
  let clicked = false;
  const check = () => {
    if (marks.sectionSeen === undefined && document.getElementById('records-title')) { marks.sectionSeen = true; inFrame('section'); }
    const table = [...document.querySelectorAll('table')].find((t) => (t.caption?.textContent || '').startsWith('Rekordy:'));
    if (!table) return;
    if (!clicked && table.querySelectorAll('tbody tr').length >= ${pageRows}) {
      clicked = true;
      marks.caption = table.caption.textContent;
      requestAnimationFrame(() => {
        if (marks.firstRows === undefined) marks.firstRows = performance.now();
        setTimeout(() => { marks.clickAt = performance.now(); nameHeader(table)?.querySelector('button')?.click(); }, 0);
      });
    }
    const th = nameHeader(table);
    if (clicked && marks.answeredSeen === undefined && th && th.getAttribute('aria-sort') === 'ascending') {
      marks.answeredSeen = true;
      marks.caption = table.caption.textContent;
      inFrame('interactive');
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-sort'] });
})()`;

interface Marks { section?: number; firstRows?: number; clickAt?: number; interactive?: number; caption?: string }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const MB = 1024 * 1024;

async function metric(cdp: CDPSession, name: string): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === name)?.value ?? NaN;
}

const heap = async (cdp: CDPSession) => (await metric(cdp, 'JSHeapUsedSize')) / MB;

/** What a load keeps doing after it is interactive (the replication's start, the list's counts): counted this long. */
export const SETTLE_MS = 2000;

/** The number of records a "Rekordy: 50 000 rekordów, strona 1 z 2000, …" caption gives. */
function captionCount(caption: string): number {
  const digits = /^Rekordy:\s*([\d\s\u00a0\u202f]+)/.exec(caption)?.[1]?.replace(/\D/g, '');
  return digits ? Number(digits) : NaN;
}

/** Raw reads of the clients store, timed in the page (the app open beside them, idle by then). */
async function idbFloor(page: Page, orderId: string, n: number): Promise<IdbFloor> {
  // tsx (esbuild, keepNames) wraps the named helpers below in `__name(…)`, which the page does not define.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(async ({ pattern, orderId }) => {
    const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => new RegExp(pattern).test(n));
    if (!name) throw new Error('no clients database');
    const db: IDBDatabase = await new Promise((done, fail) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => done(open.result);
      open.onerror = () => fail(open.error);
    });
    const request = <T,>(r: IDBRequest<T>) => new Promise<T>((done, fail) => { r.onsuccess = () => done(r.result); r.onerror = () => fail(r.error); });
    const store = () => db.transaction('docs').objectStore('docs');
    // RxDB stores `_deleted` of an index as '0'/'1' (dexie-helper booleanIndexes).
    const live = (...rest: unknown[]) => ['0', orderId, ...rest];
    const timed = async (work: () => Promise<unknown>) => { const t0 = performance.now(); await work(); return performance.now() - t0; };
    const cursor = (index: IDBIndex, range: IDBKeyRange, direction: IDBCursorDirection, max: number) => new Promise<number>((done, fail) => {
      let read = 0;
      const r = index.openCursor(range, direction);
      r.onerror = () => fail(r.error);
      r.onsuccess = () => {
        const c = r.result;
        if (c && (c.value, ++read < max)) c.continue();
        else done(read);
      };
    });
    try {
      const byCreated = IDBKeyRange.bound(live(-Infinity), live(Infinity, []));
      const byId = IDBKeyRange.bound(live(''), live([]));
      const read: number[] = [];
      const newestPageMs = await timed(async () => read.push(await cursor(store().index('[_deleted+orderId+createdAt+id]'), byCreated, 'prev', 25)));
      const countMs = await timed(async () => read.push(await request(store().index('[_deleted+orderId+id]').count(byId))));
      const cursorAllMs = await timed(async () => read.push(await cursor(store().index('[_deleted+orderId+id]'), byId, 'next', Infinity)));
      const getAllMs = await timed(async () => read.push((await request(store().index('[_deleted+orderId+id]').getAll(byId))).length));
      return { newestPageMs, countMs, cursorAllMs, getAllMs, read };
    } finally {
      db.close();
    }
  }, { pattern: CLIENTS_IDB.source, orderId }).then(({ read, ...floor }) => {
    if (read.join() !== [Math.min(25, n), n, n, n].join()) throw new Error(`raw IndexedDB reads found ${read.join()} records, expected 25 of ${n} and ${n}`);
    return floor;
  });
}

async function offlineLoad(page: Page, cdp: CDPSession, url: string, n: number, timeoutMs: number): Promise<OfflineLoad & { caption: string }> {
  const cpuBefore = descendantCpu();
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __offlineOpen?: Marks }).__offlineOpen?.interactive !== undefined, null, { timeout: timeoutMs, polling: 100 });
  const marks = await page.evaluate(() => (window as unknown as { __offlineOpen: Marks }).__offlineOpen);
  const count = captionCount(marks.caption ?? '');
  if (count !== n) throw new Error(`the table counts ${count} records, not ${n} (caption: ${JSON.stringify(marks.caption)})`);
  // The heap once the load settled: what the open page keeps, and (after a forced GC) what it retains.
  await page.waitForTimeout(500);
  const heapMB = await heap(cdp);
  await page.waitForTimeout(SETTLE_MS - 500);
  const cpuMs = cpuBetween(cpuBefore, descendantCpu(), 'chromium');
  await cdp.send('HeapProfiler.collectGarbage');
  const heapAfterGcMB = await heap(cdp);
  return { sectionMs: marks.section ?? NaN, firstRowsMs: marks.firstRows!, interactiveMs: marks.interactive!, heapMB, heapAfterGcMB, cpuMs, caption: marks.caption! };
}

export async function measureOfflineOpen(browser: Browser, n: number, { log, seedCache, runs = 3, profile, stepsOff = [] }: OfflineOpenOptions): Promise<OfflineOpenResult> {
  for (const part of ['sync-server/main.ts', 'app/pwa/sw.ts', 'dist/index.html']) {
    if (!existsSync(join(repoRoot, part))) throw new NotAvailable(`${part} does not exist (run \`npm run build\` for dist/)`);
  }
  const { server, seedMs } = await seededServer(n, seedCache, log);
  let serverRunning = true;
  const context = await browser.newContext();
  try {
    await signIn(context, server.url);
    await context.addInitScript(watcher(Math.min(PAGE_ROWS, n)));
    if (stepsOff.length) {
      log(`steps off: ${stepsOff.join(', ')}`);
      await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [BENCH_STEPS_KEY, stepsOff.join(',')] as const);
    }
    const page = await context.newPage();

    // Fill the device the app's own way: its initial sync, online, from the start page (as initial-sync.ts).
    const url = `${server.url}/zlecenie/${encodeURIComponent(ORDER_ID)}`;
    const started = Date.now();
    await page.goto(server.url);
    const deadline = started + Math.max(120_000, n * 10);
    let count = 0;
    let lastReport = started;
    while (count < n) {
      if (Date.now() > deadline) throw new Error(`only ${count} of ${n} documents arrived within ${((deadline - started) / 1000).toFixed(0)} s`);
      await new Promise((r) => setTimeout(r, 200));
      count = await countClients(page).catch(() => count);
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        log(`filling the device: ${count} of ${n} in IndexedDB after ${((lastReport - started) / 1000).toFixed(0)} s`);
      }
    }
    const syncMs = Date.now() - started;
    log(`device filled by the app's initial sync: ${n} records in ${(syncMs / 1000).toFixed(1)} s`);
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 60_000 });
    await page.waitForTimeout(1000); // the replication's checkpoint written after its last page

    // Offline for real: the context's network off, and nothing listening at the server's address either.
    await context.setOffline(true);
    await server.stop();
    serverRunning = false;

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const timeoutMs = Math.max(60_000, n * 2);
    const loads: OfflineLoad[] = [];
    let caption = '';
    for (let i = 0; i < runs; i++) {
      const load = await offlineLoad(page, cdp, url, n, timeoutMs);
      caption = load.caption;
      const { caption: _, ...figures } = load;
      loads.push(figures);
      log(`offline load ${i + 1}/${runs} N=${n}: section ${(load.sectionMs / 1000).toFixed(2)} s, first rows ${(load.firstRowsMs / 1000).toFixed(2)} s, `
        + `interactive ${(load.interactiveMs / 1000).toFixed(2)} s, heap ${load.heapMB.toFixed(0)} MB (${load.heapAfterGcMB.toFixed(0)} MB after GC), `
        + `Chromium CPU ${(load.cpuMs / 1000).toFixed(2)} s until ${SETTLE_MS / 1000} s after interactive`);
    }
    const floor = await idbFloor(page, ORDER_ID, n);
    log(`raw IndexedDB on this device, N=${n}: newest 25 ${floor.newestPageMs.toFixed(0)} ms, count ${floor.countMs.toFixed(0)} ms, `
      + `all by cursor ${floor.cursorAllMs.toFixed(0)} ms, all by getAll ${floor.getAllMs.toFixed(0)} ms`);
    if (profile) {
      await startProfiling(cdp);
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { __offlineOpen?: Marks }).__offlineOpen?.interactive !== undefined, null, { timeout: timeoutMs, polling: 100 });
      const cpuProfile = await stopProfiling(cdp);
      if (typeof profile === 'string') (await import('node:fs')).writeFileSync(profile, JSON.stringify(cpuProfile));
      log(`CPU profile of one offline load of the order page (N=${n}), navigation to interactive:`);
      printSummary(await summarise(cpuProfile), log);
    }
    const interactiveMs = median(loads.map((l) => l.interactiveMs));
    return {
      n, runs, goalMs: OFFLINE_OPEN_GOAL_MS, ratio: interactiveMs / OFFLINE_OPEN_GOAL_MS,
      firstRowsMs: median(loads.map((l) => l.firstRowsMs)), interactiveMs,
      sectionMs: median(loads.map((l) => l.sectionMs)),
      heapMB: median(loads.map((l) => l.heapMB)), heapAfterGcMB: median(loads.map((l) => l.heapAfterGcMB)),
      cpuMs: median(loads.map((l) => l.cpuMs)),
      loads, syncMs, seedMs, caption, floor,
    };
  } finally {
    await context.close();
    if (serverRunning) await server.stop();
  }
}
