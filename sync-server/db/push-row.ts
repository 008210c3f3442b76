// The decision for one pushed row, made in memory from what the batch read and locked: refuse, conflict, acknowledge, or write [S5–S10].
import type { Attribute } from '../../schemas/entities/attribute.ts';
import type { FieldIssue } from '../../schemas/protocol/errors.ts';
import { MAX_DOCUMENT_BYTES, type RefusedRow, type PushCollection } from '../../schemas/protocol/sync.ts';
import { jsonOver } from '../../schemas/protocol/utf8.ts';
import {
  changedPaths, clampFieldTimes, docsEqual, fieldValue, mergeDocs, sameDataIgnoringTimes, valuesEqual, type DocLike,
} from '../../schemas/rules/merge.ts';
import { checkCustomValues } from '../../schemas/entities/custom-values.ts';
import { SERVER_OWNED, checkWrite } from '../../schemas/rules/permissions.ts';
import { readerOf, type Actor } from '../../schemas/rules/scope.ts';
import { isPlainObject, unsafeJson } from './json-safety.ts';
import type { AuditEntry, Doc, LostEntry, StoredDoc } from './store.ts';
import { validateDocument } from './validate-doc.ts';
import { WIRE_V1, withStoredNotes } from './wire-v1.ts';
import { isId } from '../../schemas/entities/ids.ts';
import { tombstone } from '../../schemas/entities/tombstone.ts';

export interface PushContext {
  user: Actor;
  collection: PushCollection;
  /** The `x-kartoteka-device` header, '' when absent or malformed. */
  deviceId: string;
  /** Server time of this transaction, epoch ms. */
  now: number;
  /** The app's protocol; protocol-1 rows arrive already reshaped by wire-v1.ts [S12]. */
  protocol?: number;
}

export interface RowOutcome {
  /** A document for the response's conflicts: the stored state, only ever one the user may read [S6, S18]. */
  conflict?: Doc;
  refused?: RefusedRow;
  /** The document as stored by this row's write. */
  written?: Doc;
  /** Users whose scope this write changed (an order given to another principal). */
  scopeChanged?: string[];
}

/** An order's principal decides who sees it: a new or changed principal changes those users' scope. */
function principalsChanged(collection: PushCollection, before: Doc | null, after: Doc): string[] | undefined {
  if (collection !== 'orders' || before?.principalId === after.principalId) return undefined;
  return [before?.principalId, after.principalId].filter((id): id is string => typeof id === 'string' && id !== '');
}


/** Who created a stored document [P2]: a record's owner, a comment's, an order's or attribute's author. */
const creatorOf = (collection: PushCollection, doc: Doc): unknown =>
  collection === 'clients' ? doc.ownerId : collection === 'comments' ? doc.authorId : doc.createdBy;

/** Collections whose documents live in an order: its status decides whether they may change [P4, P8]. */
const IN_ORDER: ReadonlySet<PushCollection> = new Set(['clients', 'comments']);

/** A document past the JSON schema (or stored): it has `fieldTimes`, so the shared merge helpers take it. */
const replicated = (doc: Doc) => doc as Doc & DocLike;

export interface ParsedRow {
  id: string;
  /** newDocumentState with `_deleted` normalised to a boolean. */
  next: Doc;
  assumed: Doc | null;
  issues: FieldIssue[];
}

export function parseRow(collection: PushCollection, raw: unknown): ParsedRow {
  const state = isPlainObject(raw) ? raw.newDocumentState : undefined;
  if (!isPlainObject(raw) || !isPlainObject(state)) {
    return { id: '', next: {}, assumed: null, issues: [{ field: '', code: 'document.invalid' }] };
  }
  const id = isId(state.id) ? state.id : '';
  const assumed = isPlainObject(raw.assumedMasterState) ? raw.assumedMasterState : null;
  const { _deleted: deleted, ...fields } = state;
  const unsafe = unsafeJson(raw); // both states: assumedMasterState is compared deeply below
  const issues: FieldIssue[] = unsafe ? [unsafe] : [];
  if (raw.assumedMasterState != null && assumed === null) issues.push({ field: '', code: 'document.invalid' });
  if (deleted !== undefined && typeof deleted !== 'boolean') issues.push({ field: '_deleted', code: 'value.type' });
  // [S10] Size first: no other check need read a document too large to be carried in a push row.
  if (issues.length === 0 && jsonOver(JSON.stringify(state), MAX_DOCUMENT_BYTES)) issues.push({ field: '', code: 'document.tooLarge' });
  if (issues.length === 0) issues.push(...validateDocument(collection, fields));
  return { id, next: { ...fields, _deleted: deleted === true }, assumed, issues };
}

