// Fan-out of committed changes to the open streams: the interface, and the in-process notifier used with PGlite [S11].
import type { SyncCollection } from '../../schemas/protocol/sync.ts';

/**
 * changed: a commit touched these buckets of a collection (null: any bucket);
 * resync: events may have been lost (the fan-out reconnected), every device should pull;
 * closing: the server shuts down, streams end.
 */
export type ChangeEvent =
  | { kind: 'changed'; collection: SyncCollection; buckets: string[] | null }
  | { kind: 'resync' }
  | { kind: 'closing' };

/**
 * A pseudo-bucket in a `changed` event: the scope of this user changed (bound, unbound, moved,
 * deactivated); their streams reload it and tell the device to pull every collection.
 */
export const scopeBucket = (userId: string) => `scope:${userId}`;

export type Listener = (event: ChangeEvent) => void;

export interface Notifier {
  publish(event: ChangeEvent): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void;
  /** Open subscriptions: one per connected stream. */
  readonly listenerCount: number;
  /** Ends every stream ('closing') and releases the notifier's resources. */
  close(): Promise<void>;
}

/** The subscriber set both notifiers share; a throwing listener never stops the others. */
export class Listeners {
  readonly #set = new Set<Listener>();

  get size(): number {
    return this.#set.size;
  }

  add(listener: Listener): () => void {
    this.#set.add(listener);
    return () => void this.#set.delete(listener);
  }

  deliver(event: ChangeEvent, onError: (error: unknown) => void): void {
    for (const listener of [...this.#set]) {
      try {
        listener(event);
      } catch (error) {
        onError(error);
      }
    }
  }
}

/** One process, one database (PGlite): events go straight to this process's streams. */
export function createLocalNotifier(onError: (error: unknown) => void = () => {}): Notifier {
  const listeners = new Listeners();
  return {
    async publish(event) {
      listeners.deliver(event, onError);
    },
    subscribe: (listener) => listeners.add(listener),
    get listenerCount() {
      return listeners.size;
    },
    async close() {
      listeners.deliver({ kind: 'closing' }, onError);
    },
  };
}
