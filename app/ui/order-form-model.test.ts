import { describe, expect, test } from 'vitest';
import type { Order } from '../../schemas/entities/order.ts';
import {
  checkOrderDraft, draftOfOrder, emptyOrderDraft, orderChanges, orderFieldsOf, parseTargetCount, toggleAttribute, type OrderDraft,
} from './order-form-model.ts';

const draft = (more: Partial<OrderDraft>): OrderDraft => ({ ...emptyOrderDraft(), name: 'Firmy mięsne', ...more });
const TODAY = '2026-03-10';

const order: Order = {
  id: 'o1', name: 'Firmy mięsne', instructions: 'NIP obowiązkowo', voivodeships: ['14'], area: '', targetCount: 500,
  deadline: '2026-01-31', principalId: 'p1', verificationRequired: true, attributeIds: ['a1'], status: 'open',
  createdBy: 'u', createdAt: 1, updatedAt: 1, fieldTimes: {},
};

describe('parseTargetCount', () => {
  test('a whole number with spaces between digit groups; empty means no target', () => {
    expect(parseTargetCount('1 500')).toBe(1500);
    expect(parseTargetCount(' 0 ')).toBe(0);
    expect(parseTargetCount('')).toBe(0);
    expect(parseTargetCount('12,5')).toBeNull();
    expect(parseTargetCount('-3')).toBeNull();
    expect(parseTargetCount('pięćset')).toBeNull();
  });
});

describe('checkOrderDraft', () => {
  test('a name is required; the target must be a whole number within the schema limit', () => {
    expect(checkOrderDraft(draft({ name: ' ', targetCount: '5,5' }), TODAY)).toEqual([
      { field: 'order-name', code: 'nameRequired' },
      { field: 'order-target', code: 'targetCount' },
    ]);
    expect(checkOrderDraft(draft({ targetCount: '10 000 001' }), TODAY)).toEqual([
      { field: 'order-target', code: 'targetCountMax', max: 10_000_000 },
    ]);
  });

  test('a deadline must be a real date, not set in the past; an old saved one can stay', () => {
    expect(checkOrderDraft(draft({ deadline: '2026-02-30' }), TODAY)).toEqual([{ field: 'order-deadline', code: 'deadline' }]);
    expect(checkOrderDraft(draft({ deadline: '2026-03-09' }), TODAY)).toEqual([{ field: 'order-deadline', code: 'deadlinePast' }]);
    expect(checkOrderDraft(draft({ deadline: '2026-03-09' }), TODAY, '2026-03-09')).toEqual([]);
    expect(checkOrderDraft(draft({ deadline: TODAY }), TODAY)).toEqual([]);
  });
});

describe('orderChanges', () => {
  test('an unchanged form writes nothing', () => {
    expect(orderChanges(order, orderFieldsOf(draftOfOrder(order)), false)).toEqual({});
  });

  test('only changed fields, normalised; voivodeships in TERYT order', () => {
    const next = orderFieldsOf({ ...draftOfOrder(order), voivodeships: ['14', '02'], targetCount: '1 000', attributeIds: ['a1', 'a2'] });
    expect(orderChanges(order, next, false)).toEqual({ voivodeships: ['02', '14'], targetCount: 1000, attributeIds: ['a1', 'a2'] });
  });

  test('a principal never sends principalId', () => {
    expect(orderChanges(order, orderFieldsOf({ ...draftOfOrder(order), principalId: '' }), true)).toEqual({});
  });
});

describe('toggleAttribute', () => {
  test('bound attributes keep their places, new ones follow', () => {
    expect(toggleAttribute(['b', 'a'], 'c', true)).toEqual(['b', 'a', 'c']);
    expect(toggleAttribute(['b', 'a'], 'b', false)).toEqual(['a']);
    expect(toggleAttribute(['b'], 'b', true)).toEqual(['b']);
  });
});