/** Per batch (its context): whether the user reads a document of the batch's collection, their buckets computed once [S3]. */
const readers = new WeakMap<PushContext, (doc: Doc) => boolean>();

function mayRead(ctx: PushContext, doc: Doc): boolean {
  let reads = readers.get(ctx);
  if (!reads) readers.set(ctx, (reads = readerOf(ctx.user, ctx.collection)));
  return reads(doc);
}

const withDeleted = (stored: StoredDoc): Doc => ({ ...stored.doc, _deleted: stored.deleted });

/** [S12] A protocol-1 row's states with the stored verdict's notes where the old app kept that verdict (wire-v1.ts). */
function withNotesOf(row: ParsedRow, stored: StoredDoc): ParsedRow {
  return { ...row, next: withStoredNotes(row.next, stored.doc), assumed: row.assumed && withStoredNotes(row.assumed, stored.doc) };
}

/** [P1] server-owned fields (and their edit times) keep the stored value, or start blank. */
function keepServerOwned(collection: PushCollection, next: Doc, stored: StoredDoc | null): Doc {
  const out: Doc = { ...next };
  const times = { ...(next.fieldTimes as Record<string, number>) };
  const storedTimes = (stored?.doc.fieldTimes ?? {}) as Record<string, number>;
  for (const [key, initial] of Object.entries(SERVER_OWNED[collection])) {
    out[key] = stored ? stored.doc[key] : initial;
    if (storedTimes[key] === undefined) delete times[key];
    else times[key] = storedTimes[key];
  }
  out.fieldTimes = times;
  return out;
}

/** The audit entries of a write: every changed field path (`changed`, as `changedPaths` gives them), and the deletion [S9]. */
function auditEntries(before: Doc | null, after: Doc, changed: readonly string[], deletedBefore: boolean, deletedAfter: boolean): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const path of changed) {
    const old = before ? fieldValue(replicated(before), path) : undefined;
    const value = fieldValue(replicated(after), path);
    // A new record's blank fields say nothing: audit what was typed.
    if (!before && (value === '' || value === undefined)) continue;
    entries.push({ path, old: old ?? null, new: value ?? null });
  }
  if (deletedBefore !== deletedAfter) entries.push({ path: '_deleted', old: deletedBefore, new: deletedAfter });
  return entries;
}

/**
 * [S19] The device's values that its merge of this conflict will discard for the server's: the same
 * shared merge the device runs (every path writable [M6]), so the history can show and restore them.
 * A lost entry's time is when the value was typed (clamped [M9]).
 */
function lostValues(assumed: Doc | null, current: Doc, next: Doc, now: number): LostEntry[] {
  const device = replicated(next);
  const merged = mergeDocs({ assumed: assumed && replicated(assumed), real: replicated(current), next: device });
  const times = device.fieldTimes ?? {};
  const entries: LostEntry[] = [];
  // Paths the device changed from what it last saw: an unchanged value is the assumed (stored) one.
  for (const path of changedPaths(assumed && replicated(assumed), device)) {
    const typed = fieldValue(device, path);
    const kept = fieldValue(merged, path);
    // A new record's blank fields say nothing (as in auditEntries): only what was typed can be lost.
    if (valuesEqual(typed, kept) || (!assumed && (typed === '' || typed === undefined))) continue;
    const typedAt = Object.hasOwn(times, path) ? times[path]! : now;
    entries.push({ path, old: kept ?? null, new: typed ?? null, at: Math.min(typedAt, now) });
  }
  return entries;
}

/**
 * What the rows of a batch may refer to, read once for the whole batch (push-batch.ts) before any
 * row is decided. None of it changes while the batch runs: a push of records or comments writes no
 * order, record of another collection or attribute, and one of orders no attribute.
 */
