// Contract: the numbered request limits hold at their edges [S29].
import { expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, MAX_PUSH_ROWS } from '../../schemas/protocol/sync.ts';
import type { ChangeEvent } from '../../sync-server/db/notifier.ts';
import { created, makeClient, makeOrder } from './fixtures.ts';
import { contractSuite } from './harness.ts';

contractSuite('request limits', (s) => {
  it(`[S29] a push carries at most MAX_PUSH_ROWS (${MAX_PUSH_ROWS}) rows: one more is a 400 and nothing is stored`, async () => {
    const { client, user } = await s.signIn('admin');
    const rows = (n: number) => Array.from({ length: n }, (_, i) => created(makeClient({ id: `c${i}`, orderId: 'nowhere', ownerId: user.id })));
    const over = await client.request('POST', '/api/sync/clients/push', { rows: rows(MAX_PUSH_ROWS + 1) });
    expect(over.status).toBe(400);
    expect(await s.count('refused_changes')).toBe(0);
    // At the limit every row is decided (here refused: the order does not exist) and answered.
    const at = await client.push('clients', rows(MAX_PUSH_ROWS));
    expect(at.refused).toHaveLength(MAX_PUSH_ROWS);
    expect(await s.count('clients')).toBe(0);
  });

  it(`[S10] a document's JSON is at most MAX_DOCUMENT_BYTES (${MAX_DOCUMENT_BYTES}): one byte more is refused as too large, never a 413`, async () => {
    const { client, user } = await s.signIn('admin');
    // Notes padded so the row's new state is exactly `bytes` of UTF-8 JSON ('ż' is 2 bytes, 'a' one).
    const row = (id: string, bytes: number) => {
      const base = created(makeClient({ id, orderId: 'nowhere', ownerId: user.id }));
      const empty = new TextEncoder().encode(JSON.stringify({ ...base.newDocumentState, notes: '' })).length;
      const pad = bytes - empty;
      const notes = 'ż'.repeat(Math.floor(pad / 2)) + 'a'.repeat(pad % 2);
      const doc = { ...base.newDocumentState, notes };
      expect(new TextEncoder().encode(JSON.stringify(doc)).length).toBe(bytes);
      return { ...base, newDocumentState: doc };
    };
    const answer = await client.push('clients', [row('at-limit', MAX_DOCUMENT_BYTES), row('over-limit', MAX_DOCUMENT_BYTES + 1)]);
    const issues = new Map(answer.refused.map((r) => [r.id, r.issues]));
    // Both are refused before their order is looked at: at the limit the size passes and the notes are over their own limit.
    expect(issues.get('at-limit')).toEqual([{ field: 'notes', code: 'tooLong' }]);
    expect(answer.refused.find((r) => r.id === 'over-limit')).toEqual({ id: 'over-limit', code: 'VALIDATION', issues: [{ field: '', code: 'document.tooLarge' }] });
    expect(await s.count('clients')).toBe(0);
    expect(await s.count('refused_changes')).toBe(2);
  });

  it('[S10] a new record the app refused for its size, once shortened, is written: the assumed state it names was never stored', async () => {
    // The app records a refused new record as pushed (RxDB's assumed state is what was typed) and sends its
    // next edit beside that state (replication.ts): the server holds nothing of it, so the row is a creation.
    const admin = await s.signIn('admin');
    const op = await s.signIn('operator');
    expect((await admin.client.push('orders', [created(makeOrder({ id: 'o1', createdBy: admin.user.id }))])).refused).toEqual([]);
    await s.bind('o1', op.user.id);
    const typed = makeClient({ id: 'c-big', orderId: 'o1', ownerId: op.user.id });
    const shortened = { ...typed, notes: 'krócej', fieldTimes: { ...(typed.fieldTimes as Record<string, number>), notes: Number(typed.updatedAt) + 1 } };
    const answer = await op.client.push('clients', [{ assumedMasterState: { ...typed, notes: 'x'.repeat(4000), _deleted: false }, newDocumentState: { ...shortened, _deleted: false } } as never]);
    expect(answer).toEqual({ conflicts: [], refused: [] });
    const [stored] = (await op.client.pullAll('clients')).documents;
    expect(stored).toMatchObject({ id: 'c-big', notes: 'krócej' });
  });

  if (s.backend === 'postgres') it('[S29] a change event whose buckets do not fit a NOTIFY reaches another instance as "any bucket"', async () => {
    const other = await s.testDb.openNotifier();
    const received: ChangeEvent[] = [];
    const stop = other.subscribe((event) => received.push(event));
    try {
      const buckets = Array.from({ length: 400 }, (_, i) => `op:${'o'.repeat(20)}${i}:${'u'.repeat(20)}${i}`);
      await s.notifier.publish({ kind: 'changed', collection: 'clients', buckets });
      for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(received).toEqual([{ kind: 'changed', collection: 'clients', buckets: null }]);
    } finally {
      stop();
    }
  });
});
