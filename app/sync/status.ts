// The one sync status the UI reads: 'offline' | 'syncing' | 'synced' | 'error', plus the pending count.
import { createMemo, createRoot, createSignal } from 'solid-js';

export type SyncStatus = 'offline' | 'syncing' | 'synced' | 'error';

const [browserOnline, setBrowserOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine);
const [serverUnreachable, setServerUnreachable] = createSignal(false);
const [failing, setFailing] = createSignal(false);
const [outdated, setOutdated] = createSignal(false);
const [active, setActive] = createSignal<Record<string, boolean>>({});
const [pendingCount, setPendingCount] = createSignal(0);
const [running, setRunning] = createSignal(false);
// Set once every collection finished its first pull and push after start: until then a fresh start
// (pending count not read yet, nothing active yet) must not read as 'synced'.
const [initialDone, setInitialDone] = createSignal(false);

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => setBrowserOnline(true));
  window.addEventListener('offline', () => setBrowserOnline(false));
}

/**
 * Offline wins (nothing can be sent), then a failure (server error, app outdated), then work in
 * progress; 'synced' needs no pending records, so it never shows beside "Niewysłane: N".
 */
const syncStatus = createRoot(() =>
  createMemo<SyncStatus>(() => {
    if (!browserOnline() || serverUnreachable()) return 'offline';
    if (outdated() || failing()) return 'error';
    if (!running() || !initialDone() || Object.values(active()).some(Boolean) || pendingCount() > 0) return 'syncing';
    return 'synced';
  }),
);

export { syncStatus, pendingCount, outdated };

/** True when the browser itself reports no network: nothing can be sent, no point waiting. */
export const browserOffline = () => !browserOnline();

/** Setters for the sync engine only; the UI reads the signals above. */
export const statusInput = {
  setServerUnreachable,
  setFailing,
  setOutdated,
  setPendingCount,
  setRunning,
  setInitialDone,
  /** One replication (by collection) started or finished a cycle. */
  setActive(name: string, isActive: boolean) {
    setActive((current) => (current[name] === isActive ? current : { ...current, [name]: isActive }));
  },
  reset() {
    setServerUnreachable(false);
    setFailing(false);
    setActive({});
    setPendingCount(0);
    setRunning(false);
    setInitialDone(false);
  },
};
