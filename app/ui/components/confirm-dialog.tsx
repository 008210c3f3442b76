// A native modal <dialog> confirming a step that cannot be taken back lightly. "Anuluj" takes the first
// focus (Enter never confirms by accident); afterwards focus returns to the opener, or to where the
// step's outcome is (an error summary, a status line). It carries its own live regions: the page's are
// outside the modal, hence out of the accessibility tree, while it is open.
import { createSignal, type JSX } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import { DialogLiveRegions, showModal } from './announcer.tsx';

export interface ConfirmDialogControl {
  open(opener: HTMLElement): void;
}

export function ConfirmDialog(props: {
  id: string;
  /** Text, or text with user texts marked by `UserText` / `WithUserText` (a name in an English sentence). */
  title: JSX.Element;
  text: JSX.Element;
  confirmLabel: string;
  /** Takes the step; resolves with the element to focus instead of the opener, if any. */
  onConfirm: () => Promise<HTMLElement | undefined>;
  control: (control: ConfirmDialogControl) => void;
}) {
  const [busy, setBusy] = createSignal(false);
  let dialog!: HTMLDialogElement;
  let opener: HTMLElement | undefined;
  let focusAfter: HTMLElement | undefined;

  props.control({
    open(from) {
      opener = from;
      focusAfter = undefined;
      showModal(dialog);
    },
  });

  async function confirm(): Promise<void> {
    if (busy()) return;
    setBusy(true);
    try {
      focusAfter = await props.onConfirm();
    } finally {
      setBusy(false);
    }
    dialog.close();
  }

  /** Closed by confirming, "Anuluj" or Escape: focus goes back (the opener may be gone after the step). */
  function returnFocus(): void {
    const target = [focusAfter, opener].find((el) => el?.isConnected);
    focusAfter = undefined;
    target?.focus();
  }

  return (
    <dialog ref={dialog} id={props.id} class="dialog" aria-labelledby={`${props.id}-title`} aria-describedby={`${props.id}-text`} onClose={returnFocus}>
      <h2 id={`${props.id}-title`} class="dialog__title">
        {props.title}
      </h2>
      <p id={`${props.id}-text`}>{props.text}</p>
      <DialogLiveRegions />
      <div class="button-row">
        <button type="button" class="button button--warning" aria-disabled={busy() ? 'true' : undefined} onClick={() => void confirm()}>
          {props.confirmLabel}
        </button>
        <button type="button" class="button button--secondary" autofocus onClick={() => dialog.close()}>
          {t().cancel}
        </button>
      </div>
    </dialog>
  );
}
