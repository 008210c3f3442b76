// Unit tests of the shared write rules: field and record writes [P1–P4].
import { describe, expect, it } from 'vitest';
import { emptyClient } from '../entities/client.ts';
import type { Role } from '../entities/user.ts';
import { canWritePath, checkWrite, type Actor } from './permissions.ts';
import type { Membership } from './scope.ts';

/** Operators and verifiers are bound to order o1 in their role; supervisors manage operator-1. */
function membershipOf(role: Role): Membership {
  const bound = role === 'operator' || role === 'verifier' || role === 'supervisor';
  return {
    assignments: new Map(bound ? [['o1', { role, closed: false }]] : []),
    managed: new Set(role === 'supervisor' ? ['operator-1'] : []),
    principalOf: new Set(),
    managerId: '',
  };
}
const actor = (role: Role, id = `${role}-1`): Actor => ({ id, role, membership: membershipOf(role) });
const record = (ownerId = 'operator-1', state: 'unverified' | 'rejected' = 'unverified') => ({
  ...emptyClient({ id: 'c1', orderId: 'o1', ownerId, now: 1 }),
  name: 'Firma',
  verification: { state, reason: state === 'rejected' ? 'zły NIP' : '', verifierId: '', at: 0 },
  _deleted: false,
});

describe('client writes [P1–P3]', () => {
  const op = actor('operator');

  it('[P1][P2] server-owned and immutable fields are never writable', () => {
    for (const path of ['duplicateOf', 'id', 'orderId', 'ownerId', 'createdAt']) {
      expect(canWritePath(actor('admin'), 'clients', record(), path)).toBe(false);
    }
  });

  it('[P3] verification fields: verifiers and admins; the owner only rejected → corrected', () => {
    expect(canWritePath(op, 'clients', record(), 'verification:state')).toBe(false);
    expect(canWritePath(op, 'clients', record('operator-1', 'rejected'), 'verification:state')).toBe(true);
    expect(canWritePath(op, 'clients', record('operator-1', 'rejected'), 'verification:reason')).toBe(false);
    expect(canWritePath(actor('verifier'), 'clients', record(), 'verification:reason')).toBe(true);
    const stored = record('operator-1', 'rejected');
    const approve = { ...stored, verification: { ...stored.verification, state: 'approved' } };
    expect(checkWrite({ user: op, collection: 'clients', stored, next: approve })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const correct = { ...stored, city: 'Radom', verification: { ...stored.verification, state: 'corrected' } };
    expect(checkWrite({ user: op, collection: 'clients', stored, next: correct })).toEqual({ ok: true });
  });

  it('data fields: the owning operator or supervisor and the admin; not coordinators, principals, verifiers', () => {
    const edit = { ...record(), city: 'Radom', custom: { a: 1 } };
    const verdict = (user: Actor) => checkWrite({ user, collection: 'clients', stored: record(), next: edit }).ok;
    expect(verdict(op)).toBe(true);
    expect(verdict(actor('admin'))).toBe(true);
    expect(verdict(actor('operator', 'operator-2'))).toBe(false);
    for (const role of ['coordinator', 'principal', 'verifier'] as const) expect(verdict(actor(role))).toBe(false);
  });

  it('[P2] create: own records only (admin excepted), blank verification; [P4] closed order refused', () => {
    const mine = record();
    expect(checkWrite({ user: op, collection: 'clients', stored: null, next: mine })).toEqual({ ok: true });
    expect(checkWrite({ user: actor('operator', 'x'), collection: 'clients', stored: null, next: mine })).toMatchObject({ ok: false });
    expect(checkWrite({ user: actor('admin'), collection: 'clients', stored: null, next: mine })).toEqual({ ok: true });
    expect(checkWrite({ user: op, collection: 'clients', stored: null, next: mine, orderStatus: 'closed' })).toMatchObject({ code: 'ORDER_CLOSED' });
  });

  it('[M7] a deleted record never changes again; deleting needs the right to edit', () => {
    const gone = { ...record(), _deleted: true };
    expect(checkWrite({ user: actor('admin'), collection: 'clients', stored: gone, next: { ...gone, _deleted: false } })).toMatchObject({ ok: false });
    expect(checkWrite({ user: op, collection: 'clients', stored: record(), next: gone })).toEqual({ ok: true });
    expect(checkWrite({ user: actor('verifier'), collection: 'clients', stored: record(), next: gone })).toMatchObject({ ok: false });
  });
});

describe('order writes [P4]', () => {
  const order = { id: 'o1', name: 'Z', principalId: 'principal-1', createdBy: 'coordinator-1', status: 'open', fieldTimes: {}, _deleted: false };

  it('coordinators and admins manage every order, a principal their own (not its principal), others none', () => {
    const rename = { ...order, name: 'Nowa' };
    const ok = (user: Actor, next = rename) => checkWrite({ user, collection: 'orders', stored: order, next }).ok;
    expect(ok(actor('coordinator'))).toBe(true);
    expect(ok(actor('admin'))).toBe(true);
    expect(ok(actor('principal'))).toBe(true);
    expect(ok(actor('principal', 'principal-2'))).toBe(false);
    expect(ok(actor('principal'), { ...order, principalId: 'principal-2' })).toBe(false);
    for (const role of ['operator', 'supervisor', 'verifier'] as const) expect(ok(actor(role))).toBe(false);
  });

  it('[P4] a closed order changes no more, for anyone', () => {
    const closed = { ...order, status: 'closed' };
    expect(checkWrite({ user: actor('admin'), collection: 'orders', stored: closed, next: { ...closed, status: 'open' } })).toMatchObject({ code: 'ORDER_CLOSED' });
    expect(canWritePath(actor('admin'), 'orders', closed, 'name')).toBe(false);
  });
});
