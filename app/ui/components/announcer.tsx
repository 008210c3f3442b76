// The one announcer (policy: docs/announcements.md). Two live regions present and empty from page load:
// polite (role=status) for news that can wait, assertive (role=alert) only for what needs action now.
// While a modal dialog is open the page outside it leaves the accessibility tree, so the dialog carries
// its own pair of regions (<DialogLiveRegions/>) and messages go there until it closes.
import { createSignal, onMount, Show } from 'solid-js';
import { createAnnounceQueue, type Level } from '../announce-queue.ts';

/** The open modal dialogs, innermost last; messages go to the innermost one's regions. */
const [dialogs, setDialogs] = createSignal<readonly HTMLDialogElement[]>([]);
/** What each region shows, and where: null is the page's regions, else the dialog holding them. */
const [shown, setShown] = createSignal<Record<Level, { text: string; host: HTMLDialogElement | null; visible: boolean }>>({
  polite: { text: '', host: null, visible: true },
  assertive: { text: '', host: null, visible: true },
});
// Texts already on screen (a notice the page shows): the region says them without showing them twice.
const offScreen = new Set<string>();

const queue = createAnnounceQueue((level, text) => {
  const host = dialogs().at(-1) ?? null;
  setShown((now) => ({ ...now, [level]: { text, host, visible: !offScreen.has(text) } }));
});

/**
 * Says `message` politely (or assertively: only what needs action now), after what is being said.
 * `visible: false` when the page already shows the same text (the region then reads it, unseen).
 */
export function announce(message: string, options: { level?: Level; visible?: boolean } = {}): void {
  if (options.visible === false) offScreen.add(message);
  else offScreen.delete(message);
  queue.say(message, options.level ?? 'polite');
}

/**
 * A value other people or devices keep changing (today's count): said at most once a minute, the
 * latest value winning; `key` names the value (e.g. the order's counts); `onSaid` runs once it is said.
 */
export function announceLatest(key: string, message: string, onSaid?: () => void): void {
  queue.sayLatest(key, message, onSaid);
}

/** Says the value of `key` now (the user came back to it, or asked), restarting its minute. */
export function announceNow(key: string, message: string): void {
  queue.sayNow(key, message);
}

/** Forgets a coalesced value still waiting (its page was left: it is no longer news). */
export function forgetLatest(key: string): void {
  queue.drop(key);
}

/** Opens `dialog` as a modal; announcements go into its regions until it closes. */
export function showModal(dialog: HTMLDialogElement): void {
  dialog.showModal();
  setDialogs((open) => [...open.filter((d) => d !== dialog), dialog]);
  dialog.addEventListener('close', () => setDialogs((open) => open.filter((d) => d !== dialog)), { once: true });
}

/** `host`: the dialog the regions are in, null for the page's, undefined until known (shows nothing). */
function Regions(props: { host: () => HTMLDialogElement | null | undefined }) {
  const text = (level: Level) => {
    const now = shown()[level];
    return now.host === props.host() ? now.text : '';
  };
  const look = (level: Level) => (shown()[level].visible ? `announcer__message announcer__message--${level}` : 'visually-hidden');
  return (
    <>
      <div role="status" aria-live="polite" class="announcer">
        <Show when={text('polite')}>
          <p class={look('polite')}>{text('polite')}</p>
        </Show>
      </div>
      <div role="alert" class="announcer">
        <Show when={text('assertive')}>
          <p class={look('assertive')}>{text('assertive')}</p>
        </Show>
      </div>
    </>
  );
}

/** The page's regions: rendered once by the frame, under the header. */
export function Announcer() {
  return <Regions host={() => null} />;
}

/** A modal dialog's own regions: put one inside every dialog opened with showModal(). */
export function DialogLiveRegions() {
  const [host, setHost] = createSignal<HTMLDialogElement | null | undefined>(undefined);
  let anchor!: HTMLSpanElement;
  onMount(() => setHost(anchor.closest('dialog')));
  return (
    <>
      <span ref={anchor} hidden />
      <Regions host={host} />
    </>
  );
}
