// Where a push batch's time goes (issue 12 item 3): every statement the push route runs, timed and grouped by
// kind, and the JavaScript between them inside the transaction. `npx tsx tests/bench/push-profile.ts`
// (TEST_DATABASE_URL adds PostgreSQL; on it several transactions overlap, so the sums exceed the wall time).
import type { Database, Queryable } from '../../sync-server/db/database.ts';
import { measurePushIngest } from './push-ingest.ts';

interface Tally { n: number; ms: number }

/** A statement's kind: its first words, numbers and parameter lists folded. */
function kindOf(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().slice(0, 90);
}

export function profiler() {
  const statements = new Map<string, Tally>();
  const phases = new Map<string, Tally>();
  const add = (map: Map<string, Tally>, key: string, ms: number) => {
    const t = map.get(key) ?? { n: 0, ms: 0 };
    t.n++;
    t.ms += ms;
    map.set(key, t);
  };
  let only = '';
  // PUSH_EXPLAIN=n: the n-th transaction's statements are explained (ANALYZE, in a savepoint rolled back).
  const explainAt = Number(process.env.PUSH_EXPLAIN ?? 0);
  let transactions = 0;
  const timedQueryable = (q: Queryable, inTx: { sqlMs: number } | null, kind: string): Queryable => ({
    async query(sql, params) {
      if (inTx && explainAt && transactions === explainAt && kind === only && /^\s*(SELECT|UPDATE|INSERT|WITH)/.test(sql)) {
        await q.query('SAVEPOINT explain');
        const plan = await q.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        await q.query('ROLLBACK TO SAVEPOINT explain');
        console.log(`\n${kindOf(sql)}\n${plan.rows.map((r) => Object.values(r)[0]).join('\n')}`);
      }
      const started = performance.now();
      try {
        return await q.query(sql, params);
      } finally {
        const ms = performance.now() - started;
        if (kind === only) add(statements, (inTx ? '' : '(outside) ') + kindOf(sql), ms);
        if (inTx) inTx.sqlMs += ms;
      }
    },
    exec: (sql) => q.exec(sql),
  });
  const instrument = (db: Database): Database => ({
    kind: db.kind,
    ...timedQueryable(db, null, db.kind),
    async transaction(fn) {
      const started = performance.now();
      const inTx = { sqlMs: 0 };
      let body = 0;
      try {
        if (db.kind === only) transactions++;
        return await db.transaction(async (tx) => {
          const bodyStart = performance.now();
          inTx.sqlMs = 0;
          try {
            return await fn(timedQueryable(tx, inTx, db.kind));
          } finally {
            body = performance.now() - bodyStart;
          }
        });
      } finally {
        const total = performance.now() - started;
        if (db.kind === only) {
          add(phases, 'transaction, wall (incl. waiting for the lock / a pool client, BEGIN, COMMIT)', total);
          add(phases, 'transaction body', body);
          add(phases, '  of which SQL statements', inTx.sqlMs);
          add(phases, '  of which JavaScript between them', body - inTx.sqlMs);
        }
      }
    },
    close: () => db.close(),
  });
  const report = (log: (line: string) => void) => {
    const show = (map: Map<string, Tally>) => [...map].sort((a, b) => b[1].ms - a[1].ms)
      .forEach(([k, t]) => log(`  ${t.ms.toFixed(0).padStart(7)} ms ${String(t.n).padStart(6)}×  ${(t.ms / t.n).toFixed(2).padStart(7)} ms each  ${k}`));
    log('phases:');
    show(phases);
    log('statements:');
    show(statements);
    statements.clear();
    phases.clear();
  };
  return { instrument, report, measure: (kind: string) => { only = kind; } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `-- pglite` or `-- postgres` for one backend alone (e.g. under --cpu-prof).
  const url = process.env.TEST_DATABASE_URL;
  const asked = process.argv.slice(2).filter((a) => a === 'pglite' || a === 'postgres');
  for (const only of asked.length ? asked : url ? ['pglite', 'postgres'] as const : ['pglite'] as const) {
    const { instrument, report, measure } = profiler();
    measure(only);
    const [devices, pushes, rows] = (process.env.PUSH_PROFILE ?? "50,4,40").split(",").map(Number) as [number, number, number];
    const figures = await measurePushIngest({ devices, pushes, rows, instrument, backends: [only] }, console.log);
    const f = figures.find((x) => x.backend === only)!;
    console.log(`\n${only}: push ${Math.round(f.rows / (f.pushMs / 1000))} rows/s, ${f.pushMs.toFixed(0)} ms (all rounds incl. warm-up below)`);
    report(console.log);
  }
}
