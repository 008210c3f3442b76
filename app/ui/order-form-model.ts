// The order form's model: the draft it edits, its checks on submit (the order schema's limits, a whole
// target count, a real deadline) and the fields an edit writes (only those that changed).
import type { Order } from '../../schemas/entities/order.ts';
import { orderSchema } from '../../schemas/entities/order.ts';
import { VOIVODESHIPS } from '../../schemas/entities/polish-identifiers.ts';
import { valuesEqual } from '../../schemas/rules/merge.ts';
import type { OrderFields } from '../local-db/writes.ts';

export interface OrderDraft {
  name: string;
  instructions: string;
  voivodeships: string[];
  area: string;
  /** As typed: '' means no target. */
  targetCount: string;
  /** YYYY-MM-DD or ''. */
  deadline: string;
  principalId: string;
  verificationRequired: boolean;
  attributeIds: string[];
}

export const ORDER_FIELD_IDS = {
  name: 'order-name', instructions: 'order-instructions', voivodeships: 'order-voivodeships', area: 'order-area',
  targetCount: 'order-target', deadline: 'order-deadline', principalId: 'order-principal',
  verificationRequired: 'order-verification', attributeIds: 'order-attributes',
} as const;
type Field = keyof typeof ORDER_FIELD_IDS;

export const ORDER_LIMITS = {
  name: orderSchema.properties.name.maxLength,
  instructions: orderSchema.properties.instructions.maxLength,
  area: orderSchema.properties.area.maxLength,
  targetCount: orderSchema.properties.targetCount.maximum,
};

export const emptyOrderDraft = (): OrderDraft => ({
  name: '', instructions: '', voivodeships: [], area: '', targetCount: '', deadline: '', principalId: '',
  verificationRequired: false, attributeIds: [],
});

export function draftOfOrder(order: Order): OrderDraft {
  return {
    name: order.name, instructions: order.instructions, voivodeships: [...order.voivodeships], area: order.area,
    targetCount: order.targetCount > 0 ? String(order.targetCount) : '', deadline: order.deadline,
    principalId: order.principalId, verificationRequired: order.verificationRequired, attributeIds: [...order.attributeIds],
  };
}

/** A whole number ≥ 0 as people type it ("1 500", "1500"); '' is 0 (no target); null when it is not one. */
export function parseTargetCount(text: string): number | null {
  const compact = text.replace(/[\s\u00A0]/g, '');
  if (compact === '') return 0;
  return /^\d{1,9}$/.test(compact) ? Number(compact) : null;
}

function realDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

export interface OrderIssue {
  field: string;
  code: 'nameRequired' | 'tooLong' | 'targetCount' | 'targetCountMax' | 'deadline' | 'deadlinePast';
  max?: number;
}

/**
 * The problems of a draft, in form order. `today` is the Warsaw day (YYYY-MM-DD); a deadline in the
 * past is refused only when it is being set, so an old order can still be edited.
 */
export function checkOrderDraft(draft: OrderDraft, today: string, savedDeadline = ''): OrderIssue[] {
  const found: OrderIssue[] = [];
  const tooLong = (field: Field, text: string, max: number) => {
    if ([...text].length > max) found.push({ field: ORDER_FIELD_IDS[field], code: 'tooLong', max });
  };
  if (draft.name.trim() === '') found.push({ field: ORDER_FIELD_IDS.name, code: 'nameRequired' });
  else tooLong('name', draft.name.trim(), ORDER_LIMITS.name);
  tooLong('instructions', draft.instructions.trim(), ORDER_LIMITS.instructions);
  tooLong('area', draft.area.trim(), ORDER_LIMITS.area);
  const target = parseTargetCount(draft.targetCount);
  if (target === null) found.push({ field: ORDER_FIELD_IDS.targetCount, code: 'targetCount' });
  else if (target > ORDER_LIMITS.targetCount) found.push({ field: ORDER_FIELD_IDS.targetCount, code: 'targetCountMax', max: ORDER_LIMITS.targetCount });
  const deadline = draft.deadline.trim();
  if (deadline !== '' && !realDate(deadline)) found.push({ field: ORDER_FIELD_IDS.deadline, code: 'deadline' });
  else if (deadline !== '' && deadline !== savedDeadline && deadline < today) found.push({ field: ORDER_FIELD_IDS.deadline, code: 'deadlinePast' });
  return found;
}

/** The fields to write, normalised; voivodeships in TERYT order whatever order they were ticked in. */
export function orderFieldsOf(draft: OrderDraft): Required<OrderFields> {
  return {
    name: draft.name.trim(),
    instructions: draft.instructions.trim(),
    voivodeships: VOIVODESHIPS.map((v) => v.code).filter((code) => draft.voivodeships.includes(code)),
    area: draft.area.trim(),
    targetCount: parseTargetCount(draft.targetCount) ?? 0,
    deadline: draft.deadline.trim(),
    principalId: draft.principalId,
    verificationRequired: draft.verificationRequired,
    attributeIds: [...new Set(draft.attributeIds)],
  };
}

/** Only the fields that differ from the order as the form loaded it; a principal never sends principalId. */
export function orderChanges(saved: Order, next: Required<OrderFields>, principal: boolean): Partial<OrderFields> {
  const changes: Partial<OrderFields> = {};
  for (const key of Object.keys(next) as (keyof OrderFields)[]) {
    if (principal && key === 'principalId') continue;
    if (!valuesEqual(next[key], saved[key])) (changes as Record<string, unknown>)[key] = next[key];
  }
  return changes;
}

/**
 * The attributes bound after the change: those already bound keep their places (the record form
 * shows them in this order), newly ticked ones follow in the order they are listed.
 */
export function toggleAttribute(bound: readonly string[], id: string, on: boolean): string[] {
  return on ? (bound.includes(id) ? [...bound] : [...bound, id]) : bound.filter((b) => b !== id);
}