export interface BatchFacts {
  /** Live orders' statuses, share-locked: a close waits for the push, or the push sees it [P4]. */
  statuses: ReadonlyMap<string, string>;
  /** The attributes each order uses (its `attributeIds`), by id [V6]. */
  bound: ReadonlyMap<string, ReadonlyMap<string, Attribute>>;
  /** Live records' order and owner, share-locked (the records comments name) [C2]. */
  records: ReadonlyMap<string, { orderId: string; ownerId: string }>;
  /** Attribute ids that exist (those orders name). */
  attributes: ReadonlySet<string>;
}

/**
 * What the document refers to must fit the data beside it [V6]: a record's custom values the
 * attributes its order uses (required ones on a new record); an order's attributes must exist.
 */
function checkReferences(facts: BatchFacts, collection: PushCollection, next: Doc, stored: StoredDoc | null): FieldIssue[] {
  if (collection === 'clients') {
    const bound = facts.bound.get(String(next.orderId)) ?? new Map<string, Attribute>();
    const previous = stored?.doc.custom as Record<string, unknown> | undefined;
    return checkCustomValues(next.custom as Record<string, unknown>, bound, { creating: stored === null, ...(previous ? { previous } : {}) });
  }
  if (collection === 'comments') {
    // [C2] Only a new comment gets here (a stored one never changes [C1]). The record must be live and
    // the comment's order and owner its own. Asked only after the permission checks passed for the
    // comment's order and owner, so a record outside the caller's scope, which can never match
    // them, is answered exactly like a missing one [S18].
    const record = facts.records.get(String(next.recordId));
    const matches = record !== undefined && record.orderId === next.orderId && record.ownerId === next.ownerId;
    return matches ? [] : [{ field: 'recordId', code: 'comment.recordUnknown' }];
  }
  if (collection === 'orders') {
    const before = new Set((stored?.doc.attributeIds as string[] | undefined) ?? []);
    const added = (next.attributeIds as string[]).filter((id) => !before.has(id));
    return added.filter((id) => !facts.attributes.has(id)).map(() => ({ field: 'attributeIds', code: 'attribute.unknown' }));
  }
  return [];
}

/** A row's entry for the audit log: a `change` at the server's time [S9], or a `lost` value at its typing time [S19]. */
export interface LogEntry extends LostEntry {
  kind: 'change' | 'lost';
}

/** What one row decides; push-batch.ts carries out the writes and the logs of a whole batch at once. */
export interface RowDecision {
  outcome: RowOutcome;
  /** The row's document as it is to be stored (a new change position [S1]); absent when it writes nothing. */
  write?: StoredDoc;
  /** Its audit entries, in the order they are to be recorded. */
  entries: LogEntry[];
  /** Its entry in the refused-changes log [S8]. */
  refusal?: { code: RefusedRow['code']; issues: FieldIssue[]; doc: unknown };
}

/**
 * Decides one row against `found`, the stored row as this transaction holds it (locked by the
 * batch, or as an earlier row of the batch left it), and the batch's facts. Pure: the same inputs
 * give the same decision, so a row whose insert lost a race is simply decided again.
 */
