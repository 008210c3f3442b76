// Contract: scope changes — buckets entering are read from the start, buckets leaving are answered with removals [S3, S4].
import { expect, it } from 'vitest';
import type { Doc } from './client.ts';
import { created, makeClient, makeOrder } from './fixtures.ts';
import { contractSuite, type SignedIn } from './harness.ts';

contractSuite('scope changes', (s) => {
  /** An admin, two operators with 3 and 4 records; the admin owns 2. */
  async function world() {
    const admin = await s.signIn('admin');
    const a = await s.signIn('operator');
    const b = await s.signIn('operator');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
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
    expect(Object.keys(before.checkpoint!.buckets)).toEqual(['all']);

    await s.setRole(admin.user.id, 'operator');
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
    expect(Object.keys(after.checkpoint!.buckets)).toEqual([`own:${admin.user.id}`]);
    // Once done, nothing more comes.
    expect((await admin.client.pull('clients', after.checkpoint)).documents).toEqual([]);
  });

  it('[S4] removals are paged by `limit` and resume where they stopped', async () => {
    const { admin } = await world();
    const before = await admin.client.pullAll('clients');
    await s.setRole(admin.user.id, 'operator');
    const page = await admin.client.pull('clients', before.checkpoint, 3);
    expect(page.documents).toHaveLength(3);
    expect(page.documents.every((d) => d._deleted === true)).toBe(true);
    expect(Object.keys(page.checkpoint.buckets).sort()).toEqual([`own:${admin.user.id}`, 'removing:all']);
    const rest = await admin.client.pullAll('clients', page.checkpoint, 3);
    const ids = [...page.documents, ...rest.documents].filter((d) => d._deleted).map((d) => d.id);
    expect(new Set(ids).size).toBe(7);
    expect(Object.keys(rest.checkpoint!.buckets)).toEqual([`own:${admin.user.id}`]);
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
    const forged = { buckets: { all: { xid: '0', seq: 0, sig: 'x' }, [`own:${b.user.id}`]: { xid: '0', seq: 0 } } };
    const response = await a.client.pull('clients', forged as never);
    expect(response.documents.map((d) => d.id).sort()).toEqual(['a1', 'a2', 'a3']);
    // A signature is bound to its user: b's own bucket signature is no use to a.
    const bs = await b.client.pullAll('clients');
    const stolen = { buckets: { ...bs.checkpoint!.buckets } };
    const again = await a.client.pull('clients', stolen);
    expect(again.documents.every((d: Doc) => !String(d.id).startsWith('b') && !d._deleted)).toBe(true);
  });

  it('[S3] operators see only their own records; orders are seen by every active user', async () => {
    const { a, b } = await world();
    expect((await a.client.pullAll('clients')).documents.map((d) => d.id).sort()).toEqual(['a1', 'a2', 'a3']);
    expect((await b.client.pullAll('clients')).documents).toHaveLength(4);
    expect((await b.client.pullAll('orders')).documents.map((d) => d.id)).toEqual(['o1']);
  });
});
