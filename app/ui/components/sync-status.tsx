// The visible sync status in the header ("Zsynchronizowano", "Niewysłane: 2 rekordy") and its polite
// announcements (docs/announcements.md): offline, sync error with its reason in words, and "synced" only
// when it is news — after offline or an error was announced, or after the user asked to send [S17].
// An ordinary online save is not followed by "Zsynchronizowano": "Zapisano rekord" is enough.
import { createEffect, on, onCleanup, Show } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import { pendingCount, refusedCount, syncProblem, syncStatus } from '../../sync/status.ts';
import { announce } from './announcer.tsx';

// Status flips quickly while a push runs; only a state that holds this long is announced.
const SETTLE_MS = 800;

/** The error's reason, what to do, and that the records are safe; empty when there is no error. */
function problemText(): string {
  const problem = syncStatus() === 'error' ? syncProblem() : null;
  return problem ? `${t().syncProblems[problem]} ${t().syncSafe}` : '';
}

// "Zsynchronizowano" is owed after offline / an error was announced, or after the user asked to send.
let owed = false;

/** The user asked to send now ("Zostań i wyślij"): the result, "Zsynchronizowano", will be announced. */
export function requestSyncNews(): void {
  owed = true;
}

function useStatusAnnouncements(): void {
  // What was last announced: a status, and for an error its reason too (a new reason is news).
  let lastAnnounced = 'synced';
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on([syncStatus, syncProblem], ([status, problem]) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const key = status === 'error' ? `error:${problem ?? ''}` : status;
        if (status === 'syncing') return;
        if (status === 'synced') {
          if (owed) announce(t().announceSynced);
          owed = false;
        } else if (status === 'refused') {
          // The refused-changes notice announces the refusal itself; the status only stops saying "synced".
          owed = true;
        } else if (key !== lastAnnounced) {
          announce(status === 'offline' ? t().announceOffline : `${t().announceSyncError}. ${problemText()}`);
          owed = true;
        }
        lastAnnounced = key;
      }, SETTLE_MS);
    }),
  );
  onCleanup(() => clearTimeout(timer));
}

export function SyncStatusText() {
  useStatusAnnouncements();
  const label = () =>
    ({
      offline: t().syncOffline,
      syncing: t().syncSyncing,
      synced: t().syncSynced,
      refused: t().syncRefused(refusedCount()),
      error: t().syncError,
    })[syncStatus()];
  return (
    <p class="sync-status" id="sync-status">
      <span class="visually-hidden">{t().syncHidden} </span>
      <span class={`sync-status__state sync-status__state--${syncStatus()}`}>{label()}</span>
      <Show when={pendingCount() > 0}>
        {' '}
        <span class="sync-status__pending">{t().pending(pendingCount())}</span>
      </Show>
      <Show when={problemText()}>
        {' '}
        <span class="sync-status__problem">{problemText()}</span>
      </Show>
    </p>
  );
}
