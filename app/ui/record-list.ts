// Solid glue for the records list read page by page (app/local-db/list-reader.ts): a signal that moves
// whenever a record of the order changes on this device (an edit, a verdict, a pull, another tab), so
// the page and the counts are read again, never the whole order.
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import type { KartotekaDatabase } from '../local-db/database.ts';

/** Changes arriving together (a pull writes a thousand records at once) are read once, this long after the first. */
const COALESCE_MS = 100;

/**
 * A counter raised (at most every COALESCE_MS) when a record of `orderId()` is written, moved or removed;
 * of any order when it gives undefined.
 */
export function useOrderChanges(db: Accessor<KartotekaDatabase | undefined>, orderId: Accessor<string | undefined>): Accessor<number> {
  const [version, setVersion] = createSignal(0);
  createEffect(() => {
    const database = db();
    const id = orderId();
    if (!database) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const subscription = database.clients.$.subscribe((event) => {
      if (timer !== undefined) return;
      if (id !== undefined && event.documentData?.orderId !== id && event.previousDocumentData?.orderId !== id) return;
      timer = setTimeout(() => {
        timer = undefined;
        setVersion((v) => v + 1);
      }, COALESCE_MS);
    });
    onCleanup(() => {
      subscription.unsubscribe();
      clearTimeout(timer);
    });
  });
  return version;
}
