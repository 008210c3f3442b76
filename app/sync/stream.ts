// One EventSource per tab on /api/sync/stream; its "changed"/"resync" pokes become RxDB 'RESYNC' events.
import { Subject, type Observable } from 'rxjs';
import { SYNC_COLLECTIONS, type StreamMessage, type SyncCollection } from '../../schemas/protocol/sync.ts';
import { PROTOCOL_VERSION } from '../../schemas/protocol/version.ts';
import { log } from '../log.ts';
import { deviceId } from './device.ts';

export interface SyncStream {
  /** Per collection: 'RESYNC' whenever the server says that collection (or everything) changed. */
  resync$: Record<SyncCollection, Observable<'RESYNC'>>;
  /** Reopens a closed connection now (after coming back online). */
  reconnect(): void;
  close(): void;
}

export interface StreamHooks {
  /** The server closed the stream for good (e.g. 401 or 426): the caller checks the session. */
  onRefused(): void;
}

const RETRY_MS = [1_000, 5_000, 15_000, 30_000];

export function openSyncStream(hooks: StreamHooks): SyncStream {
  const subjects = Object.fromEntries(SYNC_COLLECTIONS.map((c) => [c, new Subject<'RESYNC'>()])) as Record<
    SyncCollection, Subject<'RESYNC'>
  >;
  let source: EventSource | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let closed = false;

  const resyncAll = () => SYNC_COLLECTIONS.forEach((c) => subjects[c].next('RESYNC'));

  function onMessage(event: MessageEvent<string>): void {
    let message: StreamMessage;
    try {
      message = JSON.parse(event.data) as StreamMessage;
    } catch {
      return; // not ours (a heartbeat comment never reaches here, a malformed line is ignored)
    }
    if (message.type === 'resync') resyncAll();
    else if (message.type === 'changed' && SYNC_COLLECTIONS.includes(message.collection)) subjects[message.collection].next('RESYNC');
  }

  function connect(): void {
    clearTimeout(retryTimer);
    if (closed) return;
    source?.close();
    // EventSource cannot send headers; the cookie authenticates, the query carries protocol and device.
    const query = new URLSearchParams({ protocol: String(PROTOCOL_VERSION), device: deviceId() });
    const current = new EventSource(`/api/sync/stream?${query}`, { withCredentials: true });
    source = current;
    current.onmessage = onMessage;
    current.onopen = () => {
      // Changes made while the connection was down are fetched by a pull; the server also says 'resync'.
      if (failures > 0) resyncAll();
      failures = 0;
    };
    current.onerror = () => {
      if (closed) return;
      failures++;
      // CONNECTING: the browser retries by itself. CLOSED: an HTTP error answer, which it never retries.
      if (current.readyState !== EventSource.CLOSED) return;
      log.info('sync stream closed by the server');
      hooks.onRefused();
      retryTimer = setTimeout(connect, RETRY_MS[Math.min(failures, RETRY_MS.length) - 1]);
    };
  }

  connect();
  return {
    resync$: subjects,
    reconnect: () => {
      if (!source || source.readyState === EventSource.CLOSED) connect();
    },
    close: () => {
      closed = true;
      clearTimeout(retryTimer);
      source?.close();
      SYNC_COLLECTIONS.forEach((c) => subjects[c].complete());
    },
  };
}
