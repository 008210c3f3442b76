// The benchmark's handle on the device's database (tests/bench/offline-push.ts): a day of offline edits made
// through the app's own write path, and the count of what still waits for the server. Loaded only when the
// benchmark set its key before the app started (bench-steps.ts); it gives a page script nothing it could not
// already do to the origin's IndexedDB.
import type { KartotekaDatabase } from './database.ts';
import { pendingIds } from './pending.ts';
import { editClient } from './writes.ts';

export interface BenchHook {
  /** Edits up to `n` records of the order one after another, as the record form saves them; ms taken. */
  editRecords(orderId: string, n: number, note: string): Promise<{ edited: number; ms: number }>;
  /** Records written on this device and not yet acknowledged by the server. */
  pendingRecords(): Promise<number>;
}

declare global {
  var kartotekaBench: BenchHook | undefined;
}

export function exposeForBench(db: KartotekaDatabase): void {
  globalThis.kartotekaBench = {
    async editRecords(orderId, n, note) {
      const ids = (await db.clients.find({ selector: { orderId } }).exec()).slice(0, n).map((doc) => doc.primary);
      const started = performance.now();
      for (const id of ids) await editClient(db, id, { notes: note, dataSource2: note });
      return { edited: ids.length, ms: performance.now() - started };
    },
    async pendingRecords() {
      return (await pendingIds(db, 'clients')).length;
    },
  };
}
