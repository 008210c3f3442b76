// Benchmark: an empty pull (nothing new) for a principal holding 10, 250 and 2,000 buckets, beside the 10-bucket pull [S25].
import { createApp } from '../../sync-server/app.ts';
import { hashPassword } from '../../sync-server/auth/password.ts';
import { createSession } from '../../sync-server/auth/sessions.ts';
import { insertUser } from '../../sync-server/auth/users.ts';
import { migrate } from '../../sync-server/db/migrate.ts';
import { createLocalNotifier } from '../../sync-server/db/notifier.ts';
import { openPglite } from '../../sync-server/db/pglite.ts';
import { silentLogger } from '../../sync-server/logger.ts';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';

export interface EmptyPullFigure {
  buckets: number;
  /** Median wall time of one empty pull of `orders`, ms. */
  ms: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One PGlite database, one principal per size, each owning that many orders (one bucket each). */
export async function measureEmptyPulls(sizes: readonly number[], repeat = 15): Promise<EmptyPullFigure[]> {
  const db = await openPglite();
  try {
    await migrate(db);
    const now = Date.now();
    const app = createApp({ db, notifier: createLocalNotifier(), logger: silentLogger, passwordParams: { N: 2 ** 10, r: 8, p: 1 } });
    const passwordHash = await hashPassword('bench password', { N: 2 ** 10, r: 8, p: 1 });
    const figures: EmptyPullFigure[] = [];
    for (const n of sizes) {
      const user = await insertUser(db, { login: `principal${n}`, name: `Principal ${n}`, role: 'principal', passwordHash }, now);
      await db.query(
        `INSERT INTO orders (id, principal_id, status, doc, deleted, xid, seq)
         SELECT 'o' || $1::int || '-' || i, $2, 'open', jsonb_build_object('id', 'o' || $1::int || '-' || i), false, pg_current_xact_id(), nextval('change_seq')
         FROM generate_series(1, $1::int) AS i`,
        [n, user.id],
      );
      const cookie = `kartoteka_session=${await createSession(db, user.id, now)}`;
      const pull = async (checkpoint: unknown) => {
        const response = await app.request('http://localhost/api/sync/orders/pull', {
          method: 'POST',
          headers: { cookie, origin: 'http://localhost', host: 'localhost', 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
          body: JSON.stringify({ checkpoint, limit: 1000 }),
        });
        if (!response.ok) throw new Error(`pull answered ${response.status}: ${await response.text()}`);
        return (await response.json()) as { documents: unknown[]; checkpoint: unknown };
      };
      let checkpoint: unknown = null;
      for (;;) {
        const page = await pull(checkpoint);
        checkpoint = page.checkpoint;
        if (page.documents.length < 1000) break;
      }
      const times: number[] = [];
      for (let i = 0; i < repeat; i++) {
        const started = performance.now();
        const page = await pull(checkpoint);
        times.push(performance.now() - started);
        if (page.documents.length !== 0) throw new Error('an empty pull returned documents');
      }
      figures.push({ buckets: n, ms: median(times) });
    }
    return figures;
  } finally {
    await db.close();
  }
}
