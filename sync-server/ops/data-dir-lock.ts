// One process per PGlite data directory: a Unix socket in DATA_DIR is both the lock and the way to ask the running server for a backup.
import { chmodSync, rmSync } from 'node:fs';
import { createServer, request, type RequestListener, type Server } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { StartupError } from '../startup-errors.ts';

/** Only the owner of DATA_DIR may connect: the socket is mode 0600, and nothing listens on the network. */
export const socketPath = (dataDir: string) => join(dataDir, 'kartoteka.sock');
const MAX_SOCKET_PATH = 103;

/** Whether a process answers on the data directory's socket (a stale file from a crash does not). */
export function isInUse(dataDir: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socketPath(dataDir));
    probe.once('connect', () => (probe.destroy(), resolve(true)));
    probe.once('error', () => resolve(false));
  });
}

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * Claims the data directory for this process: refused when another server or tool holds it (two
 * processes on one PGlite directory would corrupt it). `handler` answers the owner's requests.
 */
export async function claimDataDir(dataDir: string, handler: RequestListener = (_req, res) => res.writeHead(503).end()): Promise<DataDirLock> {
  const path = socketPath(dataDir);
  // Longer socket names are cut short by the system (107 bytes on Linux): the socket would land elsewhere.
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    throw new StartupError(`DATA_DIR ${dataDir} is too long a path for the server's socket (at most ${MAX_SOCKET_PATH - 15} bytes): set DATA_DIR to a shorter path.`);
  }
  if (await isInUse(dataDir)) {
    throw new StartupError(`DATA_DIR ${dataDir} is in use by another running Kartoteka server or tool: stop it, or set DATA_DIR to another directory.`);
  }
  rmSync(path, { force: true }); // left by a process that crashed
  const server: Server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new StartupError(`DATA_DIR ${dataDir} cannot hold the server's socket (${error.code ?? error.message}): set DATA_DIR to another directory.`)),
    );
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return {
    release: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** GET `path` from the server that holds the data directory; the answer as a stream. */
export function askRunningServer(dataDir: string, path: string): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socketPath(dataDir), path, method: 'GET' }, (res) => {
      if (res.statusCode === 200) return resolve(res);
      res.resume();
      reject(new Error(`the running server answered ${res.statusCode}`));
    });
    req.on('error', reject);
    req.end();
  });
}
