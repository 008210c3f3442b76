// The page's single polite live region: status messages (saved, synced, offline) are announced once
// each without moving focus, and shown to sighted users as a short note under the header.
import { createSignal, Show } from 'solid-js';

const [text, setText] = createSignal('');
const queue: string[] = [];
let showingSince = 0;
let pumping: ReturnType<typeof setTimeout> | undefined;
let clearing: ReturnType<typeof setTimeout> | undefined;

// A message stays at least this long before the next replaces it, so a screen reader gets to it.
const MIN_SHOW_MS = 1_000;
// Then the region empties, which also lets the same message be announced again later.
const SHOW_MS = 8_000;
// The gap between emptying and the next text: a change the screen reader notices as new.
const REARM_MS = 50;

function pump(): void {
  if (pumping !== undefined || queue.length === 0) return;
  const wait = Math.max(0, showingSince + MIN_SHOW_MS - Date.now());
  pumping = setTimeout(() => {
    setText('');
    pumping = setTimeout(() => {
      pumping = undefined;
      const next = queue.shift();
      if (next === undefined) return;
      setText(next);
      showingSince = Date.now();
      clearTimeout(clearing);
      clearing = setTimeout(() => setText(''), SHOW_MS);
      pump();
    }, REARM_MS);
  }, wait);
}

/** Announces `text` politely, after any message still being shown; repeats are announced again. */
export function announce(message: string): void {
  queue.push(message);
  pump();
}

/** Rendered once, empty at page load; one message at a time (role=status reads it whole). */
export function Announcer() {
  return (
    <div role="status" aria-live="polite" class="announcer">
      <Show when={text()}>
        <p class="announcer__message">{text()}</p>
      </Show>
    </div>
  );
}
