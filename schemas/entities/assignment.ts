// An assignment (dowiązanie): a user bound to an order in a role, closable for that user; replicated pull-only.

/** The roles a user can be bound to an order in; principals own orders instead of being bound. */
export const ASSIGNMENT_ROLES = ['operator', 'supervisor', 'verifier', 'coordinator'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

export interface Assignment {
  /** `<orderId>:<userId>`: one binding per user and order. */
  id: string;
  orderId: string;
  userId: string;
  /** The bound user's name when bound or renamed, so an order's team reads without the directory. */
  userName: string;
  role: AssignmentRole;
  /** Closed for this user (a supervisor's per-operator close, or the cascade of a definitive close). */
  closed: boolean;
  closedAt: number;
  closedBy: string;
  boundBy: string;
  updatedAt: number;
}

export const assignmentId = (orderId: string, userId: string) => `${orderId}:${userId}`;

export const assignmentSchema = {
  title: 'assignments',
  description: 'users bound to orders (written by the server only)',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 129 },
    orderId: { type: 'string', maxLength: 64 },
    userId: { type: 'string', maxLength: 64 },
    userName: { type: 'string', maxLength: 200 },
    role: { type: 'string', enum: [...ASSIGNMENT_ROLES] },
    closed: { type: 'boolean' },
    closedAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
    closedBy: { type: 'string', maxLength: 64 },
    boundBy: { type: 'string', maxLength: 64 },
    updatedAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
  },
  required: ['id', 'orderId', 'userId', 'userName', 'role', 'closed', 'closedAt', 'closedBy', 'boundBy', 'updatedAt'],
} as const;
