// The verifier's queue as pure functions: which orders a verifier works on, the order records wait in,
// filters, counts, the record that comes after a verdict, and whether the user may judge at all
// (mirroring schemas/rules/permissions.ts, which the server enforces [P3]).
import type { Client, VerificationState } from '../../schemas/entities/client.ts';
import type { Order } from '../../schemas/entities/order.ts';
import type { Actor } from '../../schemas/rules/scope.ts';
import { nameCollator } from './format.ts';

/** An order's queue; with `operator`, the queue of that operator's records. */
export function queuePath(orderId: string, operator = ''): string {
  return `/zlecenie/${encodeURIComponent(orderId)}/weryfikacja${operator ? `?operator=${encodeURIComponent(operator)}` : ''}`;
}

/** The review of one record; `operator` keeps the queue's operator filter for "next" and "back". */
export function reviewPath(orderId: string, clientId: string, operator = ''): string {
  return `/zlecenie/${encodeURIComponent(orderId)}/weryfikacja/${encodeURIComponent(clientId)}${operator ? `?operator=${encodeURIComponent(operator)}` : ''}`;
}

/** What the queue reads of a record (an RxDocument or a plain Client fits). */
export type QueueRecord = Pick<Client, 'id' | 'name' | 'ownerId' | 'createdAt' | 'updatedAt'> & {
  verification: { state: VerificationState; at: number };
};

export const QUEUE_FILTERS = ['awaiting', 'all', 'corrected', 'rejected', 'approved'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];
export const isQueueFilter = (value: unknown): value is QueueFilter => (QUEUE_FILTERS as readonly unknown[]).includes(value);

export interface QueueSelection {
  state: QueueFilter;
  /** An owner's id; '' for every operator. */
  operator: string;
}

/** Records waiting for a verdict: never judged, or corrected by the operator after a rejection. */
export const awaitsVerdict = (state: VerificationState): boolean => state === 'unverified' || state === 'corrected';

// Corrected records come back first: their operator is waiting on the answer.
const RANK: Record<VerificationState, number> = { corrected: 0, unverified: 1, rejected: 2, approved: 2 };

/** A state's place in the queue: corrected, unverified, then the judged together (the device indexes it, list-index.ts). */
export const queueRank = (state: VerificationState): number => RANK[state];

/** The time a record has waited since, within its rank: corrected since the correction, new since entry, judged since the verdict. */
export function since(r: Pick<QueueRecord, 'createdAt' | 'updatedAt' | 'verification'>): number {
  switch (r.verification.state) {
    case 'corrected':
      return r.updatedAt;
    case 'unverified':
      return r.createdAt;
    default:
      return r.verification.at;
  }
}

/** Corrected first, then unverified, each oldest first; the judged after them by verdict time; ties by id. */
export function queueOrder<T extends QueueRecord>(records: readonly T[]): T[] {
  return [...records].sort(
    (a, b) => RANK[a.verification.state] - RANK[b.verification.state] || since(a) - since(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function matchesState(state: VerificationState, filter: QueueFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'awaiting') return awaitsVerdict(state);
  return state === filter;
}

/** The records the selection shows, in queue order. */
export function filterQueue<T extends QueueRecord>(records: readonly T[], selection: QueueSelection): T[] {
  return queueOrder(
    records.filter((r) => matchesState(r.verification.state, selection.state) && (selection.operator === '' || r.ownerId === selection.operator)),
  );
}

export interface QueueCounts {
  /** unverified + corrected */
  awaiting: number;
  unverified: number;
  corrected: number;
  approved: number;
  rejected: number;
  total: number;
}

export function queueCounts(records: readonly QueueRecord[]): QueueCounts {
  const counts: QueueCounts = { awaiting: 0, unverified: 0, corrected: 0, approved: 0, rejected: 0, total: records.length };
  for (const r of records) {
    const state = r.verification.state;
    counts[state] += 1;
    if (awaitsVerdict(state)) counts.awaiting += 1;
  }
  return counts;
}

export interface QueueOperator {
  id: string;
  name: string;
}

/**
 * The operators whose records the order holds, for the filter. A verifier's device holds no directory
 * entries of operators (schemas/rules/scope.ts), so a name comes from the directory, else from a
 * binding the device holds, else the id stands in.
 */
export function queueOperators(
  records: readonly QueueRecord[], directory: ReadonlyMap<string, string>, bindings: ReadonlyMap<string, string>,
): QueueOperator[] {
  return namedOperators(records.map((r) => r.ownerId), directory, bindings);
}

/** queueOperators of the owners' ids themselves (the queue page reads them by index, app/local-db/list-reader.ts). */
export function namedOperators(
  ownerIds: readonly string[], directory: ReadonlyMap<string, string>, bindings: ReadonlyMap<string, string>,
): QueueOperator[] {
  const owners = [...new Set(ownerIds)];
  return owners
    .map((id) => ({ id, name: directory.get(id) || bindings.get(id) || id }))
    .sort((a, b) => nameCollator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
}

/**
 * The record to review after a verdict on `currentId`: the next one waiting in queue order (of the
 * chosen operator, when one is chosen), wrapping round to the head so records skipped earlier come
 * back; never the current one. A record that did not wait leads to the head of the queue. Null when
 * nothing else waits.
 */
export function nextInQueue<T extends QueueRecord>(records: readonly T[], currentId: string, operator = ''): T | null {
  const ordered = queueOrder(
    records.filter((r) => (awaitsVerdict(r.verification.state) || r.id === currentId) && (operator === '' || r.ownerId === operator)),
  );
  const at = ordered.findIndex((r) => r.id === currentId);
  const after = at < 0 ? ordered : [...ordered.slice(at + 1), ...ordered.slice(0, at)];
  return after.find((r) => r.id !== currentId && awaitsVerdict(r.verification.state)) ?? null;
}

type VerifiableOrder = Pick<Order, 'id' | 'name' | 'verificationRequired'>;

/**
 * The orders on the verifier's list: administrators every order that requires verification, verifiers
 * those bound to them as verifier (also once closed for them: their records stay readable), by name.
 */
export function verifierOrders<T extends VerifiableOrder>(actor: Actor, orders: readonly T[]): T[] {
  const mine = (o: T) => actor.role === 'admin' || (actor.role === 'verifier' && actor.membership.assignments.get(o.id)?.role === 'verifier');
  return orders.filter((o) => o.verificationRequired && mine(o)).sort((a, b) => nameCollator.compare(a.name, b.name));
}

export type VerdictLock = 'no-verification' | 'order-closed' | 'closed-for-you' | 'no-right';

/**
 * Why the user may not judge records of this order, or null when they may: verdicts exist only in
 * orders with verification, never after a definitive close, and are given by administrators and
 * verifiers bound to the order and not closed for it (permissions.ts `verifies`).
 */
export function verdictLock(actor: Actor | null, order: Pick<Order, 'id' | 'status' | 'verificationRequired'>): VerdictLock | null {
  if (!order.verificationRequired) return 'no-verification';
  if (order.status === 'closed') return 'order-closed';
  if (actor?.role === 'admin') return null;
  const binding = actor?.role === 'verifier' ? actor.membership.assignments.get(order.id) : undefined;
  if (binding?.role !== 'verifier') return 'no-right';
  return binding.closed ? 'closed-for-you' : null;
}
