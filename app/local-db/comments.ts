// The comment write path: a new comment in a record's thread, stored locally and marked pending like
// every other write, so it is written offline and pushed later [C1–C2].
import type { Client } from '../../schemas/entities/client.ts';
import { COMMENT_MAX_LENGTH, type Comment } from '../../schemas/entities/comment.ts';
import type { KartotekaDatabase } from './database.ts';
import { markedWrite, type Author } from './writes.ts';

/** The record a comment is written on: its order and owner put the comment in the record's buckets [C3]. */
export type CommentedRecord = Pick<Client, 'id' | 'orderId' | 'ownerId'>;

/**
 * Appends a comment by `author` to the record's thread. The form checks the text first (GOV.UK
 * messages); an empty or too long text reaching this point is a programming error and throws.
 */
export async function addComment(
  db: KartotekaDatabase, author: Author, record: CommentedRecord, text: string, now = Date.now(),
): Promise<Comment> {
  const body = text.trim();
  if (body === '') throw new Error('A comment cannot be empty');
  if (body.length > COMMENT_MAX_LENGTH) throw new Error(`A comment is too long (over ${COMMENT_MAX_LENGTH} characters)`);
  const comment: Comment = {
    id: crypto.randomUUID(),
    recordId: record.id,
    orderId: record.orderId,
    ownerId: record.ownerId,
    authorId: author.id,
    text: body,
    createdAt: now,
    fieldTimes: {},
  };
  await markedWrite(db, 'comments', comment.id, () => db.comments.insert(comment));
  return comment;
}
