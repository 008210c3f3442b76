// Playwright's webServer: the real server on E2E_PORT with a fresh temporary DATA_DIR, removed on SIGTERM.
import { startServer } from './server.ts';

const port = Number(process.env.E2E_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('serve.ts: set E2E_PORT to the port to serve on');

const server = await startServer({ port, echo: true });
process.stdout.write(`e2e server ready at ${server.url} (DATA_DIR ${server.dataDir})\n`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void server.stop().then(() => process.exit(0));
  });
}
void server.exited.then(() => {
  if (stopping) return;
  process.stderr.write(`e2e server exited unexpectedly:\n${server.log().slice(-4000)}\n`);
  void server.stop().then(() => process.exit(1));
});
