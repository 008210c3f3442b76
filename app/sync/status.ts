// The one sync status the UI reads: 'offline' | 'syncing' | 'synced' | 'refused' | 'error', why it is an
// error (in words, app/i18n), the pending count and the refused changes still listed.
import { createMemo, createRoot, createSignal } from 'solid-js';

export type SyncStatus = 'offline' | 'syncing' | 'synced' | 'refused' | 'error';
/**
 * Why the status is 'error' [S17]: the server failed a request, the app is outdated (426), the device
 * could not store what it received (storage full, a document its schema refuses), or anything else.
 */
export type SyncProblem = 'server' | 'outdated' | 'storageFull' | 'invalidData' | 'unknown';

const [browserOnline, setBrowserOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine);
const [serverUnreachable, setServerUnreachable] = createSignal(false);
const [failing, setFailing] = createSignal(false);
const [outdated, setOutdated] = createSignal(false);
const [active, setActive] = createSignal<Record<string, boolean>>({});
const [pendingCount, setPendingCount] = createSignal(0);
// Replication errors by collection, each kept until a later cycle of that collection ends cleanly.
const [problems, setProblems] = createSignal<Record<string, SyncProblem>>({});
// Changes the server refused [S8] that the user has not dismissed yet: the device is not "synced".
const [refusedCount, setRefusedCount] = createSignal(0);
const [running, setRunning] = createSignal(false);
// Set once every collection finished its first pull and push after start: until then a fresh start
// (pending count not read yet, nothing active yet) must not read as 'synced'.
const [initialDone, setInitialDone] = createSignal(false);

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => setBrowserOnline(true));
  window.addEventListener('offline', () => setBrowserOnline(false));
}

/** The reason shown with 'error': the app's own state first, then the first collection's. */
const syncProblem = createRoot(() =>
  createMemo<SyncProblem | null>(() => {
    if (outdated()) return 'outdated';
    if (failing()) return 'server';
    return Object.values(problems())[0] ?? null;
  }),
);

/**
 * Offline wins (nothing can be sent), then a failure (server error, app outdated, a replication
 * error), then work in progress, then refused changes; 'synced' needs no pending records and no
 * refused ones, so it never shows beside "Niewysłane: N" or a refused record [S17].
 */
const syncStatus = createRoot(() =>
  createMemo<SyncStatus>(() => {
    if (!browserOnline() || serverUnreachable()) return 'offline';
    if (syncProblem() !== null) return 'error';
    if (!running() || !initialDone() || Object.values(active()).some(Boolean) || pendingCount() > 0) return 'syncing';
    if (refusedCount() > 0) return 'refused';
    return 'synced';
  }),
);

export { syncStatus, syncProblem, pendingCount, refusedCount, outdated };

/** True when the browser itself reports no network: nothing can be sent, no point waiting. */
export const browserOffline = () => !browserOnline();

/** Setters for the sync engine only; the UI reads the signals above. */
export const statusInput = {
  setServerUnreachable,
  setFailing,
  setOutdated,
  setPendingCount,
  setRefusedCount,
  setRunning,
  setInitialDone,
  /** One replication (by collection) started or finished a cycle. */
  setActive(name: string, isActive: boolean) {
    setActive((current) => (current[name] === isActive ? current : { ...current, [name]: isActive }));
  },
  /** One replication (by collection) reported an error, or (null) finished a cycle without one. */
  setProblem(name: string, problem: SyncProblem | null) {
    setProblems((current) => {
      if ((current[name] ?? null) === problem) return current;
      const next = { ...current };
      if (problem === null) delete next[name];
      else next[name] = problem;
      return next;
    });
  },
  reset() {
    setServerUnreachable(false);
    setFailing(false);
    setActive({});
    setProblems({});
    setPendingCount(0);
    setRefusedCount(0);
    setRunning(false);
    setInitialDone(false);
  },
};
