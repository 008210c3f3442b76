// The real-components fuzz (real-fuzz.test.ts) with every device on the app's own device storage instead of
// RxDB's memory storage: RxDB's Dexie storage on fake-indexeddb, wrapped by the bulk-load write path
// (write-path.ts: adds without reading ids, known-ids reads, meta changes kept in the tab) and the records
// list's index layer (list-index.ts: the storage-only `_list` field), validated, as deviceStorage() gives the
// app. Issue 12: the convergence suite must still pass with the faster write path.
// FUZZ_DEVICE_RUNS picks the number of runs, FUZZ_DEVICE_SEED the first seed; FUZZ_DEBUG=1 prints a run's trace.
import { expect, test } from 'vitest';
import { leftoverDatabases } from '../fuzz/device.ts';
import { runScenario, useFuzzEnv } from '../fuzz/scenario.ts';

/** About 30 s alone on a 2-core machine, a minute beside other suites; real-fuzz.test.ts's 200 memory runs cover the generator's breadth. */
const RUNS = Number(process.env.FUZZ_DEVICE_RUNS ?? 40);
/** Apart from the memory runs' seeds (1–200), so the two files together try different scenarios. */
const FIRST_SEED = Number(process.env.FUZZ_DEVICE_SEED ?? 100_001);
/** Beyond this many failing seeds the run stops: the first ones already say what is wrong. */
const MAX_FAILURES = Number(process.env.FUZZ_MAX_FAILURES ?? 5);

/** An error in one line: RxDB's errors start their message with a blank line and give their code apart. */
function described(error: unknown): string {
  const { name, code, message } = (error ?? {}) as { name?: string; code?: string; message?: string };
  return [name, code, (message ?? String(error)).trim().split('\n')[0]].filter(Boolean).join(' ');
}

/**
 * 60 records carried beside the scenario's (in the quarter of the runs whose pull page holds them all): the
 * first sync adds a page of 60 ids none of which the device holds, and the server's change of all of them
 * brings a page of 60 ids it holds; write-path.ts reads 50 ids or more through its known ids.
 */
const BULK = Number(process.env.FUZZ_DEVICE_BULK ?? 60);

const env = useFuzzEnv({ storage: 'device', bulk: BULK });

test(`[S1][S4][S7][S8][M7][M11][P3][C1][C3][H4] devices on the app's device storage and the server converge with nothing lost: ${RUNS} seeded runs`, async () => {
  const started = Date.now();
  const failed: { seed: number; problems: string[] }[] = [];
  let runs = 0;
  for (let seed = FIRST_SEED; seed < FIRST_SEED + RUNS && failed.length < MAX_FAILURES; seed++) {
    // A write the storage refuses throws out of an operation: the seed reports it like any other problem.
    const problems = await runScenario(env, seed).catch((error: unknown) => [`the run threw: ${described(error)}`]);
    // Every device deleted its IndexedDB databases on close: none is left for the next run.
    problems.push(...(await leftoverDatabases()).map((name) => `IndexedDB database left after the run: ${name}`));
    runs++;
    if (problems.length > 0) failed.push({ seed, problems });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  // The run count goes into the CI log (QUALITY.md "Reliability").
  process.stdout.write(`real-fuzz (device storage): ${runs} runs from seed ${FIRST_SEED} in ${seconds} s, ${failed.length} failed${
    failed.length ? `: seeds ${failed.map((f) => f.seed).join(', ')}` : ''}\n`);
  for (const f of failed) process.stdout.write(`real-fuzz (device storage) seed ${f.seed}:\n  ${f.problems.slice(0, 8).join('\n  ')}\n`);
  expect(failed.map((f) => ({ seed: f.seed, problems: f.problems.slice(0, 3) }))).toEqual([]);
}, 120_000 + RUNS * 10_000);
