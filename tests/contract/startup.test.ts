// Contract: the real server process — start-up failures as one line naming the setting, exit 1; the printed URL answers [S23].
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LATEST_MIGRATION, migrate } from '../../sync-server/db/migrate.ts';
import { openPglite } from '../../sync-server/db/pglite.ts';

const ROOT = new URL('../../', import.meta.url);
const TSX = new URL('node_modules/.bin/tsx', ROOT).pathname;
const SLOW = 120_000; // tsx start plus PGlite on a busy 2-core machine

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts main.ts with `env`; resolves when it exits, or (with `until`) when stdout matches it. */
function runServer(env: Record<string, string>, until?: RegExp): Promise<Run & { stop?: () => Promise<Run> }> {
  const child = spawn(TSX, ['sync-server/main.ts'], {
    cwd: ROOT.pathname,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', ...env },
  });
  const run: Run = { code: null, stdout: '', stderr: '' };
  const exited = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ ...run, code })));
  return new Promise((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      run.stdout += chunk.toString();
      if (until?.test(run.stdout)) {
        resolve({ ...run, stop: () => (child.kill('SIGTERM'), exited) });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    void exited.then(resolve);
  });
}

/** The failure contract: exit 1, exactly one line on stderr, no stack trace anywhere. */
function expectOneLine(run: Run, pattern: RegExp): void {
  expect(run.code).toBe(1);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at /);
}

let dir: string;
let blocker: Server;
let takenPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kartoteka-startup-'));
  blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  takenPort = (blocker.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => blocker.close(r));
  rmSync(dir, { recursive: true, force: true });
});

it('[S23] a taken port is reported at once, before the database is touched', async () => {
  const dataDir = join(dir, 'port');
  const run = await runServer({ PORT: String(takenPort), DATA_DIR: dataDir });
  expectOneLine(run, new RegExp(`^Port ${takenPort} is already in use .*set PORT`));
  expect(existsSync(join(dataDir, 'pglite'))).toBe(false); // bound first, so no migration ran
}, SLOW);

it('[S23] an unreachable DATABASE_URL names the setting and never prints its password', async () => {
  const run = await runServer({ PORT: '0', DATABASE_URL: 'postgres://kartoteka:s3cret@127.0.0.1:1/kartoteka' });
  expectOneLine(run, /^Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/kartoteka \(ECONNREFUSED\): check DATABASE_URL\.$/);
  expect(run.stdout + run.stderr).not.toContain('s3cret');
}, SLOW);

it('[S23] a DATA_DIR that cannot be written names the setting', async () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, '');
  const run = await runServer({ PORT: '0', DATA_DIR: join(file, 'data') });
  expectOneLine(run, /^DATA_DIR .*a-file\/data cannot be written \(E[A-Z]+\): set DATA_DIR/);
}, SLOW);

it('[S23] the printed URL answers; a database from a newer version is then refused', async () => {
  const dataDir = join(dir, 'newer');
  const prepared = await openPglite({ dataDir: join(dataDir, 'pglite') });
  await migrate(prepared);
  await prepared.close();

  const started = await runServer({ PORT: '0', DATA_DIR: dataDir }, /Kartoteka: (\S+)/);
  const url = /Kartoteka: (\S+)/.exec(started.stdout)?.[1] ?? '';
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/); // HOST=127.0.0.1, not "localhost"
  const health = await fetch(`${url}/api/health`);
  expect(health.headers.get('content-type')).toMatch(/json/);
  expect((await started.stop!()).code).toBe(0);

  const db = await openPglite({ dataDir: join(dataDir, 'pglite') });
  await db.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from-the-future')", [LATEST_MIGRATION + 1]);
  await db.close();
  const run = await runServer({ PORT: '0', DATA_DIR: dataDir });
  expectOneLine(run, new RegExp(`^The database is from a newer version of Kartoteka \\(migration ${LATEST_MIGRATION + 1}.*DATA_DIR`));
}, SLOW * 2);
