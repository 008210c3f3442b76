// /api/records/:id/history and /restore: a record's audit history, and an earlier value restored as a new audited change [H1–H4].
import { Hono } from 'hono';
import type { Client } from '../../schemas/entities/client.ts';
import { checkCustomValues } from '../../schemas/entities/custom-values.ts';
import { isId } from '../../schemas/entities/ids.ts';
import type { PublicUser } from '../../schemas/entities/user.ts';
import type { FieldIssue } from '../../schemas/protocol/errors.ts';
import {
  parseRestoreRequest, type HistoryEntry, type HistoryResponse, type RestoreRequest, type RestoreResponse,
} from '../../schemas/protocol/records.ts';
import { HISTORY_MESSAGES, canRestore, isRestorablePath, restoresAsRole, withRestoredValue } from '../../schemas/rules/history.ts';
import { fieldValue, type DocLike } from '../../schemas/rules/merge.ts';
import { PERMISSION_MESSAGES } from '../../schemas/rules/permissions.ts';
import { bucketsHolding, canRead } from '../../schemas/rules/scope.ts';
import { requireUser } from '../auth/require-user.ts';
import type { AppEnv, Deps } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import { flagDuplicates, lockIdentifiers } from '../db/duplicates.ts';
import { historyEntry, historyOf, orderOfRecord, orderStatusHint } from '../db/history.ts';
import { actorOf } from '../db/membership.ts';
import { boundAttributes, lockDoc, orderStatus, updateDoc, writeAudit, type Doc } from '../db/store.ts';
import { validateDocument } from '../db/validate-doc.ts';
import { ApiError } from '../errors.ts';
import { readJsonObject } from '../middleware/read-json.ts';
import { DEVICE_HEADER } from './sync.ts';

type Text = { pl: string; en: string };
const refusal = (code: 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'BAD_REQUEST', issue: FieldIssue, message?: Text) =>
  new ApiError(code, { issues: [issue], message: message ?? HISTORY_MESSAGES[issue.code] ?? PERMISSION_MESSAGES[issue.code]! });
/** [S31] A record the caller cannot read is answered exactly like a missing one. */
const recordNotFound = () => refusal('NOT_FOUND', { field: 'id', code: 'record.notFound' });

/** Identifiers decide duplicates: restoring one takes the order's identifier lock [D3]. */
const IDENTIFIER_PATHS: ReadonlySet<string> = new Set(['nip', 'regon']);

const like = (doc: Doc) => doc as Doc & DocLike;
const facts = (doc: Doc, deleted = false) => ({ orderId: String(doc.orderId), ownerId: String(doc.ownerId), _deleted: deleted });

interface Restored {
  record: Doc;
  /** Documents written, for the stream: the record and any record whose duplicate flag moved. */
  written: Doc[];
}

/**
 * One restore inside its transaction. Locks in the one order [S30]: the record's order (share: a
 * definitive close waits, or this sees it [P4]), the order's identifier lock when a NIP or REGON is
 * restored [D3], then the record row. The checks answer in a fixed order, so a foreign record is
 * refused before anything about it can show [S31].
 */
