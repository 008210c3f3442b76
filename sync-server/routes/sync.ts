// POST /api/sync/:collection/pull and /push: RxDB's replication endpoints [S1–S10], for apps of protocol N and N-1 [S12].
import { Hono, type Context } from 'hono';
import { MAX_PULL_LIMIT, MAX_PUSH_ROWS, SYNC_COLLECTIONS, isPushCollection, type SyncCollection } from '../../schemas/protocol/sync.ts';
import { PROTOCOL_HEADER } from '../../schemas/protocol/version.ts';
import { requireUser } from '../auth/require-user.ts';
import type { AppEnv, Deps } from '../context.ts';
import { pullChanges } from '../db/pull.ts';
import { pushChanges } from '../db/push.ts';
import { WIRE_V1, documentsForV1, knownToV1, rowsFromV1 } from '../db/wire-v1.ts';
import { ApiError } from '../errors.ts';
import { readJsonObject } from '../middleware/read-json.ts';

export const DEVICE_HEADER = 'x-kartoteka-device';
const DEVICE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The app's protocol: the middleware has let only N and N-1 through [S12]. */
const protocolOf = (c: Context<AppEnv>) => Number((c.req.header(PROTOCOL_HEADER) ?? c.req.query('protocol') ?? '').trim());

/** The collection named in the path; one the app's protocol does not have is as unknown as any other name. */
function collectionOf(c: Context<AppEnv>, protocol: number): SyncCollection {
  const name = c.req.param('collection');
  if (!SYNC_COLLECTIONS.includes(name as SyncCollection)) throw new ApiError('NOT_FOUND');
  if (protocol === WIRE_V1 && !knownToV1(name as SyncCollection)) throw new ApiError('NOT_FOUND');
  return name as SyncCollection;
}

const badRequest = (en: string, pl: string) => new ApiError('BAD_REQUEST', { message: { pl, en } });

export function syncRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser(deps));

  app.post('/:collection/pull', async (c) => {
    const protocol = protocolOf(c);
    const collection = collectionOf(c, protocol);
    const body = await readJsonObject(c);
    const limit = body.limit;
    if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1) {
      throw badRequest('limit must be a positive integer', 'limit musi być dodatnią liczbą całkowitą');
    }
    const { user } = c.var;
    // A checkpoint the server cannot use is answered with a fresh start, never refused [S27].
    const input = { user, collection, checkpoint: body.checkpoint, limit: Math.min(limit, MAX_PULL_LIMIT), now: deps.now() };
    const response = await pullChanges(deps.db, input);
    if (protocol !== WIRE_V1) return c.json(response);
    return c.json({ ...response, documents: documentsForV1(collection, response.documents) });
  });

  app.post('/:collection/push', async (c) => {
    const protocol = protocolOf(c);
    const collection = collectionOf(c, protocol);
    if (!isPushCollection(collection)) {
      throw new ApiError('FORBIDDEN', {
        message: { pl: 'Tę kolekcję zmienia tylko serwer', en: 'Only the server changes this collection' },
      });
    }
    const body = await readJsonObject(c);
    if (!Array.isArray(body.rows)) throw badRequest('rows must be an array', 'rows musi być tablicą');
    if (body.rows.length > MAX_PUSH_ROWS) {
      throw badRequest(`At most ${MAX_PUSH_ROWS} rows per push`, `Najwyżej ${MAX_PUSH_ROWS} wierszy w jednym wysłaniu`);
    }
    const device = c.req.header(DEVICE_HEADER) ?? '';
    const deviceId = DEVICE_ID.test(device) ? device : '';
    const { user } = c.var;
    if (protocol !== WIRE_V1) return c.json(await pushChanges(deps, { user, collection, deviceId, rows: body.rows, protocol }));
    const response = await pushChanges(deps, { user, collection, deviceId, rows: rowsFromV1(collection, body.rows), protocol });
    return c.json({ ...response, conflicts: documentsForV1(collection, response.conflicts) });
  });

  return app;
}
