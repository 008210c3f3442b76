// Excel export benchmark: N rows × 32 columns in headless Chromium, the app's streaming worker
// (app/export) beside exceljs's own writeBuffer() in the same run; wall time, renderer peak memory,
// longest main-thread task. The page is built with Vite and the app's exceljs shim plugin.
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { exceljsStreamShim } from '../../app/export/vite-plugin.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '../..');

export interface ExportFigures {
  ms: number;
  bytes: number;
  /** Highest total resident memory of the renderer processes during the run, and its rise over the start. */
  peakBytes: number;
  riseBytes: number;
  longestTask: number;
  workerMs?: number;
}

export interface ExcelBenchResult {
  n: number;
  ours: ExportFigures;
  writeBuffer?: ExportFigures;
  writeBufferNote?: string;
}

/** Builds the benchmark page (page.ts and its two workers) into a temporary directory. */
export async function buildBenchPage(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'kartoteka-excel-bench-'));
  const html = '<!doctype html><html lang="en"><head><title>loading</title></head><body><script type="module" src="/page.ts"></script></body></html>';
  await build({
    configFile: false,
    logLevel: 'warn',
    root: join(here, 'excel'),
    plugins: [
      {
        name: 'bench-html',
        resolveId: (id) => (id.endsWith('index.html') ? id : null),
        load: (id) => (id.endsWith('index.html') ? html : null),
      },
    ],
    worker: { format: 'es', plugins: () => [exceljsStreamShim()] },
    build: { outDir: join(root, 'dist'), emptyOutDir: true, target: 'es2022', rolldownOptions: { input: join(here, 'excel', 'index.html') } },
  });
  return join(root, 'dist');
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' };

/** Resident memory (bytes) of every Chromium renderer started by this process. */
function rendererRss(): number {
  const children = new Map<number, number[]>();
  const renderers = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('--type=renderer')) renderers.add(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  const stack = [process.pid];
  while (stack.length) {
    const pid = stack.pop()!;
    for (const child of children.get(pid) ?? []) {
      stack.push(child);
      if (renderers.has(child)) {
        try {
          const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child}/status`, 'utf8'));
          total += Number(rss?.[1] ?? 0) * 1024;
        } catch {
          // ended
        }
      }
    }
  }
  return total;
}

async function measure(browser: Browser, url: string, run: 'benchOurs' | 'benchWriteBuffer', n: number): Promise<ExportFigures> {
  const context = await browser.newContext({ acceptDownloads: false });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.title === 'ready');
    const base = rendererRss();
    let peak = base;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rendererRss());
    }, 100);
    try {
      const outcome = await page.evaluate(
        ([name, size]) => (window as unknown as Record<string, (n: number) => Promise<{ ms: number; bytes: number; longestTask: number; workerMs?: number }>>)[name]!(size),
        [run, n] as const,
      );
      peak = Math.max(peak, rendererRss());
      return { ms: outcome.ms, bytes: outcome.bytes, longestTask: outcome.longestTask, workerMs: outcome.workerMs, peakBytes: peak, riseBytes: peak - base };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await context.close();
  }
}

/** Builds, serves and measures both paths at `n` rows. */
export async function measureExcelExport(browser: Browser, n: number, options: { writeBuffer?: boolean } = {}): Promise<ExcelBenchResult> {
  const dist = await buildBenchPage();
  const http = createServer((req, res) => {
    const path = req.url === '/' ? '/index.html' : (req.url ?? '/').split('?')[0]!;
    try {
      const body = readFileSync(join(dist, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  try {
    const ours = await measure(browser, url, 'benchOurs', n);
    if (options.writeBuffer === false) return { n, ours };
    try {
      return { n, ours, writeBuffer: await measure(browser, url, 'benchWriteBuffer', n) };
    } catch (error) {
      return { n, ours, writeBufferNote: error instanceof Error ? error.message.split('\n')[0] : String(error) };
    }
  } finally {
    http.close();
    rmSync(resolve(dist, '..'), { recursive: true, force: true });
  }
}

export { repo };
