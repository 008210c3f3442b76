// Contract: every kind of scope change reaches a device through ONE ordinary sync of its four collections [S3, S4].
//
// A device keeps a copy per collection and a checkpoint taken before the change. After the change it
// pulls each collection from that checkpoint to the end and applies what arrives (a document replaces
// its copy, `_deleted` removes it). Its copy must then hold exactly the new scope — checked against
// ids written out by hand from DESIGN.md's roles table, and against what a fresh device pulls — and no
// removal may carry any of the data the device is losing.
import { expect, it } from 'vitest';
import type { SyncCollection } from '../../schemas/protocol/sync.ts';
import { tombstone } from '../../schemas/entities/tombstone.ts';
import type { Checkpoint, Doc } from './client.ts';
import { T0, created, edited, makeClient, makeOrder } from './fixtures.ts';
import { TEST_PASSWORD, contractSuite, type SignedIn, type Suite } from './harness.ts';

const COLLECTIONS = ['orders', 'clients', 'assignments', 'users'] as const satisfies readonly SyncCollection[];
type Collection = (typeof COLLECTIONS)[number];
type Scope = Record<Collection, string[]>;

/** What a device holds: a copy per collection and the checkpoint of its last pull. */
class Device {
  readonly copy = Object.fromEntries(COLLECTIONS.map((c) => [c, new Map<string, Doc>()])) as Record<Collection, Map<string, Doc>>;
  readonly checkpoints = Object.fromEntries(COLLECTIONS.map((c) => [c, null])) as Record<Collection, Checkpoint>;

  constructor(
    private readonly s: Suite,
    readonly who: SignedIn,
    /** Words the device's removals must never contain (names, ids of the world). */
    private readonly secrets: () => string[],
    /** A small page size, so removal walks and bucket reads are split across pages. */
    private readonly limit = 3,
  ) {}

  /** One sync: every collection pulled from its checkpoint until a short page, as RxDB does. */
  async sync(): Promise<void> {
    for (const collection of COLLECTIONS) {
      const held = new Set(this.copy[collection].keys());
      const { documents, checkpoint } = await this.who.client.pullAll(collection, this.checkpoints[collection], this.limit);
      for (const doc of documents) {
        const id = String(doc.id);
        if (doc._deleted === true) {
          await this.checkRemoval(collection, doc, held);
          this.copy[collection].delete(id);
        } else {
          const { _deleted: _, ...fields } = doc;
          this.copy[collection].set(id, fields);
        }
      }
      this.checkpoints[collection] = checkpoint;
    }
  }

  /**
   * [S4] A live row that left the scope comes back as a bare tombstone: its id and blanks. A row
   * really deleted on the server (an unbinding) may come as stored, but only to a device that held it.
   */
  private async checkRemoval(collection: Collection, doc: Doc, held: Set<string>): Promise<void> {
    const id = String(doc.id);
    const row = await this.s.db.query<{ deleted: boolean }>(`SELECT deleted FROM ${collection} WHERE id = $1`, [id]);
    if (row.rows[0]?.deleted === true && held.has(id) && JSON.stringify(doc) !== JSON.stringify(tombstone(collection, id))) return;
    expect(doc, `${collection} ${id} is a bare tombstone`).toEqual(tombstone(collection, id));
    const text = JSON.stringify({ ...doc, id: '' });
    for (const secret of this.secrets()) expect(text, `${collection} ${id} leaks ${secret}`).not.toContain(secret);
  }

  ids(collection: Collection): string[] {
    return [...this.copy[collection].keys()].sort();
  }

  /** The copy holds exactly `scope`, and exactly what a device starting from nothing would pull now. */
  async expectScope(scope: Scope, label = this.who.user.login): Promise<void> {
    for (const collection of COLLECTIONS) {
      expect(this.ids(collection), `${label} · ${collection}`).toEqual([...scope[collection]].sort());
      const fresh = (await this.who.client.pullAll(collection)).documents.filter((d) => d._deleted !== true);
      const copy = [...this.copy[collection].values()];
      const byId = (a: Doc, b: Doc) => String(a.id).localeCompare(String(b.id));
      expect(copy.sort(byId), `${label} · ${collection} as a fresh device sees it`).toEqual(fresh.map(({ _deleted: _, ...d }) => d).sort(byId));
    }
  }
}

