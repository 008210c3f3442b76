// The steps of the initial-sync path (issue 12) that `npm run bench -- --only=sync --variant=…` switches off
// to print each one's effect beside the others. Read once from localStorage, which only the benchmark
// sets (before the app loads); in use every step is on.
export type SyncStep = 'leader' | 'metaLocal' | 'optimisticInsert' | 'knownIds' | 'localDocs' | 'changesSince';

export const BENCH_STEPS_KEY = 'kartoteka.bench.stepsOff';

const off: ReadonlySet<string> = (() => {
  try {
    return new Set((globalThis.localStorage?.getItem(BENCH_STEPS_KEY) ?? '').split(',').filter(Boolean));
  } catch {
    return new Set<string>(); // storage disabled: every step on
  }
})();

export const stepOn = (step: SyncStep): boolean => !off.has(step);

/** Set only by the benchmark (tests/bench/offline-push.ts): the opened database is handed to it (bench-hook.ts). */
export const BENCH_HOOK_KEY = 'kartoteka.bench.hook';

export function benchHookOn(): boolean {
  try {
    return globalThis.localStorage?.getItem(BENCH_HOOK_KEY) === '1';
  } catch {
    return false;
  }
}
