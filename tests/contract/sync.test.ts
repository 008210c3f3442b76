// Contract: pull and push on every backend — round trip, conflicts, idempotence, validation, audit, clamping [S1–S10].
import { expect, it } from 'vitest';
import type { Doc } from './client.ts';
import { T0, created, deleted, edited, makeAttribute, makeClient, makeOrder } from './fixtures.ts';
import { contractSuite } from './harness.ts';

contractSuite('sync pull/push', (s) => {
  async function operatorWithOrder() {
    const admin = await s.signIn('admin');
    const op = await s.signIn('operator');
    // The order uses one custom attribute, 'branza' (V6: records hold values of their order's attributes).
    expect((await admin.client.push('attributes', [created(makeAttribute({ id: 'branza', createdBy: admin.user.id }))])).refused).toEqual([]);
    const order = makeOrder({ id: 'o1', createdBy: admin.user.id }, { attributeIds: ['branza'] });
    expect((await admin.client.push('orders', [created(order)])).refused).toEqual([]);
    // Operators write only in orders they are bound to [P2]: bind first, as the team screen would.
    await s.bind('o1', op.user.id);
    return { admin, op, order };
  }

  it('[S3] a pull with nothing to read returns nothing and a checkpoint naming the buckets held', async () => {
    const { op } = await operatorWithOrder();
    const response = await op.client.pull('clients', null, 10);
    expect(response.documents).toEqual([]);
    expect(await s.bucketsOf(response.checkpoint)).toEqual({ held: [`op:o1:${op.user.id}`], filling: [], removing: [] });
    expect(response.checkpoint.at).toEqual({ xid: '0', seq: 0 });
    // An operator bound nowhere holds no bucket at all.
    const idle = await s.signIn('operator');
    const nothing = await idle.client.pull('clients', null, 10);
    expect(nothing.documents).toEqual([]);
    expect(await s.bucketsOf(nothing.checkpoint)).toEqual({ held: [], filling: [], removing: [] });
  });

  it('[S5] push → pull round trip returns the stored document with _deleted', async () => {
    const { op } = await operatorWithOrder();
    const doc = makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id });
    expect(await op.client.push('clients', [created(doc)])).toEqual({ conflicts: [], refused: [] });
    const { documents, checkpoint } = await op.client.pullAll('clients');
    expect(documents).toEqual([{ ...doc, _deleted: false }]);
    // Nothing new after the checkpoint.
    expect((await op.client.pull('clients', checkpoint)).documents).toEqual([]);
  });

  it('[S1] pulls page by `limit` and the checkpoint advances only over what was returned', async () => {
    const { op } = await operatorWithOrder();
    const rows = Array.from({ length: 7 }, (_, i) => created(makeClient({ id: `c${i}`, orderId: 'o1', ownerId: op.user.id })));
    await op.client.push('clients', rows);
    const first = await op.client.pull('clients', null, 3);
    expect(first.documents.map((d) => d.id)).toHaveLength(3);
    const { documents } = await op.client.pullAll('clients', first.checkpoint, 3);
    expect([...first.documents, ...documents].map((d) => d.id).sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
  });

  it('[S29] a limit above MAX_PULL_LIMIT is clamped, a non-integer limit is 400', async () => {
    const { client } = await s.signIn('operator');
    expect((await client.request('POST', '/api/sync/clients/pull', { checkpoint: null, limit: 10_000 })).status).toBe(200);
    for (const limit of [0, -1, 1.5, '10', null]) {
      expect((await client.request('POST', '/api/sync/clients/pull', { checkpoint: null, limit })).status).toBe(400);
    }
  });

  it('[S5] an edit against a stale assumed state is a conflict and returns the stored state, unchanged', async () => {
    const { op } = await operatorWithOrder();
    const doc = makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id });
    await op.client.push('clients', [created(doc)]);
    const [master] = (await op.client.pullAll('clients')).documents as [Doc];
    await op.client.push('clients', [edited(master, { city: 'Płock' }, T0 + 1000)]);
    const [stored] = (await op.client.pullAll('clients')).documents as [Doc];

    const stale = await op.client.push('clients', [edited(master, { street: 'Długa' }, T0 + 2000)]);
    expect(stale.refused).toEqual([]);
    expect(stale.conflicts).toEqual([stored]);
    expect((await op.client.pullAll('clients')).documents).toEqual([stored]);
  });

  it('[S7] the same rows pushed twice have no second effect and cause no conflict', async () => {
    const { op } = await operatorWithOrder();
    const row = created(makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id }));
    await op.client.push('clients', [row]);
    const position = await s.db.query('SELECT xid::text, seq FROM clients');
    const audits = await s.count('audit');
    expect(await op.client.push('clients', [row])).toEqual({ conflicts: [], refused: [] });
    const [master] = (await op.client.pullAll('clients')).documents as [Doc];
    const edit = edited(master, { city: 'Płock' }, T0 + 1000);
    await op.client.push('clients', [edit]);
    const afterEdit = await s.count('audit');
    expect(await op.client.push('clients', [edit])).toEqual({ conflicts: [], refused: [] });
    expect(await s.count('audit')).toBe(afterEdit);
    expect(afterEdit).toBe(audits + 1);
    expect((await s.db.query('SELECT xid::text, seq FROM clients')).rows).not.toEqual(position.rows);
  });

  it('[S7] the same rows pushed concurrently from several tabs: one write, no conflict', async () => {
    const { op } = await operatorWithOrder();
    const rows = Array.from({ length: 20 }, (_, i) => created(makeClient({ id: `c${i}`, orderId: 'o1', ownerId: op.user.id })));
    const tabs = [0, 1, 2, 3].map(() => s.client());
    for (const tab of tabs) tab.cookie = op.client.cookie;
    const results = await Promise.all(tabs.map((tab) => tab.push('clients', rows)));
    for (const result of results) expect(result).toEqual({ conflicts: [], refused: [] });
    expect(await s.count('clients')).toBe(20);
    expect(await s.count('audit', "collection = 'clients' AND path = 'name'")).toBe(20);
  });

  it('[S9] accepted changes write audit rows per field path with user, device, old and new values', async () => {
    const { op } = await operatorWithOrder();
    await op.client.push('clients', [created(makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id }))]);
    const [master] = (await op.client.pullAll('clients')).documents as [Doc];
    await op.client.push('clients', [edited(master, { city: 'Płock', custom: { branza: 'wędliny' } }, T0 + 1000)]);
    const rows = await s.db.query<{ path: string; old: unknown; new: unknown; user_id: string; device_id: string }>(
      "SELECT path, old, new, user_id, device_id FROM audit WHERE doc_id = 'c1' ORDER BY id DESC LIMIT 2",
    );
    expect(rows.rows.map((r) => [r.path, r.old, r.new]).sort()).toEqual([['city', 'Radom', 'Płock'], ['custom:branza', null, 'wędliny']]);
    for (const row of rows.rows) expect([row.user_id, row.device_id]).toEqual([op.user.id, op.client.device]);
    await op.client.push('clients', [deleted((await op.client.pullAll('clients')).documents[0]!)]);
    expect(await s.count('audit', "doc_id = 'c1' AND path = '_deleted'")).toBe(1);
  });

  it('[S5] a deletion replicates as _deleted: true and stays deleted [M7]', async () => {
    const { op } = await operatorWithOrder();
    await op.client.push('clients', [created(makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id }))]);
    const { documents, checkpoint } = await op.client.pullAll('clients');
    await op.client.push('clients', [deleted(documents[0]!)]);
    const after = await op.client.pull('clients', checkpoint);
    expect(after.documents).toMatchObject([{ id: 'c1', _deleted: true }]);
    const revive = await op.client.push('clients', [edited(after.documents[0]!, { city: 'X' }, T0 + 5)]);
    expect(revive.refused).toMatchObject([{ id: 'c1', code: 'FORBIDDEN' }]);
  });

  it('[M9] edit times in the server future are clamped to the server clock', async () => {
    const { op } = await operatorWithOrder();
    const future = T0 + 365 * 24 * 3600 * 1000;
    const doc = makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id, now: future });
    expect((await op.client.push('clients', [created(doc)])).refused).toEqual([]);
    const [stored] = (await op.client.pullAll('clients')).documents as [Doc];
    expect(stored.createdAt).toBe(T0);
    expect(stored.updatedAt).toBe(T0);
    expect(Math.max(...Object.values(stored.fieldTimes as Record<string, number>))).toBe(T0);
    // The re-sent original differs from the stored data in createdAt: a conflict that hands the device
    // the clamped state (its merge then adopts it), not a second write.
    expect(await op.client.push('clients', [created(doc)])).toEqual({ conflicts: [stored], refused: [] });
  });

  it('[S7][M9] a re-sent edit whose times the server clamped: no conflict, no audit, the stored copy announced again', async () => {
    const { op } = await operatorWithOrder();
    await op.client.push('clients', [created(makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id }))]);
    const first = await op.client.pullAll('clients');
    const edit = edited(first.documents[0] as Doc, { city: 'Płock' }, T0 + 365 * 24 * 3600 * 1000);
    expect(await op.client.push('clients', [edit])).toEqual({ conflicts: [], refused: [] });
    const applied = await op.client.pull('clients', first.checkpoint);
    const audits = await s.count('audit');
    // The reply was lost: the same row again.
    expect(await op.client.push('clients', [edit])).toEqual({ conflicts: [], refused: [] });
    expect(await s.count('audit')).toBe(audits);
    const announced = await op.client.pull('clients', applied.checkpoint);
    expect(announced.documents).toHaveLength(1);
    expect(announced.documents[0]).toMatchObject({ city: 'Płock', fieldTimes: { city: T0 } });
  });

  it('[S10] invalid documents are refused with no 5xx, nothing stored, each logged in refused_changes', async () => {
    const { op } = await operatorWithOrder();
    const base = (id: string) => makeClient({ id, orderId: 'o1', ownerId: op.user.id });
    const cases: [string, Doc][] = [
      ['wrong type', { ...base('bad1'), name: 42 }],
      ['bad NIP checksum', { ...base('bad2'), nip: '5260250275' }],
      ['__proto__ key', JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(base('bad3')).slice(1)}`) as Doc],
      ['constructor in custom', { ...base('bad4'), custom: { constructor: 'x' } }],
      ['huge string', { ...base('bad5'), notes: 'x'.repeat(200_000) }],
      ['unknown field', { ...base('bad6'), role: 'admin' }],
      ['NUL character', { ...base('bad7'), city: 'Ra\u0000dom', custom: { a: '\u0000' } }],
      ['not normalised', { ...base('bad8'), pkd: '1011Z' }],
      ['missing fields', { id: 'bad9', orderId: 'o1', ownerId: op.user.id }],
      // JSON.stringify would overflow the stack on this: spliced into the body text below.
      ['deep nesting', { ...base('bad10'), custom: { deep: 'DEEP' } }],
      ['infinite number', { ...base('bad11'), createdAt: 1e400 }],
    ];
    const good = created(base('good'));
    const rows = [...cases.map(([, doc]) => created(doc)), good, { assumedMasterState: 'x', newDocumentState: 7 }, null];
    const text = JSON.stringify({ rows }).replace('"DEEP"', '['.repeat(5000) + ']'.repeat(5000));
    const response = await op.client.request('POST', '/api/sync/clients/push', text);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { refused: { id: string; code: string; issues: unknown[] }[]; conflicts: unknown[] };
    expect(body.conflicts).toEqual([]);
    expect(body.refused).toHaveLength(cases.length + 2);
    for (const refused of body.refused) expect(refused.code).toBe('VALIDATION');
    expect(body.refused.find((r) => r.id === 'bad2')?.issues).toEqual([{ field: 'nip', code: 'nip.checksum' }]);
    expect(body.refused.find((r) => r.id === 'bad3')?.issues).toMatchObject([{ code: 'json.forbiddenKey' }]);
    expect(body.refused.find((r) => r.id === 'bad5')?.issues).toEqual([{ field: 'notes', code: 'tooLong' }]);
    // A bad row never blocks the others in the batch.
    expect((await s.db.query('SELECT id FROM clients')).rows).toEqual([{ id: 'good' }]);
    expect(await s.count('refused_changes', "collection = 'clients' AND code = 'VALIDATION'")).toBe(cases.length + 2);
    const nul = await s.db.query<{ doc: unknown }>("SELECT doc FROM refused_changes WHERE doc_id = 'bad7'");
    expect(typeof nul.rows[0]?.doc).toBe('string'); // kept as JSON text: jsonb cannot hold U+0000
  });

  it('[S10] garbage request bodies get 4xx, never 5xx', async () => {
    const { client } = await s.signIn('operator');
    const bodies = ['{}', '[]', 'null', '"rows"', '{"rows": {}}', '{"rows": [1, "a", null, []]}', '{"checkpoint": 5, "limit": 1}',
      '{"checkpoint": {"buckets": {"all": {"xid": "99999999999999999999999", "seq": 1}}}, "limit": 1}',
      '{"checkpoint": {"buckets": {"all": {"xid": "-1", "seq": 1}}}, "limit": 1}',
      '{"checkpoint": {"buckets": {"all": {"xid": "1", "seq": 1e300}}}, "limit": 1}'];
    for (const path of ['/api/sync/clients/pull', '/api/sync/clients/push', '/api/sync/orders/push']) {
      for (const body of bodies) {
        const response = await client.request('POST', path, body);
        expect(response.status, `${path} ${body}`).toBeLessThan(500);
      }
    }
    // Pull-only collections answer garbage the same way, and refuse pushes outright.
    for (const path of ['/api/sync/users/pull', '/api/sync/assignments/pull']) {
      for (const body of bodies) {
        const response = await client.request('POST', path, body);
        expect(response.status, `${path} ${body}`).toBeLessThan(500);
      }
    }
    for (const path of ['/api/sync/users/push', '/api/sync/assignments/push']) {
      const response = await client.request('POST', path, { rows: [] });
      expect(response.status, path).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    }
    for (const path of ['/api/sync/audit/pull', '/api/sync/sessions/push', '/api/sync/__proto__/pull']) {
      expect((await client.request('POST', path, { checkpoint: null, limit: 1 })).status, path).toBe(404);
    }
  });
});
