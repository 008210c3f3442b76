// Contract (PostgreSQL): pushes racing closes and bindings of the same orders never deadlock into a 5xx [S30].
import { expect, it } from 'vitest';
import type { Doc } from './client.ts';
import { created, edited, makeClient, makeComment, makeOrder } from './fixtures.ts';
import { contractSuite, type SignedIn } from './harness.ts';
import { BACKENDS } from './backends.ts';

const ROUNDS = 80;
const ORDERS = ['o1', 'o2'];

// PGlite is one connection: its transactions never interleave, so only PostgreSQL can deadlock.
contractSuite('lock order under racing endpoints', (s) => {
  it(`[S30] ${ROUNDS} rounds of pushes, closes for operators, binds and unbinds on the same orders: no 5xx, every push answered`, async () => {
    const admin = await s.signIn('admin');
    const supervisor = await s.signIn('supervisor');
    const verifier = await s.signIn('verifier');
    const operators: SignedIn[] = [];
    for (let i = 0; i < 3; i++) operators.push(await s.signIn('operator'));
    await admin.client.push('orders', ORDERS.map((id) => created(makeOrder({ id, createdBy: admin.user.id }))));
    for (const orderId of ORDERS) {
      await s.bind(orderId, supervisor.user.id);
      for (const op of operators) {
        await s.setManager(op.user.id, supervisor.user.id);
        await s.bind(orderId, op.user.id);
      }
    }
    // Each operator holds one record in each order; a push edits both (locks on both orders).
    const masters = new Map<string, Doc>();
    for (const op of operators) {
      const docs = ORDERS.map((orderId) => makeClient({ id: `${orderId}-${op.user.id}`, orderId, ownerId: op.user.id }));
      expect((await op.client.push('clients', docs.map(created))).refused).toEqual([]);
      for (const doc of docs) masters.set(String(doc.id), { ...doc, _deleted: false });
    }

    const statuses: number[] = [];
    const call = async (send: () => Promise<Response>) => {
      const response = await send();
      statuses.push(response.status);
      return response;
    };
    for (let round = 0; round < ROUNDS; round++) {
      const at = s.clock.now + round + 1;
      const target = operators[round % operators.length]!;
      // Orders locked in opposite sequences by the two halves of the round.
      const orders = round % 2 === 0 ? ORDERS : [...ORDERS].reverse();
      await Promise.all([
        ...operators.map((op) =>
          call(() => op.client.request('POST', '/api/sync/clients/push', {
            rows: ORDERS.map((orderId) => edited(masters.get(`${orderId}-${op.user.id}`)!, { city: `Miasto ${round}` }, at)),
          })).then(async (response) => {
            const body = (await response.json()) as { conflicts: Doc[] };
            for (const doc of body.conflicts ?? []) masters.set(String(doc.id), doc);
          }),
        ),
        ...orders.map((orderId) =>
          call(() => supervisor.client.request('POST', `/api/orders/${orderId}/team/${target.user.id}/close`, { closed: round % 4 < 2 }))),
        ...orders.map((orderId) =>
          call(() => admin.client.request('POST', round % 2 === 0 ? `/api/orders/${orderId}/team` : `/api/orders/${orderId}/team/${verifier.user.id}/unbind`, { userId: verifier.user.id }))),
      ]);
      // Pushes that went through are the masters of the next round.
      for (const op of operators) {
        const pulled = await op.client.pullAll('clients');
        for (const doc of pulled.documents) masters.set(String(doc.id), doc);
      }
    }
    expect(statuses.length).toBeGreaterThanOrEqual(500);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.every((status) => status < 400)).toBe(true);
  }, 240_000);

  it('[S30][C2] a comment push share-locks its records in id order, after the orders: a record push holding one cannot deadlock with it', async () => {
    const admin = await s.signIn('admin');
    const op = await s.signIn('operator');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    await s.bind('o1', op.user.id);
    const records = ['r1', 'r2'].map((id) => makeClient({ id, orderId: 'o1', ownerId: op.user.id }));
    expect((await op.client.push('clients', records.map(created))).refused).toEqual([]);
    // The comment on r2 sorts first: locking records row by row would take r2 before r1.
    const comments = [makeComment({ id: 'k1', record: records[1]!, authorId: op.user.id }), makeComment({ id: 'k2', record: records[0]!, authorId: op.user.id })];
    const waiting = () => s.db.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    ).then((r) => Number(r.rows[0]!.n));

    let attempts = 0;
    let push: Promise<Response> | undefined;
    // A writer of both records (as a record push would be) holds r1, then asks for r2 while the comment push waits.
    await s.db.transaction(async (tx) => {
      attempts++;
      await tx.query("SET LOCAL deadlock_timeout = '50ms'"); // this transaction finds a cycle first, and would fail
      await tx.query("SELECT id FROM clients WHERE id = 'r1' FOR UPDATE");
      push ??= op.client.request('POST', '/api/sync/comments/push', { rows: comments.map(created) });
      for (let i = 0; i < 200 && (await waiting()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      await tx.query("SELECT id FROM clients WHERE id = 'r2' FOR UPDATE");
    });
    expect(attempts).toBe(1); // no deadlock: the comment push held no record while it waited
    const response = await push!;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ conflicts: [], refused: [] });
    expect(await s.count('comments')).toBe(2);
  });
}, { backends: BACKENDS.filter((b) => b.name === 'postgres'), poolSize: 12 });
