// Binds the HTTP server with its socket limits (header, request and keep-alive timeouts, a connection cap) [S22].
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer, type HttpBindings } from '@hono/node-server';
import { StartupError } from './startup-errors.ts';

export interface ServerLimits {
  /** A client must finish sending its request headers within this (a silent socket too). */
  headersTimeoutMs: number;
  /**
   * A client must finish sending its whole request within this. It measures receiving the
   * request, not answering it: the event stream (a short GET, then a long answer) is not cut.
   */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** How often Node looks for connections over the two timeouts above. */
  checkIntervalMs: number;
  /** Connections beyond this are closed as soon as they are accepted. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
  maxConnections: 4_000,
};

/** MAX_CONNECTIONS from the environment, for main.ts; anything but a positive integer is refused. */
export function limitsFromEnvironment(env: NodeJS.ProcessEnv = process.env): ServerLimits {
  const raw = env.MAX_CONNECTIONS;
  if (raw === undefined || raw === '') return DEFAULT_LIMITS;
  const maxConnections = Number(raw);
  if (!Number.isInteger(maxConnections) || maxConnections < 1) {
    throw new StartupError(`MAX_CONNECTIONS must be a positive whole number, not ${JSON.stringify(raw)}: set MAX_CONNECTIONS.`);
  }
  return { ...DEFAULT_LIMITS, maxConnections };
}

type Fetch = (request: Request, env: HttpBindings) => Response | Promise<Response>;

export interface StartOptions {
  fetch: Fetch;
  port: number;
  host: string;
  limits?: Partial<ServerLimits>;
}

export interface Started {
  server: Server;
  /** The bound port (the real one when `port` was 0). */
  port: number;
}

/** Listens, resolving once bound; a taken port or a refused address rejects (never an unhandled 'error'). */
export function startServer(options: StartOptions): Promise<Started> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const server = createAdaptorServer({
    fetch: options.fetch as never,
    serverOptions: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
  }) as Server;
  server.maxConnections = limits.maxConnections;
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.off('error', failed);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}
