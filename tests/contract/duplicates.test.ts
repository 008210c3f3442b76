// Contract: the server flags records of one order whose NIP or REGON match, however and whenever they arrive [D1–D3, P1].
import { expect, it } from 'vitest';
import type { Client } from '../../schemas/entities/client.ts';
import type { HistoryResponse } from '../../schemas/protocol/records.ts';
import type { Doc, TestClient } from './client.ts';
import { T0, created, deleted, edited, makeClient, validNip, validRegon } from './fixtures.ts';
import { contractSuite } from './harness.ts';
import { buildOrg, openStream, type MemberKey, type Org } from './org.ts';

const PEOPLE: MemberKey[] = ['admin', 'S', 'S2', 'V', 'A', 'B'];
const CHANGED_CLIENTS = 'data: {"type":"changed","collection":"clients"}';
const ROUNDS = 25;

contractSuite('duplicate flags', (s) => {
  /** A new record of `owner` in `orderId`, created at T0 + `at` (the preferred target is the earliest). */
  const record = (org: Org, owner: MemberKey, id: string, at: number, fields: Partial<Client>, orderId = 'o1') =>
    makeClient({ id, orderId, ownerId: org.id(owner), now: T0 + at }, fields);
  const push = async (client: TestClient, docs: Doc[]) => expect((await client.push('clients', docs.map(created))).refused).toEqual([]);
  /** duplicateOf of each stored record, by id. */
  async function flags(ids: string[]): Promise<Record<string, string>> {
    const result = await s.db.query<{ id: string; flag: string }>(
      "SELECT id, doc->>'duplicateOf' AS flag FROM clients WHERE id = ANY($1::text[])", [ids]);
    return Object.fromEntries(result.rows.map((r) => [r.id, r.flag]));
  }
  /** duplicateOf of the records a member's device holds after a full pull. */
  async function pulledFlags(client: TestClient, ids: string[]): Promise<Record<string, unknown>> {
    const { documents } = await client.pullAll('clients');
    return Object.fromEntries(documents.filter((d) => ids.includes(String(d.id))).map((d) => [d.id, d.duplicateOf]));
  }

  it('[D1][D2] two operators\' records with one NIP, pushed separately: both flagged, each naming the other, on every device', async () => {
    const org = await buildOrg(s, PEOPLE);
    const nip = validNip(4242);
    const streamA = await openStream(org.members.A.client);
    expect(await streamA.next()).toContain('resync');
    await push(org.members.A.client, [record(org, 'A', 'dup-a', 1, { nip })]);
    expect(await streamA.next()).toBe(CHANGED_CLIENTS);
    expect(await flags(['dup-a'])).toEqual({ 'dup-a': '' });

    await push(org.members.B.client, [record(org, 'B', 'dup-b', 2, { nip })]);
    // A learns of it on A's own device: the flag on A's record is announced to A's buckets.
    expect(await streamA.next()).toBe(CHANGED_CLIENTS);
    await streamA.close();
    expect(await flags(['dup-a', 'dup-b'])).toEqual({ 'dup-a': 'dup-b', 'dup-b': 'dup-a' });
    expect(await pulledFlags(org.members.A.client, ['dup-a', 'dup-b'])).toEqual({ 'dup-a': 'dup-b' });
    expect(await pulledFlags(org.members.B.client, ['dup-a', 'dup-b'])).toEqual({ 'dup-b': 'dup-a' });
    expect(await pulledFlags(org.members.V.client, ['dup-a', 'dup-b'])).toEqual({ 'dup-a': 'dup-b', 'dup-b': 'dup-a' });
    // A flag is an ordinary change of the record, by the server itself (no user) [D2].
    const { entries } = await org.members.A.client.json<HistoryResponse>('GET', '/api/records/dup-a/history');
    expect(entries.filter((e) => e.path === 'duplicateOf')).toMatchObject([{ old: '', new: 'dup-b', kind: 'change', userId: '', userName: '' }]);
    const [pulled] = (await org.members.A.client.pullAll('clients')).documents.filter((d) => d.id === 'dup-a') as [Doc & { fieldTimes: Record<string, number> }];
    expect(pulled.fieldTimes.duplicateOf).toBe(s.clock.now);
  });

  it('[D1] a REGON alone matches too; empty identifiers never match', async () => {
    const org = await buildOrg(s, PEOPLE);
    const regon = validRegon(777);
    await push(org.members.A.client, [
      record(org, 'A', 'r-a', 1, { nip: validNip(11), regon }),
      record(org, 'A', 'blank-a', 3, { nip: '', regon: '' }),
    ]);
    await push(org.members.B.client, [
      record(org, 'B', 'r-b', 2, { nip: validNip(22), regon }),
      record(org, 'B', 'blank-b', 4, { nip: '', regon: '' }),
    ]);
    expect(await flags(['r-a', 'r-b', 'blank-a', 'blank-b'])).toEqual({ 'r-a': 'r-b', 'r-b': 'r-a', 'blank-a': '', 'blank-b': '' });
  });

  it('[D1] several matches name the earliest record (by creation, then id)', async () => {
    const org = await buildOrg(s, PEOPLE);
    s.clock.now = T0 + 100; // creation times in the server's future would be clamped to its now [M9]
    const nip = validNip(5151);
    await push(org.members.B.client, [record(org, 'B', 'm-2', 2, { nip })]);
    await push(org.members.A.client, [record(org, 'A', 'm-3', 3, { nip }), record(org, 'A', 'm-1', 1, { nip })]);
    expect(await flags(['m-1', 'm-2', 'm-3'])).toEqual({ 'm-1': 'm-2', 'm-2': 'm-1', 'm-3': 'm-1' });
    // Created with m-2, its id sorts first: m-1 now names it.
    await push(org.members.B.client, [record(org, 'B', 'm-0', 2, { nip })]);
    expect(await flags(['m-0', 'm-1', 'm-2', 'm-3'])).toEqual({ 'm-1': 'm-0', 'm-2': 'm-1', 'm-0': 'm-1', 'm-3': 'm-1' });
  });

  it('[D2] a corrected NIP clears the flag on both records; a deletion clears its partner\'s', async () => {
    const org = await buildOrg(s, PEOPLE);
    const nip = validNip(6161);
    await push(org.members.A.client, [record(org, 'A', 'c-a', 1, { nip }), record(org, 'A', 'd-a', 3, { nip: validNip(7171) })]);
    await push(org.members.B.client, [record(org, 'B', 'c-b', 2, { nip }), record(org, 'B', 'd-b', 4, { nip: validNip(7171) })]);
    expect(await flags(['c-a', 'c-b', 'd-a', 'd-b'])).toEqual({ 'c-a': 'c-b', 'c-b': 'c-a', 'd-a': 'd-b', 'd-b': 'd-a' });

    const mine = (await org.members.B.client.pullAll('clients')).documents;
    const cb = mine.find((d) => d.id === 'c-b')!;
    const db = mine.find((d) => d.id === 'd-b')!;
    s.clock.now = T0 + 100;
    expect(await org.members.B.client.push('clients', [edited(cb, { nip: validNip(8181) }, T0 + 100), deleted(db)])).toEqual({ conflicts: [], refused: [] });
    expect(await flags(['c-a', 'c-b', 'd-a'])).toEqual({ 'c-a': '', 'c-b': '', 'd-a': '' });
    expect(await pulledFlags(org.members.A.client, ['c-a', 'd-a'])).toEqual({ 'c-a': '', 'd-a': '' });
    expect(await pulledFlags(org.members.V.client, ['c-a', 'c-b', 'd-a'])).toEqual({ 'c-a': '', 'c-b': '', 'd-a': '' });

    // [H4] A restored NIP is an identifier write like any other: the pair is flagged again.
    const { entries } = await org.members.S2.client.json<HistoryResponse>('GET', '/api/records/c-b/history');
    const correction = entries.find((e) => e.path === 'nip' && e.kind === 'change' && e.old === nip)!;
    await org.members.admin.client.json('POST', '/api/records/c-b/restore', { entryId: correction.id, which: 'old' });
    expect(await flags(['c-a', 'c-b'])).toEqual({ 'c-a': 'c-b', 'c-b': 'c-a' });
  });

  it('[D1] records of different orders are never flagged', async () => {
    const org = await buildOrg(s, PEOPLE);
    const nip = validNip(9191);
    await push(org.members.A.client, [record(org, 'A', 'o-a', 1, { nip })]);
    await push(org.members.B.client, [record(org, 'B', 'x-b', 2, { nip }, 'x1')]);
    expect(await flags(['o-a', 'x-b'])).toEqual({ 'o-a': '', 'x-b': '' });
  });

  it(`[D3] ${ROUNDS} rounds of two operators pushing one NIP at the same moment: both records flagged every round`, async () => {
    const org = await buildOrg(s, PEOPLE);
    const statuses: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const nip = validNip(10_000 + round * 7);
      const pushes = (['A', 'B'] as const).map(async (key, i) => {
        const doc = record(org, key, `r${round}-${key}`, 1 + i, { nip });
        const response = await org.members[key].client.request('POST', '/api/sync/clients/push', { rows: [created(doc)] });
        statuses.push(response.status);
        expect(await response.json()).toEqual({ conflicts: [], refused: [] });
      });
      await Promise.all(pushes);
      expect(await flags([`r${round}-A`, `r${round}-B`]), `round ${round}`).toEqual({ [`r${round}-A`]: `r${round}-B`, [`r${round}-B`]: `r${round}-A` });
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
    const ids = Array.from({ length: ROUNDS }, (_, round) => [`r${round}-A`, `r${round}-B`]).flat();
    const everyone = await pulledFlags(org.members.V.client, ids);
    expect(Object.values(everyone).filter((flag) => flag !== '')).toHaveLength(2 * ROUNDS);
  }, 120_000);
});
