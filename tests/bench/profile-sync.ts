// Diagnostic: a Chrome CPU profile of the app's initial sync (CDP Profiler in the bench page), summarised by
// where the time goes. Names modules from a build with source maps (`npx vite build --sourcemap`), read with
// @jridgewell/trace-mapping (installed with Vite's toolchain); without either, by bundle file.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { repoRoot } from '../e2e/server.ts';

type TraceMapping = typeof import('@jridgewell/trace-mapping');
let traceMapping: TraceMapping | null = null;

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; parent?: number; children?: number[] }
export interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export async function startProfiling(cdp: CDPSession, intervalUs = 500): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
}

export async function stopProfiling(cdp: CDPSession): Promise<CpuProfile> {
  const { profile } = await cdp.send('Profiler.stop');
  return profile as unknown as CpuProfile;
}

type Map_ = InstanceType<TraceMapping['TraceMap']>;
const maps = new Map<string, Map_ | null>();
function mapFor(url: string): Map_ | null {
  if (maps.has(url)) return maps.get(url)!;
  const path = url.match(/\/assets\/[^?#]+\.js$/)?.[0];
  const file = path ? join(repoRoot, 'dist', `${path}.map`) : '';
  const map = traceMapping && file && existsSync(file) ? new traceMapping.TraceMap(readFileSync(file, 'utf8')) : null;
  maps.set(url, map);
  return map;
}

/** The original module of a frame: "dexie", "rxdb/replication-protocol/downstream", "app/ui/…" or the bundle file. */
export function moduleOf(frame: CallFrame): string {
  if (!frame.url) return '';
  const map = mapFor(frame.url);
  if (!map) return frame.url.replace(/^.*\/assets\//, 'assets/');
  const pos = traceMapping!.originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
  const source = pos.source ?? '';
  const nm = source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/);
  if (nm) {
    if (nm[1] === 'rxdb') return `rxdb/${nm[2].replace(/^dist\/esm\//, '').replace(/\/index\.js$|\.js$/, '')}`;
    return nm[1];
  }
  return source.replace(/^.*?\/(app|schemas)\//, '$1/') || frame.url;
}

/** Groups a module into the buckets the issue names. */
function bucketOf(module: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle (waiting: IndexedDB, network)';
  if (fn === '(program)') return 'program (browser native, parse)';
  if (module === 'dexie') return 'Dexie (and the IndexedDB calls it makes)';
  if (module === 'app/local-db/write-path.ts') return 'write path (and the IndexedDB adds it makes)';
  if (module === 'broadcast-channel' || module === 'rxdb/rx-storage-multiinstance') return 'BroadcastChannel (cross-tab events)';
  if (module.includes('kartoteka-validators') || module === 'rxdb/plugin-helpers') return 'validation';
  if (module.startsWith('rxdb/replication-protocol') || module.startsWith('rxdb/plugins/replication')) return 'RxDB replication';
  if (module.startsWith('rxdb/plugins/storage-dexie')) return 'RxDB Dexie storage';
  if (module.startsWith('rxdb/rx-query') || module === 'mingo' || module === 'event-reduce-js' || module.startsWith('rxdb/query')) return 'RxDB queries';
  if (module.startsWith('rxdb')) return 'RxDB other';
  if (module === 'rxjs') return 'rxjs';
  if (module.startsWith('app/ui') || module === 'solid-js' || module === '@solidjs/router') return 'UI';
  if (module.startsWith('app/') || module.startsWith('schemas/')) return 'app data layer';
  return module || 'native';
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by bucket (a native frame counts for the nearest caller with a source). */
  buckets: [string, number][];
  /** Time with a frame of this module anywhere on the stack. */
  inclusive: [string, number][];
  topModules: [string, number][];
}

export async function summarise(profile: CpuProfile): Promise<ProfileSummary> {
  traceMapping ??= await import('@jridgewell/trace-mapping').catch(() => null);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) byId.get(c)!.parent = n.id;
  const moduleCache = new Map<number, string>();
  const mod = (n: ProfileNode) => {
    if (!moduleCache.has(n.id)) moduleCache.set(n.id, moduleOf(n.callFrame));
    return moduleCache.get(n.id)!;
  };
  const self = new Map<string, number>();
  const selfModule = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let total = 0;
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (deltas[i + 1] ?? 0) / 1000; // a sample lasts until the next one
    total += ms;
    const node = byId.get(profile.samples[i])!;
    const fn = node.callFrame.functionName;
    let first = '';
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = node; n; n = n.parent === undefined ? undefined : byId.get(n.parent)) {
      const m = mod(n);
      if (!m) continue;
      if (!first) first = m;
      const bucket = bucketOf(m, '');
      if (!seen.has(bucket)) {
        seen.add(bucket);
        add(inclusive, bucket, ms);
      }
    }
    const bucket = bucketOf(first, fn.startsWith('(') ? fn : '');
    add(self, bucket, ms);
    add(selfModule, fn.startsWith('(') ? fn : first || `native ${fn}`, ms);
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { totalMs: total, buckets: sorted(self), inclusive: sorted(inclusive), topModules: sorted(selfModule).slice(0, 25) };
}

/** Milliseconds the profiled thread was at work: every sample but the idle ones. */
export function busyTime(profile: CpuProfile): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let ms = 0;
  for (let i = 0; i < profile.samples.length; i++) if (!idle.has(profile.samples[i]!)) ms += (profile.timeDeltas[i + 1] ?? 0) / 1000;
  return ms;
}

export function printSummary(summary: ProfileSummary, log: (line: string) => void): void {
  const pct = (ms: number) => `${((100 * ms) / summary.totalMs).toFixed(1).padStart(5)} %`;
  const s = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;
  log(`CPU profile of the renderer, ${s(summary.totalMs)} sampled; self time by part (native work counts for its caller):`);
  for (const [name, ms] of summary.buckets) if (ms >= summary.totalMs * 0.005) log(`  ${s(ms)} ${pct(ms)}  ${name}`);
  log('time with the part anywhere on the stack:');
  for (const [name, ms] of summary.inclusive) if (ms >= summary.totalMs * 0.01) log(`  ${s(ms)} ${pct(ms)}  ${name}`);
  log('self time by module:');
  for (const [name, ms] of summary.topModules) if (ms >= summary.totalMs * 0.005) log(`  ${s(ms)} ${pct(ms)}  ${name}`);
}
