// The visible sync status in the header ("Zsynchronizowano", "Niewysłane: 2 rekordy") and its polite
// announcements: offline, sync error, and "synced" once records have gone out or the link came back.
import { createEffect, on, onCleanup, Show } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import { pendingCount, syncStatus, type SyncStatus } from '../../sync/status.ts';
import { announce } from './announcer.tsx';

// Status flips quickly while a push runs; only a state that holds this long is announced.
const SETTLE_MS = 800;

function useStatusAnnouncements(): void {
  let lastAnnounced: SyncStatus = 'synced';
  // "Zsynchronizowano" is owed after something was pending, or after offline / error was announced.
  let owed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(() => {
    if (pendingCount() > 0) owed = true;
  });
  createEffect(
    on(syncStatus, (status) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (status === 'syncing') return;
        if (status === 'synced') {
          if (owed) announce(t().announceSynced);
          owed = false;
        } else if (status !== lastAnnounced) {
          announce(status === 'offline' ? t().announceOffline : t().announceSyncError);
          owed = true;
        }
        lastAnnounced = status;
      }, SETTLE_MS);
    }),
  );
  onCleanup(() => clearTimeout(timer));
}

export function SyncStatusText() {
  useStatusAnnouncements();
  const label = () =>
    ({ offline: t().syncOffline, syncing: t().syncSyncing, synced: t().syncSynced, error: t().syncError })[syncStatus()];
  return (
    <p class="sync-status" id="sync-status">
      <span class="visually-hidden">{t().syncHidden} </span>
      <span class={`sync-status__state sync-status__state--${syncStatus()}`}>{label()}</span>
      <Show when={pendingCount() > 0}>
        {' '}
        <span class="sync-status__pending">{t().pending(pendingCount())}</span>
      </Show>
    </p>
  );
}
