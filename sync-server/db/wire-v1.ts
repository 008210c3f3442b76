// Apps of protocol 1 are still served during a rolling update [S12]: their records' verdict travels as keys, and `comments` does not exist for them.
import { verdictAsKeys, verdictAsOneValue } from '../../schemas/entities/verdict-v1.ts';
import type { SyncCollection } from '../../schemas/protocol/sync.ts';
import { valuesEqual } from '../../schemas/rules/merge.ts';
import { isPlainObject } from './json-safety.ts';

type Doc = Record<string, unknown>;

/** The protocol whose apps this adapter serves. */
export const WIRE_V1 = 1;

/**
 * Whether a protocol-1 app knows the collection. `comments` came with protocol 2: to an old app it is
 * an unknown path (404), exactly what a protocol-1 server answered, and such an app never asks for it.
 */
export function knownToV1(collection: SyncCollection): boolean {
  return collection !== 'comments';
}

/** Documents leaving the server for a protocol-1 app (pulled documents, push conflicts): records' verdicts as keys. */
export function documentsForV1<T>(collection: SyncCollection, docs: readonly T[]): T[] {
  return collection === 'clients' ? docs.map((doc) => verdictAsKeys(doc)) : [...docs];
}

/**
 * Rows a protocol-1 app pushed, in the protocol-2 shape: both states' verdicts as one value (with no
 * notes yet: `withStoredNotes` completes them against the stored record). Anything that is not a
 * row of objects stays as sent, for the push's own validation to refuse [S10].
 */
export function rowsFromV1(collection: SyncCollection, rows: readonly unknown[]): unknown[] {
  if (collection !== 'clients') return [...rows];
  const shape = (state: unknown) => (isPlainObject(state) ? verdictAsOneValue(state) : state);
  return rows.map((row) =>
    isPlainObject(row) ? { ...row, newDocumentState: shape(row.newDocumentState), assumedMasterState: shape(row.assumedMasterState) } : row,
  );
}

const verdictOf = (doc: Doc): Doc | null => (isPlainObject(doc.verification) ? doc.verification : null);
const withoutNotes = ({ notes: _notes, ...rest }: Doc): Doc => rest;

/**
 * [S12] A protocol-1 app cannot see a verdict's notes, so its states never carry them. Its verdict
 * takes the stored verdict's notes when it is the stored verdict apart from notes (an edit of other
 * fields, or the assumed state), or the stored rejection moved to `corrected` (the old app's own
 * correction [P3]): an old app never erases notes it cannot see. Any other verdict is new, and its
 * (absent) notes stand.
 */
export function withStoredNotes(doc: Doc, stored: Doc): Doc {
  const pushed = verdictOf(doc);
  const kept = verdictOf(stored);
  if (!pushed || !kept || !isPlainObject(kept.notes) || Object.keys(kept.notes).length === 0) return doc;
  if (isPlainObject(pushed.notes) && Object.keys(pushed.notes).length > 0) return doc;
  const same = valuesEqual(withoutNotes(pushed), withoutNotes(kept));
  const correction = kept.state === 'rejected' && valuesEqual(withoutNotes(pushed), { ...withoutNotes(kept), state: 'corrected' });
  if (!same && !correction) return doc;
  return { ...doc, verification: { ...pushed, notes: kept.notes } };
}
