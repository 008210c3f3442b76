// Solid glue for RxDB: the opened database as a resource, and RxJS observables (live queries) as signals.
import { createEffect, createResource, createSignal, onCleanup, type Accessor } from 'solid-js';
import type { Observable } from 'rxjs';
import { getDatabase, type KartotekaDatabase } from '../local-db/database.ts';
import { log } from '../log.ts';

/** The local database; undefined while it opens (a few ms after the first screen). */
export function useDatabase(): Accessor<KartotekaDatabase | undefined> {
  const [db] = createResource(getDatabase);
  return () => db();
}

/**
 * The latest value of an observable that may depend on signals (re-subscribed when they change).
 * `loaded` tells "no value yet" from "value is undefined/null" (a missing document).
 */
export function observe<T>(source: () => Observable<T> | undefined): { value: Accessor<T | undefined>; loaded: Accessor<boolean> } {
  const [value, setValue] = createSignal<T>();
  const [loaded, setLoaded] = createSignal(false);
  createEffect(() => {
    const observable = source();
    if (!observable) return;
    const subscription = observable.subscribe({
      next: (next) => {
        setValue(() => next);
        setLoaded(true);
      },
      error: (error: unknown) => log.warn('live query failed', error),
    });
    onCleanup(() => subscription.unsubscribe());
  });
  return { value, loaded };
}
