// Who sees which orders and operators on /postep.
import { describe, expect, test } from 'vitest';
import type { Role } from '../../schemas/entities/user.ts';
import { NO_MEMBERSHIP, type Actor, type Membership } from '../../schemas/rules/scope.ts';
import { progressOperators, progressOrders } from './progress.ts';
import { seesProgress } from './roles.ts';

const actor = (role: Role, membership: Partial<Membership> = {}): Actor => ({ id: 'me', role, membership: { ...NO_MEMBERSHIP, ...membership } });
const orders = [
  { id: 'a', principalId: 'me' },
  { id: 'b', principalId: 'other' },
  { id: 'c', principalId: '' },
];
const bindings = [
  { orderId: 'a', userId: 'olek', role: 'operator' },
  { orderId: 'b', userId: 'olek', role: 'operator' },
  { orderId: 'b', userId: 'ula', role: 'operator' },
  { orderId: 'b', userId: 'sława', role: 'supervisor' },
  { orderId: 'x', userId: 'olek', role: 'operator' },
];
const ids = (list: { id: string }[]) => list.map((o) => o.id);
const pairs = (list: { orderId: string; userId: string }[]) => list.map((b) => `${b.orderId}/${b.userId}`);

describe('seesProgress', () => {
  test('supervisors, coordinators, principals and administrators; not operators or verifiers', () => {
    expect((['admin', 'coordinator', 'principal', 'supervisor', 'operator', 'verifier'] as Role[]).map(seesProgress)).toEqual([true, true, true, true, false, false]);
  });
});

describe('progressOrders', () => {
  test('coordinators and administrators follow every order', () => {
    expect(ids(progressOrders(actor('coordinator'), orders))).toEqual(['a', 'b', 'c']);
    expect(ids(progressOrders(actor('admin'), orders))).toEqual(['a', 'b', 'c']);
  });

  test('a principal their own orders', () => {
    expect(ids(progressOrders(actor('principal'), orders))).toEqual(['a']);
  });

  test('a supervisor the orders they supervise, also once closed for them', () => {
    const assignments = new Map([
      ['b', { role: 'supervisor' as const, closed: true }],
      ['c', { role: 'verifier' as const, closed: false }],
    ]);
    expect(ids(progressOrders(actor('supervisor', { assignments }), orders))).toEqual(['b']);
  });

  test('operators follow none', () => {
    expect(progressOrders(actor('operator'), orders)).toEqual([]);
  });
});

describe('progressOperators', () => {
  test('a supervisor sees only their own operators, in any order the device knows', () => {
    const supervisor = actor('supervisor', { managed: new Set(['olek']) });
    expect(pairs(progressOperators(supervisor, bindings, new Set(['b']), new Set(['a', 'b'])))).toEqual(['a/olek', 'b/olek']);
  });

  test('the others every operator of the orders they follow, never other roles', () => {
    expect(pairs(progressOperators(actor('principal'), bindings, new Set(['b']), new Set(['a', 'b'])))).toEqual(['b/olek', 'b/ula']);
  });
});