async function restore(tx: Queryable, user: PublicUser, input: { id: string; request: RestoreRequest; deviceId: string; now: number }): Promise<Restored> {
  const { id, request, now } = input;
  const orderId = isId(id) ? await orderOfRecord(tx, id) : null;
  const entry: HistoryEntry | null = orderId ? await historyEntry(tx, id, request.entryId) : null;
  const status = orderId ? await orderStatus(tx, orderId) : null;
  if (orderId && entry && IDENTIFIER_PATHS.has(entry.path)) await lockIdentifiers(tx, [orderId]);
  const stored = orderId ? await lockDoc(tx, 'clients', id) : null;
  const actor = await actorOf(tx, user);
  if (!stored || !canRead(actor, 'clients', stored.doc)) throw recordNotFound();
  if (!restoresAsRole(actor, facts(stored.doc))) throw refusal('FORBIDDEN', { field: '', code: 'permission.role' }, HISTORY_MESSAGES['restore.role']);
  if (!entry) throw refusal('NOT_FOUND', { field: 'entryId', code: 'history.entryNotFound' });
  if (status !== 'open') throw refusal('CONFLICT', { field: 'orderId', code: 'order.closed' }); // [P4]
  if (stored.deleted) throw refusal('CONFLICT', { field: '_deleted', code: 'record.deleted' }); // [M7]
  if (!isRestorablePath(entry.path)) throw refusal('BAD_REQUEST', { field: 'entryId', code: 'restore.path' });

  const current = stored.doc as unknown as Client;
  const next = withRestoredValue(current, entry.path, entry[request.which], now);
  // [H4] The value is already there: nothing to write, nothing to announce, the same answer.
  if (next === current) return { record: { ...stored.doc, _deleted: false }, written: [] };
  const doc = next as unknown as Doc;
  const bound = await boundAttributes(tx, current.orderId);
  const issues = [
    ...validateDocument('clients', doc),
    ...checkCustomValues(next.custom, bound, { creating: false, previous: current.custom }), // [V6]
  ];
  if (issues.length) throw new ApiError('BAD_REQUEST', { issues, message: HISTORY_MESSAGES['restore.invalid']! });

  await updateDoc(tx, 'clients', doc, false);
  const who = { collection: 'clients' as const, docId: id, userId: actor.id, deviceId: input.deviceId, at: now };
  const value = (d: Doc, path: string) => fieldValue(like(d), path) ?? null;
  await writeAudit(tx, who, [{ path: entry.path, old: value(stored.doc, entry.path), new: value(doc, entry.path) }], 'restore');
  // [P3] A rejected record the restore sent back to its verifier: that move is a change of its own.
  if (next.verification !== current.verification) {
    await writeAudit(tx, who, [{ path: 'verification', old: current.verification, new: next.verification }]);
  }
  const flagged = IDENTIFIER_PATHS.has(entry.path) ? await flagDuplicates(tx, [doc], now) : [];
  const latest = flagged.find((d) => d.id === id) ?? doc;
  return { record: { ...latest, _deleted: false }, written: [doc, ...flagged] };
}

export function recordRoutes(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser(deps));

  app.get('/:id/history', async (c) => {
    const id = c.req.param('id');
    const response: HistoryResponse = await deps.db.transaction(async (tx) => {
      const orderId = isId(id) ? await orderOfRecord(tx, id) : null;
      const stored = orderId ? await tx.query<{ doc: Doc; deleted: boolean }>('SELECT doc, deleted FROM clients WHERE id = $1', [id]) : null;
      const record = stored?.rows[0];
      const actor = await actorOf(tx, c.var.user);
      // [H2][S31] The read check of pulls: a record outside the scope is a missing record.
      if (!record || !canRead(actor, 'clients', record.doc)) throw recordNotFound();
      const status = await orderStatusHint(tx, String(record.doc.orderId));
      return { entries: await historyOf(tx, id), canRestore: canRestore(actor, facts(record.doc, record.deleted), status) };
    });
    return c.json(response);
  });

  app.post('/:id/restore', async (c) => {
    const request = parseRestoreRequest(await readJsonObject(c));
    if (Array.isArray(request)) throw new ApiError('BAD_REQUEST', { issues: request, message: HISTORY_MESSAGES['restore.body']! });
    const device = c.req.header(DEVICE_HEADER) ?? '';
    const input = { id: c.req.param('id'), request, deviceId: isId(device) ? device : '', now: deps.now() };
    const { record, written } = await deps.db.transaction((tx) => restore(tx, c.var.user, input));
    if (written.length > 0) {
      deps.logger.info('value restored', { recordId: input.id, entryId: request.entryId, by: c.var.user.id });
      // After commit, like a push: every device holding the record (and any record flagged with it) pulls.
      const buckets = new Set(written.flatMap((doc) => bucketsHolding('clients', doc)));
      await deps.notifier
        .publish({ kind: 'changed', collection: 'clients', buckets: [...buckets] })
        .catch((error: unknown) => deps.logger.warn('change notification failed', { error }));
    }
    const response: RestoreResponse = { record };
    return c.json(response);
  });

  return app;
}
