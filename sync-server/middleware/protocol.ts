// Middleware: the app's protocol version must match this server's, else 426 PROTOCOL_OUTDATED [S12].
import type { MiddlewareHandler } from 'hono';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { ApiError } from '../errors.ts';

export function requireProtocol(): MiddlewareHandler {
  return async function requireProtocol(c, next) {
    // EventSource cannot send headers, so the stream URL carries it as ?protocol=N.
    const sent = c.req.header(PROTOCOL_HEADER) ?? c.req.query('protocol');
    if (sent?.trim() !== String(PROTOCOL_VERSION)) throw new ApiError('PROTOCOL_OUTDATED');
    await next();
  };
}

/** Tells every API client which protocol this server speaks. */
export function announceProtocol(): MiddlewareHandler {
  return async function announceProtocol(c, next) {
    await next();
    c.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
  };
}
