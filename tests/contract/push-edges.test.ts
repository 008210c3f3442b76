// Contract: edges of the push found under attack and in review: inherited keys, deleted orders, foreign ids, lost values [V7, V8, P8, S18, S19].
import { expect, it } from 'vitest';
import { mergeDocs, type DocLike } from '../../schemas/rules/merge.ts';
import type { PushRow } from '../../schemas/protocol/sync.ts';
import type { Doc } from './client.ts';
import { T0, created, edited, makeClient, makeOrder } from './fixtures.ts';
import { contractSuite, type SignedIn } from './harness.ts';

/** A push row's new state with its `fieldTimes` extended by raw JSON keys (`__proto__` stays an own key, as on the wire). */
function withRawTimes(row: PushRow<Doc>, keys: readonly string[]): PushRow<Doc> {
  const added = keys.map((k) => `"${k}":${T0}`).join(',');
  const state = JSON.stringify(row.newDocumentState).replace(/"fieldTimes":\{(\}?)/, (_, empty: string) => `"fieldTimes":{${added}${empty ? '}' : ','}`);
  return { assumedMasterState: row.assumedMasterState, newDocumentState: JSON.parse(state) } as PushRow<Doc>;
}

contractSuite('push edges', (s) => {
  let admin: SignedIn;
  let op: SignedIn;

  async function world(): Promise<Doc> {
    admin = await s.signIn('admin');
    op = await s.signIn('operator');
    expect((await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))])).refused).toEqual([]);
    await s.bind('o1', op.user.id);
    expect((await op.client.push('clients', [created(makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id }))])).refused).toEqual([]);
    return (await op.client.pullAll('clients')).documents[0]!;
  }

  const lostEntries = () =>
    s.db.query<{ path: string; old: unknown; new: unknown; user_id: string; device_id: string }>(
      "SELECT path, old, new, user_id, device_id FROM audit WHERE doc_id = 'c1' AND kind = 'lost' ORDER BY id",
    ).then((r) => r.rows);

  it('[V7] a fieldTimes key naming an inherited member is refused (VALIDATION) and logged, on create and on edit', async () => {
    const master = await world();
    // (`__proto__` itself never gets this far: the body's JSON check refuses it anywhere [S10].)
    const keys = ['toString', 'custom:constructor', 'constructor:x', 'hasOwnProperty', 'valueOf', 'verification:isPrototypeOf'];
    for (const [i, key] of keys.entries()) {
      const fresh = withRawTimes(created(makeClient({ id: `n${i}`, orderId: 'o1', ownerId: op.user.id })), [key]);
      expect(await op.client.push('clients', [fresh]), key).toEqual({
        conflicts: [], refused: [{ id: `n${i}`, code: 'VALIDATION', issues: [{ field: 'fieldTimes', code: 'json.forbiddenKey' }] }],
      });
      const edit = withRawTimes(edited(master, { city: 'Płock' }, T0 + 10), [key]);
      const response = await op.client.push('clients', [edit]);
      expect(response.refused, key).toEqual([{ id: 'c1', code: 'VALIDATION', issues: [{ field: 'fieldTimes', code: 'json.forbiddenKey' }] }]);
      expect(response.conflicts).toEqual([master]);
    }
    expect(await s.count('clients', "id LIKE 'n%'")).toBe(0);
    expect(await s.count('refused_changes', "code = 'VALIDATION'")).toBe(keys.length * 2);
    // Orders and attributes too; and an attribute id naming an inherited member could never be a custom key.
    const order = withRawTimes(created(makeOrder({ id: 'o2', createdBy: admin.user.id })), ['constructor']);
    expect((await admin.client.push('orders', [order])).refused).toMatchObject([{ id: 'o2', code: 'VALIDATION' }]);
    const stored = (await s.db.query<{ doc: Doc }>("SELECT doc FROM clients WHERE id = 'c1'")).rows[0]!.doc;
    expect(stored.city).toBe('Radom');
  });

  it('[V7][V8] a verdict note keyed by an inherited member is refused (VALIDATION), also where the verdict rules do not look', async () => {
    const master = await world();
    const forbiddenKey = { code: 'VALIDATION', issues: [{ field: 'verification', code: 'json.forbiddenKey' }] };
    // (`__proto__` and `constructor` never get this far: the body's JSON check refuses them anywhere [S10].)
    for (const [i, key] of ['toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'].entries()) {
      const verification = { state: 'rejected', reason: 'zły NIP', verifierId: admin.user.id, at: T0, notes: { [key]: 'x' } };
      // The administrator may create a record with its verdict (imports), where no verdict rule runs.
      const fresh = makeClient({ id: `v${i}`, orderId: 'o1', ownerId: op.user.id }, { verification } as never);
      expect((await admin.client.push('clients', [created(fresh)])).refused, key).toEqual([{ id: `v${i}`, ...forbiddenKey }]);
      const response = await admin.client.push('clients', [edited(master, { verification } as never, T0 + 10)]);
      expect(response, key).toEqual({ conflicts: [master], refused: [{ id: 'c1', ...forbiddenKey }] });
    }
    expect(await s.count('clients', "id LIKE 'v%'")).toBe(0);
  });

  it('[P8] an order is never deleted by a push, by its principal or the administrator: refused, logged, kept', async () => {
    await world();
    const principal = await s.signIn('principal');
    expect((await principal.client.push('orders', [created(makeOrder({ id: 'o2', createdBy: principal.user.id }))])).refused).toEqual([]);
    for (const [who, id] of [[principal, 'o2'], [admin, 'o1']] as const) {
      const order = (await who.client.pullAll('orders')).documents.find((d) => d.id === id)!;
      const row = { assumedMasterState: order, newDocumentState: { ...order, _deleted: true } } as unknown as PushRow<Doc>;
      expect(await who.client.push('orders', [row]), id).toEqual({
        conflicts: [{ ...order, _deleted: false }], refused: [{ id, code: 'FORBIDDEN', issues: [{ field: '_deleted', code: 'permission.field' }] }],
      });
    }
    // Nor born deleted.
    const born = { assumedMasterState: null, newDocumentState: { ...makeOrder({ id: 'o3', createdBy: admin.user.id }), _deleted: true } } as unknown as PushRow<Doc>;
    expect((await admin.client.push('orders', [born])).refused).toEqual([{ id: 'o3', code: 'FORBIDDEN', issues: [{ field: '_deleted', code: 'permission.field' }] }]);
    expect(await s.count('orders', 'deleted')).toBe(0);
    expect(await s.count('refused_changes', "collection = 'orders'")).toBe(3);
  });

  it('[P8] nothing is written into a deleted order: answered exactly as an order that does not exist', async () => {
    const master = await world();
    // Deleted before this rule existed (or by an old server): the row stays as a tombstone.
    await s.db.query("UPDATE orders SET deleted = true WHERE id = 'o1'");
    for (const who of [admin, op]) {
      const into = (orderId: string) => created(makeClient({ id: 'c9', orderId, ownerId: op.user.id }));
      const deletedAnswer = await who.client.push('clients', [into('o1')]);
      const missingAnswer = await who.client.push('clients', [into('o-missing')]);
      expect(deletedAnswer).toEqual(missingAnswer);
      expect(deletedAnswer).toEqual({ conflicts: [], refused: [{ id: 'c9', code: 'FORBIDDEN', issues: [{ field: 'orderId', code: 'permission.notBound' }] }] });
    }
    // An existing record in it does not change either (the administrator still reads it).
    const edit = await admin.client.push('clients', [edited(master, { city: 'Płock' }, T0 + 10)]);
    expect(edit.refused).toEqual([{ id: 'c1', code: 'FORBIDDEN', issues: [{ field: 'orderId', code: 'permission.notBound' }] }]);
    expect(await s.count('clients', "id = 'c9'")).toBe(0);
    expect((await s.db.query<{ doc: Doc }>("SELECT doc FROM clients WHERE id = 'c1'")).rows[0]!.doc.city).toBe('Radom');
    expect(await s.count('refused_changes', "doc_id IN ('c1', 'c9')")).toBe(5);
  });

  it('[S18] a push naming a foreign id gets the very answer a missing id gets, with no conflict document', async () => {
    const master = await world();
    const other = await s.signIn('operator');
    const admin2Order = makeOrder({ id: 'o2', createdBy: admin.user.id });
    expect((await admin.client.push('orders', [created(admin2Order)])).refused).toEqual([]);
    await s.bind('o2', other.user.id);
    // The same payloads, once naming the stored foreign record c1 and once a free id; the free id's
    // refusals are logged too, so nothing is created by the comparison.
    const rename = (row: PushRow<Doc>, id: string) => JSON.parse(JSON.stringify(row).replaceAll('"c1"', `"${id}"`)) as PushRow<Doc>;
    const payloads: PushRow<Doc>[] = [
      edited(master, { city: 'Gdańsk' }, T0 + 10), // an edit of the record as it is
      created(makeClient({ id: 'c1', orderId: 'o1', ownerId: other.user.id })), // a create in a foreign order
      created(makeClient({ id: 'c1', orderId: 'o2', ownerId: op.user.id })), // someone else's record
      { ...created(makeClient({ id: 'c1', orderId: 'o2', ownerId: other.user.id })), newDocumentState: { id: 'c1', name: 1 } } as never, // invalid
      { assumedMasterState: master, newDocumentState: { ...master, _deleted: true } } as unknown as PushRow<Doc>, // a deletion
    ];
    for (const [i, payload] of payloads.entries()) {
      const foreign = await other.client.push('clients', [payload]);
      const missing = await other.client.push('clients', [rename(payload, 'c-free')]);
      expect(JSON.parse(JSON.stringify(foreign).replaceAll('"c1"', '"c-free"')), `payload ${i}`).toEqual(missing);
      expect(foreign.conflicts, `payload ${i}`).toEqual([]);
      expect(foreign.refused, `payload ${i}`).toHaveLength(1);
    }
    // A create the user could make under a free id is accepted there; under a taken id it is refused, logged, and leaks nothing.
    const own = created(makeClient({ id: 'c1', orderId: 'o2', ownerId: other.user.id }));
    const taken = await other.client.push('clients', [own]);
    expect(taken).toEqual({ conflicts: [], refused: [{ id: 'c1', code: 'FORBIDDEN', issues: [{ field: 'id', code: 'record.idTaken' }] }] });
    expect(await other.client.push('clients', [rename(own, 'c-free')])).toEqual({ conflicts: [], refused: [] });
    expect(await s.count('refused_changes', "doc_id = 'c1'")).toBe(payloads.length + 1);
    expect((await s.db.query<{ doc: Doc }>("SELECT doc FROM clients WHERE id = 'c1'")).rows[0]!.doc).toMatchObject({ city: 'Radom', ownerId: op.user.id });
    // Orders alike: a principal naming another principal's order, or a free id, with the same edit.
    const principal = await s.signIn('principal');
    const [order] = (await admin.client.pullAll('orders')).documents.filter((d) => d.id === 'o1');
    const orderEdit = edited(order!, { area: 'Mazowsze' }, T0 + 10);
    const onForeign = await principal.client.push('orders', [orderEdit]);
    const onFree = await principal.client.push('orders', [JSON.parse(JSON.stringify(orderEdit).replaceAll('"o1"', '"o-free"')) as PushRow<Doc>]);
    expect(JSON.parse(JSON.stringify(onForeign).replaceAll('"o1"', '"o-free"'))).toEqual(onFree);
    expect(onForeign.conflicts).toEqual([]);
  });

  it('[S19] a same-field loser that arrives second is audited as lost, exactly once even when re-sent', async () => {
    const master = await world();
    s.clock.now = T0 + 60_000; // the edits below lie in the server's past: no clamp [M9]
    const tabA = s.client('device-a');
    const tabB = s.client('device-b');
    tabA.cookie = op.client.cookie;
    tabB.cookie = op.client.cookie;
    expect(await tabA.push('clients', [edited(master, { name: 'Wygrany' }, T0 + 20)])).toEqual({ conflicts: [], refused: [] });
    const stored = (await op.client.pullAll('clients')).documents[0]!;
    // B typed earlier (offline), so its value loses by the edit time [M4]; its other edit survives.
    const late = edited(master, { name: 'Przegrany', city: 'Kielce' }, T0 + 10);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await tabB.push('clients', [late])).toEqual({ conflicts: [stored], refused: [] });
    }
    expect(await lostEntries()).toEqual([
      { path: 'name', old: 'Wygrany', new: 'Przegrany', user_id: op.user.id, device_id: 'device-b' },
    ]);
    const at = await s.db.query<{ at: Date }>("SELECT at FROM audit WHERE kind = 'lost'");
    expect(new Date(at.rows[0]!.at).getTime()).toBe(T0 + 10); // when the lost value was typed
    // What B's device does next: merge, push the merge; city is written, the lost name is not.
    const merged = mergeDocs({ assumed: master as Doc & DocLike, real: stored as Doc & DocLike, next: late.newDocumentState as Doc & DocLike });
    expect(await tabB.push('clients', [{ assumedMasterState: stored, newDocumentState: merged } as unknown as PushRow<Doc>])).toEqual({ conflicts: [], refused: [] });
    expect((await op.client.pullAll('clients')).documents[0]).toMatchObject({ name: 'Wygrany', city: 'Kielce' });
    expect(await lostEntries()).toHaveLength(1);
    expect(await s.count('audit', "kind = 'change' AND doc_id = 'c1' AND path = 'city' AND device_id = 'device-b'")).toBe(1);
  });

  it('[S19] a device edit that arrives second and wins keeps the overwritten value as old in the normal audit entry', async () => {
    const master = await world();
    s.clock.now = T0 + 60_000; // the edits below lie in the server's past: no clamp [M9]
    const tabA = s.client('device-a');
    const tabB = s.client('device-b');
    tabA.cookie = op.client.cookie;
    tabB.cookie = op.client.cookie;
    expect(await tabA.push('clients', [edited(master, { name: 'Pierwszy' }, T0 + 10)])).toEqual({ conflicts: [], refused: [] });
    const stored = (await op.client.pullAll('clients')).documents[0]!;
    const later = edited(master, { name: 'Drugi' }, T0 + 20);
    expect(await tabB.push('clients', [later])).toEqual({ conflicts: [stored], refused: [] });
    expect(await lostEntries()).toEqual([]); // B's value survives the merge: nothing lost
    const merged = mergeDocs({ assumed: master as Doc & DocLike, real: stored as Doc & DocLike, next: later.newDocumentState as Doc & DocLike });
    expect(merged.name).toBe('Drugi');
    expect(await tabB.push('clients', [{ assumedMasterState: stored, newDocumentState: merged } as unknown as PushRow<Doc>])).toEqual({ conflicts: [], refused: [] });
    const history = await s.db.query("SELECT path, old, new, device_id, kind FROM audit WHERE doc_id = 'c1' AND path = 'name' ORDER BY id");
    expect(history.rows.slice(-2)).toEqual([
      { path: 'name', old: master.name, new: 'Pierwszy', device_id: 'device-a', kind: 'change' },
      { path: 'name', old: 'Pierwszy', new: 'Drugi', device_id: 'device-b', kind: 'change' },
    ]);
  });
});
