// An order (zlecenie): a data-collection job with its brief, territory and custom attributes.
import type { FieldTimes } from './field-times.ts';

export const ORDER_STATUSES = ['open', 'closed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Order {
  id: string;
  name: string;
  instructions: string;
  /** TERYT codes of voivodeships, e.g. ['14'] for mazowieckie. */
  voivodeships: string[];
  /** Optional free text: powiat, city. */
  area: string;
  targetCount: number;
  /** ISO date (YYYY-MM-DD) or ''. */
  deadline: string;
  principalId: string;
  verificationRequired: boolean;
  attributeIds: string[];
  /** 'closed' is the definitive close; per-operator closes live in assignments. */
  status: OrderStatus;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  fieldTimes: FieldTimes;
}

export const orderSchema = {
  title: 'orders',
  description: 'data-collection orders',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_-]{1,64}$' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    instructions: { type: 'string', maxLength: 10000 },
    voivodeships: {
      type: 'array',
      maxItems: 16,
      uniqueItems: true,
      items: { type: 'string', pattern: '^(0[2468]|[12][02468]|3[02])$' },
    },
    area: { type: 'string', maxLength: 500 },
    targetCount: { type: 'integer', minimum: 0, maximum: 10000000 },
    deadline: { type: 'string', maxLength: 10, pattern: '^(\\d{4}-\\d{2}-\\d{2})?$' },
    principalId: { type: 'string', maxLength: 64 },
    verificationRequired: { type: 'boolean' },
    attributeIds: { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 64 } },
    status: { type: 'string', enum: [...ORDER_STATUSES] },
    createdBy: { type: 'string', maxLength: 64 },
    createdAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
    updatedAt: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
    fieldTimes: {
      type: 'object',
      maxProperties: 100,
      propertyNames: { pattern: '^[A-Za-z0-9_:-]{1,80}$' },
      additionalProperties: { type: 'number', minimum: 0 },
    },
  },
  required: [
    'id', 'name', 'instructions', 'voivodeships', 'area', 'targetCount', 'deadline', 'principalId',
    'verificationRequired', 'attributeIds', 'status', 'createdBy', 'createdAt', 'updatedAt', 'fieldTimes',
  ],
} as const;

export const ORDER_IMMUTABLE = ['id', 'createdBy', 'createdAt'] as const;
/** Fields only the server sets, with a new order's value [P1]: the status changes through the close endpoint. */
export const ORDER_SERVER_OWNED = { status: 'open' } as const;
