// The verifier's queue: its order, filters, counts, the next record after a verdict, who may judge.
import { describe, expect, test } from 'vitest';
import type { VerificationState } from '../../schemas/entities/client.ts';
import type { Role } from '../../schemas/entities/user.ts';
import { NO_MEMBERSHIP, type Actor, type Membership } from '../../schemas/rules/scope.ts';
import {
  awaitsVerdict, filterQueue, namedOperators, nextInQueue, queueCounts, queueOperators, queueOrder, verdictLock, verifierOrders, type QueueRecord,
} from './verify-queue-model.ts';
import { seesVerification } from './roles.ts';

const record = (id: string, state: VerificationState, createdAt: number, updatedAt = createdAt, ownerId = 'olek', at = 0): QueueRecord => ({
  id, name: `Firma ${id}`, ownerId, createdAt, updatedAt, verification: { state, at },
});
const ids = (list: readonly { id: string }[]) => list.map((r) => r.id);

// Created in the order a…f; c was corrected last, e long ago; b and f are judged.
const records: QueueRecord[] = [
  record('a', 'unverified', 100),
  record('b', 'approved', 110, 500, 'ula', 500),
  record('c', 'corrected', 120, 900),
  record('d', 'unverified', 130, 130, 'ula'),
  record('e', 'corrected', 140, 300, 'ula'),
  record('f', 'rejected', 150, 400, 'olek', 400),
];

const actor = (role: Role, membership: Partial<Membership> = {}): Actor => ({ id: 'me', role, membership: { ...NO_MEMBERSHIP, ...membership } });

describe('awaitsVerdict', () => {
  test('unverified and corrected records wait for a verdict; approved and rejected do not', () => {
    expect((['unverified', 'corrected', 'approved', 'rejected'] as const).map(awaitsVerdict)).toEqual([true, true, false, false]);
  });
});

describe('queueOrder', () => {
  test('corrected first by when they were corrected, then unverified oldest first, then the judged by verdict time', () => {
    expect(ids(queueOrder(records))).toEqual(['e', 'c', 'a', 'd', 'f', 'b']);
  });

  test('ties keep a stable order by id, whatever order the records came in', () => {
    const same = [record('y', 'unverified', 100), record('x', 'unverified', 100)];
    expect(ids(queueOrder(same))).toEqual(['x', 'y']);
    expect(ids(queueOrder([...same].reverse()))).toEqual(['x', 'y']);
  });

  test('does not change the list it is given', () => {
    const copy = [...records];
    queueOrder(records);
    expect(records).toEqual(copy);
  });
});

describe('filterQueue', () => {
  test('"awaiting" lists unverified and corrected records in queue order', () => {
    expect(ids(filterQueue(records, { state: 'awaiting', operator: '' }))).toEqual(['e', 'c', 'a', 'd']);
  });

  test('one state at a time, or every record', () => {
    expect(ids(filterQueue(records, { state: 'approved', operator: '' }))).toEqual(['b']);
    expect(ids(filterQueue(records, { state: 'rejected', operator: '' }))).toEqual(['f']);
    expect(ids(filterQueue(records, { state: 'corrected', operator: '' }))).toEqual(['e', 'c']);
    expect(ids(filterQueue(records, { state: 'all', operator: '' }))).toEqual(['e', 'c', 'a', 'd', 'f', 'b']);
  });

  test('by operator, combined with the state', () => {
    expect(ids(filterQueue(records, { state: 'awaiting', operator: 'ula' }))).toEqual(['e', 'd']);
    expect(ids(filterQueue(records, { state: 'all', operator: 'olek' }))).toEqual(['c', 'a', 'f']);
    expect(filterQueue(records, { state: 'all', operator: 'nobody' })).toEqual([]);
  });
});

describe('queueCounts', () => {
  test('counts each state and the awaiting total', () => {
    expect(queueCounts(records)).toEqual({ awaiting: 4, unverified: 2, corrected: 2, approved: 1, rejected: 1, total: 6 });
  });

  test('an empty order counts zero everywhere', () => {
    expect(queueCounts([])).toEqual({ awaiting: 0, unverified: 0, corrected: 0, approved: 0, rejected: 0, total: 0 });
  });
});

