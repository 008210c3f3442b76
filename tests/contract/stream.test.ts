// Contract: the event stream — resync on connect, `changed` only for the user's scope, heartbeats, clean-up [S11].
import { SYNC_COLLECTIONS } from '../../schemas/protocol/sync.ts';
import { expect, it } from 'vitest';
import type { Doc, TestClient } from './client.ts';
import { T0, created, edited, makeClient, makeOrder } from './fixtures.ts';
import { contractSuite } from './harness.ts';
import { openStream as readStream, type Stream } from './stream-reader.ts';

/** The stream with its headers checked: an event stream nobody may cache. */
async function openStream(client: TestClient, app = client.app): Promise<Stream> {
  const stream = await readStream(client, app);
  expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
  expect(stream.headers.get('cache-control')).toBe('no-cache');
  return stream;
}

const RESYNC = 'data: {"type":"resync"}';
const changed = (collection: string) => `data: {"type":"changed","collection":"${collection}"}`;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

contractSuite('event stream', (s) => {
  it('[S11] sends resync on connect, then changed when a committed push touches the user\'s scope', async () => {
    const admin = await s.signIn('admin');
    const op = await s.signIn('operator');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    await s.bind('o1', op.user.id);
    const stream = await openStream(op.client);
    expect(await stream.next()).toBe(RESYNC);
    const [order] = (await admin.client.pullAll('orders')).documents as [Doc];
    expect((await admin.client.push('orders', [edited(order, { name: 'Firmy mięsne – etap 2' }, T0 + 10)])).refused).toEqual([]);
    expect(await stream.next()).toBe(changed('orders'));
    await op.client.push('clients', [created(makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id }))]);
    expect(await stream.next()).toBe(changed('clients'));
    await stream.close();
  });

  it('[S11] a change outside the user\'s scope sends nothing to them; refused rows send nothing', async () => {
    const admin = await s.signIn('admin');
    const a = await s.signIn('operator');
    const b = await s.signIn('operator');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    await s.bind('o1', a.user.id);
    await s.bind('o1', b.user.id);
    const streamB = await openStream(b.client);
    const streamAdmin = await openStream(admin.client);
    expect(await streamB.next()).toBe(RESYNC);
    expect(await streamAdmin.next()).toBe(RESYNC);
    await a.client.push('clients', [created(makeClient({ id: 'a1', orderId: 'o1', ownerId: a.user.id }))]);
    await a.client.push('clients', [created(makeClient({ id: 'a2', orderId: 'o1', ownerId: b.user.id }))]); // refused
    expect(await streamAdmin.next()).toBe(changed('clients')); // 'all' holds a's record
    // An order b is not bound to: nothing for b either.
    await admin.client.push('orders', [created(makeOrder({ id: 'o2', createdBy: admin.user.id }))]);
    expect(await streamAdmin.next()).toBe(changed('orders'));
    const [o1] = (await admin.client.pullAll('orders')).documents.filter((d) => d.id === 'o1') as [Doc];
    await admin.client.push('orders', [edited(o1, { targetCount: 50 }, T0 + 10)]);
    // b's next event is their own order's change: nothing came for a's record, the refused row or o2.
    expect(await streamB.next()).toBe(changed('orders'));
    await streamB.close();
    await streamAdmin.close();
  });

  it('[S11][S4] binding through the API tells the bound user\'s stream to pull every collection', async () => {
    const admin = await s.signIn('admin');
    const op = await s.signIn('operator');
    const other = await s.signIn('operator');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    const stream = await openStream(op.client);
    const otherStream = await openStream(other.client);
    expect(await stream.next()).toBe(RESYNC);
    expect(await otherStream.next()).toBe(RESYNC);
    await admin.client.json('POST', '/api/orders/o1/team', { userId: op.user.id }, 201);
    const events: (string | null)[] = [];
    for (let i = 0; i < SYNC_COLLECTIONS.length; i++) events.push(await stream.next());
    expect(events.sort()).toEqual(SYNC_COLLECTIONS.map(changed).sort());
    // After the refresh the stream follows the new scope: a change in o1 now reaches the operator.
    const [order] = (await admin.client.pullAll('orders')).documents as [Doc];
    await admin.client.push('orders', [edited(order, { targetCount: 7 }, T0 + 10)]);
    expect(await stream.next()).toBe(changed('orders'));
    // The other operator heard nothing of either.
    await admin.client.json('POST', '/api/orders/o1/team', { userId: other.user.id }, 201);
    expect(await otherStream.next()).toMatch(/^data: \{"type":"changed"/);
    await stream.close();
    await otherStream.close();
  });

  it('[S11] devices holding everything (admin, coordinator) hear of bindings, closes and directory changes', async () => {
    const admin = await s.signIn('admin');
    const coordinator = await s.signIn('coordinator');
    const op = await s.signIn('operator');
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    const stream = await openStream(coordinator.client);
    expect(await stream.next()).toBe(RESYNC);
    await admin.client.json('POST', '/api/orders/o1/team', { userId: op.user.id }, 201);
    expect(await stream.next()).toBe(changed('assignments'));
    await admin.client.json('POST', `/api/orders/o1/team/${op.user.id}/close`, { closed: true });
    expect(await stream.next()).toBe(changed('assignments'));
    await admin.client.json('POST', `/api/users/${op.user.id}`, { name: 'Jan Nowy' });
    expect(await stream.next()).toBe(changed('users'));
    await admin.client.json('POST', '/api/orders/o1/close', { confirm: true });
    const closing = [await stream.next(), await stream.next()];
    expect(closing).toContain(changed('orders'));
    expect(closing).toContain(changed('assignments'));
    await stream.close();
  });

  it('[S11] heartbeat comments keep the stream alive; a logout ends it at the next heartbeat', async () => {
    const app = await s.makeApp({ heartbeatMs: 30 });
    const op = await s.signIn('operator');
    const stream = await openStream(op.client, app);
    expect(await stream.next()).toBe(RESYNC);
    expect(await stream.next()).toBe(': heartbeat');
    await op.client.request('POST', '/api/auth/logout', {});
    let block: string | null;
    do block = await stream.next(); while (block === ': heartbeat');
    expect(block).toBeNull();
  });

  it('[S11] a disconnect cleans up the subscription', async () => {
    const op = await s.signIn('operator');
    const before = s.notifier.listenerCount;
    const streams = await Promise.all([1, 2, 3].map(() => openStream(op.client)));
    expect(s.notifier.listenerCount).toBe(before + 3);
    for (const stream of streams) await stream.close();
    await until(() => s.notifier.listenerCount === before, 'listeners to unsubscribe');
  });

  it('[S11] the stream needs a session and the current protocol', async () => {
    expect((await s.app.request('http://localhost/api/sync/stream?protocol=1')).status).toBe(401);
    const op = await s.signIn('operator');
    const old = await s.app.request('http://localhost/api/sync/stream?protocol=-1', { headers: { cookie: op.client.cookie } });
    expect(old.status).toBe(426);
  });

  // Only PostgreSQL has several server instances sharing one database; PGlite is in-process.
  if (s.backend === 'postgres') it('[S11] a change committed through one instance reaches streams on another (LISTEN/NOTIFY)', async () => {
    const other = await s.makeApp();
    const admin = await s.signIn('admin');
    const stream = await openStream(admin.client, other);
    expect(await stream.next()).toBe(RESYNC);
    await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))]);
    expect(await stream.next()).toBe(changed('orders'));
    await stream.close();
  });
});
