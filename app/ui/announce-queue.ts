// The announcement policy as timing rules (docs/announcements.md): two channels (polite, assertive), one
// message at a time per channel, the same text said once within a short window, and coalesced messages
// (live counts) said at most once per interval, the latest value winning. Pure: the caller shows the text.

export type Level = 'polite' | 'assertive';

/** A message stays at least this long before the next replaces it, so a screen reader gets to it. */
export const MIN_SHOW_MS = 1_000;
/** Then the region empties, which also lets the same message be announced again later. */
export const SHOW_MS = 8_000;
/** The gap between emptying and the next text: a change the screen reader notices as new. */
export const REARM_MS = 50;
/** The same text (same channel) within this window is said once. */
export const DEDUPE_MS = 2_000;
/** Coalesced messages (counts others change) are said at most once per this interval. */
export const COALESCE_MS = 60_000;

export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface AnnounceQueue {
  /** Says `text` on `level` after what is still being said there; a repeat inside DEDUPE_MS is dropped. */
  say(text: string, level?: Level): void;
  /**
   * Says the latest text of `key` at most once per `everyMs`: the first at once, later ones when the
   * interval has passed (only the newest survives the wait); `onSaid` runs when this text is said.
   */
  sayLatest(key: string, text: string, onSaid?: () => void, everyMs?: number): void;
  /** Says `text` now as the value of `key` (the user asked, or came back), restarting its interval. */
  sayNow(key: string, text: string): void;
  /** Forgets a waiting coalesced text (its page was left); true when one was waiting. */
  drop(key: string): boolean;
}

/** `show(level, text)` puts text into the level's region; '' empties it. */
export function createAnnounceQueue(show: (level: Level, text: string) => void, clock: Clock = realClock): AnnounceQueue {
  const channels = { polite: channel('polite'), assertive: channel('assertive') };

  function channel(level: Level) {
    const queue: string[] = [];
    let showing = '';
    let showingSince = -Infinity;
    let pumping: unknown;
    let clearing: unknown;
    const lastSaid = new Map<string, number>();

    function pump(): void {
      if (pumping !== undefined || queue.length === 0) return;
      const wait = Math.max(0, showingSince + MIN_SHOW_MS - clock.now());
      pumping = clock.setTimeout(() => {
        show(level, '');
        showing = '';
        pumping = clock.setTimeout(() => {
          pumping = undefined;
          const next = queue.shift();
          if (next === undefined) return;
          show(level, next);
          showing = next;
          showingSince = clock.now();
          lastSaid.set(next, showingSince);
          if (clearing !== undefined) clock.clearTimeout(clearing);
          clearing = clock.setTimeout(() => {
            clearing = undefined;
            showing = '';
            show(level, '');
          }, SHOW_MS);
          pump();
        }, REARM_MS);
      }, wait);
    }

    return {
      say(text: string): void {
        if (!text) return;
        const recently = clock.now() - (lastSaid.get(text) ?? -Infinity) < DEDUPE_MS;
        if (queue.includes(text) || recently || (showing === text && clock.now() - showingSince < DEDUPE_MS)) return;
        queue.push(text);
        pump();
      },
    };
  }

  const coalesced = new Map<string, { lastAt: number; pending?: { text: string; onSaid?: () => void }; timer?: unknown }>();

  function sayLatest(key: string, text: string, onSaid?: () => void, everyMs = COALESCE_MS): void {
    const state = coalesced.get(key) ?? { lastAt: -Infinity };
    coalesced.set(key, state);
    const due = state.lastAt + everyMs;
    if (clock.now() >= due && state.timer === undefined) {
      state.lastAt = clock.now();
      channels.polite.say(text);
      onSaid?.();
      return;
    }
    state.pending = { text, onSaid };
    state.timer ??= clock.setTimeout(() => {
      state.timer = undefined;
      const latest = state.pending;
      state.pending = undefined;
      if (latest === undefined) return;
      state.lastAt = clock.now();
      channels.polite.say(latest.text);
      latest.onSaid?.();
    }, due - clock.now());
  }

  function drop(key: string): boolean {
    const state = coalesced.get(key);
    if (state?.timer !== undefined) clock.clearTimeout(state.timer);
    const waiting = state?.pending !== undefined;
    if (state) {
      state.timer = undefined;
      state.pending = undefined;
    }
    return waiting;
  }

  return {
    say: (text, level = 'polite') => channels[level].say(text),
    sayLatest,
    sayNow(key, text) {
      drop(key);
      coalesced.set(key, { lastAt: clock.now() });
      channels.polite.say(text);
    },
    drop,
  };
}
