// "Wyloguj": signs out at once when nothing is pending; otherwise asks in a native modal <dialog> and
// only signs out once the records have reached the server, so nothing typed is ever lost.
import { createSignal } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { t } from '../../i18n/i18n.ts';
import { flushPending } from '../../sync/engine.ts';
import { signOut } from '../../sync/session.ts';
import { browserOffline, pendingCount } from '../../sync/status.ts';
import { announce, DialogLiveRegions, showModal } from './announcer.tsx';
import { requestSyncNews } from './sync-status.tsx';

const FLUSH_TIMEOUT_MS = 15_000;

export function LogoutButton() {
  const navigate = useNavigate();
  const [phase, setPhase] = createSignal<'idle' | 'sending' | 'blocked'>('idle');
  let opener!: HTMLButtonElement;
  let dialog!: HTMLDialogElement;
  let blockedText!: HTMLParagraphElement;

  async function finish(): Promise<void> {
    await signOut();
    navigate('/login', { replace: true });
  }

  function start(): void {
    if (pendingCount() === 0) {
      void finish();
      return;
    }
    setPhase('idle');
    showModal(dialog);
  }

  function stay(): void {
    dialog.close();
    // Try now rather than at the next retry tick; the status line shows how it goes, and "Zsynchronizowano"
    // is announced when it is done (the user asked for it).
    requestSyncNews();
    void flushPending(0);
  }

  async function logoutAnyway(): Promise<void> {
    setPhase('sending');
    // Offline the attempt fails at once and the problem takes focus: "sending" would be said after it.
    if (!browserOffline()) announce(t().logoutSending);
    const sent = await flushPending(FLUSH_TIMEOUT_MS);
    if (sent) {
      dialog.close();
      await finish();
      return;
    }
    setPhase('blocked');
    blockedText.focus();
  }

  return (
    <>
      <button type="button" class="button button--secondary" ref={opener} onClick={start}>
        {t().logout}
      </button>
      <dialog
        ref={dialog}
        class="dialog"
        aria-labelledby="logout-dialog-title"
        aria-describedby="logout-dialog-text"
        onClose={() => opener.focus()}
      >
        <h2 id="logout-dialog-title" class="dialog__title">
          {t().logoutDialogTitle}
        </h2>
        <p id="logout-dialog-text">{t().logoutDialogText(pendingCount())}</p>
        {/* "Wysyłanie rekordów…" is announced here, and shown by the same region. */}
        <DialogLiveRegions />
        <p ref={blockedText} tabindex="-1" class="dialog__problem" hidden={phase() !== 'blocked'}>
          {t().logoutBlocked}
        </p>
        <div class="button-row">
          <button type="button" class="button" onClick={stay}>
            {t().stayAndSend}
          </button>
          <button type="button" class="button button--secondary" onClick={() => void logoutAnyway()}>
            {t().logoutAnyway}
          </button>
        </div>
      </dialog>
    </>
  );
}
