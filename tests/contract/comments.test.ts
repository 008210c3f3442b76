// Contract: comment threads — append-only, written on records one may read, replicated exactly in the record's scope [C1–C4, S7, S8, S11, S18, P4].
import { expect, it } from 'vitest';
import { COMMENT_MAX_LENGTH } from '../../schemas/entities/comment.ts';
import type { PushResponse } from '../../schemas/protocol/sync.ts';
import type { Doc } from './client.ts';
import { T0, created, deleted, makeAttribute, makeComment } from './fixtures.ts';
import { contractSuite } from './harness.ts';
import { RECORDS, buildOrg, openStream, type MemberKey, type Org, type RecordId } from './org.ts';

const EMPTY: PushResponse<Doc> = { conflicts: [], refused: [] };

/** A comment on one of the organisation's records, by `author`; `claim` overrides the record's order and owner. */
function comment(org: Org, id: string, recordId: RecordId | string, author: MemberKey, fields: Record<string, unknown> = {}): Doc {
  const known = RECORDS[recordId as RecordId] as readonly [MemberKey, string] | undefined;
  const [owner, orderId] = known ?? ['A', 'o1'];
  return makeComment({ id, record: { id: recordId, orderId, ownerId: org.id(owner) }, authorId: org.id(author) }, fields);
}

/** A row changing a stored comment's fields, as a device that ignores the rules would send it. */
const changed = (master: Doc, fields: Doc) => ({ assumedMasterState: master, newDocumentState: { ...master, ...fields, _deleted: false } }) as never;

const ids = (docs: Doc[]) => docs.map((d) => String(d.id)).sort();

