// Middleware: request body limits (8 MiB for a push batch, 1 MiB for a pull checkpoint, 64 KiB elsewhere), answered 413 in the API's error format.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_PUSH_BYTES } from '../../schemas/protocol/sync.ts';
import { ApiError } from '../errors.ts';

export const PUSH_BODY_LIMIT = MAX_PUSH_BYTES;
/** A pull carries its checkpoint: up to MAX_CHECKPOINT_KEYS signed positions of ~200 bytes. */
export const PULL_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_BODY_LIMIT = 64 * 1024;

const tooLarge = (): never => {
  throw new ApiError('PAYLOAD_TOO_LARGE');
};

const forPush = bodyLimit({ maxSize: PUSH_BODY_LIMIT, onError: tooLarge });
const forPull = bodyLimit({ maxSize: PULL_BODY_LIMIT, onError: tooLarge });
const forOthers = bodyLimit({ maxSize: DEFAULT_BODY_LIMIT, onError: tooLarge });

export function bodyLimits(): MiddlewareHandler {
  return async function bodyLimits(c, next) {
    // hono's bodyLimit counts the streamed bytes when there is no Content-Length (chunked bodies).
    const path = c.req.path;
    const limit = /^\/api\/sync\/[^/]+\/push$/.test(path) ? forPush : /^\/api\/sync\/[^/]+\/pull$/.test(path) ? forPull : forOthers;
    return limit(c, next);
  };
}