describe('queueOperators', () => {
  test('every owner once, named from the directory, else from the bindings, else by id, in Polish order', () => {
    const list = [...records, record('g', 'unverified', 160, 160, 'zenon'), record('h', 'unverified', 170, 170, 'łucja')];
    const names = new Map([['ula', 'Ula Operatorka'], ['olek', 'Olek Operator']]);
    const bound = new Map([['łucja', 'Łucja Nowak'], ['olek', 'ignored: the directory wins']]);
    expect(queueOperators(list, names, bound)).toEqual([
      { id: 'łucja', name: 'Łucja Nowak' },
      { id: 'olek', name: 'Olek Operator' },
      { id: 'ula', name: 'Ula Operatorka' },
      { id: 'zenon', name: 'zenon' },
    ]);
  });

  test('named from the owners\' ids alone (read by index), the same list, each owner once', () => {
    const names = new Map([['ula', 'Ula Operatorka']]);
    const bound = new Map([['łucja', 'Łucja Nowak']]);
    expect(namedOperators(['zenon', 'ula', 'łucja', 'ula'], names, bound)).toEqual(queueOperators(
      [record('a', 'unverified', 1, 1, 'zenon'), record('b', 'approved', 2, 2, 'ula'), record('c', 'corrected', 3, 3, 'łucja')], names, bound,
    ));
  });
});

describe('nextInQueue', () => {
  test('the record after the current one in queue order', () => {
    expect(nextInQueue(records, 'e')?.id).toBe('c');
    expect(nextInQueue(records, 'c')?.id).toBe('a');
    expect(nextInQueue(records, 'a')?.id).toBe('d');
  });

  test('after the last awaiting record, back to the first one still waiting (skipped ones are not lost)', () => {
    expect(nextInQueue(records, 'd')?.id).toBe('e');
  });

  test('judging a record that did not wait (re-judging an approved one) goes to the head of the queue', () => {
    expect(nextInQueue(records, 'b')?.id).toBe('e');
    expect(nextInQueue(records, 'unknown')?.id).toBe('e');
  });

  test('stays with the chosen operator', () => {
    expect(nextInQueue(records, 'e', 'ula')?.id).toBe('d');
    expect(nextInQueue(records, 'd', 'ula')?.id).toBe('e');
  });

  test('null when nothing else waits', () => {
    expect(nextInQueue([record('a', 'unverified', 1), record('b', 'approved', 2)], 'a')).toBeNull();
    expect(nextInQueue([], 'a')).toBeNull();
  });
});

describe('seesVerification', () => {
  test('verifiers and administrators have the Weryfikacja page; nobody else', () => {
    const roles: Role[] = ['admin', 'verifier', 'coordinator', 'principal', 'supervisor', 'operator'];
    expect(roles.map(seesVerification)).toEqual([true, true, false, false, false, false]);
    expect(seesVerification(undefined)).toBe(false);
  });
});

describe('verifierOrders', () => {
  const orders = [
    { id: 'o1', name: 'Piekarnie', verificationRequired: true },
    { id: 'o2', name: 'Apteki', verificationRequired: true },
    { id: 'o3', name: 'Bez weryfikacji', verificationRequired: false },
    { id: 'o4', name: 'Cudze', verificationRequired: true },
  ];
  test('a verifier: the orders bound to them as verifier that require verification, by name', () => {
    const me = actor('verifier', {
      assignments: new Map([
        ['o1', { role: 'verifier' as const, closed: false }],
        ['o2', { role: 'verifier' as const, closed: true }],
        ['o3', { role: 'verifier' as const, closed: false }],
      ]),
    });
    expect(ids(verifierOrders(me, orders))).toEqual(['o2', 'o1']);
  });

  test('an administrator: every order that requires verification', () => {
    expect(ids(verifierOrders(actor('admin'), orders))).toEqual(['o2', 'o4', 'o1']);
  });

  test('other roles: none', () => {
    expect(verifierOrders(actor('operator', { assignments: new Map([['o1', { role: 'operator' as const, closed: false }]]) }), orders)).toEqual([]);
  });
});

describe('verdictLock', () => {
  const open = { id: 'o1', status: 'open' as const, verificationRequired: true };
  const bound = (closed: boolean) => actor('verifier', { assignments: new Map([['o1', { role: 'verifier' as const, closed }]]) });

  test('a bound verifier and an administrator may judge records of an open order with verification', () => {
    expect(verdictLock(bound(false), open)).toBeNull();
    expect(verdictLock(actor('admin'), open)).toBeNull();
  });

  test('an order without verification has no verdicts at all', () => {
    expect(verdictLock(actor('admin'), { ...open, verificationRequired: false })).toBe('no-verification');
  });

  test('a definitively closed order, or one closed for the verifier, is read-only', () => {
    expect(verdictLock(actor('admin'), { ...open, status: 'closed' })).toBe('order-closed');
    expect(verdictLock(bound(true), open)).toBe('closed-for-you');
  });

  test('anyone else may only read', () => {
    expect(verdictLock(actor('verifier'), open)).toBe('no-right');
    expect(verdictLock(actor('coordinator'), open)).toBe('no-right');
    expect(verdictLock(null, open)).toBe('no-right');
  });
});
