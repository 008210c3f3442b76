// Contract: a record's history and the restore of an earlier value [H1–H4, S9, S19, S31, P4].
import { expect, it } from 'vitest';
import type { Client } from '../../schemas/entities/client.ts';
import type { HistoryEntry, HistoryResponse, RestoreResponse } from '../../schemas/protocol/records.ts';
import { openNotes } from '../../schemas/rules/edit.ts';
import { writeAudit } from '../../sync-server/db/store.ts';
import { TestClient, type Doc } from './client.ts';
import { T0, edited } from './fixtures.ts';
import { contractSuite } from './harness.ts';
import { buildOrg, openStream, type MemberKey, type Org } from './org.ts';

const EVERYONE: MemberKey[] = ['admin', 'C', 'S', 'S2', 'S3', 'P', 'P2', 'V', 'A', 'B'];
const CHANGED_CLIENTS = 'data: {"type":"changed","collection":"clients"}';

contractSuite('record history and restore', (s) => {
  const history = (client: TestClient, id: string) => client.request('GET', `/api/records/${id}/history`);
  const restore = (client: TestClient, id: string, body: unknown) => client.request('POST', `/api/records/${id}/restore`, body);
  const answer = async (response: Response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> });
  const entriesOf = async (client: TestClient, id: string) => (await client.json<HistoryResponse>('GET', `/api/records/${id}/history`)).entries;

  /** The organisation; A's record a-o1 as pulled, its city changed by A, then a stale edit by S that loses [S19]. */
  async function world(): Promise<{ org: Org; master: Doc }> {
    const org = await buildOrg(s, EVERYONE);
    const a = org.members.A.client;
    const [master] = (await a.pullAll('clients')).documents.filter((d) => d.id === 'a-o1') as [Doc];
    s.clock.now = T0 + 1000;
    expect(await a.push('clients', [edited(master, { city: 'Płock' }, T0 + 500)])).toEqual({ conflicts: [], refused: [] });
    s.clock.now = T0 + 1500;
    const late = await org.members.S.client.push('clients', [edited(master, { city: 'Kielce' }, T0 + 400)]);
    expect(late.conflicts).toHaveLength(1);
    return { org, master };
  }
  const lostEntry = async (org: Org) => (await entriesOf(org.members.S.client, 'a-o1')).find((e) => e.kind === 'lost')!;

  it('[H1][S9][S19] every entry of the record — change, lost, restore — in the order recorded, with its author\'s name', async () => {
    const { org } = await world();
    const lost = await lostEntry(org);
    s.clock.now = T0 + 2000;
    const restored = await org.members.S.client.json<RestoreResponse>('POST', '/api/records/a-o1/restore', { entryId: lost.id, which: 'new' });
    expect(restored.record).toMatchObject({ id: 'a-o1', city: 'Kielce', _deleted: false });

    const seen = await org.members.A.client.json<HistoryResponse>('GET', '/api/records/a-o1/history');
    const A = org.id('A');
    const S = org.id('S');
    expect(seen.entries.map(({ id: _, ...rest }) => rest)).toEqual([
      { path: 'city', old: 'Radom', new: 'Płock', kind: 'change', userId: A, userName: 'Member A', at: T0 + 1000 },
      // A lost entry is dated when its value was typed [S19]; the list keeps the order the server recorded.
      { path: 'city', old: 'Płock', new: 'Kielce', kind: 'lost', userId: S, userName: 'Member S', at: T0 + 400 },
      { path: 'city', old: 'Płock', new: 'Kielce', kind: 'restore', userId: S, userName: 'Member S', at: T0 + 2000 },
    ] satisfies Omit<HistoryEntry, 'id'>[]);
    const ids = seen.entries.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(seen.canRestore).toBe(false); // A is an operator
  });

  it('[H2][S31] a record the caller cannot read and a missing one get the same 404, for history and restore', async () => {
    const { org } = await world();
    const lost = await lostEntry(org);
    // B (an operator of the same order) and S2 (B's supervisor) cannot read A's record.
    for (const key of ['B', 'S2'] as const) {
      const client = org.members[key].client;
      const foreign = await answer(await history(client, 'a-o1'));
      expect(foreign.status).toBe(404);
      expect(await answer(await history(client, 'no-such-record'))).toEqual(foreign);
      expect(await answer(await history(client, 'bad%20id'))).toEqual(foreign);
      const body = { entryId: lost.id, which: 'new' };
      expect(await answer(await restore(client, 'a-o1', body))).toEqual(foreign);
      expect(await answer(await restore(client, 'no-such-record', body))).toEqual(foreign);
    }
    // Everyone who reads the record reads its history [S3].
    for (const key of ['admin', 'C', 'S', 'P', 'V', 'A'] as const) {
      expect((await history(org.members[key].client, 'a-o1')).status, key).toBe(200);
    }
    expect(await org.stored('clients', 'a-o1')).toMatchObject({ city: 'Płock' });
  });

  it('[H3] an operator reads their own record\'s history but may not restore; principals and verifiers neither', async () => {
    const { org } = await world();
    const lost = await lostEntry(org);
    for (const key of ['A', 'P', 'V'] as const) {
      const client = org.members[key].client;
      expect((await client.json<HistoryResponse>('GET', '/api/records/a-o1/history')).canRestore, key).toBe(false);
      const refused = await answer(await restore(client, 'a-o1', { entryId: lost.id, which: 'new' }));
      expect(refused, key).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', issues: [{ field: '', code: 'permission.role' }] } } });
    }
    expect(await org.stored('clients', 'a-o1')).toMatchObject({ city: 'Płock' });
    expect(await s.count('audit', "doc_id = 'a-o1' AND kind = 'restore'")).toBe(0);
  });

  it('[H3] the record\'s supervisor, a coordinator and an administrator restore', async () => {
    const { org } = await world();
    const entries = await entriesOf(org.members.S.client, 'a-o1');
    const change = entries.find((e) => e.kind === 'change')!;
    const lost = entries.find((e) => e.kind === 'lost')!;
    const steps: [MemberKey, string, 'old' | 'new', string][] = [
      ['S', lost.id, 'new', 'Kielce'],
      ['C', change.id, 'old', 'Radom'],
      ['admin', change.id, 'new', 'Płock'],
    ];
    for (const [key, entryId, which, city] of steps) {
      const client = org.members[key].client;
      expect((await client.json<HistoryResponse>('GET', '/api/records/a-o1/history')).canRestore, key).toBe(true);
      const { record } = await client.json<RestoreResponse>('POST', '/api/records/a-o1/restore', { entryId, which });
      expect(record, key).toMatchObject({ city });
      expect(await org.stored('clients', 'a-o1'), key).toMatchObject({ city });
    }
    const restores = (await entriesOf(org.members.A.client, 'a-o1')).filter((e) => e.kind === 'restore');
    expect(restores.map((e) => [e.userId, e.old, e.new])).toEqual([
      [org.id('S'), 'Płock', 'Kielce'],
      [org.id('C'), 'Kielce', 'Radom'],
      [org.id('admin'), 'Radom', 'Płock'],
    ]);
  });

  it('[H3][P4] nothing is restored in a definitively closed order', async () => {
    const org = await buildOrg(s, EVERYONE);
    await s.db.transaction((tx) =>
      writeAudit(tx, { collection: 'clients', docId: 'a-o2', userId: org.id('A'), deviceId: 'device-A', at: T0 }, [{ path: 'city', old: 'Płock', new: 'Radom' }]));
    const [entry] = await entriesOf(org.members.admin.client, 'a-o2');
    expect(entry).toMatchObject({ path: 'city', old: 'Płock', userName: 'Member A' });
    for (const key of ['admin', 'C', 'S'] as const) {
      const client = org.members[key].client;
      expect((await client.json<HistoryResponse>('GET', '/api/records/a-o2/history')).canRestore, key).toBe(false);
      const refused = await answer(await restore(client, 'a-o2', { entryId: entry!.id, which: 'old' }));
      expect(refused, key).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', issues: [{ field: 'orderId', code: 'order.closed' }] } } });
    }
    expect(await org.stored('clients', 'a-o2')).toMatchObject({ city: 'Radom' });
  });

  it('[H4] a restore replicates like any edit: another device pulls it, the owner\'s stream hears it, the verifier sees it', async () => {
    const { org } = await world();
    const lost = await lostEntry(org);
    const other = new TestClient(s.app, 'device-A-tablet-2');
    other.cookie = org.members.A.client.cookie;
    const before = await other.pullAll('clients');
    const verifierBefore = await org.members.V.client.pullAll('clients');
    const stream = await openStream(org.members.A.client);
    expect(await stream.next()).toContain('resync');

    s.clock.now = T0 + 3000;
    await org.members.C.client.json<RestoreResponse>('POST', '/api/records/a-o1/restore', { entryId: lost.id, which: 'new' });
    expect(await stream.next()).toBe(CHANGED_CLIENTS);
    await stream.close();

    const after = await other.pullAll('clients', before.checkpoint);
    expect(after.documents).toHaveLength(1);
    const [pulled] = after.documents as [Doc & { fieldTimes: Record<string, number> }];
    // The restored field's edit time and updatedAt are the server's now: it wins like a fresh edit [M3].
    expect(pulled).toMatchObject({ id: 'a-o1', city: 'Kielce', updatedAt: T0 + 3000 });
    expect(pulled.fieldTimes.city).toBe(T0 + 3000);
    expect((await org.members.V.client.pullAll('clients', verifierBefore.checkpoint)).documents).toMatchObject([{ id: 'a-o1', city: 'Kielce' }]);
    expect(await s.count('audit', "doc_id = 'a-o1' AND kind = 'restore' AND user_id = $1 AND path = 'city'", [org.id('C')])).toBe(1);
  });

  it('[S30][P4] a restore racing the definitive close of its order: either it lands before the close or it is refused, never a 5xx', async () => {
    const { org } = await world();
    const lost = await lostEntry(org);
    const [restored, closed] = await Promise.all([
      restore(org.members.S.client, 'a-o1', { entryId: lost.id, which: 'new' }),
      org.members.admin.client.request('POST', '/api/orders/o1/close', { confirm: true }),
    ]);
    expect(closed.status).toBe(200);
    expect([200, 409]).toContain(restored.status);
    const restores = await s.count('audit', "doc_id = 'a-o1' AND kind = 'restore'");
    expect(await org.stored('clients', 'a-o1')).toMatchObject({ city: restored.status === 200 ? 'Kielce' : 'Płock' });
    expect(restores).toBe(restored.status === 200 ? 1 : 0);
    const after = await answer(await restore(org.members.S.client, 'a-o1', { entryId: lost.id, which: 'old' }));
    expect(after).toMatchObject({ status: 409, body: { error: { issues: [{ code: 'order.closed' }] } } });
  });

  it('[H4] restoring the value already there changes nothing and answers the same, also when the calls arrive at once', async () => {
    const { org } = await world();
    const lost = await lostEntry(org);
    const send = () => restore(org.members.admin.client, 'a-o1', { entryId: lost.id, which: 'new' });
    const results = await Promise.all(Array.from({ length: 5 }, async () => answer(await send())));
    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0]).toMatchObject({ status: 200, body: { record: { city: 'Kielce' } } });
    const position = async () => (await s.db.query<{ seq: string }>("SELECT seq::text AS seq FROM clients WHERE id = 'a-o1'")).rows[0]!.seq;
    const at = await position();
    expect(await answer(await send())).toEqual(results[0]);
    expect(await position()).toBe(at); // no new change position: nothing to replicate
    expect(await s.count('audit', "doc_id = 'a-o1' AND kind = 'restore'")).toBe(1);
  });

  it('[H4] a malformed body is answered 400 with the field at fault; an unknown entry or another record\'s is 404', async () => {
    const { org } = await world();
    const admin = org.members.admin.client;
    const lost = await lostEntry(org);
    const bad: [unknown, string][] = [
      [{}, 'entryId'],
      [{ entryId: 5, which: 'old' }, 'entryId'],
      [{ entryId: 'abc', which: 'old' }, 'entryId'],
      [{ entryId: '1'.repeat(30), which: 'old' }, 'entryId'],
      [{ entryId: lost.id }, 'which'],
      [{ entryId: lost.id, which: 'both' }, 'which'],
    ];
    for (const [body, field] of bad) {
      const refused = await answer(await restore(admin, 'a-o1', body));
      expect(refused, JSON.stringify(body)).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
      expect((refused.body.error as { issues: unknown[] }).issues, JSON.stringify(body)).toContainEqual({ field, code: 'value.type' });
    }
    expect((await restore(admin, 'a-o1', [lost.id])).status).toBe(400);
    expect((await restore(admin, 'a-o1', 'not json')).status).toBe(400);
    const missing = await answer(await restore(admin, 'a-o1', { entryId: '999999', which: 'old' }));
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', issues: [{ field: 'entryId', code: 'history.entryNotFound' }] } } });
    // An entry of another record is not an entry of this one.
    expect(await answer(await restore(admin, 'b-o1', { entryId: lost.id, which: 'old' }))).toEqual(missing);
    expect(await org.stored('clients', 'b-o1')).toMatchObject({ city: 'Radom' });
  });

  it('[H4] only data fields are restored: never the verdict, a server-owned field or a deletion', async () => {
    const { org } = await world();
    const [master] = (await org.members.V.client.pullAll('clients')).documents.filter((d) => d.id === 'a-o1') as [Doc];
    const verdict = { state: 'rejected', reason: 'Zły NIP', verifierId: org.id('V'), at: T0 + 1600, notes: { nip: 'NIP innej firmy' } };
    expect((await org.members.V.client.push('clients', [edited(master, { verification: verdict }, T0 + 1600)])).refused).toEqual([]);
    await s.db.transaction((tx) =>
      writeAudit(tx, { collection: 'clients', docId: 'a-o1', userId: '', deviceId: '', at: T0 }, [{ path: 'duplicateOf', old: 'b-o1', new: '' }]));
    const entries = await entriesOf(org.members.admin.client, 'a-o1');
    for (const path of ['verification', 'duplicateOf']) {
      const entry = entries.find((e) => e.path === path)!;
      const refused = await answer(await restore(org.members.admin.client, 'a-o1', { entryId: entry.id, which: 'old' }));
      expect(refused, path).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', issues: [{ field: 'entryId', code: 'restore.path' }] } } });
    }
    expect(await org.stored('clients', 'a-o1')).toMatchObject({ duplicateOf: '', verification: { state: 'rejected' } });

    // A deleted record never comes back, not even one field of it [M7].
    const [current] = (await org.members.A.client.pullAll('clients')).documents.filter((d) => d.id === 'a-o1') as [Doc];
    expect((await org.members.A.client.push('clients', [{ assumedMasterState: current, newDocumentState: { ...current, _deleted: true } } as never])).refused).toEqual([]);
    const change = entries.find((e) => e.path === 'city' && e.kind === 'change')!;
    expect((await org.members.admin.client.json<HistoryResponse>('GET', '/api/records/a-o1/history')).canRestore).toBe(false);
    const deleted = await answer(await restore(org.members.admin.client, 'a-o1', { entryId: change.id, which: 'old' }));
    expect(deleted).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', issues: [{ field: '_deleted', code: 'record.deleted' }] } } });
  });

  it('[H4][P3] a restored value into a rejected record sends it back to the verifier as corrected', async () => {
    const { org } = await world();
    const [master] = (await org.members.V.client.pullAll('clients')).documents.filter((d) => d.id === 'a-o1') as [Doc];
    const verdict = { state: 'rejected', reason: 'Zła miejscowość', verifierId: org.id('V'), at: T0 + 1600, notes: { city: 'Firma jest w Kielcach' } };
    expect((await org.members.V.client.push('clients', [edited(master, { verification: verdict }, T0 + 1600)])).refused).toEqual([]);
    const lost = await lostEntry(org);
    s.clock.now = T0 + 4000;
    const { record } = await org.members.S.client.json<RestoreResponse>('POST', '/api/records/a-o1/restore', { entryId: lost.id, which: 'new' });
    expect(record).toMatchObject({ city: 'Kielce', verification: { ...verdict, state: 'corrected' } });
    // The note on the restored field counts as answered: the field is stamped after the verdict [V8].
    expect(openNotes(record as unknown as Client)).toEqual({});
    expect((await entriesOf(org.members.V.client, 'a-o1')).slice(-2)).toMatchObject([
      { path: 'city', kind: 'restore', new: 'Kielce' },
      { path: 'verification', kind: 'change', old: { state: 'rejected' }, new: { state: 'corrected' }, userId: org.id('S') },
    ]);
  });

  it('[H4][V6] a value the shared validators refuse now is not restored: a custom attribute no longer bound', async () => {
    const org = await buildOrg(s, EVERYONE);
    s.clock.now = T0 + 1000;
    const admin = org.members.admin.client;
    const [order] = (await admin.pullAll('orders')).documents.filter((d) => d.id === 'o1') as [Doc];
    expect((await admin.push('orders', [edited(order, { attributeIds: ['att1'] }, T0 + 10)])).refused).toEqual([]);
    const a = org.members.A.client;
    let [record] = (await a.pullAll('clients')).documents.filter((d) => d.id === 'a-o1') as [Doc];
    for (const [value, at] of [['Jan Nowak', T0 + 20], ['Anna Kowal', T0 + 30]] as const) {
      expect((await a.push('clients', [edited(record, { custom: { att1: value } }, at)])).refused).toEqual([]);
      [record] = (await a.pullAll('clients')).documents.filter((d) => d.id === 'a-o1') as [Doc];
    }
    const [bound] = (await admin.pullAll('orders')).documents.filter((d) => d.id === 'o1') as [Doc];
    expect((await admin.push('orders', [edited(bound, { attributeIds: [] }, T0 + 40)])).refused).toEqual([]);
    const first = (await entriesOf(admin, 'a-o1')).find((e) => e.path === 'custom:att1' && e.new === 'Jan Nowak')!;
    expect(first.old).toBe(null);
    const refused = await answer(await restore(admin, 'a-o1', { entryId: first.id, which: 'new' }));
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', issues: [{ field: 'custom:att1', code: 'custom.notBound' }] } } });
    // Restoring "before it was set" removes the value: always allowed.
    const { record: cleared } = await admin.json<RestoreResponse>('POST', '/api/records/a-o1/restore', { entryId: first.id, which: 'old' });
    expect(cleared.custom).toEqual({});
    expect((await entriesOf(admin, 'a-o1')).at(-1)).toMatchObject({ path: 'custom:att1', old: 'Anna Kowal', new: null, kind: 'restore' });
  });
});
