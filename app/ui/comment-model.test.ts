// Who may comment, what a comment form refuses, who wrote a comment, and unread counts [C2].
import { describe, expect, test } from 'vitest';
import { COMMENT_MAX_LENGTH } from '../../schemas/entities/comment.ts';
import type { Role } from '../../schemas/entities/user.ts';
import type { Actor } from '../../schemas/rules/scope.ts';
import { authorOf, checkCommentText, commentBlock, unreadCount } from './comment-model.ts';

const actor = (id: string, role: Role, bound: Record<string, { role: 'operator' | 'supervisor' | 'verifier'; closed?: boolean }> = {}, managed: string[] = []): Actor => ({
  id, role,
  membership: {
    assignments: new Map(Object.entries(bound).map(([orderId, a]) => [orderId, { role: a.role, closed: a.closed ?? false }])),
    managed: new Set(managed), principalOf: new Set(), managerId: '',
  },
});
const record = { id: 'r1', orderId: 'o1', ownerId: 'op' };

describe('commentBlock', () => {
  test('[C2] an operator comments on own records in orders open for them, not on others\' nor after their close', () => {
    expect(commentBlock(actor('op', 'operator', { o1: { role: 'operator' } }), record, 'open')).toBeNull();
    expect(commentBlock(actor('op2', 'operator', { o1: { role: 'operator' } }), record, 'open')).toBe('no-right');
    expect(commentBlock(actor('op', 'operator', { o1: { role: 'operator', closed: true } }), record, 'open')).toBe('closed-for-you');
  });

  test('[C2] verifiers bound to the order, supervisors of the owner and coordinators comment; nobody after a definitive close', () => {
    expect(commentBlock(actor('v', 'verifier', { o1: { role: 'verifier' } }), record, 'open')).toBeNull();
    expect(commentBlock(actor('v', 'verifier', {}), record, 'open')).toBe('no-right');
    expect(commentBlock(actor('s', 'supervisor', {}, ['op']), record, 'open')).toBeNull();
    expect(commentBlock(actor('c', 'coordinator'), record, 'open')).toBeNull();
    expect(commentBlock(actor('c', 'coordinator'), record, 'closed')).toBe('order-closed');
    expect(commentBlock(actor('op', 'operator', { o1: { role: 'operator' } }), record, 'closed')).toBe('order-closed');
  });

  test('signed out: no right', () => {
    expect(commentBlock(null, record, 'open')).toBe('no-right');
  });
});

describe('checkCommentText', () => {
  test('[C2] empty (or only spaces) and longer than the limit are refused; the limit itself is fine', () => {
    expect(checkCommentText('  \n ')).toEqual({ code: 'empty' });
    expect(checkCommentText('x'.repeat(COMMENT_MAX_LENGTH + 5))).toEqual({ code: 'tooLong', length: COMMENT_MAX_LENGTH + 5 });
    expect(checkCommentText(` ${'x'.repeat(COMMENT_MAX_LENGTH)} `)).toBeNull();
  });
});

describe('authorOf', () => {
  test('the directory name first, then "you", then the record\'s verifier, then someone else', () => {
    const names = new Map([['s', 'Stefan Opiekun'], ['me', 'Olek Operator']]);
    expect(authorOf('s', { me: 'me', names, verifierId: 'v' })).toEqual({ kind: 'name', name: 'Stefan Opiekun' });
    expect(authorOf('me', { me: 'me', names, verifierId: 'v' })).toEqual({ kind: 'name', name: 'Olek Operator' });
    expect(authorOf('me', { me: 'me', names: new Map(), verifierId: 'v' })).toEqual({ kind: 'self' });
    expect(authorOf('v', { me: 'me', names, verifierId: 'v' })).toEqual({ kind: 'verifier' });
    expect(authorOf('x', { me: 'me', names, verifierId: 'v' })).toEqual({ kind: 'other' });
  });
});

describe('unreadCount', () => {
  const comments = [
    { authorId: 'v', createdAt: 100 },
    { authorId: 'me', createdAt: 200 },
    { authorId: 'v', createdAt: 300 },
    { authorId: 's', createdAt: 400 },
  ];
  test('others\' comments newer than the newest one seen are unread; one\'s own never are', () => {
    expect(unreadCount(comments, 'me', undefined)).toBe(3);
    expect(unreadCount(comments, 'me', 300)).toBe(1);
    expect(unreadCount(comments, 'me', 400)).toBe(0);
    expect(unreadCount(comments, 'v', 200)).toBe(1);
  });
});
