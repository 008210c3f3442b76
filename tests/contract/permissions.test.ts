// Contract: the server enforces the field and record permissions [P1–P4, S6]; refusals are logged, nothing leaks.
import { expect, it } from 'vitest';
import { blankVerification } from '../../schemas/entities/client.ts';
import type { Doc } from './client.ts';
import { T0, created, edited, makeClient, makeOrder } from './fixtures.ts';
import { contractSuite, type SignedIn } from './harness.ts';

contractSuite('permissions', (s) => {
  let admin: SignedIn;
  let op: SignedIn;

  async function world() {
    admin = await s.signIn('admin');
    op = await s.signIn('operator');
    expect((await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))])).refused).toEqual([]);
    await s.bind('o1', op.user.id);
    await op.client.push('clients', [created(makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id }))]);
    return (await op.client.pullAll('clients')).documents[0]!;
  }

  it('[P1] a server-owned field (duplicateOf) keeps its stored value whatever a device sends', async () => {
    const master = await world();
    const response = await op.client.push('clients', [edited(master, { duplicateOf: 'c999', city: 'Płock' }, T0 + 10)]);
    expect(response).toEqual({ conflicts: [], refused: [] });
    const [stored] = (await op.client.pullAll('clients')).documents as [Doc];
    expect(stored).toMatchObject({ duplicateOf: '', city: 'Płock' });
    const fresh = await op.client.push('clients', [created(makeClient({ id: 'c2', orderId: 'o1', ownerId: op.user.id }, { duplicateOf: 'c1' }))]);
    expect(fresh.refused).toEqual([]);
    expect((await s.db.query("SELECT doc->>'duplicateOf' AS d FROM clients WHERE id = 'c2'")).rows).toEqual([{ d: '' }]);
  });

  it('[P3] an operator cannot approve or reject: refused, logged, stored state returned', async () => {
    const master = await world();
    const response = await op.client.push('clients', [
      edited(master, { verification: { state: 'approved', reason: '', verifierId: op.user.id, at: T0, notes: {} } } as never, T0 + 10),
    ]);
    // The verdict is one path [M11]: refused as a whole.
    expect(response.refused).toEqual([{ id: 'c1', code: 'FORBIDDEN', issues: [{ field: 'verification', code: 'permission.field' }] }]);
    expect(response.conflicts).toEqual([master]);
    expect(await s.count('refused_changes', "doc_id = 'c1' AND code = 'FORBIDDEN'")).toBe(1);
    expect((await op.client.pullAll('clients')).documents).toEqual([master]);
  });

  it('[P3] an operator cannot create a record already verified', async () => {
    await world();
    const doc = makeClient({ id: 'c2', orderId: 'o1', ownerId: op.user.id }, { verification: { ...blankVerification(), state: 'approved' } });
    expect((await op.client.push('clients', [created(doc)])).refused).toMatchObject([{ id: 'c2', code: 'FORBIDDEN' }]);
    expect(await s.count('clients', "id = 'c2'")).toBe(0);
  });

  it('[P3] the administrator rejects; the owner\'s edit moves rejected to corrected, never to approved', async () => {
    const master = await world();
    const rejection = { state: 'rejected', reason: 'zły NIP', verifierId: admin.user.id, at: T0, notes: { nip: 'NIP innej firmy' } };
    expect(await admin.client.push('clients', [edited(master, { verification: rejection } as never, T0 + 10)])).toEqual({ conflicts: [], refused: [] });
    const [rejected] = (await op.client.pullAll('clients')).documents as [Doc];
    const approve = await op.client.push('clients', [edited(rejected, { city: 'Łódź', verification: { ...rejection, state: 'approved' } } as never, T0 + 20)]);
    expect(approve.refused).toEqual([{ id: 'c1', code: 'FORBIDDEN', issues: [{ field: 'verification', code: 'permission.field' }] }]);
    // The correction keeps the verdict whole: a reworded reason or dropped notes is no correction.
    const reworded = await op.client.push('clients', [edited(rejected, { city: 'Łódź', verification: { ...rejection, state: 'corrected', notes: {} } } as never, T0 + 20)]);
    expect(reworded.refused).toMatchObject([{ code: 'FORBIDDEN' }]);
    const correct = await op.client.push('clients', [edited(rejected, { city: 'Łódź', verification: { ...rejection, state: 'corrected' } } as never, T0 + 20)]);
    expect(correct).toEqual({ conflicts: [], refused: [] });
    expect((await op.client.pullAll('clients')).documents[0]).toMatchObject({ city: 'Łódź', verification: { ...rejection, state: 'corrected' } });
  });

  it('[P2] id, orderId, ownerId and createdAt are fixed after creation, for the administrator too', async () => {
    const master = await world();
    for (const change of [{ orderId: 'o2' }, { ownerId: admin.user.id }, { createdAt: T0 - 5 }]) {
      const response = await admin.client.push('clients', [edited(master, change, T0 + 10)]);
      expect(response.refused, JSON.stringify(change)).toMatchObject([{ id: 'c1', code: 'FORBIDDEN' }]);
    }
  });

  it('[P2] a record is created with ownerId = the pushing user; other roles cannot create records', async () => {
    await world();
    const foreign = makeClient({ id: 'c2', orderId: 'o1', ownerId: admin.user.id });
    expect((await op.client.push('clients', [created(foreign)])).refused).toEqual([
      { id: 'c2', code: 'FORBIDDEN', issues: [{ field: 'ownerId', code: 'permission.owner' }] },
    ]);
    for (const role of ['coordinator', 'principal', 'verifier'] as const) {
      const other = await s.signIn(role);
      const doc = makeClient({ id: `x-${role}`, orderId: 'o1', ownerId: other.user.id });
      expect((await other.client.push('clients', [created(doc)])).refused, role).toMatchObject([{ code: 'FORBIDDEN' }]);
    }
    // The administrator may create on someone's behalf (imports).
    const byAdmin = makeClient({ id: 'c3', orderId: 'o1', ownerId: op.user.id });
    expect((await admin.client.push('clients', [created(byAdmin)])).refused).toEqual([]);
  });

  it('[S6][S18] a push naming a record the user cannot read is answered as for a free id: no copy, no tombstone', async () => {
    const master = await world();
    const other = await s.signIn('operator');
    const response = await other.client.push('clients', [edited(master, { city: 'Gdańsk' }, T0 + 10)]);
    // As a create of this document would be: it names another owner.
    expect(response).toEqual({ conflicts: [], refused: [{ id: 'c1', code: 'FORBIDDEN', issues: [{ field: 'ownerId', code: 'permission.owner' }] }] });
    // A create with a taken id is no way around it.
    const steal = await other.client.push('clients', [created(makeClient({ id: 'c1', orderId: 'o1', ownerId: other.user.id }))]);
    expect(steal).toEqual({ conflicts: [], refused: [{ id: 'c1', code: 'FORBIDDEN', issues: [{ field: 'orderId', code: 'permission.notBound' }] }] });
    expect(JSON.stringify([response, steal])).not.toContain('Zakłady');
    expect(await s.count('refused_changes', "doc_id = 'c1'")).toBe(2);
  });

  it('[P1][P4] an order\'s status is server-owned: a pushed status changes nothing, the close endpoint closes', async () => {
    await world();
    const [order] = (await admin.client.pullAll('orders')).documents as [Doc];
    // Refused like any field the user may not write [S6]: the stored copy comes back, the order stays open.
    const push = await admin.client.push('orders', [edited(order, { status: 'closed' }, T0 + 5)]);
    expect(push).toEqual({ conflicts: [{ ...order, _deleted: false }], refused: [{ id: 'o1', code: 'FORBIDDEN', issues: [{ field: 'status', code: 'permission.field' }] }] });
    expect((await s.db.query("SELECT status, doc->>'status' AS doc_status FROM orders WHERE id = 'o1'")).rows).toEqual([{ status: 'open', doc_status: 'open' }]);
    const add = await op.client.push('clients', [created(makeClient({ id: 'c2', orderId: 'o1', ownerId: op.user.id }))]);
    expect(add.refused).toEqual([]);
    // A new order cannot be born closed either.
    const born = makeOrder({ id: 'o2', createdBy: admin.user.id }, { status: 'closed' });
    expect((await admin.client.push('orders', [created(born)])).refused).toEqual([]);
    expect((await s.db.query("SELECT status, doc->>'status' AS doc_status FROM orders WHERE id = 'o2'")).rows).toEqual([{ status: 'open', doc_status: 'open' }]);
  });

  it('[P4] nothing in a definitively closed order changes', async () => {
    const master = await world();
    await admin.client.json('POST', '/api/orders/o1/close', { confirm: true });
    const edit = await op.client.push('clients', [edited(master, { city: 'Płock' }, T0 + 10)]);
    expect(edit.refused).toEqual([{ id: 'c1', code: 'ORDER_CLOSED', issues: [{ field: 'orderId', code: 'order.closed' }] }]);
    expect(edit.conflicts).toEqual([master]);
    const add = await op.client.push('clients', [created(makeClient({ id: 'c2', orderId: 'o1', ownerId: op.user.id }))]);
    expect(add.refused).toMatchObject([{ code: 'ORDER_CLOSED' }]);
    // Not even the administrator: no record, no order field, no reopening by push.
    expect((await admin.client.push('clients', [edited(master, { city: 'Kielce' }, T0 + 10)])).refused).toMatchObject([{ id: 'c1', code: 'ORDER_CLOSED' }]);
    const [closed] = (await admin.client.pullAll('orders')).documents as [Doc];
    expect(closed.status).toBe('closed');
    expect((await admin.client.push('orders', [edited(closed, { name: 'Nowa nazwa' }, T0 + 20)])).refused).toMatchObject([{ code: 'ORDER_CLOSED' }]);
    // status is server-owned [P1]: a pushed 'open' is ignored like any server-owned value, the order stays closed.
    const reopen = await admin.client.push('orders', [edited(closed, { status: 'open', name: 'Otwarte' }, T0 + 20)]);
    expect(reopen.refused).toMatchObject([{ code: 'ORDER_CLOSED' }]);
    await admin.client.push('orders', [edited(closed, { status: 'open' }, T0 + 20)]);
    expect((await s.db.query("SELECT status, doc->>'status' AS doc_status, doc->>'name' AS name FROM orders WHERE id = 'o1'")).rows)
      .toEqual([{ status: 'closed', doc_status: 'closed', name: closed.name }]);
    expect(await s.count('clients')).toBe(1);
    expect((await op.client.pullAll('clients')).documents).toEqual([master]);
  });

  it('orders: operators cannot create or edit them; a principal only their own', async () => {
    await world();
    const [order] = (await op.client.pullAll('orders')).documents as [Doc];
    expect((await op.client.push('orders', [edited(order, { name: 'Moje' }, T0 + 5)])).refused).toMatchObject([{ code: 'FORBIDDEN' }]);
    expect((await op.client.push('orders', [created(makeOrder({ id: 'o2', createdBy: op.user.id }))])).refused).toMatchObject([{ code: 'FORBIDDEN' }]);
    const principal = await s.signIn('principal');
    expect((await principal.client.push('orders', [edited(order, { name: 'Cudze' }, T0 + 5)])).refused).toMatchObject([{ code: 'FORBIDDEN' }]);
    const own = makeOrder({ id: 'o3', createdBy: principal.user.id, principalId: principal.user.id });
    expect((await principal.client.push('orders', [created(own)])).refused).toEqual([]);
    // A principal reads their own orders only [S3].
    const [mine, ...others] = (await principal.client.pullAll('orders')).documents as [Doc, ...Doc[]];
    expect(mine.id).toBe('o3');
    expect(others).toEqual([]);
    expect((await principal.client.push('orders', [edited(mine, { targetCount: 5 }, T0 + 5)])).refused).toEqual([]);
    const [again] = (await principal.client.pullAll('orders')).documents as [Doc];
    expect((await principal.client.push('orders', [edited(again, { principalId: op.user.id }, T0 + 6)])).refused).toMatchObject([{ code: 'FORBIDDEN' }]);
  });
});
