// Fan-out measurement shared by the verdict benchmark: many SSE readers in this process, the arrival of
// one event at each, a server process's resident memory, and the plain Node `http` broadcast peer.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';

/** Nearest-rank percentile (p in 0–100) of unsorted numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Resident memory of a process, bytes, from /proc (Linux). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

/**
 * The pid of this user's process started with `NAME=value` in its environment and `script` on its
 * command line: how the bench finds the server tests/e2e/server.ts spawned (it does not expose the pid).
 */
export function findProcess(script: string, envEntry: string): number {
  const matches: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmdline.includes(script)) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(envEntry)) matches.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  if (matches.length !== 1) throw new Error(`expected one process running ${script} with ${envEntry}, found ${matches.length}`);
  return matches[0]!;
}

export interface StreamSet {
  readonly count: number;
  /** Starts waiting for the next `changed` event of `collection` on every stream. */
  arm(collection: string): void;
  /** performance.now() of each stream's arrival since arm(); throws naming how many never arrived. */
  collect(timeoutMs: number): Promise<number[]>;
  close(): void;
}

interface Reader {
  request: ClientRequest;
  response?: IncomingMessage;
  buffer: string;
  arrivedAt?: number;
}

/**
 * Opens `count` event streams (one socket each, `concurrency` at a time), each resolved once its
 * first event (the server's `resync`) arrived: the server has then subscribed it.
 */
