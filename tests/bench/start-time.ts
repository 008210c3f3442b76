// Benchmark: `npm start` with an up-to-date build until /api/health answers — first start on an empty DATA_DIR, then a restart.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Milliseconds from spawning `npm start` to the first answer of /api/health. */
async function timeStart(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true, // its own process group, so the whole npm → tsx → node chain stops together
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const printed = /Kartoteka: (http:\/\/\S+)/.exec(out); // printed once the app is ready
        if (printed) resolve(printed[1]!);
      });
      child.on('exit', (code) => reject(new Error(`npm start exited with ${code}`)));
    });
    const response = await fetch(`${url}/api/health`);
    await response.arrayBuffer();
    return performance.now() - started;
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export async function measureStart(): Promise<{ firstMs: number; restartMs: number }> {
  // Make sure the build is current first: the benchmark is about a start that needs no build.
  const build = spawnSync('npx', ['tsx', 'sync-server/tools/build-if-needed.ts'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const dataDir = mkdtempSync(join(tmpdir(), 'kartoteka-bench-start-'));
  try {
    const firstMs = await timeStart(dataDir);
    const restartMs = await timeStart(dataDir);
    return { firstMs, restartMs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
