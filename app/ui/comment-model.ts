// A record's comment thread as the UI needs it: who may write (the server's own rule), what the form
// refuses, how an author is named, and how many comments are unread [C2].
import { COMMENT_MAX_LENGTH } from '../../schemas/entities/comment.ts';
import { checkWrite } from '../../schemas/rules/permissions.ts';
import type { Actor } from '../../schemas/rules/scope.ts';

export type CommentBlock = 'order-closed' | 'closed-for-you' | 'no-right';

/**
 * Why the user may not add a comment to this record, or null when they may. Asks the server's own
 * check (checkWrite of a new comment), so the form is offered exactly when a push would be accepted.
 */
export function commentBlock(
  actor: Actor | null, record: { id: string; orderId: string; ownerId: string }, orderStatus: string | undefined,
): CommentBlock | null {
  if (!actor) return 'no-right';
  const next = {
    id: 'draft', recordId: record.id, orderId: record.orderId, ownerId: record.ownerId, authorId: actor.id,
    text: 'x', createdAt: 0, fieldTimes: {}, _deleted: false,
  };
  const verdict = checkWrite({ user: actor, collection: 'comments', stored: null, next, orderStatus });
  if (verdict.ok) return null;
  if (verdict.code === 'ORDER_CLOSED') return 'order-closed';
  const own = actor.membership.assignments.get(record.orderId);
  if (actor.role === 'operator' && record.ownerId === actor.id && own?.closed) return 'closed-for-you';
  return 'no-right';
}

export type TextProblem = { code: 'empty' } | { code: 'tooLong'; length: number };

/** What the comment form refuses on submit (GOV.UK: validate on submit, never clear the text). */
export function checkCommentText(text: string): TextProblem | null {
  const body = text.trim();
  if (body === '') return { code: 'empty' };
  if (body.length > COMMENT_MAX_LENGTH) return { code: 'tooLong', length: body.length };
  return null;
}

export type AuthorLabel = { kind: 'name'; name: string } | { kind: 'self' } | { kind: 'verifier' } | { kind: 'other' };

/**
 * How a comment's author is named. The device's directory holds only some users (an operator's own
 * account and manager), so a verifier is named by role, never by an unreadable id.
 */
export function authorOf(authorId: string, known: { me: string; names: ReadonlyMap<string, string>; verifierId: string }): AuthorLabel {
  const name = known.names.get(authorId);
  if (name) return { kind: 'name', name };
  if (authorId === known.me) return { kind: 'self' };
  if (authorId !== '' && authorId === known.verifierId) return { kind: 'verifier' };
  return { kind: 'other' };
}

/** Others' comments newer than the newest one the user has seen in the thread (`seen`, undefined: never opened). */
export function unreadCount(comments: readonly { authorId: string; createdAt: number }[], me: string, seen: number | undefined): number {
  return comments.filter((c) => c.authorId !== me && c.createdAt > (seen ?? -1)).length;
}
