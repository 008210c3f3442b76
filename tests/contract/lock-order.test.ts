// Contract (PostgreSQL): pushes racing closes and bindings of the same orders never deadlock into a 5xx [S30].
import { expect, it } from 'vitest';
import type { Doc } from './client.ts';
import { created, edited, makeClient, makeOrder } from './fixtures.ts';
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
}, { backends: BACKENDS.filter((b) => b.name === 'postgres'), poolSize: 12 });
