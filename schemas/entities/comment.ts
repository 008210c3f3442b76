// A comment in a record's thread (operator, verifiers, supervisor): append-only, replicated in the
// record's own buckets, so it reaches exactly those who may read the record [C1–C4].

/**
 * `orderId` and `ownerId` are the record's, copied when the comment is written (both never change on a
 * record [P2]): they put the comment in the record's buckets without a join.
 */
export interface Comment {
  id: string;
  recordId: string;
  orderId: string;
  ownerId: string;
  authorId: string;
  text: string;
  createdAt: number;
  /** Always empty: a comment has no editable field; present so every replicated document merges alike. */
  fieldTimes: Record<string, number>;
}

/** Every field of a comment: all fixed at creation [C1]. */
export const COMMENT_FIELDS = ['id', 'recordId', 'orderId', 'ownerId', 'authorId', 'text', 'createdAt'] as const;

/** [C2] The longest comment. */
export const COMMENT_MAX_LENGTH = 2000;

const id = { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_-]{1,64}$' } as const;

export const commentSchema = {
  title: 'comments',
  description: 'comment threads on records, append-only',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id,
    recordId: id,
    orderId: id,
    ownerId: id,
    authorId: id,
    text: { type: 'string', minLength: 1, maxLength: COMMENT_MAX_LENGTH },
    createdAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
    fieldTimes: { type: 'object', maxProperties: 0 },
  },
  required: ['id', 'recordId', 'orderId', 'ownerId', 'authorId', 'text', 'createdAt', 'fieldTimes'],
  indexes: ['recordId', ['recordId', 'createdAt']],
} as const;
