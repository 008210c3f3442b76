// Contract: every team action repeated — one after another or all at once — has one effect and one answer [S32].
import { expect, it } from 'vitest';
import { created, makeOrder } from './fixtures.ts';
import { contractSuite } from './harness.ts';

const TIMES = 6;

contractSuite('team actions are idempotent', (s) => {
  async function world() {
    const admin = await s.signIn('admin');
    const op = await s.signIn('operator');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    return { admin, op };
  }
  const auditOf = (docId: string, path: string) => s.count('audit', "collection = 'assignments' AND doc_id = $1 AND path = $2", [docId, path]);
  const answers = async (send: () => Promise<Response>, concurrent: boolean) => {
    const responses = concurrent
      ? await Promise.all(Array.from({ length: TIMES }, send))
      : await Array.from({ length: TIMES }).reduce<Promise<Response[]>>(async (done) => [...(await done), await send()], Promise.resolve([]));
    return Promise.all(responses.map(async (r) => ({ status: r.status, body: await r.json() })));
  };

  for (const concurrent of [false, true]) {
    const how = concurrent ? 'all at once' : 'one after another';

    it(`[S32] binding the same user ${TIMES} times, ${how}: one row, one audit entry, the same answer`, async () => {
      const { admin, op } = await world();
      const results = await answers(() => admin.client.request('POST', '/api/orders/o1/team', { userId: op.user.id }), concurrent);
      for (const result of results) expect(result).toEqual(results[0]);
      expect(results[0]!.status).toBe(201);
      expect(await s.count('assignments', 'order_id = $1 AND user_id = $2', ['o1', op.user.id])).toBe(1);
      expect(await auditOf(`o1:${op.user.id}`, '_deleted')).toBe(1);
    });

    it(`[S32] closing for an operator, then unbinding, ${TIMES} times each, ${how}: one audit entry each`, async () => {
      const { admin, op } = await world();
      await admin.client.json('POST', '/api/orders/o1/team', { userId: op.user.id }, 201);
      const closes = await answers(() => admin.client.request('POST', `/api/orders/o1/team/${op.user.id}/close`, { closed: true }), concurrent);
      for (const result of closes) expect(result).toEqual(closes[0]);
      expect(await auditOf(`o1:${op.user.id}`, 'closed')).toBe(1);
      const unbinds = await answers(() => admin.client.request('POST', `/api/orders/o1/team/${op.user.id}/unbind`, {}), concurrent);
      expect(unbinds.every((r) => r.status === 200 && JSON.stringify(r.body) === '{"ok":true}')).toBe(true);
      expect(await auditOf(`o1:${op.user.id}`, '_deleted')).toBe(2); // bound once, unbound once
    });

    it(`[S32] closing an order definitively ${TIMES} times, ${how}: one close in the history, the same answer`, async () => {
      const { admin, op } = await world();
      await admin.client.json('POST', '/api/orders/o1/team', { userId: op.user.id }, 201);
      const results = await answers(() => admin.client.request('POST', '/api/orders/o1/close', { confirm: true }), concurrent);
      expect(results.every((r) => r.status === 200 && JSON.stringify(r.body) === '{"ok":true}')).toBe(true);
      expect(await s.count('audit', "collection = 'orders' AND doc_id = 'o1' AND path = 'status' AND new = '\"closed\"'::jsonb")).toBe(1);
    });
  }
});
