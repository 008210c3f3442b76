// Contract: a push batch is decided row by row but read and written together — the same answers, audit and logs as
// rows pushed one at a time, and a number of statements that does not grow with the rows [S5–S9, S19].
import { expect, it } from 'vitest';
import type { Database, Queryable } from '../../sync-server/db/database.ts';
import { TestClient, type Doc } from './client.ts';
import { T0, created, edited, makeClient, makeOrder } from './fixtures.ts';
import { contractSuite } from './harness.ts';

/** The database with every statement counted, inside transactions too. */
function counting(db: Database): { db: Database; statements: () => number } {
  let n = 0;
  const count = (q: Queryable): Queryable => ({
    query: (sql, params) => (n++, q.query(sql, params)),
    exec: (sql) => (n++, q.exec(sql)),
  });
  const counted: Database = { ...db, ...count(db), transaction: (fn) => db.transaction((tx) => fn(count(tx))) };
  return { db: counted, statements: () => n };
}

contractSuite('push batches', (s) => {
  async function operatorWithOrder() {
    s.clock.now = T0 + 10_000; // later than every edit below: none is clamped [M9]
    const admin = await s.signIn('admin');
    const op = await s.signIn('operator');
    expect((await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))])).refused).toEqual([]);
    await s.bind('o1', op.user.id);
    return { admin, op };
  }

  it('[S5] a push of 40 edited records costs no more statements than a push of one', async () => {
    const { op } = await operatorWithOrder();
    const docs = Array.from({ length: 41 }, (_, i) => makeClient({ id: `c${String(i).padStart(2, '0')}`, orderId: 'o1', ownerId: op.user.id }));
    expect(await op.client.push('clients', docs.map(created))).toEqual({ conflicts: [], refused: [] });
    // Edited as pulled: the server may have flagged duplicates among them since [D2].
    const masters = (await op.client.pullAll('clients')).documents.sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const { db, statements } = counting(s.db);
    const client = new TestClient(await s.makeApp({ db }), op.client.device);
    client.cookie = op.client.cookie;
    const edit = (doc: Doc) => edited(doc, { city: 'Płock', notes: 'Oddzwonić' }, T0 + 1000);
    expect(await client.push('clients', [edit(masters[0]!)])).toEqual({ conflicts: [], refused: [] });
    const one = statements();
    expect(await client.push('clients', masters.slice(1).map(edit))).toEqual({ conflicts: [], refused: [] });
    expect(statements() - one).toBe(one);
    expect(await s.count('audit', "path = 'notes'")).toBe(41);
  });

  it('[S7][S9] a creation, its edit and a re-send of the edit in one push: written once each, audited in row order', async () => {
    const { op } = await operatorWithOrder();
    const doc = makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id });
    const edit = edited(doc, { city: 'Płock' }, T0 + 1000);
    expect(await op.client.push('clients', [created(doc), edit, edit])).toEqual({ conflicts: [], refused: [] });
    const { documents } = await op.client.pullAll('clients');
    expect(documents).toEqual([{ ...(edit.newDocumentState as Doc), _deleted: false }]);
    const audit = await s.db.query<{ path: string; old: unknown; new: unknown }>("SELECT path, old, new FROM audit WHERE doc_id = 'c1' ORDER BY id");
    const city = audit.rows.filter((r) => r.path === 'city');
    expect(city).toEqual([{ path: 'city', old: null, new: 'Radom' }, { path: 'city', old: 'Radom', new: 'Płock' }]);
    expect(audit.rows.at(-1)).toEqual({ path: 'city', old: 'Radom', new: 'Płock' });
  });

  it('[S19] two conflicting rows of one record in one push losing the same typed value: one lost entry', async () => {
    const { op } = await operatorWithOrder();
    const doc = makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id });
    await op.client.push('clients', [created(doc)]);
    const [master] = (await op.client.pullAll('clients')).documents as [Doc];
    // The server's copy moves on (another tab), so the device's edits, made on the old copy, conflict.
    const tab = s.client();
    tab.cookie = op.client.cookie;
    expect(await tab.push('clients', [edited(master, { city: 'Kielce' }, T0 + 2000)])).toEqual({ conflicts: [], refused: [] });
    const stale = edited(master, { city: 'Płock' }, T0 + 1000);
    const response = await op.client.push('clients', [stale, stale]);
    expect(response.conflicts.map((d) => [d.id, d.city])).toEqual([['c1', 'Kielce'], ['c1', 'Kielce']]);
    const lost = await s.db.query<{ path: string; old: unknown; new: unknown }>("SELECT path, old, new FROM audit WHERE kind = 'lost'");
    expect(lost.rows).toEqual([{ path: 'city', old: 'Kielce', new: 'Płock' }]);
  });

  it('[S8][S10] valid, invalid and forbidden rows in one push: each valid row written, each refused one logged in row order', async () => {
    const { op } = await operatorWithOrder();
    const other = await s.signIn('operator');
    const good = (id: string) => created(makeClient({ id, orderId: 'o1', ownerId: op.user.id }));
    const rows = [
      good('a1'),
      created(makeClient({ id: 'a2', orderId: 'o1', ownerId: op.user.id }, { nip: '123' })),
      good('a3'),
      created(makeClient({ id: 'a4', orderId: 'o1', ownerId: other.user.id })),
      { newDocumentState: 'not a document' },
      good('a5'),
    ];
    const response = await op.client.push('clients', rows as never);
    expect(response.conflicts).toEqual([]);
    expect(response.refused.map((r) => [r.id, r.code])).toEqual([['', 'VALIDATION'], ['a2', 'VALIDATION'], ['a4', 'FORBIDDEN']]);
    expect((await op.client.pullAll('clients')).documents.map((d) => d.id)).toEqual(['a1', 'a3', 'a5']);
    const logged = await s.db.query<{ doc_id: string; code: string; doc: unknown }>('SELECT doc_id, code, doc FROM refused_changes ORDER BY id');
    expect(logged.rows.map((r) => [r.doc_id, r.code])).toEqual([['', 'VALIDATION'], ['a2', 'VALIDATION'], ['a4', 'FORBIDDEN']]);
    expect(logged.rows[0]!.doc).toBe('not a document');
    expect((logged.rows[1]!.doc as Doc).nip).toBe('123');
  });
});
