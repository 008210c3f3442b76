// Middleware: the app's protocol version must be this server's or the previous one, else 426 PROTOCOL_OUTDATED [S12].
import type { MiddlewareHandler } from 'hono';
import { OLDEST_PROTOCOL_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { ApiError } from '../errors.ts';

/** The versions served: N and N-1 (a rolling update); anything else, or no number at all, is refused. */
export function isAcceptedProtocol(sent: string | undefined): boolean {
  const text = sent?.trim() ?? '';
  if (!/^\d{1,9}$/.test(text)) return false;
  const version = Number(text);
  return version >= OLDEST_PROTOCOL_VERSION && version <= PROTOCOL_VERSION;
}

export function requireProtocol(): MiddlewareHandler {
  return async function requireProtocol(c, next) {
    // EventSource cannot send headers, so the stream URL carries it as ?protocol=N.
    if (!isAcceptedProtocol(c.req.header(PROTOCOL_HEADER) ?? c.req.query('protocol'))) throw new ApiError('PROTOCOL_OUTDATED');
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
