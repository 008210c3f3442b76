// Contract: the statements a push runs (issue 12 item 3). Each is a round trip and a statement's fixed cost on the
// server: a push of edited records runs a fixed few, whatever the user's role and whatever the batch holds [S5–S10, S30].
import { expect, it } from 'vitest';
import type { Database, Queryable } from '../../sync-server/db/database.ts';
import { insertDoc } from '../../sync-server/db/store.ts';
import { BACKENDS } from './backends.ts';
import { TestClient, type Doc } from './client.ts';
import { T0, created, edited, makeClient, makeOrder } from './fixtures.ts';
import { contractSuite } from './harness.ts';

/** The database with every statement recorded, inside transactions too (BEGIN and COMMIT are the runner's). */
function recording(db: Database): { db: Database; statements: string[] } {
  const statements: string[] = [];
  const record = (q: Queryable): Queryable => ({
    query: (sql, params) => (statements.push(sql), q.query(sql, params)),
    exec: (sql) => (statements.push(sql), q.exec(sql)),
  });
  return { db: { ...db, ...record(db), transaction: (fn) => db.transaction((tx) => fn(record(tx))) }, statements };
}

contractSuite('push statements', (s) => {
  async function pushAs(role: 'operator' | 'supervisor') {
    s.clock.now = T0 + 10_000;
    const admin = await s.signIn('admin');
    const user = await s.signIn(role);
    expect((await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))])).refused).toEqual([]);
    await s.bind('o1', user.user.id);
    const docs = Array.from({ length: 40 }, (_, i) => makeClient({ id: `c${String(i).padStart(2, '0')}`, orderId: 'o1', ownerId: user.user.id }));
    expect(await user.client.push('clients', docs.map(created))).toEqual({ conflicts: [], refused: [] });
    const masters = (await user.client.pullAll('clients')).documents;
    const recorded = recording(s.db);
    const client = new TestClient(await s.makeApp({ db: recorded.db }), user.client.device);
    client.cookie = user.client.cookie;
    const edit = (doc: Doc) => edited(doc, { city: 'Płock', notes: 'Oddzwonić' }, T0 + 1000);
    expect(await client.push('clients', masters.map(edit))).toEqual({ conflicts: [], refused: [] });
    expect(await s.count('audit', "path = 'notes'")).toBe(40);
    return recorded.statements;
  }

  // The session; the order share-locked with what the batch's identifier check needs [P4, D3]; the user's
  // bindings, share-locked, with the rest of their membership [P4]; the rows locked [S5]; their writes and
  // audit entries together [S1, S9].
  it('[S5][S30] 40 edited records of an operator: five statements', async () => {
    const statements = await pushAs('operator');
    expect(statements, statements.join('\n---\n')).toHaveLength(5);
  });

  // The writes and logs go in one statement unless an insert finds its id taken (on PostgreSQL, a second
  // tab creating the same record at once): then that row is decided again and the logs written after it.
  it('[S7][S8][S9] two tabs pushing the same creation with a refused row at once: one record, its audit once, both refusals', async () => {
    s.clock.now = T0 + 10_000;
    const admin = await s.signIn('admin');
    const op = await s.signIn('operator');
    expect((await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))])).refused).toEqual([]);
    await s.bind('o1', op.user.id);
    const tab = new TestClient(await s.makeApp(), op.client.device);
    tab.cookie = op.client.cookie;
    const twin = created(makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id }, { city: 'Płock' }));
    const bad = created(makeClient({ id: 'c0', orderId: 'o1', ownerId: op.user.id }, { nip: '123' }));
    const answers = await Promise.all([op.client.push('clients', [bad, twin]), tab.push('clients', [bad, twin])]);
    for (const answer of answers) {
      expect(answer.conflicts).toEqual([]);
      expect(answer.refused.map((r) => [r.id, r.code])).toEqual([['c0', 'VALIDATION']]);
    }
    expect(await s.count('clients', "id = 'c1'")).toBe(1);
    expect(await s.count('audit', "doc_id = 'c1' AND path = 'city'")).toBe(1);
    expect(await s.count('refused_changes', "doc_id = 'c0'")).toBe(2);
  });

  it('[S5][S30] 40 edited records of a supervisor: the same five (the membership is one read)', async () => {
    const statements = await pushAs('supervisor');
    expect(statements, statements.join('\n---\n')).toHaveLength(5);
  });
});

// The insert race made certain: a transaction holds an uncommitted creation of the id while the push runs, so
// the push's insert waits on it and then finds the id taken. Only PostgreSQL runs the two at once.
contractSuite('push statements, an insert race', (s) => {
  it('[S5][S8][S9][S19] a created record whose id another transaction took meanwhile: decided again, the logs in row order', async () => {
    s.clock.now = T0 + 10_000;
    const admin = await s.signIn('admin');
    const op = await s.signIn('operator');
    expect((await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))])).refused).toEqual([]);
    await s.bind('o1', op.user.id);
    const theirs = makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id }, { city: 'Kielce' });
    let commit!: () => void;
    const held = s.db.transaction(async (tx) => {
      await insertDoc(tx, 'clients', theirs, false);
      await new Promise<void>((resolve) => (commit = resolve));
    });
    const rows = [
      created(makeClient({ id: 'c0', orderId: 'o1', ownerId: op.user.id }, { nip: '123' })), // refused [S10]
      created(makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id }, { city: 'Płock' })), // raced: a conflict
      created(makeClient({ id: 'c2', orderId: 'o1', ownerId: op.user.id }, { city: 'Radom' })),
    ];
    const pushed = op.client.push('clients', rows);
    // Until the push waits for the uncommitted row's lock.
    for (;;) {
      const waiting = await s.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
      if (waiting.rows[0]!.n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    commit();
    await held;
    const answer = await pushed;
    expect(answer.refused.map((r) => [r.id, r.code])).toEqual([['c0', 'VALIDATION']]);
    expect(answer.conflicts.map((d) => [d.id, d.city])).toEqual([['c1', 'Kielce']]);
    expect(await s.count('clients', "id IN ('c1', 'c2')")).toBe(2);
    const audit = await s.db.query<{ doc_id: string; path: string; kind: string; new: unknown }>(
      "SELECT doc_id, path, kind, new FROM audit WHERE path = 'city' ORDER BY id");
    expect(audit.rows).toEqual([
      { doc_id: 'c1', path: 'city', kind: 'lost', new: 'Płock' },
      { doc_id: 'c2', path: 'city', kind: 'change', new: 'Radom' },
    ]);
    expect(await s.count('refused_changes', "doc_id = 'c0'")).toBe(1);
  });
}, { backends: BACKENDS.filter((b) => b.name === 'postgres') });
