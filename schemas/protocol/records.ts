// Wire types of a record's history and restore: GET /api/records/:id/history, POST /api/records/:id/restore [H1–H4].
import type { FieldIssue } from './errors.ts';

/** Why an audit entry exists: an accepted change, a value that lost a same-field conflict [S19], or a restore. */
export type HistoryKind = 'change' | 'lost' | 'restore';

export interface HistoryEntry {
  /** The audit entry's id (decimal string). */
  id: string;
  /** Field path: `nip`, `custom:<attribute id>`, `verification`, `_deleted`. */
  path: string;
  /** The value before the change (for `lost`: the value that was kept instead). */
  old: unknown;
  /** The value the change wrote (for `lost`: the typed value that lost). */
  new: unknown;
  kind: HistoryKind;
  /** The author; '' for the server itself (a duplicate flag set or cleared [D2]). */
  userId: string;
  /** The author's display name, '' for the server itself or when the account is gone. */
  userName: string;
  /** Epoch ms: when the server accepted the change; for `lost`, when the discarded value was typed [S19]. */
  at: number;
}

/**
 * Every entry of the record, in the order the server recorded them (oldest first, by id): each
 * entry's `old` is the value the entries before it left. A `lost` entry's `at` may lie before its
 * neighbours' (it was typed offline), so times need not increase down the list.
 */
export interface HistoryResponse {
  entries: HistoryEntry[];
  /** May the caller restore values of this record (supervisor, coordinator, administrator; order not closed)? */
  canRestore: boolean;
}

/** Restore the value an entry holds on its side `which` into its field, as a new audited change. */
export interface RestoreRequest {
  entryId: string;
  which: 'old' | 'new';
}

/** An audit entry id: a positive decimal of at most 18 digits (a bigint, never past its range). */
const ENTRY_ID = /^[1-9][0-9]{0,17}$/;

/** The request checked at runtime [H4]: the request, or the issues of its fields (`value.type`). */
export function parseRestoreRequest(body: Record<string, unknown>): RestoreRequest | FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (typeof body.entryId !== 'string' || !ENTRY_ID.test(body.entryId)) issues.push({ field: 'entryId', code: 'value.type' });
  if (body.which !== 'old' && body.which !== 'new') issues.push({ field: 'which', code: 'value.type' });
  return issues.length ? issues : { entryId: body.entryId as string, which: body.which as 'old' | 'new' };
}

export interface RestoreResponse {
  /** The record as stored after the restore. */
  record: Record<string, unknown>;
}
