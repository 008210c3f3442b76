// Middleware: request body limits (8 MiB for a push batch, 64 KiB elsewhere), answered 413 in the API's error format.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors.ts';

export const PUSH_BODY_LIMIT = 8 * 1024 * 1024;
export const DEFAULT_BODY_LIMIT = 64 * 1024;

const tooLarge = (): never => {
  throw new ApiError('PAYLOAD_TOO_LARGE');
};

const forPush = bodyLimit({ maxSize: PUSH_BODY_LIMIT, onError: tooLarge });
const forOthers = bodyLimit({ maxSize: DEFAULT_BODY_LIMIT, onError: tooLarge });

export function bodyLimits(): MiddlewareHandler {
  return async function bodyLimits(c, next) {
    // hono's bodyLimit counts the streamed bytes when there is no Content-Length (chunked bodies).
    const limit = /^\/api\/sync\/[^/]+\/push$/.test(c.req.path) ? forPush : forOthers;
    return limit(c, next);
  };
}
