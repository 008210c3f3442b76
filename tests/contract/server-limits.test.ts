// Contract: real sockets against startServer — silent and half-sent requests closed, the event stream kept, a connection cap [S22].
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { startServer, type ServerLimits, type Started } from '../../sync-server/serve.ts';
import { BACKENDS } from './backends.ts';
import { contractSuite } from './harness.ts';

// Short limits injected by the test; production uses DEFAULT_LIMITS (10 s, 30 s, 5 s).
const LIMITS: ServerLimits = { headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 200, checkIntervalMs: 50, maxConnections: 100 };
const HEARTBEAT_MS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const closed = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
const opened = (port: number) =>
  new Promise<Socket>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
    socket.resume(); // read, so the server's close is seen ('end', then 'close') even with no data listener
  });

let started: Started | undefined;
afterEach(async () => {
  started?.server.closeAllConnections();
  await new Promise((r) => started?.server.close(r) ?? r(undefined));
  started = undefined;
});

contractSuite('socket limits', (s) => {
  const start = async (limits: Partial<ServerLimits> = {}) => {
    const app = await s.makeApp({ heartbeatMs: HEARTBEAT_MS });
    started = await startServer({ fetch: app.fetch, port: 0, host: '127.0.0.1', limits: { ...LIMITS, ...limits } });
    return started.port;
  };

  it('[S22] 20 sockets that send nothing are closed by the header timeout', async () => {
    const port = await start();
    const sockets = await Promise.all(Array.from({ length: 20 }, () => opened(port)));
    for (const socket of sockets) socket.on('error', () => {});
    await Promise.all(sockets.map(closed));
    expect(sockets.every((socket) => socket.destroyed)).toBe(true);
  });

  it('[S22] a request whose headers never finish is closed', async () => {
    const port = await start();
    const socket = await opened(port);
    socket.on('error', () => {});
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    await closed(socket);
    // Node answers 408 before closing, when it can.
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('[S22] an idle kept-alive connection is closed after its answer', async () => {
    const port = await start();
    const socket = await opened(port);
    socket.on('error', () => {});
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await closed(socket);
    expect(answer).toMatch(/^HTTP\/1\.1 \d{3} /); // served (the status is not the point here)
  });

  it('[S22] a live event stream stays open past every timeout and keeps receiving heartbeats', async () => {
    const port = await start();
    const { client } = await s.signIn('operator');
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/api/sync/stream',
        headers: { cookie: client.cookie, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'x-kartoteka-device': 'd1' },
      });
      req.on('response', resolve);
      req.on('error', reject);
      req.end();
    });
    expect(response.statusCode).toBe(200);
    let heartbeats = 0;
    let ended = false;
    response.on('data', (chunk: Buffer) => (heartbeats += chunk.toString().split(': heartbeat').length - 1));
    response.on('close', () => (ended = true));
    // Three times the longest timeout, plus its check interval.
    await sleep(3 * LIMITS.requestTimeoutMs + LIMITS.checkIntervalMs);
    const seenAfterTimeouts = heartbeats;
    expect(ended).toBe(false);
    expect(response.socket.destroyed).toBe(false);
    await new Promise<void>((resolve) => response.once('data', () => resolve()));
    expect(heartbeats).toBeGreaterThan(seenAfterTimeouts);
    response.destroy();
  });

  it('[S22] connections over the cap are closed at once; those under it are served', async () => {
    const port = await start({ maxConnections: 3, headersTimeoutMs: 10_000, requestTimeoutMs: 10_000 });
    const held = await Promise.all([opened(port), opened(port), opened(port)]);
    for (const socket of held) socket.on('error', () => {});
    await sleep(50); // let the server count them
    const extra = await opened(port);
    extra.on('error', () => {});
    await closed(extra);
    expect(held.some((socket) => socket.destroyed)).toBe(false);
    let answer = '';
    held[0]!.on('data', (chunk) => (answer += chunk.toString()));
    held[0]!.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    await closed(held[0]!);
    expect(answer).toMatch(/^HTTP\/1\.1 \d{3} /); // served (the status is not the point here)
    for (const socket of held) socket.destroy();
  });
}, { backends: BACKENDS.slice(0, 1) });
