// Issue 12 item 1, step by step: the initial sync with the steps of app/local-db/bench-steps.ts switched on one
// after another, each beside a raw IndexedDB floor measured just before it in the same browser.
import type { Browser } from 'playwright-core';
import type { SyncStep } from '../../app/local-db/bench-steps.ts';
import { measureIdbFloor } from './idb-floor.ts';
import { measureInitialSync } from './initial-sync.ts';

export const SYNC_STEPS: { step: SyncStep; label: string }[] = [
  { step: 'leader', label: '+ one replicating tab per browser (leader election)' },
  { step: 'metaLocal', label: '+ replication meta changes not posted to other tabs' },
  { step: 'localDocs', label: '+ pending/refused counts follow their own documents' },
  { step: 'optimisticInsert', label: '+ new documents added without reading their ids first' },
  { step: 'knownIds', label: '+ large reads skip ids the store cannot hold' },
];

export interface StepRow {
  label: string;
  /** Medians over the runs: our time, its floor's, and the ratios of each run's pair. */
  ms: number;
  floorMs: number;
  ratio: number;
  cpuRatio: number;
  /** The page's main thread at work during the sync (a CPU profile's non-idle samples). */
  busyMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Each cumulative variant (before, then one step more each), `runs` rounds of all of them in turn so that a
 * burst of load elsewhere on the machine falls on every variant alike; each run has its own floor run just before it.
 */
export async function measureSyncSteps(
  browser: Browser, n: number, docs: readonly object[], options: { log: (line: string) => void; seedCache: string; runs: number },
): Promise<StepRow[]> {
  const variants = Array.from({ length: SYNC_STEPS.length + 1 }, (_, on) => ({
    label: on === 0 ? 'before (every step off)' : SYNC_STEPS[on - 1]!.label,
    stepsOff: SYNC_STEPS.slice(on).map((s) => s.step),
    runs: [] as { ms: number; floorMs: number; cpuMs: number; floorCpuMs: number; busyMs: number }[],
  }));
  for (let run = 0; run < options.runs; run++) {
    for (const variant of variants) {
      const floor = await measureIdbFloor(browser, docs);
      const ours = await measureInitialSync(browser, n, { log: () => undefined, seedCache: options.seedCache, stepsOff: variant.stepsOff, busy: true });
      options.log(`${variant.label} (run ${run + 1}): ${(ours.ms / 1000).toFixed(2)} s, floor ${(floor.ms / 1000).toFixed(2)} s`);
      variant.runs.push({ ms: ours.ms, floorMs: floor.ms, cpuMs: ours.cpuMs, floorCpuMs: floor.cpuMs, busyMs: ours.busyMs ?? Number.NaN });
    }
  }
  return variants.map(({ label, runs }) => ({
    label,
    ms: median(runs.map((r) => r.ms)),
    floorMs: median(runs.map((r) => r.floorMs)),
    ratio: median(runs.map((r) => r.ms / r.floorMs)),
    cpuRatio: median(runs.map((r) => r.cpuMs / r.floorCpuMs)),
    busyMs: median(runs.map((r) => r.busyMs)),
  }));
}
