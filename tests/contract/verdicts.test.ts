// Contract: a verdict is one value on the server too — two verifiers at once never mix, the loser stays in the history, and an operator's edit survives beside a verdict [M3, M11, S19].
import { expect, it } from 'vitest';
import type { Client, Verification } from '../../schemas/entities/client.ts';
import type { PushResponse, PushRow } from '../../schemas/protocol/sync.ts';
import { applyOperatorEdit, applyVerdict, type VerdictInput } from '../../schemas/rules/edit.ts';
import { docsEqual, mergeDocs, valuesEqual, type DocLike } from '../../schemas/rules/merge.ts';
import type { Doc, TestClient } from './client.ts';
import { T0, created, makeClient, makeOrder } from './fixtures.ts';
import { contractSuite, type SignedIn } from './harness.ts';

const EMPTY: PushResponse<Doc> = { conflicts: [], refused: [] };
const REJECTION: VerdictInput = { state: 'rejected', reason: 'Dane firmy się nie zgadzają', notes: { nip: 'NIP należy do innej firmy', city: 'Literówka' } };
const APPROVAL: VerdictInput = { state: 'approved', reason: '', notes: {} };

type Row = PushRow<Doc>;
const rowOf = (master: Doc, next: Client): Row => ({ assumedMasterState: master, newDocumentState: { ...next, _deleted: false } } as unknown as Row);
const asClient = (doc: Doc) => doc as unknown as Client;

/**
 * What the device does with a push answer (RxDB with the shared merge [M8]): a conflict is merged with
 * its own state, and the merge pushed against the stored copy unless it is that copy.
 */
async function deviceSettles(client: TestClient, row: Row, response: PushResponse<Doc>): Promise<void> {
  expect(response.refused).toEqual([]);
  const [real] = response.conflicts as Doc[];
  if (!real) return;
  const like = (doc: unknown) => doc as DocLike;
  const merged = mergeDocs({ assumed: like(row.assumedMasterState), real: like(real), next: like(row.newDocumentState) });
  if (docsEqual(merged, like(real))) return;
  expect(await client.push('clients', [{ assumedMasterState: real, newDocumentState: merged } as unknown as Row])).toEqual(EMPTY);
}

