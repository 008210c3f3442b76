// Unit tests of the shared write rules: field and record writes [P1–P4], verdicts [P3, V8], comments [C1, C2].
import { describe, expect, it } from 'vitest';
import { emptyClient } from '../entities/client.ts';
import type { Role } from '../entities/user.ts';
import { changedPaths } from './merge.ts';
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
/** A user of the role bound to nothing. */
const unbound = (role: Role): Actor => ({ id: `${role}-9`, role, membership: { assignments: new Map(), managed: new Set(), principalOf: new Set(), managerId: '' } });
const record = (ownerId = 'operator-1', state: 'unverified' | 'rejected' = 'unverified') => ({
  ...emptyClient({ id: 'c1', orderId: 'o1', ownerId, now: 1 }),
  name: 'Firma',
  verification: state === 'rejected'
    ? { state, reason: 'zły NIP', verifierId: 'verifier-1', at: 5, notes: { nip: 'NIP innej firmy' } }
    : { state, reason: '', verifierId: '', at: 0, notes: {} },
  _deleted: false,
});

describe('client writes [P1–P3]', () => {
  const op = actor('operator');

  it('[P1][P2] server-owned and immutable fields are never writable', () => {
    for (const path of ['duplicateOf', 'id', 'orderId', 'ownerId', 'createdAt']) {
      expect(canWritePath(actor('admin'), 'clients', record(), path)).toBe(false);
    }
  });

  it('[P3] the verdict path: verifiers bound to the order and admins; the owner only on a rejected record', () => {
    expect(canWritePath(op, 'clients', record(), 'verification')).toBe(false);
    expect(canWritePath(op, 'clients', record('operator-1', 'rejected'), 'verification')).toBe(true);
    expect(canWritePath(actor('verifier'), 'clients', record(), 'verification')).toBe(true);
    expect(canWritePath(actor('admin'), 'clients', record(), 'verification')).toBe(true);
    expect(canWritePath(unbound('verifier'), 'clients', record(), 'verification')).toBe(false);
    for (const role of ['coordinator', 'principal', 'supervisor'] as const) expect(canWritePath(actor(role), 'clients', record(), 'verification'), role).toBe(false);
    // Only the path: no key of the verdict is a path of its own [M11].
    expect(canWritePath(actor('verifier'), 'clients', record(), 'verification:state')).toBe(false);
  });

  it('[P3] the owner\'s only verdict change is the correction: the stored rejection, whole, moved to corrected', () => {
    const stored = record('operator-1', 'rejected');
    const write = (verification: object, user = op) => checkWrite({ user, collection: 'clients', stored, next: { ...stored, city: 'Radom', verification } });
    expect(write({ ...stored.verification, state: 'corrected' })).toEqual({ ok: true });
    expect(write({ ...stored.verification, state: 'corrected' }, actor('supervisor'))).toEqual({ ok: true });
    const refused = (code: string) => ({ ok: false, code: 'FORBIDDEN', issues: [{ field: 'verification', code }] });
    expect(write({ ...stored.verification, state: 'approved' })).toEqual(refused('permission.field'));
    expect(write({ ...stored.verification, state: 'corrected', reason: 'poprawione' })).toEqual(refused('permission.field'));
    expect(write({ ...stored.verification, state: 'corrected', notes: {} })).toEqual(refused('permission.field'));
    expect(write({ ...stored.verification, state: 'corrected' }, actor('operator', 'operator-2'))).toMatchObject({ ok: false });
    // A record never rejected cannot be "corrected".
    const fresh = record();
    expect(checkWrite({ user: op, collection: 'clients', stored: fresh, next: { ...fresh, verification: { ...fresh.verification, state: 'corrected' } } }))
      .toEqual(refused('permission.field'));
  });

  it('[P3][V8] a verdict: approved or rejected, in the verifier\'s own name, a rejection with a reason, notes on data fields only', () => {
    const stored = record();
    const judge = (verification: object, user: Actor = actor('verifier')) => checkWrite({ user, collection: 'clients', stored, next: { ...stored, verification } });
    const refused = (code: string) => ({ ok: false, code: 'FORBIDDEN', issues: [{ field: 'verification', code }] });
    const approval = { state: 'approved', reason: '', verifierId: 'verifier-1', at: 10, notes: {} };
    const rejection = { state: 'rejected', reason: 'Brak REGON', verifierId: 'verifier-1', at: 10, notes: { regon: 'Pusty', 'custom:att1': 'Nie ten dział' } };
    expect(judge(approval)).toEqual({ ok: true });
    expect(judge(rejection)).toEqual({ ok: true });
    expect(judge({ ...approval, verifierId: 'admin-1' }, actor('admin'))).toEqual({ ok: true });
    expect(judge({ ...approval, state: 'corrected' })).toEqual(refused('verdict.state'));
    expect(judge({ ...approval, state: 'unverified' })).toEqual(refused('verdict.state'));
    expect(judge({ ...approval, verifierId: 'verifier-2' })).toEqual(refused('permission.field'));
    expect(judge({ ...rejection, reason: '  ' })).toEqual(refused('verdict.reasonRequired'));
    expect(judge({ ...approval, reason: 'Dobrze' })).toEqual(refused('verdict.approvedWithReason'));
    expect(judge({ ...approval, notes: { nip: 'x' } })).toEqual(refused('verdict.approvedWithReason'));
    for (const path of ['verification', 'id', 'custom:', 'fieldTimes']) {
      expect(judge({ ...rejection, notes: { [path]: 'x' } }), path).toEqual(refused('verdict.notePath'));
    }
    // Who may not judge at all: a verifier not bound to the order, and every other role.
    for (const user of [unbound('verifier'), actor('coordinator'), actor('principal'), actor('supervisor'), op]) {
      expect(judge({ ...approval, verifierId: user.id }, user), user.id).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
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
    expect(checkWrite({ user: op, collection: 'clients', stored: null, next: record('operator-1', 'rejected') }))
      .toEqual({ ok: false, code: 'FORBIDDEN', issues: [{ field: 'verification', code: 'permission.field' }] });
    expect(checkWrite({ user: actor('operator', 'x'), collection: 'clients', stored: null, next: mine })).toMatchObject({ ok: false });
    expect(checkWrite({ user: actor('admin'), collection: 'clients', stored: null, next: mine })).toEqual({ ok: true });
    expect(checkWrite({ user: op, collection: 'clients', stored: null, next: mine, orderStatus: 'closed' })).toMatchObject({ code: 'ORDER_CLOSED' });
  });

  it('the changed paths a caller already computed (the push route, for its audit) give the same verdicts', () => {
    const rejected = record('operator-1', 'rejected');
    const cases: { user: Actor; stored: ReturnType<typeof record>; next: Record<string, unknown> }[] = [
      { user: op, stored: record(), next: { ...record(), city: 'Radom', custom: { a: 1 } } },
      { user: op, stored: record(), next: { ...record(), ownerId: 'operator-2', duplicateOf: 'c9' } },
      { user: actor('coordinator'), stored: record(), next: { ...record(), city: 'Radom' } },
      { user: op, stored: rejected, next: { ...rejected, verification: { ...rejected.verification, state: 'corrected' } } },
      { user: op, stored: rejected, next: { ...rejected, verification: { ...rejected.verification, state: 'approved' } } },
    ];
    for (const { user, stored, next } of cases) {
      const changed = changedPaths(stored, next as typeof stored);
      expect(checkWrite({ user, collection: 'clients', stored, next, changed })).toEqual(checkWrite({ user, collection: 'clients', stored, next }));
    }
    // The paths are the caller's: they are taken as given, not computed again.
    expect(checkWrite({ user: op, collection: 'clients', stored: record(), next: record(), changed: ['ownerId'] }))
      .toEqual({ ok: false, code: 'FORBIDDEN', issues: [{ field: 'ownerId', code: 'permission.field' }] });
  });

  it('[M7] a deleted record never changes again; deleting needs the right to edit', () => {
    const gone = { ...record(), _deleted: true };
    expect(checkWrite({ user: actor('admin'), collection: 'clients', stored: gone, next: { ...gone, _deleted: false } })).toMatchObject({ ok: false });
    expect(checkWrite({ user: op, collection: 'clients', stored: record(), next: gone })).toEqual({ ok: true });
    expect(checkWrite({ user: actor('verifier'), collection: 'clients', stored: record(), next: gone })).toMatchObject({ ok: false });
  });
});

describe('comment writes [C1, C2]', () => {
  const comment = (authorId: string, ownerId = 'operator-1') => ({
    id: 'k1', recordId: 'c1', orderId: 'o1', ownerId, authorId, text: 'Proszę sprawdzić NIP', createdAt: 1, fieldTimes: {}, _deleted: false,
  });
  const write = (user: Actor, stored: ReturnType<typeof comment> | null, next: ReturnType<typeof comment>, orderStatus: string | null = 'open') =>
    checkWrite({ user, collection: 'comments', stored, next, orderStatus });

  it('[C1] a stored comment never changes and is never deleted, not even by the administrator', () => {
    const stored = comment('operator-1');
    const appendOnly = { ok: false, code: 'FORBIDDEN', issues: [{ field: '', code: 'comment.appendOnly' }] };
    for (const user of [actor('admin'), actor('operator'), actor('verifier')]) {
      expect(write(user, stored, { ...stored, text: 'Poprawka' }), user.id).toEqual(appendOnly);
      expect(write(user, stored, { ...stored, _deleted: true }), user.id).toEqual(appendOnly);
    }
    for (const path of ['text', 'authorId', 'recordId', '_deleted']) expect(canWritePath(actor('admin'), 'comments', stored, path), path).toBe(false);
  });

  it('[C2] created in one\'s own name by those who read the record; an operator on own records in orders open for them', () => {
    expect(write(actor('operator'), null, comment('operator-1'))).toEqual({ ok: true });
    expect(write(actor('verifier'), null, comment('verifier-1'))).toEqual({ ok: true });
    expect(write(actor('supervisor'), null, comment('supervisor-1'))).toEqual({ ok: true });
    expect(write(actor('coordinator'), null, comment('coordinator-1'))).toEqual({ ok: true });
    expect(write(actor('admin'), null, comment('admin-1'))).toEqual({ ok: true });
    const notBound = { ok: false, code: 'FORBIDDEN', issues: [{ field: 'orderId', code: 'permission.notBound' }] };
    expect(write(actor('operator'), null, comment('operator-1', 'operator-2'))).toEqual(notBound);
    expect(write(actor('operator'), null, comment('verifier-1'))).toEqual({ ok: false, code: 'FORBIDDEN', issues: [{ field: 'authorId', code: 'permission.owner' }] });
    expect(write(actor('principal'), null, comment('principal-1'))).toEqual(notBound); // principal of no order
    expect(write(unbound('verifier'), null, comment('verifier-9'))).toEqual(notBound);
    const closedFor: Actor = { ...actor('operator'), membership: { ...membershipOf('operator'), assignments: new Map([['o1', { role: 'operator', closed: true }]]) } };
    expect(write(closedFor, null, comment('operator-1'))).toEqual(notBound);
    // [P4][P8] a closed order takes no comment; a missing one answers as an order one does not work on.
    expect(write(actor('verifier'), null, comment('verifier-1'), 'closed')).toMatchObject({ ok: false, code: 'ORDER_CLOSED' });
    expect(write(actor('admin'), null, comment('admin-1'), null)).toEqual(notBound);
    expect(write(actor('operator'), null, { ...comment('operator-1'), _deleted: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
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
