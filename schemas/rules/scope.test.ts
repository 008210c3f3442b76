// Unit tests of the read scope: membership → buckets [S3], the buckets a document sits in, the read check.
import { describe, expect, it } from 'vitest';
import { emptyClient } from '../entities/client.ts';
import type { Role } from '../entities/user.ts';
import { checkWrite } from './permissions.ts';
import { bucketsFor, bucketsHolding, canRead, NO_MEMBERSHIP, type Actor, type Membership } from './scope.ts';

const member = (m: Partial<Membership>): Membership => ({ ...NO_MEMBERSHIP, ...m });
const actor = (role: Role, id: string, m: Partial<Membership> = {}): Actor => ({ id, role, membership: member(m) });
const record = (orderId: string, ownerId: string) => ({ ...emptyClient({ id: `${orderId}-${ownerId}`, orderId, ownerId, now: 1 }), _deleted: false });

describe('buckets [S3]', () => {
  const op = actor('operator', 'op1', {
    assignments: new Map([['o1', { role: 'operator', closed: false }], ['o2', { role: 'operator', closed: true }]]),
    managerId: 'sup1',
  });
  const sup = actor('supervisor', 'sup1', {
    assignments: new Map([['o1', { role: 'supervisor', closed: false }]]),
    managed: new Set(['op1', 'op2']),
    managerId: 'coord1',
  });
  const principal = actor('principal', 'pr1', { principalOf: new Set(['o1', 'o3']) });
  const verifier = actor('verifier', 'ver1', { assignments: new Map([['o3', { role: 'verifier', closed: false }]]) });

  it('administrators and coordinators hold one bucket of everything', () => {
    for (const role of ['admin', 'coordinator'] as const) {
      for (const c of ['orders', 'clients', 'assignments', 'users'] as const) expect(bucketsFor(actor(role, 'x'), c)).toEqual(['all']);
    }
  });

  it('an operator: their bound orders (closed ones too, read-only) and their own records in each', () => {
    expect(bucketsFor(op, 'orders')).toEqual(['order:o1', 'order:o2']);
    expect(bucketsFor(op, 'clients')).toEqual(['op:o1:op1', 'op:o2:op1']);
    expect(bucketsFor(op, 'assignments')).toEqual(['user:op1']);
    expect(bucketsFor(op, 'users')).toEqual(['user:op1', 'user:sup1']);
  });

  it('a supervisor: own and their operators\' records, the teams of the orders they supervise', () => {
    expect(bucketsFor(sup, 'orders')).toEqual(['order:o1']);
    expect(bucketsFor(sup, 'clients')).toEqual(['own:sup1', 'own:op1', 'own:op2']);
    expect(bucketsFor(sup, 'assignments')).toEqual(['user:sup1', 'user:op1', 'user:op2', 'order:o1']);
    expect(bucketsFor(sup, 'users')).toEqual(['user:sup1', 'user:coord1', 'user:op1', 'user:op2']);
  });

  it('a principal: everything in their own orders; a verifier: the records of orders bound for verification', () => {
    expect(bucketsFor(principal, 'clients')).toEqual(['order:o1', 'order:o3']);
    expect(bucketsFor(principal, 'orders')).toEqual(['order:o1', 'order:o3']);
    expect(bucketsFor(verifier, 'clients')).toEqual(['order:o3']);
    expect(bucketsFor(verifier, 'users')).toEqual(['user:ver1']);
    // The bindings of the orders they verify: who the operators are, by name.
    expect(bucketsFor(verifier, 'assignments')).toEqual(['user:ver1', 'order:o3']);
  });

  it('the read check is bucket intersection: own records in bound orders only', () => {
    expect(bucketsHolding('clients', record('o1', 'op1'))).toEqual(['all', 'order:o1', 'own:op1', 'op:o1:op1']);
    expect(canRead(op, 'clients', record('o1', 'op1'))).toBe(true);
    expect(canRead(op, 'clients', record('o1', 'op2'))).toBe(false);
    expect(canRead(op, 'clients', record('o9', 'op1'))).toBe(false);
    expect(canRead(sup, 'clients', record('o9', 'op2'))).toBe(true);
    expect(canRead(sup, 'clients', record('o1', 'op3'))).toBe(false);
    expect(canRead(principal, 'clients', record('o3', 'anyone'))).toBe(true);
    expect(canRead(principal, 'clients', record('o2', 'op1'))).toBe(false);
  });

  it('[P4] an operator writes only in orders open for them; their supervisor still may', () => {
    const edit = (doc: ReturnType<typeof record>) => ({ ...doc, city: 'Radom' });
    expect(checkWrite({ user: op, collection: 'clients', stored: record('o1', 'op1'), next: edit(record('o1', 'op1')) }).ok).toBe(true);
    expect(checkWrite({ user: op, collection: 'clients', stored: record('o2', 'op1'), next: edit(record('o2', 'op1')) }).ok).toBe(false);
    expect(checkWrite({ user: op, collection: 'clients', stored: null, next: record('o2', 'op1') }).ok).toBe(false);
    expect(checkWrite({ user: sup, collection: 'clients', stored: record('o2', 'op1'), next: edit(record('o2', 'op1')) }).ok).toBe(true);
  });
});
