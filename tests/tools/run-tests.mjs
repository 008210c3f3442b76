// `npm test`: type-check, vitest (unit + contract), vite build + Playwright e2e; ends with one line `N passed, N failed`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './find-chromium.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const tmp = join(root, 'tests', '.tmp');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const isCI = /^(1|true)$/i.test(process.env.CI ?? '');

// `npm test -- --only=unit,e2e` runs a subset: typecheck, unit, e2e.
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : undefined;
const wanted = (part) => !only || only.has(part);

/** @type {{ runner: string, passed: number, failed: number, skipped: number, seconds: number, note?: string }[]} */
const results = [];

function say(line) {
  process.stdout.write(`\n=== ${line}\n`);
}

/** Runs a command with inherited output; resolves with its exit code (127 when it cannot start). */
function run(command, args, env = process.env) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error) => {
      process.stderr.write(`cannot start ${command}: ${error.message}\n`);
      done(127);
    });
    child.on('exit', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function record(runner, started, counts) {
  const entry = { runner, skipped: 0, ...counts, seconds: (Date.now() - started) / 1000 };
  results.push(entry);
  const skipped = entry.skipped ? `, ${entry.skipped} skipped` : '';
  const note = entry.note ? ` — ${entry.note}` : '';
  say(`${runner}: ${entry.passed} passed, ${entry.failed} failed${skipped} in ${entry.seconds.toFixed(1)} s${note}`);
}

async function typecheck() {
  for (const project of ['tsconfig.app.json', 'tsconfig.node.json']) {
    const started = Date.now();
    say(`type-check: tsc -p ${project} --noEmit`);
    const code = await run(bin('tsc'), ['-p', project, '--noEmit']);
    record(`tsc -p ${project}`, started, code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });
  }
}

async function vitest() {
  const started = Date.now();
  const out = join(tmp, `vitest-${process.pid}.json`); // per run: parallel runs in one checkout do not clobber
  rmSync(out, { force: true });
  const pg = process.env.TEST_DATABASE_URL ? 'PGlite + PostgreSQL (TEST_DATABASE_URL)' : 'PGlite only (TEST_DATABASE_URL unset)';
  say(`vitest: unit + contract tests, ${pg}`);
  const code = await run(bin('vitest'), ['run', '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  const report = readJson(out);
  rmSync(out, { force: true });
  if (!report) {
    record('vitest', started, { passed: 0, failed: 1, note: `no JSON report (exit code ${code})` });
    return;
  }
  const passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that fails to load or a hook that throws fails a suite without failing a test: count it.
  const brokenFiles = (report.testResults ?? []).filter((file) => file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')).length;
  failed += brokenFiles;
  let note = brokenFiles ? `${brokenFiles} file(s) failed outside any test` : undefined;
  if (code !== 0 && failed === 0) {
    failed = 1;
    note = `vitest exited with ${code} without a failed test`;
  }
  record('vitest', started, { passed, failed, skipped, note });
}

function requirePostgresInCI() {
  if (!isCI || process.env.TEST_DATABASE_URL) return;
  const started = Date.now();
  process.stderr.write('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL contract suite cannot run (see .ci/run).\n');
  record('PostgreSQL contract suite', started, { passed: 0, failed: 1, note: 'TEST_DATABASE_URL missing in CI' });
}

async function e2e() {
  let started = Date.now();
  say('build: vite build (the e2e server serves dist/)');
  const buildCode = await run(bin('vite'), ['build']);
  record('vite build', started, buildCode === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });
  if (buildCode !== 0) {
    record('playwright', Date.now(), { passed: 0, failed: 1, note: 'not run: the build failed' });
    return;
  }

  started = Date.now();
  let chromium;
  try {
    chromium = findChromium({ log: (line) => process.stdout.write(`${line}\n`) });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    record('playwright', started, { passed: 0, failed: 1, note: 'not run: no Chromium' });
    return;
  }

  const out = join(tmp, `playwright-${process.pid}.json`);
  rmSync(out, { force: true });
  say(`playwright: e2e specs in ${chromium}`);
  const env = { ...process.env, CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: out };
  const code = await run(bin('playwright'), ['test', '--reporter=list,json'], env);
  const report = readJson(out);
  rmSync(out, { force: true });
  if (!report?.stats) {
    record('playwright', started, { passed: 0, failed: 1, note: `no JSON report (exit code ${code})` });
    return;
  }
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  // Errors outside tests (webServer did not start, a spec file does not compile) fail no test: count them.
  const globalErrors = (report.errors ?? []).length;
  let failed = unexpected + globalErrors;
  let note = globalErrors ? `${globalErrors} error(s) outside tests` : undefined;
  if (code !== 0 && failed === 0) {
    failed = 1;
    note = `playwright exited with ${code} without a failed test`;
  }
  record('playwright', started, { passed: expected + flaky, failed, skipped, note });
}

const t0 = Date.now();
mkdirSync(tmp, { recursive: true });
if (!existsSync(join(root, 'node_modules'))) process.stderr.write('node_modules missing: run `npm install` (or `npm ci`) first.\n');
if (wanted('typecheck')) await typecheck();
if (wanted('unit')) {
  requirePostgresInCI();
  await vitest();
}
if (wanted('e2e')) await e2e();

const total = results.reduce((sum, r) => ({ passed: sum.passed + r.passed, failed: sum.failed + r.failed, skipped: sum.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
process.stdout.write('\n=== summary\n');
for (const r of results) {
  process.stdout.write(`${r.runner.padEnd(28)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed ${String(r.skipped).padStart(4)} skipped ${r.seconds.toFixed(1).padStart(7)} s${r.note ? `  (${r.note})` : ''}\n`);
}
process.stdout.write(`total time ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
process.stdout.write(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`);
process.exitCode = total.failed > 0 ? 1 : 0;