contractSuite('comments', (s) => {
  it('[C2][C3] a comment is pulled by exactly those who read its record; a scope that shrinks removes it', async () => {
    const everyone: MemberKey[] = ['admin', 'C', 'S', 'P', 'P2', 'V', 'A', 'B'];
    const org = await buildOrg(s, everyone);
    const onA = comment(org, 'k-a', 'a-o1', 'A');
    const onB = comment(org, 'k-b', 'b-o1', 'V');
    const onX = comment(org, 'k-x', 'b-x1', 'B');
    expect(await org.members.A.client.push('comments', [created(onA)])).toEqual(EMPTY);
    expect(await org.members.V.client.push('comments', [created(onB)])).toEqual(EMPTY);
    expect(await org.members.B.client.push('comments', [created(onX)])).toEqual(EMPTY);
    await org.settled();
    const expected: Record<MemberKey, string[]> = {
      admin: ['k-a', 'k-b', 'k-x'], C: ['k-a', 'k-b', 'k-x'], S: ['k-a'], S2: [], S3: [], P: ['k-a', 'k-b'], P2: ['k-x'],
      V: ['k-a', 'k-b'], A: ['k-a'], B: ['k-b', 'k-x'],
    };
    const checkpoints: Partial<Record<MemberKey, Awaited<ReturnType<typeof org.members.A.client.pullAll>>>> = {};
    for (const key of everyone) {
      const pulled = await org.members[key].client.pullAll('comments');
      expect(ids(pulled.documents), key).toEqual(expected[key]);
      checkpoints[key] = pulled;
    }
    // Stored as pushed, and audited as a creation [S9].
    expect(checkpoints.A!.documents).toEqual([{ ...onA, _deleted: false }]);
    expect(await s.count('audit', "collection = 'comments' AND doc_id = 'k-a' AND path = 'text' AND user_id = $1", [org.id('A')])).toBe(1);

    // [S4] The verifier unbound from o1 is told to remove o1's comments, and nothing else.
    await org.unbind('o1', 'V');
    await org.settled();
    const after = await org.members.V.client.pullAll('comments', checkpoints.V!.checkpoint);
    expect(after.documents.map((d) => [d.id, d._deleted]).sort()).toEqual([['k-a', true], ['k-b', true]]);
    expect(JSON.stringify(after.documents)).not.toContain('NIP');
  });

  it('[C1][S8] a stored comment is never edited or deleted: refused comment.appendOnly, logged, the stored copy comes back', async () => {
    const org = await buildOrg(s, ['A', 'V', 'B', 'admin']);
    expect(await org.members.A.client.push('comments', [created(comment(org, 'k1', 'a-o1', 'A'))])).toEqual(EMPTY);
    const [master] = (await org.members.A.client.pullAll('comments')).documents as [Doc];
    const appendOnly = { id: 'k1', code: 'FORBIDDEN', issues: [{ field: '', code: 'comment.appendOnly' }] };
    for (const key of ['A', 'V', 'admin'] as const) {
      const edit = await org.members[key].client.push('comments', [changed(master, { text: 'Poprawiona treść' })]);
      expect(edit, `${key} edits`).toEqual({ conflicts: [master], refused: [appendOnly] });
      const removal = await org.members[key].client.push('comments', [deleted(master)]);
      expect(removal, `${key} deletes`).toEqual({ conflicts: [master], refused: [appendOnly] });
    }
    // Someone who cannot read it is answered as for a free id [S18]: a comment in another's name.
    const foreign = await org.members.B.client.push('comments', [changed(master, { text: 'Cudza poprawka' })]);
    expect(foreign).toEqual({ conflicts: [], refused: [{ id: 'k1', code: 'FORBIDDEN', issues: [{ field: 'authorId', code: 'permission.owner' }] }] });
    expect(await org.stored('comments', 'k1')).toEqual(master);
    expect(await s.count('refused_changes', "collection = 'comments' AND doc_id = 'k1'")).toBe(7);
    const logged = await s.db.query<{ doc: Doc }>("SELECT doc FROM refused_changes WHERE doc_id = 'k1' AND code = 'FORBIDDEN' AND user_id = $1 ORDER BY id", [org.id('V')]);
    expect(logged.rows.map((r) => [r.doc.text, r.doc._deleted])).toEqual([['Poprawiona treść', false], [master.text, true]]);
  });

  it('[C1][S7] the same comment sent again — a lost reply, a second tab, a clamped time — has no second effect', async () => {
    const org = await buildOrg(s, ['A']);
    const A = org.members.A.client;
    const doc = comment(org, 'k1', 'a-o1', 'A');
    expect(await A.push('comments', [created(doc)])).toEqual(EMPTY);
    const position = () => s.db.query<{ seq: string }>("SELECT seq::text FROM comments WHERE id = 'k1'").then((r) => r.rows[0]!.seq);
    const audits = await s.count('audit', "collection = 'comments'");
    const first = await position();
    expect(await A.push('comments', [created(doc)])).toEqual(EMPTY);
    expect(await position()).toBe(first);
    expect(await s.count('audit', "collection = 'comments'")).toBe(audits);

    // Two tabs at once.
    const twin = comment(org, 'k2', 'a-o1', 'A');
    expect(await Promise.all([A.push('comments', [created(twin)]), A.push('comments', [created(twin)])])).toEqual([EMPTY, EMPTY]);
    expect(await s.count('comments', "id = 'k2'")).toBe(1);

    // A device clock an hour ahead: the server stores its own time [M9]; the re-sent row is acknowledged
    // and the stored copy announced again (a new position) so the device takes the server's time.
    const ahead = comment(org, 'k3', 'a-o1', 'A', { createdAt: T0 + 3_600_000 });
    expect(await A.push('comments', [created(ahead)])).toEqual(EMPTY);
    const stored = await org.stored('comments', 'k3');
    expect(stored).toEqual({ ...ahead, createdAt: T0, _deleted: false });
    const audited = await s.count('audit', "collection = 'comments'");
    const before = await s.db.query<{ seq: string }>("SELECT seq::text FROM comments WHERE id = 'k3'").then((r) => BigInt(r.rows[0]!.seq));
    expect(await A.push('comments', [created(ahead)])).toEqual(EMPTY);
    expect(await org.stored('comments', 'k3')).toEqual(stored);
    expect(await s.db.query<{ seq: string }>("SELECT seq::text FROM comments WHERE id = 'k3'").then((r) => BigInt(r.rows[0]!.seq))).toBeGreaterThan(before);
    expect(await s.count('audit', "collection = 'comments'")).toBe(audited);
    // An earlier time than the stored one is a change of the comment, not a clamp.
    const earlier = await A.push('comments', [created({ ...ahead, createdAt: T0 - 1 })]);
    expect(earlier.refused).toEqual([{ id: 'k3', code: 'FORBIDDEN', issues: [{ field: '', code: 'comment.appendOnly' }] }]);
  });

  it('[C2][S18] a comment on a missing record and on one outside the caller\'s scope get the same answer', async () => {
    const org = await buildOrg(s, ['A', 'V']);
    /** The whole answer of one comment row, its id replaced, and whether it was logged. */
    const answer = async (key: MemberKey, id: string, recordId: string, claim: { orderId: string; owner: MemberKey }) => {
      const doc = { ...comment(org, id, recordId, key), orderId: claim.orderId, ownerId: org.id(claim.owner) };
      const response = await org.members[key].client.push('comments', [created(doc)]);
      expect(await s.count('refused_changes', 'doc_id = $1', [id])).toBe(1);
      expect(await s.count('comments', 'id = $1', [id])).toBe(0);
      return JSON.parse(JSON.stringify(response).replaceAll(id, '<id>')) as unknown;
    };
    const unknown = { conflicts: [], refused: [{ id: '<id>', code: 'VALIDATION', issues: [{ field: 'recordId', code: 'comment.recordUnknown' }] }] };
    const notBound = { conflicts: [], refused: [{ id: '<id>', code: 'FORBIDDEN', issues: [{ field: 'orderId', code: 'permission.notBound' }] }] };
    // Claiming one's own record's scope: B's record and a missing one are both unknown.
    expect(await answer('A', 'q1', 'b-o1', { orderId: 'o1', owner: 'A' })).toEqual(unknown);
    expect(await answer('A', 'q2', 'missing', { orderId: 'o1', owner: 'A' })).toEqual(unknown);
    // Claiming the foreign record's true scope: refused for the scope, whether the record exists or not.
    expect(await answer('A', 'q3', 'b-o1', { orderId: 'o1', owner: 'B' })).toEqual(notBound);
    expect(await answer('A', 'q4', 'missing', { orderId: 'o1', owner: 'B' })).toEqual(notBound);
    // The verifier and a record in an order not bound to them (P2's x1).
    expect(await answer('V', 'q5', 'b-x1', { orderId: 'x1', owner: 'B' })).toEqual(notBound);
    expect(await answer('V', 'q6', 'missing', { orderId: 'x1', owner: 'B' })).toEqual(notBound);
    expect(await answer('V', 'q7', 'b-x1', { orderId: 'o1', owner: 'A' })).toEqual(unknown);
    // A record the comment misplaces (another order or owner than its own) is unknown too.
    expect(await answer('V', 'q8', 'a-o1', { orderId: 'o1', owner: 'B' })).toEqual(unknown);
    // A deleted record takes no comments.
    const [own] = (await org.members.A.client.pullAll('clients')).documents.filter((d) => d.id === 'a-o1') as [Doc];
    expect(await org.members.A.client.push('clients', [deleted(own)])).toEqual(EMPTY);
    expect(await answer('A', 'q9', 'a-o1', { orderId: 'o1', owner: 'A' })).toEqual(unknown);
  });

  it('[P4][C2] nothing is commented in a closed order, nor by an operator the order is closed for', async () => {
    const org = await buildOrg(s, ['A', 'V', 'S']);
    const orderClosed = [{ id: 'k1', code: 'ORDER_CLOSED', issues: [{ field: 'orderId', code: 'order.closed' }] }];
    expect((await org.members.A.client.push('comments', [created(comment(org, 'k1', 'a-o2', 'A'))])).refused).toEqual(orderClosed);
    expect((await org.members.V.client.push('comments', [created(comment(org, 'k1', 'a-o2', 'V'))])).refused).toEqual(orderClosed);
    await org.closeFor('o1', 'A');
    const closedForA = await org.members.A.client.push('comments', [created(comment(org, 'k2', 'a-o1', 'A'))]);
    expect(closedForA.refused).toEqual([{ id: 'k2', code: 'FORBIDDEN', issues: [{ field: 'orderId', code: 'permission.notBound' }] }]);
    // The supervisor still talks about A's record in the order, which is open.
    expect(await org.members.S.client.push('comments', [created(comment(org, 'k3', 'a-o1', 'S'))])).toEqual(EMPTY);
    expect(await s.count('comments')).toBe(1);
  });

  it('[C2][C4] a comment is written in one\'s own name, never born deleted, with text within its limits', async () => {
    const org = await buildOrg(s, ['A']);
    const push = (doc: Doc) => org.members.A.client.push('comments', [created(doc)]).then((r) => r.refused);
    expect(await push({ ...comment(org, 'k1', 'a-o1', 'A'), authorId: org.id('S') })).toEqual([
      { id: 'k1', code: 'FORBIDDEN', issues: [{ field: 'authorId', code: 'permission.owner' }] },
    ]);
    expect(await push(comment(org, 'k2', 'a-o1', 'A', { text: 'x'.repeat(COMMENT_MAX_LENGTH + 1) }))).toEqual([
      { id: 'k2', code: 'VALIDATION', issues: [{ field: 'text', code: 'tooLong' }] },
    ]);
    expect(await push(comment(org, 'k3', 'a-o1', 'A', { text: ' \n\t ' }))).toEqual([{ id: 'k3', code: 'VALIDATION', issues: [{ field: 'text', code: 'required' }] }]);
    expect(await push(comment(org, 'k4', 'a-o1', 'A', { fieldTimes: { text: T0 } }))).toMatchObject([{ id: 'k4', code: 'VALIDATION' }]);
    const bornDeleted = await org.members.A.client.push('comments', [{ assumedMasterState: null, newDocumentState: { ...comment(org, 'k5', 'a-o1', 'A'), _deleted: true } } as never]);
    expect(bornDeleted.refused).toEqual([{ id: 'k5', code: 'FORBIDDEN', issues: [{ field: '_deleted', code: 'permission.field' }] }]);
    expect(await push(comment(org, 'k6', 'a-o1', 'A', { text: 'ż'.repeat(COMMENT_MAX_LENGTH) }))).toEqual([]);
    expect(await s.count('comments')).toBe(1);
    expect(await s.count('refused_changes', "collection = 'comments'")).toBe(5);
  });

  it('[C3][S11] a comment\'s change event reaches exactly the streams of those who read its record', async () => {
    const org = await buildOrg(s, ['A', 'B', 'S', 'V', 'P', 'P2', 'admin']);
    const listeners: MemberKey[] = ['A', 'B', 'S', 'V', 'P', 'P2'];
    const streams = await Promise.all(listeners.map((key) => openStream(org.members[key].client)));
    try {
      for (const stream of streams) expect(await stream.next()).toBe('data: {"type":"resync"}');
      expect(await org.members.V.client.push('comments', [created(comment(org, 'k1', 'a-o1', 'V'))])).toEqual(EMPTY);
      // A marker everyone hears: a new attribute definition (bucket all).
      expect(await org.members.admin.client.push('attributes', [created(makeAttribute({ id: 'att9', createdBy: org.id('admin') }))])).toEqual(EMPTY);
      const reaches: Record<string, boolean> = { A: true, B: false, S: true, V: true, P: true, P2: false };
      for (const [i, key] of listeners.entries()) {
        const events = [await streams[i]!.next()];
        if (reaches[key]) events.push(await streams[i]!.next());
        const expected = [...(reaches[key] ? ['comments'] : []), 'attributes'].map((c) => `data: {"type":"changed","collection":"${c}"}`);
        expect(events, key).toEqual(expected);
      }
    } finally {
      await Promise.all(streams.map((stream) => stream.close()));
    }
  });
});
