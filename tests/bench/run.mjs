// `npm run bench [-- --small] [-- --sizes=10000,50000] [-- --runs=3]`: benchmarks printed beside their floor.
import { register } from 'tsx/esm/api';
import { chromium } from 'playwright-core';
import { findChromium } from '../tools/find-chromium.mjs';

register(); // lets this plain-Node entry import the TypeScript scenarios and schemas/

const args = process.argv.slice(2);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const small = args.includes('--small');
const sizes = (option('sizes') ?? (small ? '500,2000' : '10000,50000')).split(',').map(Number);
const runs = Number(option('runs') ?? 1);
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const { generateClients, assertValid } = await import('./client-docs.ts');
const { measureIdbFloor } = await import('./idb-floor.ts');
const { measureInitialSync } = await import('./initial-sync.ts');
const { measureStart } = await import('./start-time.ts');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
const rate = (n, ms) => (ms === undefined ? '' : `${Math.round(n / (ms / 1000)).toLocaleString('en')} docs/s`);

const executablePath = findChromium({ log: (line) => console.log(line) });
const browser = await chromium.launch({ executablePath, args: chromiumArgs });
const browserVersion = browser.version();
const rows = [];
let failed = false;
try {
  for (const n of sizes) {
    const docs = generateClients({ n, orderId: 'bench-order', ownerId: 'bench-owner' });
    assertValid(docs);
    const floors = [];
    for (let i = 0; i < runs; i++) {
      const floor = await measureIdbFloor(browser, docs);
      if (floor.stored !== n) throw new Error(`floor stored ${floor.stored} of ${n} documents`);
      floors.push(floor.ms);
      console.log(`initial sync N=${n} floor run ${i + 1}: ${seconds(floor.ms)} (${rate(n, floor.ms)})`);
    }
    const ours = [];
    const pulls = [];
    let note = '';
    for (let i = 0; i < runs && !note; i++) {
      try {
        const result = await measureInitialSync(browser, n, { log: (line) => console.log(`  ${line}`) });
        ours.push(result.ms);
        pulls.push(result.serverPullMs);
        console.log(`initial sync N=${n} app run ${i + 1}: ${seconds(result.ms)} (${rate(n, result.ms)}; seeding took ${seconds(result.seedMs)})`);
      } catch (error) {
        note = error instanceof Error ? error.message : String(error);
        console.log(`initial sync N=${n} app: not measured: ${note}`);
        if (!error?.notAvailable) failed = true;
      }
    }
    const floorMs = median(floors);
    const oursMs = ours.length ? median(ours) : undefined;
    rows.push({ scenario: 'initial sync into a fresh Chromium', n, ours: oursMs, floor: floorMs, note });
    if (pulls.length) rows.push({ scenario: '  of which: server pull alone (Node)', n, ours: median(pulls), floor: floorMs, note: '', diagnostic: true });
  }
} finally {
  await browser.close();
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
console.log(`\n${runs > 1 ? `median of ${runs} runs; ` : ''}Chromium ${browserVersion} at ${executablePath}`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of table) console.log(line(row));

// Empty pulls by bucket count (issue 8, S25): one query for every bucket, so 2,000 buckets cost about what 10 do.
try {
  const { measureEmptyPulls } = await import('./pull-buckets.ts');
  const figures = await measureEmptyPulls([10, 250, 2000]);
  const base = figures[0].ms;
  console.log('\nempty pull of orders (PGlite, median of 15), beside the 10-bucket pull in the same run:');
  for (const f of figures) console.log(`  ${String(f.buckets).padStart(5)} buckets: ${f.ms.toFixed(1)} ms (${(f.ms / base).toFixed(2)}× of 10 buckets)`);
} catch (error) {
  console.log(`\nempty pulls: not measured: ${error instanceof Error ? error.message : error}`);
  failed = true;
}

// Start time (issue 13): no floor; the goal is "within a few seconds" once the build is current.
try {
  const start = await measureStart();
  console.log(`\nstart with an up-to-date build → /api/health answers: ${seconds(start.restartMs)} (restart on existing data); ${seconds(start.firstMs)} (first start, new DATA_DIR)`);
} catch (error) {
  console.log(`\nstart time: not measured: ${error instanceof Error ? error.message : error}`);
  failed = true;
}
// Excel export (issue 11): N rows × 30 columns in a worker, beside exceljs writeBuffer() in the same run.
try {
  const { measureExcelExport } = await import('./excel-export.ts');
  const n = Number(option('excel-rows') ?? (small ? 2000 : 100000));
  const excelBrowser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    const r = await measureExcelExport(excelBrowser, n);
    const gb = (bytes) => `${(bytes / 1e9).toFixed(2)} GB`;
    const show = (f) => `${seconds(f.ms)}, peak ${gb(f.peakBytes)} (+${gb(f.riseBytes)}), longest main-thread task ${Math.round(f.longestTask)} ms, ${(f.bytes / 1e6).toFixed(1)} MB file`;
    console.log(`\nExcel export of ${n.toLocaleString('en')} rows × 30 columns (Chromium renderer memory):`);
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
process.exitCode = failed ? 1 : 0;