contractSuite('verdicts', (s) => {
  let op: SignedIn;
  let v1: SignedIn;
  let v2: SignedIn;

  /** An order with verification, its operator and two verifiers bound, one record; the record as pulled. */
  async function world(): Promise<Doc> {
    const admin = await s.signIn('admin');
    op = await s.signIn('operator');
    v1 = await s.signIn('verifier');
    v2 = await s.signIn('verifier');
    expect((await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))])).refused).toEqual([]);
    for (const user of [op, v1, v2]) await s.bind('o1', user.user.id);
    expect(await op.client.push('clients', [created(makeClient({ id: 'c1', orderId: 'o1', ownerId: op.user.id }))])).toEqual(EMPTY);
    s.clock.now = T0 + 1_000;
    return (await v1.client.pullAll('clients')).documents[0]!;
  }

  const stored = async () => (await v1.client.pullAll('clients')).documents[0]!;
  /** The verdict's history after the record's creation (which audits its blank verdict). */
  const history = () => s.db.query<{ kind: string; old: unknown; new: unknown; user_id: string }>(
    "SELECT kind, old, new, user_id FROM audit WHERE doc_id = 'c1' AND path = 'verification' AND old <> 'null'::jsonb ORDER BY id",
  ).then((r) => r.rows);

  it('[M11][S19] two verifiers judge one record at once: the stored verdict is exactly one of theirs, the other in the history', async () => {
    const master = await world();
    // V1 rejects (typed later), V2 approves (typed earlier); both push at the same moment.
    const rejection = rowOf(master, applyVerdict(asClient(master), REJECTION, v1.user.id, T0 + 20));
    const approval = rowOf(master, applyVerdict(asClient(master), APPROVAL, v2.user.id, T0 + 10));
    const [first, second] = await Promise.all([v1.client.push('clients', [rejection]), v2.client.push('clients', [approval])]);
    expect([first, second].filter((r) => r.conflicts.length === 0)).toHaveLength(1); // one wins the row lock, the other conflicts [S5]
    await deviceSettles(v1.client, rejection, first);
    await deviceSettles(v2.client, approval, second);

    const rejected = (rejection.newDocumentState as unknown as Client).verification;
    const approved = (approval.newDocumentState as unknown as Client).verification;
    // The later verdict, whole: its state with its own reason and notes, never the other's.
    expect((await stored()).verification).toEqual(rejected);
    expect((await op.client.pullAll('clients')).documents[0]!.verification).toEqual(rejected);
    const entries = await history();
    // Every verdict the history holds is one of the two, whole.
    for (const entry of entries) {
      for (const value of [entry.old, entry.new]) {
        if (value !== null && (value as Verification).state !== 'unverified') expect([rejected, approved]).toContainEqual(value);
      }
    }
    // The approval: lost (it arrived second), or the value the rejection replaced (it arrived first).
    const kept = entries.some((e) => (e.kind === 'lost' && e.user_id === v2.user.id && valuesEqual(e.new, approved))
      || (e.kind === 'change' && e.user_id === v1.user.id && valuesEqual(e.old, approved)));
    expect(kept, JSON.stringify(entries)).toBe(true);
  });

  it('[M11][S19] a verdict given earlier that arrives second loses whole and is kept once as `lost`', async () => {
    const master = await world();
    const rejection = rowOf(master, applyVerdict(asClient(master), REJECTION, v1.user.id, T0 + 20));
    const approval = rowOf(master, applyVerdict(asClient(master), APPROVAL, v2.user.id, T0 + 10));
    expect(await v1.client.push('clients', [rejection])).toEqual(EMPTY);
    const answer = await v2.client.push('clients', [approval]);
    expect(answer.conflicts).toEqual([await stored()]);
    await deviceSettles(v2.client, approval, answer); // the merge is the stored copy: nothing more to push
    const rejected = (rejection.newDocumentState as unknown as Client).verification;
    const approved = (approval.newDocumentState as unknown as Client).verification;
    expect((await stored()).verification).toEqual(rejected);
    // A re-sent row (a lost reply) writes no second entry.
    expect((await v2.client.push('clients', [approval])).conflicts).toHaveLength(1);
    expect((await history()).map((e) => [e.kind, e.user_id, e.old, e.new])).toEqual([
      ['change', v1.user.id, master.verification, rejected],
      ['lost', v2.user.id, rejected, approved],
    ]);
  });

  it('[M11] a later verdict that arrives second wins whole; the one it replaced is the old value of its change', async () => {
    const master = await world();
    const approval = rowOf(master, applyVerdict(asClient(master), APPROVAL, v2.user.id, T0 + 10));
    const rejection = rowOf(master, applyVerdict(asClient(master), REJECTION, v1.user.id, T0 + 20));
    expect(await v2.client.push('clients', [approval])).toEqual(EMPTY);
    await deviceSettles(v1.client, rejection, await v1.client.push('clients', [rejection]));
    const rejected = (rejection.newDocumentState as unknown as Client).verification;
    const approved = (approval.newDocumentState as unknown as Client).verification;
    expect((await stored()).verification).toEqual(rejected);
    expect((await history()).map((e) => [e.kind, e.user_id, e.old, e.new])).toEqual([
      ['change', v2.user.id, master.verification, approved],
      ['change', v1.user.id, approved, rejected],
    ]);
  });

  it('[M3][M11] an operator\'s offline data edit and a verifier\'s verdict on the same record both survive, in either order', async () => {
    const master = await world();
    const [own] = (await op.client.pullAll('clients')).documents as [Doc];
    for (const operatorFirst of [false, true]) {
      const base = operatorFirst ? await stored() : master;
      const mine = operatorFirst ? (await op.client.pullAll('clients')).documents[0]! : own;
      const phone = operatorFirst ? '+48 600 100 201' : '+48 600 100 200';
      // The operator changes the phone offline; the verifier (online) rejects with a note on the NIP.
      const edit = rowOf(mine, applyOperatorEdit(asClient(mine), { mobilePhone: phone }, T0 + 30 + (operatorFirst ? 100 : 0)));
      // The verdict is given after the edit was typed: in the second round, after the operator's correction too.
      const verdict = rowOf(base, applyVerdict(asClient(base), { ...REJECTION, reason: `Runda ${String(operatorFirst)}` }, v1.user.id, T0 + 40 + (operatorFirst ? 100 : 0)));
      const [firstClient, firstRow, secondClient, secondRow] = operatorFirst
        ? [op.client, edit, v1.client, verdict] as const
        : [v1.client, verdict, op.client, edit] as const;
      expect(await firstClient.push('clients', [firstRow])).toEqual(EMPTY);
      await deviceSettles(secondClient, secondRow, await secondClient.push('clients', [secondRow]));
      const after = await stored();
      expect(after.mobilePhone).toBe(phone);
      expect(after.verification).toEqual((verdict.newDocumentState as unknown as Client).verification);
      expect((await op.client.pullAll('clients')).documents).toEqual([after]);
    }
    expect(await s.count('refused_changes')).toBe(0);
  });
});
