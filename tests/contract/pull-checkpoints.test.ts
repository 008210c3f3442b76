// Contract: pull checkpoints at scale and under replay — no bucket limit, full pages, bounded removal walks, expiry [S25–S28].
import { expect, it } from 'vitest';
import { CHECKPOINT_MAX_AGE_MS } from '../../sync-server/db/checkpoint.ts';
import type { Doc } from './client.ts';
import { created, makeClient, makeOrder } from './fixtures.ts';
import { contractSuite, type SignedIn } from './harness.ts';

contractSuite('pull checkpoints', (s) => {
  /** `n` orders of a principal, straight in the database (pushing 2,000 orders would only slow the suite). */
  async function ordersOf(principal: SignedIn, from: number, to: number): Promise<void> {
    const template = makeOrder({ id: 'template', createdBy: principal.user.id, principalId: principal.user.id });
    await s.db.query(
      `INSERT INTO orders (id, principal_id, status, doc, deleted, xid, seq)
       SELECT 'p' || i, $1, 'open', jsonb_set($2::jsonb, '{id}', to_jsonb('p' || i)), false, pg_current_xact_id(), nextval('change_seq')
       FROM generate_series($3::int, $4::int) AS i`,
      [principal.user.id, JSON.stringify(template), from, to],
    );
  }

  it('[S25] a principal with 2,001 orders (2,001 buckets) pulls, and pulls again from the checkpoint it was given', async () => {
    const principal = await s.signIn('principal');
    await ordersOf(principal, 1, 2001);
    const first = await principal.client.pullAll('orders', null, 1000);
    expect(first.documents).toHaveLength(2001);
    expect((await s.bucketsOf(first.checkpoint)).held).toHaveLength(2001);
    // The checkpoint is small whatever the number of buckets, and the server takes it back.
    expect(JSON.stringify(first.checkpoint).length).toBeLessThan(1000);
    const again = await principal.client.request('POST', '/api/sync/orders/pull', { checkpoint: first.checkpoint, limit: 10 });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { documents: Doc[] }).documents).toEqual([]);
    await ordersOf(principal, 2002, 2002);
    const next = await principal.client.pull('orders', first.checkpoint, 10);
    expect(next.documents.map((d) => d.id)).toEqual(['p2002']);
  });

  it('[S26] a page is shorter than `limit` only when nothing remains, also when a document is in several buckets', async () => {
    // A supervisor holds bindings through two buckets each: user:<operator> and order:<order they supervise>.
    const admin = await s.signIn('admin');
    const supervisor = await s.signIn('supervisor');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    await s.bind('o1', supervisor.user.id);
    const operators: SignedIn[] = [];
    for (let i = 0; i < 12; i++) {
      const op = await s.signIn('operator');
      await s.setManager(op.user.id, supervisor.user.id);
      await s.bind('o1', op.user.id);
      operators.push(op);
    }
    const limit = 5;
    let checkpoint = null;
    const ids: string[] = [];
    for (let page = 0; page < 10; page++) {
      const response = await supervisor.client.pull('assignments', checkpoint, limit);
      ids.push(...response.documents.map((d) => String(d.id)));
      checkpoint = response.checkpoint;
      if (response.documents.length < limit) break;
    }
    // 13 bindings (12 operators and the supervisor): pages of 5, 5, 3 — never a short page before the end.
    expect(ids).toHaveLength(13);
    expect(new Set(ids).size).toBe(13);
  });

  it('[S27] checkpoints stack as RxDB stacks them (key by key): a later one carries every key, so nothing of an older one survives', async () => {
    // A bucket that enters mid-way is filled from its beginning (`fill`); the page after it has none.
    const admin = await s.signIn('admin');
    const verifier = await s.signIn('verifier');
    const operator = await s.signIn('operator');
    await admin.client.push('orders', ['o1', 'o2'].map((id) => created(makeOrder({ id, createdBy: admin.user.id }))));
    for (const orderId of ['o1', 'o2']) await s.bind(orderId, operator.user.id);
    await operator.client.push('clients', ['a', 'b', 'c'].map((id) => created(makeClient({ id, orderId: 'o1', ownerId: operator.user.id }))));
    await operator.client.push('clients', [created(makeClient({ id: 'z', orderId: 'o2', ownerId: operator.user.id }))]);
    await s.bind('o2', verifier.user.id);
    const held = await verifier.client.pullAll('clients', null, 2);
    expect(held.documents.map((d) => d.id)).toEqual(['z']);
    await s.bind('o1', verifier.user.id); // o1's records are older than the verifier's position
    const first = await verifier.client.pull('clients', held.checkpoint, 2);
    expect(first.checkpoint.fill).not.toBeNull();
    const second = await verifier.client.pull('clients', first.checkpoint, 2);
    const stacked = { ...first.checkpoint, ...second.checkpoint };
    expect(stacked).toEqual(second.checkpoint);
    const rest = await verifier.client.pullAll('clients', stacked, 2);
    expect(rest.documents).toEqual([]);
    expect([...first.documents, ...second.documents].map((d) => d.id).sort()).toEqual(['a', 'b', 'c']);
  });

  it('[S26] a removal page counts each id once: a page shorter than `limit` means the walk is done', async () => {
    const admin = await s.signIn('admin');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    await admin.client.push('clients', Array.from({ length: 9 }, (_, i) => created(makeClient({ id: `m${i}`, orderId: 'o1', ownerId: admin.user.id }))));
    const before = await admin.client.pullAll('clients');
    await s.setRole(admin.user.id, 'operator'); // 'all' leaves; nothing replaces it
    const sizes: number[] = [];
    let checkpoint = before.checkpoint;
    for (let page = 0; page < 10; page++) {
      const response = await admin.client.pull('clients', checkpoint, 4);
      sizes.push(response.documents.length);
      checkpoint = response.checkpoint;
      if (response.documents.length < 4) break;
    }
    expect(sizes).toEqual([4, 4, 1]);
  });

  it('[S27] an old checkpoint replayed after unbinding lists no id the device did not hold, and none created later', async () => {
    const admin = await s.signIn('admin');
    const verifier = await s.signIn('verifier');
    const operator = await s.signIn('operator');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    await s.bind('o1', verifier.user.id);
    await s.bind('o1', operator.user.id);
    const add = (ids: string[]) =>
      operator.client.push('clients', ids.map((id) => created(makeClient({ id, orderId: 'o1', ownerId: operator.user.id }))));
    await add(['r1', 'r2']);
    const held = await verifier.client.pullAll('clients');
    expect(held.documents.map((d) => d.id).sort()).toEqual(['r1', 'r2']);

    // The verifier loses the order; records keep arriving in it.
    await s.db.query("UPDATE assignments SET deleted = true, xid = pg_current_xact_id(), seq = nextval('change_seq') WHERE user_id = $1", [verifier.user.id]);
    await add(['r3', 'r4']);
    const removals = await verifier.client.pullAll('clients', held.checkpoint);
    expect(removals.documents.map((d) => [d.id, d._deleted])).toEqual([['r1', true], ['r2', true]]);

    // Replaying the old checkpoint, again and again, lists what the device held — never r3 or r4.
    await add(['r5']);
    for (let i = 0; i < 3; i++) {
      const replay = await verifier.client.pullAll('clients', held.checkpoint);
      expect(replay.documents.map((d) => d.id).sort()).toEqual(['r1', 'r2']);
      expect(replay.documents.every((d) => d._deleted === true)).toBe(true);
    }
  });

  it('[S27] a record the device pushed itself after its last pull leaves it when the order is unbound', async () => {
    const admin = await s.signIn('admin');
    const operator = await s.signIn('operator');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    await s.bind('o1', operator.user.id);
    const before = await operator.client.pullAll('clients');
    expect(before.documents).toEqual([]);
    // Created and acknowledged, never pulled: the device holds it from its own push.
    expect((await operator.client.push('clients', [created(makeClient({ id: 'mine', orderId: 'o1', ownerId: operator.user.id }))])).refused).toEqual([]);
    await s.db.query("UPDATE assignments SET deleted = true, xid = pg_current_xact_id(), seq = nextval('change_seq') WHERE user_id = $1", [operator.user.id]);
    const after = await operator.client.pullAll('clients', before.checkpoint);
    expect(after.documents.map((d) => [d.id, d._deleted])).toEqual([['mine', true]]);
    // Re-sending it (a lost reply) is answered with its removal too: it is the operator's own [S18].
    const resent = await operator.client.push('clients', [created(makeClient({ id: 'mine', orderId: 'o1', ownerId: operator.user.id }))]);
    expect(resent.refused).toEqual([{ id: 'mine', code: 'FORBIDDEN', issues: [{ field: '', code: 'record.outOfScope' }] }]);
    expect(resent.conflicts.map((d) => [d.id, d._deleted, d.name])).toEqual([['mine', true, '']]);
  });

  it('[S27] an old checkpoint replayed after the order moved to another principal lists only what was held', async () => {
    const admin = await s.signIn('admin');
    const p1 = await s.signIn('principal');
    const p2 = await s.signIn('principal');
    const operator = await s.signIn('operator');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id, principalId: p1.user.id }))]);
    await s.bind('o1', operator.user.id);
    const add = (ids: string[]) =>
      operator.client.push('clients', ids.map((id) => created(makeClient({ id, orderId: 'o1', ownerId: operator.user.id }))));
    await add(['r1']);
    const held = await p1.client.pullAll('clients');
    const order = (await admin.client.pullAll('orders')).documents.find((d) => d.id === 'o1')!;
    const { _deleted: _, ...stored } = order;
    const moved = { ...stored, principalId: p2.user.id, fieldTimes: { ...(stored.fieldTimes as object), principalId: s.clock.now + 1 } };
    expect((await admin.client.push('orders', [{ assumedMasterState: order as never, newDocumentState: { ...moved, _deleted: false } as never }])).refused).toEqual([]);
    await add(['r2']);
    const replay = await p1.client.pullAll('clients', held.checkpoint);
    expect(replay.documents.map((d) => [d.id, d._deleted])).toEqual([['r1', true]]);
  });

  it('[S27] a checkpoint older than a session lifetime starts the pull again, with a reset and no removals', async () => {
    const admin = await s.signIn('admin');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    const first = await admin.client.pullAll('orders');
    s.clock.now += CHECKPOINT_MAX_AGE_MS - 1000;
    const fresh = await admin.client.pull('orders', first.checkpoint);
    expect(fresh.reset).toBeUndefined();
    expect(fresh.documents).toEqual([]);
    // Each pull re-issues it: a device that keeps pulling never expires …
    s.clock.now += 2000;
    expect((await admin.client.pull('orders', fresh.checkpoint)).reset).toBeUndefined();
    // … one that kept an old checkpoint starts again from the beginning.
    const stale = await admin.client.pull('orders', first.checkpoint);
    expect(stale.reset).toBe(true);
    expect(stale.documents.map((d) => d.id)).toEqual(['o1']);
  });

  it('[S27] a checkpoint of the per-bucket format (protocol 1) is answered with a reset, not a 400', async () => {
    const admin = await s.signIn('admin');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    const response = await admin.client.request('POST', '/api/sync/orders/pull', {
      checkpoint: { buckets: { all: { xid: '5', seq: 1, sig: 'abcdefghijklmnopqrstuv' } } }, limit: 10,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { documents: Doc[]; reset?: boolean };
    expect(body.reset).toBe(true);
    expect(body.documents.map((d) => d.id)).toEqual(['o1']);
  });
});