contractSuite('scope changes reach devices in one sync', (s) => {
  /**
   * Coordinator C manages supervisors S1 and S2; S1 manages operators op1 and op2, S2 manages op3.
   * Principal P1 owns o1 and o2, P2 owns o3. Bound: S1 supervises o1, S2 supervises o3, op1 works on
   * o1, op2 on o1 and o2, op3 on o3, verifier V verifies o1. Records: op1 r11 r12 (o1); op2 r21 (o1),
   * r22 (o2); op3 r31 (o3); S1 s1 (o1).
   */
  async function world() {
    const admin = await s.signIn('admin', 'admin');
    const C = await s.signIn('coordinator', 'coord');
    const S1 = await s.signIn('supervisor', 'sup1');
    const S2 = await s.signIn('supervisor', 'sup2');
    const op1 = await s.signIn('operator', 'op1');
    const op2 = await s.signIn('operator', 'op2');
    const op3 = await s.signIn('operator', 'op3');
    const P1 = await s.signIn('principal', 'pr1');
    const P2 = await s.signIn('principal', 'pr2');
    const V = await s.signIn('verifier', 'ver');
    await s.setManager(S1.user.id, C.user.id);
    await s.setManager(S2.user.id, C.user.id);
    await s.setManager(op1.user.id, S1.user.id);
    await s.setManager(op2.user.id, S1.user.id);
    await s.setManager(op3.user.id, S2.user.id);
    const orders = [makeOrder({ id: 'o1', createdBy: C.user.id, principalId: P1.user.id }), makeOrder({ id: 'o2', createdBy: C.user.id, principalId: P1.user.id }),
      makeOrder({ id: 'o3', createdBy: C.user.id, principalId: P2.user.id })];
    expect((await C.client.push('orders', orders.map(created))).refused).toEqual([]);
    for (const [orderId, who] of [['o1', S1], ['o3', S2], ['o1', op1], ['o1', op2], ['o2', op2], ['o3', op3], ['o1', V]] as const) {
      await s.bind(orderId, who.user.id);
    }
    const add = async (who: SignedIn, orderId: string, ids: string[]) =>
      expect((await who.client.push('clients', ids.map((id) => created(makeClient({ id, orderId, ownerId: who.user.id }))))).refused).toEqual([]);
    await add(op1, 'o1', ['r11', 'r12']);
    await add(op2, 'o1', ['r21']);
    await add(op2, 'o2', ['r22']);
    await add(op3, 'o3', ['r31']);
    await add(S1, 'o1', ['s1']);
    const people = { admin, C, S1, S2, op1, op2, op3, P1, P2, V };
    // Everything that identifies the world's data: a removal must carry none of it.
    const secrets = () => [
      ...Object.values(people).flatMap((p) => [p.user.id, p.user.name]),
      'Zakłady', 'Firmy mięsne', 'Radom', '26-600', 'o1', 'o2', 'o3',
    ];
    /** A device of `who` that has synced the world as it is now. */
    const device = async (who: SignedIn) => {
      const d = new Device(s, who, secrets);
      await d.sync();
      return d;
    };
    const a = (orderId: string, who: SignedIn) => `${orderId}:${who.user.id}`;
    const u = (...who: SignedIn[]) => who.map((w) => w.user.id);
    return { ...people, device, a, u };
  }

  type World = Awaited<ReturnType<typeof world>>;
  /** The scopes before any change, from DESIGN.md's roles table. */
  const initial = (w: World): Record<'op1' | 'op2' | 'S1' | 'S2' | 'P1' | 'P2' | 'V', Scope> => ({
    op1: { orders: ['o1'], clients: ['r11', 'r12'], assignments: [w.a('o1', w.op1)], users: w.u(w.op1, w.S1) },
    op2: { orders: ['o1', 'o2'], clients: ['r21', 'r22'], assignments: [w.a('o1', w.op2), w.a('o2', w.op2)], users: w.u(w.op2, w.S1) },
    S1: {
      orders: ['o1'],
      clients: ['s1', 'r11', 'r12', 'r21', 'r22'],
      // Own and their operators' bindings, and the whole team of o1 which they supervise.
      assignments: [w.a('o1', w.S1), w.a('o1', w.op1), w.a('o1', w.op2), w.a('o2', w.op2), w.a('o1', w.V)],
      users: w.u(w.S1, w.C, w.op1, w.op2),
    },
    S2: { orders: ['o3'], clients: ['r31'], assignments: [w.a('o3', w.S2), w.a('o3', w.op3)], users: w.u(w.S2, w.C, w.op3) },
    P1: {
      orders: ['o1', 'o2'],
      clients: ['r11', 'r12', 'r21', 'r22', 's1'],
      assignments: [w.a('o1', w.S1), w.a('o1', w.op1), w.a('o1', w.op2), w.a('o2', w.op2), w.a('o1', w.V)],
      users: w.u(w.P1),
    },
    P2: { orders: ['o3'], clients: ['r31'], assignments: [w.a('o3', w.S2), w.a('o3', w.op3)], users: w.u(w.P2) },
    // The whole team of the order they verify: the names of those whose records they judge.
    V: { orders: ['o1'], clients: ['r11', 'r12', 'r21', 's1'], assignments: [w.a('o1', w.S1), w.a('o1', w.op1), w.a('o1', w.op2), w.a('o1', w.V)], users: w.u(w.V) },
  });

  it('[S3][S4] the world as each role first syncs it (the baseline of the changes below)', async () => {
    const w = await world();
    const scopes = initial(w);
    for (const key of Object.keys(scopes) as (keyof typeof scopes)[]) await (await w.device(w[key])).expectScope(scopes[key]);
  });

  it('[S4] bind: the order and its existing records arrive in one sync, for the bound user and their supervisor', async () => {
    const w = await world();
    const scopes = initial(w);
    const [op1, S1, V, op2] = await Promise.all([w.device(w.op1), w.device(w.S1), w.device(w.V), w.device(w.op2)]);
    await w.admin.client.json('POST', '/api/orders/o2/team', { userId: w.op1.user.id }, 201);
    await w.admin.client.json('POST', '/api/orders/o2/team', { userId: w.V.user.id }, 201);
    for (const d of [op1, S1, V, op2]) await d.sync();
    await op1.expectScope({ ...scopes.op1, orders: ['o1', 'o2'], assignments: [w.a('o1', w.op1), w.a('o2', w.op1)] });
    // The verifier now reads every record of o2, entered before they were bound.
    await V.expectScope({
      ...scopes.V, orders: ['o1', 'o2'], clients: [...scopes.V.clients, 'r22'],
      assignments: [...scopes.V.assignments, w.a('o2', w.op2), w.a('o2', w.op1), w.a('o2', w.V)],
    });
    await S1.expectScope({ ...scopes.S1, assignments: [...scopes.S1.assignments, w.a('o2', w.op1)] });
    await op2.expectScope(scopes.op2);
  });

  it('[S4] unbind: the order and the user\'s records in it leave in one sync; binding again brings them back', async () => {
    const w = await world();
    const scopes = initial(w);
    const [op2, S1, V] = await Promise.all([w.device(w.op2), w.device(w.S1), w.device(w.V)]);
    await w.admin.client.json('POST', `/api/orders/o2/team/${w.op2.user.id}/unbind`, {});
    await w.admin.client.json('POST', `/api/orders/o1/team/${w.V.user.id}/unbind`, {});
    for (const d of [op2, S1, V]) await d.sync();
    await op2.expectScope({ ...scopes.op2, orders: ['o1'], clients: ['r21'], assignments: [w.a('o1', w.op2)] });
    // The verifier's whole order leaves: four records, the order, the binding.
    await V.expectScope({ orders: [], clients: [], assignments: [], users: w.u(w.V) });
    // Their supervisor keeps the operator's records (own:op2) but not the ended bindings.
    await S1.expectScope({ ...scopes.S1, assignments: scopes.S1.assignments.filter((id) => id !== w.a('o2', w.op2) && id !== w.a('o1', w.V)) });

    // Growth again: the record entered in o2 before the unbinding comes back with the binding.
    await w.admin.client.json('POST', '/api/orders/o2/team', { userId: w.op2.user.id }, 201);
    await op2.sync();
    await op2.expectScope(scopes.op2);
    expect(op2.copy.clients.get('r22')).toMatchObject({ name: 'Zakłady Mięsne r22', ownerId: w.op2.user.id });
  });

  it('[S4] an operator moved to another supervisor: the old supervisor loses their records, the new one gains them', async () => {
    const w = await world();
    const scopes = initial(w);
    const [op2, S1, S2, P1] = await Promise.all([w.device(w.op2), w.device(w.S1), w.device(w.S2), w.device(w.P1)]);
    const moved = await w.admin.client.json<{ user: { managerId: string } }>('POST', `/api/users/${w.op2.user.id}`, { managerId: w.S2.user.id });
    expect(moved.user.managerId).toBe(w.S2.user.id);
    for (const d of [op2, S1, S2, P1]) await d.sync();
    // The operator's own work is untouched; their directory now holds the new supervisor.
    await op2.expectScope({ ...scopes.op2, users: w.u(w.op2, w.S2) });
    // S1 keeps o1's team (they supervise o1), loses op2's records, op2's o2 binding and op2's directory entry.
    await S1.expectScope({
      ...scopes.S1,
      clients: ['s1', 'r11', 'r12'],
      assignments: scopes.S1.assignments.filter((id) => id !== w.a('o2', w.op2)),
      users: w.u(w.S1, w.C, w.op1),
    });
    // S2 gains them, the records of orders S2 is not bound to included.
    await S2.expectScope({
      orders: ['o3'],
      clients: ['r31', 'r21', 'r22'],
      assignments: [...scopes.S2.assignments, w.a('o1', w.op2), w.a('o2', w.op2)],
      users: w.u(w.S2, w.C, w.op3, w.op2),
    });
    // Buckets moved, not orders: the principal sees the same.
    await P1.expectScope(scopes.P1);
  });

  it('[S4] an order given to another principal: it leaves the old principal\'s devices with its records and team, reaches the new one', async () => {
    const w = await world();
    const scopes = initial(w);
    const [P1, P2, op2] = await Promise.all([w.device(w.P1), w.device(w.P2), w.device(w.op2)]);
    const [o2] = (await w.C.client.pullAll('orders')).documents.filter((d) => d.id === 'o2') as [Doc];
    expect(await w.C.client.push('orders', [edited(o2, { principalId: w.P2.user.id }, T0 + 10)])).toEqual({ conflicts: [], refused: [] });
    for (const d of [P1, P2, op2]) await d.sync();
    await P1.expectScope({
      orders: ['o1'],
      clients: ['r11', 'r12', 'r21', 's1'],
      assignments: scopes.P1.assignments.filter((id) => id !== w.a('o2', w.op2)),
      users: w.u(w.P1),
    });
    await P2.expectScope({
      orders: ['o2', 'o3'],
      clients: ['r22', 'r31'],
      assignments: [...scopes.P2.assignments, w.a('o2', w.op2)],
      users: w.u(w.P2),
    });
    // The operator still works on o2 and receives the changed order.
    await op2.expectScope(scopes.op2);
    expect(op2.copy.orders.get('o2')).toMatchObject({ principalId: w.P2.user.id });
  });

  it('[S4] a deactivated user: their device is refused on every collection (and wipes); the others see the flag, records stay', async () => {
    const w = await world();
    const scopes = initial(w);
    const [op1, S1, admin] = await Promise.all([w.device(w.op1), w.device(w.S1), w.device(w.admin)]);
    await w.admin.client.json('POST', `/api/users/${w.op1.user.id}`, { active: false });
    for (const collection of COLLECTIONS) {
      const response = await w.op1.client.request('POST', `/api/sync/${collection}/pull`, { checkpoint: op1.checkpoints[collection], limit: 3 });
      expect(response.status, collection).toBe(401);
      expect(((await response.json()) as { error: { reason: string } }).error.reason).toBe('deactivated');
    }
    await S1.sync();
    await admin.sync();
    await S1.expectScope(scopes.S1);
    expect(S1.copy.users.get(w.op1.user.id)).toMatchObject({ active: false });
    expect(admin.copy.users.get(w.op1.user.id)).toMatchObject({ active: false });
    // Reactivated and signed in again, the operator's fresh device gets their scope back.
    await w.admin.client.json('POST', `/api/users/${w.op1.user.id}`, { active: true });
    const again = s.client('op1-again');
    expect((await again.request('POST', '/api/auth/login', { login: 'op1', password: TEST_PASSWORD })).status).toBe(200);
    const fresh = new Device(s, { user: w.op1.user, client: again }, () => []);
    await fresh.sync();
    await fresh.expectScope(scopes.op1);
  });

  it('[S4] a role change: every binding ends, the user leaves the old structure; supervisor and user converge in one sync', async () => {
    const w = await world();
    const scopes = initial(w);
    const [op1, S1, P1] = await Promise.all([w.device(w.op1), w.device(w.S1), w.device(w.P1)]);
    const changed = await w.admin.client.json<{ user: { role: string; managerId: string } }>('POST', `/api/users/${w.op1.user.id}`, { role: 'verifier' });
    expect(changed.user).toMatchObject({ role: 'verifier', managerId: '' });
    for (const d of [op1, S1, P1]) await d.sync();
    // A verifier bound nowhere: nothing but themselves; their own records went with the operator role.
    await op1.expectScope({ orders: [], clients: [], assignments: [], users: w.u(w.op1) });
    await S1.expectScope({
      ...scopes.S1,
      clients: ['s1', 'r21', 'r22'],
      assignments: scopes.S1.assignments.filter((id) => id !== w.a('o1', w.op1)),
      users: w.u(w.S1, w.C, w.op2),
    });
    await P1.expectScope({ ...scopes.P1, assignments: scopes.P1.assignments.filter((id) => id !== w.a('o1', w.op1)) });

    // Bound again in the new role, to o2: every record of o2 arrives.
    await w.admin.client.json('POST', '/api/orders/o2/team', { userId: w.op1.user.id }, 201);
    await op1.sync();
    await op1.expectScope({ orders: ['o2'], clients: ['r22'], assignments: [w.a('o2', w.op2), w.a('o2', w.op1)], users: w.u(w.op1) });
    expect(op1.copy.assignments.get(w.a('o2', w.op1))).toMatchObject({ role: 'verifier', closed: false });
  });
});
