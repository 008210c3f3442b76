// Removal documents for records that left a user's scope: the id and schema-valid blanks, no data [S4]; shared by the server's pulls and the device's reset [S27].
import { emptyClient } from './client.ts';
import type { Order } from './order.ts';
import type { SyncCollection } from '../protocol/sync.ts';

export type Doc = Record<string, unknown>;

function blankOrder(id: string): Order {
  return {
    id,
    name: '-', // the schema's minLength 1: RxDB validates deleted documents too
    instructions: '',
    voivodeships: [],
    area: '',
    targetCount: 0,
    deadline: '',
    principalId: '',
    verificationRequired: false,
    attributeIds: [],
    status: 'open',
    createdBy: '',
    createdAt: 0,
    updatedAt: 0,
    fieldTimes: {},
  };
}

/** A deleted document that carries nothing but its id, valid against the collection's schema. */
export function tombstone(collection: SyncCollection, id: string): Doc {
  return { ...BLANKS[collection](id), _deleted: true };
}

const BLANKS: Record<SyncCollection, (id: string) => Doc> = {
  clients: (id) => ({ ...emptyClient({ id, orderId: '', ownerId: '', now: 0 }) }),
  orders: (id) => ({ ...blankOrder(id) }),
  assignments: (id) => ({
    id, orderId: '', userId: '', userName: '', role: 'operator', closed: false, closedAt: 0, closedBy: '', boundBy: '', updatedAt: 0,
  }),
  users: (id) => ({ id, name: '', role: 'operator', managerId: '', active: false, updatedAt: 0 }),
  comments: (id) => ({ id, recordId: id, orderId: id, ownerId: id, authorId: id, text: '-', createdAt: 0, fieldTimes: {} }),
  attributes: (id) => ({
    id, label: '-', labelEn: '', kind: 'text', required: false, hint: '', hintEn: '', choices: [], retired: false,
    createdBy: '', createdAt: 0, updatedAt: 0, fieldTimes: {},
  }),
};
