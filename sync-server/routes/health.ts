// GET /api/health: liveness plus what the server runs on — database kind, migrations, protocol version.
import { Hono } from 'hono';
import { PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import type { AppEnv, Deps } from '../context.ts';
import { LATEST_MIGRATION, appliedMigrations } from '../db/migrate.ts';

export function healthRoutes(deps: Deps): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', async (c) => {
    const base = { database: deps.db.kind, protocol: PROTOCOL_VERSION };
    try {
      const applied = await appliedMigrations(deps.db);
      const ok = applied >= LATEST_MIGRATION;
      return c.json({ ok, ...base, migrations: { applied, latest: LATEST_MIGRATION } }, ok ? 200 : 503);
    } catch (error) {
      deps.logger.error('health check failed', { error });
      return c.json({ ok: false, ...base, migrations: { applied: 0, latest: LATEST_MIGRATION } }, 503);
    }
  });
}
