// The persisted set of records written on this device and not yet acknowledged by the server, per
// collection, kept as RxDB local documents: it survives reloads and is wiped with the database.
import { combineLatest, map, Subject, type Observable } from 'rxjs';
import { PUSH_COLLECTIONS, type PushCollection, type SyncCollection } from '../../schemas/protocol/sync.ts';
import { docsEqual, type DocLike } from '../../schemas/rules/merge.ts';
import type { KartotekaDatabase } from './database.ts';
import { localDocument$ } from './local-document.ts';

type PendingData = { ids: string[] };

const localId = (collection: SyncCollection) => `pending-${collection}`;

/**
 * Read-modify-write of one pending set. `incrementalModify` retries on a revision conflict, so two tabs
 * marking and settling at once never lose each other's change.
 */
async function modify(
  db: KartotekaDatabase, collection: SyncCollection, change: (ids: Set<string>) => boolean, retried = false,
): Promise<void> {
  const id = localId(collection);
  const doc = await db.getLocal<PendingData>(id);
  if (doc) {
    await doc.incrementalModify((data) => {
      const ids = new Set(data.ids ?? []);
      return change(ids) ? { ids: [...ids] } : data;
    });
    return;
  }
  const ids = new Set<string>();
  if (!change(ids)) return;
  try {
    await db.insertLocal<PendingData>(id, { ids: [...ids] });
  } catch (error) {
    // Another tab created the set meanwhile: apply the change to its copy (once; else a real failure).
    if (retried) throw error;
    await modify(db, collection, change, true);
  }
}

/**
 * Marks a record as written locally; called by the write path before the record itself is written.
 * Resolves true when this call added the mark, false when the record was already waiting to be sent.
 */
export async function markPending(db: KartotekaDatabase, collection: SyncCollection, id: string): Promise<boolean> {
  let added = false;
  await modify(db, collection, (ids) => {
    // Asked again when the modify is retried: the answer is the last attempt's, the one stored.
    added = !ids.has(id);
    if (added) ids.add(id);
    return added;
  });
  return added;
}

/**
 * Puts the mark back after a successful write if it is gone: a push acknowledged meanwhile may have settled
 * the record's earlier change (it read the record before this write landed) and taken the mark this write
 * relied on. A mark put back for a state already pushed only over-counts until the next push or start.
 */
export async function keepMarked(db: KartotekaDatabase, collection: SyncCollection, id: string): Promise<void> {
  if (!(await pendingIds(db, collection)).includes(id)) await markPending(db, collection, id);
}

const toCheck = new Subject<{ collection: SyncCollection; id: string }>();

/**
 * Marks this tab's failed writes left in place (the record may hold a change another write made while
 * this one ran): the replicating tab settles each once the record's stored state is known to be pushed
 * (sync/pending-reconcile.ts); in another tab, the next start-up's reconciliation does.
 */
export const marksToCheck$: Observable<{ collection: SyncCollection; id: string }> = toCheck.asObservable();

/**
 * After a write that added the record's mark failed: a record absent from storage has nothing to send
 * (a failed creation), so the mark goes; a stored one keeps it — another tab's write of the same record
 * may have found the mark there, added none and been stored meanwhile — until it is checked.
 */
export async function markAfterFailedWrite(db: KartotekaDatabase, collection: PushCollection, id: string): Promise<void> {
  const [stored] = await db.collections[collection].storageInstance.findDocumentsById([id], true);
  if (stored) toCheck.next({ collection, id });
  else await settlePending(db, collection, [id]);
}

/** A record whose mark may go while its stored state is one of these (what was pushed; after a conflict, the merge RxDB stores next). */
export interface SettledState {
  id: string;
  states: readonly DocLike[];
}

/**
 * Clears the marks of records still in one of their settled states (or gone), then looks again: a save
 * that landed between the first look and the clearing found the mark there and added none, so it is
 * marked again (one landing after the second look puts its mark back itself: writes.ts `markedWrite`).
 * Either way no unsent edit is left unmarked.
 */
export async function settleUnchanged(db: KartotekaDatabase, collection: SyncCollection, rows: readonly SettledState[]): Promise<void> {
  const unchanged = async (of: readonly SettledState[]) => {
    if (of.length === 0) return [];
    const local = await db.collections[collection].storageInstance.findDocumentsById(of.map((row) => row.id), true);
    const byId = new Map(local.map((doc) => [(doc as { id: string }).id, doc as unknown as DocLike]));
    return of.filter((row) => {
      const current = byId.get(row.id);
      return !current || row.states.some((state) => docsEqual(current, state));
    });
  };
  const settled = await unchanged(rows);
  if (settled.length === 0) return;
  await settlePending(db, collection, settled.map((row) => row.id));
  const still = new Set((await unchanged(settled)).map((row) => row.id));
  for (const row of settled) if (!still.has(row.id)) await markPending(db, collection, row.id);
}

/** Removes records the server has acknowledged (or refused into its log), or that no longer exist. */
export function settlePending(db: KartotekaDatabase, collection: SyncCollection, settled: readonly string[]): Promise<void> {
  if (settled.length === 0) return Promise.resolve();
  return modify(db, collection, (ids) => settled.map((id) => ids.delete(id)).some(Boolean));
}

export async function pendingIds(db: KartotekaDatabase, collection: SyncCollection): Promise<readonly string[]> {
  const doc = await db.getLocal<PendingData>(localId(collection));
  return doc?.toJSON().data.ids ?? [];
}

/** How many documents of every collection the device writes wait for the server. */
export function pendingCount$(db: KartotekaDatabase): Observable<number> {
  const count = (collection: SyncCollection) =>
    localDocument$<PendingData>(db, localId(collection)).pipe(map((doc) => doc?.toJSON().data.ids.length ?? 0));
  return combineLatest(PUSH_COLLECTIONS.map(count)).pipe(map((counts) => counts.reduce((sum, n) => sum + n, 0)));
}
