// Starts the real sync server (sync-server/main.ts, serving dist/) on its own port with a fresh PGlite DATA_DIR.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** Everything the server printed so far (stdout and stderr). */
  log: () => string;
  /** Settles when the server process has exited, for whatever reason. */
  exited: Promise<void>;
  /** SIGTERM (then SIGKILL after a grace period), wait for exit, remove DATA_DIR. Idempotent. */
  stop: () => Promise<void>;
}

export interface StartOptions {
  port?: number;
  /** An existing directory to use; default: a new temporary one, removed by stop(). */
  dataDir?: string;
  env?: Record<string, string | undefined>;
  /** How long to wait for /api/health to answer ok; PGlite needs 2.5–8 s for a new directory. */
  readyTimeoutMs?: number;
  /** Echo the server's output to this process's stderr. */
  echo?: boolean;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

const running = new Set<ChildProcess>();
const ownedDirs = new Set<string>();
process.on('exit', () => {
  // Last resort if the runner dies without calling stop(): no server or temp data outlives it.
  for (const child of running) if (child.pid) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  for (const dir of ownedDirs) rmSync(dir, { recursive: true, force: true });
});

async function waitForHealth(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`sync server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${log().slice(-4000)}`);
    }
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      last = `${response.status} ${await response.text()}`;
      if (response.ok) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`sync server at ${url} not healthy after ${timeoutMs} ms (last: ${last}):\n${log().slice(-4000)}`);
}

/** Starts `sync-server/main.ts` (through tsx, like `npx tsx sync-server/main.ts`) and waits until healthy. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kartoteka-e2e-'));
  if (ownsDir) ownedDirs.add(dataDir);
  const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'production' };
  delete env.DATABASE_URL; // the e2e server always runs on its own PGlite, never on a developer's database
  Object.assign(env, options.env);
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    cwd: repoRoot,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: stop() reaches anything the server spawns
  });
  running.add(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
    if (options.echo) process.stderr.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
        const killer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
        await exited;
        clearTimeout(killer);
      }
      running.delete(child);
      if (ownsDir) {
        rmSync(dataDir, { recursive: true, force: true });
        ownedDirs.delete(dataDir);
      }
    })();
    return stopping;
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, () => output, options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, dataDir, log: () => output, exited, stop };
}
