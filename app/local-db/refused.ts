// Changes the server refused into its refused-changes log [S8], kept on the device until the user has read them.
import { map, type Observable } from 'rxjs';
import type { RefusedRow, SyncCollection } from '../../schemas/protocol/sync.ts';
import type { KartotekaDatabase } from './database.ts';
import { localDocument$ } from './local-document.ts';

export interface RefusedChange extends RefusedRow {
  collection: SyncCollection;
  /** What the user knows the record by (its name) when it was refused. */
  label: string;
  orderId: string;
  at: number;
  /** The document as the device pushed it: what the user typed stays on the device too [S8]. */
  doc?: unknown;
  /**
   * Refused by this device before sending (a document too large to send, S29): the server's log holds no
   * copy, so until it is read and dismissed it counts as unsent work (a refused session keeps the device).
   */
  onDevice?: true;
}

type RefusedData = { items: RefusedChange[] };

const LOCAL_ID = 'refused';
// A device offline for weeks could collect many; the newest ones matter, the server keeps all.
const MAX_KEPT = 200;

export async function recordRefused(db: KartotekaDatabase, changes: readonly RefusedChange[]): Promise<void> {
  if (changes.length === 0) return;
  // The same refusal of the same typed document (a re-sent push) is kept once; another typed
  // state of the same record is another refusal, and the values it holds are kept beside it.
  const key = (c: RefusedChange) => `${c.collection}:${c.id}:${JSON.stringify(c.doc ?? null)}`;
  const merge = (items: readonly RefusedChange[]) => {
    const fresh = new Set(changes.map(key));
    return [...items.filter((i) => !fresh.has(key(i))), ...changes].slice(-MAX_KEPT);
  };
  const doc = await db.getLocal<RefusedData>(LOCAL_ID);
  if (doc) await doc.incrementalModify((data) => ({ items: merge(data.items ?? []) }));
  else await db.upsertLocal<RefusedData>(LOCAL_ID, { items: merge([]) });
}

/** The refusals this device made itself, still kept: what the user typed exists nowhere else. */
export async function refusedOnDevice(db: KartotekaDatabase): Promise<RefusedChange[]> {
  const doc = await db.getLocal<RefusedData>(LOCAL_ID);
  return (doc?.toMutableJSON().data.items ?? []).filter((item) => item.onDevice === true);
}

export async function dismissRefused(db: KartotekaDatabase): Promise<void> {
  const doc = await db.getLocal<RefusedData>(LOCAL_ID);
  if (doc) await doc.incrementalModify(() => ({ items: [] }));
}

export function refused$(db: KartotekaDatabase): Observable<readonly RefusedChange[]> {
  return localDocument$<RefusedData>(db, LOCAL_ID).pipe(map((doc) => doc?.toMutableJSON().data.items ?? []));
}
