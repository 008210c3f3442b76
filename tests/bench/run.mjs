// `npm run bench [-- --small] [-- --sizes=10000,50000] [-- --runs=3] [-- --only=sync,pull,push,ack,open,start,excel,verdict,shell]`:
// benchmarks printed beside their floor. Initial sync (issue 12): `--steps` adds the effect of each step of its
// path, `--steps-off=knownIds,…` measures the main figure (and `--only=open`) without those steps (app/local-db/bench-steps.ts),
// `--seed-cache=DIR` keeps the seeded server data between runs (seeding 50,000 records takes minutes),
// `--profile[=file.cpuprofile]` prints where the page's time goes (build with `npx vite build --sourcemap`).
import { register } from 'tsx/esm/api';
import { cpus, loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { findChromium } from '../tools/find-chromium.mjs';

register(); // lets this plain-Node entry import the TypeScript scenarios and schemas/

const args = process.argv.slice(2);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const small = args.includes('--small');
// `--only=verdict` (comma-separated): run just those parts.
const only = option('only')?.split(',');
const wanted = (part) => !only || only.includes(part);
const sizes = wanted('sync') ? (option('sizes') ?? (small ? '500,2000' : '10000,50000')).split(',').map(Number) : [];
const runs = Number(option('runs') ?? 1);
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const { generateClients, assertValid } = await import('./client-docs.ts');
const { measureAppShapeFloor, measureIdbFloor, measureRxdbShapeFloor } = await import('./idb-floor.ts');
const { measureInitialSync } = await import('./initial-sync.ts');
const { measureStart } = await import('./start-time.ts');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
const rate = (n, ms) => (ms === undefined ? '' : `${Math.round(n / (ms / 1000)).toLocaleString('en')} docs/s`);
const stepsOff = option('steps-off')?.split(',').filter(Boolean) ?? [];
const profile = args.includes('--profile') ? true : option('profile');
let seedCache = option('seed-cache');
if (!seedCache && args.includes('--steps') && sizes.length) {
  // Every step's run needs the same seeded server: seeded once into a directory removed at the end.
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  seedCache = mkdtempSync(join(tmpdir(), 'kartoteka-bench-seeds-'));
  process.on('exit', () => rmSync(seedCache, { recursive: true, force: true }));
}

// Chromium only for the scenarios that drive it: `--only=push` or `--only=pull` launch none.
const browserParts = ['sync', 'shell', 'open', 'ack', 'excel', 'verdict'];
const executablePath = browserParts.some(wanted) ? findChromium({ log: (line) => console.log(line) }) : undefined;
const browser = sizes.length ? await chromium.launch({ executablePath, args: chromiumArgs }) : undefined;
const browserVersion = browser?.version();
const rows = [];
const cpuRows = [];
const stepTables = [];
let failed = false;
try {
  for (const n of sizes) {
    const docs = generateClients({ n, orderId: 'bench-order', ownerId: 'bench-owner' });
    assertValid(docs);
    const floors = [];
    const floorCpu = [];
    for (let i = 0; i < runs; i++) {
      const floor = await measureIdbFloor(browser, docs);
      if (floor.stored !== n) throw new Error(`floor stored ${floor.stored} of ${n} documents`);
      floors.push(floor.ms);
      floorCpu.push(floor.cpuMs);
      console.log(`initial sync N=${n} floor run ${i + 1}: ${seconds(floor.ms)} (${rate(n, floor.ms)})`);
    }
    const ours = [];
    const pulls = [];
    const cpu = [];
    const shapes = [];
    const appShapes = [];
    let note = '';
    for (let i = 0; i < runs && !note; i++) {
      try {
        const shape = await measureRxdbShapeFloor(browser, docs);
        if (shape.stored !== n) throw new Error(`RxDB shape floor stored ${shape.stored} of ${n} documents`);
        shapes.push(shape.ms);
        const appShape = await measureAppShapeFloor(browser, docs);
        if (appShape.stored !== n) throw new Error(`app shape floor stored ${appShape.stored} of ${n} documents`);
        appShapes.push(appShape.ms);
        const result = await measureInitialSync(browser, n, { log: (line) => console.log(`  ${line}`), seedCache, stepsOff, profile: i === 0 ? profile : undefined });
        ours.push(result.ms);
        pulls.push(result.serverPullMs);
        cpu.push({ ours: result.cpuMs, floor: floorCpu[i] ?? floorCpu[0] });
        console.log(`initial sync N=${n} app run ${i + 1}: ${seconds(result.ms)} (${rate(n, result.ms)}; seeding took ${seconds(result.seedMs)})`);
      } catch (error) {
        note = error instanceof Error ? error.message : String(error);
        console.log(`initial sync N=${n} app: not measured: ${note}`);
        if (!error?.notAvailable) failed = true;
      }
    }
    const floorMs = median(floors);
    const oursMs = ours.length ? median(ours) : undefined;
    rows.push({ scenario: `initial sync into a fresh Chromium${stepsOff.length ? ` (off: ${stepsOff.join(', ')})` : ''}`, n, ours: oursMs, floor: floorMs, note });
    if (pulls.length) rows.push({ scenario: '  of which: server pull alone (Node)', n, ours: median(pulls), floor: floorMs, note: '', diagnostic: true });
    if (shapes.length) rows.push({ scenario: '  floor of RxDB\'s write shape (raw puts: doc + meta copy, their indexes)', n, ours: median(shapes), floor: floorMs, note: '', diagnostic: true });
    if (appShapes.length) rows.push({ scenario: '  floor of the app\'s write shape (the same + the list\'s keys, 10 indexes)', n, ours: median(appShapes), floor: floorMs, note: '', diagnostic: true });
    if (cpu.length && cpu[0].floor > 0) {
      // CPU seconds of Chromium's processes: the work done, less swayed than wall time by the machine's other load.
      const c = cpu[Math.floor(cpu.length / 2)];
      cpuRows.push(`  ${n.toLocaleString('en')}: Chromium CPU ${seconds(c.ours)} vs the floor's ${seconds(c.floor)}: ${(c.ours / c.floor).toFixed(2)}×`);
    }
    if (args.includes('--steps') && ours.length) {
      const { measureSyncSteps } = await import('./sync-steps.ts');
      stepTables.push({ n, rows: await measureSyncSteps(browser, n, docs, { log: (line) => console.log(`  ${line}`), seedCache, runs }) });
    }
  }
} finally {
  await browser?.close();
}

const header = ['scenario', 'N', 'our time', 'floor time (raw IndexedDB put)', 'ratio (goal ≤ 2×)'];
const table = rows.map((r) => [
  r.scenario,
  r.n.toLocaleString('en'),
  r.ours === undefined ? `n/a (${r.note.slice(0, 60)})` : `${seconds(r.ours)} (${rate(r.n, r.ours)})`,
  `${seconds(r.floor)} (${rate(r.n, r.floor)})`,
  r.ours === undefined ? 'n/a' : `${(r.ours / r.floor).toFixed(2)}×${r.diagnostic || r.ours / r.floor <= 2 ? '' : '  over goal'}`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
if (browser) console.log(`\n${runs > 1 ? `median of ${runs} runs; ` : ''}Chromium ${browserVersion} at ${executablePath}`);
if (rows.length) {
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table) console.log(line(row));
}
if (cpuRows.length) console.log(`CPU time of the browser's processes (renderer + the IndexedDB writer), ours vs the floor's:\n${cpuRows.join('\n')}`);
for (const { n, rows: steps } of stepTables) {
  console.log(`\ninitial sync of ${n.toLocaleString('en')} step by step, each run beside its own floor run (${runs > 1 ? `medians of ${runs} rounds` : 'one round: --runs=3 for medians'}):`);
  console.log(`  ${'step (cumulative)'.padEnd(58)} ${'ours'.padStart(8)}  ${'floor'.padStart(7)}  ratio   Chromium CPU ratio  page busy`);
  for (const r of steps) {
    console.log(`  ${r.label.padEnd(58)} ${seconds(r.ms).padStart(8)}  ${seconds(r.floorMs).padStart(7)}  ${`${r.ratio.toFixed(2)}×`.padEnd(6)}  ${`${r.cpuRatio.toFixed(2)}×`.padEnd(18)}  ${seconds(r.busyMs)}`);
  }
  console.log('  (page busy: the page\'s main thread at work, from a CPU profile of each run: the least swayed by other load)');
}

// The app shell (issue 12 item 5): the initial JavaScript index.html loads, beside its budget, and the first screen.
if (wanted('shell')) try {
  const { measureShell, SHELL_BUDGET_BYTES } = await import('./shell-size.ts');
  const { join } = await import('node:path');
  const { builtHash, inputsHash } = await import('../../sync-server/tools/build-if-needed.ts');
  const root = join(import.meta.dirname, '..', '..');
  const shell = measureShell(join(root, 'dist'));
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
  const stale = builtHash(root) !== inputsHash(root) ? ' (dist/ is older than the sources: `npm run build` first)' : '';
  console.log(`\napp shell, initial JavaScript (gzip): ${kb(shell.gzipBytes)} of the ${kb(SHELL_BUDGET_BYTES)} budget: ${shell.gzipBytes <= SHELL_BUDGET_BYTES ? 'within' : 'OVER BUDGET'}${stale}`);
  console.log(`  ${shell.chunks.map((c) => `${c.file.replace(/^assets\//, '')} ${kb(c.gzipBytes)}`).join(', ')}`);
  const { measureFirstScreen } = await import('./first-screen.ts');
  const screenBrowser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    const first = await measureFirstScreen(screenBrowser, small ? 3 : 7);
    console.log(`  first screen, median of ${first.loads} loads with the service worker in control: login form ${Math.round(first.loginFormMs)} ms; orders list (signed in) ${Math.round(first.ordersListMs)} ms`);
  } finally {
    await screenBrowser.close();
  }
} catch (error) {
  console.log(`\napp shell: not measured: ${error instanceof Error ? error.message : error}`);
  failed = true;
}

// Empty pulls by bucket count (issue 8, S25): one query for every bucket, so 2,000 buckets cost about what 10 do.
if (wanted('pull')) try {
  const { measureEmptyPulls } = await import('./pull-buckets.ts');
  const figures = await measureEmptyPulls([10, 250, 2000]);
  const base = figures[0].ms;
  console.log('\nempty pull of orders (PGlite, median of 15), beside the 10-bucket pull in the same run:');
  for (const f of figures) console.log(`  ${String(f.buckets).padStart(5)} buckets: ${f.ms.toFixed(1)} ms (${(f.ms / base).toFixed(2)}× of 10 buckets)`);
} catch (error) {
  console.log(`\nempty pulls: not measured: ${error instanceof Error ? error.message : error}`);
  failed = true;
}

// Push ingest (issue 12 item 3): devices pushing edited records through the push route, beside a raw multi-row
// upsert of the same documents into the same table in the same run, on PGlite and (TEST_DATABASE_URL) PostgreSQL.
if (wanted('push')) try {
  const { measurePushIngest } = await import('./push-ingest.ts');
  const options = {
    devices: Number(option('push-devices') ?? (small ? 10 : 50)),
    pushes: Number(option('push-rounds') ?? (small ? 2 : 4)),
    rows: Number(option('push-rows') ?? 40),
  };
  const figures = await measurePushIngest(options, (l) => console.log(`  ${l}`));
  const perSecond = (n, ms) => `${Math.round(n / (ms / 1000)).toLocaleString('en')} rows/s`;
  console.log(`\npush ingest: ${options.devices} devices at once × ${options.pushes} pushes × ${options.rows} edited records through POST /api/sync/clients/push`);
  console.log(`(in-process app.request), beside raw multi-row upserts (INSERT … ON CONFLICT (id) DO UPDATE) of the same documents into`);
  console.log(`the same table, one statement per ${options.rows} rows, as many at once; rounds alternate push / floor:`);
  for (const f of figures) {
    const ratio = (floorMs) => `${(floorMs / f.pushMs).toFixed(2)}×`;
    const rounds = (key) => median(f.roundRatios.map((r) => r[key]));
    const worst = Math.min(rounds('raw'), rounds('rawJson'));
    console.log(`  ${f.backend}: push ${perSecond(f.rows, f.pushMs)} (${seconds(f.pushMs)}; this process's CPU ${seconds(f.pushCpuMs)}${f.pushServerCpuMs ? `, PostgreSQL's ${seconds(f.pushServerCpuMs)}` : ''})`);
    console.log(`    raw upsert, VALUES with parameters: ${perSecond(f.rows, f.rawMs)} (${seconds(f.rawMs)}; CPU ${seconds(f.rawCpuMs)}${f.rawServerCpuMs ? `, PostgreSQL's ${seconds(f.rawServerCpuMs)}` : ''}): push/raw ${ratio(f.rawMs)}, median of rounds ${rounds('raw').toFixed(2)}×`);
    // CPU time (this process and PostgreSQL's backends) is the work done: steadier than wall time on a loaded machine.
    const cpu = (f.rawCpuMs + f.rawServerCpuMs) / (f.pushCpuMs + f.pushServerCpuMs);
    console.log(`    CPU time, raw VALUES upsert / push: ${cpu.toFixed(2)}× (a diagnostic beside the wall-time goal)`);
    console.log(`    raw upsert, one JSON parameter:     ${perSecond(f.rows, f.rawJsonMs)} (${seconds(f.rawJsonMs)}): push/raw ${ratio(f.rawJsonMs)}, median of rounds ${rounds('rawJson').toFixed(2)}×`);
    console.log(`    goal ≥ 0.5× of the faster raw upsert (median of rounds): ${worst.toFixed(2)}× ${worst >= 0.5 ? 'meets it' : 'BELOW'}`);
    if (f.pushSqlMs) {
      // PGlite runs one statement at a time: the pushes' statements alone bound what any JavaScript could reach.
      console.log(`    the pushes' statements alone (inside their transactions, no JavaScript, session, BEGIN or COMMIT): ${seconds(f.pushSqlMs)};`);
      console.log(`      the faster raw upsert / that: ${(Math.min(f.rawMs, f.rawJsonMs) / f.pushSqlMs).toFixed(2)}× (the best ratio these statements allow)`);
    }
  }
} catch (error) {
  console.log(`\npush ingest: not measured: ${error instanceof Error ? error.stack : error}`);
  failed = true;
}
// A day of work pushed (issue 12 item 3): N records edited offline in Chromium through the app, then online: time until
// the server has acknowledged every edit, beside the same edits posted straight from the page. `--ack-records=2000`.
if (wanted('ack')) try {
  const { measureOfflinePush } = await import('./offline-push.ts');
  const n = Number(option('ack-records') ?? (small ? 500 : 2000));
  const ackBrowser = await chromium.launch({ executablePath, args: chromiumArgs });
  let r;
  try {
    r = await measureOfflinePush(ackBrowser, n, { log: (l) => console.log(`  ${l}`), seedCache, profile: option('ack-profile') ?? args.includes('--ack-profile') });
  } finally {
    await ackBrowser.close();
  }
  console.log(`\n${n.toLocaleString('en')} records edited offline in Chromium, then online: all acknowledged in ${seconds(r.ackMs)}; `
    + `goal ≤ ${seconds(r.goalMs)}: ${(r.ackMs / r.goalMs).toFixed(2)}×${r.ackMs <= r.goalMs ? ' meets it' : ' OVER'}; `
    + `the same edits posted straight from the page ${seconds(r.directMs)} (app/direct ${(r.ackMs / r.directMs).toFixed(2)}×); `
    + `the edits themselves, offline: ${seconds(r.editMs)}`);
} catch (error) {
  console.log(`\noffline edits pushed: not measured: ${error instanceof Error ? error.stack : error}`);
  if (!error?.notAvailable) failed = true;
}
// Opening an order offline on a full device (issue 12 item 4): navigation → first rows and → interactive, beside the 1.5 s goal.
// `--open-sizes=2000,10000,50000` (seeds shared with the initial sync's through `--seed-cache`).
if (wanted('open')) try {
  const { measureOfflineOpen, SETTLE_MS } = await import('./offline-open.ts');
  const openSizes = (option('open-sizes') ?? (small ? '2000' : '10000,50000')).split(',').map(Number);
  const openBrowser = await chromium.launch({ executablePath, args: chromiumArgs });
  const found = [];
  try {
    for (const n of openSizes) found.push(await measureOfflineOpen(openBrowser, n, { log: (l) => console.log(`  ${l}`), seedCache, runs: Math.max(runs, 3), stepsOff }));
  } finally {
    await openBrowser.close();
  }
  console.log(`\nopening an order offline on a full device (service worker in control, server stopped), median of ${Math.max(runs, 3)} loads:`);
  for (const r of found) {
    console.log(`  N=${r.n.toLocaleString('en')}: navigation → first rows ${seconds(r.firstRowsMs)}, → interactive (sort answered) ${seconds(r.interactiveMs)}; `
      + `goal ≤ ${seconds(r.goalMs)}: ${r.ratio.toFixed(2)}×${r.ratio <= 1 ? ' meets it' : ' OVER'}; JS heap ${r.heapMB.toFixed(0)} MB; Chromium CPU ${seconds(r.cpuMs)} until ${SETTLE_MS / 1000} s after; `
      + `raw IndexedDB in the same page: newest 25 ${r.floor.newestPageMs.toFixed(0)} ms, count ${r.floor.countMs.toFixed(0)} ms, all ${r.floor.cursorAllMs.toFixed(0)} ms`);
  }
} catch (error) {
  console.log(`\noffline open: not measured: ${error instanceof Error ? error.stack : error}`);
  if (!error?.notAvailable) failed = true;
}
// Start time (issue 13): no floor; the goal is "within a few seconds" once the build is current.
if (wanted('start')) try {
  const start = await measureStart();
  console.log(`\nstart with an up-to-date build → /api/health answers: ${seconds(start.restartMs)} (restart on existing data); ${seconds(start.firstMs)} (first start, new DATA_DIR)`);
} catch (error) {
  console.log(`\nstart time: not measured: ${error instanceof Error ? error.message : error}`);
  failed = true;
}
// Excel export (issue 11): N rows × 32 columns in a worker, beside exceljs writeBuffer() in the same run.
if (wanted('excel')) try {
  const { measureExcelExport } = await import('./excel-export.ts');
  const n = Number(option('excel-rows') ?? (small ? 2000 : 100000));
  const excelBrowser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    const r = await measureExcelExport(excelBrowser, n);
    const gb = (bytes) => `${(bytes / 1e9).toFixed(2)} GB`;
    const show = (f) => `${seconds(f.ms)}, peak ${gb(f.peakBytes)} (+${gb(f.riseBytes)}), longest main-thread task ${Math.round(f.longestTask)} ms, ${(f.bytes / 1e6).toFixed(1)} MB file`;
    console.log(`\nExcel export of ${n.toLocaleString('en')} rows × 32 columns (Chromium renderer memory):`);
    console.log(`  ours (streaming WorkbookWriter in a worker): ${show(r.ours)}${r.ours.workerMs ? `; worker busy ${seconds(r.ours.workerMs)}` : ''}`);
    if (r.writeBuffer) {
      console.log(`  exceljs writeBuffer() in a worker:           ${show(r.writeBuffer)}`);
      console.log(`  ratio: ${(r.writeBuffer.ms / r.ours.ms).toFixed(2)}× faster (goal ≥ 3×; ≤ 10 s, ≤ 1 GB peak)`);
    } else console.log(`  exceljs writeBuffer(): not measured: ${r.writeBufferNote}`);
  } finally {
    await excelBrowser.close();
  }
} catch (error) {
  console.log(`\nExcel export: not measured: ${error instanceof Error ? error.message : error}`);
  failed = true;
}
// Verdict to the operator's screen (issue 10) and its fan-out to many devices (issue 12 item 2), beside a
// plain Node http SSE broadcast to as many connections in the same run.
if (wanted('verdict')) try {
  const { measureVerdictLatency } = await import('./verdict-latency.ts');
  const { measurePlainNodeBroadcast, percentile } = await import('./fan-out.ts');
  const verdicts = Number(option('verdicts') ?? (small ? 5 : 20));
  const devices = Number(option('devices') ?? (small ? 200 : 1000));
  const verdictBrowser = await chromium.launch({ executablePath, args: chromiumArgs });
  let r;
  try {
    r = await measureVerdictLatency(verdictBrowser, { verdicts, devices, log: (l) => console.log(`  ${l}`) });
  } finally {
    await verdictBrowser.close();
  }
  const peer = await measurePlainNodeBroadcast(devices, verdicts);
  const ms = (x) => `${Math.round(x)} ms`;
  const stats = (xs, ps) => ps.map((p) => `p${p} ${ms(percentile(xs, p))}`).join(', ') + `, max ${ms(Math.max(...xs))}`;
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
  const ok = (good) => (good ? 'meets goal' : 'OVER GOAL');
  const n = devices.toLocaleString('en');
  console.log(`\nverdict to the operator's screen: verifier pushes through /api/sync/clients/push (real server, PGlite), operator's`);
  console.log(`record list in Chromium; ${verdicts} verdicts per line, alternating reject/approve, after 1 warm-up; time until the`);
  console.log(`row's DOM shows the state (detected by ${r.detectedBy}; clock check: page − bench ${r.clock.offsetMs.toFixed(2)} ms ± ${r.clock.uncertaintyMs.toFixed(2)}${r.clock.applied ? ', corrected' : ''})`);
  if (small) console.log(`  --small: ${n} devices instead of 1,000, ${verdicts} verdicts instead of 20`);
  console.log(`  machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (1/5/15 min) at the end`);
  console.log(`  1 device:   ${stats(r.single, [50, 95])}`);
  console.log(`  ${n} devices: ${stats(r.crowded, [50, 95])}  (the browser + ${r.fanOut.connections} Node streams of verifiers bound to the order; they only listen, none pulls)`);
  console.log(`  push request answered: ${stats(r.pushAnswered, [50, 95])}`);
  const oursP99 = percentile(r.fanOut.arrivals, 99);
  const peerP99 = percentile(peer.arrivals, 99);
  console.log(`fan-out of the verdict, from just before the request until each stream read the event (${verdicts} changes pooled):`);
  console.log(`  ours (push + commit + stream), ${r.fanOut.connections} streams: ${stats(r.fanOut.arrivals, [50, 99])}  (goal p99 ≤ 250 ms: ${ok(oursP99 <= 250)})`);
  console.log(`  plain Node http SSE broadcast, ${peer.connections.toLocaleString('en')} connections (POST → write to each): ${stats(peer.arrivals, [50, 99])}`);
  console.log(`  ratio p99 ours / plain Node: ${(oursP99 / peerP99).toFixed(2)}×  (goal ≤ 2×: ${ok(oursP99 / peerP99 <= 2)})`);
  console.log(`  spread, from the first stream's arrival to each one's: ours ${stats(r.fanOut.spread, [50, 99])}; plain Node ${stats(peer.spread, [50, 99])}`);
  console.log(`  server memory per stream (RSS growth after a full GC / streams): ours ${kb(r.fanOut.bytesPerConnection)} (goal ≤ 48 kB: ${ok(r.fanOut.bytesPerConnection <= 48 * 1024)}), plain Node ${kb(peer.bytesPerConnection)}`);
  console.log(`    of which the live JavaScript heap: ours ${kb(r.fanOut.heapPerConnection)}, plain Node ${kb(peer.heapPerConnection)}`);
} catch (error) {
  console.log(`\nverdict to the operator's screen: NOT MEASURED: ${error instanceof Error ? error.message : error}`);
  failed = true;
}
process.exitCode = failed ? 1 : 0;
