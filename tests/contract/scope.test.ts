// Contract: scope changes — buckets entering are read from the start, buckets leaving are answered with removals [S3, S4].
import { expect, it } from 'vitest';
import type { Doc } from './client.ts';
import { created, makeClient, makeOrder } from './fixtures.ts';
import { contractSuite, type SignedIn } from './harness.ts';

contractSuite('scope changes', (s) => {
  /** An admin, two operators bound to o1 with 3 and 4 records; the admin owns 2. */
  async function world() {
    const admin = await s.signIn('admin');
    const a = await s.signIn('operator');
    const b = await s.signIn('operator');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    await s.bind('o1', a.user.id);
    await s.bind('o1', b.user.id);
    const add = async (who: SignedIn, ids: string[]) =>
      expect((await who.client.push('clients', ids.map((id) => created(makeClient({ id, orderId: 'o1', ownerId: who.user.id }))))).refused).toEqual([]);
    await add(a, ['a1', 'a2', 'a3']);
    await add(b, ['b1', 'b2', 'b3', 'b4']);
    await add(admin, ['m1', 'm2']);
    return { admin, a, b };
  }

  it('[S4] role admin → operator: the others\' records come back as tombstones without data, own records stay', async () => {
    const { admin } = await world();
    const before = await admin.client.pullAll('clients');
    expect(before.documents).toHaveLength(9);
    expect((await s.bucketsOf(before.checkpoint)).held).toEqual(['all']);

    // Now an operator bound to o1: of the order, only their own records stay in scope.
    await s.setRole(admin.user.id, 'operator');
    await s.bind('o1', admin.user.id);
    const after = await admin.client.pullAll('clients', before.checkpoint);
    const tombstones = after.documents.filter((d) => d._deleted === true);
    const live = after.documents.filter((d) => d._deleted !== true);
    expect(tombstones.map((d) => d.id).sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'b4']);
    for (const tomb of tombstones) {
      expect(tomb).toMatchObject({ name: '', nip: '', regon: '', city: '', ownerId: '', orderId: '', custom: {}, fieldTimes: {} });
    }
    expect(JSON.stringify(tombstones)).not.toContain('Zakłady');
    // Its own bucket is new: read from its beginning.
    expect(live.map((d) => d.id).sort()).toEqual(['m1', 'm2']);
    expect(await s.bucketsOf(after.checkpoint)).toEqual({ held: [`op:o1:${admin.user.id}`], filling: [], removing: [] });
    // Once done, nothing more comes.
    expect((await admin.client.pull('clients', after.checkpoint)).documents).toEqual([]);
  });

  it('[S4] removals are paged by `limit` and resume where they stopped', async () => {
    const { admin } = await world();
    const before = await admin.client.pullAll('clients');
    await s.setRole(admin.user.id, 'operator');
    await s.bind('o1', admin.user.id);
    const page = await admin.client.pull('clients', before.checkpoint, 3);
    expect(page.documents).toHaveLength(3);
    expect(page.documents.every((d) => d._deleted === true)).toBe(true);
    expect(await s.bucketsOf(page.checkpoint)).toEqual({ held: [], filling: [`op:o1:${admin.user.id}`], removing: ['all'] });
    const rest = await admin.client.pullAll('clients', page.checkpoint, 3);
    const ids = [...page.documents, ...rest.documents].filter((d) => d._deleted).map((d) => d.id);
    expect(new Set(ids).size).toBe(7);
    expect(await s.bucketsOf(rest.checkpoint)).toEqual({ held: [`op:o1:${admin.user.id}`], filling: [], removing: [] });
  });

  it('[S4] a bucket entering the scope is read from its beginning (operator → coordinator)', async () => {
    const { a } = await world();
    const own = await a.client.pullAll('clients');
    expect(own.documents.map((d) => d.id).sort()).toEqual(['a1', 'a2', 'a3']);
    await s.setRole(a.user.id, 'coordinator');
    const all = await a.client.pullAll('clients', own.checkpoint);
    expect(all.documents.filter((d) => !d._deleted)).toHaveLength(9);
    expect(all.documents.some((d) => d._deleted)).toBe(false); // own:a is inside 'all': nothing to remove
  });

  it('[S4] a forged checkpoint cannot ask for removals of a bucket the server never handed out', async () => {
    const { a, b } = await world();
    const forged = {
      buckets: { all: { xid: '0', seq: 0, sig: 'x' }, [`op:o1:${b.user.id}`]: { xid: '0', seq: 0 }, [`own:${b.user.id}`]: { xid: '0', seq: 0 } },
    };
    const response = await a.client.pull('clients', forged as never);
    expect(response.documents.map((d) => d.id).sort()).toEqual(['a1', 'a2', 'a3']);
    expect(response.reset).toBe(true); // [S27] not a checkpoint this server made: a fresh start, no removals
    // A signature is bound to its user: b's checkpoint is no use to a.
    const bs = await b.client.pullAll('clients');
    const again = await a.client.pull('clients', bs.checkpoint);
    expect(again.reset).toBe(true);
    expect(again.documents.every((d: Doc) => !String(d.id).startsWith('b') && !d._deleted)).toBe(true);
  });

  /**
   * The read columns of DESIGN.md's roles table, one world: principal P owns o1, P2 owns o2;
   * coordinator C manages supervisor S; S manages operator a, S2 manages operator b; S supervises
   * o1; a works on o1 and o2 (o2 closed for a after a2 was entered), b on o1 and o2; verifier V
   * verifies o2; operator idle is bound nowhere.
   */
  it('[S3] each role reads exactly its row of the roles table: orders, records, team, directory', async () => {
    const admin = await s.signIn('admin');
    const C = await s.signIn('coordinator');
    const S = await s.signIn('supervisor');
    const S2 = await s.signIn('supervisor');
    const P = await s.signIn('principal');
    const P2 = await s.signIn('principal');
    const V = await s.signIn('verifier');
    const a = await s.signIn('operator');
    const b = await s.signIn('operator');
    const idle = await s.signIn('operator');
    await s.setManager(S.user.id, C.user.id);
    await s.setManager(S2.user.id, C.user.id);
    await s.setManager(a.user.id, S.user.id);
    await s.setManager(b.user.id, S2.user.id);
    expect((await P.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: P.user.id }))])).refused).toEqual([]);
    expect((await P2.client.push('orders', [created(makeOrder({ id: 'o2', createdBy: P2.user.id }))])).refused).toEqual([]);
    for (const [order, who] of [['o1', S], ['o1', a], ['o2', a], ['o1', b], ['o2', b], ['o2', V]] as const) await s.bind(order, who.user.id);
    const add = async (who: SignedIn, orderId: string, id: string) =>
      expect((await who.client.push('clients', [created(makeClient({ id, orderId, ownerId: who.user.id }))])).refused).toEqual([]);
    await add(a, 'o1', 'a1');
    await add(a, 'o2', 'a2');
    await add(b, 'o1', 'b1');
    await add(b, 'o2', 'b2');
    await add(S, 'o1', 's1');
    await admin.client.json('POST', `/api/orders/o2/team/${a.user.id}/close`, { closed: true });

    const ids = async (who: SignedIn, collection: string) => {
      const { documents } = await who.client.pullAll(collection);
      return documents.filter((d) => d._deleted !== true).map((d) => String(d.id)).sort();
    };
    const team = (...pairs: [string, SignedIn][]) => pairs.map(([order, who]) => `${order}:${who.user.id}`).sort();
    const users = (...who: SignedIn[]) => who.map((w) => w.user.id).sort();
    const everyone = [admin, C, S, S2, P, P2, V, a, b, idle];

    const expected: [SignedIn, string, { orders: string[]; clients: string[]; assignments: string[]; users: string[] }][] = [
      [admin, 'admin', { orders: ['o1', 'o2'], clients: ['a1', 'a2', 'b1', 'b2', 's1'], assignments: team(['o1', S], ['o1', a], ['o2', a], ['o1', b], ['o2', b], ['o2', V]), users: users(...everyone) }],
      [C, 'coordinator', { orders: ['o1', 'o2'], clients: ['a1', 'a2', 'b1', 'b2', 's1'], assignments: team(['o1', S], ['o1', a], ['o2', a], ['o1', b], ['o2', b], ['o2', V]), users: users(...everyone) }],
      // Own and their operators' records, in any order; the team of the order they supervise.
      [S, 'supervisor', { orders: ['o1'], clients: ['a1', 'a2', 's1'], assignments: team(['o1', S], ['o1', a], ['o2', a], ['o1', b]), users: users(S, C, a) }],
      [S2, 'supervisor 2', { orders: [], clients: ['b1', 'b2'], assignments: team(['o1', b], ['o2', b]), users: users(S2, C, b) }],
      [P, 'principal', { orders: ['o1'], clients: ['a1', 'b1', 's1'], assignments: team(['o1', S], ['o1', a], ['o1', b]), users: users(P) }],
      [P2, 'principal 2', { orders: ['o2'], clients: ['a2', 'b2'], assignments: team(['o2', a], ['o2', b], ['o2', V]), users: users(P2) }],
      // The team of the order they verify (the names of those whose records they judge).
      [V, 'verifier', { orders: ['o2'], clients: ['a2', 'b2'], assignments: team(['o2', a], ['o2', b], ['o2', V]), users: users(V) }],
      // Own records in bound orders, the closed one too (read-only).
      [a, 'operator a', { orders: ['o1', 'o2'], clients: ['a1', 'a2'], assignments: team(['o1', a], ['o2', a]), users: users(a, S) }],
      [b, 'operator b', { orders: ['o1', 'o2'], clients: ['b1', 'b2'], assignments: team(['o1', b], ['o2', b]), users: users(b, S2) }],
      [idle, 'unbound operator', { orders: [], clients: [], assignments: [], users: users(idle) }],
    ];
    for (const [who, label, want] of expected) {
      for (const collection of ['orders', 'clients', 'assignments', 'users'] as const) {
        expect(await ids(who, collection), `${label} · ${collection}`).toEqual([...want[collection]].sort());
      }
    }
  });
});