export function decideRow(ctx: PushContext, parsed: ParsedRow, raw: unknown, found: StoredDoc | null, facts: BatchFacts): RowDecision {
  const { user, collection } = ctx;
  const rawDoc = isPlainObject(raw) ? raw.newDocumentState : raw;
  const refuse = (code: RefusedRow['code'], issues: FieldIssue[], conflict?: Doc): RowDecision => {
    const refused: RefusedRow = { id: parsed.id, code, issues };
    return { outcome: conflict ? { refused, conflict } : { refused }, entries: [], refusal: { code, issues, doc: rawDoc } }; // [S8]
  };
  if (parsed.id === '') return refuse('VALIDATION', parsed.issues.length ? parsed.issues : [{ field: 'id', code: 'document.invalid' }]);

  // [S18] A stored document the user may not read is answered as if its id were free: the same
  // checks and refusals a missing id gets, never a conflict document (one exception just below).
  const foundState = found && withDeleted(found);
  const stored = found && mayRead(ctx, foundState!) ? found : null;
  /** The stored state with `_deleted`, made once: read, compared and answered below. */
  const storedState = stored ? foundState : null;
  const row = ctx.protocol === WIRE_V1 && collection === 'clients' && stored ? withNotesOf(parsed, stored) : parsed;
  if (row.issues.length) return refuse('VALIDATION', row.issues, storedState ?? undefined); // [S10]
  // [S18] Except the user's own document (they created it: its id is no secret to them) that has
  // left their scope: answered with its removal, so a device re-sending it (a lost reply) lets it go.
  if (found && !stored && creatorOf(collection, found.doc) === user.id) {
    return refuse('FORBIDDEN', [{ field: '', code: 'record.outOfScope' }], tombstone(collection, row.id));
  }
  const next = keepServerOwned(collection, row.next, stored);
  if (stored && storedState) {
    const current = storedState;
    // [P1][S6] A row whose only change is the device's own edit of a server-owned field writes
    // nothing: answered like a refused change, with the stored copy, so the device takes the
    // server's value back. (A re-sent row merely older than a server-side change is no such edit.)
    const owned = Object.keys(SERVER_OWNED[collection]);
    // A re-sent creation (no assumed state) holds a new document's value, e.g. a duplicate flag set since [D2].
    const ownedChanged = owned.filter((key) => !valuesEqual(row.next[key], current[key])
      && !valuesEqual(row.next[key], row.assumed ? row.assumed[key] : SERVER_OWNED[collection][key]));
    // [C1][M9] A comment's creation time is clamped like an edit time: a later one re-sent is the same comment.
    const clamped = collection === 'comments' && Number(next.createdAt) > Number(current.createdAt) ? ['createdAt'] : [];
    const nothingElse = sameDataIgnoringTimes(replicated(next), replicated(current), [...owned, ...clamped]);
    if (ownedChanged.length && nothingElse) {
      return refuse('FORBIDDEN', ownedChanged.map((field) => ({ field, code: 'permission.field' })), current);
    }
    if (nothingElse) {
      // [S7] Already stored: no second effect. When only the edit times differ (the server clamped
      // them), the stored copy is announced again (a new position, no audit) so the device converges.
      return docsEqual(replicated(next), replicated(current)) ? { outcome: {}, entries: [] } : { outcome: {}, write: stored, entries: [] };
    }
    // [C1] A comment never conflicts: a stored one is final, and any difference is refused below.
    if (collection !== 'comments' && (!row.assumed || !docsEqual(replicated(row.assumed), replicated(current)))) {
      const lost = lostValues(row.assumed, current, next, ctx.now).map((e): LogEntry => ({ ...e, kind: 'lost' })); // [S19]
      return { outcome: { conflict: current }, entries: lost }; // [S5]
    }
  }
  const orderId = String((stored?.doc ?? next).orderId ?? '');
  const status = IN_ORDER.has(collection) ? facts.statuses.get(orderId) ?? null : null;
  // The changed field paths of a stored, live document, computed once: the permission check
  // reads them, and so does the audit below (`_deleted`, `fieldTimes`, `updatedAt` are no field paths).
  const changed = stored && !stored.deleted ? changedPaths(replicated(stored.doc), replicated(next)) : undefined;
  const verdict = checkWrite({ user, collection, stored: storedState, next, orderStatus: status, ...(changed ? { changed } : {}) });
  if (!verdict.ok) return refuse(verdict.code, verdict.issues, storedState ?? undefined); // [S6]
  const references = next._deleted === true ? [] : checkReferences(facts, collection, next, stored);
  if (references.length) return refuse('VALIDATION', references, storedState ?? undefined); // [V6]
  // [S18] Everything a free id would pass: only now may the answer differ, and it still carries nothing.
  if (found && !stored) return refuse('FORBIDDEN', [{ field: 'id', code: 'record.idTaken' }]);

  const deleted = next._deleted === true;
  const { _deleted: _, ...fields } = clampFieldTimes(replicated(next), ctx.now); // [M9]
  // [M9] Clamping changes no field path's value but a future `createdAt`: then the paths are computed again.
  const audited = changed && fields.createdAt === next.createdAt ? changed : changedPaths(stored && replicated(stored.doc), replicated(fields));
  const changes = auditEntries(stored?.doc ?? null, fields, audited, stored?.deleted ?? false, deleted)
    .map((e): LogEntry => ({ ...e, at: ctx.now, kind: 'change' })); // [S9]
  return {
    outcome: { written: fields, scopeChanged: principalsChanged(collection, stored?.doc ?? null, fields) },
    write: { doc: fields, deleted },
    entries: changes,
  };
}