export async function openStreams(options: {
  count: number;
  url: (i: number) => string;
  headers?: (i: number) => Record<string, string>;
  concurrency?: number;
  timeoutMs?: number;
}): Promise<StreamSet> {
  const readers: Reader[] = [];
  let expected: string | null = null;
  let pending = 0;
  let wake: (() => void) | undefined;

  const onEvent = (reader: Reader, data: string) => {
    if (expected === null || reader.arrivedAt !== undefined) return;
    let message: { type?: string; collection?: string };
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      return;
    }
    if (message.type !== 'changed' || message.collection !== expected) return;
    reader.arrivedAt = performance.now();
    if (--pending === 0) wake?.();
  };

  const open = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stream ${i}: no first event within ${options.timeoutMs ?? 30_000} ms`)), options.timeoutMs ?? 30_000);
      const url = new URL(options.url(i));
      const req = request(url, { method: 'GET', agent: false, headers: { accept: 'text/event-stream', ...options.headers?.(i) } });
      const reader: Reader = { request: req, buffer: '' };
      readers.push(reader);
      let first = true;
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`stream ${i}: ${error.message}`));
      });
      req.on('response', (response) => {
        reader.response = response;
        response.setEncoding('utf8');
        if (response.statusCode !== 200) {
          let body = '';
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => {
            clearTimeout(timer);
            reject(new Error(`stream ${i}: HTTP ${response.statusCode} ${body.slice(0, 300)}`));
          });
          return;
        }
        response.on('data', (chunk: string) => {
          reader.buffer += chunk;
          for (let end = reader.buffer.indexOf('\n\n'); end >= 0; end = reader.buffer.indexOf('\n\n')) {
            const block = reader.buffer.slice(0, end);
            reader.buffer = reader.buffer.slice(end + 2);
            const data = block.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
            if (!data) continue; // a heartbeat comment
            if (first) {
              first = false;
              clearTimeout(timer);
              resolve();
            } else onEvent(reader, data);
          }
        });
      });
      req.end();
    });

  const concurrency = options.concurrency ?? 50;
  const set: StreamSet = {
    count: options.count,
    arm(collection) {
      expected = collection;
      pending = readers.length;
      for (const reader of readers) reader.arrivedAt = undefined;
    },
    async collect(timeoutMs) {
      if (pending > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          wake = () => (clearTimeout(timer), resolve());
        });
      }
      wake = undefined;
      expected = null;
      const missing = readers.filter((r) => r.arrivedAt === undefined).length;
      if (missing) throw new Error(`the change reached ${readers.length - missing} of ${readers.length} streams within ${timeoutMs} ms`);
      return readers.map((r) => r.arrivedAt!);
    },
    close() {
      for (const reader of readers) {
        reader.response?.destroy();
        reader.request.destroy();
      }
    },
  };
  try {
    for (let i = 0; i < options.count; i += concurrency) {
      await Promise.all(Array.from({ length: Math.min(concurrency, options.count - i) }, (_, k) => open(i + k)));
    }
  } catch (error) {
    set.close();
    throw error;
  }
  return set;
}

/** Collects the server process's garbage; resolves with its live JavaScript heap, bytes (see gc-on-signal.mjs). */
export type CollectGarbage = () => Promise<number>;

/** Node options that load gc-on-signal.mjs into a process, for `collector()`. */
export const GC_ON_SIGNAL = ['--expose-gc', '--import', new URL('./gc-on-signal.mjs', import.meta.url).href];

/** Sends SIGUSR2 to `pid` and waits until its output (`log()`) shows one more gc marker. */
export function collector(pid: number, log: () => string): CollectGarbage {
  const markers = () => [...log().matchAll(/^bench-gc (done (\d+)|unavailable)$/gm)];
  return async () => {
    const seen = markers().length;
    process.kill(pid, 'SIGUSR2');
    const deadline = Date.now() + 5000;
    while (markers().length <= seen) {
      if (Date.now() > deadline) throw new Error(`process ${pid} did not answer the gc signal (is gc-on-signal.mjs loaded?)`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const live = markers().at(-1)![2];
    if (live === undefined) throw new Error(`process ${pid} runs without --expose-gc`);
    return Number(live);
  };
}

export interface StreamMemory {
  /** Resident memory growth per open stream, after a full garbage collection, bytes. */
  bytesPerConnection: number;
  /** Live JavaScript heap growth per open stream, after the same collection. */
  heapPerConnection: number;
}

/**
 * Opens `count` streams to the server process `pid`, reading its memory after a full garbage collection
 * before and after. A few streams are opened and closed first, so code compiled and pools grown on the
 * first connections are not counted as the streams' own.
 */
export async function openStreamsMeasured(
  pid: number,
  collectGarbage: CollectGarbage,
  options: { count: number; url: (i: number) => string; headers?: (i: number) => Record<string, string> },
): Promise<{ streams: StreamSet; memory: StreamMemory }> {
  const live = async () => {
    const heap = await collectGarbage();
    await new Promise((r) => setTimeout(r, 200));
    return { rss: residentBytes(pid), heap };
  };
  const warmUp = await openStreams({ ...options, count: Math.min(options.count, Math.max(10, Math.ceil(options.count / 20))) });
  warmUp.close();
  await new Promise((r) => setTimeout(r, 500));
  const before = await live();
  const streams = await openStreams(options);
  try {
    await new Promise((r) => setTimeout(r, 500));
    const after = await live();
    return {
      streams,
      memory: { bytesPerConnection: (after.rss - before.rss) / options.count, heapPerConnection: (after.heap - before.heap) / options.count },
    };
  } catch (error) {
    streams.close();
    throw error;
  }
}

/** How long a change took to reach the streams: every arrival of every broadcast, ms after its trigger. */
export interface FanOutFigures extends StreamMemory {
  connections: number;
  broadcasts: number;
  /** ms from just before the trigger request to each stream's arrival, all broadcasts pooled. */
  arrivals: number[];
  /** ms from the first stream's arrival to each stream's, per broadcast, pooled: the fan-out alone. */
  spread: number[];
}

const PEER = fileURLToPath(new URL('./sse-peer.mjs', import.meta.url));

/** The plain Node `http` SSE broadcast (sse-peer.mjs, its own process) to `connections` streams, `broadcasts` times. */
export async function measurePlainNodeBroadcast(connections: number, broadcasts: number): Promise<FanOutFigures> {
  const child = spawn(process.execPath, [...GC_ON_SIGNAL, PEER], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let streams: StreamSet | undefined;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /listening on (\d+)/.exec(output);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`sse-peer exited with ${code}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const opened = await openStreamsMeasured(child.pid!, collector(child.pid!, () => output), {
      count: connections, url: (i) => `${base}/stream?i=${i}`,
    });
    streams = opened.streams;
    const arrivals: number[] = [];
    const spread: number[] = [];
    // One unmeasured broadcast first, as the verdict rounds have their warm-up.
    for (let b = -1; b < broadcasts; b++) {
      streams.arm('clients');
      const started = performance.now();
      const response = await fetch(`${base}/broadcast`, { method: 'POST' });
      await response.arrayBuffer();
      if (response.status !== 204) throw new Error(`sse-peer /broadcast answered ${response.status}`);
      const reached = await streams.collect(10_000);
      if (b < 0) continue;
      const first = Math.min(...reached);
      for (const at of reached) {
        arrivals.push(at - started);
        spread.push(at - first);
      }
    }
    return { connections, broadcasts, arrivals, spread, ...opened.memory };
  } finally {
    streams?.close();
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
}
