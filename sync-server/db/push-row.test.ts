// Unit tests of one pushed row's decision (push-row.ts): the audit entries of a write and its permission check share one set of changed paths [S9, P1–P4].
import { describe, expect, it } from 'vitest';
import { emptyClient, type Client } from '../../schemas/entities/client.ts';
import type { Actor } from '../../schemas/rules/scope.ts';
import { decideRow, parseRow, type BatchFacts, type PushContext } from './push-row.ts';
import type { Doc } from './store.ts';

const NOW = 1_780_000_000_000;
const operator: Actor = {
  id: 'operator-1',
  role: 'operator',
  membership: { assignments: new Map([['o1', { role: 'operator', closed: false }]]), managed: new Set(), principalOf: new Set(), managerId: '' },
};
const facts: BatchFacts = { statuses: new Map([['o1', 'open']]), bound: new Map(), records: new Map(), attributes: new Set() };
const ctx: PushContext = { user: operator, collection: 'clients', deviceId: '', now: NOW };

const stored = (createdAt: number): Client => ({ ...emptyClient({ id: 'c1', orderId: 'o1', ownerId: 'operator-1', now: createdAt }), name: 'Firma' });

/** The row's decision against the stored record, as the device pushes an edit of what it last saw. */
function decide(before: Client, next: Client) {
  const raw = { assumedMasterState: { ...before, _deleted: false }, newDocumentState: { ...next, _deleted: false } };
  return decideRow(ctx, parseRow('clients', raw), raw, { doc: before as unknown as Doc, deleted: false }, facts);
}

describe('decideRow: audit of a write [S9]', () => {
  it('audits every changed field path, in document order, once the write is allowed', () => {
    const before = stored(NOW - 1000);
    const next = { ...before, name: 'Firma Nowa', city: 'Radom', updatedAt: NOW - 10, fieldTimes: { name: NOW - 10, city: NOW - 10 } };
    const decision = decide(before, next);
    expect(decision.outcome.refused).toBeUndefined();
    expect(decision.entries).toEqual([
      { path: 'name', old: 'Firma', new: 'Firma Nowa', at: NOW, kind: 'change' },
      { path: 'city', old: '', new: 'Radom', at: NOW, kind: 'change' },
    ]);
  });

  it('[P2] a changed immutable field is refused and audits nothing', () => {
    const before = stored(NOW - 1000);
    const decision = decide(before, { ...before, ownerId: 'operator-2', city: 'Radom', fieldTimes: { city: NOW - 10 } });
    expect(decision.outcome.refused).toMatchObject({ code: 'FORBIDDEN', issues: [{ field: 'ownerId', code: 'permission.field' }] });
    expect(decision.entries).toEqual([]);
  });

  it('[M9] a creation time ahead of the server (its clock set back since) is clamped, and the clamp is audited', () => {
    const before = stored(NOW + 5000);
    const decision = decide(before, { ...before, city: 'Radom', fieldTimes: { city: NOW - 10 } });
    expect(decision.write?.doc.createdAt).toBe(NOW);
    expect(decision.entries).toEqual([
      { path: 'city', old: '', new: 'Radom', at: NOW, kind: 'change' },
      { path: 'createdAt', old: NOW + 5000, new: NOW, at: NOW, kind: 'change' },
    ]);
  });
});
